"""The outbox: a message is a row written with its cause, written once per key, sent once, kept when sending fails."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from accounts import delivery, outbox
from accounts.models import Message, MessageKind, MessagePreference, Role
from accounts.outbox import Draft

from .backends import REFUSED, FailingBackend
from .factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LINK = "http://127.0.0.1:8000/accounts/notifications/"


def draft(to, kind=MessageKind.CHECKIN_DUE, occasion="2026-03-02", **overrides):
    user = to if not isinstance(to, str) else UserFactory.build(first_name="Ilse", email=to)
    context = {"user": user, "role": "Schoolleider", "link": LINK, "valid_days": 14, "places": ["De Regenboog"]}
    return Draft(kind=kind, about="schools.school:7", occasion=occasion, to=to, template="accounts/email/invitation",
                 context=context, link=LINK, **overrides)


@pytest.fixture
def leader(db):
    return UserFactory(role=Role.SCHOOL_LEADER, first_name="Jeroen", email="jeroen@school.example")


@pytest.fixture
def failing(settings):
    settings.EMAIL_BACKEND = "accounts.tests.backends.FailingBackend"
    FailingBackend.error, FailingBackend.times = ConnectionRefusedError(111, "Connection refused"), 10**6
    return FailingBackend


def test_a_message_is_written_with_its_cause_and_sent_once_it_commits(leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            [message] = outbox.queue([draft(leader)])
            assert Message.objects.get().state == Message.State.PENDING
        assert mail.outbox == []  # nothing leaves before the change is committed
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (Message.State.SENT, 1, "")
    [email] = mail.outbox
    assert email.to == ["jeroen@school.example"]
    assert email.subject == "Je bent uitgenodigd voor het platform van de onderwijsambassadeurs"


def test_a_change_that_rolls_back_leaves_no_message_and_sends_nothing(leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError), \
            transaction.atomic():
        outbox.queue([draft(leader)])
        raise RuntimeError("the change failed")
    assert Message.objects.count() == 0 and mail.outbox == [] and callbacks == []


def test_the_same_key_is_written_once_whoever_asks_again(leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert len(outbox.queue([draft(leader), draft(leader)])) == 1  # the same key twice in one go
        assert outbox.queue([draft(leader)]) == []  # a second run, a second click, a retried task
        assert outbox.queue([draft("Jeroen@School.example")]) == []  # the address is the recipient, whatever its case
        assert len(outbox.queue([draft(leader, occasion="2026-03-09")])) == 1  # the next due date is a new message
        assert len(outbox.queue([draft("contact@school.example")])) == 1  # someone else
    assert Message.objects.count() == 3 and len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_the_same_key_at_the_same_moment_write_one_row():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; this race is exercised on PostgreSQL in CI")
    leader = UserFactory(role=Role.SCHOOL_LEADER)
    barrier, created, errors = threading.Barrier(2), [], []

    def write():
        try:
            with transaction.atomic():
                fresh = outbox.new_drafts([draft(leader)])  # both see no row yet
                barrier.wait(10)
                created.extend(outbox.queue(fresh, deliver=False))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and len(created) == 1 and Message.objects.count() == 1


def test_a_failed_send_keeps_the_message_with_its_error_and_tries_again_later(leader, failing, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with time_machine.travel(NOW, tick=False):
        [message] = outbox.queue([draft(leader)], deliver=False)
        assert delivery.deliver(message.pk) == delivery.RETRY
        message.refresh_from_db()
        assert message.state == Message.State.PENDING and message.attempts == 1
        assert message.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
        assert message.next_attempt_at == NOW + dt.timedelta(minutes=1)
        assert delivery.sweep()[delivery.RETRY] == 0  # not due yet
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        assert delivery.sweep()[delivery.RETRY] == 1
        message.refresh_from_db()
        assert message.next_attempt_at == NOW + dt.timedelta(minutes=3)  # 1, then 2 minutes: the wait doubles
    with time_machine.travel(NOW + dt.timedelta(minutes=3), tick=False):
        assert delivery.sweep()[delivery.FAILED] == 1  # the third attempt was the last
    message.refresh_from_db()
    assert (message.state, message.attempts, message.next_attempt_at) == (Message.State.FAILED, 3, None)
    assert "Connection refused" in message.last_error and mail.outbox == []
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert delivery.sweep() == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}


def test_a_mail_server_that_comes_back_gets_the_message(leader, failing):
    failing.times = 1
    with time_machine.travel(NOW, tick=False):
        [message] = outbox.queue([draft(leader)], deliver=False)
        delivery.sweep()
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        assert delivery.sweep()[delivery.SENT] == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (Message.State.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_a_refusal_for_good_fails_at_once(leader, failing):
    failing.error = REFUSED
    [message] = outbox.queue([draft(leader)], deliver=False)
    assert delivery.deliver(message.pk) == delivery.FAILED
    message.refresh_from_db()
    assert message.state == Message.State.FAILED and message.attempts == 1
    assert "User unknown" in message.last_error


def test_a_message_that_stopped_the_worker_every_time_is_given_up(leader, settings):
    [message] = outbox.queue([draft(leader)], deliver=False)
    Message.objects.filter(pk=message.pk).update(attempts=settings.OUTBOX_MAX_ATTEMPTS)  # each try died mid-send
    assert delivery.deliver(message.pk) == delivery.FAILED
    message.refresh_from_db()
    assert message.state == Message.State.FAILED and "stopte telkens" in message.last_error
    assert mail.outbox == []


def test_the_sweep_sends_what_no_task_took_and_waits_for_what_is_held(leader):
    with time_machine.travel(NOW, tick=False):
        [now] = outbox.queue([draft(leader)], deliver=False)
        [later] = outbox.queue([draft(leader, occasion="held", not_before=NOW + dt.timedelta(days=2))], deliver=False)
        assert delivery.sweep()[delivery.SENT] == 1
    assert Message.objects.get(pk=now.pk).state == Message.State.SENT
    assert Message.objects.get(pk=later.pk).state == Message.State.PENDING
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        assert delivery.sweep()[delivery.SENT] == 1
        assert delivery.sweep()[delivery.SENT] == 0  # and never twice
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_a_message_another_worker_is_sending_is_skipped_not_sent_again():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks (one writer at a time); this is exercised on PostgreSQL in CI")
    [message] = outbox.queue([draft(UserFactory(role=Role.SCHOOL_LEADER))], deliver=False)
    holding, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Message.objects.select_for_update().get(pk=message.pk)  # as deliver() holds a row while sending
                holding.set()
                release.wait(10)
        finally:
            close_old_connections()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert holding.wait(10)
    try:
        outcome = delivery.deliver(message.pk)
    finally:
        release.set()
        thread.join(30)
    assert outcome == delivery.SKIPPED and mail.outbox == []
    assert delivery.deliver(message.pk) == delivery.SENT and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_side_by_side_send_every_message_once():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; this race is exercised on PostgreSQL in CI")
    leader = UserFactory(role=Role.SCHOOL_LEADER)
    outbox.queue([draft(leader, occasion=f"2026-03-{day:02d}") for day in range(1, 25)], deliver=False)
    barrier = threading.Barrier(2)

    def sweep():
        try:
            barrier.wait(10)
            delivery.sweep()
        finally:
            close_old_connections()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    ids = [email.extra_headers["Message-ID"] for email in mail.outbox]
    assert len(ids) == 24 and len(set(ids)) == 24
    assert set(Message.objects.values_list("state", flat=True)) == {Message.State.SENT}


def test_a_secret_link_is_erased_once_sent_and_cannot_be_resent(leader, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [message] = outbox.queue([draft(leader, kind=MessageKind.INVITATION, sensitive=True)])
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.body_text == message.body_html == message.link == ""
    assert LINK in mail.outbox[0].body  # it did go out with the link
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        delivery.resend(message_id=message.pk, actor=staff_user)


def test_an_optional_kind_switched_off_stays_in_the_app(leader, django_capture_on_commit_callbacks):
    MessagePreference.objects.create(user=leader, kind=MessageKind.CHECKIN_DUE, by_email=False)
    MessagePreference.objects.create(user=leader, kind=MessageKind.PROPOSAL, by_email=False)  # not a choice anyone has
    with django_capture_on_commit_callbacks(execute=True):
        [optional, needed] = outbox.queue([draft(leader), draft(leader, kind=MessageKind.PROPOSAL)])
    assert Message.objects.get(pk=optional.pk).state == Message.State.IN_APP
    assert Message.objects.get(pk=needed.pk).state == Message.State.SENT
    assert [email.to for email in mail.outbox] == [["jeroen@school.example"]]
    assert delivery.sweep()[delivery.SENT] == 0
    assert leader.inbox.count() == 2  # both show as notifications


def test_each_message_is_in_its_recipients_language(django_capture_on_commit_callbacks):
    english = UserFactory(role=Role.SCHOOL_LEADER, language="en")
    dutch = UserFactory(role=Role.SCHOOL_LEADER, language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue([draft(english), draft(dutch), draft("contact@school.example", language="en")])
    subjects = {email.to[0]: email.subject for email in mail.outbox}
    assert subjects[english.email] == "You are invited to the education ambassadors platform"
    assert subjects[dutch.email] == "Je bent uitgenodigd voor het platform van de onderwijsambassadeurs"
    assert subjects["contact@school.example"] == "You are invited to the education ambassadors platform"
    assert dict(Message.objects.values_list("to_email", "language"))[english.email] == "en"


def test_the_email_carries_both_parts_and_headers_that_stay_the_same_on_a_retry(leader, failing):
    failing.times = 1
    [message] = outbox.queue([draft(leader)], deliver=False)
    first = delivery.email_for(message)
    delivery.deliver(message.pk)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    delivery.deliver(message.pk)
    [email] = mail.outbox
    assert email.extra_headers["Message-ID"] == first.extra_headers["Message-ID"]
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"
    assert email.extra_headers["Content-Language"] == "nl"
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and f'href="{LINK}"' in html and LINK in email.body


def test_with_the_broker_down_the_change_is_kept_and_the_message_waits(leader, broker_down,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [message] = outbox.queue([draft(leader)])  # publishing after commit fails: no error reaches the caller
    message.refresh_from_db()
    assert message.state == Message.State.PENDING and message.attempts == 0 and mail.outbox == []


def test_once_the_broker_is_back_the_sweep_sends_the_waiting_message(leader, broker_down):
    [message] = outbox.queue([draft(leader)], deliver=False)
    from accounts.tasks import sweep_messages

    sweep_messages.apply()  # what beat hands a worker each minute
    assert Message.objects.get(pk=message.pk).state == Message.State.SENT and len(mail.outbox) == 1


def test_messages_are_deleted_after_two_school_years_unless_still_waiting(leader, settings):
    with time_machine.travel(NOW, tick=False):
        [old_sent, old_waiting] = outbox.queue([draft(leader), draft(leader, occasion="waiting")], deliver=False)
        delivery.deliver(old_sent.pk)
    with time_machine.travel(NOW + dt.timedelta(days=700), tick=False):
        [recent] = outbox.queue([draft(leader, occasion="recent")], deliver=False)
        delivery.deliver(recent.pk)
    with time_machine.travel(NOW + dt.timedelta(days=settings.OUTBOX_KEEP_DAYS + 1), tick=False):
        assert delivery.prune() == 1
    assert set(Message.objects.values_list("pk", flat=True)) == {old_waiting.pk, recent.pk}
    assert settings.CELERY_BEAT_SCHEDULE["prune-messages"]["task"] == "accounts.tasks.prune_messages"
