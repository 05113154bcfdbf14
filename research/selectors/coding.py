"""What the coding page shows: the turns with the codings this coder may see, drawn as highlights."""

import re

from django.db.models import Prefetch
from django.http import Http404
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..models import Coding, Memo, ReliabilityRound, Theme, Transcript
from .reports import themes_in_order

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def page_round(transcript: Transcript, user, round_id) -> ReliabilityRound | None:
    """The round the page is about: an open one the user codes this transcript in, or a closed one of the study."""
    if not round_id:
        return None
    try:
        round_id = int(round_id)
    except (TypeError, ValueError):
        raise Http404 from None
    round_ = ReliabilityRound.objects.filter(pk=round_id, study_id=transcript.interview.study_id,
                                             transcripts=transcript).first()
    if round_ is None or (round_.is_open and not round_.coders.filter(pk=user.pk).exists()):
        raise Http404
    return round_


def visible_codings(transcript: Transcript, user, round_):
    """Blind while a round is open: a coder sees only their own codings of it. Otherwise the final coding."""
    qs = Coding.objects.filter(segment__transcript=transcript)
    if round_ is None:
        return qs.filter(round__isnull=True)
    qs = qs.filter(round=round_)
    return qs.filter(coder=user) if round_.is_open else qs


def turns(transcript: Transcript, user, round_, segment_ids=None):
    codings = (visible_codings(transcript, user, round_).select_related("theme", "coder")
               .prefetch_related(Prefetch("memos", queryset=Memo.objects.order_by("created_at")))
               .order_by("start", "-end", "pk"))
    qs = transcript.segments.select_related("participant").prefetch_related(
        Prefetch("codings", queryset=codings, to_attr="shown")).order_by("index")
    if segment_ids is not None:
        qs = qs.filter(pk__in=segment_ids)
    segments = list(qs)
    for segment in segments:
        segment.html = turn_html(segment.text, segment.shown)
    return segments


def turn_html(text: str, codings) -> str:
    """The turn's text with its codings as <mark>s; the text content stays exactly the turn's text."""
    if not codings:
        return escape(text)
    bounds = sorted({0, len(text), *(c.start for c in codings), *(c.end for c in codings)})
    parts = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        covering = sorted((c for c in codings if c.start <= start and c.end >= end), key=lambda c: c.start - c.end)
        chunk = text[start:end]
        if not covering:
            parts.append(escape(chunk))
            continue
        inner = covering[-1]
        parts.append(format_html('<mark class="coded theme-{}{}" title="{}">{}</mark>', inner.theme_id,
                                 " multi" if len(covering) > 1 else "", ", ".join(c.theme.name for c in covering), chunk))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every piece is escaped above


def themes_for(study, round_=None) -> list[Theme]:
    themes = themes_in_order(study)
    if round_ is not None:
        allowed = set(round_.themes.values_list("pk", flat=True))
        themes = [t for t in themes if t.pk in allowed]
    return themes


def theme_css(study) -> str:
    rules = [f".theme-{pk}{{--theme:{colour}}}" for pk, colour in
             Theme.objects.filter(study=study).values_list("pk", "colour") if _COLOUR.match(colour)]
    return "\n".join(rules) + "\n"
