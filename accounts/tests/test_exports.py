"""Exports: small ones stream at once, large ones are made by a worker and downloaded by their owner only."""

import csv
import gzip
import io
from datetime import timedelta

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import exports
from accounts.exports import Exporter, export_run, exports_sweep
from accounts.models import Export, Message, Role, User
from accounts.tests.factories import UserFactory
from accounts.web import export_response

pytestmark = pytest.mark.django_db


def people_rows(query):
    users = User.objects.filter(role=query.get("role", Role.STAFF)).order_by("email")
    return ["E-mail", "Naam"], ([u.email, u.get_full_name()] for u in users)


@pytest.fixture
def people(monkeypatch):
    """An export of users of one role, registered as an app would."""
    exporter = Exporter(kind="people", filename="mensen.csv", roles=frozenset({Role.STAFF}),
                        count=lambda query: User.objects.filter(role=query.get("role", Role.STAFF)).count(),
                        rows=people_rows)
    monkeypatch.setitem(exports.EXPORTERS, "people", exporter)
    return exporter


def read(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_a_small_export_streams_at_once_with_formulas_made_harmless(rf, people, staff_user, settings):
    settings.EXPORT_INLINE_ROWS = 5
    UserFactory(role=Role.STAFF, email="a@example.nl", first_name='=HYPERLINK("http://evil.example","Klik")')
    request = rf.get("/", {"role": Role.STAFF})
    request.user = staff_user
    response = export_response(request, "people")
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="mensen.csv"'
    rows = read(b"".join(response.streaming_content))
    assert rows[0] == ["E-mail", "Naam"]
    assert rows[1][0] == "a@example.nl" and rows[1][1].startswith("'=HYPERLINK(")
    assert not Export.objects.exists()


def test_a_large_export_is_made_by_a_worker_and_downloaded_by_its_owner(client, people, staff_user, settings,
                                                                          django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_ROWS = 2
    for n in range(3):
        UserFactory(role=Role.STAFF, email=f"staf{n}@example.nl")
    client.force_login(staff_user)
    request = RequestFactory().get("/", {"role": Role.STAFF, "page": "3"})
    request.user, request.session = staff_user, client.session
    request._messages = FallbackStorage(request)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's turn (Celery is eager in tests)
        response = export_response(request, "people")
    assert response.status_code == 302 and response.url == reverse("accounts:export_list")
    export = Export.objects.get()
    assert (export.owner, export.status, export.rows, export.params["query"]) == (staff_user, "done", 4, "role=staff")
    [told] = Message.objects.filter(kind="export_ready", recipient=staff_user)  # in the app (the bell) and by e-mail
    assert told.subject == "Je export is klaar" and told.link.endswith(reverse("accounts:export_list"))
    body = client.get(reverse("accounts:export_list")).content.decode()
    assert "mensen.csv" in body and reverse("accounts:export_download", args=[export.pk]) in body
    download = client.get(reverse("accounts:export_download", args=[export.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="mensen.csv"'
    assert [row[0] for row in read(download.content)][1:] == sorted(u.email for u in User.objects.filter(role="staff"))


def test_nobody_else_downloads_an_export_and_a_changed_role_loses_it(client, people, staff_user):
    export = Export.objects.create(owner=staff_user, kind="people", filename="mensen.csv", status="done",
                                   content=gzip.compress(b"\xef\xbb\xbfE-mail\n"), rows=0)
    url = reverse("accounts:export_download", args=[export.pk])
    client.force_login(UserFactory(role=Role.STAFF))
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    User.objects.filter(pk=staff_user.pk).update(role=Role.RESEARCHER)
    assert client.get(url).status_code == 404


def test_an_export_not_ready_sends_its_owner_back_to_the_list(client, people, staff_user):
    export = Export.objects.create(owner=staff_user, kind="people", filename="mensen.csv")
    client.force_login(staff_user)
    response = client.get(reverse("accounts:export_download", args=[export.pk]))
    assert response.status_code == 302 and response.url == reverse("accounts:export_list")


def test_two_workers_never_make_the_same_export_twice(people, staff_user, monkeypatch):
    export = Export.objects.create(owner=staff_user, kind="people", filename="mensen.csv")
    made = []
    original = people.rows

    def counting(query):
        made.append(1)
        return original(query)

    monkeypatch.setitem(exports.EXPORTERS, "people", Exporter(kind="people", filename="mensen.csv",
                                                               roles=people.roles, count=people.count, rows=counting))
    export_run(export_id=export.pk)
    export_run(export_id=export.pk)
    assert made == [1] and Export.objects.get(pk=export.pk).status == "done"


def test_a_failing_export_is_marked_failed_with_its_error(people, staff_user, monkeypatch):
    def broken(query):
        raise ValueError("database went away")

    monkeypatch.setitem(exports.EXPORTERS, "people", Exporter(kind="people", filename="mensen.csv",
                                                               roles=people.roles, count=people.count, rows=broken))
    export = Export.objects.create(owner=staff_user, kind="people", filename="mensen.csv")
    with pytest.raises(ValueError):
        export_run(export_id=export.pk)
    export.refresh_from_db()
    assert (export.status, export.error) == ("failed", "database went away")


def test_the_sweep_requeues_what_the_broker_lost_fails_what_a_dead_worker_left_and_deletes_what_expired(
        people, staff_user, settings):
    settings.EXPORT_KEEP_HOURS = 24
    now = timezone.now()

    def made(minutes_ago, status):
        export = Export.objects.create(owner=staff_user, kind="people", filename="mensen.csv", status=status)
        Export.objects.filter(pk=export.pk).update(created_at=now - timedelta(minutes=minutes_ago))
        return export.pk

    lost, fresh = made(3, "queued"), made(1, "queued")
    stuck, busy = made(61, "running"), made(30, "running")
    expired, kept = made(24 * 60 + 1, "done"), made(24 * 60 - 1, "done")
    result = exports_sweep()  # Celery runs eagerly in tests: the lost export is made at once
    status = dict(Export.objects.values_list("pk", "status"))
    assert result == {"requeued": 1, "failed": 1, "deleted": 1}
    assert (status[lost], status[fresh], status[stuck], status[busy]) == ("done", "queued", "failed", "running")
    assert expired not in status and kept in status


def test_an_unreachable_broker_leaves_the_export_waiting_for_the_sweep(rf, people, staff_user, settings, broker_down,
                                                                        django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_ROWS = 0
    request = rf.get("/", {"role": Role.STAFF})
    request.user, request.session = staff_user, {}
    request._messages = FallbackStorage(request)
    with django_capture_on_commit_callbacks(execute=True):
        response = export_response(request, "people")
    assert response.status_code == 302  # the person is told, not shown an error
    assert Export.objects.get().status == "queued"


def test_the_list_of_exports_shows_only_ones_own_and_its_query_count_is_flat(client, people, staff_user,
                                                                              django_assert_max_num_queries):
    other = UserFactory(role=Role.STAFF)
    Export.objects.create(owner=other, kind="people", filename="van-een-ander.csv")
    client.force_login(staff_user)
    for n in range(3):
        Export.objects.create(owner=staff_user, kind="people", filename=f"mijn-{n}.csv", status="done", rows=n)
    with django_assert_max_num_queries(10) as small:
        body = client.get(reverse("accounts:export_list")).content.decode()
    assert "mijn-2.csv" in body and "van-een-ander.csv" not in body
    for n in range(30):
        Export.objects.create(owner=staff_user, kind="people", filename=f"meer-{n}.csv")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("accounts:export_list"))
