from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from schools.selectors import SCHOOL_ROLES

from .models import OPEN_PROPOSALS, CheckIn, MatchingRun, Placement, Proposal

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


def board(region=None):
    qs = _board_rows().filter(status__in=OPEN_PROPOSALS).order_by("need__school__region__name", "-score")
    if region is not None:
        qs = qs.filter(need__school__region=region)
    return qs


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
    qs = Placement.objects.select_related("need__school__region", "ambassador__user").order_by("-flagged", "-start_date")
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
