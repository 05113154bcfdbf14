"""Every lock of ambassadors, with the race it prevents made to happen (see accounts/tests/races.py)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from accounts.tests.races import failed, race, racing, refused  # noqa: F401 - racing is a fixture
from ambassadors import services
from ambassadors.models import AmbassadorProfile, Status, StatusChange
from ambassadors.tests.factories import AmbassadorProfileFactory

pytestmark = [pytest.mark.race, pytest.mark.usefixtures("racing")]


def test_two_staff_declining_one_applicant_decline_once_and_mail_once():
    profile = AmbassadorProfileFactory()
    staff = [UserFactory(role=Role.STAFF), UserFactory(role=Role.STAFF)]

    def decline(actor):
        return lambda: services.status_transition(profile_id=profile.pk, actor=actor, to_status=Status.DECLINED,
                                                  note="Past niet bij ons")

    first, second = race(decline(staff[0]), decline(staff[1]), pause_after=(AmbassadorProfile, "save"))
    assert not failed(first) and refused(second)
    assert StatusChange.objects.filter(profile=profile, to_status=Status.DECLINED).count() == 1
    assert len(mail.outbox) == 1


def test_planning_an_intake_talk_while_declining_plans_nothing():
    profile = AmbassadorProfileFactory()
    staff = UserFactory(role=Role.STAFF)
    at = timezone.now() + datetime.timedelta(days=3)
    first, second = race(
        lambda: services.status_transition(profile_id=profile.pk, actor=staff, to_status=Status.DECLINED, note="Nee"),
        lambda: services.intake_plan(profile_id=profile.pk, actor=staff, at=at, by=staff),
        pause_after=(AmbassadorProfile, "save"))
    assert not failed(first) and refused(second)
    profile.refresh_from_db()
    assert profile.status == Status.DECLINED and profile.intake_at is None
