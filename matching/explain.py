"""Why a match was made, or why not, in words for each party.

Staff, the school and the ambassador read the same reasons, taken from the score's components with the same
thresholds; each side reads them about the other without the other's private data. For a need without a match the
school reads a short, anonymous account: of the ambassadors near it, how many could take it, which of the engine's
rules keeps the others out (counts only, never a name), and what the school could change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambassadors.models import AmbassadorProfile, Status
from schools.models import DayPart, TaskType, TeacherNeed, Weekday

from . import loading, scoring
from .models import OPEN_PROPOSALS, Placement, Proposal

# --- Why this match ---------------------------------------------------------------------------------------------


def fit_codes(c: dict) -> list[str]:
    """What made the score, as codes, most telling first (the soft criteria of scoring.COMPONENTS)."""
    codes = []
    if c.get("task", 0) >= 1:
        codes.append("task_all")
    elif c.get("task", 0) > 0:
        codes.append("task_some")
    if c.get("motivation", 0) > 0:
        codes.append("motivation")
    if c.get("expertise", 0) > 0:
        codes.append("expertise")
    if c.get("relief", 0) >= 0.75:
        codes.append("relief")
    if c.get("continuity", 0) > 0:
        codes.append("continuity")
    if c.get("priority", 0) >= 0.75:
        codes.append("priority")
    return codes


NEAR = 0.5  # the distance component from which the school hears that it lies well within the travel distance


def explain(c: dict, *, distance_km: float, weekday_label: str, day_part: str) -> list[str]:
    """The reasons behind a score's components, for staff: "dinsdagochtend past; 4 km; wil graag in de klas"."""
    fits = {"morning": _("%(day)s morning fits"), "afternoon": _("%(day)s afternoon fits"),
            "day": _("%(day)s, the whole day, fits")}
    words = {
        "task_all": _("wants to do exactly these tasks"),
        "task_some": _("wants to do some of these tasks"),
        "motivation": _("would like to work in the classroom"),
        "expertise": _("expertise fits the subject"),
        "relief": _("frees many hours for the teacher"),
        "continuity": _("same school as last year"),
        "priority": _("school comes first: waited long or still misses ambassadors"),
    }
    return [fits.get(day_part, fits["day"]) % {"day": weekday_label}, _("%(km)s km") % {"km": f"{distance_km:.0f}"},
            *(words[code] for code in fit_codes(c))]


def when_label(weekday: int, day_part: str) -> str:
    """ "dinsdagochtend", "dinsdagmiddag" or "dinsdag, de hele dag"."""
    day = Weekday(weekday).label
    if day_part == DayPart.MORNING:
        return _("%(day)s morning") % {"day": day}
    if day_part == DayPart.AFTERNOON:
        return _("%(day)s afternoon") % {"day": day}
    return _("%(day)s, the whole day") % {"day": day}


def planned_period(need: TeacherNeed, today: date) -> tuple[date, date]:
    """When a placement for this need would run if it started now: from its start date (today at the earliest)."""
    start = max(need.start_date, today)
    return start, max(need.end_date, start)


# While a proposal is open or has become a placement, each side may reach the other; afterwards neither sees how.
IN_TOUCH = (Proposal.Status.APPROVED, Proposal.Status.PLACED)


@dataclass
class ProposalWhy:
    """What a side reads about a proposal: why, when, how much and with whom."""

    reasons: list[str]
    when: str
    start: date
    end: date
    hours: object
    contact: dict = field(default_factory=dict)  # only what this side needs to get in touch; empty when not in touch

    @property
    def contact_line(self) -> str:
        """ "Ilse Hoekstra (intern begeleider), ilse@school.example, 030 123 4567"."""
        c = self.contact
        if not c:
            return ""
        who = f"{c['name']} ({c['role']})" if c.get("role") else c["name"]
        return ", ".join(part for part in (who, c.get("email"), c.get("phone")) if part)


def _shared_tasks(proposal: Proposal) -> list[str]:
    wanted = set(proposal.ambassador.preferred_tasks) or set(TaskType.values)  # no preference: every task
    labels = dict(TaskType.choices)
    return [str(labels[task]) for task in proposal.need.task_types if task in wanted and task in labels]


def _school_reasons(proposal: Proposal, codes: list[str]) -> list[str]:
    """About the ambassador, for the school: what fits, never where they live."""
    need = proposal.need
    reasons = [_("Free on %(when)s, as you asked") % {"when": when_label(proposal.weekday, proposal.day_part)}]
    words = {
        "task_all": _("Wants to do exactly the tasks you ask for"),
        "task_some": _("Wants to do some of the tasks you ask for: %(tasks)s") % {
            "tasks": ", ".join(_shared_tasks(proposal)).lower()},
        "motivation": _("Would like to work in the classroom, and your need is classroom work"),
        "expertise": _("Their expertise fits the subject (%(subject)s)") % {"subject": need.subject or need.title},
        "relief": _("Frees many hours for your teacher"),
        "continuity": _("Was at your school last year too"),
        "priority": _("Your school comes first: you have waited long or still miss ambassadors"),
    }
    reasons += [words[code] for code in codes]
    if proposal.components.get("distance", 0) >= NEAR:
        reasons.append(_("Your school lies well within the distance they want to travel"))
    return reasons


def _ambassador_reasons(proposal: Proposal, codes: list[str]) -> list[str]:
    """About the need, for the ambassador: what fits them."""
    need = proposal.need
    reasons = [_("%(when)s is free in your week") % {"when": when_label(proposal.weekday, proposal.day_part)},
               _("%(km)s km from you, within the %(max)s km you want to travel") % {
                   "km": f"{proposal.distance_km:.0f}", "max": proposal.ambassador.max_distance_km}]
    words = {
        "task_all": _("The school asks for exactly the tasks you want to do"),
        "task_some": _("The school asks for some of the tasks you want to do: %(tasks)s") % {
            "tasks": ", ".join(_shared_tasks(proposal)).lower()},
        "motivation": _("You want to explore education, and this is classroom work"),
        "expertise": _("Your expertise fits the subject (%(subject)s)") % {"subject": need.subject or need.title},
        "relief": _("You free many hours for a teacher"),
        "continuity": _("You were at this school last year"),
        "priority": _("This school has waited long or still misses ambassadors"),
    }
    return reasons + [words[code] for code in codes]


def _period_of(proposal: Proposal, today: date) -> tuple[date, date]:
    if proposal.status == Proposal.Status.PLACED:
        placement = Placement.objects.filter(proposal=proposal).only("start_date", "end_date").first()
        if placement is not None:
            return placement.start_date, placement.end_date
    return planned_period(proposal.need, today)


def proposal_why(proposal: Proposal, side: str, today: date | None = None) -> ProposalWhy:
    """Why, when, how much and with whom, for the school or the ambassador (need, school and ambassador selected)."""
    today = today or timezone.localdate()
    codes = fit_codes(proposal.components)
    start, end = _period_of(proposal, today)
    contact = {}
    if proposal.status in IN_TOUCH:
        if side == "school":
            user = proposal.ambassador.user
            contact = {"name": user.get_full_name(), "email": user.email}
        else:
            school = proposal.need.school
            contact = {"name": school.contact_name, "role": school.contact_role, "email": school.contact_email,
                       "phone": school.contact_phone}
    reasons = _school_reasons(proposal, codes) if side == "school" else _ambassador_reasons(proposal, codes)
    return ProposalWhy(
        reasons=[capfirst(reason) for reason in reasons],
        when=when_label(proposal.weekday, proposal.day_part), start=start, end=end,
        hours=proposal.need.hours_per_week, contact=contact,
    )


# --- Why no match yet -------------------------------------------------------------------------------------------

NEAREST = 20  # the explanation looks at the ambassadors whose travel distance reaches the school, and these nearest

# The engine's rules (scoring.EXCLUSIONS) as a school reads them: screening steps and VOG dates are one thing to it.
SCHOOL_RULE = {"inactive": "not_available", "vog_missing": "not_available", "vog_too_old": "not_available",
               "full": "full", "too_far": "distance", "half_day": "half_day", "no_day": "day", "absent": "absent",
               "school_type": "school_type", "task": "tasks"}
RULE_ORDER = list(dict.fromkeys(SCHOOL_RULE[code] for code in scoring.EXCLUSIONS))
RULE_TEXT = {
    "not_available": gettext_lazy("not available yet: still in screening, or taking a break"),
    "full": gettext_lazy("already placed as often as they can"),
    "distance": gettext_lazy("your school lies further away than they want to travel"),
    "half_day": gettext_lazy("give half a day a week, and you ask for a whole day"),
    "day": gettext_lazy("not free on the weekdays and day part you ask for"),
    "absent": gettext_lazy("away when the need starts"),
    "school_type": gettext_lazy("prefer another school type"),
    "tasks": gettext_lazy("would rather do other tasks"),
}


@dataclass
class Unmatched:
    """The anonymous account of a need without a match: counts only."""

    near: int = 0                                      # ambassadors looked at
    fit: int = 0                                       # of them, could take the need
    counts: list[tuple[str, int]] = field(default_factory=list)  # school rule, how many it keeps out; most first
    whole_day: bool = False                            # the need asks for a whole day

    @property
    def main(self) -> str | None:
        """The rule that keeps most of them out."""
        return self.counts[0][0] if self.counts else None

    @property
    def reasons(self) -> list[tuple[str, int]]:
        return [(str(RULE_TEXT[rule]), n) for rule, n in self.counts]

    @property
    def advice(self) -> str:
        """What the school could change, for the rule that keeps most of them out (nothing when none is kept out)."""
        if self.near == 0:
            return _("No ambassador with a known place is registered yet. The foundation is recruiting; there is "
                     "nothing you need to do.")
        return {
            "day": _("Tick another weekday: the days you tick are alternatives, and each extra day gives more "
                     "ambassadors a chance.") + (" " + _("Or ask for a morning or an afternoon instead of the whole "
                                                         "day.") if self.whole_day else ""),
            "half_day": _("Ask for a morning or an afternoon instead of the whole day."),
            "tasks": _("Add other tasks to the need, if your teachers can use them."),
            "absent": _("A later start date could help."),
            "school_type": _("There is little you can change here: the foundation looks for more ambassadors for "
                             "your type of school."),
            "distance": _("There is little you can change here: the foundation looks for more ambassadors near your "
                          "school."),
            "full": _("There is little you can change here: the ambassadors near you are busy elsewhere, and the "
                      "foundation looks for more."),
            "not_available": _("There is little you can change here: several ambassadors near you are still being "
                               "screened, and may fit once they are ready."),
        }.get(self.main, "")  # all of them fit: nothing to change


def unmatched_in(pool: loading.Pool, arrays: scoring.Needs, index: int, need_id: int, k: int) -> Unmatched:
    """The account for need `index` of `arrays`, from a pool that holds (at least) whoever's own travel distance
    reaches the school and the k nearest: exactly those are counted, each with the first rule that keeps them out.
    Ambassadors already proposed for or placed at this very need are not counted."""
    whole_day = bool(arrays.part[index] == scoring.WHOLE_DAY)
    if not len(pool):
        return Unmatched(whole_day=whole_day)
    amb = pool.arrays
    distance = scoring.distances_to(amb, arrays, index)
    looked = np.zeros(len(pool), dtype=bool)
    looked[np.argsort(distance, kind="stable")[:k]] = True
    looked |= distance <= amb.radius_km
    rows = [row for row in np.flatnonzero(looked) if (int(row), need_id) not in pool.booked]
    reasons = scoring.first_exclusions(amb, arrays, index, np.array(rows, dtype=np.int64), distance[rows])
    counts = Counter(SCHOOL_RULE[reason] for reason in reasons if reason)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], RULE_ORDER.index(item[0])))
    return Unmatched(near=len(rows), fit=sum(reason is None for reason in reasons), counts=ordered,
                     whole_day=whole_day)


def considered() -> QuerySet:
    """The ambassadors an explanation counts: everyone still taking part, matchable or not yet."""
    return AmbassadorProfile.objects.exclude(status__in=[Status.DECLINED, Status.ENDED])


def has_match(need: TeacherNeed) -> bool:
    """A need is matched (and needs no explanation) unless it is open with no proposal under way."""
    return need.status != TeacherNeed.Status.OPEN or need.proposals.filter(status__in=OPEN_PROPOSALS).exists()


def need_unmatched(need: TeacherNeed) -> Unmatched | None:
    """The account for one need without a match (school selected), loading only the ambassadors around it, as
    values, in a fixed number of queries; None for a need that has a match or a school without a known place."""
    if has_match(need) or need.school.latitude is None or need.school.longitude is None:
        return None
    # Kept a few minutes per version of the need: a school that changes its need (as the advice says) reads the
    # new account at once, while ambassadors joining or leaving show within minutes (the account loads about 2,000
    # ambassadors around a school at the national ceiling).
    key = f"need-unmatched:{need.pk}:{need.updated_at.timestamp()}:{need.school.latitude}:{need.school.longitude}"
    account = cache.get(key)
    if account is None:
        pool = loading.pool_near(need, considered(), NEAREST)
        account = unmatched_in(pool, loading.need_arrays([need]), 0, need.pk, NEAREST)
        cache.set(key, account, settings.NEED_ACCOUNT_CACHE_SECONDS)
    return account


def needs_unmatched(needs) -> dict[int, Unmatched]:
    """The account for each of these needs (school selected), from one load of every ambassador (for the
    reminders, which explain many needs at once)."""
    result = {need.pk: Unmatched() for need in needs}
    placed = [need for need in needs if need.school.latitude is not None and need.school.longitude is not None]
    if not placed:
        return result
    pool, arrays = loading.ambassador_pool(considered()), loading.need_arrays(placed)
    for index, need in enumerate(placed):
        result[need.pk] = unmatched_in(pool, arrays, index, need.pk, NEAREST)
    return result
