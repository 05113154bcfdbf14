"""The import pages: bad input, flat query counts, the background confirm, invitations from the user list, the
example files."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Invitation, Role, User
from accounts.services import account_create
from accounts.tests.factories import UserFactory
from ambassadors.models import AmbassadorProfile
from reports.imports import reading, services
from reports.imports.models import ImportBatch
from schools.tests.factories import RegionFactory

from .import_files import YEAR, csv_bytes, upload
from .test_imports_flow import link_columns, start

pytestmark = pytest.mark.django_db

HEAD = ["Voornaam", "Achternaam", "E-mail", "Postcode", "Sector", "Dag", "VOG afgegeven op"]


def ambassadors(count, start_at=0):
    return [HEAD] + [[f"Naam{i}", f"Achter{i}", f"amb{i}@example.nl", "3511 AB", "bank", "dinsdag", "1-9-2024"]
                     for i in range(start_at, start_at + count)]


def batch_of(staff_user, rows, kind="ambassadors"):
    batch = services.import_upload(actor=staff_user, upload=upload("a.csv", csv_bytes(rows)), kind=kind)
    return services.import_map(batch_id=batch.pk, mapping=batch.mapping)


# --- Bad input ------------------------------------------------------------------------------------


def test_an_upload_without_a_file_or_kind_keeps_what_was_chosen_and_saves_nothing(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("reports:import_list"), {"kind": "schools"})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    response = client.post(reverse("reports:import_list"), {"kind": "koningen", "file": upload("a.csv", b"a;b\n1;2")})
    assert response.status_code == 400 and not ImportBatch.objects.exists()


def test_a_mapping_with_a_column_twice_or_without_what_is_needed_is_refused(client, staff_user):
    client.force_login(staff_user)
    batch = start(client, "ambassadors", "a.csv", csv_bytes(ambassadors(2)))
    url = reverse("reports:import_mapping", args=[batch.pk])
    data = {f"column_{i}": "" for i in range(len(HEAD))} | {"column_0": "first_name", "column_1": "first_name",
                                                            "column_2": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kolom A gaat al naar „Voornaam”." in body
    assert "Koppel een kolom aan „E-mail”: zonder kan de import niet." in body
    assert '<option value="first_name" selected>' in body  # the choices made are kept
    batch.refresh_from_db()
    assert batch.status == "mapping" and not batch.rows.exclude(action="pending").exists()
    response = client.post(url, data | {"column_3": "not-a-column"})
    assert response.status_code == 400


def test_the_mapping_page_shows_each_column_with_its_first_values_and_the_proposal(client, staff_user):
    client.force_login(staff_user)
    batch = start(client, "ambassadors", "a.csv", csv_bytes(ambassadors(4)))
    body = client.get(reverse("reports:import_mapping", args=[batch.pk])).content.decode()
    assert "amb0@example.nl · amb1@example.nl · amb2@example.nl" in body
    assert '<option value="vog_issued_on" selected>VOG afgegeven op</option>' in body


def test_actions_on_another_import_or_row_answer_404(client, staff_user):
    client.force_login(staff_user)
    first, second = batch_of(staff_user, ambassadors(1)), batch_of(staff_user, ambassadors(1, 5))
    row = second.rows.get()
    assert client.post(reverse("reports:import_row_skip", args=[first.pk, row.pk]), {"skip": "1"}).status_code == 404
    assert client.get(reverse("reports:import_detail", args=[999999])).status_code == 404
    assert client.get(reverse("reports:import_example", args=["koningen", "csv"])).status_code == 404
    assert client.get(reverse("reports:import_example", args=["schools", "pdf"])).status_code == 404


def test_a_confirm_twice_or_with_a_made_up_choice_gives_a_message_not_an_error(client, staff_user,
                                                                                 django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    batch = batch_of(staff_user, ambassadors(1))
    url = reverse("reports:import_confirm", args=[batch.pk])
    assert "Kies wanneer de uitnodigingen verstuurd worden." in client.post(url, {"invite": "soon"},
                                                                             follow=True).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"invite": "later"})
    response = client.post(url, {"invite": "later"}, follow=True)
    assert "kan niet meer worden veranderd" in response.content.decode()
    assert AmbassadorProfile.objects.count() == 1
    response = client.post(reverse("reports:import_row_skip", args=[batch.pk, 1]), {"skip": "1"}, follow=True)
    assert "kan niet meer worden veranderd" in response.content.decode()


def test_discarding_deletes_the_rows(client, staff_user):
    client.force_login(staff_user)
    batch = batch_of(staff_user, ambassadors(3))
    response = client.post(reverse("reports:import_discard", args=[batch.pk]), follow=True)
    assert "De import is afgebroken" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "discarded" and not batch.rows.exists()
    assert "niet uitgevoerd" in client.get(reverse("reports:import_detail", args=[batch.pk])).content.decode()


# --- Skipping through htmx --------------------------------------------------------------------------


def test_skipping_a_row_with_htmx_returns_the_row_and_asks_the_summary_to_refresh(client, staff_user):
    client.force_login(staff_user)
    rows = ambassadors(2)
    rows[1][6] = "31-2-2024"
    batch = batch_of(staff_user, rows)
    row = batch.rows.get(number=2)
    response = client.post(reverse("reports:import_row_skip", args=[batch.pk, row.pk]), {"skip": "1", "show": "errors"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "import-changed"
    body = response.content.decode()
    assert body.startswith('<tr id="row-') and "Toch importeren" in body
    summary = client.get(reverse("reports:import_detail", args=[batch.pk]), HTTP_HX_REQUEST="true",
                         HTTP_HX_TARGET="import-summary").content.decode()
    assert summary.startswith('<section id="import-summary"')
    assert "1 rij importeren" in summary and "disabled" not in summary


# --- Queries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["schools", "ambassadors", "placements"])
def test_the_preview_and_its_check_take_as_many_queries_for_few_rows_as_for_many(
        client, staff_user, django_assert_max_num_queries, kind):
    from .import_files import AMBASSADORS, PLACEMENTS, SCHOOLS

    client.force_login(staff_user)
    head, row = {"schools": SCHOOLS, "ambassadors": AMBASSADORS, "placements": PLACEMENTS}[kind][:2]

    def rows(n):
        out = [head]
        for i in range(n):
            cells = list(row)
            cells[head.index("E-mail") if "E-mail" in head else 0] = f"rij{i}@import.example"
            if kind == "schools":
                cells[0], cells[1], cells[5] = f"School {i}", "", f"{3500 + i} AB"
            if kind == "placements":
                cells[1] = ""
            out.append(cells)
        return out

    counts = []
    for n in (4, 45):
        batch = start(client, kind, f"{kind}.csv", csv_bytes(rows(n)))
        data = {f"column_{index}": key for key, index in batch.mapping.items()} | {"school_year": YEAR}
        with django_assert_max_num_queries(100) as check:
            response = client.post(reverse("reports:import_mapping", args=[batch.pk]), data)
        assert response.status_code == 302
        with django_assert_max_num_queries(30) as page:
            response = client.get(reverse("reports:import_detail", args=[batch.pk]))
        assert response.status_code == 200 and response.content.decode().count("<tr id=\"row-") == n
        counts.append((len(check.captured_queries), len(page.captured_queries)))
    assert counts[0] == counts[1], counts


def test_the_list_of_imports_takes_as_many_queries_for_few_imports_as_for_many(client, staff_user,
                                                                                django_assert_max_num_queries):
    client.force_login(staff_user)
    client.get(reverse("reports:import_list"))  # the session's first request does its own bookkeeping
    counts = []
    for n in (2, 12):
        while ImportBatch.objects.count() < n:
            batch_of(staff_user, ambassadors(1, ImportBatch.objects.count()))
        with django_assert_max_num_queries(20) as queries:
            assert client.get(reverse("reports:import_list")).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


# --- More than a page: in the background -------------------------------------------------------------


def test_beyond_a_page_of_rows_the_confirm_runs_in_the_background_and_tells_the_person(
        client, staff_user, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    batch = batch_of(staff_user, ambassadors(services.PAGE_SIZE + 1))
    page = client.get(reverse("reports:import_detail", args=[batch.pk])).content.decode()
    assert "Meer dan een pagina rijen: de import loopt op de achtergrond" in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:import_confirm", args=[batch.pk]), {"invite": "later"}, follow=True)
    assert "De import loopt op de achtergrond." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "queued" and not AmbassadorProfile.objects.exists()
    status = client.get(reverse("reports:import_detail", args=[batch.pk]), HTTP_HX_REQUEST="true",
                        HTTP_HX_TARGET="import-status")
    assert 'hx-trigger="every 2s"' in status.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the transaction commits: the worker (eager in tests) takes the task
            callback()
    batch.refresh_from_db()
    assert (batch.status, batch.created) == ("done", services.PAGE_SIZE + 1)
    [message] = [m for m in mail.outbox if m.to == [staff_user.email]]
    assert message.subject == "Je import van a.csv is klaar"
    assert f"Nieuw: {services.PAGE_SIZE + 1}." in message.body and f"/staff/imports/{batch.pk}/" in message.body
    done = client.get(reverse("reports:import_detail", args=[batch.pk]), HTTP_HX_REQUEST="true",
                      HTTP_HX_TARGET="import-status")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_a_background_import_that_stops_tells_the_person_why(staff_user, django_capture_on_commit_callbacks):
    batch = batch_of(staff_user, ambassadors(services.PAGE_SIZE + 1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.import_confirm(batch_id=batch.pk, actor=staff_user)
    UserFactory(email="amb3@example.nl", role=Role.RESEARCHER)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    batch.refresh_from_db()
    assert batch.status == "preview" and not AmbassadorProfile.objects.exists()
    [message] = mail.outbox
    assert message.subject == "Je import van a.csv is niet doorgegaan"
    assert "er is niets geïmporteerd" in message.body


# --- Invitations from the user list -----------------------------------------------------------------


def test_staff_invite_an_imported_person_from_the_user_list(client, staff_user, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    person = account_create(email="piet@example.nl", first_name="Piet", last_name="Smit", role=Role.AMBASSADOR,
                            language="en")
    UserFactory(email="actief@example.nl", role=Role.AMBASSADOR)
    listed = client.get(reverse("reports:user_list"), {"invitation": "waiting"}).content.decode()
    assert "piet@example.nl" in listed and "actief@example.nl" not in listed and "Nog niet uitgenodigd" in listed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:user_invitation_send", args=[person.pk]), follow=True)
    assert "Uitnodiging verstuurd naar piet@example.nl." in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "You are invited to the education ambassadors platform"
    assert Invitation.objects.get(user=person).invited_by == staff_user
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:user_invitation_send", args=[person.pk]), follow=True)
    assert "is al uitgenodigd" in response.content.decode() and len(mail.outbox) == 1
    someone = User.objects.get(email="actief@example.nl")
    response = client.post(reverse("reports:user_invitation_send", args=[someone.pk]), follow=True)
    assert "kan al inloggen" in response.content.decode()
    assert client.post(reverse("reports:user_invitation_send", args=[999999])).status_code == 404
    assert EmailAddress.objects.filter(user=person, verified=False).exists()


# --- Example files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["schools", "ambassadors", "placements"])
def test_example_files_hold_the_columns_and_two_rows_that_import_cleanly(client, staff_user, kind):
    client.force_login(staff_user)
    for file_format in ("csv", "xlsx"):
        response = client.get(reverse("reports:import_example", args=[kind, file_format]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment; filename=")
        table = reading.read_upload(upload(f"voorbeeld.{file_format}", response.content))
        assert len(table.rows) == 2
        assert len(services.propose_mapping(kind, table.headers)) == len(table.headers)  # every heading recognised
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.active["A1"].font.bold


def test_the_example_files_import_without_a_problem_in_their_order(client, staff_user,
                                                                   django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    RegionFactory(name="Utrecht", slug="utrecht", municipalities=["Utrecht"])
    RegionFactory(name="Almere", slug="almere", municipalities=["Almere"])
    for kind in ("schools", "ambassadors", "placements"):
        data = client.get(reverse("reports:import_example", args=[kind, "xlsx"])).content
        batch = link_columns(client, start(client, kind, f"{kind}.xlsx", data))
        assert [p for row in batch.rows.all() for p in row.problems if p["level"] != "info"] == [], kind
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("reports:import_confirm", args=[batch.pk]), {"invite": "later"})
        batch.refresh_from_db()
        assert (batch.status, batch.created) == ("done", 2), kind
    from matching.models import Placement

    assert sorted(Placement.objects.values_list("status", flat=True)) == ["active", "ended"]
    assert Placement.objects.get(status="active").need.school_year == YEAR


def test_example_headings_follow_the_readers_language(client, staff_user):
    client.force_login(staff_user)
    staff_user.language = "en"
    staff_user.save()
    response = client.get(reverse("reports:import_example", args=["schools", "csv"]))
    assert response.content.decode("utf-8-sig").startswith("School name;BRIN;School type;School board;")
    assert response["Content-Disposition"] == 'attachment; filename="schools-example.csv"'
    staff_user.language = "nl"
    staff_user.save()
    response = client.get(reverse("reports:import_example", args=["schools", "csv"]))
    assert response.content.decode("utf-8-sig").startswith("Naam school;BRIN;Schooltype;Schoolbestuur;")


def test_the_import_page_is_in_the_staff_menu_and_links_the_examples(client, staff_user):
    client.force_login(staff_user)
    body = client.get(reverse("reports:staff_dashboard")).content.decode()
    assert f'href="{reverse("reports:import_list")}"' in body
    page = client.get(reverse("reports:import_list")).content.decode()
    for kind in ("schools", "ambassadors", "placements"):
        for file_format in ("csv", "xlsx"):
            assert reverse("reports:import_example", args=[kind, file_format]) in page


def test_the_preview_speaks_english_to_staff_who_read_english(client, staff_user):
    staff_user.language = "en"
    staff_user.save()
    client.force_login(staff_user)
    rows = ambassadors(1)
    rows[1][3] = "3512"
    batch = batch_of(staff_user, rows)
    body = client.get(reverse("reports:import_detail", args=[batch.pk])).content.decode()
    assert "“3512” is not a Dutch postcode; write it as 3511 AB." in body
    assert "1 row has an error." in body and "What the import would do" in body


def test_checking_again_finds_what_changed_on_the_platform(client, staff_user):
    client.force_login(staff_user)
    batch = batch_of(staff_user, ambassadors(2))
    UserFactory(email="amb1@example.nl", role=Role.RESEARCHER)
    response = client.post(reverse("reports:import_recheck", args=[batch.pk]), {"show": "errors"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?show=errors")
    assert "Elke rij is opnieuw gecontroleerd" in response.content.decode()
    assert dict(batch.rows.values_list("number", "action")) == {2: "new", 3: "error"}


def test_ambassadors_invited_at_the_confirm_get_the_invitation_in_their_own_language(
        client, staff_user, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    rows = [HEAD + ["Taal"], ambassadors(1)[1] + ["English"], ambassadors(1, 1)[1] + ["Nederlands"]]
    batch = batch_of(staff_user, rows)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:import_confirm", args=[batch.pk]), {"invite": "now"})
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {"amb0@example.nl": "You are invited to the education ambassadors platform",
                        "amb1@example.nl": "Je bent uitgenodigd voor het platform van de onderwijsambassadeurs"}
    assert AmbassadorProfile.objects.get(user__email="amb0@example.nl").user.invitations.get().role == Role.AMBASSADOR
