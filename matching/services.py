"""Matching against the database: load arrays, call the pure engine, store runs and proposals."""

from __future__ import annotations

import re
import time
import zlib
from datetime import date

import numpy as np
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_record
from accounts.emails import send_templated_email, site_link
from accounts.models import Role, User
from ambassadors.models import AmbassadorProfile, DayAmount, Motivation, Status, VogStatus
from schools import school_year
from schools.models import (
    HALF_DAYS,
    DayPart,
    SchoolMembership,
    SchoolType,
    SchoolYearParticipation,
    TaskType,
    TeacherNeed,
    Weekday,
)

from . import assignment, scoring
from .models import (
    OPEN_PROPOSALS,
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

TASK_BITS = {value: 1 << index for index, value in enumerate(TaskType.values)}
PART_BITS = {"morning": scoring.MORNING, "afternoon": scoring.AFTERNOON, "day": scoring.WHOLE_DAY}
SCHOOL_BITS = {SchoolType.PRIMARY: scoring.PO, SchoolType.SECONDARY: scoring.VO, SchoolType.BOTH: scoring.PO | scoring.VO,
               SchoolType.SPECIAL: scoring.PO}


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


def _bookings_prefetch():
    """What already takes an ambassador's time: open proposals and active placements (with their day and part);
    and their placements of earlier school years, newest first, for continuity."""
    return (
        Prefetch("placements", queryset=Placement.objects.filter(need__school_year__lt=school_year.current_school_year())
                 .select_related("need").only("pk", "ambassador_id", "start_date", "need__school_id", "need__school_year")
                 .order_by("-need__school_year", "-start_date"), to_attr="earlier_placements"),
        Prefetch("proposals", queryset=Proposal.objects.filter(status__in=OPEN_PROPOSALS)
                 .only("pk", "ambassador_id", "need_id", "weekday", "day_part"), to_attr="open_proposals"),
        Prefetch("placements", queryset=Placement.objects.filter(status=Placement.Status.ACTIVE)
                 .only("pk", "ambassador_id", "need_id", "weekday", "day_part"), to_attr="active_placements"),
    )


def _profiles(qs):
    """Profiles with everything ambassador_arrays reads."""
    return list(qs.filter(latitude__isnull=False, longitude__isnull=False).select_related("user")
                .prefetch_related("slots", "absences", *_bookings_prefetch()).order_by("pk"))


def load_ambassadors(**filters):
    """Active ambassadors with a VOG and a place, with the time they have left, as column arrays.

    Someone with an open proposal or a placement stays in the pool while they may take another need
    (two half days may be two needs); the half days already booked are taken out of their grid.
    """
    profiles = _profiles(AmbassadorProfile.objects.filter(status=Status.ACTIVE, vog_status=VogStatus.RECEIVED, **filters))
    return profiles, ambassador_arrays(profiles)


def _bits(weekday: int, part: str) -> int:
    return PART_BITS[part] << (2 * (weekday - 1))


def _bookings(profile) -> list:
    return [*getattr(profile, "open_proposals", []), *getattr(profile, "active_placements", [])]


def ambassador_arrays(profiles) -> scoring.Ambassadors:
    """The engine's column arrays for these profiles (slots, absences and bookings prefetched)."""
    valid_until = [p.vog_valid_until() for p in profiles]
    grid = np.array([sum(_bits(s.weekday, s.part) for s in p.slots.all()) for p in profiles], dtype=np.int64)
    booked = np.array([np.bitwise_or.reduce([_bits(b.weekday, b.day_part) for b in _bookings(p)] or [0])
                       for p in profiles], dtype=np.int64)
    used = np.array([len(_bookings(p)) for p in profiles], dtype=np.int64)
    half_day_only = np.array([p.day_amount == DayAmount.HALF for p in profiles], dtype=bool)
    return scoring.Ambassadors(
        lat=np.array([p.latitude for p in profiles], dtype=float),
        lon=np.array([p.longitude for p in profiles], dtype=float),
        radius_km=np.array([p.max_distance_km for p in profiles], dtype=float),
        slots=grid & ~booked,
        tasks=np.array([_mask(p.preferred_tasks, TASK_BITS) or sum(TASK_BITS.values()) for p in profiles], dtype=np.int64),
        school_types=np.array([_mask(p.school_types, {"po": scoring.PO, "vo": scoring.VO}) or scoring.PO | scoring.VO
                               for p in profiles], dtype=np.int64),
        active=np.array([p.status == Status.ACTIVE for p in profiles], dtype=bool),
        vog_from=np.array([p.vog_issued_on.toordinal() if until else date.max.toordinal()
                           for p, until in zip(profiles, valid_until, strict=True)], dtype=np.int64),
        vog_until=np.array([until.toordinal() if until else -1 for until in valid_until], dtype=np.int64),
        keywords=np.array([keyword_bits(p.subjects, p.expertise) for p in profiles], dtype=np.int64),
        explores_education=np.array([Motivation.EXPLORE in p.motivations for p in profiles], dtype=bool),
        last_school=np.array([p.earlier_placements[0].need.school_id if getattr(p, "earlier_placements", None) else -1
                              for p in profiles], dtype=np.int64),
        absences=[(i, a.start.toordinal(), a.end.toordinal()) for i, p in enumerate(profiles) for a in p.absences.all()],
        half_day_only=half_day_only,
        # The number of needs comes from the whole grid: a whole day stays one need after its morning is booked.
        capacity=np.maximum(scoring.needs_capacity(grid, half_day_only) - used, 0),
    )


def _not_again(profiles, needs, pairs) -> np.ndarray:
    """Pairs whose ambassador is not already proposed for or placed at that need (a need is never filled twice by one)."""
    index = {need.pk: i for i, need in enumerate(needs)}
    taken = {(a, index[b.need_id]) for a, p in enumerate(profiles) for b in _bookings(p) if b.need_id in index}
    if not taken:
        return np.ones(len(pairs), dtype=bool)
    keys = pairs.ambassador * (len(needs) + 1) + pairs.need
    return ~np.isin(keys, [a * (len(needs) + 1) + n for a, n in taken])


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
    needs = [n for n in qs if n.ambassadors_needed > n.open_proposals]
    capacity = np.array([n.ambassadors_needed - n.open_proposals for n in needs], dtype=np.int64)
    return needs, need_arrays(needs), capacity


def run_create(*, actor: User | None, objective: str = Objective.FILL_FIRST, region=None) -> MatchingRun:
    """Queue a run with the current weights; the Celery worker carries it out."""
    if objective not in Objective.values:
        raise ValidationError(_("Choose a valid objective."))
    with transaction.atomic():
        run = MatchingRun.objects.create(started_by=actor, objective=objective, region=region,
                                         weights=MatchingSettings.current().weights())
        audit_record(actor=actor, action="matching.run_started", target=run,
                     details={"objective": objective, "region": getattr(region, "pk", None)})
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
            opts = scoring.options(amb, need_arrays, pairs)
            keep = _not_again(profiles, needs, pairs)[opts.pair]
            pair, day, slot = opts.pair[keep], opts.day[keep], opts.slot[keep]
            problem = (pairs.ambassador[pair], pairs.need[pair], pairs.score[pair], amb.capacity, capacity)
            best = assignment.optimal(*problem, run.objective, slot=slot)
            base = assignment.greedy(*problem, slot=slot)
            proposals = [
                Proposal(
                    run=run, need=needs[pairs.need[i]], ambassador=profiles[pairs.ambassador[i]],
                    score=round(float(pairs.score[i]), 1), distance_km=round(float(pairs.distance_km[i]), 1),
                    components={k: round(float(v[i]), 3) for k, v in pairs.components.items()},
                    weekday=int(d), day_part=needs[pairs.need[i]].day_part,
                )
                for i, d in zip(pair[best.chosen], day[best.chosen], strict=True)
            ]
            if not dry_run:
                Proposal.objects.bulk_create(proposals)
            run.ambassadors, run.needs, run.pairs_scored = len(profiles), len(needs), len(pairs)
            run.proposals_made = len(proposals)
            run.optimal_total, run.greedy_total = round(best.total, 1), round(base.total, 1)
            run.greedy_filled = base.filled
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
            _notify(proposal, "matching/email/proposal",
                    links={side: site_link("matching:proposal_answer", proposal.pk) for side in ("school", "ambassador")})
    return proposal


def _school_people(school):
    return list(User.objects.filter(school_memberships__school=school, role=Role.SCHOOL_LEADER, is_active=True))


def _notify(proposal: Proposal, template: str, links: dict[str, str]) -> None:
    """E-mail the school's leaders and the ambassador, each in their own language, with a link per side."""
    proposal = Proposal.objects.select_related("need__school", "ambassador__user").get(pk=proposal.pk)
    people = [(person, "school") for person in _school_people(proposal.need.school)]
    people.append((proposal.ambassador.user, "ambassador"))
    for person, side in people:
        send_templated_email(
            to=person.email, template=template,
            context={"proposal": proposal, "person": person, "side": side, "school": proposal.need.school,
                     "ambassador": proposal.ambassador, "link": links[side]},
            language=person.language,
        )


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
    start = max(need.start_date, timezone.localdate())
    placement = Placement.objects.create(
        proposal=proposal, need=need, ambassador=proposal.ambassador, weekday=proposal.weekday,
        day_part=proposal.day_part, start_date=start, end_date=max(need.end_date, start),
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
    _notify(proposal, "matching/email/placed",
            links={"school": site_link("matching:placement_welcome", placement.pk),
                   "ambassador": site_link("matching:placement_first_day", placement.pk)})
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
            placement_id = checkin.placement_id
            transaction.on_commit(lambda: rematch_task.delay(placement_id))
    return checkin


def rematch(*, placement_id: int) -> Proposal | None:
    """A placement that does not lighten the load gets a re-match proposal on the staff board, before it quietly fails."""
    placement = Placement.objects.select_related("need__school", "ambassador").get(pk=placement_id)
    options = [row for row in alternatives(placement.need, k=10) if row["ambassador"].pk != placement.ambassador_id]
    with transaction.atomic():
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
    """Approved proposals that were not answered in time go back to the pool."""
    today = today or timezone.localdate()
    lapsed = 0
    for proposal in Proposal.objects.filter(status=Proposal.Status.APPROVED, respond_by__lt=today).only("pk", "need_id"):
        with transaction.atomic():
            updated = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.APPROVED).update(
                status=Proposal.Status.LAPSED)
            if updated:
                _reopen_need(proposal.need_id)
                lapsed += updated
    return lapsed


def explain(c: dict, *, distance_km: float, weekday_label: str, day_part: str) -> list[str]:
    """The reasons behind a score's components, in the user's language: "dinsdagochtend past; 4 km; wil graag in de klas"."""
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
        reasons.append(_("school comes first: waited long or still misses ambassadors"))
    return reasons


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

    One load serves both: the engine itself leaves out whoever is inactive or has no counting VOG.
    """
    profiles = _profiles(AmbassadorProfile.objects.exclude(status__in=[Status.DECLINED, Status.ENDED]))
    needs, arrays = load_needs_subset([need.pk])
    if not profiles or not needs:
        return [], []
    amb = ambassador_arrays(profiles)
    rows = [{"ambassador": profiles[who], "distance_km": round(km, 1),
             "reason": str(EXCLUSION_TEXT[reason]) if reason else None}
            for who, km, reason in scoring.exclusions_for_need(amb, arrays, 0, k=k)]
    return rows, _alternatives(profiles, amb, needs, arrays, k)


def alternatives(need: TeacherNeed, k: int = 5, **filters) -> list[dict]:
    """The best-scoring matchable ambassadors for one need, with their score and reasons (for a swap)."""
    profiles, amb = load_ambassadors(**filters)
    needs, arrays = load_needs_subset([need.pk])
    return _alternatives(profiles, amb, needs, arrays, k) if profiles and needs else []


def _alternatives(profiles, amb, needs, arrays, k) -> list[dict]:
    pairs = scoring.score_pairs(amb, arrays, MatchingSettings.current().weights())
    allowed = _not_again(profiles, needs, pairs)
    rows = []
    for i in [i for i in np.argsort(-pairs.score, kind="stable") if allowed[i]][:k]:
        components = {key: float(value[i]) for key, value in pairs.components.items()}
        rows.append({
            "ambassador": profiles[pairs.ambassador[i]], "score": round(float(pairs.score[i]), 1),
            "distance_km": round(float(pairs.distance_km[i]), 1), "weekday": int(pairs.day[i]),
            "components": components,
            "reasons": explain(components, distance_km=float(pairs.distance_km[i]),
                               weekday_label=Weekday(int(pairs.day[i])).label, day_part=needs[0].day_part),
        })
    return rows


SHORTAGE_FULL = 3  # a school still missing three ambassadors (or more) it asked for has the full shortage priority


def _priority(needs, today: date) -> np.ndarray:
    """Schools that have waited longest (half a year or more counts in full) or still miss the most ambassadors
    they asked for in that school year come first."""
    if not needs:
        return np.zeros(0, dtype=float)
    schools = {n.school_id for n in needs}
    wanted = {(p.school_id, p.school_year): p.ambassadors_wanted
              for p in SchoolYearParticipation.objects.filter(school_id__in=schools)}
    placed = {(row["need__school_id"], row["need__school_year"]): row["n"]
              for row in Placement.objects.filter(status=Placement.Status.ACTIVE, need__school_id__in=schools)
              .values("need__school_id", "need__school_year").annotate(n=Count("id"))}
    waited = np.array([(today - timezone.localdate(n.created_at)).days / 180 for n in needs], dtype=float)
    missing = np.array([wanted.get((n.school_id, n.school_year), 0) - placed.get((n.school_id, n.school_year), 0)
                        for n in needs], dtype=float)
    return np.clip(np.maximum(waited, missing / SHORTAGE_FULL), 0.0, 1.0)


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


def checkin_reminders(today: date | None = None) -> int:
    """E-mail everyone whose check-in is due today: the school's contact person and leaders, and the ambassador."""
    today = today or timezone.localdate()
    due = (CheckIn.objects.filter(due_on=today, answered_at__isnull=True, placement__status=Placement.Status.ACTIVE)
           .select_related("placement__need__school", "placement__ambassador__user")
           .prefetch_related(Prefetch("placement__need__school__memberships", to_attr="leader_memberships",
                                      queryset=SchoolMembership.objects.filter(user__role=Role.SCHOOL_LEADER,
                                                                               user__is_active=True).select_related("user"))))
    sent = 0
    for item in due:
        placement = item.placement
        if item.side == CheckIn.Side.AMBASSADOR:
            people = [(placement.ambassador.user.email, placement.ambassador.user.language, placement.ambassador.user.first_name)]
        else:
            leaders = [membership.user for membership in placement.school.leader_memberships]
            people = [(u.email, u.language, u.first_name) for u in leaders]
            if placement.school.contact_email and placement.school.contact_email not in {u.email for u in leaders}:
                people.append((placement.school.contact_email, settings.LANGUAGE_CODE, placement.school.contact_name))
        for email, language, name in people:
            # The contact person may have no account: their link carries a signed token instead of a login.
            link = (site_link("matching:checkin_token", item.pk, checkin_token(item, email))
                    if email == placement.school.contact_email and item.side == CheckIn.Side.SCHOOL
                    else site_link("matching:checkin", item.pk))
            send_templated_email(to=email, template="matching/email/checkin",
                                 context={"name": name, "placement": placement, "link": link}, language=language)
            sent += 1
    return sent


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
