"""The rules of the research services: consent, withdrawal, coding spans, locks and versions, the codebook."""

import threading
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction

from research.models import (
    Coding,
    Consent,
    Interview,
    Memo,
    Participant,
    ParticipantLink,
    Segment,
    StudyMember,
    Theme,
    ThemeEvent,
)
from research.services import codebook, coding, interviews, participants, transcripts
from research.tests import factories
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    study = factories.study()
    teacher = factories.participant(study, role="teacher")
    leader = factories.participant(study, role="school_leader")
    interview = factories.interview(study, [teacher, leader])
    transcript = factories.transcript(interview, [
        (None, "Wat levert de onderwijsambassadeur op?"),
        (teacher, "Ze nam mijn surveillance over. Dat gaf rust in mijn hoofd."),
        (leader, "Ik moet wel de poortwachter spelen."),
    ])
    return study, teacher, leader, interview, transcript


def test_codes_follow_the_role_and_count_up():
    study = factories.study()
    made = [participants.participant_create(study=study, role=r).code
            for r in ["teacher", "teacher", "school_leader", "ambassador", "ambassador"]]
    assert made == ["L01", "L02", "SL01", "OA01", "OA02"]


def test_an_interview_cannot_be_held_without_consent_for_recording():
    study = factories.study()
    teacher = factories.participant(study, recording=False)
    item = factories.interview(study, [teacher], status=Interview.Status.PLANNED)
    with pytest.raises(ValidationError, match="L01"):
        interviews.interview_transition(interview=item, to_status=Interview.Status.HELD)
    participants.consent_record(participant=teacher, actor=factories.lead_of(study), info_letter_version="1.1",
                                recording=True, transcript=True, quotes=False, linking=False)
    assert interviews.interview_transition(interview=item, to_status=Interview.Status.HELD).status == "held"


def test_consent_is_appended_and_the_latest_counts():
    study = factories.study()
    person = factories.participant(study)
    first = person.consent
    participants.consent_record(participant=person, actor=factories.lead_of(study), info_letter_version="2.0",
                                recording=True, transcript=True, quotes=False, linking=True)
    person.refresh_from_db()
    assert person.consent.info_letter_version == "2.0" and not person.consent.quotes
    assert Consent.objects.filter(pk=first.pk, quotes=True).exists()  # the earlier statement is unchanged
    assert person.consents.count() == 2


def test_a_withdrawn_consent_row_consents_to_nothing_in_the_database():
    study = factories.study()
    person = factories.participant(study)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(participant=person, info_letter_version="1", withdrawn=True, quotes=True)


def test_withdrawal_removes_words_codings_memos_and_link_but_keeps_the_fact(setup):
    study, teacher, leader, interview, transcript = setup
    lead = factories.lead_of(study)
    [made] = factories.code(transcript, lead, 2, words="surveillance over")
    coding.memo_create(study=study, author=lead, body="Mooi citaat", target=made)
    coding.memo_create(study=study, author=lead, body="Over L01", target=teacher)
    ParticipantLink.objects.create(participant=teacher, school=SchoolFactory())
    participants.participant_withdraw(participant=teacher, actor=lead, note="Per e-mail")
    teacher.refresh_from_db()
    assert teacher.is_withdrawn and teacher.consent.withdrawn and teacher.code == "L01"
    assert not Coding.objects.filter(segment__participant=teacher).exists()
    assert list(Segment.objects.filter(participant=teacher).values_list("text", "redacted")) == [("", True)]
    assert not Memo.objects.filter(body__in=["Mooi citaat", "Over L01"]).exists()
    assert not ParticipantLink.objects.filter(participant=teacher).exists()
    assert transcript.segments.get(index=3).text == "Ik moet wel de poortwachter spelen."  # others keep their words
    with pytest.raises(ValidationError):
        participants.consent_record(participant=teacher, actor=lead, info_letter_version="1", recording=True,
                                    transcript=True, quotes=True, linking=True)


def test_a_selection_across_turns_is_one_coding_per_turn_with_text_matching_the_quote(setup):
    study, teacher, leader, interview, transcript = setup
    lead = factories.lead_of(study)
    two, three = transcript.segments.get(index=2), transcript.segments.get(index=3)
    made = coding.codings_add(transcript=transcript, coder=lead, theme_ids=[factories.theme(study, "Rust in de hectiek").pk,
                                                                           factories.theme(study, "Werkplezier").pk],
                              spans=[coding.Span(two.pk, 31, len(two.text)), coding.Span(three.pk, 0, 7)], stance="positive")
    assert len(made) == 4
    for item in Coding.objects.all():
        assert item.segment.text[item.start:item.end] == item.quote
    assert sorted({c.quote for c in made}) == ["Dat gaf rust in mijn hoofd.", "Ik moet"]
    transcript.refresh_from_db()
    interview.refresh_from_db()
    assert transcript.is_locked and interview.status == Interview.Status.CODING


def test_the_same_coder_cannot_code_the_same_span_twice_but_another_coder_can(setup):
    study, teacher, leader, interview, transcript = setup
    lead, other = factories.lead_of(study), factories.member(study)
    factories.code(transcript, lead, 2, words="surveillance")
    with pytest.raises(ValidationError):
        factories.code(transcript, lead, 2, words="surveillance")
    factories.code(transcript, other, 2, words="surveillance")
    assert Coding.objects.count() == 2
    first = Coding.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(segment=first.segment, theme=first.theme, coder=first.coder, start=first.start,
                              end=first.end, quote=first.quote)


def test_the_database_refuses_a_quote_that_does_not_fit_its_span(setup):
    study, teacher, leader, interview, transcript = setup
    segment = transcript.segments.get(index=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(segment=segment, theme=factories.theme(study, "Werkplezier"), coder=factories.lead_of(study),
                              start=0, end=5, quote="Ze nam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(segment=segment, theme=factories.theme(study, "Werkplezier"), coder=factories.lead_of(study),
                              start=5, end=5, quote="")


def test_selections_outside_the_text_or_of_another_transcript_are_refused(setup):
    study, teacher, leader, interview, transcript = setup
    lead = factories.lead_of(study)
    segment = transcript.segments.get(index=2)
    theme_ids = [factories.theme(study, "Werkplezier").pk]
    for span in [coding.Span(segment.pk, 0, 999), coding.Span(segment.pk, 3, 3), coding.Span(segment.pk, words="niet hier"),
                 coding.Span(segment.pk + 999, 0, 3)]:
        with pytest.raises(ValidationError):
            coding.codings_add(transcript=transcript, coder=lead, spans=[span], theme_ids=theme_ids)
    with pytest.raises(ValidationError):
        coding.codings_add(transcript=transcript, coder=lead, spans=[coding.Span(segment.pk)], theme_ids=[0])
    assert not Coding.objects.exists()


def test_undo_removes_own_codings_only(setup):
    study, teacher, leader, interview, transcript = setup
    lead, other = factories.lead_of(study), factories.member(study)
    mine = factories.code(transcript, other, 2, words="surveillance")
    theirs = factories.code(transcript, lead, 2, words="rust")
    with pytest.raises(ValidationError):
        coding.codings_remove(transcript=transcript, user=other, coding_ids=[theirs[0].pk])
    assert coding.codings_remove(transcript=transcript, user=other, coding_ids=[mine[0].pk]) == 1
    assert list(Coding.objects.values_list("pk", flat=True)) == [theirs[0].pk]


def test_a_locked_transcript_is_corrected_through_a_new_version_that_carries_codings(setup):
    study, teacher, leader, interview, transcript = setup
    lead = factories.lead_of(study)
    kept = factories.code(transcript, lead, 2, words="rust in mijn hoofd")[0]
    gone = factories.code(transcript, lead, 2, words="surveillance", themes=["Extra handen"])[0]
    coding.memo_create(study=study, author=lead, body="Kern", target=kept)
    with pytest.raises(ValidationError):
        transcripts.import_upload(interview=interview, actor=lead, data=b"L01: opnieuw", filename="x.txt")
    two = transcript.segments.get(index=2)
    new, lost = transcripts.transcript_correct(transcript=transcript, actor=lead, note="typefout",
                                               texts={two.pk: "Ze nam het toezicht over. Dat gaf  rust in mijn hoofd."})
    assert new.version == 2 and new.is_current and new.is_locked
    transcript.refresh_from_db()
    assert not transcript.is_current
    assert lost == [gone]
    [carried] = Coding.objects.filter(segment__transcript=new)
    assert carried.quote == "rust in mijn hoofd" and carried.segment.text[carried.start:carried.end] == carried.quote
    assert carried.memos.get().body == "Kern"
    assert Coding.objects.filter(pk=gone.pk).exists()  # stays on the old version, for review


def test_a_new_upload_is_pseudonymised_with_names_the_platform_knows(setup):
    study, teacher, leader, interview, transcript = setup
    school = SchoolFactory(name="Het Baken", city="Amersfoort")
    colleague = SchoolMembershipFactory(school=school, user__first_name="Petra", user__last_name="Smit")
    ParticipantLink.objects.create(participant=teacher, school=school)
    ParticipantLink.objects.create(participant=leader, user=SchoolMembershipFactory(
        school=school, user__first_name="Karin", user__last_name="de Boer").user)
    item = factories.interview(study, [teacher])
    upload = transcripts.import_upload(interview=item, actor=factories.lead_of(study), filename="t.txt", data=(
        b"Interviewer: Hoe gaat het op Het Baken in Amersfoort?\n"
        b"L01: Goed. Karin de Boer regelde het, en Petra Smit ook. Mail me op l01@baken.nl of 06-12345678."))
    proposals = {p.original: p.replacement for p in transcripts.import_proposals(upload)}
    assert proposals == {"Het Baken": "[School A]", "Amersfoort": "[Plaats A]", "Karin de Boer": f"[{leader.code}]",
                         "Petra Smit": "[Collega 1]", "l01@baken.nl": "[e-mailadres]", "06-12345678": "[telefoonnummer]"}
    assert colleague.user.get_full_name() == "Petra Smit"
    proposals["Petra Smit"] = "[Docent Nederlands]"
    saved = transcripts.import_save(upload=upload, actor=factories.lead_of(study),
                                    mapping={"Interviewer": "", "L01": str(teacher.pk)}, replacements=proposals)
    text = "\n".join(saved.segments.values_list("text", flat=True))
    for name in ["Baken", "Amersfoort", "Karin", "Petra", "baken.nl", "12345678"]:
        assert name not in text
    assert "[Docent Nederlands] ook" in text
    assert set(study.pseudonym_keys.values_list("original", flat=True)) >= {"Het Baken", "Petra Smit"}


def test_codebook_rename_move_and_merge_keep_codings_and_history(setup):
    study, teacher, leader, interview, transcript = setup
    lead = factories.lead_of(study)
    extra = factories.theme(study, "Extra handen")
    calm = factories.theme(study, "Rust in de hectiek")
    coded = factories.code(transcript, lead, 2, words="surveillance", themes=["Extra handen"])[0]
    factories.code(transcript, lead, 2, words="surveillance", themes=["Rust in de hectiek"])
    factories.code(transcript, lead, 2, words="rust", themes=["Rust in de hectiek"])
    sub = codebook.theme_create(study=study, actor=lead, name="Surveilleren", parent=extra)
    codebook.theme_update(theme=extra, actor=lead, name="Extra handen in de school")
    codebook.theme_update(theme=calm, actor=lead, parent=extra)
    with pytest.raises(ValidationError):
        codebook.theme_update(theme=extra, actor=lead, parent=sub)  # no cycles
    codebook.theme_merge(source=calm, target=extra, actor=lead)
    calm.refresh_from_db()
    assert calm.merged_into_id == extra.pk
    coded.refresh_from_db()
    assert coded.theme_id == extra.pk
    # The span coded with both themes is one coding now; the other span moved over.
    assert sorted(Coding.objects.filter(theme=extra).values_list("quote", flat=True)) == ["rust", "surveillance"]
    actions = list(ThemeEvent.objects.filter(theme__in=[extra, calm]).values_list("action", flat=True))
    assert {"renamed", "moved", "merged"} <= set(actions)
    with pytest.raises(ValidationError):
        codebook.theme_create(study=study, actor=lead, name="werkplezier")  # names are unique, in any case


def test_codebook_imports_from_qdc_and_csv_and_skips_known_names():
    study = factories.study(default_codebook=False)
    lead = factories.lead_of(study)
    other = factories.study(slug="ander", lead=lead)
    qdc = codebook.qdpx.write_codebook(codebook.codebook_tree(other))
    created, skipped = codebook.codebook_import(study=study, actor=lead, data=qdc, filename="boek.qdc")
    assert len(created) == 8 and skipped == []
    assert Theme.objects.get(study=study, name="Werkplezier").definition.startswith("De aanwezigheid")
    csv_data = b"naam;bovenliggend;kleur\nWerkplezier;;\nCollegialiteit;Werkplezier;#112233\n"
    created, skipped = codebook.codebook_import(study=study, actor=lead, data=csv_data, filename="boek.csv")
    assert [t.name for t in created] == ["Collegialiteit"] and skipped == ["Werkplezier"]
    assert created[0].parent.name == "Werkplezier" and created[0].colour == "#112233"
    for data, name in [(b"<x/>", "b.qdc"), (b"niets", "b.csv"), (b"a", "b.pdf"), (b"name,parent\nA,Onbekend\n", "b.csv")]:
        with pytest.raises(ValidationError):
            codebook.codebook_import(study=study, actor=lead, data=data, filename=name)
    assert Theme.objects.filter(study=study).count() == 9


def _slow(model, method):
    """Make `model.method` take a moment, so that two threads both pass their reads before either writes (as they
    would under load without the lock that the test is about)."""
    original = getattr(model, method)

    def slow(self, *args, **kwargs):
        time.sleep(0.3)
        return original(self, *args, **kwargs)

    return mock.patch.object(model, method, slow)


def _race(*calls):
    """Run the calls at the same moment in threads; their results or exceptions, in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - returned to the test
            results[index] = exc
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="SQLite serialises all writes; the race needs PostgreSQL")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_coding_sent_twice_at_once_is_stored_once_and_the_other_is_told():
    study = factories.study()
    teacher = factories.participant(study)
    transcript = factories.transcript(factories.interview(study, [teacher]), [(teacher, "Ze nam mijn surveillance over.")])
    lead, segment = factories.lead_of(study), transcript.segments.get()
    theme_id = factories.theme(study, "Extra handen").pk
    with _slow(Coding, "full_clean"):
        results = _race(*[lambda: coding.codings_add(transcript=transcript, coder=lead,
                                                     spans=[coding.Span(segment.pk, 0, 6)], theme_ids=[theme_id])] * 2)
    assert Coding.objects.count() == 1
    assert sorted(type(r).__name__ for r in results) == ["ValidationError", "list"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_leads_stepping_down_at_once_leave_the_study_a_lead():
    from research.services import studies

    study = factories.study()
    factories.member(study, role="lead")
    leads = list(study.members.filter(role="lead"))
    with _slow(StudyMember, "save"):
        results = _race(*[lambda m=m: studies.member_set_role(study=study, member_id=m.pk, role="researcher")
                          for m in leads])
    assert study.members.filter(role="lead").count() == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_interviews_planned_at_once_get_different_codes():
    study = factories.study()
    lead = factories.lead_of(study)
    with _slow(Interview, "full_clean"):
        results = _race(*[lambda: interviews.interview_create(study=study, actor=lead, held_on="2026-02-01")] * 2)
    assert sorted(r.code for r in results) == ["I01", "I02"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_researchers_adding_participants_at_once_get_different_codes():
    study = factories.study()
    with _slow(Participant, "full_clean"):
        results = _race(*[lambda: participants.participant_create(study=study, role="teacher")] * 2)
    assert sorted(r.code for r in results) == ["L01", "L02"]
