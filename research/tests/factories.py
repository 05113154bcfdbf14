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
