"""Demo data of the research app: the pilot study, built through the same services the pages use.

seed_research() is called once from seed_demo; it does nothing when the study exists (idempotent), and draws every
choice from the random stream it is given (deterministic for the same arguments).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from ambassadors.models import AmbassadorProfile
from matching.models import Placement
from schools.models import School, SchoolMembership

from . import demo_data as demo
from .models import ConsensusDecision, Interview, Study, Theme, TranscriptImport
from .selectors.reliability import disagreements
from .services import codebook, coding, interviews, participants, reliability, studies, transcripts

SLUG = "pilot"


def seed_research(*, rng, researchers) -> Study:
    """The pilot study with its participants, consent, interviews, transcripts, codebook, a closed reliability round
    coded by the two researchers, and the final coding."""
    existing = Study.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing
    lead, second = researchers
    today = timezone.localdate()
    with transaction.atomic():
        study = studies.study_create(
            actor=lead, name="Pilot onderwijsambassadeurs in het vo", slug=SLUG, ethics_ref="ETC-2025-014",
            description="Wat levert de inzet van onderwijsambassadeurs op voor leraren, schoolleiders en de "
                        "ambassadeurs zelf, en onder welke voorwaarden? Interviews na de eerste periode en aan het "
                        "eind van het schooljaar.",
            info_letter_version="1.0", retention_until=today + timedelta(days=2 * 365))
        studies.member_add(study=study, email=second.email)
        waves = [studies.wave_create(study=study, name=name) for name in ("Eind eerste periode", "Eind schooljaar")]
        for name, parent, colour, definition in demo.SUB_THEMES:
            codebook.theme_create(study=study, actor=lead, name=name, colour=colour, definition=definition,
                                  parent=Theme.objects.get(study=study, name=parent))
        people = _participants(study, lead, waves)
        schools = _links(study, lead, people, rng)
        start = today - timedelta(days=240)
        made = {}
        for spec in demo.INTERVIEWS:
            made[spec["code"]] = _interview(study, lead, second, spec, people, waves, schools, start)
        _round(study, lead, second, made)
        for spec in demo.INTERVIEWS:
            item, transcript = made[spec["code"]]
            if not spec.get("round"):
                _code(transcript, lead, spec, final=True)
            if spec["code"] != "I07":
                interviews.interview_transition(interview=item, to_status=Interview.Status.CODED)
        participants.participant_withdraw(participant=people[demo.WITHDRAWS], actor=lead,
                                          note="Per e-mail teruggetrokken na het groepsgesprek.")
        planned = interviews.interview_create(study=study, actor=lead, held_on=today + timedelta(days=14),
                                              wave=waves[1], format="individual", mode="in_person", interviewers=[lead])
        interviews.interview_participant_add(interview=planned, participant=people[demo.PLANNED["participants"][0]])
        for body in demo.JOURNAL:
            coding.memo_create(study=study, author=lead, body=body)
        coding.memo_create(study=study, author=second, target=Theme.objects.get(study=study, name=demo.CONTACT),
                           body="Let op het verschil tussen informatie over de ambassadeur en de houding van de "
                                "ambassadeur zelf.")
        coding.memo_create(study=study, author=lead, target=made["I04"][0],
                           body="De enige match die in de pilot niet werkte: goed om naast I05 te leggen.")
    return study


def _participants(study, lead, waves):
    people = {}
    for code, role, wave in demo.PARTICIPANTS:
        person = participants.participant_create(study=study, role=role, wave=waves[wave], code=code)
        consent = {"recording": True, "transcript": True, "quotes": True, "linking": True, **demo.CONSENT.get(code, {})}
        participants.consent_record(participant=person, actor=lead, info_letter_version="1.0", **consent)
        person.refresh_from_db()
        people[code] = person
    return people


def _links(study, lead, people, rng):
    """Link participants to demo schools, leaders, ambassadors and placements; returns each participant's school."""
    placements = list(Placement.objects.select_related("need__school__region", "ambassador__user").order_by("pk"))
    placed = placements[:2]  # OA01 and OA02 are the ambassadors of the first two placements
    leaders = list(SchoolMembership.objects.filter(user__role=Role.SCHOOL_LEADER).select_related("user", "school")
                   .order_by("pk"))
    pool = list(AmbassadorProfile.objects.filter(user__role=Role.AMBASSADOR)
                .exclude(pk__in=[p.ambassador_id for p in placed]).select_related("user").order_by("pk"))
    all_schools = list(School.objects.select_related("region").order_by("pk"))
    rng.shuffle(leaders)
    rng.shuffle(pool)
    schools = {}
    for code, person in people.items():
        if not person.consent.linking:
            continue
        placement = school = None
        if person.role == "ambassador":
            placement = placed.pop(0) if placed and code in ("OA01", "OA02") else None
            profile = placement.ambassador if placement else (pool.pop() if pool else None)
            if profile is None:
                continue
            kwargs = {"user": profile.user, "ambassador": profile, "placement": placement}
            school = placement.need.school if placement else None
        elif person.role == "school_leader":
            if not leaders:
                continue
            membership = leaders.pop()
            kwargs, school = {"user": membership.user}, membership.school
        else:
            if not all_schools:
                continue
            placement = placements[0] if placements and code == "L01" else None
            school = placement.need.school if placement else rng.choice(all_schools)
            kwargs = {"school": school, "placement": placement}
        participants.participant_link(participant=person, actor=lead, **kwargs)
        if school is not None:
            schools[code] = school
    return schools


def _interview(study, lead, second, spec, people, waves, schools, start):
    held_on = start + timedelta(days=spec["days"])
    group = spec["format"] == "group"
    item = interviews.interview_create(
        study=study, actor=lead, held_on=held_on, wave=waves[spec["wave"]], format=spec["format"], mode="online",
        interviewers=[lead, second] if group else [lead], recording_delete_by=held_on + timedelta(days=180),
        recording_location=f"Beveiligde onderzoeksschijf hogeschool, map Pilot/{spec['code']}")
    for code in spec["participants"]:
        interviews.interview_participant_add(interview=item, participant=people[code])
    interviews.interview_transition(interview=item, to_status=Interview.Status.HELD)
    school = next((schools[c] for c in spec["participants"] if c in schools), None)
    fill = {"school": school.name if school else "school", "city": school.city if school else "de stad"}
    turns = [{"label": "Interviewer" if speaker == "I" else speaker, "text": text.format(**fill),
              "t_start_ms": None, "t_end_ms": None} for speaker, text, _final, _second in spec["turns"]]
    upload = TranscriptImport.objects.create(interview=item, created_by=lead, source_format="txt",
                                             sha256=f"{spec['code']:0>64}", turns=turns)
    replacements = {p.original: p.replacement for p in transcripts.import_proposals(upload)}  # all accepted
    mapping = {"Interviewer": "", **{code: str(people[code].pk) for code in spec["participants"]}}
    transcript = transcripts.import_save(upload=upload, actor=lead, mapping=mapping, replacements=replacements)
    if held_on + timedelta(days=180) < timezone.localdate() - timedelta(days=30):
        interviews.recording_mark_deleted(interview=item, on=held_on + timedelta(days=170))
    return item, transcript


def _theme_ids(study):
    return dict(Theme.objects.filter(study=study, merged_into__isnull=True).values_list("name", "pk"))


def _code(transcript, coder, spec, *, final, round_=None):
    """The spec's codings: final (and the first coder's round codings), or the second coder's."""
    themes = _theme_ids(transcript.interview.study)
    turns = {s.index: s for s in transcript.segments.all()}
    for index, (_speaker, _text, first, other) in enumerate(spec["turns"], start=1):
        for theme, words, stance in (first if final else other):
            coding.codings_add(transcript=transcript, coder=coder, spans=[coding.Span(turns[index].pk, words=words or "")],
                               theme_ids=[themes[theme]], stance=stance, round_id=round_.pk if round_ else None)


def _round(study, lead, second, made):
    """I01 and I03 coded blind by both researchers, then closed and discussed: the consensus is the final coding."""
    specs = [s for s in demo.INTERVIEWS if s.get("round")]
    round_ = reliability.round_create(study=study, actor=lead, name="Ronde 1: eerste periode",
                                      transcript_ids=[made[s["code"]][1].pk for s in specs],
                                      coder_ids=[lead.pk, second.pk])
    for spec in specs:
        transcript = made[spec["code"]][1]
        _code(transcript, lead, spec, final=True, round_=round_)
        _code(transcript, second, spec, final=False, round_=round_)
    reliability.round_close(round_=round_)
    reliability.consensus_adopt_agreements(round_=round_, actor=lead)
    for item in disagreements(round_):
        lead_applied = any(coder.pk == lead.pk and codings for coder, codings in item.by_coder)
        reliability.consensus_decide(round_=round_, actor=lead, segment_id=item.segment.pk, theme_id=item.theme.pk,
                                     decision=ConsensusDecision.Decision.APPLY if lead_applied
                                     else ConsensusDecision.Decision.REJECT)
    return round_

