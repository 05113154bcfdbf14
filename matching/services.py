"""Matching against the database: load arrays, call the pure engine, store runs and proposals."""

from __future__ import annotations

import re
import time
import zlib
from datetime import date

import numpy as np
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ambassadors.models import AmbassadorProfile, Motivation, Status, VogStatus
from schools.models import SchoolType, TaskType, TeacherNeed

from . import assignment, scoring
from .models import MatchingRun, MatchingSettings, Objective, Proposal

TASK_BITS = {value: 1 << index for index, value in enumerate(TaskType.values)}
PART_BITS = {"morning": scoring.MORNING, "afternoon": scoring.AFTERNOON, "day": scoring.WHOLE_DAY}
PART_NAMES = {bits: name for name, bits in PART_BITS.items()}
SCHOOL_BITS = {SchoolType.PRIMARY: scoring.PO, SchoolType.SECONDARY: scoring.VO, SchoolType.BOTH: scoring.PO | scoring.VO,
               SchoolType.SPECIAL: scoring.PO}
OPEN_PROPOSALS = [Proposal.Status.PROPOSED, Proposal.Status.APPROVED]


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


def load_ambassadors():
    """Active ambassadors with a VOG and a place, not already in an open proposal, as column arrays."""
    profiles = list(
        AmbassadorProfile.objects.filter(status=Status.ACTIVE, vog_status=VogStatus.RECEIVED,
                                         latitude__isnull=False, longitude__isnull=False)
        .exclude(proposals__status__in=OPEN_PROPOSALS)
        .prefetch_related("slots", "absences")
        .order_by("pk")
    )
    months = relativedelta(months=settings.VOG_MAX_AGE_MONTHS)
    slots, absences = [], []
    for index, p in enumerate(profiles):
        slots.append(sum(PART_BITS[s.part] << (2 * (s.weekday - 1)) for s in p.slots.all()))
        absences += [(index, a.start.toordinal(), a.end.toordinal()) for a in p.absences.all()]
    arrays = scoring.Ambassadors(
        lat=np.array([p.latitude for p in profiles], dtype=float),
        lon=np.array([p.longitude for p in profiles], dtype=float),
        radius_km=np.array([p.max_distance_km for p in profiles], dtype=float),
        slots=np.array(slots, dtype=np.int64),
        tasks=np.array([_mask(p.preferred_tasks, TASK_BITS) or sum(TASK_BITS.values()) for p in profiles], dtype=np.int64),
        school_types=np.array([_mask(p.school_types, {"po": scoring.PO, "vo": scoring.VO}) or 3 for p in profiles],
                              dtype=np.int64),
        active=np.ones(len(profiles), dtype=bool),
        vog_from=np.array([p.vog_issued_on.toordinal() for p in profiles], dtype=np.int64),
        vog_until=np.array([(p.vog_issued_on + months).toordinal() for p in profiles], dtype=np.int64),
        keywords=np.array([keyword_bits(p.subjects, p.expertise) for p in profiles], dtype=np.int64),
        explores_education=np.array([Motivation.EXPLORE in p.motivations for p in profiles], dtype=bool),
        last_school=np.full(len(profiles), -1, dtype=np.int64),
        absences=absences,
    )
    return profiles, arrays


def load_needs(region=None):
    """Open needs of schools with a known place, with how many ambassadors each still needs."""
    qs = (
        TeacherNeed.objects.filter(status=TeacherNeed.Status.OPEN, school__latitude__isnull=False)
        .select_related("school")
        .annotate(open_proposals=Count("proposals", filter=Q(proposals__status__in=OPEN_PROPOSALS)))
        .order_by("pk")
    )
    if region is not None:
        qs = qs.filter(school__region=region)
    needs = [n for n in qs if n.ambassadors_needed - n.open_proposals > 0]
    today = timezone.localdate()
    arrays = scoring.Needs(
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
        priority=np.array([min((today - timezone.localdate(n.created_at)).days / 180, 1.0) for n in needs], dtype=float),
    )
    capacity = np.array([n.ambassadors_needed - n.open_proposals for n in needs], dtype=np.int64)
    return needs, arrays, capacity


def run_create(*, actor: User | None, objective: str = Objective.FILL_FIRST, region=None) -> MatchingRun:
    """Queue a run with the current weights; the Celery worker carries it out."""
    if objective not in Objective.values:
        raise ValidationError(_("Choose a valid objective."))
    from .tasks import run_matching_task

    with transaction.atomic():
        run = MatchingRun.objects.create(started_by=actor, objective=objective, region=region,
                                         weights=MatchingSettings.current().weights())
        transaction.on_commit(lambda: run_matching_task.delay(run.pk))
    return run


def run_execute(*, run_id: int, dry_run: bool = False) -> MatchingRun:
    """Score all feasible pairs, find the optimum (and greedy beside it), store the proposals."""
    started = time.perf_counter()
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        if run.status not in (MatchingRun.Status.QUEUED, MatchingRun.Status.FAILED):
            return run
        run.status = MatchingRun.Status.RUNNING
        run.save(update_fields=["status"])
    try:
        with transaction.atomic():
            profiles, amb = load_ambassadors()
            needs, need_arrays, capacity = load_needs(run.region)
            pairs = scoring.score_pairs(amb, need_arrays, run.weights)
            amb_capacity = np.ones(len(profiles), dtype=np.int64)
            best = assignment.optimal(pairs.ambassador, pairs.need, pairs.score, amb_capacity, capacity, run.objective)
            base = assignment.greedy(pairs.ambassador, pairs.need, pairs.score, amb_capacity, capacity)
            proposals = [
                Proposal(
                    run=run, need=needs[pairs.need[i]], ambassador=profiles[pairs.ambassador[i]],
                    score=round(float(pairs.score[i]), 1), distance_km=round(float(pairs.distance_km[i]), 1),
                    components={k: round(float(v[i]), 3) for k, v in pairs.components.items()},
                    weekday=int(pairs.day[i]), day_part=needs[pairs.need[i]].day_part,
                )
                for i in best.chosen
            ]
            if not dry_run:
                Proposal.objects.bulk_create(proposals)
            run.ambassadors, run.needs, run.pairs_scored = len(profiles), len(needs), len(pairs)
            run.proposals_made = len(proposals)
            run.optimal_total, run.greedy_total = round(best.total, 1), round(base.total, 1)
            run.optimal_filled, run.greedy_filled = best.filled, base.filled
            run.status = MatchingRun.Status.DONE
            run.finished_at = timezone.now()
            run.seconds = round(time.perf_counter() - started, 3)
            if dry_run:
                transaction.set_rollback(True)
            else:
                run.save()
    except Exception as exc:
        MatchingRun.objects.filter(pk=run_id).update(status=MatchingRun.Status.FAILED, error=str(exc)[:2000],
                                                     finished_at=timezone.now())
        raise
    return run


def proposal_decide(*, proposal_id: int, actor: User, approve: bool, reason: str = "") -> Proposal:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("need__school").get(pk=proposal_id)
        if proposal.status != Proposal.Status.PROPOSED:
            raise ValidationError(_("This proposal has already been decided."))
        if approve and not proposal.need.school.has_contact_person:
            raise ValidationError(_("The school has no contact person yet; ask the school leader to set one first."))
        if not approve and not reason.strip():
            raise ValidationError({"reason": _("Give a reason for rejecting; it is shown at the next run.")})
        proposal.status = Proposal.Status.APPROVED if approve else Proposal.Status.REJECTED
        proposal.reject_reason = reason.strip()
        proposal.decided_by, proposal.decided_at = actor, timezone.now()
        proposal.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
        if approve:
            TeacherNeed.objects.filter(pk=proposal.need_id, status=TeacherNeed.Status.OPEN).update(
                status=TeacherNeed.Status.PROPOSED)
    return proposal


def explain(proposal_or_components, *, distance_km: float, weekday_label: str, day_part: str) -> list[str]:
    """The reasons behind a score, in the user's language: "dinsdagochtend past; 4 km; wil graag in de klas"."""
    c = proposal_or_components
    fits = {"morning": _("%(day)s morning fits"), "afternoon": _("%(day)s afternoon fits"),
            "day": _("%(day)s, the whole day, fits")}
    reasons = [fits.get(day_part, fits["day"]) % {"day": weekday_label}, _("%(km)s km") % {"km": f"{distance_km:.0f}"}]
    if c.get("task", 0) >= 1:
        reasons.append(_("wants to do exactly these tasks"))
    elif c.get("task", 0) > 0:
        reasons.append(_("wants to do some of these tasks"))
    if c.get("motivation", 0) > 0:
        reasons.append(_("would like to work in the classroom"))
    if c.get("expertise", 0) > 0:
        reasons.append(_("expertise fits the subject"))
    if c.get("relief", 0) >= 0.75:
        reasons.append(_("frees many hours for the teacher"))
    if c.get("continuity", 0) > 0:
        reasons.append(_("same school as last year"))
    if c.get("priority", 0) >= 0.75:
        reasons.append(_("school has waited long"))
    return reasons


EXCLUSION_TEXT = {
    "inactive": lambda: _("not active"),
    "vog_missing": lambda: _("no VOG"),
    "vog_too_old": lambda: _("VOG too old at the start"),
    "too_far": lambda: _("too far away"),
    "no_day": lambda: _("not available on that day part"),
    "absent": lambda: _("absent at the start"),
    "school_type": lambda: _("prefers another school type"),
    "task": lambda: _("does not want these tasks"),
}


def exclusions(need: TeacherNeed, k: int = 5) -> list[dict]:
    """Why the nearest ambassadors were not proposed for a need."""
    profiles = list(AmbassadorProfile.objects.filter(latitude__isnull=False).exclude(status__in=[Status.DECLINED, Status.ENDED])
                    .select_related("user").prefetch_related("slots", "absences").order_by("pk"))
    if not profiles:
        return []
    months = relativedelta(months=settings.VOG_MAX_AGE_MONTHS)
    amb = scoring.Ambassadors(
        lat=np.array([p.latitude for p in profiles]), lon=np.array([p.longitude for p in profiles]),
        radius_km=np.array([p.max_distance_km for p in profiles], dtype=float),
        slots=np.array([sum(PART_BITS[s.part] << (2 * (s.weekday - 1)) for s in p.slots.all()) for p in profiles],
                       dtype=np.int64),
        tasks=np.array([_mask(p.preferred_tasks, TASK_BITS) or 31 for p in profiles], dtype=np.int64),
        school_types=np.array([_mask(p.school_types, {"po": 1, "vo": 2}) or 3 for p in profiles], dtype=np.int64),
        active=np.array([p.status == Status.ACTIVE for p in profiles]),
        vog_from=np.array([p.vog_issued_on.toordinal() if p.vog_issued_on else date.max.toordinal() for p in profiles],
                          dtype=np.int64),
        vog_until=np.array([(p.vog_issued_on + months).toordinal() if p.vog_status == VogStatus.RECEIVED and p.vog_issued_on
                            else -1 for p in profiles], dtype=np.int64),
        keywords=np.zeros(len(profiles), dtype=np.int64), explores_education=np.zeros(len(profiles), dtype=bool),
        last_school=np.full(len(profiles), -1, dtype=np.int64),
        absences=[(i, a.start.toordinal(), a.end.toordinal()) for i, p in enumerate(profiles) for a in p.absences.all()],
    )
    one = scoring.Needs(
        lat=np.array([need.school.latitude]), lon=np.array([need.school.longitude]),
        days=np.array([sum(1 << (d - 1) for d in need.weekdays)]), part=np.array([PART_BITS[need.day_part]]),
        tasks=np.array([_mask(need.task_types, TASK_BITS)]), school_type=np.array([SCHOOL_BITS.get(need.school.school_type, 3)]),
        start=np.array([max(need.start_date, timezone.localdate()).toordinal()]), hours=np.array([1.0]),
        keywords=np.zeros(1, dtype=np.int64), classroom=np.zeros(1, dtype=bool), school=np.array([need.school_id]),
        priority=np.zeros(1),
    )
    return [{"ambassador": profiles[who], "distance_km": round(km, 1),
             "reason": EXCLUSION_TEXT[reason]() if reason else None}
            for who, km, reason in scoring.exclusions_for_need(amb, one, 0, k=k)]
