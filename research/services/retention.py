"""Governance each night: recordings past their delete-by date are flagged; re-identification data is cleared
after the study's retention date."""

from django.db import transaction
from django.utils import timezone

from ..models import Interview, InterviewPlacement, ParticipantLink, PseudonymKey, Study


@transaction.atomic
def recordings_flag_overdue(*, today=None) -> int:
    today = today or timezone.localdate()
    return Interview.objects.filter(recording_delete_by__lt=today, recording_deleted_on__isnull=True,
                                    recording_overdue_at__isnull=True).update(recording_overdue_at=timezone.now())


@transaction.atomic
def links_clear_expired(*, today=None) -> int:
    """Studies past their retention date lose every link to the platform and their pseudonym key, once."""
    today = today or timezone.localdate()
    studies = list(Study.objects.select_for_update().filter(retention_until__lt=today, links_cleared_at__isnull=True))
    cleared = 0
    for study in studies:
        cleared += ParticipantLink.objects.filter(participant__study=study).delete()[0]
        InterviewPlacement.objects.filter(interview__study=study).delete()
        PseudonymKey.objects.filter(study=study).delete()
        study.links_cleared_at = timezone.now()
        study.save(update_fields=["links_cleared_at"])
    return cleared
