import datetime
import itertools

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ambassadors import selectors, services
from ambassadors.models import TRANSITIONS, AmbassadorProfile, Status, StatusChange, VogStatus
from ambassadors.tests.factories import AmbassadorProfileFactory

pytestmark = pytest.mark.django_db

ALL_PAIRS = list(itertools.product(Status.values, Status.values))
LEGAL = [(a, b) for a, b in ALL_PAIRS if b in TRANSITIONS[Status(a)]]
ILLEGAL = [(a, b) for a, b in ALL_PAIRS if b not in TRANSITIONS[Status(a)]]


def prepared(status):
    """A profile in `status` that meets each next step's preconditions."""
    return AmbassadorProfileFactory(status=status, intake_at=timezone.now(), vog_status=VogStatus.RECEIVED
                                    if status in (Status.VOG_RECEIVED, Status.ACTIVE, Status.PAUSED) else VogStatus.NONE,
                                    vog_issued_on=timezone.localdate() if status in (Status.VOG_RECEIVED, Status.ACTIVE,
                                                                                     Status.PAUSED) else None)


@pytest.mark.parametrize("current,target", LEGAL)
def test_every_legal_transition_is_recorded(staff_user, current, target, django_capture_on_commit_callbacks):
    profile = prepared(current)
    with django_capture_on_commit_callbacks(execute=True):
        services.status_transition(profile_id=profile.pk, actor=staff_user, to_status=target, note="Reden",
                                   vog_issued_on=timezone.localdate())
    profile.refresh_from_db()
    assert profile.status == target
    change = StatusChange.objects.get(profile=profile)
    assert (change.from_status, change.to_status, change.actor) == (current, target, staff_user)


@pytest.mark.parametrize("current,target", ILLEGAL)
def test_every_illegal_transition_is_refused(staff_user, current, target):
    profile = prepared(current)
    with pytest.raises(ValidationError):
        services.status_transition(profile_id=profile.pk, actor=staff_user, to_status=target, note="Reden",
                                   vog_issued_on=timezone.localdate())
    profile.refresh_from_db()
    assert profile.status == current
    assert not StatusChange.objects.filter(profile=profile).exists()


def test_illegal_step_shows_a_message_on_the_page(client, staff_user):
    profile = prepared(Status.APPLIED)
    client.force_login(staff_user)
    response = client.post(reverse("ambassadors:staff_transition", args=[profile.pk]), {"to_status": "active"})
    assert response.status_code == 400
    assert "kan niet" in response.content.decode()


def test_decline_needs_a_reason_and_sends_a_kind_email(client, staff_user, django_capture_on_commit_callbacks):
    profile = prepared(Status.INTAKE_DONE)
    client.force_login(staff_user)
    url = reverse("ambassadors:staff_transition", args=[profile.pk])
    response = client.post(url, {"to_status": "declined", "note": ""})
    assert response.status_code == 400 and "Geef een reden" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"to_status": "declined", "note": "Er is in je regio nu geen school die past."})
    profile.refresh_from_db()
    assert profile.status == Status.DECLINED
    [message] = mail.outbox
    assert message.to == [profile.user.email]
    assert "Er is in je regio nu geen school die past." in message.body
    assert "Bedankt voor je interesse" in message.body


def test_vog_received_needs_an_issue_date_not_in_the_future(client, staff_user):
    profile = prepared(Status.VOG_REQUESTED)
    client.force_login(staff_user)
    url = reverse("ambassadors:staff_transition", args=[profile.pk])
    assert client.post(url, {"to_status": "vog_received"}).status_code == 400
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert client.post(url, {"to_status": "vog_received", "vog_issued_on": tomorrow}).status_code == 400
    response = client.post(url, {"to_status": "vog_received", "vog_issued_on": "2026-01-05",
                                 "vog_screening_profile": "45"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.vog_status == VogStatus.RECEIVED and str(profile.vog_issued_on) == "2026-01-05"


def test_vog_requested_records_the_request_date(staff_user):
    profile = prepared(Status.INTAKE_DONE)
    services.status_transition(profile_id=profile.pk, actor=staff_user, to_status=Status.VOG_REQUESTED)
    profile.refresh_from_db()
    assert profile.vog_status == VogStatus.REQUESTED and profile.vog_requested_on == timezone.localdate()


def test_active_needs_a_received_vog(staff_user):
    profile = AmbassadorProfileFactory(status=Status.VOG_RECEIVED, vog_status=VogStatus.NONE)
    with pytest.raises(ValidationError):
        services.status_transition(profile_id=profile.pk, actor=staff_user, to_status=Status.ACTIVE)


def test_planning_the_intake_talk_moves_an_applicant_and_emails_the_date_and_place(client, staff_user,
                                                                                 django_capture_on_commit_callbacks):
    profile = AmbassadorProfileFactory(status=Status.APPLIED)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ambassadors:staff_intake", args=[profile.pk]),
                               {"at": "2026-12-03T14:30", "by": staff_user.pk, "place": "Oudegracht 12, Utrecht",
                                "notes": "Neemt cv mee"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Status.INTAKE_PLANNED and profile.intake_by == staff_user
    assert profile.intake_place == "Oudegracht 12, Utrecht"
    [message] = mail.outbox
    assert "donderdag 3 december 2026, 14:30" in message.body
    assert "Waar: Oudegracht 12, Utrecht." in message.body


def test_a_moved_intake_talk_is_told_again_and_an_unchanged_one_is_not(client, staff_user,
                                                                      django_capture_on_commit_callbacks):
    profile = AmbassadorProfileFactory(status=Status.APPLIED)
    client.force_login(staff_user)
    url = reverse("ambassadors:staff_intake", args=[profile.pk])
    talk = {"at": "2026-12-03T14:30", "by": staff_user.pk, "place": "Online (Teams)", "notes": ""}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, talk)
        client.post(url, {**talk, "notes": "Alleen een notitie erbij"})  # nothing the ambassador needs to know
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**talk, "at": "2026-12-04T10:00"})
    assert len(mail.outbox) == 2 and "vrijdag 4 december 2026, 10:00" in mail.outbox[1].body


def test_the_intake_talk_needs_a_place(client, staff_user):
    profile = AmbassadorProfileFactory(status=Status.APPLIED)
    client.force_login(staff_user)
    response = client.post(reverse("ambassadors:staff_intake", args=[profile.pk]),
                           {"at": "2026-12-03T14:30", "by": staff_user.pk, "place": " ", "notes": "Via Teams"})
    assert response.status_code == 400
    assert 'value="2026-12-03T14:30"' in response.content.decode()  # what was typed is kept
    profile.refresh_from_db()
    assert profile.intake_at is None and profile.status == Status.APPLIED


def test_intake_with_a_bad_date_saves_nothing(client, staff_user):
    profile = AmbassadorProfileFactory(status=Status.APPLIED)
    client.force_login(staff_user)
    response = client.post(reverse("ambassadors:staff_intake", args=[profile.pk]), {"at": "volgende week", "notes": "x"})
    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.intake_at is None and profile.status == Status.APPLIED


def test_timeline_shows_who_and_when(client, staff_user):
    profile = prepared(Status.INTAKE_DONE)
    services.status_transition(profile_id=profile.pk, actor=staff_user, to_status=Status.VOG_REQUESTED)
    client.force_login(staff_user)
    body = client.get(reverse("ambassadors:staff_detail", args=[profile.pk])).content.decode()
    assert "VOG aangevraagd" in body and escape(staff_user.get_full_name()) in body


# --- The VOG rule at its boundaries --------------------------------------------------------------


@pytest.mark.parametrize("issued,start,counts", [
    ("2026-03-01", "2026-09-01", True),   # exactly 6 months before the start
    ("2026-02-28", "2026-09-01", False),  # one day older
    ("2026-09-01", "2026-09-01", True),   # issued on the start day
    ("2026-09-02", "2026-09-01", False),  # issued after the start: not for this placement
    ("2026-02-28", "2026-08-28", True),
    ("2026-02-28", "2026-08-29", False),  # end of February: valid until 28 August, as staff pages and matching say
])
def test_vog_counts_when_issued_at_most_n_months_before_the_start(issued, start, counts, settings):
    settings.VOG_MAX_AGE_MONTHS = 6
    profile = AmbassadorProfile(vog_status=VogStatus.RECEIVED, vog_issued_on=datetime.date.fromisoformat(issued))
    assert profile.vog_counts_on(datetime.date.fromisoformat(start)) is counts


def test_vog_rule_follows_the_setting(settings):
    profile = AmbassadorProfile(vog_status=VogStatus.RECEIVED, vog_issued_on=datetime.date(2026, 1, 1))
    settings.VOG_MAX_AGE_MONTHS = 12
    assert profile.vog_counts_on(datetime.date(2026, 12, 31))
    settings.VOG_MAX_AGE_MONTHS = 3
    assert not profile.vog_counts_on(datetime.date(2026, 4, 2))


def test_requested_vog_never_counts():
    profile = AmbassadorProfile(vog_status=VogStatus.REQUESTED, vog_issued_on=datetime.date(2026, 8, 1))
    assert not profile.vog_counts_on(datetime.date(2026, 9, 1))
    assert profile.vog_valid_until() is None


def test_profile_says_what_is_missing(settings):
    settings.VOG_MAX_AGE_MONTHS = 6
    profile = AmbassadorProfileFactory(status=Status.ACTIVE, vog_status=VogStatus.RECEIVED,
                                       vog_issued_on=datetime.date(2026, 1, 1))
    blockers = selectors.matching_blockers(profile, datetime.date(2026, 9, 1), selectors.grid(profile))
    assert any("is meer dan 6 maanden oud bij de start" in b for b in blockers)
    assert any("Geen beschikbaarheid" in b for b in blockers)


def test_each_screening_step_tells_the_ambassador_what_comes_next_once(staff_user, django_capture_on_commit_callbacks):
    from accounts.models import Message, MessageKind

    profile = AmbassadorProfileFactory(status=Status.APPLIED, user__first_name="Noor")
    steps = [(Status.INTAKE_PLANNED, "Je intakegesprek met de stichting", "/ambassadors/"),
             (Status.INTAKE_DONE, "Volgende stap: je verklaring omtrent het gedrag (VOG)", "/ambassadors/"),
             (Status.VOG_REQUESTED, "Je VOG is aangevraagd: rond de aanvraag af", "/ambassadors/"),
             (Status.VOG_RECEIVED, "Je VOG is binnen", "/ambassadors/availability/"),
             (Status.ACTIVE, "Je bent klaar om aan een school gekoppeld te worden", "/ambassadors/availability/")]
    profile.intake_at = timezone.now() + datetime.timedelta(days=3)
    profile.save()
    for status, subject, path in steps:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.status_transition(profile_id=profile.pk, actor=staff_user, to_status=status,
                                       vog_issued_on=timezone.localdate())
        [message] = mail.outbox
        assert message.subject == subject and f"http://127.0.0.1:8000{path}" in message.body, status
    # pausing and resuming is no new step: the ambassador is not told again that they are ready
    with django_capture_on_commit_callbacks(execute=True):
        profile = services.self_pause(profile=AmbassadorProfile.objects.get(pk=profile.pk), actor=profile.user)
        services.self_pause(profile=profile, actor=profile.user)
    assert len(mail.outbox) == 1
    notes = Message.objects.filter(kind=MessageKind.SCREENING_STEP, recipient=profile.user)
    assert notes.count() == 5 and set(notes.values_list("occasion", flat=True)) >= {"intake_done", "vog_requested"}
