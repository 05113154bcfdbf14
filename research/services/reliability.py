"""Reliability rounds: blind coding by two or more coders, agreement once closed, then the consensus."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Coding, ConsensusDecision, ReliabilityRound, Study, StudyMember, Theme, Transcript


@transaction.atomic
def round_create(*, study: Study, actor, name: str, transcript_ids, coder_ids, theme_ids=None) -> ReliabilityRound:
    transcripts = list(Transcript.objects.filter(interview__study=study, is_current=True, pk__in=transcript_ids))
    if not transcripts or len(transcripts) != len(set(transcript_ids)):
        raise ValidationError({"transcripts": _("Choose one or more current transcripts of this study.")})
    coder_ids = set(coder_ids)
    members = set(StudyMember.objects.filter(study=study, user_id__in=coder_ids).values_list("user_id", flat=True))
    if len(coder_ids) < 2 or members != coder_ids:
        raise ValidationError({"coders": _("Choose at least two coders of the study's team.")})
    themes = Theme.objects.filter(study=study, merged_into__isnull=True)
    if theme_ids:
        themes = themes.filter(pk__in=theme_ids)
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": _("Choose the themes of the round.")})
    round_ = ReliabilityRound(study=study, name=name.strip(), created_by=actor)
    round_.full_clean()
    round_.save()
    round_.transcripts.set(transcripts)
    round_.coders.set(coder_ids)
    round_.themes.set(themes)
    return round_


@transaction.atomic
def round_close(*, round_: ReliabilityRound) -> ReliabilityRound:
    round_ = ReliabilityRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError(_("This round is already closed."))
    round_.status, round_.closed_at = ReliabilityRound.Status.CLOSED, timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    return round_


def _final_from(round_, segment_id, theme_id, actor, codings) -> int:
    """Final codings (the consensus) for one turn and theme, from the spans the coders gave; identical spans once."""
    made = 0
    spans = sorted({(c.start, c.end): c for c in codings}.values(), key=lambda c: (c.start, c.end))
    for coding in spans:
        _obj, created = Coding.objects.get_or_create(
            segment_id=segment_id, theme_id=theme_id, coder=actor, round=None, start=coding.start, end=coding.end,
            defaults={"quote": coding.quote, "stance": coding.stance, "origin": Coding.Origin.CONSENSUS})
        made += created
    return made


def _round_codings(round_, segment_ids=None, theme_ids=None):
    qs = Coding.objects.filter(round=round_)
    if segment_ids is not None:
        qs = qs.filter(segment_id__in=segment_ids)
    if theme_ids is not None:
        qs = qs.filter(theme_id__in=theme_ids)
    return list(qs.order_by("coder_id", "start"))


@transaction.atomic
def consensus_decide(*, round_: ReliabilityRound, actor, segment_id: int, theme_id: int, decision: str) -> ConsensusDecision:
    """Record the meeting's decision for a turn and theme; 'apply' makes final codings from the coders' spans."""
    round_ = ReliabilityRound.objects.select_for_update().get(pk=round_.pk)
    if round_.is_open:
        raise ValidationError(_("Close the round first: the coders still code blind."))
    if decision not in ConsensusDecision.Decision.values:
        raise ValidationError(_("Choose whether the theme applies."))
    if not round_.themes.filter(pk=theme_id).exists() or not Transcript.objects.filter(
            rounds=round_, segments__pk=segment_id).exists():
        raise ValidationError(_("Choose a turn and theme of this round."))
    result, _created = ConsensusDecision.objects.update_or_create(
        round=round_, segment_id=segment_id, theme_id=theme_id, defaults={"decision": decision, "decided_by": actor})
    final = Coding.objects.filter(segment_id=segment_id, theme_id=theme_id, round=None, origin=Coding.Origin.CONSENSUS)
    if decision == ConsensusDecision.Decision.APPLY:
        codings = list(_round_codings(round_, [segment_id], [theme_id]))
        if codings:
            _final_from(round_, segment_id, theme_id, actor, codings)
    else:
        final.delete()
    return result


@transaction.atomic
def consensus_adopt_agreements(*, round_: ReliabilityRound, actor) -> int:
    """Where every coder applied a theme to a turn, that becomes final coding (with the first coder's spans)."""
    round_ = ReliabilityRound.objects.select_for_update().get(pk=round_.pk)
    if round_.is_open:
        raise ValidationError(_("Close the round first: the coders still code blind."))
    coders = set(round_.coders.values_list("pk", flat=True))
    by_unit: dict[tuple[int, int], list[Coding]] = {}
    for coding in _round_codings(round_, theme_ids=list(round_.themes.values_list("pk", flat=True))):
        by_unit.setdefault((coding.segment_id, coding.theme_id), []).append(coding)
    made = 0
    for (segment_id, theme_id), codings in by_unit.items():
        if {c.coder_id for c in codings} == coders:
            first = min(c.coder_id for c in codings)
            made += _final_from(round_, segment_id, theme_id, actor, [c for c in codings if c.coder_id == first])
    return made
