"""From the database to the engine's column arrays: plain values in a fixed number of queries, never model objects.

A run loads every matchable ambassador and open need; a page about one need loads only the ambassadors within
reach of it (each ambassador's own travel radius, as a box on the coordinates) and the nearest few.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from ambassadors.models import Absence, AmbassadorProfile, AvailabilitySlot, DayAmount, Motivation, Status, VogStatus
from schools import school_year
from schools.models import HALF_DAYS, DayPart, SchoolType, SchoolYearParticipation, TaskType, TeacherNeed

from . import scoring
from .models import OPEN_PROPOSALS, Placement, Proposal

TASK_BITS = {value: 1 << index for index, value in enumerate(TaskType.values)}
PART_BITS = {"morning": scoring.MORNING, "afternoon": scoring.AFTERNOON, "day": scoring.WHOLE_DAY}
SCHOOL_BITS = {SchoolType.PRIMARY: scoring.PO, SchoolType.SECONDARY: scoring.VO, SchoolType.BOTH: scoring.PO | scoring.VO,
               SchoolType.SPECIAL: scoring.PO}
ALL_TASKS = sum(TASK_BITS.values())
PROFILE_FIELDS = ("pk", "latitude", "longitude", "max_distance_km", "status", "vog_status", "vog_issued_on",
                  "preferred_tasks", "school_types", "subjects", "expertise", "motivations", "day_amount")


def keyword_bits(*texts: str) -> int:
    """A 62-bit set of the words (four letters or more) in the texts: overlap means shared subject or expertise."""
    bits = 0
    for word in re.findall(r"[a-zà-ÿ]{4,}", " ".join(texts).lower()):
        bits |= 1 << (zlib.crc32(word.encode()) % 62)
    return bits


def _mask(values, table) -> int:
    result = 0
    for value in values:
        result |= table.get(value, 0)
    return result


def _bits(weekday: int, part: str) -> int:
    return PART_BITS[part] << (2 * (weekday - 1))


@dataclass
class Pool:
    """Ambassadors as the engine sees them: row i of `arrays` is the profile with primary key ids[i]."""

    ids: np.ndarray
    arrays: scoring.Ambassadors
    booked: set[tuple[int, int]]  # (row, need id): already proposed for or placed at that need

    def __len__(self):
        return len(self.ids)

    def not_again(self, need_ids, pairs: scoring.Pairs) -> np.ndarray:
        """Pairs whose ambassador is not already proposed for or placed at that need (never one need twice)."""
        if not self.booked or not len(pairs):
            return np.ones(len(pairs), dtype=bool)
        need_ids = np.asarray(need_ids, dtype=np.int64)
        # Each (row, need id) as one number, so that numpy looks them up all at once.
        width = int(max(need_ids.max(initial=0), max(need for _row, need in self.booked))) + 1
        booked = np.fromiter((row * width + need for row, need in self.booked), dtype=np.int64)
        wanted = pairs.ambassador.astype(np.int64) * width + need_ids[pairs.need]
        return ~np.isin(wanted, booked)


def ambassador_pool(profiles: QuerySet) -> Pool:
    """The engine's arrays for these profiles (those with a place), in six queries whatever their number.

    Someone with an open proposal or a placement stays in the pool while they may take another need (two half days
    may be two needs); the half days already booked are taken out of their grid.
    """
    placed = profiles.filter(latitude__isnull=False, longitude__isnull=False)
    rows = list(placed.order_by("pk").values_list(*PROFILE_FIELDS))
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    index = {pk: i for i, pk in enumerate(ids.tolist())}
    # The queries below read the rows of these profiles, selected again inside each query: thousands of ids sent as
    # a list cost more than selecting them again (and anyone who came in between is skipped by `index`).
    scope = placed.values("pk")
    grid = np.zeros(len(rows), dtype=np.int64)
    for profile_id, weekday, part in AvailabilitySlot.objects.filter(profile__in=scope).values_list(
            "profile_id", "weekday", "part"):
        if profile_id in index:
            grid[index[profile_id]] |= _bits(weekday, part)
    absences = [(index[p], start.toordinal(), end.toordinal()) for p, start, end in
                Absence.objects.filter(profile__in=scope).values_list("profile_id", "start", "end")
                if p in index]
    booked_bits = np.zeros(len(rows), dtype=np.int64)
    used = np.zeros(len(rows), dtype=np.int64)
    booked = set()
    bookings = [*Proposal.objects.filter(status__in=OPEN_PROPOSALS, ambassador__in=scope)
                .values_list("ambassador_id", "need_id", "weekday", "day_part"),
                *Placement.objects.filter(status=Placement.Status.ACTIVE, ambassador__in=scope)
                .values_list("ambassador_id", "need_id", "weekday", "day_part")]
    for ambassador_id, need_id, weekday, part in bookings:
        if ambassador_id in index:
            row = index[ambassador_id]
            booked_bits[row] |= _bits(weekday, part)
            used[row] += 1
            booked.add((row, need_id))
    last_school = np.full(len(rows), -1, dtype=np.int64)
    for ambassador_id, school_id in (
            Placement.objects.filter(need__school_year__lt=school_year.current_school_year(), ambassador__in=scope)
            .order_by("ambassador_id", "-need__school_year", "-start_date").values_list("ambassador_id", "need__school_id")):
        row = index.get(ambassador_id)
        if row is not None and last_school[row] == -1:  # the newest earlier placement, for continuity
            last_school[row] = school_id
    half_day_only = np.array([row[12] == DayAmount.HALF for row in rows], dtype=bool)
    valid_until = [_vog_valid_until(row[5], row[6]) for row in rows]
    arrays = scoring.Ambassadors(
        lat=np.array([row[1] for row in rows], dtype=float),
        lon=np.array([row[2] for row in rows], dtype=float),
        radius_km=np.array([row[3] for row in rows], dtype=float),
        slots=grid & ~booked_bits,
        tasks=np.array([_mask(row[7], TASK_BITS) or ALL_TASKS for row in rows], dtype=np.int64),
        school_types=np.array([_mask(row[8], {"po": scoring.PO, "vo": scoring.VO}) or scoring.PO | scoring.VO
                               for row in rows], dtype=np.int64),
        active=np.array([row[4] == Status.ACTIVE for row in rows], dtype=bool),
        vog_from=np.array([row[6].toordinal() if until else date.max.toordinal()
                           for row, until in zip(rows, valid_until, strict=True)], dtype=np.int64),
        vog_until=np.array([until.toordinal() if until else -1 for until in valid_until], dtype=np.int64),
        keywords=np.array([keyword_bits(row[9], row[10]) for row in rows], dtype=np.int64),
        explores_education=np.array([Motivation.EXPLORE in row[11] for row in rows], dtype=bool),
        last_school=last_school,
        absences=absences,
        half_day_only=half_day_only,
        # The number of needs comes from the whole grid: a whole day stays one need after its morning is booked.
        capacity=np.maximum(scoring.needs_capacity(grid, half_day_only) - used, 0),
    )
    return Pool(ids=ids, arrays=arrays, booked=booked)


def _vog_valid_until(status, issued_on) -> date | None:
    """As AmbassadorProfile.vog_valid_until: the last start date for which the VOG still counts."""
    if status != VogStatus.RECEIVED or issued_on is None:
        return None
    return issued_on + relativedelta(months=settings.VOG_MAX_AGE_MONTHS)


def matchable() -> QuerySet:
    """Ambassadors a run considers: active, with a received VOG."""
    return AmbassadorProfile.objects.filter(status=Status.ACTIVE, vog_status=VogStatus.RECEIVED)


def within_reach(profiles: QuerySet, lat: float, lon: float) -> QuerySet:
    """The profiles whose own travel radius, as a box on the engine's projection, holds the point."""
    # In floating point: PostgreSQL's numeric division per row costs twice the time of the whole scan.
    radius = Cast("max_distance_km", FloatField())
    reach_lat = radius / Value(scoring.KM_PER_DEG_LAT * 0.99, output_field=FloatField())
    reach_lon = radius / Value(float(scoring.KM_PER_DEG_LON) * 0.99, output_field=FloatField())
    return profiles.filter(latitude__gte=Value(lat) - reach_lat, latitude__lte=Value(lat) + reach_lat,
                           longitude__gte=Value(lon) - reach_lon, longitude__lte=Value(lon) + reach_lon)


def nearest(profiles: QuerySet, lat: float, lon: float, k: int) -> list[int]:
    """The primary keys of the k profiles nearest to the point, on the engine's projection."""
    dy = (F("latitude") - Value(lat)) * Value(scoring.KM_PER_DEG_LAT)
    dx = (F("longitude") - Value(lon)) * Value(float(scoring.KM_PER_DEG_LON))
    distance = ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())
    return list(profiles.filter(latitude__isnull=False, longitude__isnull=False).annotate(d2=distance)
                .order_by("d2", "pk").values_list("pk", flat=True)[:k])


def could_take(need: TeacherNeed, profiles: QuerySet) -> QuerySet:
    """A cheap first cut by the engine's hard rules, never narrower than they are: matchable, within their own reach
    of the school, and free on one of the need's weekdays in its part of the day (the engine checks the rest)."""
    parts = HALF_DAYS if need.day_part == DayPart.WHOLE_DAY else [need.day_part]
    free = AvailabilitySlot.objects.filter(profile=OuterRef("pk"), weekday__in=need.weekdays, part__in=parts)
    return within_reach(profiles.filter(status=Status.ACTIVE, vog_status=VogStatus.RECEIVED).filter(Exists(free)),
                        need.school.latitude, need.school.longitude)


def pool_around(need: TeacherNeed, profiles: QuerySet, k: int = 0) -> Pool:
    """The pool for a page about one need: whoever could take it, and (with k) the k nearest whoever they are."""
    lat, lon = need.school.latitude, need.school.longitude
    wanted = Q(pk__in=could_take(need, profiles).values("pk"))
    if k:
        wanted |= Q(pk__in=nearest(profiles, lat, lon, k))
    return ambassador_pool(profiles.filter(wanted))


def pool_near(need: TeacherNeed, profiles: QuerySet, k: int) -> Pool:
    """The pool for explaining one need to its school: whoever's own travel distance reaches the school and the k
    nearest, whatever the rules say of them (the engine's rules then tell why each is or is not a fit)."""
    lat, lon = need.school.latitude, need.school.longitude
    wanted = Q(pk__in=within_reach(profiles, lat, lon).values("pk")) | Q(pk__in=nearest(profiles, lat, lon, k))
    return ambassador_pool(profiles.filter(wanted))


# --- Needs ----------------------------------------------------------------------------------


class SchoolPlace(NamedTuple):
    latitude: float
    longitude: float
    school_type: str


class NeedRow(NamedTuple):
    """What the engine reads of an open need, loaded as plain values (a run loads thousands of them)."""

    pk: int
    school_id: int
    school: SchoolPlace
    school_year: int
    weekdays: list
    day_part: str
    task_types: list
    start_date: date
    hours_per_week: object
    subject: str
    title: str
    description: str
    created_at: object
    ambassadors_needed: int


NEED_FIELDS = ("pk", "school_id", "school__latitude", "school__longitude", "school__school_type", "school_year",
               "weekdays", "day_part", "task_types", "start_date", "hours_per_week", "subject", "title", "description",
               "created_at", "ambassadors_needed")


def load_needs(region=None):
    """Open needs of schools with a known place, with how many ambassadors each still needs (as NeedRow values)."""
    open_proposals = Proposal.objects.filter(need=OuterRef("pk"), status__in=OPEN_PROPOSALS).values("need")
    qs = (
        TeacherNeed.objects.filter(status=TeacherNeed.Status.OPEN, school__latitude__isnull=False)
        .annotate(open_proposals=Coalesce(Subquery(open_proposals.annotate(n=Count("pk")).values("n")), 0))
        .order_by("pk")
    )
    if region is not None:
        qs = qs.filter(school__region=region)
    needs, capacity = [], []
    for row in qs.values_list(*NEED_FIELDS, "open_proposals"):
        pk, school_id, lat, lon, school_type, *rest, needed, proposed = row
        if needed > proposed:
            needs.append(NeedRow(pk, school_id, SchoolPlace(lat, lon, school_type), *rest, needed))
            capacity.append(needed - proposed)
    return needs, need_arrays(needs), np.array(capacity, dtype=np.int64)


def load_needs_subset(ids):
    """The needs with these ids (of schools with a known place) and their arrays, as load_needs gives them."""
    needs = list(TeacherNeed.objects.filter(pk__in=ids, school__latitude__isnull=False).select_related("school")
                 .order_by("pk"))
    return needs, need_arrays(needs)


def need_arrays(needs) -> scoring.Needs:
    """The engine's column arrays for these needs (school selected)."""
    today = timezone.localdate()
    return scoring.Needs(
        lat=np.array([n.school.latitude for n in needs], dtype=float),
        lon=np.array([n.school.longitude for n in needs], dtype=float),
        days=np.array([sum(1 << (d - 1) for d in n.weekdays) for n in needs], dtype=np.int64),
        part=np.array([PART_BITS[n.day_part] for n in needs], dtype=np.int64),
        tasks=np.array([_mask(n.task_types, TASK_BITS) for n in needs], dtype=np.int64),
        school_type=np.array([SCHOOL_BITS.get(n.school.school_type, 3) for n in needs], dtype=np.int64),
        start=np.array([max(n.start_date, today).toordinal() for n in needs], dtype=np.int64),
        hours=np.array([float(n.hours_per_week) for n in needs], dtype=float),
        keywords=np.array([keyword_bits(n.subject, n.title, n.description) for n in needs], dtype=np.int64),
        classroom=np.array([TaskType.CLASSROOM in n.task_types for n in needs], dtype=bool),
        school=np.array([n.school_id for n in needs], dtype=np.int64),
        priority=_priority(needs, today),
    )


SHORTAGE_FULL = 3  # a school still missing three ambassadors (or more) it asked for has the full shortage priority


def _priority(needs, today: date) -> np.ndarray:
    """Schools that have waited longest (half a year or more counts in full) or still miss the most ambassadors
    they asked for in that school year come first."""
    if not needs:
        return np.zeros(0, dtype=float)
    schools = {n.school_id for n in needs}
    wanted = {(school, year): n for school, year, n in SchoolYearParticipation.objects.filter(school_id__in=schools)
              .values_list("school_id", "school_year", "ambassadors_wanted")}
    placed = defaultdict(int)
    for row in (Placement.objects.filter(status=Placement.Status.ACTIVE, need__school_id__in=schools)
                .values("need__school_id", "need__school_year").annotate(n=Count("id"))):
        placed[(row["need__school_id"], row["need__school_year"])] = row["n"]
    waited = np.array([(today - timezone.localdate(n.created_at)).days / 180 for n in needs], dtype=float)
    missing = np.array([wanted.get((n.school_id, n.school_year), 0) - placed[(n.school_id, n.school_year)]
                        for n in needs], dtype=float)
    return np.clip(np.maximum(waited, missing / SHORTAGE_FULL), 0.0, 1.0)
