import secrets
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import HALF_DAYS, Region, TaskType, Weekday, choice_labels


class Sector(models.TextChoices):
    FINANCE = "finance", _("Banking and finance")
    GOVERNMENT = "government", _("Government and municipality")
    BUSINESS = "business", _("Business services")
    HEALTHCARE = "healthcare", _("Healthcare")
    IT = "it", _("IT and technology")
    OTHER = "other", _("Other")


class EmployerRelease(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ARRANGING = "arranging", _("Being arranged")


class Motivation(models.TextChoices):
    SOCIAL = "social", _("Social involvement")
    EXPLORE = "explore", _("Exploring a job in education")
    WIN_WIN = "win_win", _("A win-win with my current work")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    EMPLOYER = "employer", _("Through my employer")
    FRIEND = "friend", _("A friend or colleague")
    EVENT = "event", _("An event")
    WEBSITE = "website", _("The website")
    OTHER = "other", _("Other")


class Commitment(models.TextChoices):
    HALF_YEAR = "half_year", _("Half a year")
    SCHOOL_YEAR = "school_year", _("A school year")


class DayAmount(models.TextChoices):
    FULL = "full", _("A whole day")
    HALF = "half", _("Half a day")


class AmbassadorSchoolType(models.TextChoices):
    PRIMARY = "po", _("Primary education (PO)")
    SECONDARY = "vo", _("Secondary education (VO)")


class Status(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTAKE_PLANNED = "intake_planned", _("Intake talk planned")
    INTAKE_DONE = "intake_done", _("Intake talk done")
    VOG_REQUESTED = "vog_requested", _("VOG requested")
    VOG_RECEIVED = "vog_received", _("VOG received")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")
    DECLINED = "declined", _("Declined")


# The screening path. Declining is possible from every step before the end.
TRANSITIONS = {
    Status.APPLIED: {Status.INTAKE_PLANNED, Status.DECLINED},
    Status.INTAKE_PLANNED: {Status.INTAKE_DONE, Status.DECLINED},
    Status.INTAKE_DONE: {Status.VOG_REQUESTED, Status.DECLINED},
    Status.VOG_REQUESTED: {Status.VOG_RECEIVED, Status.DECLINED},
    Status.VOG_RECEIVED: {Status.ACTIVE, Status.DECLINED},
    Status.ACTIVE: {Status.PAUSED, Status.ENDED, Status.DECLINED},
    Status.PAUSED: {Status.ACTIVE, Status.ENDED, Status.DECLINED},
    Status.ENDED: set(),
    Status.DECLINED: set(),
}


class VogStatus(models.TextChoices):
    NONE = "none", _("Not requested")
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received")


class EducationJob(models.TextChoices):
    YES = "yes", _("Yes, I moved into a job in education")
    PLANNED = "planned", _("Yes, I will")
    NO = "no", _("No")


def new_referral_code():
    return secrets.token_urlsafe(8)


class AmbassadorProfile(models.Model):
    """The ambassador's own record; one per ambassador account.

    Of the certificate of good conduct (VOG) only the status and dates are kept, never the document.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ambassador_profile", verbose_name=_("user")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="ambassadors", verbose_name=_("region")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    employer_release = models.CharField(_("released by the employer"), max_length=10, choices=EmployerRelease.choices,
                                        blank=True)
    motivations = models.JSONField(_("motivation"), default=list, blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    subjects = models.CharField(_("subjects I could support"), max_length=300, blank=True)
    preferred_tasks = models.JSONField(_("preferred tasks"), default=list, blank=True)
    school_types = models.JSONField(_("school types"), default=list, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    commitment = models.CharField(_("commitment"), max_length=12, choices=Commitment.choices, blank=True)
    day_amount = models.CharField(_("time a week"), max_length=5, choices=DayAmount.choices, blank=True)
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum travel distance (km)"), default=15, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    heard_via = models.CharField(_("heard of us through"), max_length=10, choices=Channel.choices, blank=True)
    referrer_name = models.CharField(_("referred by (name)"), max_length=150, blank=True)
    referred_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals",
        verbose_name=_("referred by (ambassador)"),
    )
    referral_code = models.CharField(_("referral code"), max_length=20, unique=True, default=new_referral_code)
    intake_at = models.DateTimeField(_("intake talk at"), null=True, blank=True)
    intake_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("intake talk by"),
    )
    intake_place = models.CharField(_("place of the intake talk"), max_length=200, blank=True,
                                    help_text=_("An address, or online with the link."))
    intake_notes = models.TextField(_("notes of the intake talk"), blank=True)
    vog_status = models.CharField(_("VOG status"), max_length=10, choices=VogStatus.choices, default=VogStatus.NONE)
    vog_requested_on = models.DateField(_("VOG requested on"), null=True, blank=True)
    vog_issued_on = models.DateField(_("VOG issued on"), null=True, blank=True)
    vog_screening_profile = models.CharField(_("VOG screening profile"), max_length=100, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    continue_next_year = models.BooleanField(_("continues next school year"), null=True, blank=True)
    education_job = models.CharField(_("job in education"), max_length=10, choices=EducationJob.choices, blank=True)
    education_job_description = models.CharField(_("which job"), max_length=200, blank=True)
    outcome_recorded_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ambassador profile")
        verbose_name_plural = _("ambassador profiles")
        ordering = ["user__last_name", "user__first_name"]
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="ambassador_status_valid"),
            models.CheckConstraint(
                condition=~models.Q(vog_status=VogStatus.RECEIVED) | models.Q(vog_issued_on__isnull=False),
                name="ambassador_vog_received_has_issue_date",
                violation_error_message=_("A received VOG needs its issue date."),
            ),
        ]

    def __str__(self):
        return str(self.user)

    def can_become(self, status) -> bool:
        return status in TRANSITIONS[Status(self.status)]

    def vog_counts_on(self, start: date) -> bool:
        """The foundation's rule: a VOG counts when issued at most N months before a placement starts."""
        until = self.vog_valid_until()
        return until is not None and self.vog_issued_on <= start <= until

    def vog_valid_until(self) -> date | None:
        """The last placement start date for which this VOG still counts."""
        if self.vog_status != VogStatus.RECEIVED or self.vog_issued_on is None:
            return None
        return self.vog_issued_on + relativedelta(months=settings.VOG_MAX_AGE_MONTHS)

    @property
    def motivation_labels(self):
        return choice_labels(Motivation, self.motivations)

    @property
    def preferred_task_labels(self):
        return choice_labels(TaskType, self.preferred_tasks)

    @property
    def school_type_labels(self):
        return choice_labels(AmbassadorSchoolType, self.school_types)


class AvailabilitySlot(models.Model):
    """One day part in the week that the ambassador can give."""

    profile = models.ForeignKey(AmbassadorProfile, on_delete=models.CASCADE, related_name="slots",
                                verbose_name=_("ambassador"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    part = models.CharField(_("day part"), max_length=10, choices=[(part, part.label) for part in HALF_DAYS])

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["weekday", "part"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "weekday", "part"], name="slot_unique"),
            models.CheckConstraint(condition=models.Q(weekday__gte=1, weekday__lte=5), name="slot_weekday_range"),
            models.CheckConstraint(condition=models.Q(part__in=HALF_DAYS), name="slot_part_valid"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.get_part_display()}"


class Absence(models.Model):
    class Reason(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        ILLNESS = "illness", _("Illness")
        WORK = "work", _("Busy at work")
        OTHER = "other", _("Other")

    profile = models.ForeignKey(AmbassadorProfile, on_delete=models.CASCADE, related_name="absences",
                                verbose_name=_("ambassador"))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="absence_ordered",
                                              violation_error_message=_("The end date lies before the start date."))]

    def __str__(self):
        return f"{self.profile} {self.start}–{self.end}"


class StatusChange(models.Model):
    """The screening timeline: who moved the ambassador to which step, and when."""

    profile = models.ForeignKey(AmbassadorProfile, on_delete=models.CASCADE, related_name="status_changes",
                                verbose_name=_("ambassador"))
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.profile}: {self.from_status} → {self.to_status}"


class FriendInvitation(models.Model):
    """An ambassador told a friend; the friend's application, if any, links back through the referral code."""

    profile = models.ForeignKey(AmbassadorProfile, on_delete=models.CASCADE, related_name="friend_invitations",
                                verbose_name=_("ambassador"))
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("friend invitation")
        verbose_name_plural = _("friend invitations")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.profile} → {self.email}"
