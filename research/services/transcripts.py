"""Transcripts: upload, map speakers, review the proposed replacements, save as turns; corrections as new versions."""

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from ambassadors.models import AmbassadorProfile
from schools.models import School, SchoolMembership

from .. import importers, pseudonyms
from ..models import (
    Coding,
    Interview,
    InterviewPlacement,
    Memo,
    ParticipantLink,
    PseudonymKey,
    Segment,
    Transcript,
    TranscriptImport,
)
from ..offsets import normalise

INTERVIEWER = "Interviewer"
IMPORT_MAX_AGE = timedelta(days=1)


def import_upload(*, interview: Interview, actor, data: bytes, filename: str) -> TranscriptImport:
    """Parse an uploaded transcript into turns and keep it, not yet pseudonymised, until it is reviewed."""
    if interview.status == Interview.Status.PLANNED:
        raise ValidationError(_("Mark the interview as held first: that checks consent for the recording."))
    current = interview.transcripts.filter(is_current=True).first()
    if current is not None and current.is_locked:
        raise ValidationError(_("Coding of this transcript has started: correct it through a new version instead."))
    source_format, turns = importers.parse(data, filename)
    return TranscriptImport.objects.create(interview=interview, created_by=actor, source_format=source_format,
                                           sha256=hashlib.sha256(data).hexdigest(), turns=turns)


def _names(user) -> list[str]:
    return [n for n in (user.get_full_name(), user.first_name, user.last_name) if n and len(n) > 1]


def name_terms(interview: Interview) -> list[pseudonyms.Term]:
    """Every name the platform knows around this study: participants, their schools and places, the colleagues and
    ambassadors there, foundation staff; plus what the study replaced before. In a fixed number of queries."""
    study = interview.study
    links = list(ParticipantLink.objects.filter(participant__study=study, participant__withdrawn_at__isnull=True)
                 .select_related("participant", "user", "school", "ambassador__user", "placement__need__school",
                                 "placement__ambassador__user"))
    placements = [ip.placement for ip in InterviewPlacement.objects.filter(interview__study=study)
                  .select_related("placement__need__school", "placement__ambassador__user")]
    terms: list[pseudonyms.Term] = []
    people: dict[str, str] = {}
    for link in links:
        code = f"[{link.participant.code}]"
        for user in filter(None, [link.user, link.ambassador.user if link.ambassador else None]):
            for name in _names(user):
                people.setdefault(name, code)
    schools = {}
    for link in links:
        for school in filter(None, [link.school, link.placement.need.school if link.placement else None]):
            schools.setdefault(school.pk, school)
    for placement in placements + [link.placement for link in links if link.placement]:
        schools.setdefault(placement.need.school_id, placement.need.school)
    school_ids = sorted(schools)
    user_ids = [link.user_id for link in links if link.user_id]
    for school in School.objects.filter(pk__in=school_ids).select_related("board").order_by("name"):
        schools[school.pk] = school
    letters = {pk: chr(ord("A") + i % 26) for i, pk in enumerate(school_ids)}
    places = {}
    for pk in school_ids:
        school = schools[pk]
        terms.append(pseudonyms.Term(school.name, f"[School {letters[pk]}]"))
        if school.city:
            places.setdefault(school.city, f"[Plaats {chr(ord('A') + len(places) % 26)}]")
        if school.board_id:
            terms.append(pseudonyms.Term(school.board.name, "[Schoolbestuur]"))
        if school.contact_name:
            people.setdefault(school.contact_name, "[Contactpersoon]")
    colleagues = (SchoolMembership.objects.filter(school_id__in=school_ids).exclude(user_id__in=user_ids)
                  .select_related("user").order_by("user_id"))
    for number, membership in enumerate(colleagues, start=1):
        for name in _names(membership.user):
            people.setdefault(name, f"[Collega {number}]")
    others = (AmbassadorProfile.objects.filter(placements__need__school_id__in=school_ids).select_related("user")
              .distinct().order_by("pk"))
    for number, profile in enumerate(others, start=1):
        for name in _names(profile.user):
            people.setdefault(name, f"[Ambassadeur {number}]")
    for user in User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk"):
        for name in _names(user):
            people.setdefault(name, "[Medewerker stichting]")
    terms += [pseudonyms.Term(name, replacement) for name, replacement in people.items()]
    terms += [pseudonyms.Term(place, replacement) for place, replacement in places.items()]
    terms += [pseudonyms.Term(key.original, key.replacement)
              for key in PseudonymKey.objects.filter(study=study).order_by("original")]
    return terms


def import_proposals(upload: TranscriptImport) -> list[pseudonyms.Proposal]:
    texts = [turn["text"] for turn in upload.turns] + [turn["label"] for turn in upload.turns]
    return pseudonyms.propose(texts, name_terms(upload.interview))


def speaker_options(interview: Interview) -> dict:
    """The interview's participants by id, with the label their turns will carry."""
    return {ip.participant_id: ip for ip in interview.interview_participants.select_related("participant__consent")}


def guess_mapping(upload: TranscriptImport) -> dict[str, str]:
    """A first guess of who each label is: a participant whose label or code it is, or whose linked name it is."""
    options = speaker_options(upload.interview)
    links = {link.participant_id: link for link in ParticipantLink.objects.filter(participant_id__in=options)
             .select_related("user", "ambassador__user")}
    guess = {}
    for label in dict.fromkeys(turn["label"] for turn in upload.turns):
        folded = label.casefold()
        for pid, ip in options.items():
            link = links.get(pid)
            user = (link.user or (link.ambassador.user if link.ambassador else None)) if link else None
            names = [n.casefold() for n in _names(user)] if user else []
            if folded in (ip.speaker_label.casefold(), ip.participant.code.casefold(), *names):
                guess[label] = str(pid)
        guess.setdefault(label, "")
    return guess


@transaction.atomic
def import_save(*, upload: TranscriptImport, actor, mapping: dict[str, str], replacements: dict[str, str]) -> Transcript:
    """Save the reviewed upload as a new transcript version of turns, with the accepted replacements applied.

    `mapping` gives each speaker label a participant id, or "" for the interviewer.
    """
    upload = TranscriptImport.objects.select_for_update().select_related("interview").get(pk=upload.pk)
    interview = Interview.objects.select_for_update().get(pk=upload.interview_id)
    current = interview.transcripts.filter(is_current=True).first()
    if current is not None and current.is_locked:
        raise ValidationError(_("Coding of this transcript has started: correct it through a new version instead."))
    options = speaker_options(interview)
    labels = list(dict.fromkeys(turn["label"] for turn in upload.turns))
    speakers = {}
    for label in labels:
        choice = mapping.get(label)
        if choice is None:
            raise ValidationError(_("Say who '%(label)s' is.") % {"label": label or "?"})
        if choice == "":
            speakers[label] = (INTERVIEWER, None)
            continue
        try:
            ip = options[int(choice)]
        except (KeyError, ValueError):
            raise ValidationError(_("Choose a participant of this interview for '%(label)s'.") % {"label": label}) from None
        consent = ip.participant.consent
        if ip.participant.is_withdrawn or consent is None or not consent.transcript:
            raise ValidationError(_("%(code)s has not consented to the use of the transcript.") % {"code": ip.participant.code})
        speakers[label] = (ip.speaker_label, ip.participant)
    cleaned = {}
    for original, replacement in replacements.items():
        replacement = (replacement or "").strip()
        if not original:
            continue
        if not replacement or len(replacement) > 100:
            raise ValidationError(_("Give '%(original)s' a replacement of at most 100 characters.") % {"original": original})
        cleaned[original] = replacement
    version = (interview.transcripts.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    transcript = Transcript.objects.create(interview=interview, version=version, previous=current,
                                           source_format=upload.source_format, sha256=upload.sha256, created_by=actor)
    segments = []
    for turn in upload.turns:
        text = normalise(pseudonyms.apply(turn["text"], cleaned))
        if not text:
            continue
        speaker, participant = speakers[turn["label"]]
        segments.append(Segment(transcript=transcript, index=len(segments) + 1, speaker=speaker, participant=participant,
                                text=text, t_start_ms=turn.get("t_start_ms"), t_end_ms=turn.get("t_end_ms")))
    if not segments:
        raise ValidationError(_("Nothing of the transcript would remain."))
    for segment in segments:
        segment.full_clean(exclude=["transcript"])
    Segment.objects.bulk_create(segments)
    known = set(PseudonymKey.objects.filter(study=interview.study).values_list("original", flat=True))
    PseudonymKey.objects.bulk_create([PseudonymKey(study=interview.study, original=o[:200], replacement=r)
                                      for o, r in cleaned.items() if o[:200] not in known])
    if interview.status == Interview.Status.HELD:
        interview.status = Interview.Status.TRANSCRIBED
        interview.save(update_fields=["status"])
    upload.delete()
    return transcript


def imports_discard_stale() -> int:
    """Uploads hold names that are not replaced yet: none is kept longer than a day."""
    deleted, _rows = TranscriptImport.objects.filter(created_at__lt=timezone.now() - IMPORT_MAX_AGE).delete()
    return deleted


def _reanchor(quote: str, old_start: int, text: str) -> int | None:
    """Where the quoted words are in the corrected turn: the occurrence nearest the old place, or None."""
    positions, at = [], text.find(quote)
    while at != -1:
        positions.append(at)
        at = text.find(quote, at + 1)
    return min(positions, key=lambda p: abs(p - old_start)) if positions else None


@transaction.atomic
def transcript_correct(*, transcript: Transcript, actor, texts: dict[int, str], note: str = "") -> tuple[Transcript, list[Coding]]:
    """A corrected version: the turns' new texts, with every final coding carried over to where its words are.

    Returns the new version and the codings whose words are gone (they stay on the old version, listed for review).
    """
    transcript = Transcript.objects.select_for_update().select_related("interview").get(pk=transcript.pk)
    if not transcript.is_current:
        raise ValidationError(_("Only the current version can be corrected."))
    if transcript.rounds.filter(status="open").exists():
        raise ValidationError(_("A reliability round is coding this transcript; close it before correcting."))
    old_segments = list(transcript.segments.order_by("index"))
    new_texts = {}
    for segment in old_segments:
        text = normalise(texts.get(segment.pk, segment.text)) if not segment.redacted else ""
        if not text and not segment.redacted:
            raise ValidationError(_("Turn %(index)s would be empty; a turn cannot be removed in a correction.")
                                  % {"index": segment.index})
        new_texts[segment.pk] = text
    if all(new_texts[s.pk] == s.text for s in old_segments):
        raise ValidationError(_("Nothing was changed."))
    transcript.is_current = False
    transcript.save(update_fields=["is_current"])
    new = Transcript.objects.create(interview=transcript.interview, version=transcript.version + 1, previous=transcript,
                                    source_format=Transcript.Source.CORRECTION, created_by=actor,
                                    locked_at=transcript.locked_at, correction_note=note[:300])
    mapping = {}
    for segment in old_segments:
        mapping[segment.pk] = Segment.objects.create(
            transcript=new, index=segment.index, speaker=segment.speaker, participant=segment.participant,
            text=new_texts[segment.pk], t_start_ms=segment.t_start_ms, t_end_ms=segment.t_end_ms, redacted=segment.redacted)
    lost = []
    for coding in Coding.objects.filter(segment__transcript=transcript, round__isnull=True).select_related("segment"):
        target = mapping[coding.segment_id]
        start = coding.start if target.text == coding.segment.text else _reanchor(coding.quote, coding.start, target.text)
        if start is None:
            lost.append(coding)
            continue
        carried = Coding(segment=target, theme_id=coding.theme_id, coder_id=coding.coder_id, start=start,
                         end=start + len(coding.quote), quote=coding.quote, stance=coding.stance,
                         origin=coding.origin if coding.origin == Coding.Origin.CONSENSUS else Coding.Origin.CARRIED)
        carried.full_clean()
        carried.save()
        Memo.objects.filter(coding=coding).update(coding=carried)
    return new, lost
