from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.models import Invitation, Role, User
from ambassadors.models import AmbassadorProfile
from schools.models import SchoolMembership
from schools.selectors import SCHOOL_ROLES


def user_invite(*, invited_by: User, email: str, first_name: str, last_name: str, role: str,
                language: str = settings.LANGUAGE_CODE, school=None, position: str = "") -> Invitation:
    """Staff invite anyone: a school leader or teacher tied to their school, an ambassador with a profile."""
    if role in SCHOOL_ROLES and school is None:
        raise ValidationError({"school": _("A school leader or teacher must be tied to a school.")})

    def tie(user):
        if role in SCHOOL_ROLES:
            SchoolMembership.objects.create(user=user, school=school, position=position.strip())
        elif role == Role.AMBASSADOR:
            AmbassadorProfile.objects.create(user=user)

    return account_services.user_invite(invited_by=invited_by, email=email, first_name=first_name,
                                        last_name=last_name, role=role, language=language, tie=tie,
                                        places=[school.name] if role in SCHOOL_ROLES else [])


def invitation_resend(*, invitation: Invitation, actor: User | None = None) -> Invitation:
    """A fresh link, naming the schools the person belongs to."""
    places = list(invitation.user.schools.values_list("name", flat=True))
    return account_services.invitation_resend(invitation=invitation, actor=actor, places=places)
