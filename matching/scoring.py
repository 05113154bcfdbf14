"""Which ambassador fits which teacher need, and how well: pure NumPy, no database.

Only feasible pairs are ever built: a k-d tree finds, per ambassador, the needs within their travel
radius, and the hard rules are then applied to those pairs as vectors. Everything a person needs to
understand a score (the components) comes back with it; the words are added by the caller.

How many needs an ambassador takes ("one day = one need; two half days may be two needs"): someone
who offers a whole day, or only half a day a week, takes one need; someone whose free time is made
of separate half days (no whole day in their grid) may take a need on each of two of them.
`options` spreads the pairs of such ambassadors over their half days, so that the assignment can
keep two needs off the same half day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * np.cos(np.radians(52.2))  # the Netherlands lies around 52° north

# Day parts as bits: bit 2*(day-1) is the morning of that day, the next bit its afternoon.
MORNING, AFTERNOON, WHOLE_DAY = 1, 2, 3
PO, VO = 1, 2  # school types as bits; a PO+VO school has both

COMPONENTS = ("task", "expertise", "motivation", "distance", "relief", "continuity", "priority")
DEFAULT_WEIGHTS = {"task": 25.0, "expertise": 15.0, "motivation": 10.0, "distance": 20.0, "relief": 15.0,
                   "continuity": 10.0, "priority": 5.0}
# Why a candidate is excluded, in the order the rules are checked.
EXCLUSIONS = ("inactive", "vog_missing", "vog_too_old", "full", "too_far", "half_day", "no_day", "absent",
              "school_type", "task")
MAX_NEEDS = 2  # two half days may be two needs


def needs_capacity(slots, half_day_only) -> np.ndarray:
    """How many needs each ambassador may take: one for a whole day or a half-day commitment, else one per half day (max 2)."""
    slots = np.asarray(slots, dtype=np.int64)
    whole_day = np.zeros(len(slots), dtype=bool)
    half_days = np.zeros(len(slots), dtype=np.int64)
    for day in range(5):
        parts = (slots >> (2 * day)) & WHOLE_DAY
        whole_day |= parts == WHOLE_DAY
        half_days += (parts == MORNING) | (parts == AFTERNOON)
    several = ~whole_day & ~np.asarray(half_day_only, dtype=bool)
    return np.where(several, np.clip(half_days, 1, MAX_NEEDS), 1) * (slots > 0)


@dataclass
class Ambassadors:
    """Column arrays, one row per ambassador."""

    lat: np.ndarray
    lon: np.ndarray
    radius_km: np.ndarray
    slots: np.ndarray            # int: 10-bit availability mask
    tasks: np.ndarray            # int: bit mask of preferred task types
    school_types: np.ndarray     # int: PO|VO bits
    active: np.ndarray           # bool
    vog_from: np.ndarray         # int day ordinal: VOG issued on (or a huge number when none)
    vog_until: np.ndarray        # int day ordinal: last start date the VOG counts for (or -1)
    keywords: np.ndarray         # int64 bit set of expertise keywords
    explores_education: np.ndarray  # bool: wants to explore a job in education
    last_school: np.ndarray      # int school id of last year's placement, or -1
    absences: list[tuple[int, int, int]] = field(default_factory=list)  # (ambassador index, from, until)
    half_day_only: np.ndarray | None = None  # bool: commits half a day a week (default: no one)
    capacity: np.ndarray | None = None       # int: needs they may still take (default: from slots, see needs_capacity)

    def __post_init__(self):
        if self.half_day_only is None:
            self.half_day_only = np.zeros(len(self.lat), dtype=bool)
        if self.capacity is None:
            self.capacity = needs_capacity(self.slots, self.half_day_only)

    def __len__(self):
        return len(self.lat)


@dataclass
class Needs:
    lat: np.ndarray
    lon: np.ndarray
    days: np.ndarray             # int: 5-bit weekday mask (bit 0 = Monday); any of these days will do
    part: np.ndarray             # int: MORNING, AFTERNOON or WHOLE_DAY
    tasks: np.ndarray            # int: bit mask of task types
    school_type: np.ndarray      # int: PO|VO bits
    start: np.ndarray            # int day ordinal of the start date
    hours: np.ndarray            # float: hours a week it frees
    keywords: np.ndarray         # int64 bit set of subject keywords
    classroom: np.ndarray        # bool: includes classroom work
    school: np.ndarray           # int school id
    priority: np.ndarray         # float in [0, 1]: waited longest or largest shortage

    def __len__(self):
        return len(self.lat)


@dataclass
class Pairs:
    """Feasible pairs with their score and components (each component in [0, 1])."""

    ambassador: np.ndarray
    need: np.ndarray
    score: np.ndarray
    day: np.ndarray              # the weekday (1-5) the placement would be on
    distance_km: np.ndarray
    components: dict[str, np.ndarray]

    def __len__(self):
        return len(self.score)


def _xy(lat, lon):
    return np.column_stack([np.asarray(lon, dtype=float) * KM_PER_DEG_LON, np.asarray(lat, dtype=float) * KM_PER_DEG_LAT])


def popcount(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.uint64)
    return np.unpackbits(values.view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1)


def candidate_pairs(amb: Ambassadors, needs: Needs, only=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ambassador, need, distance) for every need within each ambassador's travel radius, grouped by ambassador.

    Ambassadors are grouped by radius so that each group is one C-level k-d tree query.
    """
    empty = np.empty(0, dtype=np.int64)
    if len(amb) == 0 or len(needs) == 0:
        return empty, empty, np.empty(0)
    who = np.arange(len(amb), dtype=np.int64) if only is None else np.flatnonzero(only)
    need_tree = cKDTree(_xy(needs.lat, needs.lon))
    origins = _xy(amb.lat, amb.lon)
    radii = np.asarray(amb.radius_km, dtype=float)
    chunks_a, chunks_n, chunks_d = [], [], []
    for radius in np.unique(radii[who]):
        group = who[radii[who] == radius]
        hits = cKDTree(origins[group]).sparse_distance_matrix(need_tree, float(radius), output_type="ndarray")
        chunks_a.append(group[hits["i"]])
        chunks_n.append(hits["j"].astype(np.int64))
        chunks_d.append(hits["v"])
    if not chunks_a:
        return empty, empty, np.empty(0)
    a_idx, n_idx, distance = np.concatenate(chunks_a), np.concatenate(chunks_n), np.concatenate(chunks_d)
    order = np.argsort(a_idx, kind="stable")
    return a_idx[order], n_idx[order], distance[order]


def _first_matching_day(slots: np.ndarray, days: np.ndarray, part: np.ndarray) -> np.ndarray:
    """The first weekday (1-5) that the need offers and the ambassador can do in full; 0 when none."""
    chosen = np.zeros(len(slots), dtype=np.int64)
    for day in range(5, 0, -1):  # backwards, so the earliest matching day wins
        offered = (days >> (day - 1)) & 1 == 1
        free = ((slots >> (2 * (day - 1))) & part) == part
        chosen = np.where(offered & free, day, chosen)
    return chosen


def _absent(amb: Ambassadors, a_idx, start) -> np.ndarray:
    """Pairs whose need starts inside one of the ambassador's absences (pairs must be grouped by ambassador)."""
    absent = np.zeros(len(a_idx), dtype=bool)
    if not amb.absences or len(a_idx) == 0:
        return absent
    bounds = np.searchsorted(a_idx, np.arange(len(amb) + 1))
    for who, first, last in amb.absences:
        lo, hi = bounds[who], bounds[who + 1]
        if hi > lo:
            absent[lo:hi] |= (start[lo:hi] >= first) & (start[lo:hi] <= last)
    return absent


def rule_checks(amb: Ambassadors, needs: Needs, a_idx, n_idx, distance) -> dict[str, np.ndarray]:
    """Each hard rule as a boolean vector over the pairs: True means the rule is broken."""
    start = needs.start[n_idx]
    return {
        "inactive": ~amb.active[a_idx],
        "vog_missing": amb.vog_until[a_idx] < 0,
        "vog_too_old": (amb.vog_until[a_idx] >= 0) & ((start > amb.vog_until[a_idx]) | (start < amb.vog_from[a_idx])),
        "full": amb.capacity[a_idx] <= 0,
        "too_far": distance > amb.radius_km[a_idx],
        "half_day": amb.half_day_only[a_idx] & (needs.part[n_idx] == WHOLE_DAY),
        "no_day": _first_matching_day(amb.slots[a_idx], needs.days[n_idx], needs.part[n_idx]) == 0,
        "absent": _absent(amb, a_idx, start),
        "school_type": (amb.school_types[a_idx] & needs.school_type[n_idx]) == 0,
        "task": (amb.tasks[a_idx] & needs.tasks[n_idx]) == 0,
    }


def components(amb: Ambassadors, needs: Needs, a_idx, n_idx, distance) -> dict[str, np.ndarray]:
    need_tasks = needs.tasks[n_idx]
    shared_tasks = popcount(amb.tasks[a_idx] & need_tasks)
    need_kw = needs.keywords[n_idx]
    shared_kw = popcount(amb.keywords[a_idx] & need_kw)
    return {
        "task": shared_tasks / np.maximum(popcount(need_tasks), 1),
        "expertise": np.where(popcount(need_kw) > 0, np.minimum(shared_kw, 2) / 2.0, 0.0),
        "motivation": (amb.explores_education[a_idx] & needs.classroom[n_idx]).astype(float),
        "distance": 1.0 - distance / np.maximum(amb.radius_km[a_idx], 1e-9),
        "relief": np.minimum(needs.hours[n_idx] / 8.0, 1.0),
        "continuity": (amb.last_school[a_idx] == needs.school[n_idx]).astype(float),
        "priority": np.clip(needs.priority[n_idx], 0.0, 1.0),
    }


def score_pairs(amb: Ambassadors, needs: Needs, weights: dict[str, float] | None = None) -> Pairs:
    """Every feasible pair with its score (0-100) and components."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    # Ambassadors who cannot be matched anywhere are left out before any pair is built.
    matchable = (np.asarray(amb.active, dtype=bool) & (np.asarray(amb.vog_until) >= 0) & (np.asarray(amb.slots) > 0)
                 & (np.asarray(amb.capacity) > 0))
    a_idx, n_idx, distance = candidate_pairs(amb, needs, only=matchable)
    broken = rule_checks(amb, needs, a_idx, n_idx, distance)
    ok = ~np.logical_or.reduce(list(broken.values())) if len(a_idx) else np.zeros(0, dtype=bool)
    a_idx, n_idx, distance = a_idx[ok], n_idx[ok], distance[ok]
    parts = components(amb, needs, a_idx, n_idx, distance)
    total_weight = sum(max(weights[k], 0.0) for k in COMPONENTS) or 1.0
    score = sum(max(weights[k], 0.0) * parts[k] for k in COMPONENTS) * (100.0 / total_weight)
    day = _first_matching_day(amb.slots[a_idx], needs.days[n_idx], needs.part[n_idx])
    return Pairs(a_idx, n_idx, np.asarray(score, dtype=float) if len(a_idx) else np.zeros(0), day, distance, parts)


@dataclass
class Options:
    """The ways each pair can be placed: a pair, the weekday, and the half day it takes (-1: the ambassador takes one need)."""

    pair: np.ndarray
    day: np.ndarray
    slot: np.ndarray

    def __len__(self):
        return len(self.pair)


def options(amb: Ambassadors, needs: Needs, pairs: Pairs) -> Options:
    """One option per pair, except for ambassadors who may take two needs: one per half day that both can do.

    Their options carry the half day as a slot (ambassador * 10 + the bit of that half day), which the
    assignment never gives out twice; everyone else keeps the pair's first matching day.
    """
    several = np.asarray(amb.capacity)[pairs.ambassador] > 1
    single = np.flatnonzero(~several)
    chunks_p, chunks_d, chunks_s = [single], [pairs.day[single]], [np.full(len(single), -1, dtype=np.int64)]
    multi = np.flatnonzero(several)
    if len(multi):
        a, n = pairs.ambassador[multi], pairs.need[multi]
        slots, days, part = amb.slots[a], needs.days[n], needs.part[n]
        for day in range(1, 6):
            ok = ((days >> (day - 1)) & 1 == 1) & (((slots >> (2 * (day - 1))) & part) == part)
            chunks_p.append(multi[ok])
            chunks_d.append(np.full(int(ok.sum()), day, dtype=np.int64))
            chunks_s.append(a[ok] * 10 + 2 * (day - 1) + (part[ok] == AFTERNOON))
    return Options(np.concatenate(chunks_p), np.concatenate(chunks_d).astype(np.int64),
                   np.concatenate(chunks_s).astype(np.int64))


def distances_to(amb: Ambassadors, needs: Needs, need: int) -> np.ndarray:
    """Each ambassador's distance (km) to one need, on the engine's projection."""
    target = _xy(needs.lat[need:need + 1], needs.lon[need:need + 1])[0]
    return np.hypot(*(_xy(amb.lat, amb.lon) - target).T)


def first_exclusions(amb: Ambassadors, needs: Needs, need: int, rows: np.ndarray, distance: np.ndarray) -> list[str | None]:
    """For these ambassadors (rows) and one need: the first rule, in the order of EXCLUSIONS, that keeps each out
    (None: eligible)."""
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == 0:
        return []
    broken = rule_checks(amb, needs, rows, np.full(len(rows), need, dtype=np.int64), distance)
    matrix = np.vstack([broken[name] for name in EXCLUSIONS])
    first = matrix.argmax(axis=0)
    return [EXCLUSIONS[rule] if excluded else None for rule, excluded in zip(first, matrix.any(axis=0), strict=True)]


def exclusions_for_need(amb: Ambassadors, needs: Needs, need: int, k: int = 5) -> list[tuple[int, float, str | None]]:
    """The k nearest ambassadors to one need, each with the first rule that excludes them (None: eligible)."""
    if len(amb) == 0:
        return []
    distance = distances_to(amb, needs, need)
    nearest = np.argsort(distance, kind="stable")[:k]
    reasons = first_exclusions(amb, needs, need, nearest, distance[nearest])
    return [(int(who), float(distance[who]), reason) for who, reason in zip(nearest, reasons, strict=True)]
