"""Who acts for a school: a new person is invited with a new account; someone who already has an account is asked,
and joins only when they accept (nobody is tied to a school, or shown to its leader, without their yes)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.emails import send_templated_email, site_link
from accounts.models import Role, User
from accounts.services import user_invite

from .models import MembershipInvitation, School, SchoolMembership


class SchoolInvite:
    """What asking a person to join a school came to (the school leader hears the same in every case)."""

    ACCOUNT_CREATED = "account_created"  # a new account, with an e-mail to choose a password
    ASKED = "asked"  # an existing account, asked to accept
    ALREADY_MEMBER = "already_member"
    OTHER_ROLE = "other_role"  # an account for something else: the owner is told nothing changed


def teacher_add(*, school: School, actor: User, email: str, first_name: str, last_name: str, position: str = "") -> str:
    """A school leader gives a teacher access to the school's needs.

    The leader hears the same whether or not the address has an account; the e-mail tells its owner what happened:
    a new person chooses a password, someone with a teacher's account accepts or declines, and someone whose account
    is for something else hears that nothing changed.
    """
    return invite_to_school(school=school, actor=actor, email=email, first_name=first_name, last_name=last_name,
                             role=Role.TEACHER, language=actor.language, position=position, may_join=(Role.TEACHER,))


def invite_to_school(*, school, actor, email, first_name, last_name, role, language, may_join, position="") -> str:
    """Invite a new person to the school with a new account; ask someone with an account of a school role to accept.

    The position stays empty unless given: pages then show the role, in the reader's language.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        user_invite(invited_by=actor, email=email, first_name=first_name, last_name=last_name, role=role,
                    language=language, places=[school.name],
                    tie=lambda user: SchoolMembership.objects.create(user=user, school=school, position=position.strip()))
        return SchoolInvite.ACCOUNT_CREATED
    if existing.role not in may_join or not existing.is_active:
        send_templated_email(to=existing.email, template="schools/email/school_access_unchanged",
                             context={"school": school, "user": existing}, language=existing.language)
        return SchoolInvite.OTHER_ROLE
    if SchoolMembership.objects.filter(user=existing, school=school).exists():
        return SchoolInvite.ALREADY_MEMBER
    invitation = MembershipInvitation.objects.filter(school=school, user=existing, answered_at__isnull=True).first()
    if invitation is None:
        try:
            with transaction.atomic():
                invitation = MembershipInvitation.objects.create(school=school, user=existing, email=email,
                                                                  position=position.strip(), invited_by=actor)
        except IntegrityError:  # the same person asked twice at the same moment: one open invitation
            invitation = MembershipInvitation.objects.get(school=school, user=existing, answered_at__isnull=True)
    audit_record(actor=actor, action="membership.invited", target=school, subject=existing)
    send_templated_email(to=existing.email, template="schools/email/membership_invitation",
                         context={"school": school, "user": existing, "invited_by": actor, "role": Role(role).label,
                                  "link": site_link("schools:membership_answer", invitation.pk)},
                         language=existing.language)
    return SchoolInvite.ASKED


def membership_answer(*, invitation_id: int, user: User, accept: bool) -> MembershipInvitation:
    """The invited person accepts (and becomes a member of the school) or declines. The invitation row is locked: a
    second answer at the same moment waits, then finds it answered."""
    with transaction.atomic():
        invitation = (MembershipInvitation.objects.select_for_update().select_related("school")
                      .filter(pk=invitation_id, user=user).first())
        if invitation is None:
            raise MembershipInvitation.DoesNotExist
        if invitation.answered_at is not None:
            raise ValidationError(_("You have already answered this invitation."))
        invitation.answered_at, invitation.accepted = timezone.now(), accept
        invitation.save(update_fields=["answered_at", "accepted"])
        if accept:
            SchoolMembership.objects.get_or_create(user=user, school=invitation.school,
                                                   defaults={"position": invitation.position})
        audit_record(actor=user, action="membership.accepted" if accept else "membership.declined",
                     target=invitation.school, subject=user)
    return invitation
