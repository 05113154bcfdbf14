"""The AVG rights for what matching keeps about a person: proposals and placements of an ambassador, and the
check-ins they answered (see accounts.privacy)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.privacy import model_section

from .models import OPEN_PROPOSALS, CheckIn, Placement, Proposal


def personal_data(user: User):
    proposals = (Proposal.objects.filter(ambassador__user=user, status__in=[
        Proposal.Status.APPROVED, Proposal.Status.PLACED, Proposal.Status.DECLINED, Proposal.Status.LAPSED])
        .select_related("need__school").order_by("decided_at"))
    return [
        model_section("proposals", gettext_lazy("Proposals made to you"), proposals,
                      ["weekday", "day_part", "status", "respond_by", "ambassador_response", "ambassador_reason"],
                      extra={"school": (gettext_lazy("school"), lambda p: p.need.school.name)}),
        model_section("placements", gettext_lazy("Your placements"),
                      Placement.objects.filter(ambassador__user=user).select_related("need__school")
                      .order_by("start_date"),
                      ["weekday", "day_part", "start_date", "end_date", "status"],
                      extra={"school": (gettext_lazy("school"), lambda p: p.need.school.name)}),
        model_section("checkins", gettext_lazy("Check-ins you answered"),
                      CheckIn.objects.filter(answered_by=user).order_by("due_on"),
                      ["due_on", "side", "relief", "hours_freed", "remarks", "answered_at"]),
    ]


def blockers(user: User) -> list[str]:
    """What must end before this person can be erased: a school counts on an active placement or an open proposal."""
    reasons = []
    if Placement.objects.filter(ambassador__user=user, status=Placement.Status.ACTIVE).exists():
        reasons.append(_("This ambassador has an active placement: end it first."))
    if Proposal.objects.filter(ambassador__user=user, status__in=OPEN_PROPOSALS).exists():
        reasons.append(_("This ambassador has an open proposal: reject it first."))
    return reasons


def erase(user: User, actor) -> None:
    """Proposals and placements stay for the figures; what the person wrote, and was written about them, goes: their
    answers' reasons, why their placement ended, the remarks of both sides on their check-ins, and a swap's note that
    names them."""
    Proposal.objects.filter(ambassador__user=user).exclude(ambassador_reason="").update(ambassador_reason="")
    name = user.get_full_name()
    if name:
        Proposal.objects.filter(reject_reason__contains=name).update(reject_reason="")
    Placement.objects.filter(ambassador__user=user).exclude(ended_reason="").update(ended_reason="")
    CheckIn.objects.filter(Q(answered_by=user) | Q(placement__ambassador__user=user)).exclude(remarks="").update(
        remarks="")
