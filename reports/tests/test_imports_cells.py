"""Cells read the way people type them, and headings linked the way people write them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from reports.imports import cells
from reports.imports.cells import CellError
from reports.imports.columns import propose_mapping


@pytest.mark.parametrize("text", ["3-9-2025", "03-09-2025", "3/9/2025", "3.9.2025", "3-9-25", "2025-09-03",
                                  "2025-9-3", "2025-09-03 00:00:00", "3 september 2025", "3 September 2025",
                                  "3 sep 2025", "3 sept. 2025", "dinsdag 3 september 2025", "45903"])
def test_a_date_is_read_in_every_way_dutch_spreadsheets_write_it(text):
    assert cells.date(text) == datetime.date(2025, 9, 3)


@pytest.mark.parametrize("text", ["31-2-2025", "29-02-2025", "2025-13-01", "0-1-2025"])
def test_a_date_that_does_not_exist_is_named_so(text):
    with pytest.raises(CellError) as error:
        cells.date(text)
    assert error.value.msgid == "“%(value)s” is not a date that exists."


@pytest.mark.parametrize("text", ["morgen", "3 brumaire 2025", "2025", "3-9", "september"])
def test_what_is_no_date_is_refused_with_the_formats_to_use(text):
    with pytest.raises(CellError) as error:
        cells.date(text)
    with translation.override("nl"):
        assert "3-9-2025, 2025-09-03 of 3 september 2025" in cells.render(cells.problem("x", error.value.msgid,
                                                                                      **error.value.params))


@pytest.mark.parametrize(("text", "expected"), [
    ("dinsdag", [(2, "day")]),
    ("Di", [(2, "day")]),
    ("di en do", [(2, "day"), (4, "day")]),
    ("woensdagochtend", [(3, "morning")]),
    ("woensdag ochtend", [(3, "morning")]),
    ("wo-middag", [(3, "afternoon")]),
    ("'s middags op vrijdag", [(5, "afternoon")]),
    ("ma en do middag", [(1, "afternoon"), (4, "afternoon")]),
    ("dinsdag, woensdagochtend", [(2, "day"), (3, "morning")]),
    ("maandag (hele dag)", [(1, "day")]),
    ("Tuesday morning; Thursday", [(2, "morning"), (4, "day")]),
])
def test_days_are_read_with_their_part(text, expected):
    assert cells.days(text) == expected


def test_a_day_without_its_own_part_gets_the_default():
    assert cells.days("dinsdag, donderdagmiddag", default_part="morning") == [(2, "morning"), (4, "afternoon")]


@pytest.mark.parametrize(("text", "message"), [
    ("zaterdag", "“%(value)s”: ambassadors come on school days, Monday to Friday."),
    ("ochtend", "“%(value)s” names no weekday; write for example dinsdag or woensdagochtend."),
    ("dinsdag na school", "“%(value)s” cannot be read as days; write for example dinsdag, di en do, or "
                          "woensdagochtend."),
])
def test_what_is_no_school_day_is_refused(text, message):
    with pytest.raises(CellError) as error:
        cells.days(text)
    assert error.value.msgid == message


@pytest.mark.parametrize(("text", "expected"), [("06-12345678", "06 12345678"), ("0612345678", "06 12345678"),
                                                ("+31 30 123 4567", "030 123 4567"), ("612345678", "06 12345678"),
                                                ("(030) 2345678", "030 234 5678")])
def test_dutch_phone_numbers_are_normalised(text, expected):
    assert cells.phone(text) == expected


@pytest.mark.parametrize("text", ["12345", "+32 470 12 34 56", "bel mij", "=1+1"])
def test_other_phone_numbers_are_refused(text):
    with pytest.raises(CellError):
        cells.phone(text)


def test_postcodes_brin_and_school_years_are_normalised():
    assert cells.postcode("3511ab") == "3511 AB"
    assert cells.brin("12 ab") == "12AB"
    assert [cells.school_year_start(t) for t in ("2025-2026", "2025/26", "25-26", "2025 - 2026", "2025")] == [2025] * 5
    for bad, reader in (("3511 SA", cells.postcode), ("351 AB", cells.postcode), ("12AB00", cells.brin),
                        ("2025-2027", cells.school_year_start), ("volgend jaar", cells.school_year_start)):
        with pytest.raises(CellError):
            reader(bad)


def test_hours_and_whole_numbers_accept_dutch_decimals_and_refuse_the_impossible():
    assert cells.hours("4,5") == Decimal("4.5")
    assert cells.hours("6 uur") == Decimal("6.0")
    assert cells.integer("15 km", low=1, high=100) == 15
    for bad in ("0", "50", "veel"):
        with pytest.raises(CellError):
            cells.hours(bad)
    with pytest.raises(CellError):
        cells.integer("0", low=1, high=20)


@pytest.mark.parametrize(("text", "vocabulary", "expected"), [
    ("Bankwezen en financiën", "sector", "finance"), ("Banking and finance", "sector", "finance"),
    ("bank", "sector", "finance"), ("Gemeente", "sector", "government"), ("ICT", "sector", "it"),
    ("PO", "school_type", "po"), ("basisonderwijs", "school_type", "po"), ("PO/VO", "school_type", "po_vo"),
    ("Voortgezet onderwijs (vo)", "school_type", "vo"), ("ja", "release", "yes"), ("Wordt geregeld", "release",
                                                                                    "arranging"),
    ("actief", "status", "active"), ("English", "language", "en"), ("Nederlands", "language", "nl"),
])
def test_list_values_are_found_by_label_in_either_language_or_by_synonym(text, vocabulary, expected):
    assert cells.choice(text, vocabulary) == expected


def test_an_unknown_list_value_names_the_choices_in_the_readers_language():
    with pytest.raises(CellError) as error:
        cells.choice("Bakkerij", "sector")
    problem = cells.problem("sector", error.value.msgid, **error.value.params)
    with translation.override("nl"):
        assert cells.render(problem).startswith("„Bakkerij” kennen we hier niet; kies uit: Bankwezen en financiën, ")
    with translation.override("en"):
        assert cells.render(problem).startswith("“Bakkerij” is not known here; choose from: Banking and finance, ")


def test_several_tasks_in_one_cell():
    assert cells.choices("in de klas, surveilleren en administratie", "task") == [
        "classroom", "invigilation", "administrative"]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x.example\",\"klik\")", "=1+1", "+cmd", "-2+3", "@SUM(A1)"])
def test_a_text_that_a_spreadsheet_runs_as_a_formula_is_refused(text):
    with pytest.raises(CellError) as error:
        cells.plain(text, max_length=200)
    assert error.value.params == {"start": text[0]}


@pytest.mark.parametrize("text", ["", "-", "–", "n.v.t.", "  "])
def test_placeholders_for_nothing_count_as_empty(text):
    assert cells.is_empty(text)


# --- Headings ------------------------------------------------------------------------------------------


def test_dutch_headings_of_a_schools_sheet_are_linked():
    headers = ["Naam school", "BRIN", "Postcode", "Schoolleider", "E-mail", "Telefoon", "Opmerkingen intern"]
    assert propose_mapping("schools", headers) == {"name": 0, "brin": 1, "postcode": 2, "leader_name": 3,
                                                   "leader_email": 4, "leader_phone": 5}


def test_dutch_headings_of_an_ambassadors_sheet_are_linked():
    headers = ["Naam", "E-mailadres", "Telefoonnummer", "Sector", "Werkgever", "Dag", "VOG afgegeven op",
               "Startdatum", "Woonplaats"]
    assert propose_mapping("ambassadors", headers) == {
        "name": 0, "email": 1, "phone": 2, "sector": 3, "employer": 4, "days": 5, "vog_issued_on": 6,
        "start_date": 7, "city": 8}


def test_headings_are_linked_whatever_their_case_punctuation_or_small_typos():
    headers = ["E-MAIL ADRES", "voornaam:", "Achternaam ", "VOG-datum", "Beschikbare dagen", "Werkgevr"]
    assert propose_mapping("ambassadors", headers) == {"email": 0, "first_name": 1, "last_name": 2,
                                                       "vog_issued_on": 3, "days": 4, "employer": 5}


def test_english_headings_are_linked_too_and_each_column_once():
    headers = ["School name", "Postcode", "Postcode"]
    assert propose_mapping("schools", headers) == {"name": 0, "postcode": 1}
    assert propose_mapping("placements", ["Email", "BRIN", "Day", "Start date"]) == {
        "ambassador_email": 0, "brin": 1, "day": 2, "start_date": 3}
