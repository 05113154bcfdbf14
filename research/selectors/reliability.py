"""Agreement of a reliability round and the disagreements for its consensus meeting."""

from dataclasses import dataclass, field

from .. import agreement
from ..models import Coding, ConsensusDecision, ReliabilityRound, Segment
from .access import coder_name
from .reports import themes_in_order


def round_units(round_: ReliabilityRound):
    """The round's units: every usable turn of its transcripts (a withdrawn participant's turns are gone)."""
    return (Segment.objects.filter(transcript__rounds=round_, redacted=False)
            .exclude(participant__withdrawn_at__isnull=False)
            .exclude(participant__isnull=False, participant__consent__transcript=False)
            .select_related("transcript__interview", "participant").order_by("transcript__interview__code", "index"))


def round_agreement(round_: ReliabilityRound) -> dict:
    """The figures of the contract (research_agreement --json): per theme alpha, kappa, percent; pooled alpha."""
    coders = list(round_.coders.order_by("last_name", "first_name", "email"))
    allowed = set(round_.themes.filter(merged_into__isnull=True).values_list("pk", flat=True))
    themes = [t for t in themes_in_order(round_.study) if t.pk in allowed]
    units = list(round_units(round_))
    unit_ids = [u.pk for u in units]
    applied = set(Coding.objects.filter(round=round_, segment_id__in=unit_ids)
                  .values_list("coder_id", "segment_id", "theme_id"))
    per_theme, pooled = agreement.by_theme(applied, coders=[c.pk for c in coders], units=unit_ids,
                                           themes=[t.pk for t in themes])
    interviews = sorted({u.transcript.interview.code for u in units}
                        | set(round_.transcripts.values_list("interview__code", flat=True)))
    return {
        "study": round_.study.slug,
        "round": round_.name,
        "coders": [coder_name(c) for c in coders],
        "interviews": interviews,
        "units": len(unit_ids),
        "themes": [{"theme": t.name, "alpha": per_theme[t.pk].alpha, "kappa": per_theme[t.pk].kappa,
                    "percent": per_theme[t.pk].percent} for t in themes],
        "alpha_overall": pooled.alpha,
        "kappa_overall": pooled.kappa,
        "percent_overall": pooled.percent,
    }


@dataclass
class Disagreement:
    segment: Segment
    theme: object
    by_coder: list = field(default_factory=list)  # [(coder, [codings])]
    decision: str = ""


def disagreements(round_: ReliabilityRound) -> list[Disagreement]:
    """Turns and themes on which the coders differ, side by side, with what the meeting decided so far."""
    coders = list(round_.coders.order_by("last_name", "first_name", "email"))
    themes = {t.pk: t for t in round_.themes.filter(merged_into__isnull=True)}
    units = {u.pk: u for u in round_units(round_)}
    cells: dict[tuple[int, int], dict[int, list[Coding]]] = {}
    for coding in Coding.objects.filter(round=round_, segment_id__in=units, theme_id__in=themes).order_by("start"):
        cells.setdefault((coding.segment_id, coding.theme_id), {}).setdefault(coding.coder_id, []).append(coding)
    decided = {(d.segment_id, d.theme_id): d.decision for d in ConsensusDecision.objects.filter(round=round_)}
    result = []
    for (segment_id, theme_id), by_coder in cells.items():
        if len(by_coder) == len(coders):
            continue  # everyone applied it: agreement
        result.append(Disagreement(segment=units[segment_id], theme=themes[theme_id],
                                   by_coder=[(coder, by_coder.get(coder.pk, [])) for coder in coders],
                                   decision=decided.get((segment_id, theme_id), "")))
    result.sort(key=lambda d: (d.segment.transcript.interview.code, d.segment.index, d.theme.order, d.theme.name))
    return result


def round_progress(round_: ReliabilityRound) -> list[dict]:
    """Per coder how many turns they coded so far: counts only, nothing of the content, while the round is blind."""
    from django.db.models import Count

    counts = dict(Coding.objects.filter(round=round_).values("coder_id").annotate(n=Count("segment", distinct=True))
                  .values_list("coder_id", "n"))
    return [{"coder": coder_name(c), "turns": counts.get(c.pk, 0)} for c in round_.coders.order_by("last_name")]
