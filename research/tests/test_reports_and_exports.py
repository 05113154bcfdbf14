"""Reports count people (n of N), hide small cells, and exports hold pseudonyms only; withdrawal reaches all."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching.models import MatchingRun, Placement, Proposal
from research import qdpx
from research.models import ExportLog, ParticipantLink
from research.selectors import reports
from research.services import codebook, coding, exports, participants, reliability
from research.tests import factories
from schools.tests.factories import TeacherNeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def study_data():
    """Two teachers (one mentions 'Extra handen' twice), one ambassador, a group interview, and a round."""
    study = factories.study()
    lead, second = factories.lead_of(study), factories.member(study)
    t1, t2 = factories.participant(study), factories.participant(study)
    amb = factories.participant(study, role="ambassador", quotes=False)
    group = factories.interview(study, [t1, t2])
    tg = factories.transcript(group, [
        (None, "Wat merken jullie van de onderwijsambassadeur?"),
        (t1, "Ze nam mijn surveillance over, dat scheelt twee uur."),
        (t2, "Bij ons werkt ze vooral in de klas. Het geeft rust."),
        (t1, "En ze controleert tabellen voor de sectie."),
    ])
    solo = factories.interview(study, [amb])
    ts = factories.transcript(solo, [(None, "Wat doe je op school?"), (amb, "Ik neem werk uit handen van drukke mensen.")])
    factories.code(tg, lead, 2, words="surveillance over", themes=["Extra handen"], stance="positive")
    factories.code(tg, lead, 4, words="controleert tabellen", themes=["Extra handen"])
    factories.code(tg, lead, 3, words="Het geeft rust.", themes=["Rust in de hectiek", "Werkplezier"])
    factories.code(ts, lead, 2, themes=["Extra handen"])
    round_ = reliability.round_create(study=study, actor=lead, name="R1", transcript_ids=[tg.pk], coder_ids=[lead.pk, second.pk])
    factories.code(tg, second, 2, words="twee uur", themes=["Extra handen"], round_=round_)
    factories.code(tg, lead, 2, words="twee uur", themes=["Werkplezier"], round_=round_)
    return study, lead, second, t1, t2, amb, tg, ts, round_


def _row(report, name):
    return next(r for r in report["rows"] if r["theme"].name == name)


def test_theme_by_role_counts_distinct_participants_of_all_interviewed(study_data):
    study, *_ = study_data
    report = reports.theme_by_role(study)
    assert [(role.value, n) for role, n in report["roles"]] == [("teacher", 2), ("school_leader", 0), ("ambassador", 1)]
    extra = _row(report, "Extra handen")
    assert [(c.n, c.total) for c in extra["cells"]] == [(1, 2), (0, 0), (1, 1)]  # t1 twice counts once
    assert extra["codings"] == 3 and extra["all"].n == 2
    assert [(c.n, c.total) for c in _row(report, "Rust in de hectiek")["cells"]] == [(1, 2), (0, 0), (0, 1)]


def test_round_codings_are_not_in_the_reports(study_data):
    study, *_ = study_data
    assert _row(reports.theme_by_role(study), "Werkplezier")["codings"] == 1  # the blind round's coding is not final


def test_cooccurrence_counts_turns_with_both_themes(study_data):
    study, *_ = study_data
    report = reports.cooccurrence(study)
    names = [t.name for t in report["themes"]]
    rust = _row(report, "Rust in de hectiek")["cells"]
    assert rust[names.index("Werkplezier")] == 1 and rust[names.index("Rust in de hectiek")] == 1
    assert rust[names.index("Extra handen")] == 0


def test_quotes_only_with_consent_for_quotes_and_with_context(study_data):
    study, *_ = study_data
    quotes = reports.with_context(list(reports.quotes(study)))
    assert {q.segment.participant.code for q in quotes} == {"L01", "L02"}  # OA01 gave no consent for quotes
    first = next(q for q in quotes if q.quote == "surveillance over")
    assert first.before.endswith("Ze nam mijn ") and first.after.startswith(", dat scheelt")


def test_outcome_report_shows_only_cells_of_five_or_more(study_data):
    study, lead, *_ = study_data
    placements = []
    for index in range(7):
        need = TeacherNeedFactory()
        proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ActiveAmbassadorFactory(),
                                           score=50, distance_km=2, weekday=2, day_part="morning", status="placed")
        placements.append(Placement.objects.create(proposal=proposal, need=need, ambassador=proposal.ambassador, weekday=2,
                                                   day_part="morning", start_date=need.start_date, end_date=need.end_date,
                                                   status="active" if index < 6 else "ended_early"))
    people = [factories.participant(study) for _ in range(7)]
    item = factories.interview(study, people)
    transcript = factories.transcript(item, [(p, f"Deelnemer {i} noemt de extra handen.") for i, p in enumerate(people)])
    for index, (person, placement) in enumerate(zip(people, placements, strict=True)):
        ParticipantLink.objects.create(participant=person, placement=placement)
        factories.code(transcript, lead, index + 1, words="extra handen", themes=["Extra handen"])
    report = reports.theme_by_outcome(study)
    assert [(key, total) for key, _label, total in report["outcomes"]] == [
        ("running", 6), ("ended", None), ("ended_early", None), ("education", None)]
    assert _row(report, "Extra handen")["cells"] == [6, None, None, None]
    assert _row(report, "Werkplezier")["cells"] == [None, None, None, None]  # 0 is below 5 as well


def _csv_rows(study):
    return list(csv.DictReader(io.StringIO(exports.export_csv(study=study).decode())))


def test_csv_has_one_row_per_coding_of_every_coder_with_pseudonyms(study_data):
    study, lead, second, *_ = study_data
    rows = _csv_rows(study)
    assert {"interview", "segment", "coder", "theme", "start", "end", "quote", "participant", "role"} <= set(rows[0])
    assert len(rows) == 7 and {r["coder"] for r in rows} == {lead.get_full_name(), second.get_full_name()}
    assert {r["round"] for r in rows} == {"", "R1"}
    for row in rows:
        assert row["participant"] in ("L01", "L02", "OA01")
    surveillance = next(r for r in rows if r["quote"] == "surveillance over")
    assert (surveillance["interview"], surveillance["segment"], surveillance["role"], surveillance["stance"]) == (
        "I01", "2", "teacher", "positive")
    assert ExportLog.objects.get(format="csv").rows == 7


def test_xlsx_holds_the_same_rows_and_text_stays_text(study_data):
    study, lead, *_ = study_data
    t1 = study.participants.get(code="L01")
    item = factories.interview(study, [t1])
    transcript = factories.transcript(item, [(t1, "=SOM(A1) is geen formule")])
    factories.code(transcript, lead, 1, themes=["Werkplezier"])
    sheet = load_workbook(io.BytesIO(exports.export_xlsx(study=study)), read_only=True)["codings"]
    values = list(sheet.values)
    header, body = list(values[0]), values[1:]
    assert header == exports.COLUMNS and len(body) == len(_csv_rows(study))
    formula = next(r for r in body if str(r[header.index("quote")]).startswith("=SOM"))
    assert formula[header.index("quote")] == "=SOM(A1) is geen formule"


def test_qdpx_validates_against_the_refi_schema_and_reads_back(study_data, tmp_path):
    study, lead, second, t1, t2, amb, tg, ts, round_ = study_data
    coding.memo_create(study=study, author=lead, body="Logboek: eerste indrukken")
    coding.memo_create(study=study, author=lead, body="Over het interview", target=tg.interview)
    path = tmp_path / "pilot.qdpx"
    call_command("research_export", "--study", study.slug, "--format", "qdpx", "--output", str(path), stdout=io.StringIO())
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        project = archive.read("project.qde")
        assert qdpx.validate(project) == []
        root = etree.fromstring(project)
        ns = {"q": qdpx.PROJECT_NS}
        # Read back with plain XPath, independent of our reader: every selection slices its source to the quote.
        sources = {s.get("guid"): archive.read("sources/" + s.get("plainTextPath").removeprefix("internal://")).decode()
                   for s in root.iterfind("q:Sources/q:TextSource", ns)}
        selections = [(s.getparent().get("guid"), int(s.get("startPosition")), int(s.get("endPosition")), s.get("creatingUser"))
                      for s in root.iterfind("q:Sources/q:TextSource/q:PlainTextSelection", ns)]
    quotes = sorted(sources[guid][start:end] for guid, start, end, _user in selections)
    assert quotes == sorted(r["quote"] for r in _csv_rows(study))
    users = {u.get("guid"): u.get("name") for u in root.iterfind("q:Users/q:User", ns)}
    assert {users[user] for *_rest, user in selections} == {lead.get_full_name(), second.get_full_name()}
    project_data = qdpx.read_project(data)
    assert [c["name"] for c in project_data["codes"]][:2] == ["Extra handen", "Werkplezier"]
    assert len(project_data["sources"]) == 2 and all("L01" in s["text"] or "OA01" in s["text"] for s in project_data["sources"])
    assert "Logboek: eerste indrukken" in project.decode()
    assert ExportLog.objects.get(format="qdpx", via="command").user is None


def test_the_codebook_exports_as_qdc_and_csv_that_import_again(study_data):
    study, lead, *_ = study_data
    other = factories.study(slug="kopie", lead=lead, default_codebook=False)
    created, _skipped = codebook.codebook_import(study=other, actor=lead,
                                                         data=exports.export_codebook_qdc(study=study), filename="c.qdc")
    assert [t.name for t in created] == [t.name for t in reports.themes_in_order(study)]
    third = factories.study(slug="derde", lead=lead, default_codebook=False)
    created, _skipped = codebook.codebook_import(study=third, actor=lead,
                                                         data=exports.export_codebook_csv(study=study), filename="c.csv")
    assert len(created) == 8


def test_withdrawal_removes_quotes_and_counts_from_every_report_and_export(study_data, client):
    study, lead, second, t1, t2, amb, tg, ts, round_ = study_data
    assert "surveillance over" in str([q.quote for q in reports.quotes(study)])
    participants.participant_withdraw(participant=t1, actor=lead)
    # Reports: counts and quotes.
    by_role = reports.theme_by_role(study)
    assert [(role.value, n) for role, n in by_role["roles"]] == [("teacher", 1), ("school_leader", 0), ("ambassador", 1)]
    assert [c.n for c in _row(by_role, "Extra handen")["cells"]] == [0, 0, 1]
    assert [(c.n, c.total) for c in _row(reports.theme_by_wave(study), "Extra handen")["cells"]] == [(1, 2)]
    assert all(q.segment.participant_id != t1.pk for q in reports.quotes(study))
    for turn in tg.segments.filter(participant=t1):
        assert turn.text == ""
    # Agreement: the withdrawn participant's turns are no units any more.
    reliability.round_close(round_=round_)
    from research.selectors.reliability import round_agreement
    assert round_agreement(round_)["units"] == 2  # interviewer + L02
    # Exports: CSV, XLSX, QDPX.
    rows = _csv_rows(study)
    assert rows and all(r["participant"] != "L01" for r in rows)
    assert not any("surveillance" in r["quote"] or "tabellen" in r["quote"] or "twee uur" in r["quote"] for r in rows)
    sheet = load_workbook(io.BytesIO(exports.export_xlsx(study=study)), read_only=True)["codings"]
    assert not any("L01" in [str(v) for v in row] for row in sheet.values)
    data = exports.export_qdpx(study=study)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        everything = "".join(archive.read(name).decode() for name in archive.namelist())
        assert qdpx.validate(archive.read("project.qde")) == []
    assert "dat scheelt twee uur" not in everything and "controleert tabellen" not in everything
    assert 'name="L01"' not in everything and 'name="L02"' in everything
    # The pages agree.
    client.force_login(lead)
    page = client.get(reverse("research:quotes", kwargs={"slug": study.slug})).content.decode()
    assert "surveillance over" not in page and "Het geeft rust." in page
    assert "L01" in client.get(reverse("research:participant_detail", kwargs={"slug": study.slug, "code": "L01"})).content.decode()
