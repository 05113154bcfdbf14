"""Demo placements: a few approved proposals that both sides accepted, one with two low check-ins."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from . import services
from .models import CheckIn, Proposal


def seed_placements(*, run, staff, count: int = 4) -> None:
    proposals = list(Proposal.objects.filter(run=run, status=Proposal.Status.PROPOSED)
                     .exclude(need__school__contact_name="").order_by("-score", "pk")[:count])
    for index, proposal in enumerate(proposals):
        try:
            services.proposal_decide(proposal_id=proposal.pk, actor=staff, approve=True)
            if index == len(proposals) - 1:
                continue  # one stays approved, waiting for both answers
            services.proposal_respond(proposal_id=proposal.pk, actor=None, side="school", accept=True)
            services.proposal_respond(proposal_id=proposal.pk, actor=proposal.ambassador.user, side="ambassador",
                                      accept=True)
        except ValidationError:
            continue
        if index == 0:
            for checkin in CheckIn.objects.filter(placement__proposal=proposal, side="school").order_by("due_on")[:2]:
                services.checkin_answer(checkin_id=checkin.pk, actor=None, relief=2, hours_freed=Decimal("0.5"),
                                        remarks="De leraar moet steeds taken verzinnen.")
