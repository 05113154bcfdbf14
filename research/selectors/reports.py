"""Reports of a study: who mentions which theme (n of N participants), by wave, together, by placement outcome,
and quotes. Each report is a fixed number of queries, whatever the data size.

Only the final coding counts (not the blind rounds), only current transcript versions, and only participants who
have not withdrawn and consented to the use of their transcript; quotes only where they consented to quotes.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from matching.models import Placement

from ..models import Coding, Participant, ParticipantLink, ParticipantRole, Study, Theme
from ..offsets import context

MIN_CELL = 5  # aggregates through the re-identification link show no cell smaller than this


def reportable_codings(study: Study):
    return Coding.objects.filter(
        segment__transcript__interview__study=study, segment__transcript__is_current=True, round__isnull=True,
        segment__redacted=False, segment__participant__isnull=False,
        segment__participant__withdrawn_at__isnull=True, segment__participant__consent__transcript=True,
        theme__merged_into__isnull=True,
    )


def reportable_participants(study: Study):
    """Participants whose words count: interviewed (a turn in a current transcript), consenting, not withdrawn.

    One row per such turn: count them with Count("pk", distinct=True)."""
    return Participant.objects.filter(
        study=study, withdrawn_at__isnull=True, consent__transcript=True,
        segments__transcript__is_current=True, segments__redacted=False,
    ).order_by()


def themes_in_order(study: Study) -> list[Theme]:
    """Active themes as a tree, depth first, each with .depth."""
    themes = list(Theme.objects.filter(study=study, merged_into__isnull=True).order_by("order", "name"))
    children = defaultdict(list)
    for theme in themes:
        children[theme.parent_id].append(theme)
    ordered = []

    def walk(parent_id, depth):
        for theme in children.get(parent_id, []):
            theme.depth = depth
            ordered.append(theme)
            walk(theme.pk, depth + 1)

    walk(None, 0)
    return ordered


ROLES = list(ParticipantRole)


@dataclass
class Cell:
    n: int
    total: int
    role: str = ""

    @property
    def share(self):
        return round(100 * self.n / self.total) if self.total else 0


def theme_by_role(study: Study) -> dict:
    """Per theme: how many teachers, school leaders and ambassadors mention it, of how many interviewed."""
    totals = dict(reportable_participants(study).values("role").annotate(n=Count("pk", distinct=True)).values_list("role", "n"))
    counts = defaultdict(dict)
    codings = defaultdict(int)
    rows = (reportable_codings(study).values("theme_id", "segment__participant__role")
            .annotate(n=Count("segment__participant", distinct=True), c=Count("pk")))
    for row in rows:
        counts[row["theme_id"]][row["segment__participant__role"]] = row["n"]
        codings[row["theme_id"]] += row["c"]
    everyone = dict(reportable_codings(study).values("theme_id").annotate(n=Count("segment__participant", distinct=True))
                    .values_list("theme_id", "n"))
    themes = themes_in_order(study)
    total_all = sum(totals.values())
    return {
        "roles": [(role, totals.get(role.value, 0)) for role in ROLES],
        "total": total_all,
        "rows": [{"theme": t, "cells": [Cell(counts[t.pk].get(role.value, 0), totals.get(role.value, 0), role.value)
                                        for role in ROLES],
                  "all": Cell(everyone.get(t.pk, 0), total_all), "codings": codings[t.pk]} for t in themes],
    }


def theme_by_wave(study: Study) -> dict:
    waves = list(study.waves.all())
    totals = dict(reportable_participants(study).values("segments__transcript__interview__wave")
                  .annotate(n=Count("pk", distinct=True)).values_list("segments__transcript__interview__wave", "n"))
    counts = defaultdict(dict)
    for row in (reportable_codings(study).values("theme_id", "segment__transcript__interview__wave")
                .annotate(n=Count("segment__participant", distinct=True))):
        counts[row["theme_id"]][row["segment__transcript__interview__wave"]] = row["n"]
    columns = [(w.pk, w.name) for w in waves] + ([(None, None)] if None in totals else [])
    return {
        "waves": [(name, totals.get(pk, 0)) for pk, name in columns],
        "rows": [{"theme": t, "cells": [Cell(counts[t.pk].get(pk, 0), totals.get(pk, 0)) for pk, _n in columns]}
                 for t in themes_in_order(study)],
    }


def cooccurrence(study: Study) -> dict:
    """How many turns carry both themes (the diagonal: turns with the theme)."""
    themes = themes_in_order(study)
    by_segment = defaultdict(set)
    for segment_id, theme_id in reportable_codings(study).values_list("segment_id", "theme_id").distinct():
        by_segment[segment_id].add(theme_id)
    pairs = defaultdict(int)
    for theme_ids in by_segment.values():
        for a in theme_ids:
            for b in theme_ids:
                pairs[(a, b)] += 1
    return {"themes": themes, "rows": [{"theme": a, "cells": [pairs.get((a.pk, b.pk), 0) for b in themes]} for a in themes]}


OUTCOMES = [
    ("running", _("placement still running")),
    ("ended", _("placement ended as planned")),
    ("ended_early", _("placement ended early")),
    ("education", _("ambassador moved into education")),
]


def _outcomes(placement_status, education_job) -> set[str]:
    result = set()
    if placement_status == Placement.Status.ACTIVE:
        result.add("running")
    elif placement_status == Placement.Status.ENDED:
        result.add("ended")
    elif placement_status == Placement.Status.ENDED_EARLY:
        result.add("ended_early")
    if education_job == "yes":
        result.add("education")
    return result


def theme_by_outcome(study: Study) -> dict:
    """Per theme and placement outcome, how many linked participants mention it: aggregates only, and any cell
    below MIN_CELL is suppressed (shown as None) so that no one can be recognised."""
    links = (ParticipantLink.objects.filter(participant__study=study, participant__withdrawn_at__isnull=True,
                                            participant__consent__linking=True, participant__consent__transcript=True)
             .values_list("participant_id", "placement__status", "placement__ambassador__education_job",
                          "ambassador__education_job"))
    outcome_of = {}
    for participant_id, status, placed_job, own_job in links:
        outcome_of[participant_id] = _outcomes(status, own_job or placed_job)
    mentions = set(reportable_codings(study).filter(segment__participant_id__in=list(outcome_of))
                   .values_list("segment__participant_id", "theme_id").distinct())
    counts = defaultdict(lambda: defaultdict(int))
    for participant_id, theme_id in mentions:
        for outcome in outcome_of[participant_id]:
            counts[theme_id][outcome] += 1
    totals = defaultdict(int)
    for outcomes in outcome_of.values():
        for outcome in outcomes:
            totals[outcome] += 1

    def shown(value):
        return value if value >= MIN_CELL else None

    return {
        "outcomes": [(key, label, shown(totals[key])) for key, label in OUTCOMES],
        "rows": [{"theme": t, "cells": [shown(counts[t.pk][key]) if totals[key] >= MIN_CELL else None
                                        for key, _label in OUTCOMES]} for t in themes_in_order(study)],
        "min_cell": MIN_CELL,
    }


def quotes(study: Study, *, theme=None, role=None):
    """Quotes (consented ones only) with their speaker's pseudonym, in interview and turn order."""
    qs = (reportable_codings(study).filter(segment__participant__consent__quotes=True)
          .select_related("theme", "segment__participant", "segment__transcript__interview")
          .order_by("theme__order", "theme__name", "segment__transcript__interview__code", "segment__index", "start"))
    if theme is not None:
        qs = qs.filter(Q(theme=theme) | Q(theme__parent=theme))
    if role:
        qs = qs.filter(segment__participant__role=role)
    return qs


def with_context(codings):
    for coding in codings:
        coding.before, coding.after = context(coding.segment.text, coding.start, coding.end)
    return codings
