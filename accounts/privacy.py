"""The AVG rights, for what this app keeps: a person's data as sections (shown on a page and downloaded as JSON),
their erasure (anonymised, so statistics stay whole), and requests for erasure.

Every app keeps a `privacy.py` with `personal_data(user)` and `erase(user, actor)`; the top app (reports.privacy)
puts them together. `Section` is the shape they share.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import action_label, audit_record
from .emails import send_templated_email
from .models import AuditEvent, ErasureRequest, Export, Invitation, Message, MessagePreference, User, erased_email


@dataclass
class Section:
    """One part of a person's data: rows of fields, each with its value for the JSON and its text for the page."""

    key: str
    title: str
    labels: dict = field(default_factory=dict)  # field name -> label
    rows: list = field(default_factory=list)  # [{field name: (json value, text)}]
    single: bool = False  # one record (an account, a profile): shown as a list of fields, exported as an object

    def as_json(self):
        rows = [{name: value for name, (value, _text) in row.items()} for row in self.rows]
        return (rows[0] if rows else None) if self.single else rows

    @property
    def items(self):
        """For a single record: (label, text) per field."""
        return [(self.labels[name], text) for name, (_value, text) in self.rows[0].items()] if self.rows else []


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return value


def _text(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return localize(value) if isinstance(value, datetime.date | Decimal | float | int) else str(value)


def model_section(key: str, title, objects, fields: list[str], extra: dict | None = None,
                  single: bool = False) -> Section:
    """A section of model rows: each field's value, with the choice's label as its text where it has choices.

    `extra` adds computed columns: {name: (label, function of the object)}."""
    model = getattr(objects, "model", None)
    objects = list(objects)
    extra = extra or {}
    section = Section(key=key, title=str(title), single=single)
    model = model or (objects[0]._meta.model if objects else None)
    for name in fields:
        section.labels[name] = str(model._meta.get_field(name).verbose_name) if model else name
    for name, (label, _function) in extra.items():
        section.labels[name] = str(label)
    for obj in objects:
        row = {}
        for name in fields:
            value = getattr(obj, name)
            display = getattr(obj, f"get_{name}_display", None)
            row[name] = (_json_value(value), str(display()) if display and value not in (None, "") else _text(value))
        for name, (_label, function) in extra.items():
            value = function(obj)
            row[name] = (_json_value(value), _text(value))
        section.rows.append(row)
    return section


FACTOR_KINDS = {"totp": gettext_lazy("Authenticator app"), "recovery_codes": gettext_lazy("Recovery codes"),
                "webauthn": gettext_lazy("Security key")}


def personal_data(user: User) -> list[Section]:
    """What accounts keeps about this person."""
    return [
        model_section("account", gettext_lazy("Your account"), [user],
                      ["email", "first_name", "last_name", "role", "language", "date_joined", "last_login"],
                      single=True),
        model_section("second_factors", gettext_lazy("Your second factors (their secrets are not shown)"),
                      Authenticator.objects.filter(user=user).order_by("created_at"), [],
                      extra={"type": (gettext_lazy("kind"), lambda a: str(FACTOR_KINDS.get(a.type, a.type))),
                             "created_at": (gettext_lazy("set up on"), lambda a: a.created_at),
                             "last_used_at": (gettext_lazy("last used on"), lambda a: a.last_used_at)}),
        model_section("invitations", gettext_lazy("Invitations to the platform"),
                      Invitation.objects.filter(user=user).order_by("created_at"),
                      ["role", "created_at", "accepted_at"]),
        model_section("activity", gettext_lazy("What you did on the platform (from the audit trail)"),
                      AuditEvent.objects.filter(actor=user).order_by("at"), ["at", "ip_address"],
                      extra={"action": (gettext_lazy("action"), lambda event: action_label(event.action))}),
        model_section("erasure_requests", gettext_lazy("Your requests for erasure"),
                      ErasureRequest.objects.filter(user=user).order_by("requested_at"),
                      ["requested_at", "status", "decided_at", "refusal_reason"]),
    ]


def erase(user: User, actor: User | None) -> None:
    """(Called by reports.privacy.erase_person, which holds the account's row locked.) The account keeps its role, dates and history (for the statistics) but loses the name, the address, the
    password and the second factors; it can never log in again, and its open sessions end (the password changed)."""
    address, name = user.email, user.get_full_name()
    _forget_in_messages(name)
    user.first_name = user.last_name = ""
    user.email = erased_email("account", user.pk)
    user.set_unusable_password()
    user.is_active = False
    user.erased_at = timezone.now()
    user.save(update_fields=["first_name", "last_name", "email", "password", "is_active", "erased_at"])
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    # What was sent to them (notifications, e-mails with their name and address), their choices and their exports.
    Message.objects.filter(Q(recipient=user) | Q(to_email__iexact=address)).delete()
    MessagePreference.objects.filter(user=user).delete()
    Export.objects.filter(owner=user).delete()


def _forget_in_messages(name: str) -> None:
    """Messages to other people that name the person (a leader's "both said yes", a digest) keep their kind and date,
    not their text."""
    if not name:
        return
    for variant in {name, str(escape(name))}:
        for language, _label in settings.LANGUAGES:
            with translation.override(language):
                removed = _("This message named a person whose data has since been erased.")
            Message.objects.filter(Q(body_text__contains=variant) | Q(body_html__contains=variant),
                                   language=language).update(body_text=removed, body_html="", link="")


# --- Requests for erasure -------------------------------------------------------------------


def erasure_request(*, user: User, recorded_by: User | None = None, note: str = "") -> ErasureRequest:
    """A person (or staff on their behalf) asks for erasure; asking again while one is open changes nothing."""
    if user.erased_at is not None:
        raise ValidationError(_("This person's data has already been erased."))
    existing = ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.OPEN).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(user=user, recorded_by=recorded_by, note=note.strip())
            audit_record(actor=recorded_by or user, action="erasure.recorded" if recorded_by else "erasure.requested",
                         target=request, subject=user)
    except IntegrityError:  # asked twice at the same moment: one open request
        return ErasureRequest.objects.get(user=user, status=ErasureRequest.Status.OPEN)
    return request


def locked_open_request(request_id: int) -> ErasureRequest:
    """The request, locked, while it is still open (a second decision at the same moment waits, then is refused)."""
    request = ErasureRequest.objects.select_for_update(of=("self",)).select_related("user").get(pk=request_id)
    if request.status != ErasureRequest.Status.OPEN:
        raise ValidationError(_("This request has already been handled."))
    return request


def erasure_refuse(*, request_id: int, actor: User, reason: str) -> ErasureRequest:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the person has a right to hear it.")})
    with transaction.atomic():
        request = locked_open_request(request_id)
        request.status, request.refusal_reason = ErasureRequest.Status.REFUSED, reason.strip()
        request.decided_by, request.decided_at = actor, timezone.now()
        request.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
        audit_record(actor=actor, action="erasure.refused", target=request, subject=request.user)
        send_templated_email(to=request.user.email, template="accounts/email/erasure_refused",
                             context={"reason": request.refusal_reason}, language=request.user.language)
    return request
