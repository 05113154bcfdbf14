"""The audit trail: who did what, when and from where.

Services call `audit_record` inside the transaction of the change they make, so the entry and the change stand or
fall together; views call it for what a person looked at or exported. The request's address is taken from the request
when given, else from the request being served (accounts.middleware.AuditContextMiddleware); tasks have none.
Details name fields, counts and choices, never personal data itself: the trail outlives an erased person.
"""

from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, User
from .network import client_ip

_current_ip: ContextVar[str | None] = ContextVar("audit_current_ip", default=None)

# What each action means, for the staff page. Actions of other apps are named here too (as plain words: nothing is
# imported); an action without a label shows its name.
ACTIONS = {
    "user.logged_in": _("logged in"),
    "user.login_failed": _("failed to log in"),
    "user.login_throttled": _("was slowed down after failed logins"),
    "user.invited": _("invited a user"),
    "invitation.resent": _("sent an invitation again"),
    "invitation.accepted": _("accepted an invitation"),
    "mfa.added": _("added a second factor"),
    "mfa.removed": _("removed a second factor"),
    "mfa.recovery_codes_generated": _("made new recovery codes"),
    "password.changed": _("changed their password"),
    "password.reset": _("reset their password"),
    "email.changed": _("changed their e-mail address"),
    "membership.invited": _("invited someone to a school"),
    "membership.accepted": _("accepted access to a school"),
    "membership.declined": _("declined access to a school"),
    "intake.viewed": _("viewed an intake"),
    "intake.approved": _("approved an intake"),
    "intake.waitlisted": _("put an intake on the waiting list"),
    "intake.declined": _("declined an intake"),
    "region.saved": _("saved a region"),
    "ambassador.viewed": _("viewed an ambassador"),
    "ambassador.status_changed": _("changed an ambassador's status"),
    "ambassador.intake_planned": _("planned an intake talk"),
    "ambassador.outcome_recorded": _("recorded an ambassador's outcome"),
    "ambassadors.exported": _("exported ambassadors"),
    "import.done": _("imported a spreadsheet"),
    "funding_scheme.saved": _("saved a funding scheme"),
    "funding_scheme.placements_added": _("counted placements against a funding scheme"),
    "funding_scheme.placement_removed": _("took a placement off a funding scheme"),
    "research.exported": _("exported research data"),
    "message.resend": _("sent a message again"),
    "matching.run_started": _("started a matching run"),
    "matching.weights_changed": _("changed the matching weights"),
    "proposal.approved": _("approved a proposal"),
    "proposal.rejected": _("rejected a proposal"),
    "proposal.swapped": _("swapped a proposal"),
    "placement.ended": _("ended a placement early"),
    "placement.viewed": _("viewed a placement"),
    "admin.viewed": _("viewed in the administration"),
    "admin.added": _("added in the administration"),
    "admin.changed": _("changed in the administration"),
    "admin.deleted": _("deleted in the administration"),
    "personal_data.downloaded": _("downloaded their own data"),
    "erasure.requested": _("asked for their data to be erased"),
    "erasure.recorded": _("recorded a request for erasure"),
    "erasure.viewed": _("viewed a request for erasure"),
    "erasure.completed": _("erased a person"),
    "erasure.refused": _("refused a request for erasure"),
    "retention.applied": _("removed data past its term"),
    "audit.viewed": _("read the audit trail"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


FREE_TEXT = {"q"}  # filters people type into: a name or address typed there must not outlive an erasure in the trail


def audit_filters(params) -> dict:
    """The filters of a list or export, for an entry's details: their values, except what was typed as free text."""
    return {key: ("…" if key in FREE_TEXT else value) for key, value in params.items() if value and key != "page"}


def set_request_ip(ip: str | None):
    """Remember the address of the request being served (returns a token for reset_request_ip)."""
    return _current_ip.set(ip)


def reset_request_ip(token) -> None:
    _current_ip.reset(token)


def _subject_of(target) -> User | None:
    """The person an event is about: the target itself when it is an account, or the account it belongs to."""
    if isinstance(target, User):
        return target
    owner = getattr(target, "user", None)
    return owner if isinstance(owner, User) else None


def audit_record(*, actor, action: str, target=None, details: dict | None = None, request=None,
                 subject: User | None = None) -> AuditEvent:
    """Add one entry to the audit trail. `actor` None (or anonymous) is the system or a visitor without an account;
    `subject` is the person the event is about when the target does not say so itself."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        actor=actor,
        actor_role=getattr(actor, "role", "") or "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        subject=subject or _subject_of(target),
        details=details or {},
        ip_address=client_ip(request) if request is not None else _current_ip.get(),
    )
    event.save()
    return event


def audit_events(*, people=None, target=None, action: str = "", since=None, until=None):
    """The trail, newest first, for the staff page: by person (as actor or as the one it is about), by object
    ((content type, id)), by action and by period; what a row shows is loaded up front."""
    events = AuditEvent.objects.select_related("actor", "subject", "target_type")
    if people is not None:
        events = events.filter(Q(actor__in=people) | Q(subject__in=people))
    if target is not None:
        events = events.filter(target_type=target[0], target_id=str(target[1]))
    if action:
        events = events.filter(action=action)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-id")
