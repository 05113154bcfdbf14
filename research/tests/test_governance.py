"""Each night: recordings past their delete-by date are flagged, re-identification data past retention is cleared."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from research.models import InterviewPlacement, ParticipantLink, PseudonymKey, Study, TranscriptImport
from research.tasks import nightly_governance
from research.tests import factories
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_task_is_scheduled_each_night():
    assert settings.CELERY_BEAT_SCHEDULE["research-governance"]["task"] == "research.tasks.nightly_governance"


def test_overdue_recordings_are_flagged_once_and_shown(client):
    study = factories.study()
    person = factories.participant(study)
    late = factories.interview(study, [person])
    late.recording_delete_by = timezone.localdate() - datetime.timedelta(days=1)
    late.save()
    done = factories.interview(study, [person])
    done.recording_delete_by, done.recording_deleted_on = late.recording_delete_by, timezone.localdate()
    done.save()
    assert nightly_governance.delay().get()["recordings_flagged"] == 1
    assert nightly_governance.delay().get()["recordings_flagged"] == 0
    late.refresh_from_db()
    assert late.recording_overdue_at is not None
    client.force_login(factories.lead_of(study))
    assert "Opnamen voorbij hun verwijderdatum" in client.get(reverse("research:study_detail", args=[study.slug])).content.decode()
    client.post(reverse("research:recording_deleted", args=[study.slug, late.code]))
    late.refresh_from_db()
    assert late.recording_overdue_at is None and late.recording_deleted_on == timezone.localdate()


def test_links_and_keys_are_cleared_after_the_retention_date_and_uploads_after_a_day():
    study = factories.study(retention_until=timezone.localdate() - datetime.timedelta(days=1))
    keep = factories.study(slug="loopt", lead=factories.lead_of(study), retention_until=timezone.localdate())
    for item in (study, keep):
        person = factories.participant(item)
        ParticipantLink.objects.create(participant=person, school=SchoolFactory())
        PseudonymKey.objects.create(study=item, original="Jan Jansen", replacement="[L01]")
        interview = factories.interview(item, [person])
    old = TranscriptImport.objects.create(interview=interview, created_by=factories.lead_of(study), source_format="txt",
                                          sha256="0" * 64, turns=[])
    TranscriptImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    fresh = TranscriptImport.objects.create(interview=interview, created_by=factories.lead_of(study), source_format="txt",
                                            sha256="0" * 64, turns=[])
    result = nightly_governance.delay().get()
    assert result == {"recordings_flagged": 0, "links_cleared": 1, "uploads_discarded": 1}
    assert not ParticipantLink.objects.filter(participant__study=study).exists()
    assert not PseudonymKey.objects.filter(study=study).exists()
    assert ParticipantLink.objects.filter(participant__study=keep).exists()
    assert Study.objects.get(pk=study.pk).links_cleared_at is not None
    assert list(TranscriptImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not InterviewPlacement.objects.filter(interview__study=study).exists()
    assert nightly_governance.delay().get()["links_cleared"] == 0
