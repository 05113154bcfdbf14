"""Matching against the database: load arrays, call the pure engine, store runs and proposals."""

from __future__ import annotations

import datetime as dt
import time
from datetime import date

import numpy as np
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_record
from accounts.broker import publish_on_commit
from accounts.models import User
from ambassadors.models import AmbassadorProfile, Status
from schools.holidays import HolidayCalendar, holiday_region_of
from schools.models import (
    HALF_DAYS,
    DayPart,
    TeacherNeed,
    Weekday,
)

from . import assignment, loading, notices, scoring
from .explain import explain, planned_period
from .models import (
    CheckIn,
    MatchingRun,
    MatchingSettings,
    Objective,
    Placement,
    PlacementSlot,
    Proposal,
    Response,
)
from .tasks import rematch_task, run_matching_task


def run_create(*, actor: User | None, objective: str = Objective.FILL_FIRST, region=None,
               compare_greedy: bool = False) -> MatchingRun:
    """Queue a run with the current weights; the Celery worker carries it out."""
    if objective not in Objective.values:
        raise ValidationError(_("Choose a valid objective."))
    with transaction.atomic():
        run = MatchingRun.objects.create(started_by=actor, objective=objective, region=region,
                                         compare_greedy=compare_greedy, weights=MatchingSettings.current().weights())
        audit_record(actor=actor, action="matching.run_started", target=run,
                     details={"objective": objective, "region": getattr(region, "pk", None)})
        publish_on_commit(run_matching_task, run.pk)  # if the broker is down, recover_runs sends it later
    return run


RUN_STOPPED = gettext_lazy("The worker carrying out this run stopped before it finished. Start it again.")


def _abandoned(run: MatchingRun) -> bool:
    """Is a run marked running left by a worker that died? Called holding the run's row: on PostgreSQL a live worker
    holds that row for the whole run, so holding it means nobody is running it; elsewhere only time tells."""
    if connection.features.has_select_for_update_skip_locked:
        return True
    started = run.started_at or run.created_at
    return timezone.now() - started > dt.timedelta(seconds=settings.MATCHING_RUN_TIMEOUT)


def run_execute(*, run_id: int, dry_run: bool = False) -> MatchingRun:
    """Score all feasible pairs, find the optimum (and, when asked, greedy beside it), store the proposals.

    Idempotent: a run that is done is left alone, and so is one a live worker is carrying out (its row is locked);
    a run whose worker died (the task comes back to the queue) is taken over, at most MATCHING_RUN_MAX_ATTEMPTS times.
    """
    started = time.perf_counter()
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update(skip_locked=True).filter(pk=run_id).first()
        if run is None:  # a live worker holds it
            return MatchingRun.objects.get(pk=run_id)
        if run.status == MatchingRun.Status.DONE or (run.status == MatchingRun.Status.RUNNING and not _abandoned(run)):
            return run
        if run.attempts >= settings.MATCHING_RUN_MAX_ATTEMPTS:
            run.status, run.error, run.finished_at = MatchingRun.Status.FAILED, str(RUN_STOPPED), timezone.now()
            run.save(update_fields=["status", "error", "finished_at"])
            return run
        run.status, run.started_at, run.attempts, run.error = MatchingRun.Status.RUNNING, timezone.now(), run.attempts + 1, ""
        run.save(update_fields=["status", "started_at", "attempts", "error"])
    try:
        with transaction.atomic():
            MatchingRun.objects.select_for_update().filter(pk=run_id).first()  # held while the run is carried out
            needs, need_arrays, capacity = loading.load_needs(run.region)
            # No open need: nothing to match, and no reason to load a single ambassador.
            pool = loading.ambassador_pool(loading.matchable() if needs else AmbassadorProfile.objects.none())
            amb = pool.arrays
            pairs = scoring.score_pairs(amb, need_arrays, run.weights)
            opts = scoring.options(amb, need_arrays, pairs)
            keep = pool.not_again([n.pk for n in needs], pairs)[opts.pair]
            pair, day, slot = opts.pair[keep], opts.day[keep], opts.slot[keep]
            problem = (pairs.ambassador[pair], pairs.need[pair], pairs.score[pair], amb.capacity, capacity)
            best = assignment.optimal(*problem, run.objective, slot=slot)
            base = assignment.greedy(*problem, slot=slot) if run.compare_greedy else None
            proposals = [
                Proposal(
                    run=run, need_id=needs[pairs.need[i]].pk, ambassador_id=int(pool.ids[pairs.ambassador[i]]),
                    score=round(float(pairs.score[i]), 1), distance_km=round(float(pairs.distance_km[i]), 1),
                    components={k: round(float(v[i]), 3) for k, v in pairs.components.items()},
                    weekday=int(d), day_part=needs[pairs.need[i]].day_part,
                )
                for i, d in zip(pair[best.chosen], day[best.chosen], strict=True)
            ]
            if not dry_run:
                Proposal.objects.bulk_create(proposals)
            run.ambassadors, run.needs, run.pairs_scored = len(pool), len(needs), len(pairs)
            run.proposals_made = len(proposals)
            run.optimal_total = round(best.total, 1)
            if base is not None:
                run.greedy_total, run.greedy_filled = round(base.total, 1), base.filled
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


def run_restart(*, run_id: int, actor: User) -> MatchingRun:
    """Staff start a failed run again, with its own objective, region and weights."""
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        if run.status != MatchingRun.Status.FAILED:
            raise ValidationError(_("Only a failed run can be started again."))
        run.status, run.attempts, run.error, run.finished_at = MatchingRun.Status.QUEUED, 0, "", None
        run.save(update_fields=["status", "attempts", "error", "finished_at"])
        publish_on_commit(run_matching_task, run.pk)
    return run


def proposal_decide(*, proposal_id: int, actor: User, approve: bool, reason: str = "") -> Proposal:
    with transaction.atomic():
        proposal = (Proposal.objects.select_for_update(of=("self",)).select_related("need__school", "ambassador__user")
                    .get(pk=proposal_id))
        if proposal.status != Proposal.Status.PROPOSED:
            raise ValidationError(_("This proposal has already been decided."))
        if approve and not proposal.need.school.has_contact_person:
            raise ValidationError(_("The school has no contact person yet; ask the school leader to set one first."))
        if not approve and not reason.strip():
            raise ValidationError({"reason": _("Give a reason for rejecting; it is shown at the next run.")})
        proposal.status = Proposal.Status.APPROVED if approve else Proposal.Status.REJECTED
        proposal.reject_reason = reason.strip()
        proposal.decided_by, proposal.decided_at = actor, timezone.now()
        if approve:
            proposal.respond_by = timezone.localdate() + relativedelta(days=settings.PROPOSAL_RESPONSE_DAYS)
        proposal.save(update_fields=["status", "reject_reason", "decided_by", "decided_at", "respond_by"])
        audit_record(actor=actor, action="proposal.approved" if approve else "proposal.rejected", target=proposal,
                     subject=proposal.ambassador.user)
        if approve:
            TeacherNeed.objects.filter(pk=proposal.need_id, status=TeacherNeed.Status.OPEN).update(
                status=TeacherNeed.Status.PROPOSED)
            notices.proposal_approved(proposal)
    return proposal


def _reopen_need(need_id: int) -> None:
    still_open = Proposal.objects.filter(need_id=need_id, status=Proposal.Status.APPROVED).exists()
    if not still_open:
        TeacherNeed.objects.filter(pk=need_id, status=TeacherNeed.Status.PROPOSED).update(status=TeacherNeed.Status.OPEN)


def proposal_respond(*, proposal_id: int, actor: User, side: str, accept: bool, reason: str = "") -> Proposal:
    """The school or the ambassador answers an approved proposal; when both say yes, the placement starts."""
    with transaction.atomic():
        proposal = (Proposal.objects.select_for_update(of=("self",)).select_related("need__school", "ambassador")
                    .get(pk=proposal_id))
        if proposal.status != Proposal.Status.APPROVED:
            raise ValidationError(_("This proposal is no longer open for an answer."))
        if proposal.respond_by and timezone.localdate() > proposal.respond_by:
            raise ValidationError(_("The time to answer this proposal has passed."))
        if not accept and not reason.strip():
            raise ValidationError({"reason": _("Tell us why, so the next proposal fits better.")})
        if side == "school":
            if not proposal.need.school.has_contact_person:
                raise ValidationError(_("Set your school's contact person first; the ambassador needs to know whom to turn to."))
            proposal.school_response = Response.ACCEPTED if accept else Response.DECLINED
            proposal.school_reason = reason.strip()
        elif side == "ambassador":
            proposal.ambassador_response = Response.ACCEPTED if accept else Response.DECLINED
            proposal.ambassador_reason = reason.strip()
        else:
            raise ValidationError(_("Unknown decision."))
        if not accept:
            proposal.status = Proposal.Status.DECLINED
        proposal.save()
        if not accept:
            _reopen_need(proposal.need_id)
            notices.proposal_declined(proposal, by=side)
        elif proposal.school_response == Response.ACCEPTED and proposal.ambassador_response == Response.ACCEPTED:
            _place(proposal)
    return proposal


def _place(proposal: Proposal) -> Placement:
    """Both said yes. The need's row is locked, so two placements for one need at the same moment count each other
    when they decide whether it is filled; the booked day parts are unique in the database, so an ambassador is never
    placed twice on one."""
    TeacherNeed.objects.select_for_update().filter(pk=proposal.need_id).first()
    need = proposal.need
    parts = HALF_DAYS if proposal.day_part == DayPart.WHOLE_DAY else [proposal.day_part]
    start, end = planned_period(need, timezone.localdate())
    placement = Placement.objects.create(
        proposal=proposal, need=need, ambassador=proposal.ambassador, weekday=proposal.weekday,
        day_part=proposal.day_part, start_date=start, end_date=end,
    )
    try:
        with transaction.atomic():
            PlacementSlot.objects.bulk_create([
                PlacementSlot(placement=placement, ambassador_id=proposal.ambassador_id, weekday=proposal.weekday, part=part)
                for part in parts
            ])
    except IntegrityError as exc:
        raise ValidationError(_("This ambassador is already placed on that day part.")) from exc
    proposal.status = Proposal.Status.PLACED
    proposal.save(update_fields=["status"])
    placed = Placement.objects.filter(need=need, status=Placement.Status.ACTIVE).count()
    if placed >= need.ambassadors_needed:
        TeacherNeed.objects.filter(pk=need.pk).update(status=TeacherNeed.Status.FILLED)
    CheckIn.objects.bulk_create([CheckIn(placement=placement, side=side, due_on=due)
                                 for due in checkin_dates(placement.start_date, placement.end_date)
                                 for side in CheckIn.Side.values])
    notices.placement_started(proposal, placement)
    return placement


def checkin_dates(start: date, end: date) -> list[date]:
    """Twice in the first month, then monthly, until the end."""
    dates = [start + relativedelta(days=14), start + relativedelta(days=28)]
    due = start + relativedelta(months=2)
    while due <= end:
        dates.append(due)
        due += relativedelta(months=1)
    return [d for d in dates if d <= end] or [end]


LOW = 2  # answers of 1 or 2 on "does this lighten the workload?" are low


def checkin_answer(*, checkin_id: int, actor: User, relief: int, hours_freed, remarks: str = "") -> CheckIn:
    """Store an answer; two low answers in a row from one side flag the placement for staff."""
    with transaction.atomic():
        checkin = CheckIn.objects.select_for_update().select_related("placement").get(pk=checkin_id)
        if checkin.answered_at is not None:
            raise ValidationError(_("This check-in has already been answered."))
        if not 1 <= relief <= 5:
            raise ValidationError({"relief": _("Choose a number from 1 to 5.")})
        checkin.relief, checkin.hours_freed, checkin.remarks = relief, hours_freed, remarks.strip()
        checkin.answered_by, checkin.answered_at = actor, timezone.now()
        checkin.save()
        last_two = list(CheckIn.objects.filter(placement=checkin.placement, side=checkin.side, answered_at__isnull=False)
                        .order_by("-due_on")[:2])
        if len(last_two) == 2 and all(c.relief <= LOW for c in last_two) and not checkin.placement.flagged:
            Placement.objects.filter(pk=checkin.placement_id).update(flagged=True)
            publish_on_commit(rematch_task, checkin.placement_id)  # recover_runs catches it if the broker is down
    return checkin


def rematch(*, placement_id: int) -> Proposal | None:
    """A placement that does not lighten the load gets a re-match proposal on the staff board, before it quietly fails.

    Once per flagged placement: a task delivered twice, or sent again by recover_runs, finds it done."""
    placement = Placement.objects.select_related("need__school", "ambassador").get(pk=placement_id)
    if placement.rematched_at is not None or not placement.flagged:
        return None
    options = [row for row in alternatives(placement.need, k=10) if row["ambassador"].pk != placement.ambassador_id]
    with transaction.atomic():
        if not Placement.objects.filter(pk=placement.pk, rematched_at__isnull=True).update(rematched_at=timezone.now()):
            return None  # another worker did it a moment ago
        run = MatchingRun.objects.create(objective=Objective.FILL_FIRST, region=placement.need.school.region,
                                         weights=MatchingSettings.current().weights(), solver=MatchingRun.Solver.REMATCH,
                                         status=MatchingRun.Status.DONE, finished_at=timezone.now(), needs=1,
                                         ambassadors=len(options), pairs_scored=len(options))
        if not options:
            return None
        best = options[0]
        run.proposals_made, run.optimal_total = 1, best["score"]
        run.save(update_fields=["proposals_made", "optimal_total"])
        return Proposal.objects.create(run=run, need=placement.need, ambassador=best["ambassador"], score=best["score"],
                                       components=best["components"], distance_km=best["distance_km"],
                                       weekday=best["weekday"], day_part=placement.need.day_part)


def placement_end(*, placement_id: int, actor: User, reason: str) -> Placement:
    if not reason.strip():
        raise ValidationError({"reason": _("Record why the placement ends early.")})
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement_id)
        if placement.status != Placement.Status.ACTIVE:
            raise ValidationError(_("This placement has already ended."))
        placement.status, placement.ended_reason = Placement.Status.ENDED_EARLY, reason.strip()
        placement.save(update_fields=["status", "ended_reason"])
        audit_record(actor=actor, action="placement.ended", target=placement)
        placement.slots.all().delete()
        TeacherNeed.objects.filter(pk=placement.need_id).exclude(status=TeacherNeed.Status.CLOSED).update(
            status=TeacherNeed.Status.OPEN)
    return placement


def weights_update(*, actor: User, data: dict) -> MatchingSettings:
    """Staff set the weights of the soft criteria; the next run uses them. Old and new values are recorded."""
    with transaction.atomic():
        current = MatchingSettings.current()
        current = MatchingSettings.objects.select_for_update().get(pk=current.pk)
        before = current.weights()
        for name in scoring.COMPONENTS:
            setattr(current, name, data[name])
        current.full_clean()
        current.save()
        changes = {name: [before[name], getattr(current, name)] for name in scoring.COMPONENTS
                   if before[name] != getattr(current, name)}
        audit_record(actor=actor, action="matching.weights_changed", target=current, details={"changes": changes})
    return current


def placements_close_ended(today: date | None = None) -> int:
    """Placements past their end date end: their half days are free again for the next placement."""
    today = today or timezone.localdate()
    closed = 0
    for pk in Placement.objects.filter(status=Placement.Status.ACTIVE, end_date__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            placement = Placement.objects.select_for_update().filter(pk=pk, status=Placement.Status.ACTIVE).first()
            if placement is None:
                continue
            placement.status = Placement.Status.ENDED
            placement.save(update_fields=["status"])
            placement.slots.all().delete()
            closed += 1
    return closed


def proposals_lapse(today: date | None = None) -> int:
    """Approved proposals that were not answered in time go back to the pool, and both sides hear so (after the
    school's holiday when it is in one)."""
    today = today or timezone.localdate()
    lapsed = 0
    calendar = None
    for proposal in (Proposal.objects.filter(status=Proposal.Status.APPROVED, respond_by__lt=today)
                     .select_related("need__school__region").only("pk", "need_id", "need__school__region")):
        with transaction.atomic():
            updated = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.APPROVED).update(
                status=Proposal.Status.LAPSED)
            if updated:
                _reopen_need(proposal.need_id)
                calendar = calendar or HolidayCalendar(today, today + relativedelta(days=120))
                notices.proposal_lapsed(proposal, not_before=_after_holiday(calendar, proposal.need.school, today))
                lapsed += updated
    return lapsed


def _after_holiday(calendar, school, today):
    """When a message about this school may go out: now, or the morning after the school's holiday."""
    day = calendar.after_holiday(holiday_region_of(school), today)
    if day == today:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8)))


EXCLUSION_TEXT = {
    "inactive": gettext_lazy("not active"),
    "vog_missing": gettext_lazy("no VOG"),
    "vog_too_old": gettext_lazy("VOG too old at the start"),
    "too_far": gettext_lazy("too far away"),
    "full": gettext_lazy("already has as many placements as they can take"),
    "half_day": gettext_lazy("offers half a day a week only"),
    "no_day": gettext_lazy("not available on that day part"),
    "absent": gettext_lazy("absent at the start"),
    "school_type": gettext_lazy("prefers another school type"),
    "task": gettext_lazy("does not want these tasks"),
}


def need_overview(need: TeacherNeed, k: int = 5) -> tuple[list[dict], list[dict]]:
    """For one need: why the nearest ambassadors were not proposed, and the best alternatives to swap in.

    Only the ambassadors within reach of the need and the k nearest are loaded, as values; one pool serves both
    lists (the engine itself leaves out whoever is inactive or has no counting VOG).
    """
    needs, arrays = loading.load_needs_subset([need.pk])
    if not needs:
        return [], []
    pool = loading.pool_around(needs[0], AmbassadorProfile.objects.exclude(status__in=[Status.DECLINED, Status.ENDED]), k)
    if not len(pool):
        return [], []
    nearest = scoring.exclusions_for_need(pool.arrays, arrays, 0, k=k)
    alternatives = _alternatives(pool, needs, arrays, k)
    people = _profiles_by_id([int(pool.ids[who]) for who, _km, _reason in nearest]
                             + [row["ambassador_id"] for row in alternatives])
    rows = [{"ambassador": people[int(pool.ids[who])], "distance_km": round(km, 1),
             "reason": str(EXCLUSION_TEXT[reason]) if reason else None} for who, km, reason in nearest]
    for row in alternatives:
        row["ambassador"] = people[row.pop("ambassador_id")]
    return rows, alternatives


def alternatives(need: TeacherNeed, k: int = 5, **filters) -> list[dict]:
    """The best-scoring matchable ambassadors for one need, with their score and reasons (for a swap)."""
    needs, arrays = loading.load_needs_subset([need.pk])
    if not needs:
        return []
    pool = loading.pool_around(needs[0], loading.matchable().filter(**filters))
    rows = _alternatives(pool, needs, arrays, k) if len(pool) else []
    people = _profiles_by_id([row["ambassador_id"] for row in rows])
    for row in rows:
        row["ambassador"] = people[row.pop("ambassador_id")]
    return rows


def _profiles_by_id(ids) -> dict[int, AmbassadorProfile]:
    return AmbassadorProfile.objects.select_related("user").in_bulk(ids)


def _alternatives(pool, needs, arrays, k) -> list[dict]:
    pairs = scoring.score_pairs(pool.arrays, arrays, MatchingSettings.current().weights())
    allowed = pool.not_again([n.pk for n in needs], pairs)
    rows = []
    for i in [i for i in np.argsort(-pairs.score, kind="stable") if allowed[i]][:k]:
        components = {key: float(value[i]) for key, value in pairs.components.items()}
        rows.append({
            "ambassador_id": int(pool.ids[pairs.ambassador[i]]), "score": round(float(pairs.score[i]), 1),
            "distance_km": round(float(pairs.distance_km[i]), 1), "weekday": int(pairs.day[i]),
            "components": components,
            "reasons": explain(components, distance_km=float(pairs.distance_km[i]),
                               weekday_label=Weekday(int(pairs.day[i])).label, day_part=needs[0].day_part),
        })
    return rows


def proposal_swap(*, proposal_id: int, actor: User, ambassador_id: int) -> Proposal:
    """Staff replace the proposed ambassador by an alternative that the engine also finds feasible."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("need").get(pk=proposal_id)
        if proposal.status != Proposal.Status.PROPOSED:
            raise ValidationError(_("This proposal has already been decided."))
        option = next(iter(alternatives(proposal.need, k=1, pk=ambassador_id)), None)
        if option is None:
            raise ValidationError(_("That ambassador is not a feasible alternative for this need."))
        proposal.status = Proposal.Status.REJECTED
        proposal.reject_reason = _("Swapped for %(name)s") % {"name": option["ambassador"].user.get_full_name()}
        proposal.decided_by, proposal.decided_at = actor, timezone.now()
        proposal.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
        swapped = Proposal.objects.create(
            run=proposal.run, need=proposal.need, ambassador=option["ambassador"], score=option["score"],
            components=option["components"], distance_km=option["distance_km"], weekday=option["weekday"],
            day_part=proposal.need.day_part,
        )
        audit_record(actor=actor, action="proposal.swapped", target=proposal, details={"new_proposal": swapped.pk})
        return swapped


CHECKIN_TOKEN_SALT = "matching.checkin"  # noqa: S105 - a namespace for signing, not a secret
CHECKIN_TOKEN_MAX_AGE = 60 * 60 * 24 * 45


def checkin_token(item: CheckIn, email: str) -> str:
    return signing.dumps({"checkin": item.pk, "email": email}, salt=CHECKIN_TOKEN_SALT, compress=True)


def checkin_from_token(pk: int, token: str) -> CheckIn | None:
    """The school-side check-in a signed link was made for, while the link is fresh and the contact unchanged."""
    try:
        data = signing.loads(token, salt=CHECKIN_TOKEN_SALT, max_age=CHECKIN_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("checkin") != pk:
        return None
    return (CheckIn.objects.select_related("placement__need__school", "placement__ambassador__user")
            .filter(pk=pk, side=CheckIn.Side.SCHOOL, placement__need__school__contact_email__iexact=data.get("email", ""))
            .first())
