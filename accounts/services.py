from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .audit import audit_record
from .emails import send_templated_email, site_link
from .models import Invitation, MessageKind, Role, User
from .outbox import ref
from .tokens import invitation_token_generator


def invitation_link(user: User) -> str:
    """A link to choose a password, valid for INVITATION_VALID_DAYS and only until it is used."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    return site_link("accounts:invite_accept", uidb64, token)


def invitation_send(invitation: Invitation, *, places=()) -> None:
    """E-mail the invited person a link to choose a password, in their language (after commit).

    `places` names what the account belongs to (a school), for the reader to recognise the invitation."""
    user = invitation.user
    send_templated_email(
        to=user.email,  # not in the app: the person cannot log in before they follow the link
        kind=MessageKind.INVITATION, about=ref(invitation), occasion=invitation.created_at.isoformat(),
        sensitive=True,
        template="accounts/email/invitation",
        context={
            "user": user,
            "role": invitation.get_role_display,
            "invited_by": invitation.invited_by,
            "link": invitation_link(user),
            "valid_days": settings.INVITATION_VALID_DAYS,
            "places": list(places),
        },
        language=user.language,
    )


def account_create(*, email: str, first_name: str, last_name: str, role: str, language: str) -> User:
    """A new account without a password yet (it is chosen through an e-mailed link), its address unverified.

    Call inside a transaction; a concurrent account for the same address raises IntegrityError.
    """
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip(), role=role, language=language)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


def user_invite(*, invited_by: User | None, email: str, first_name: str, last_name: str, role: str,
                language: str = settings.LANGUAGE_CODE, tie=None, places=()) -> Invitation:
    """Create an account with a role and e-mail a link to set a password, in one transaction.

    `tie(user)` runs in that transaction before the e-mail is written, to tie the account to what it belongs to
    (a school, an ambassador profile); the apps above pass it, so this one needs to know none of them.
    """
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("There is already an account with this e-mail address.")})
    try:
        with transaction.atomic():
            user = account_create(email=email, first_name=first_name, last_name=last_name, role=role,
                                  language=language)
            if tie is not None:
                tie(user)
            invitation = Invitation.objects.create(user=user, role=role, invited_by=invited_by)
            audit_record(actor=invited_by, action="user.invited", target=user, details={"role": role})
            invitation_send(invitation, places=places)
    except IntegrityError as exc:  # two staff inviting the same address at the same moment
        raise ValidationError({"email": _("There is already an account with this e-mail address.")}) from exc
    return invitation


def invitation_resend(*, invitation: Invitation, actor: User | None = None, places=()) -> Invitation:
    """Send a fresh link to someone who has not accepted yet; the old link stays valid until it expires.

    The invitation row is locked: a resend while the person accepts waits, then finds it accepted and sends nothing.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(of=("self",)).select_related("user", "invited_by").get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(_("This invitation has already been accepted."))
        invitation.created_at = timezone.now()
        invitation.save(update_fields=["created_at"])
        audit_record(actor=actor, action="invitation.resent", target=invitation.user)
        invitation_send(invitation, places=places)
    return invitation


def invitation_accept(*, user: User, password: str) -> User:
    """The invited person set a password: the e-mail address is proven, the invitation done. Nobody is logged in:
    the person logs in next, with a second factor where their role requires one."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True, primary=True)
        if Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=timezone.now()):
            audit_record(actor=user, action="invitation.accepted", target=user)
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return
    user.language = language
    user.save(update_fields=["language"])
