from django.http import Http404

from accounts.models import Role

from .models import MatchingRun, Proposal


def board(region=None):
    qs = (
        Proposal.objects.filter(status__in=[Proposal.Status.PROPOSED, Proposal.Status.APPROVED])
        .select_related("need__school__region", "ambassador__user", "run")
        .order_by("need__school__region__name", "-score")
    )
    if region is not None:
        qs = qs.filter(need__school__region=region)
    return qs


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
