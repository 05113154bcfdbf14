"""What the preview says about rows that clash with the platform or with each other, and the confirm's guarantees."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from matching.models import Placement, PlacementSlot
from matching.tests.test_placements import approved, both_accept
from reports.imports import services
from reports.imports.models import ImportBatch, ImportRow
from schools.models import School
from schools.tests.factories import RegionFactory, SchoolFactory, TeacherNeedFactory

from .import_files import LAST, YEAR, csv_bytes, upload

pytestmark = pytest.mark.django_db


def preview(actor, kind, rows, **options):
    batch = services.import_upload(actor=actor, upload=upload("bestand.csv", csv_bytes(rows)), kind=kind)
    batch = services.import_map(batch_id=batch.pk, mapping=batch.mapping, **options)
    return batch, {row.number: row for row in batch.rows.all()}


def messages_of(row):
    return [(p["field"], p["level"], p["msg"]) for p in row.problems]


def fields_in_error(row):
    return sorted(p["field"] for p in row.problems if p["level"] == "error")


SCHOOL_HEAD = ["Naam school", "BRIN", "Schoolbestuur", "Postcode", "Plaats", "Schoolleider", "E-mail", "Regio",
               "Schooljaar"]


def school_row(name="OBS De Klimop", brin="31KA", board="Stichting SOU", postcode="3532 HA", city="Utrecht",
               leader="", email="", region="", year=""):
    return [name, brin, board, postcode, city, leader, email, region, year]


# --- Schools ------------------------------------------------------------------------------------------


def test_a_school_already_on_the_platform_is_found_by_brin_or_by_name_and_postcode(staff_user):
    by_brin = SchoolFactory(name="De Klimop", brin="31KA", postcode="3532 HA")
    by_name = SchoolFactory(name="CBS  Het Kompas", brin="", postcode="3521 AB")
    batch, rows = preview(staff_user, "schools", [SCHOOL_HEAD, school_row(name="OBS De Klimop"),
                                                  school_row(name="cbs het kompas", brin="31KB", postcode="3521ab")])
    assert [rows[2].action, rows[3].action] == ["update", "update"]
    assert [c[0] for c in rows[2].changes] == ["name", "board", "school_year"]
    assert ["brin", "", "31KB"] in rows[3].changes  # the school gets its BRIN
    assert ("name", "info", "Already on the platform: %(school)s (%(city)s).") in messages_of(rows[2])
    services.rows_skip_errors(batch_id=batch.pk)
    services.import_confirm(batch_id=batch.pk, actor=staff_user)
    by_brin.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_brin.name, by_brin.board.name, by_name.brin, School.objects.count()) == (
        "OBS De Klimop", "Stichting SOU", "31KB", 2)


def test_brin_and_name_pointing_at_two_schools_is_an_error(staff_user):
    SchoolFactory(name="De Klimop", brin="31KA", postcode="3532 HA")
    SchoolFactory(name="Het Kompas", brin="31KB", postcode="3521 AB")
    _batch, rows = preview(staff_user, "schools", [SCHOOL_HEAD, school_row(name="Het Kompas", brin="31KA",
                                                                           postcode="3521 AB"),
                                                   school_row(name="Het Kompas", brin="31KC", postcode="3521 AB")])
    assert fields_in_error(rows[2]) == ["brin"] and fields_in_error(rows[3]) == ["brin"]


def test_the_same_school_twice_in_one_school_year_is_an_error_in_its_second_row(staff_user):
    _batch, rows = preview(staff_user, "schools", [SCHOOL_HEAD, school_row(), school_row(brin="", postcode="3532HA"),
                                                   school_row(year=f"{LAST}-{YEAR}")])
    assert [rows[2].action, rows[3].action, rows[4].action] == ["new", "error", "new"]
    [error] = [p for p in rows[3].problems if p["level"] == "error"]
    assert (error["field"], error["msg"], error["params"]) == (
        "name", "This school is also in row %(row)s for the same school year.", {"row": 2})


def test_a_new_school_needs_a_board_and_a_known_region(staff_user):
    RegionFactory(name="Utrecht", slug="utrecht")
    _batch, rows = preview(staff_user, "schools", [SCHOOL_HEAD, school_row(board=""), school_row(
        name="Het Kompas", brin="31KB", region="Amersfoort")])
    assert fields_in_error(rows[2]) == ["board"]
    assert fields_in_error(rows[3]) == ["region"]
    assert rows[3].problems[-1]["params"] == {"value": "Amersfoort", "known": "Utrecht"}


def test_a_leader_whose_address_belongs_to_another_role_is_an_error(staff_user):
    AmbassadorProfileFactory(user__email="m.dewit@klimop.example")
    _batch, rows = preview(staff_user, "schools", [SCHOOL_HEAD, school_row(leader="Marloes de Wit",
                                                                           email="M.deWit@klimop.example")])
    assert fields_in_error(rows[2]) == ["leader_email"]


def test_a_leader_with_an_account_is_linked_and_one_leader_of_two_schools_gets_one_account(staff_user,
                                                                                            leader_user):
    batch, rows = preview(staff_user, "schools", [
        SCHOOL_HEAD, school_row(leader="Jan Jansen", email=leader_user.email),
        school_row(name="Het Kompas", brin="31KB", postcode="3521 AB", leader="Anna Bos", email="anna@bos.example"),
        school_row(name="De Fontein", brin="31KC", postcode="3512 AB", leader="Anna Bos", email="anna@bos.example")])
    assert ("leader_email", "info", "Has an account already: linked to this school.") in messages_of(rows[2])
    assert ("leader_email", "info", "Gets the account of row %(row)s.") in messages_of(rows[4])
    services.import_confirm(batch_id=batch.pk, actor=staff_user)
    assert set(leader_user.schools.values_list("brin", flat=True)) >= {"31KA"}
    anna = User.objects.get(email="anna@bos.example")
    assert set(anna.schools.values_list("brin", flat=True)) == {"31KB", "31KC"}


# --- Ambassadors -------------------------------------------------------------------------------------------

AMB_HEAD = ["Naam", "E-mail", "Postcode", "Dag", "VOG afgegeven op", "Status"]


def test_ambassador_rows_that_contradict_themselves_or_the_platform(staff_user):
    UserFactory(email="onderzoeker@hogeschool.example", role=Role.RESEARCHER)
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d-%m-%Y")
    _batch, rows = preview(staff_user, "ambassadors", [
        AMB_HEAD,
        ["Piet Smit", "piet@example.nl", "3511 AB", "dinsdag", "", "actief"],
        ["Jansen, Anna", "anna@example.nl", "3511 AB", "zaterdag", f"1-9-{LAST}", ""],
        ["Kees Bos", "kees@example.nl", "3511 AB", "vrijdag", future, ""],
        ["Lisette van Rossum", "onderzoeker@hogeschool.example", "3511 AB", "maandag", "", ""],
        ["Anna Jansen", "ANNA@example.nl", "3511 AB", "maandag", "", ""],
        ["", "geen-naam@example.nl", "", "", "", ""],
    ])
    assert fields_in_error(rows[2]) == ["status"]  # active without a VOG date
    assert fields_in_error(rows[3]) == ["days"]  # saturday
    assert rows[3].data["name"] == "Anna Jansen"  # "Jansen, Anna"
    assert fields_in_error(rows[4]) == ["vog_issued_on"]  # a VOG from the future
    assert fields_in_error(rows[5]) == ["email"]  # a researcher's address
    assert fields_in_error(rows[6]) == ["email"]  # the same person twice
    assert fields_in_error(rows[7]) == ["name"]
    assert ("postcode", "warning", "Without a postcode matching finds no schools nearby.") in messages_of(rows[7])


# --- Placements -------------------------------------------------------------------------------------------

PL_HEAD = ["E-mail", "BRIN", "Dag", "Startdatum", "Einddatum"]


@pytest.fixture
def placed_world(db):
    school = SchoolFactory(brin="31KA", postcode="3532 HA")
    other = SchoolFactory(brin="31KB", postcode="3521 AB")
    profile = ActiveAmbassadorFactory(user__email="pieter@bank.example")
    return school, other, profile


def test_placement_rows_that_cannot_be(staff_user, placed_world):
    _school, other, profile = placed_world
    need = TeacherNeedFactory(school=other, weekdays=[4], day_part="morning",
                              start_date=timezone.localdate(), end_date=timezone.localdate() + datetime.timedelta(90))
    both_accept(approved(need, profile, weekday=4))
    _batch, rows = preview(staff_user, "placements", [
        PL_HEAD,
        ["pieter@bank.example", "31KA", "dinsdag en woensdag", f"1-9-{YEAR}", ""],
        ["pieter@bank.example", "31KA", "dinsdag", f"1-9-{YEAR}", f"1-8-{YEAR}"],
        ["pieter@bank.example", "31KA", "dinsdag", f"1-9-{LAST}", f"1-9-{YEAR}"],
        ["pieter@bank.example", "31KA", "donderdagochtend", f"1-9-{YEAR}", ""],
        ["pieter@bank.example", "31KA", "dinsdagmiddag", f"1-9-{YEAR}", ""],
        ["pieter@bank.example", "31KA", "dinsdag", f"2-9-{YEAR}", ""],
        ["niemand@example.nl", "31KA", "dinsdag", f"1-9-{YEAR}", ""],
    ])
    assert fields_in_error(rows[2]) == ["day"]  # two weekdays
    assert fields_in_error(rows[3]) == ["end_date"]  # ends before it starts
    assert fields_in_error(rows[4]) == ["end_date"]  # spans two school years
    assert fields_in_error(rows[5]) == ["day"]  # booked at the other school on thursday morning
    assert rows[6].action == "new"
    assert fields_in_error(rows[7]) == ["day"]  # row 6 books tuesday afternoon already
    assert rows[7].problems[0]["params"] == {"row": 6}
    assert fields_in_error(rows[8]) == ["ambassador_email"]


def test_a_placement_for_an_ambassador_without_vog_comes_in_with_a_warning(staff_user, placed_world):
    AmbassadorProfileFactory(user__email="nieuw@example.nl")
    _batch, rows = preview(staff_user, "placements", [PL_HEAD, ["nieuw@example.nl", "31KA", "dinsdag",
                                                                f"1-9-{YEAR}", ""]])
    assert rows[2].action == "new"
    assert [p["level"] for p in rows[2].problems] == ["warning"]


def test_a_changed_end_date_updates_the_placement_and_its_check_ins(staff_user, placed_world):
    batch, _rows = preview(staff_user, "placements", [PL_HEAD, ["pieter@bank.example", "31KA", "dinsdag",
                                                                f"1-9-{YEAR}", ""]])
    services.import_confirm(batch_id=batch.pk, actor=staff_user)
    placement = Placement.objects.get()
    end = datetime.date(YEAR + 1, 6, 30)
    batch, rows = preview(staff_user, "placements", [PL_HEAD, ["pieter@bank.example", "31KA", "dinsdag",
                                                               f"1-9-{YEAR}", end.isoformat()]])
    assert rows[2].action == "update" and rows[2].changes[0][0] == "end_date"
    services.import_confirm(batch_id=batch.pk, actor=staff_user)
    placement.refresh_from_db()
    assert placement.end_date == end == placement.need.end_date
    assert not placement.checkins.filter(due_on__gt=end).exists()


# --- The confirm ----------------------------------------------------------------------------------


def test_the_confirm_checks_again_and_imports_nothing_when_the_platform_changed_since_the_preview(staff_user):
    batch, rows = preview(staff_user, "ambassadors", [AMB_HEAD, ["Piet Smit", "piet@example.nl", "3511 AB", "dinsdag",
                                                                 "", ""],
                                                      ["Anna Bos", "anna@example.nl", "3511 AB", "dinsdag", "", ""]])
    assert {row.action for row in rows.values()} == {"new"}
    UserFactory(email="anna@example.nl", role=Role.SCHOOL_LEADER)  # meanwhile, someone else
    batch = services.import_confirm(batch_id=batch.pk, actor=staff_user)
    assert batch.status == "preview"
    assert "Nothing was imported" in batch.message or "Er is niets geïmporteerd" in batch.message
    assert not User.objects.filter(email="piet@example.nl").exists()
    assert ImportRow.objects.get(batch=batch, number=3).action == "error"


def test_the_confirm_refuses_an_import_that_is_not_waiting_for_it(staff_user):
    batch, _rows = preview(staff_user, "ambassadors", [AMB_HEAD, ["Piet Smit", "piet@example.nl", "3511 AB",
                                                                  "dinsdag", "", ""]])
    services.import_confirm(batch_id=batch.pk, actor=staff_user)
    with pytest.raises(ValidationError):
        services.import_confirm(batch_id=batch.pk, actor=staff_user)
    with pytest.raises(ValidationError):
        services.import_confirm(batch_id=batch.pk, actor=staff_user, invite="soon")
    assert User.objects.filter(email="piet@example.nl").count() == 1


def test_every_row_skipped_is_nothing_to_import(staff_user):
    batch, rows = preview(staff_user, "ambassadors", [AMB_HEAD, ["Piet Smit", "piet@example.nl", "3511 AB",
                                                                 "dinsdag", "", ""]])
    services.row_set_skip(batch_id=batch.pk, row_id=rows[2].pk, skip=True)
    with pytest.raises(ValidationError, match="nothing to import|niets te importeren"):
        services.import_confirm(batch_id=batch.pk, actor=staff_user)


def test_skipping_the_first_of_two_duplicates_lets_the_second_through(staff_user):
    row = ["Piet Smit", "piet@example.nl", "3511 AB", "dinsdag", "", ""]
    batch, rows = preview(staff_user, "ambassadors", [AMB_HEAD, row, row])
    assert rows[3].action == "error"
    services.row_set_skip(batch_id=batch.pk, row_id=rows[2].pk, skip=True)
    batch = services.import_confirm(batch_id=batch.pk, actor=staff_user)
    assert (batch.status, batch.created, batch.skipped_rows) == ("done", 1, [2])


def test_stale_previews_expire_and_their_rows_are_deleted(staff_user):
    old, _rows = preview(staff_user, "ambassadors", [AMB_HEAD, ["Piet Smit", "piet@example.nl", "", "", "", ""]])
    fresh, _rows = preview(staff_user, "ambassadors", [AMB_HEAD, ["Anna Bos", "anna@example.nl", "", "", "", ""]])
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert services.imports_clean_stale() == 1
    old.refresh_from_db()
    assert old.status == "expired" and not old.rows.exists()
    assert ImportBatch.objects.get(pk=fresh.pk).status == "preview" and fresh.rows.exists()
    assert services.imports_clean_stale() == 0


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_confirmed_at_once_create_each_school_once():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; this race is exercised on PostgreSQL in CI")
    staff = UserFactory(role=Role.STAFF)
    rows = [SCHOOL_HEAD] + [school_row(name=f"School {i}", brin=f"4{i}AA", postcode=f"35{i}1 AB",
                                       leader=f"Leider {i}", email=f"leider{i}@example.nl") for i in range(5)]
    batches = [preview(staff, "schools", rows)[0] for _ in range(2)]
    barrier, results = threading.Barrier(2), []

    def confirm(batch_id):
        try:
            barrier.wait()
            results.append(services.import_confirm(batch_id=batch_id, actor=staff).status)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=confirm, args=(b.pk,)) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert School.objects.count() == 5 and User.objects.filter(role=Role.SCHOOL_LEADER).count() == 5
    assert "done" in results and len(results) == 2


@pytest.mark.django_db(transaction=True)
def test_a_placement_import_and_a_match_at_the_same_moment_never_double_book():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; this race is exercised on PostgreSQL in CI")
    staff = UserFactory(role=Role.STAFF)
    school = SchoolFactory(brin="31KA", postcode="3532 HA")
    profile = ActiveAmbassadorFactory(user__email="pieter@bank.example")
    start = timezone.localdate() + datetime.timedelta(days=7)
    need = TeacherNeedFactory(school=school, weekdays=[2], day_part="morning", start_date=start,
                              end_date=start + datetime.timedelta(days=60))
    proposal = approved(need, profile, weekday=2)
    from matching import services as matching_services

    matching_services.proposal_respond(proposal_id=proposal.pk, actor=None, side="school", accept=True)
    batch, _rows = preview(staff, "placements", [PL_HEAD, ["pieter@bank.example", "31KA", "dinsdagochtend",
                                                           start.isoformat(), ""]])
    barrier, errors = threading.Barrier(2), []

    def run(job):
        try:
            barrier.wait()
            job()
        except ValidationError as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    jobs = [lambda: services.import_confirm(batch_id=batch.pk, actor=staff),
            lambda: matching_services.proposal_respond(proposal_id=proposal.pk, actor=profile.user,
                                                       side="ambassador", accept=True)]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert PlacementSlot.objects.filter(ambassador=profile, weekday=2, part="morning").count() == 1
    assert Placement.objects.filter(ambassador=profile, status="active").count() == 1


def test_a_placement_that_matching_made_is_found_again_and_left_alone_when_the_file_names_no_end(staff_user,
                                                                                                placed_world):
    school, _other, profile = placed_world
    start = timezone.localdate() + datetime.timedelta(days=7)
    need = TeacherNeedFactory(school=school, weekdays=[2], day_part="morning", start_date=start,
                              end_date=start + datetime.timedelta(days=60))
    both_accept(approved(need, profile, weekday=2))
    placement = Placement.objects.get()
    _batch, rows = preview(staff_user, "placements", [PL_HEAD, ["pieter@bank.example", "31KA", "dinsdagochtend",
                                                                placement.start_date.isoformat(), ""]])
    assert rows[2].action == "unchanged"
