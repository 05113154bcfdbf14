"""The audit trail is append-only: the model, its queryset and the database itself refuse changes and deletes."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from accounts.audit import audit_record
from accounts.models import AppendOnlyError, AuditEvent, Role
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(staff_user):
    return audit_record(actor=staff_user, action="ambassador.viewed", target=UserFactory(role=Role.AMBASSADOR),
                        details={"rows": 3})


def test_an_entry_records_who_what_when_and_about_whom(event, staff_user):
    assert event.actor == staff_user and event.actor_role == Role.STAFF
    assert event.target_type.model == "user" and event.subject.role == Role.AMBASSADOR
    assert event.at is not None and event.details == {"rows": 3}


def test_the_address_comes_from_the_request_or_the_request_being_served(client, staff_user):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    assert audit_record(actor=staff_user, action="audit.viewed", request=request).ip_address == "192.0.2.7"
    client.force_login(staff_user)
    client.get(reverse("reports:audit_log"), REMOTE_ADDR="198.51.100.4")
    assert AuditEvent.objects.filter(action="audit.viewed").latest("id").ip_address == "198.51.100.4"


def test_nobody_changes_or_deletes_an_entry_through_the_model(event):
    event.action = "user.logged_in"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="user.logged_in")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "ambassador.viewed"


def test_the_database_refuses_to_change_an_entry(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "ambassador.viewed"


def test_the_database_refuses_to_delete_an_entry(event):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps deletes possible so tests can empty it; PostgreSQL (production) refuses them")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_account_with_entries_cannot_be_deleted(event, staff_user):
    """People are erased (anonymised), never deleted: the trail keeps pointing at the account."""
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        staff_user.delete()


def rows(response) -> str:
    body = response.content.decode()
    return body[body.index("<tbody>"):body.index("</tbody>")]


def test_staff_read_the_trail_by_person_and_by_object(client, staff_user, event):
    other = UserFactory(role=Role.AMBASSADOR)
    audit_record(actor=other, action="personal_data.downloaded", target=other)
    client.force_login(staff_user)
    body = rows(client.get(reverse("reports:audit_log"), {"person": other.pk}))
    assert "downloadde de eigen gegevens" in body and "bekeek een ambassadeur" not in body
    label = f"accounts.user:{event.target_id}"
    body = rows(client.get(reverse("reports:audit_log"), {"object": label}))
    assert "bekeek een ambassadeur" in body and "downloadde de eigen gegevens" not in body
    body = rows(client.get(reverse("reports:audit_log"), {"q": other.email}))
    assert "downloadde de eigen gegevens" in body and "bekeek een ambassadeur" not in body
    # A filter that makes no sense shows nothing rather than everything.
    body = rows(client.get(reverse("reports:audit_log"), {"object": "bestaat.niet:1"}))
    assert "Geen regels bij deze filters." in body


def test_reading_the_trail_is_recorded_too(client, staff_user):
    client.force_login(staff_user)
    client.get(reverse("reports:audit_log"), {"q": "iemand@example.nl"})
    event = AuditEvent.objects.get(action="audit.viewed")
    assert event.actor == staff_user and event.details == {"q": "…"}  # what was typed is not kept


def test_the_trail_page_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    for _ in range(5):
        audit_record(actor=UserFactory(role=Role.AMBASSADOR), action="ambassador.viewed",
                     target=UserFactory(role=Role.AMBASSADOR))
    client.force_login(staff_user)
    with django_assert_max_num_queries(15) as small:
        assert client.get(reverse("reports:audit_log")).status_code == 200
    for _ in range(45):
        audit_record(actor=UserFactory(role=Role.AMBASSADOR), action="ambassador.viewed",
                     target=UserFactory(role=Role.AMBASSADOR))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("reports:audit_log")).status_code == 200


@pytest.mark.parametrize("bad", [{"since": "gisteren"}, {"person": "abc"}, {"object": "geen-object"},
                                 {"action": "bestaat.niet"}, {"page": "999"}])
def test_bad_filters_answer_a_page_not_an_error(client, staff_user, bad):
    client.force_login(staff_user)
    assert client.get(reverse("reports:audit_log"), bad).status_code == 200
