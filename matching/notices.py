"""Who hears what about a proposal or placement: the school's leaders and the ambassador, each in their own
language, with a link to where they act. Returns drafts for the outbox; the caller queues them in its transaction."""

from accounts.emails import site_link
from accounts.models import MessageKind, Role, User
from accounts.outbox import Draft, queue, ref
from schools.models import SchoolMembership

from .models import Proposal

SIDES = ("school", "ambassador")


def school_leaders(school_ids) -> dict[int, list[User]]:
    """The active school leaders of these schools, by school id (one query)."""
    found: dict[int, list[User]] = {pk: [] for pk in school_ids}
    for membership in (SchoolMembership.objects.filter(school_id__in=found, user__role=Role.SCHOOL_LEADER,
                                                       user__is_active=True)
                       .select_related("user").order_by("user__last_name", "user_id")):
        found[membership.school_id].append(membership.user)
    return found


def proposal_drafts(proposal: Proposal, *, kind, occasion: str, template: str, links: dict[str, str],
                    sides=SIDES, leaders=None, not_before=None, **context) -> list[Draft]:
    """One draft for each person on these sides of the proposal (need, school and ambassador selected)."""
    school = proposal.need.school
    people = []
    if "school" in sides:
        found = leaders if leaders is not None else school_leaders([school.pk]).get(school.pk, [])
        people += [(person, "school") for person in found]
    if "ambassador" in sides:
        people.append((proposal.ambassador.user, "ambassador"))
    return [
        Draft(kind=kind, about=ref(proposal), occasion=occasion, to=person, template=template, link=links[side],
              not_before=not_before,
              context={"proposal": proposal, "person": person, "side": side, "school": school,
                       "ambassador": proposal.ambassador, "need": proposal.need, **context})
        for person, side in people
    ]


def _loaded(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_related("need__school__region", "ambassador__user").get(pk=proposal.pk)


def proposal_approved(proposal: Proposal) -> None:
    """Both sides are asked to answer, before the deadline."""
    proposal = _loaded(proposal)
    link = site_link("matching:proposal_answer", proposal.pk)
    queue(proposal_drafts(proposal, kind=MessageKind.PROPOSAL, occasion="approved", template="matching/email/proposal",
                          links={"school": link, "ambassador": link}))


def placement_started(proposal: Proposal, placement) -> None:
    proposal = _loaded(proposal)
    queue(proposal_drafts(proposal, kind=MessageKind.PLACEMENT_STARTED, occasion="placed",
                          template="matching/email/placed",
                          links={"school": site_link("matching:placement_welcome", placement.pk),
                                 "ambassador": site_link("matching:placement_first_day", placement.pk)}))


def proposal_declined(proposal: Proposal, *, by: str) -> None:
    """The other side hears that `by` said no (not the reason: that is for the foundation); the need is open again."""
    proposal = _loaded(proposal)
    other = "ambassador" if by == "school" else "school"
    queue(proposal_drafts(proposal, kind=MessageKind.PROPOSAL_DECLINED, occasion=f"declined:{by}",
                          template="matching/email/proposal_declined", sides=(other,),
                          links={"school": site_link("schools:need_detail", proposal.need_id),
                                 "ambassador": site_link("ambassadors:dashboard")}))


def proposal_lapsed(proposal: Proposal, *, not_before=None) -> None:
    """Both sides hear that the time to answer has passed (held until after the school's holiday, if in one)."""
    proposal = _loaded(proposal)
    queue(proposal_drafts(proposal, kind=MessageKind.PROPOSAL_LAPSED, occasion="lapsed",
                          template="matching/email/proposal_lapsed", not_before=not_before,
                          links={"school": site_link("schools:need_detail", proposal.need_id),
                                 "ambassador": site_link("ambassadors:dashboard")}))
