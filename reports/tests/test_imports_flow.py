"""The whole import through the staff pages, for each kind of file: upload, link the columns, preview, refuse while the
broken row is there, skip it, import; a second import of the same file changes nothing."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Invitation, Role, User
from ambassadors.models import AmbassadorProfile, AvailabilitySlot, StatusChange
from matching.loading import ambassador_pool, matchable
from matching.models import CheckIn, MatchingRun, Placement, PlacementSlot, Proposal
from matching.services import checkin_dates
from reports.imports.models import ImportAccount, ImportBatch, ImportRow
from schools.models import School, SchoolBoard, SchoolMembership, SchoolYearParticipation, TeacherNeed
from schools.tests.factories import RegionFactory

from .import_files import AMBASSADORS, LAST, PLACEMENTS, SCHOOLS, YEAR, csv_bytes, dated, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def utrecht(db):
    return RegionFactory(name="Utrecht", slug="utrecht", municipalities=["Utrecht"])


def start(client, kind, name, data):
    response = client.post(reverse("reports:import_list"), {"kind": kind, "file": upload(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.latest("pk")


def link_columns(client, batch, **extra):
    """Accept the proposed mapping, as staff do when every heading was recognised."""
    page = client.get(reverse("reports:import_mapping", args=[batch.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    data.update(extra)
    response = client.post(reverse("reports:import_mapping", args=[batch.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    batch.refresh_from_db()
    return batch


def confirm(client, batch, invite="later", capture=None):
    url = reverse("reports:import_confirm", args=[batch.pk])
    if capture is None:
        return client.post(url, {"invite": invite}, follow=True)
    with capture(execute=True):
        return client.post(url, {"invite": invite}, follow=True)


def rows_of(batch):
    return {row.number: row for row in ImportRow.objects.filter(batch=batch)}


def problems(row):
    return [(p["field"], p["level"]) for p in row.problems]


def import_schools(client, data, name="scholen.csv"):
    batch = link_columns(client, start(client, "schools", name, data))
    return batch


# --- Schools ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_schools_file_is_previewed_refused_while_broken_imported_once_skipped_and_idempotent(
        client, staff_user, utrecht, django_capture_on_commit_callbacks, file_format):
    client.force_login(staff_user)
    data = csv_bytes(SCHOOLS) if file_format == "csv" else xlsx_bytes(SCHOOLS)
    batch = import_schools(client, data, f"scholen.{file_format}")
    assert batch.mapping == {"name": 0, "brin": 1, "school_type": 2, "board": 3, "street": 4, "postcode": 5,
                             "city": 6, "leader_name": 7, "leader_email": 8, "leader_phone": 9, "school_year": 10,
                             "ambassadors_wanted": 11}
    rows = rows_of(batch)
    assert {n: r.action for n, r in rows.items()} == {2: "new", 3: "new", 4: "new", 5: "error", 6: "new", 7: "new"}
    assert sorted(problems(rows[5])) == [("leader_phone", "error"), ("postcode", "error")]
    assert ("leader_email", "warning") not in problems(rows[4])  # no leader at all is no problem
    assert ("region", "warning") in problems(rows[7])  # Almere is not a region of this foundation (yet)

    page = client.get(reverse("reports:import_detail", args=[batch.pk]))
    body = page.content.decode()
    assert "„3512” is geen Nederlandse postcode; schrijf hem als 3511 AB." in body
    assert "„12345” is geen Nederlands telefoonnummer" in body
    assert "Postcode (F)" in body  # the problem names the file's own column

    response = confirm(client, batch)
    assert "1 rij heeft nog een fout" in response.content.decode()
    assert School.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == "preview"

    row = rows[5]
    client.post(reverse("reports:import_row_skip", args=[batch.pk, row.pk]), {"skip": "1"})
    response = confirm(client, batch, capture=django_capture_on_commit_callbacks)
    assert "Geïmporteerd: 5 nieuw" in response.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.updated, batch.unchanged, batch.skipped) == ("done", 5, 0, 0, 1)
    assert batch.skipped_rows == [5] and batch.confirmed_by == staff_user
    assert not ImportRow.objects.filter(batch=batch).exists()  # the file's rows are gone once imported
    [event] = AuditEvent.objects.filter(action="import.done")  # who, when, which file, what it did
    assert (event.actor, event.details["file"], event.details["created"], event.details["skipped"]) == (
        staff_user, f"scholen.{file_format}", 5, 1)

    klimop = School.objects.get(brin="31KA")
    assert (klimop.name, klimop.postcode, klimop.city, klimop.region, klimop.board.name) == (
        "OBS De Klimop", "3532 HA", "Utrecht", utrecht, "Stichting Openbaar Onderwijs Utrecht")
    assert klimop.latitude is not None
    assert sorted(klimop.participations.values_list("school_year", "ambassadors_wanted")) == [(LAST, 1), (YEAR, 2)]
    assert (klimop.contact_name, klimop.contact_email, klimop.contact_phone) == (
        "Marloes de Wit", "m.dewit@klimop.example", "030 234 5678")
    kompas = School.objects.get(brin="31KB")
    assert (kompas.school_type, kompas.postcode, kompas.city) == ("po", "3521 AB", "Utrecht")
    assert School.objects.get(name="Het Baken").school_type == "vo"
    assert School.objects.get(brin="31KF").region is None
    assert SchoolBoard.objects.count() == 3
    leader = User.objects.get(email="j.smit@hetkompas.example")
    assert leader.role == Role.SCHOOL_LEADER and not leader.has_usable_password()
    assert (leader.first_name, leader.last_name) == ("Johan", "Smit")
    assert SchoolMembership.objects.get(user=leader).school == kompas
    assert not Invitation.objects.exists() and mail.outbox == []  # "later": nobody is surprised by an e-mail
    assert ImportAccount.objects.filter(batch=batch, invited_at__isnull=True).count() == 3

    # The same file again: every row is found, nothing changes.
    before = {s.pk: s.updated_at for s in School.objects.all()}
    again = import_schools(client, data, f"scholen.{file_format}")
    assert {n: r.action for n, r in rows_of(again).items()} == {
        2: "unchanged", 3: "unchanged", 4: "unchanged", 5: "error", 6: "unchanged", 7: "unchanged"}
    client.post(reverse("reports:import_skip_errors", args=[again.pk]))
    confirm(client, again, capture=django_capture_on_commit_callbacks)
    again.refresh_from_db()
    assert (again.status, again.created, again.updated, again.unchanged) == ("done", 0, 0, 5)
    assert {s.pk: s.updated_at for s in School.objects.all()} == before
    assert SchoolYearParticipation.objects.count() == 5 and User.objects.filter(role=Role.SCHOOL_LEADER).count() == 3
    assert SchoolMembership.objects.count() == 3 and SchoolBoard.objects.count() == 3
    assert not ImportAccount.objects.filter(batch=again).exists()


def test_invitations_go_out_later_from_the_import_in_each_persons_language(
        client, staff_user, utrecht, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    rows = [SCHOOLS[0] + ["Taal"], SCHOOLS[1] + ["Nederlands"], SCHOOLS[2] + ["English"]]
    batch = import_schools(client, csv_bytes(rows))
    confirm(client, batch, capture=django_capture_on_commit_callbacks)
    page = client.get(reverse("reports:import_detail", args=[batch.pk]))
    assert "2 mensen uit deze import hebben een account zonder uitnodiging" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:import_invitations", args=[batch.pk]), follow=True)
    assert "2 uitnodigingen verstuurd." in response.content.decode()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {"m.dewit@klimop.example": "Je bent uitgenodigd voor het platform van de onderwijsambassadeurs",
                        "j.smit@hetkompas.example": "You are invited to the education ambassadors platform"}
    english = next(m for m in mail.outbox if m.to == ["j.smit@hetkompas.example"])
    assert "CBS Het Kompas" in english.body and "/accounts/invite/" in english.body
    assert Invitation.objects.get(user__email="j.smit@hetkompas.example").invited_by == staff_user
    # Sending again invites nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:import_invitations", args=[batch.pk]))
    assert len(mail.outbox) == 2


def test_invitations_go_out_at_once_when_staff_choose_now(client, staff_user, utrecht,
                                                          django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    batch = import_schools(client, csv_bytes(SCHOOLS[:3]))
    confirm(client, batch, invite="now", capture=django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["j.smit@hetkompas.example", "m.dewit@klimop.example"]
    assert Invitation.objects.filter(invited_by=staff_user).count() == 2
    assert not ImportAccount.objects.filter(invited_at__isnull=True).exists()


# --- Ambassadors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_ambassadors_file_with_mixed_dates_is_imported_once_the_broken_row_is_skipped(
        client, staff_user, utrecht, django_capture_on_commit_callbacks, file_format):
    client.force_login(staff_user)
    data = csv_bytes(AMBASSADORS) if file_format == "csv" else xlsx_bytes(dated(AMBASSADORS))
    batch = link_columns(client, start(client, "ambassadors", f"ambassadeurs.{file_format}", data))
    rows = rows_of(batch)
    assert {n: r.action for n, r in rows.items()} == {2: "new", 3: "new", 4: "new", 5: "error", 6: "new"}
    assert problems(rows[5]) == [("vog_issued_on", "error")]
    body = client.get(reverse("reports:import_detail", args=[batch.pk])).content.decode()
    assert f"„31-2-{LAST}” is geen datum die bestaat." in body

    assert "1 rij heeft nog een fout" in confirm(client, batch).content.decode()
    assert not AmbassadorProfile.objects.exists()
    client.post(reverse("reports:import_skip_errors", args=[batch.pk]))
    confirm(client, batch, capture=django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.skipped) == ("done", 4, 1)

    vog = datetime.date(LAST, 9, 3)
    profiles = {p.user.email: p for p in AmbassadorProfile.objects.select_related("user")}
    assert sorted(profiles) == ["anna@ict.example", "fatima.elamrani@gemeente.example", "pieter@bank.example",
                                "sam@consult.example"]
    for email in ("pieter@bank.example", "fatima.elamrani@gemeente.example", "sam@consult.example"):
        profile = profiles[email]
        assert (profile.status, profile.vog_status, profile.vog_issued_on, profile.start_date) == (
            "active", "received", vog, datetime.date(YEAR, 9, 3)), email
    pieter = profiles["pieter@bank.example"]
    assert (pieter.sector, pieter.employer, pieter.phone, pieter.region, pieter.day_amount) == (
        "finance", "Rabobank", "06 12345678", utrecht, "full")
    assert sorted(AvailabilitySlot.objects.filter(profile=pieter).values_list("weekday", "part")) == [
        (2, "afternoon"), (2, "morning")]
    fatima = profiles["fatima.elamrani@gemeente.example"]
    assert (fatima.sector, fatima.day_amount, fatima.region) == ("government", "half", None)
    assert list(AvailabilitySlot.objects.filter(profile=fatima).values_list("weekday", "part")) == [(3, "morning")]
    sam = profiles["sam@consult.example"]
    assert sam.user.language == "en" and sam.sector == "business"
    assert sorted(AvailabilitySlot.objects.filter(profile=sam).values_list("weekday", "part")) == [
        (1, "afternoon"), (4, "afternoon")]
    anna = profiles["anna@ict.example"]
    assert (anna.status, anna.vog_status, anna.sector) == ("applied", "none", "it")
    assert StatusChange.objects.filter(profile=pieter, from_status="", to_status="active", actor=staff_user).exists()
    assert not pieter.user.has_usable_password() and mail.outbox == []

    again = link_columns(client, start(client, "ambassadors", f"ambassadeurs.{file_format}", data))
    assert {n: r.action for n, r in rows_of(again).items()} == {
        2: "unchanged", 3: "unchanged", 4: "unchanged", 5: "error", 6: "unchanged"}
    client.post(reverse("reports:import_skip_errors", args=[again.pk]))
    confirm(client, again, capture=django_capture_on_commit_callbacks)
    again.refresh_from_db()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert StatusChange.objects.count() == 4 and AvailabilitySlot.objects.count() == 2 + 1 + 2 + 4


def test_a_changed_ambassador_row_updates_the_profile(client, staff_user, utrecht, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    batch = link_columns(client, start(client, "ambassadors", "a.csv", csv_bytes(AMBASSADORS[:2])))
    confirm(client, batch, capture=django_capture_on_commit_callbacks)
    changed = [AMBASSADORS[0], list(AMBASSADORS[1])]
    changed[1][8] = "donderdagochtend"
    changed[1][7] = "ABN AMRO"
    batch = link_columns(client, start(client, "ambassadors", "a.csv", csv_bytes(changed)))
    [row] = rows_of(batch).values()
    assert row.action == "update"
    assert sorted(change[0] for change in row.changes) == ["days", "employer"]
    body = client.get(reverse("reports:import_detail", args=[batch.pk])).content.decode()
    assert "<del>dinsdag</del> → donderdag ochtend" in body and "<del>Rabobank</del> → ABN AMRO" in body
    confirm(client, batch, capture=django_capture_on_commit_callbacks)
    profile = AmbassadorProfile.objects.get(user__email="pieter@bank.example")
    assert profile.employer == "ABN AMRO" and profile.day_amount == "half"
    assert list(profile.slots.values_list("weekday", "part")) == [(4, "morning")]


# --- Placements --------------------------------------------------------------------------------------


def imported_people(client, utrecht, capture):
    for kind, rows in (("schools", SCHOOLS), ("ambassadors", AMBASSADORS)):
        batch = link_columns(client, start(client, kind, f"{kind}.csv", csv_bytes(rows)))
        client.post(reverse("reports:import_skip_errors", args=[batch.pk]))
        confirm(client, batch, capture=capture)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_placements_come_in_as_if_matched_and_matching_sees_the_ambassador_booked(
        client, staff_user, utrecht, django_capture_on_commit_callbacks, file_format):
    client.force_login(staff_user)
    imported_people(client, utrecht, django_capture_on_commit_callbacks)
    data = csv_bytes(PLACEMENTS) if file_format == "csv" else xlsx_bytes(dated(PLACEMENTS))
    batch = link_columns(client, start(client, "placements", f"plaatsingen.{file_format}", data))
    rows = rows_of(batch)
    assert {n: r.action for n, r in rows.items()} == {2: "new", 3: "new", 4: "error", 5: "new"}
    assert problems(rows[4]) == [("brin", "error")]
    assert "Geen school met BRIN 99ZZ op het platform" in client.get(
        reverse("reports:import_detail", args=[batch.pk])).content.decode()
    assert "1 rij heeft nog een fout" in confirm(client, batch).content.decode()
    assert not Placement.objects.exists()
    client.post(reverse("reports:import_row_skip", args=[batch.pk, rows[4].pk]), {"skip": "1"})
    confirm(client, batch, capture=django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.skipped) == ("done", 3, 1)

    today = timezone.localdate()
    pieter = AmbassadorProfile.objects.get(user__email="pieter@bank.example")
    current = Placement.objects.get(ambassador=pieter, status="active")
    need = current.need
    assert (need.school.brin, need.status, need.weekdays, need.day_part, need.school_year) == (
        "31KA", TeacherNeed.Status.FILLED, [2], "day", YEAR)
    assert (current.weekday, current.day_part, current.start_date, current.end_date) == (
        2, "day", datetime.date(YEAR, 9, 1), datetime.date(YEAR + 1, 7, 31))
    assert current.proposal.status == Proposal.Status.PLACED and current.proposal.run == batch.run
    assert batch.run.solver == MatchingRun.Solver.IMPORT and batch.run.proposals_made == 3
    assert sorted(PlacementSlot.objects.filter(ambassador=pieter).values_list("weekday", "part")) == [
        (2, "afternoon"), (2, "morning")]
    expected = [due for due in checkin_dates(current.start_date, current.end_date) if due >= today]
    assert sorted(CheckIn.objects.filter(placement=current, side="school").values_list("due_on", flat=True)) == expected
    assert CheckIn.objects.filter(placement=current).count() == 2 * len(expected)

    history = Placement.objects.get(ambassador=pieter, status="ended")
    assert (history.need.school.brin, history.need.school_year, history.end_date) == (
        "31KB", LAST, datetime.date(YEAR, 7, 10))
    assert not history.slots.exists() and not history.checkins.exists()
    fatima = Placement.objects.get(ambassador__user__email="fatima.elamrani@gemeente.example")
    assert (fatima.need.school.name, fatima.day_part, fatima.need.hours_per_week) == ("Het Baken", "morning", 4)

    # The next matching run sees Pieter as booked on Tuesday, and knows where he was last year.
    pool = ambassador_pool(matchable())
    arrays, index = pool.arrays, pool.ids.tolist().index(pieter.pk)
    assert int(arrays.slots[index]) == 0  # his only day is booked
    assert int(arrays.last_school[index]) == School.objects.get(brin="31KB").pk

    again = link_columns(client, start(client, "placements", f"plaatsingen.{file_format}", data))
    assert {n: r.action for n, r in rows_of(again).items()} == {2: "unchanged", 3: "unchanged", 4: "error",
                                                                  5: "unchanged"}
    client.post(reverse("reports:import_skip_errors", args=[again.pk]))
    confirm(client, again, capture=django_capture_on_commit_callbacks)
    again.refresh_from_db()
    assert (again.status, again.created, again.unchanged) == ("done", 0, 3)
    assert Placement.objects.count() == 3 and TeacherNeed.objects.count() == 3 and PlacementSlot.objects.count() == 3
