"""In-app notifications (the bell, the list, read and open), the choice of e-mails, and the staff page of messages."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Message, MessageKind, MessagePreference, Role

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def notify(user, *, subject="Een voorstel wacht op je antwoord", kind=MessageKind.PROPOSAL_WAITING, read=False,
           link="http://127.0.0.1:8000/matching/proposals/4/answer/", state=Message.State.SENT, **fields):
    from django.utils import timezone

    return Message.objects.create(
        kind=kind, about="matching.proposal:4", occasion=fields.pop("occasion", subject), recipient=user,
        to_email=user.email, language="nl", subject=subject, body_text=fields.pop("body_text", "Beste Jeroen,"),
        link=link, state=state, read_at=timezone.now() if read else None,
        next_attempt_at=timezone.now() if state == Message.State.PENDING else None, **fields)


# --- The bell -------------------------------------------------------------------------------------------


def test_every_page_shows_the_bell_with_the_unread_count(client, leader_user):
    notify(leader_user, subject="Eén")
    notify(leader_user, subject="Twee")
    notify(leader_user, subject="Gelezen", read=True)
    notify(UserFactory(role=Role.SCHOOL_LEADER), subject="Van een ander")
    client.force_login(leader_user)
    for url in (reverse("schools:school_detail", args=[leader_user.schools.get().pk]), reverse("privacy")):
        body = client.get(url).content.decode()
        assert 'id="notification-bell"' in body
        assert '<span class="badge rounded-pill notification-count" aria-hidden="true">2</span>' in body
        assert "Meldingen, 2 ongelezen" in body


def test_no_bell_for_visitors_and_no_badge_when_all_is_read(client, leader_user):
    assert 'id="notification-bell"' not in client.get(reverse("home")).content.decode()
    notify(leader_user, read=True)
    client.force_login(leader_user)
    body = client.get(reverse("privacy")).content.decode()
    assert 'id="notification-bell"' in body and "notification-count" not in body and "Meldingen, 0 ongelezen" in body


# --- The list, read and open ----------------------------------------------------------------------------


def test_the_list_shows_only_ones_own_notifications_newest_first(client, leader_user):
    notify(leader_user, subject="Eerste melding")
    notify(leader_user, subject="Tweede melding")
    notify(UserFactory(role=Role.SCHOOL_LEADER), subject="Melding van een ander")
    client.force_login(leader_user)
    body = client.get(reverse("accounts:notification_list")).content.decode()
    assert body.index("Tweede melding") < body.index("Eerste melding")
    assert "Melding van een ander" not in body


def test_a_secret_link_is_never_shown_in_the_app(client, leader_user):
    notify(leader_user, subject="Kies je wachtwoord", kind=MessageKind.INVITATION, sensitive=True,
           body_text="Kies je wachtwoord: http://127.0.0.1:8000/accounts/invite/MQ/geheim/")
    client.force_login(leader_user)
    body = client.get(reverse("accounts:notification_list")).content.decode()
    assert "Kies je wachtwoord" in body and "geheim" not in body


def test_mark_one_and_mark_all_as_read(client, leader_user):
    first, second, third = (notify(leader_user, subject=f"Melding {n}") for n in range(3))
    client.force_login(leader_user)
    response = client.post(reverse("accounts:notification_read", args=[first.pk]), {"page": "1"})
    assert response.status_code == 302 and response.url == reverse("accounts:notification_list") + "?page=1"
    assert Message.objects.filter(recipient=leader_user, read_at__isnull=True).count() == 2
    client.post(reverse("accounts:notification_read_all"))
    assert Message.objects.filter(recipient=leader_user, read_at__isnull=True).count() == 0


def test_opening_a_notification_marks_it_read_and_goes_where_the_reader_acts(client, leader_user):
    message = notify(leader_user, link="http://127.0.0.1:8101/matching/proposals/4/answer/?from=mail")
    client.force_login(leader_user)
    response = client.post(reverse("accounts:notification_open", args=[message.pk]))
    assert response.status_code == 302 and response.url == "/matching/proposals/4/answer/?from=mail"
    message.refresh_from_db()
    assert message.read_at is not None


def test_opening_never_leaves_the_site(client, leader_user):
    message = notify(leader_user, link="http://127.0.0.1:8000//evil.example/")
    client.force_login(leader_user)
    assert client.post(reverse("accounts:notification_open", args=[message.pk])).url == "/evil.example/"
    bare = notify(leader_user, subject="Zonder link", link="")
    assert client.post(reverse("accounts:notification_open", args=[bare.pk])).url == reverse("accounts:notification_list")


@pytest.mark.parametrize("name", ["accounts:notification_open", "accounts:notification_read"])
def test_someone_elses_notification_answers_404_and_stays_unread(client, leader_user, name):
    other = notify(UserFactory(role=Role.SCHOOL_LEADER))
    client.force_login(leader_user)
    assert client.post(reverse(name, args=[other.pk])).status_code == 404
    assert client.post(reverse(name, args=[999999])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_the_list_keeps_a_flat_query_count(client, leader_user, django_assert_max_num_queries):
    client.force_login(leader_user)
    for n in range(3):
        notify(leader_user, subject=f"Melding {n}")
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("accounts:notification_list")).status_code == 200
    for n in range(3, 60):
        notify(leader_user, subject=f"Melding {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("accounts:notification_list")).status_code == 200


# --- Which e-mails ----------------------------------------------------------------------------------------


def test_a_leader_chooses_which_optional_emails_come(client, leader_user):
    client.force_login(leader_user)
    body = client.get(reverse("accounts:notification_preferences")).content.decode()
    for label in ("Check-in staat klaar", "Hulpvraag nog zonder match", "Voorstel verlopen"):
        assert label in body
    assert "Dagelijks overzicht voor medewerkers" not in body  # not a leader's kind
    assert "Voorstel wacht op je antwoord" not in body  # needed for a placement: always by e-mail
    response = client.post(reverse("accounts:notification_preferences"), {
        "proposal_declined": "on", "proposal_lapsed": "on", "checkin_due": "on",  # need_unmatched unticked
        "proposal_waiting": "",  # not a choice: ignored
    })
    assert response.status_code == 302
    assert dict(MessagePreference.objects.filter(user=leader_user).values_list("kind", "by_email")) == {
        "proposal_declined": True, "proposal_lapsed": True, "checkin_due": True, "need_unmatched": False}
    body = client.get(reverse("accounts:notification_preferences")).content.decode()
    def box(name):
        return re.search(rf'<input[^>]*name="{name}"[^>]*>', body).group()

    assert "checked" in box("checkin_due") and "checked" not in box("need_unmatched")


def test_a_researcher_chooses_only_the_kinds_that_concern_researchers(client, researcher_user):
    client.force_login(researcher_user)
    body = client.get(reverse("accounts:notification_preferences")).content.decode()
    assert 'name="export_ready"' in body and 'name="staff_digest"' not in body
    client.post(reverse("accounts:notification_preferences"), {"staff_digest": "on"})  # not theirs: ignored
    assert dict(MessagePreference.objects.values_list("kind", "by_email")) == {"export_ready": False}


# --- Staff: the messages page ----------------------------------------------------------------------------


@pytest.fixture
def messages_of_every_state(leader_user, ambassador_user):
    return {
        "sent": notify(leader_user, subject="Check-in verstuurd", kind=MessageKind.CHECKIN_DUE),
        "failed": notify(ambassador_user, subject="Mislukte eerste dag", kind=MessageKind.FIRST_DAY,
                         state=Message.State.FAILED, attempts=8,
                         last_error="SMTPRecipientsRefused: {'x@y.nl': (550, b'5.1.1 User unknown')}"),
        "pending": notify(leader_user, subject="Wacht nog", kind=MessageKind.PROPOSAL, state=Message.State.PENDING),
    }


@pytest.mark.parametrize("query,expected", [
    ({}, {"Check-in verstuurd", "Mislukte eerste dag", "Wacht nog"}),
    ({"state": "failed"}, {"Mislukte eerste dag"}),
    ({"kind": "checkin_due"}, {"Check-in verstuurd"}),
    ({"recipient": "AMBASSADOR"}, set()),
    ({"state": "nonsense"}, {"Check-in verstuurd", "Mislukte eerste dag", "Wacht nog"}),
])
def test_staff_filter_messages_by_kind_state_and_recipient(client, staff_user, messages_of_every_state, query, expected):
    client.force_login(staff_user)
    response = client.get(reverse("accounts:message_list"), query)
    assert response.status_code == 200
    body = response.content.decode()
    shown = {subject for subject in ("Check-in verstuurd", "Mislukte eerste dag", "Wacht nog") if subject in body}
    assert shown == expected


def test_staff_find_messages_by_recipient_name_or_address(client, staff_user, ambassador_user, messages_of_every_state):
    ambassador_user.last_name = "Zwanenburg"
    ambassador_user.save(update_fields=["last_name"])
    client.force_login(staff_user)
    for term in (ambassador_user.last_name, ambassador_user.email.upper()):
        body = client.get(reverse("accounts:message_list"), {"recipient": term}).content.decode()
        assert "Mislukte eerste dag" in body and "Check-in verstuurd" not in body


def test_staff_see_a_failed_messages_error_and_send_it_again(client, staff_user, messages_of_every_state,
                                                             django_capture_on_commit_callbacks):
    failed = messages_of_every_state["failed"]
    client.force_login(staff_user)
    body = client.get(reverse("accounts:message_detail", args=[failed.pk])).content.decode()
    assert "5.1.1 User unknown" in body and "Beste Jeroen," in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:message_resend", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == Message.State.SENT and failed.attempts == 1 and failed.last_error == ""
    assert [email.subject for email in mail.outbox] == ["Mislukte eerste dag"]


def test_resending_what_waits_or_held_a_secret_link_is_refused_with_a_reason(client, staff_user, leader_user,
                                                                             messages_of_every_state):
    client.force_login(staff_user)
    response = client.post(reverse("accounts:message_resend", args=[messages_of_every_state["pending"].pk]), follow=True)
    assert "wacht al om verstuurd te worden" in response.content.decode()
    secret = notify(leader_user, subject="Uitnodiging", kind=MessageKind.INVITATION, sensitive=True, body_text="")
    body = client.get(reverse("accounts:message_detail", args=[secret.pk])).content.decode()
    assert "persoonlijke link" in body and "Opnieuw versturen" not in body
    response = client.post(reverse("accounts:message_resend", args=[secret.pk]), follow=True)
    assert "gewist" in response.content.decode()
    secret.refresh_from_db()
    assert secret.state == Message.State.SENT


def test_the_messages_page_keeps_a_flat_query_count(client, staff_user, leader_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    for n in range(3):
        notify(UserFactory(role=Role.SCHOOL_LEADER), subject=f"Bericht {n}")
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("accounts:message_list")).status_code == 200
    for n in range(3, 60):
        notify(UserFactory(role=Role.AMBASSADOR), subject=f"Bericht {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("accounts:message_list")).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("accounts:message_list"), {"state": "sent", "recipient": "persoon"}).status_code == 200


@pytest.mark.parametrize("role", [Role.SCHOOL_LEADER, Role.AMBASSADOR, Role.RESEARCHER, Role.TEACHER])
def test_only_staff_see_other_peoples_messages(client, users_by_role, messages_of_every_state, role):
    client.force_login(users_by_role[role])
    assert client.get(reverse("accounts:message_list")).status_code == 403
    assert client.get(reverse("accounts:message_detail", args=[messages_of_every_state["failed"].pk])).status_code == 403
    assert client.post(reverse("accounts:message_resend", args=[messages_of_every_state["failed"].pk])).status_code == 403
