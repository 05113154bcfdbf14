"""Research test data built through the services, so tests see what the pages and commands see."""

import datetime

from accounts.models import Role
from accounts.tests.factories import UserFactory
from research.models import Interview, Theme, TranscriptImport
from research.services import coding, interviews, participants, studies, transcripts

CONSENT_ALL = {"recording": True, "transcript": True, "quotes": True, "linking": True}


def researcher(**kwargs):
    return UserFactory(role=Role.RESEARCHER, **kwargs)


def study(lead=None, slug="pilot", default_codebook=True, **kwargs):
    lead = lead or researcher()
    return studies.study_create(actor=lead, name=kwargs.pop("name", "Pilot vo"), slug=slug,
                                default_codebook=default_codebook, **kwargs)


def lead_of(study_):
    return study_.members.get(role="lead").user


def member(study_, user=None, role="researcher"):
    user = user or researcher()
    studies.member_add(study=study_, email=user.email, role=role)
    return user


def participant(study_, role="teacher", consent=True, wave=None, **consent_flags):
    person = participants.participant_create(study=study_, role=role, wave=wave)
    if consent:
        participants.consent_record(participant=person, actor=lead_of(study_), info_letter_version="1.0",
                                    **{**CONSENT_ALL, **consent_flags})
        person.refresh_from_db()
    return person


def interview(study_, people, status=Interview.Status.HELD, wave=None, held_on=None, fmt=None):
    lead = lead_of(study_)
    item = interviews.interview_create(study=study_, actor=lead, held_on=held_on or datetime.date(2026, 1, 20),
                                       wave=wave, format=fmt or ("group" if len(people) > 1 else "individual"),
                                       mode="online", interviewers=[lead])
    for person in people:
        interviews.interview_participant_add(interview=item, participant=person)
    if status != Interview.Status.PLANNED:
        interviews.interview_transition(interview=item, to_status=Interview.Status.HELD)
    item.refresh_from_db()
    return item


def transcript(interview_, turns, replacements=None):
    """turns: [(participant or None for the interviewer, text)]."""
    lead = lead_of(interview_.study)
    labels = {}
    raw = []
    for person, text in turns:
        label = person.code if person else "Interviewer"
        labels[label] = str(person.pk) if person else ""
        raw.append({"label": label, "text": text, "t_start_ms": None, "t_end_ms": None})
    upload = TranscriptImport.objects.create(interview=interview_, created_by=lead, source_format="txt", sha256="0" * 64,
                                             turns=raw)
    return transcripts.import_save(upload=upload, actor=lead, mapping=labels, replacements=replacements or {})


def theme(study_, name):
    return Theme.objects.get(study=study_, name=name, merged_into__isnull=True)


def code(transcript_, coder, index, words="", themes=("Extra handen",), round_=None, stance=""):
    segment = transcript_.segments.get(index=index)
    study_ = transcript_.interview.study
    return coding.codings_add(transcript=transcript_, coder=coder, spans=[coding.Span(segment.pk, words=words)],
                              theme_ids=[theme(study_, name).pk for name in themes], stance=stance,
                              round_id=round_.pk if round_ else None)


def url_samples(lead):
    """Arguments for every research URL, on a study that `lead` leads (for the permission matrix)."""
    from research.models import ExportLog
    from research.services import reliability

    item = study(lead=lead, slug="matrix")
    second = member(item)
    teacher = participant(item)
    interview_ = interview(item, [teacher])
    transcript_ = transcript(interview_, [(None, "Wat doet de ambassadeur?"), (teacher, "Ze surveilleert.")])
    round_ = reliability.round_create(study=item, actor=lead, name="Ronde", transcript_ids=[transcript_.pk],
                                      coder_ids=[lead.pk, second.pk])
    upload = TranscriptImport.objects.create(interview=interview_, created_by=lead, source_format="txt", sha256="0" * 64,
                                             turns=[{"label": "L01", "text": "Hallo", "t_start_ms": None, "t_end_ms": None}])
    slug = {"slug": item.slug}
    code = {**slug, "code": teacher.code}
    icode = {**slug, "code": interview_.code}
    return {
        "research:study_detail": slug, "research:study_settings": slug, "research:team": slug,
        "research:member_change": slug, "research:key": slug, "research:participant_list": slug,
        "research:participant_detail": code, "research:consent_record": code, "research:participant_withdraw": code,
        "research:participant_link": code, "research:participant_memo": code, "research:interview_list": slug,
        "research:interview_create": slug, "research:interview_detail": icode, "research:interview_edit": icode,
        "research:interview_status": icode, "research:interview_participant": icode,
        "research:interview_placement": icode, "research:recording_deleted": icode, "research:interview_memo": icode,
        "research:transcript_upload": icode, "research:import_review": {**slug, "pk": upload.pk},
        "research:transcript": {**slug, "pk": transcript_.pk}, "research:transcript_correct": {**slug, "pk": transcript_.pk},
        "research:codings_add": {**slug, "pk": transcript_.pk}, "research:codings_remove": {**slug, "pk": transcript_.pk},
        "research:theme_css": slug, "research:memos": slug, "research:codebook": slug, "research:codebook_import": slug,
        "research:theme_detail": {**slug, "pk": theme(item, "Werkplezier").pk},
        "research:theme_merge": {**slug, "pk": theme(item, "Werkplezier").pk},
        "research:theme_memo": {**slug, "pk": theme(item, "Werkplezier").pk},
        "research:round_list": slug, "research:round_detail": {**slug, "pk": round_.pk},
        "research:round_close": {**slug, "pk": round_.pk}, "research:round_consensus": {**slug, "pk": round_.pk},
        "research:reports": slug, "research:quotes": slug, "research:exports": slug,
        "research:export_download": {**slug, "fmt": ExportLog.Format.CSV},
    }


def bulk(study_, interviews_n, coder=None, seed=0):
    """Many interviews at once (straight to the database), for query-count tests: each with one participant,
    consent, a current transcript of four turns and two codings."""
    import random

    from django.utils import timezone

    from research.models import Coding, Consent, Interview, InterviewParticipant, Participant, Segment, Transcript

    rng = random.Random(seed)
    coder = coder or lead_of(study_)
    themes = list(study_.themes.all())
    start = Participant.objects.filter(study=study_).count()
    roles = ["teacher", "school_leader", "ambassador"]
    people = Participant.objects.bulk_create([
        Participant(study=study_, code=f"X{start + i:03d}", role=roles[i % 3]) for i in range(interviews_n)])
    consents = Consent.objects.bulk_create([Consent(participant=p, info_letter_version="1", recording=True, transcript=True,
                                                    quotes=True, linking=True) for p in people])
    for person, consent in zip(people, consents, strict=True):
        person.consent = consent
    Participant.objects.bulk_update(people, ["consent"])
    base = Interview.objects.filter(study=study_).count()
    items = Interview.objects.bulk_create([Interview(study=study_, code=f"B{base + i:04d}", held_on=timezone.localdate(),
                                                     status="coding") for i in range(interviews_n)])
    InterviewParticipant.objects.bulk_create([InterviewParticipant(interview=i, participant=p, speaker_label=p.code)
                                              for i, p in zip(items, people, strict=True)])
    transcripts_ = Transcript.objects.bulk_create([Transcript(interview=i, source_format="txt") for i in items])
    segments = Segment.objects.bulk_create([
        Segment(transcript=t, index=k + 1, speaker=p.code if k % 2 else "Interviewer", participant=p if k % 2 else None,
                text=f"Beurt {k} van {p.code}: de ambassadeur nam taken over en gaf rust.")
        for t, p in zip(transcripts_, people, strict=True) for k in range(4)])
    codings = []
    for segment in segments:
        if segment.participant_id:
            theme_ = rng.choice(themes)
            codings.append(Coding(segment=segment, theme=theme_, coder=coder, start=0, end=5, quote=segment.text[:5]))
    Coding.objects.bulk_create(codings)
    return items
