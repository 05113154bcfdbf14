from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.audit import audit_record
from accounts.models import Invitation, Role, User
from ambassadors.models import AmbassadorProfile
from schools.models import SchoolMembership
from schools.selectors import SCHOOL_ROLES

from .models import HistoricalFigure


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


def user_invitation_send(*, user_id: int, actor: User) -> Invitation:
    """Invite someone whose account waits for it (no password, never invited: an imported school leader or
    ambassador), through the normal invitation e-mail in their language."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        if user.has_usable_password() or not user.is_active:
            raise ValidationError(_("%(email)s can log in already; there is nothing to invite.") % {"email": user.email})
        if user.invitations.exists():
            raise ValidationError(_("%(email)s has been invited already; send the invitation again from the list.")
                                  % {"email": user.email})
        invitation = Invitation.objects.create(user=user, role=user.role, invited_by=actor)
        audit_record(actor=actor, action="user.invited", target=user, details={"role": user.role})
        account_services.invitation_send(invitation, places=list(user.schools.values_list("name", flat=True)))
    return invitation


def history_import(*, rows: list[dict]) -> tuple[int, int]:
    """Store parsed history rows (reports.history), one per school year and region: all of them or none.

    A row for a school year and region that is already there is replaced. Returns (created, updated).
    """
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            figure = (HistoricalFigure.objects.select_for_update()
                      .filter(school_year=row["school_year"], region=row["region"]).first()
                      or HistoricalFigure(school_year=row["school_year"], region=row["region"]))
            is_new = figure.pk is None
            for name, value in row.items():
                setattr(figure, name, value)
            figure.full_clean()
            figure.save()
            created, updated = created + is_new, updated + (not is_new)
    return created, updated
