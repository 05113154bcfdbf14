"""The nightly retention task does exactly what the privacy statement says, at the edge of each term.

The terms are written here as numbers (the defaults) and moved through the settings; a record whose term started on
the cutoff day itself is kept, one a day older is removed."""

import datetime
import io
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role, User
from accounts.tests.factories import UserFactory
from ambassadors.models import AmbassadorProfile, FriendInvitation, Status, StatusChange
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from reports.retention import RULES, apply_retention
from schools.models import Intake
from schools.tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 6, 15)


def at(months_ago, days_more=0):
    """Noon on the day `months_ago` months (and `days_more` days) before TODAY."""
    day = TODAY - relativedelta(months=months_ago) - datetime.timedelta(days=days_more)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def ambassador(status, last_step, ever_active=False):
    profile = AmbassadorProfileFactory(status=status)
    if ever_active:
        change = StatusChange.objects.create(profile=profile, from_status=Status.VOG_RECEIVED, to_status=Status.ACTIVE)
        StatusChange.objects.filter(pk=change.pk).update(at=last_step - datetime.timedelta(days=100))
    change = StatusChange.objects.create(profile=profile, from_status="", to_status=status)
    StatusChange.objects.filter(pk=change.pk).update(at=last_step)
    return profile.user


def erased(user) -> bool:
    user.refresh_from_db()
    return user.erased_at is not None


def test_the_defaults_are_the_terms_the_foundation_chose(settings):
    assert (settings.RETENTION_APPLICANT_MONTHS, settings.RETENTION_ENDED_AMBASSADOR_MONTHS,
            settings.RETENTION_INTAKE_MONTHS, settings.RETENTION_UNUSED_ACCOUNT_MONTHS,
            settings.RETENTION_FRIEND_INVITATION_MONTHS) == (12, 24, 24, 12, 6)


@pytest.mark.parametrize("status", [Status.APPLIED, Status.INTAKE_DONE, Status.VOG_RECEIVED, Status.DECLINED])
def test_applicants_who_never_became_active_are_erased_12_months_after_their_last_step(status):
    on_the_edge = ambassador(status, at(12))
    past = ambassador(status, at(12, days_more=1))
    assert apply_retention(TODAY)["applicants"] == 1
    assert not erased(on_the_edge) and erased(past)


@pytest.mark.parametrize("status", [Status.ENDED, Status.DECLINED])
def test_ambassadors_who_stopped_are_erased_24_months_after_their_last_step(status):
    on_the_edge = ambassador(status, at(24), ever_active=True)
    past = ambassador(status, at(24, days_more=1), ever_active=True)
    younger = ambassador(status, at(13), ever_active=True)  # past the applicants' term: they were active once
    assert apply_retention(TODAY)["ended_ambassadors"] == 1
    assert erased(past) and not erased(on_the_edge) and not erased(younger)


def test_active_and_paused_ambassadors_are_never_erased_by_the_task():
    keep = [ambassador(Status.ACTIVE, at(60), ever_active=True), ambassador(Status.PAUSED, at(60), ever_active=True)]
    for user in keep:
        User.objects.filter(pk=user.pk).update(password="!unusable", last_login=None, date_joined=at(60))
    apply_retention(TODAY)
    assert not any(erased(user) for user in keep)


def test_registrations_not_approved_lose_the_leaders_details_24_months_after_they_came_in():
    def intake(status, months, days_more=0):
        made = IntakeFactory(status=status, leader_name="Jeroen Bakker", support_request="Hulp bij rekenen")
        Intake.objects.filter(pk=made.pk).update(created_at=at(months, days_more))
        return made

    past = [intake(status, 24, days_more=1) for status in ("declined", "waitlisted", "submitted")]
    on_the_edge = intake("declined", 24)
    approved = intake("approved", 30)
    assert apply_retention(TODAY)["intakes"] == 3
    for item in past:
        item.refresh_from_db()
        assert (item.leader_name, item.leader_phone, item.support_request) == ("", "", "")
        assert item.leader_email.endswith(".invalid") and item.school_name  # the school's part stays
    for item in (on_the_edge, approved):
        item.refresh_from_db()
        assert item.leader_name == "Jeroen Bakker"
    assert apply_retention(TODAY)["intakes"] == 0  # done once


def test_accounts_never_used_are_erased_12_months_after_they_were_made():
    def account(months, days_more=0, **extra):
        user = UserFactory(role=Role.TEACHER, **extra)
        User.objects.filter(pk=user.pk).update(date_joined=at(months, days_more), last_login=None,
                                               password=extra.get("password", "!nooit-gekozen"))
        return user

    past = account(12, days_more=1)
    on_the_edge = account(12)
    used = account(20)
    User.objects.filter(pk=used.pk).update(last_login=at(19))
    with_password = UserFactory(role=Role.TEACHER)
    User.objects.filter(pk=with_password.pk).update(date_joined=at(20), last_login=None)
    assert apply_retention(TODAY)["unused_accounts"] == 1
    assert erased(past) and not erased(on_the_edge) and not erased(used) and not erased(with_password)


def test_friends_names_and_addresses_go_6_months_after_the_invitation():
    profile = ActiveAmbassadorFactory()
    past = FriendInvitation.objects.create(profile=profile, name="Oud", email="oud@example.nl")
    kept = FriendInvitation.objects.create(profile=profile, name="Rand", email="rand@example.nl")
    FriendInvitation.objects.filter(pk=past.pk).update(sent_at=at(6, days_more=1))
    FriendInvitation.objects.filter(pk=kept.pk).update(sent_at=at(6))
    assert apply_retention(TODAY)["friend_invitations"] == 1
    assert list(FriendInvitation.objects.values_list("name", flat=True)) == ["Rand"]


def test_a_term_is_a_setting_and_the_task_and_the_statement_both_follow_it(client, settings):
    settings.RETENTION_APPLICANT_MONTHS = 3
    user = ambassador(Status.APPLIED, at(3, days_more=1))
    body = client.get(reverse("privacy")).content.decode()
    assert "Aanmelders die nooit actief werden (nog in de screening, of afgewezen): 3 maanden na hun laatste stap" in body
    apply_retention(TODAY)
    assert erased(user)


def test_the_statement_lists_every_rule_the_task_applies(client):
    body = client.get(reverse("privacy")).content.decode()
    for rule in RULES:
        assert rule.describe().replace("'", "&#x27;") in body, rule.key
    assert "Elke nacht" in body


def test_a_dry_run_counts_and_changes_nothing_and_the_command_speaks_json():
    user = ambassador(Status.APPLIED, at(13))
    out = io.StringIO()
    call_command("apply_retention", "--date", TODAY.isoformat(), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["removed"]["applicants"] == 1 and data["dry_run"] and data["total"] >= 1
    assert not erased(user) and not AuditEvent.objects.filter(action="retention.applied").exists()
    call_command("apply_retention", "--date", TODAY.isoformat(), stdout=io.StringIO())
    assert erased(user)
    assert AuditEvent.objects.get(action="retention.applied").details["applicants"] == 1


def test_the_task_runs_every_night(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert schedule["task"] == "reports.tasks.apply_retention"
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({2}, {30})


def test_a_bad_date_is_a_clear_error():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("apply_retention", "--date", "gisteren")
    assert AmbassadorProfile.objects.count() == 0
