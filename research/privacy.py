"""The AVG rights for research: a study may know who a participant is only through its re-identification link (read
by the study lead alone). A person's erasure cuts every link to them; the pseudonymised material stays with the study
(it holds no name), as the participant's consent governs it."""

from django.db.models import Q

from accounts.models import User

from .models import ParticipantLink


def personal_data(user: User):
    return []  # research data is pseudonymised; the link itself is the study lead's, not shown here


def erase(user: User, actor) -> None:
    ParticipantLink.objects.filter(Q(user=user) | Q(ambassador__user=user) | Q(placement__ambassador__user=user)).update(
        user=None, ambassador=None, placement=None)
