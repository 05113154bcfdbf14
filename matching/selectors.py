from django.db.models import Avg, BooleanField, Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from schools.selectors import SCHOOL_ROLES

from .models import OPEN_PROPOSALS, CheckIn, FundingScheme, MatchingRun, Placement, Proposal

EARLIER_NO = [Proposal.Status.REJECTED, Proposal.Status.DECLINED, Proposal.Status.LAPSED]


def _board_rows():
    """Proposals as the board shows them: with earlier no's for the need and the ambassador's other open proposals."""
    return (
        Proposal.objects.select_related("need__school__region", "ambassador__user", "run")
        .prefetch_related(
            Prefetch("need__proposals", queryset=Proposal.objects.filter(status__in=EARLIER_NO)
                     .select_related("ambassador__user").order_by("-decided_at"), to_attr="earlier_no"),
            Prefetch("ambassador__proposals", queryset=Proposal.objects.filter(status__in=OPEN_PROPOSALS)
                     .select_related("need__school").order_by("weekday"), to_attr="open_proposals"),
        )
    )


def board(region=None, need_id=None):
    """The open proposals in the board's order, as ids: the list is paged on these before any row is joined."""
    qs = Proposal.objects.filter(status__in=OPEN_PROPOSALS).order_by("need__school__region__name", "-score", "pk")
    if region is not None:
        qs = qs.filter(need__school__region=region)
    if need_id is not None:
        qs = qs.filter(need_id=need_id)
    return qs.values_list("pk", flat=True)


def board_rows(ids) -> list[Proposal]:
    """The board rows of one page, in the page's order."""
    rows = _board_rows().in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def board_row(pk) -> Proposal:
    """One board row again, after htmx changed it."""
    return _board_rows().get(pk=pk)


def access_proposal_by_id(user, pk) -> Proposal:
    if user.role != Role.STAFF:
        raise Http404
    proposal = Proposal.objects.select_related("need__school__region", "ambassador__user").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def access_run_by_id(user, pk) -> MatchingRun:
    run = MatchingRun.objects.select_related("region", "started_by").filter(pk=pk).first() if user.role == Role.STAFF else None
    if run is None:
        raise Http404
    return run


def run_proposals(run):
    """The proposals a run made (and any swapped in since), best first, as they stand now."""
    return (Proposal.objects.filter(run=run).select_related("need__school", "ambassador__user")
            .order_by("-score", "pk"))


def run_proposal_states(run) -> list[tuple[str, int]]:
    """How many of a run's proposals are in each state, in the order a proposal goes through them."""
    counts = dict(Proposal.objects.filter(run=run).order_by().values_list("status").annotate(n=Count("pk")))
    return [(label, counts[value]) for value, label in Proposal.Status.choices if counts.get(value)]


# What a school and an ambassador ever see of a proposal: only what staff approved (and what became of it). A proposal
# still waiting for staff, or rejected by them, stays between staff.
SHOWN_TO_SIDES = [Proposal.Status.APPROVED, Proposal.Status.PLACED, Proposal.Status.DECLINED, Proposal.Status.LAPSED]


def access_proposal_for_answer(user, pk):
    """A proposal the user may answer, and on which side: the school's leader, or the ambassador themself; only once
    staff approved it."""
    qs = Proposal.objects.select_related("need__school", "ambassador__user").filter(status__in=SHOWN_TO_SIDES)
    if user.role == Role.SCHOOL_LEADER:
        proposal, side = qs.filter(pk=pk, need__school__memberships__user=user).first(), "school"
    elif user.role == Role.AMBASSADOR:
        proposal, side = qs.filter(pk=pk, ambassador__user=user).first(), "ambassador"
    else:
        proposal, side = None, None
    if proposal is None:
        raise Http404
    return proposal, side


def access_checkin_by_id(user, pk) -> CheckIn:
    qs = CheckIn.objects.select_related("placement__need__school", "placement__ambassador__user")
    if user.role in SCHOOL_ROLES:
        checkin = qs.filter(pk=pk, side=CheckIn.Side.SCHOOL, placement__need__school__memberships__user=user).first()
    elif user.role == Role.AMBASSADOR:
        checkin = qs.filter(pk=pk, side=CheckIn.Side.AMBASSADOR, placement__ambassador__user=user).first()
    else:
        checkin = None
    if checkin is None:
        raise Http404
    return checkin


def access_placement_by_id(user, pk) -> Placement:
    qs = Placement.objects.select_related("need__school__region", "ambassador__user")
    if user.role == Role.STAFF:
        placement = qs.filter(pk=pk).first()
    elif user.role in SCHOOL_ROLES:
        placement = qs.filter(pk=pk, need__school__memberships__user=user).first()
    elif user.role == Role.AMBASSADOR:
        placement = qs.filter(pk=pk, ambassador__user=user).first()
    else:
        placement = None
    if placement is None:
        raise Http404
    return placement


def placements_for_staff(region=None, flagged=None):
    qs = (Placement.objects.select_related("need__school__region", "ambassador__user", "funding_scheme")
          .order_by("-flagged", "-start_date"))
    if region is not None:
        qs = qs.filter(need__school__region=region)
    if flagged:
        qs = qs.filter(flagged=True)
    return qs


def _matching(side, **owner):
    """Proposals waiting for this side's answer, and its placements with their open check-ins of that side."""
    proposals = list(Proposal.objects.filter(status=Proposal.Status.APPROVED, **owner)
                     .select_related("need__school", "ambassador__user").order_by("respond_by"))
    placements = list(Placement.objects.filter(**owner).select_related("need__school", "ambassador__user")
                      .prefetch_related(Prefetch("checkins", queryset=CheckIn.objects.filter(
                          side=side, answered_at__isnull=True, due_on__lte=timezone.localdate()),
                          to_attr="open_checkins"))
                      .order_by("-start_date"))
    return proposals, placements


def school_matching(school):
    return _matching(CheckIn.Side.SCHOOL, need__school=school)


def ambassador_matching(profile):
    return _matching(CheckIn.Side.AMBASSADOR, ambassador=profile)


def current_placements(placements) -> list[Placement]:
    """Of an ambassador's placements, those running now: what their status is about once they are placed."""
    return [p for p in placements if p.status == Placement.Status.ACTIVE]


def ambassador_history(profile) -> tuple[list[Proposal], list[Placement]]:
    """For staff: every proposal made for this ambassador (newest first, with what each side answered and why) and
    every placement, running ones first."""
    proposals = list(Proposal.objects.filter(ambassador=profile).select_related("need__school", "run")
                     .order_by("-run__created_at", "-pk"))
    placements = list(Placement.objects.filter(ambassador=profile).select_related("need__school")
                      .order_by(Case(When(status=Placement.Status.ACTIVE, then=Value(0)), default=Value(1)),
                                "-start_date", "-pk"))
    return proposals, placements


def need_proposals(need) -> list[Proposal]:
    """Every proposal ever made for one need, newest first."""
    return list(Proposal.objects.filter(need=need).select_related("ambassador__user", "run", "placement")
                .order_by("-run__created_at", "-pk"))


def holds_need(proposal) -> bool:
    """Does this proposal keep its ambassador at its need now: still open, or placed there and running?"""
    if proposal.status == Proposal.Status.PLACED:
        placement = getattr(proposal, "placement", None)
        return placement is not None and placement.status == Placement.Status.ACTIVE
    return proposal.status in OPEN_PROPOSALS


def mark_proposed(rows, proposals) -> list[dict]:
    """The nearest ambassadors of a need (as need_overview gives them), each with their newest proposal for this very
    need. Whoever is proposed for or placed at it now is not excluded: their half day is booked by this need itself."""
    newest = {}
    for proposal in proposals:  # newest first; one that holds the need now wins over a newer one that does not
        shown = newest.get(proposal.ambassador_id)
        if shown is None or (holds_need(proposal) and not holds_need(shown)):
            newest[proposal.ambassador_id] = proposal
    for row in rows:
        row["proposal"] = newest.get(row["ambassador"].pk)
        row["here"] = row["proposal"] is not None and holds_need(row["proposal"])
        if row["here"]:
            row["reason"] = None
    return rows


def funding_schemes(*, year=None, region=None):
    """Funding schemes with the places used (placements counted against them) and left."""
    qs = FundingScheme.objects.select_related("region").annotate(used=Count("placements")).annotate(
        left=F("places") - F("used")).order_by("-school_year", "region__name", "name")
    if year is not None:
        qs = qs.filter(school_year=year)
    if region is not None:
        qs = qs.filter(region=region)
    return qs


LOW_RELIEF = 2  # as checkin_answer flags: answers of 1 or 2 are low


def checkin_overview(*, year=None, region=None, at_risk_only=False):
    """Placements with their school's check-in answers over time; running placements at risk first (flagged, a low
    last answer, or two check-ins overdue), then the lowest last answer."""
    today = timezone.localdate()
    answered = Q(checkins__side=CheckIn.Side.SCHOOL, checkins__answered_at__isnull=False)
    last = (CheckIn.objects.filter(placement=OuterRef("pk"), side=CheckIn.Side.SCHOOL, answered_at__isnull=False)
            .order_by("-due_on").values("relief")[:1])
    qs = (Placement.objects.select_related("need__school__region", "ambassador__user")
          .annotate(last_relief=Subquery(last), answers=Count("checkins", filter=answered),
                    average_relief=Avg("checkins__relief", filter=answered),
                    average_hours=Avg("checkins__hours_freed", filter=answered),
                    overdue=Count("checkins", filter=Q(checkins__answered_at__isnull=True,
                                                       checkins__due_on__lt=today)))
          .annotate(at_risk=Case(When(Q(status=Placement.Status.ACTIVE) & (
              Q(flagged=True) | Q(last_relief__lte=LOW_RELIEF) | Q(overdue__gte=2)), then=Value(True)),
              default=Value(False), output_field=BooleanField()),
              running=Case(When(status=Placement.Status.ACTIVE, then=Value(0)), default=Value(1)))
          .prefetch_related(Prefetch("checkins", to_attr="school_answers", queryset=CheckIn.objects.filter(
              side=CheckIn.Side.SCHOOL, answered_at__isnull=False).order_by("due_on")))
          .order_by("-at_risk", "running", F("last_relief").asc(nulls_last=True), "-start_date", "pk"))
    if year is not None:
        qs = qs.filter(need__school_year=year)
    if region is not None:
        qs = qs.filter(need__school__region=region)
    if at_risk_only:
        qs = qs.filter(at_risk=True)
    return qs


def placement_checkins(placement, *, sides):
    """A placement's check-ins over time, answered or not, of the sides the reader may see."""
    return list(CheckIn.objects.filter(placement=placement, side__in=sides).select_related("answered_by")
                .order_by("due_on", "side"))


def access_funding_scheme_by_id(user, pk) -> FundingScheme:
    scheme = funding_schemes().filter(pk=pk).first() if user.role == Role.STAFF else None
    if scheme is None:
        raise Http404
    return scheme


def funding_placements(scheme):
    return (Placement.objects.filter(funding_scheme=scheme).select_related("need__school", "ambassador__user")
            .order_by("need__school__name", "pk"))


def funding_eligible(scheme):
    """Placements of the scheme's region and school year that count against no scheme yet."""
    return (Placement.objects.filter(funding_scheme__isnull=True, need__school__region=scheme.region_id,
                                     need__school_year=scheme.school_year)
            .select_related("need__school", "ambassador__user").order_by("need__school__name", "pk"))
