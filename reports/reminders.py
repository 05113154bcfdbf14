"""Every reminder rule of the platform, run for one day by beat and by `send_reminders`.

The rules live with the objects they know (schools, ambassadors, matching); the staff digest reads across all of
them, so it lives here. Each rule returns outbox drafts; running them twice for the same day writes nothing twice.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count

from accounts import outbox
from accounts.emails import site_link
from accounts.models import Message, MessageKind, Role, User
from accounts.outbox import Draft, ref
from ambassadors import reminders as ambassador_reminders
from ambassadors.models import AmbassadorProfile, Status
from matching import reminders as matching_reminders
from matching.models import Placement, Proposal
from schools import reminders as school_reminders
from schools.models import Intake

WORKDAYS = range(1, 6)  # staff read their digest on working days
SCREENING_STEPS = [Status.APPLIED, Status.INTAKE_DONE, Status.VOG_RECEIVED]  # steps where staff act next


def staff_digest(*, today, calendar=None) -> list[Draft]:
    """A daily overview for each member of staff, on working days and only when there is something to do."""
    if today.isoweekday() not in WORKDAYS:
        return []
    since = today - dt.timedelta(days=3 if today.isoweekday() == 1 else 1)
    intakes = Intake.objects.filter(status__in=[Intake.Status.SUBMITTED, Intake.Status.WAITLISTED])
    counts = {
        "intakes": intakes.filter(status=Intake.Status.SUBMITTED).count(),
        "new_intakes": intakes.filter(status=Intake.Status.SUBMITTED, created_at__date__gte=since).count(),
        "proposals": Proposal.objects.filter(status=Proposal.Status.PROPOSED).count(),
        "flagged": Placement.objects.filter(status=Placement.Status.ACTIVE, flagged=True).count(),
        "failed": Message.objects.filter(state=Message.State.FAILED).count(),
    }
    screening = dict.fromkeys(SCREENING_STEPS, 0)
    rows = AmbassadorProfile.objects.filter(status__in=SCREENING_STEPS).values("status").annotate(n=Count("pk"))
    for row in rows.order_by():
        screening[row["status"]] = row["n"]
    if not any(counts.values()) and not any(screening.values()):
        return []
    steps = [(Status(status).label, n, site_link("ambassadors:staff_list") + f"?status={status}")
             for status, n in screening.items() if n]
    links = {"intakes": site_link("schools:intake_list"), "proposals": site_link("matching:board"),
             "flagged": site_link("matching:placement_list") + "?flagged=on",
             "failed": site_link("accounts:message_list") + "?state=failed"}
    staff = User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk")
    return [Draft(kind=MessageKind.STAFF_DIGEST, about=ref(person), occasion=today.isoformat(), to=person,
                  template="reports/email/staff_digest", link=site_link("reports:staff_dashboard"),
                  context={"person": person, "today": today, "steps": steps, "links": links, **counts})
            for person in staff]


RULES = [*school_reminders.RULES, *ambassador_reminders.RULES, *matching_reminders.RULES, staff_digest]


def send_reminders(*, today: dt.date, dry_run: bool = False) -> dict[str, int]:
    """Run every rule for `today` and put the due messages in the outbox; returns how many each kind created.

    Each rule runs in a transaction of its own, so one rule's error leaves the others' messages written."""
    calendar = matching_reminders.calendar_for(today)
    created = {str(kind): 0 for kind in RULE_KINDS}
    for rule in RULES:
        with transaction.atomic():
            drafts = rule(today=today, calendar=calendar)
            made = outbox.new_drafts(drafts) if dry_run else outbox.queue(drafts)
        for kind, n in outbox.count_by_kind(made).items():
            created[kind] = created.get(kind, 0) + n
    return created


RULE_KINDS = [MessageKind.PARTICIPATION_CALL, MessageKind.INTAKE_TALK, MessageKind.VOG_REMINDER,
              MessageKind.PROPOSAL_WAITING, MessageKind.CONTACT_MISSING, MessageKind.CHECKIN_DUE,
              MessageKind.COMMITMENT_ENDING, MessageKind.FIRST_DAY, MessageKind.NEED_UNMATCHED,
              MessageKind.VOG_EXPIRING, MessageKind.STAFF_DIGEST]
