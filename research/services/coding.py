"""Coding: themes applied to words of a turn (or whole turns), memos, and undo."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import offsets
from ..models import Coding, Interview, Memo, ReliabilityRound, Segment, Stance, Study, Theme, Transcript

MAX_SPANS = 200


@dataclass(frozen=True)
class Span:
    """A selection in one turn: UTF-16 offsets from a browser, or the words typed (or nothing: the whole turn)."""

    segment_id: int
    start16: int | None = None
    end16: int | None = None
    words: str = ""


def _locate(segment: Segment, span: Span) -> tuple[int, int]:
    text = segment.text
    if span.start16 is not None and span.end16 is not None:
        try:
            start, end = offsets.from_utf16(text, span.start16), offsets.from_utf16(text, span.end16)
        except ValueError:
            raise ValidationError(_("The selection in turn %(index)s does not fit its text; reload the page.")
                                  % {"index": segment.index}) from None
        if start > end:
            start, end = end, start
    elif span.words.strip():
        words = offsets.normalise(span.words).strip()
        start = text.find(words)
        if start == -1:
            raise ValidationError(_("These words are not in turn %(index)s: “%(words)s”.")
                                  % {"index": segment.index, "words": words[:80]})
        end = start + len(words)
    else:
        start, end = 0, len(text)
    while start < end and text[start].isspace():  # a selection does not start or end in white space
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ValidationError(_("Select some words first."))
    return start, end


def coding_round(*, transcript: Transcript, coder, round_id) -> ReliabilityRound | None:
    """The open round in which this coder codes this transcript blind, or None for the final coding."""
    if not round_id:
        return None
    round_ = ReliabilityRound.objects.filter(pk=round_id, study_id=transcript.interview.study_id).first()
    if round_ is None or not round_.is_open:
        raise ValidationError(_("This reliability round is closed."))
    if not round_.coders.filter(pk=coder.pk).exists() or not round_.transcripts.filter(pk=transcript.pk).exists():
        raise ValidationError(_("You do not code this transcript in this round."))
    return round_


@transaction.atomic
def codings_add(*, transcript: Transcript, coder, spans: list[Span], theme_ids: list[int], stance: str = "",
                round_id=None, memo: str = "") -> list[Coding]:
    """One coding per turn and theme for the selected spans; a selection across turns is one coding per turn.

    The first coding locks the transcript: from then on corrections go through a new version.
    """
    transcript = Transcript.objects.select_for_update().select_related("interview").get(pk=transcript.pk)
    study: Study = transcript.interview.study
    if not transcript.is_current:
        raise ValidationError(_("This is an earlier version; code the current one."))
    if not spans:
        raise ValidationError(_("Select some words or a turn first."))
    if len(spans) > MAX_SPANS:
        raise ValidationError(_("Select fewer turns at once."))
    if stance not in Stance.values:
        raise ValidationError(_("Choose a valid stance."))
    round_ = coding_round(transcript=transcript, coder=coder, round_id=round_id)
    themes = Theme.objects.filter(study=study, pk__in=theme_ids, merged_into__isnull=True)
    if round_ is not None:
        themes = themes.filter(rounds=round_)
    themes = list(themes)
    if not themes or len(themes) != len(set(theme_ids)):
        raise ValidationError(_("Choose one or more themes of the codebook."))
    segments = {s.pk: s for s in transcript.segments.select_related("participant__consent")
                .filter(pk__in=[span.segment_id for span in spans])}
    located = []
    for span in spans:
        segment = segments.get(span.segment_id)
        if segment is None:
            raise ValidationError(_("Select turns of this transcript."))
        participant = segment.participant
        if segment.redacted or (participant and (participant.is_withdrawn or not (participant.consent and participant.consent.transcript))):
            raise ValidationError(_("Turn %(index)s may not be used: its speaker withdrew or did not consent.")
                                  % {"index": segment.index})
        located.append((segment, *_locate(segment, span)))
    created = []
    existing = set(Coding.objects.filter(segment__in=[s for s, _a, _b in located], coder=coder, round=round_)
                   .values_list("segment_id", "theme_id", "start", "end"))
    for segment, start, end in located:
        for theme in themes:
            if (segment.pk, theme.pk, start, end) in existing:
                continue
            coding = Coding(segment=segment, theme=theme, coder=coder, round=round_, start=start, end=end,
                            quote=segment.text[start:end], stance=stance)
            coding.full_clean(validate_unique=False, validate_constraints=False)
            coding.save()
            existing.add((segment.pk, theme.pk, start, end))
            created.append(coding)
    if not created:
        raise ValidationError(_("You already coded these words with these themes."))
    if memo.strip():
        for coding in created:
            Memo.objects.create(study=study, author=coder, body=memo.strip(), coding=coding)
    if transcript.locked_at is None:
        transcript.locked_at = timezone.now()
        transcript.save(update_fields=["locked_at"])
    interview = transcript.interview
    if interview.status in (Interview.Status.HELD, Interview.Status.TRANSCRIBED):
        interview.status = Interview.Status.CODING
        interview.save(update_fields=["status"])
    return created


@transaction.atomic
def codings_remove(*, transcript: Transcript, user, coding_ids: list[int], is_lead: bool = False) -> int:
    """Remove codings (undo): one's own; the lead may also remove another coder's final codings."""
    qs = Coding.objects.select_for_update(of=("self",)).filter(pk__in=coding_ids, segment__transcript=transcript)
    codings = list(qs.select_related("round"))
    if not codings:
        raise ValidationError(_("There is nothing to remove."))
    for coding in codings:
        own = coding.coder_id == user.pk
        if coding.round_id is not None and (not own or not coding.round.is_open):
            raise ValidationError(_("Codings of a closed reliability round stay as they were."))
        if not own and not (is_lead and coding.round_id is None):
            raise ValidationError(_("You can only remove your own codings."))
    Coding.objects.filter(pk__in=[c.pk for c in codings]).delete()
    return len(codings)


def memo_create(*, study: Study, author, body: str, target=None) -> Memo:
    """A memo on a coding, interview, theme or participant of the study; without a target, the study journal."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the memo first.")})
    memo = Memo(study=study, author=author, body=body[:10000])
    if target is not None:
        name = target._meta.model_name
        owner = {"coding": lambda t: t.segment.transcript.interview.study_id, "interview": lambda t: t.study_id,
                 "theme": lambda t: t.study_id, "participant": lambda t: t.study_id}.get(name)
        if owner is None or owner(target) != study.pk:
            raise ValidationError(_("A memo belongs to a coding, an interview, a theme or a participant."))
        setattr(memo, name, target)
    memo.full_clean()
    memo.save()
    return memo
