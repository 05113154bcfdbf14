"""What the platform keeps, and for how long: each rule here is carried out every night (reports.tasks) and is also
the text of the privacy statement (/privacy/), so the statement says exactly what the task does.

A term is a number of months (settings, RETENTION_*_MONTHS); data is removed once the moment that starts its term lies
more than that many months before the day the task runs.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from ambassadors.models import AmbassadorProfile, FriendInvitation, Status, StatusChange
from schools.models import Intake
from schools.privacy import anonymise_intakes

from .privacy import erase_person

NEVER_ACTIVE = [Status.APPLIED, Status.INTAKE_PLANNED, Status.INTAKE_DONE, Status.VOG_REQUESTED, Status.VOG_RECEIVED,
                Status.DECLINED]


@dataclass(frozen=True)
class Rule:
    key: str
    setting: str
    text: str  # what the privacy statement says; %(months)s is the term
    apply: Callable[[datetime.datetime, bool], int]  # (cutoff, dry_run) -> how many it removed (or would)

    @property
    def months(self) -> int:
        return getattr(settings, self.setting)

    def describe(self) -> str:
        return str(self.text) % {"months": self.months}

    def cutoff(self, today: datetime.date) -> datetime.datetime:
        """Data whose term started before this moment is past its term."""
        day = today - relativedelta(months=self.months)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _erase_people(users, reason: str, dry_run: bool) -> int:
    erased = 0
    for user in users:
        if dry_run:
            erased += 1
            continue
        try:
            erase_person(user=user, actor=None, reason=reason)
        except ValidationError:  # still placed or proposed: their term starts again once that ends
            continue
        erased += 1
    return erased


def _profiles_after_last_step(cutoff, statuses, ever_active: bool):
    became_active = StatusChange.objects.filter(profile=OuterRef("pk"), to_status=Status.ACTIVE)
    profiles = (AmbassadorProfile.objects.filter(status__in=statuses, user__erased_at__isnull=True)
                .annotate(ever_active=Exists(became_active),
                          last_step=Coalesce(Max("status_changes__at"), "created_at"))
                .filter(ever_active=ever_active, last_step__lt=cutoff))
    return User.objects.filter(pk__in=profiles.values("user_id")).order_by("pk")


def _applicants(cutoff, dry_run):
    return _erase_people(_profiles_after_last_step(cutoff, NEVER_ACTIVE, ever_active=False), "retention:applicants",
                         dry_run)


def _ended_ambassadors(cutoff, dry_run):
    return _erase_people(_profiles_after_last_step(cutoff, [Status.ENDED, Status.DECLINED], ever_active=True),
                         "retention:ended", dry_run)


def _intakes(cutoff, dry_run):
    intakes = Intake.objects.filter(created_at__lt=cutoff).exclude(status=Intake.Status.APPROVED).exclude(
        leader_email__endswith=".invalid")
    return intakes.count() if dry_run else anonymise_intakes(intakes)


def _unused_accounts(cutoff, dry_run):
    users = (User.objects.filter(erased_at__isnull=True, last_login__isnull=True, date_joined__lt=cutoff)
             .filter(Q(password="") | Q(password__startswith=UNUSABLE_PASSWORD_PREFIX))  # no password ever chosen
             .exclude(ambassador_profile__status__in=[Status.ACTIVE, Status.PAUSED]).order_by("pk"))
    return _erase_people(users, "retention:unused", dry_run)


def _friend_invitations(cutoff, dry_run):
    invitations = FriendInvitation.objects.filter(sent_at__lt=cutoff)
    return invitations.count() if dry_run else invitations.delete()[0]


RULES = [
    Rule("applicants", "RETENTION_APPLICANT_MONTHS", _(
        "Applicants who never became active (still in screening, or declined): %(months)s months after their last "
        "step, we erase their data, as on a request."), _applicants),
    Rule("ended_ambassadors", "RETENTION_ENDED_AMBASSADOR_MONTHS", _(
        "Ambassadors who stopped (ended, or declined after being active): %(months)s months after their last step, "
        "we erase their data, as on a request."), _ended_ambassadors),
    Rule("intakes", "RETENTION_INTAKE_MONTHS", _(
        "School registrations that were not approved (declined, on the waiting list or never handled): %(months)s "
        "months after they came in, we remove the school leader's name, phone number and e-mail address and the "
        "support request."), _intakes),
    Rule("unused_accounts", "RETENTION_UNUSED_ACCOUNT_MONTHS", _(
        "Accounts that were never used (no password chosen, never logged in), except those of active or paused "
        "ambassadors: %(months)s months after they were made, we erase the person's data."), _unused_accounts),
    Rule("friend_invitations", "RETENTION_FRIEND_INVITATION_MONTHS", _(
        "Invitations an ambassador sent to a friend: %(months)s months after sending, we remove the friend's name and "
        "e-mail address."), _friend_invitations),
]


def apply_retention(today: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Carry out every rule for `today`; returns how much each removed (or, dry, would remove)."""
    today = today or timezone.localdate()
    done = {rule.key: rule.apply(rule.cutoff(today), dry_run) for rule in RULES}
    if not dry_run and any(done.values()):
        audit_record(actor=None, action="retention.applied", details={"date": today.isoformat(), **done})
    return done
