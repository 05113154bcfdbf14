from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from . import school_year

brin_validator = RegexValidator(r"^[0-9]{2}[A-Z]{2}$", _("Enter a BRIN number of two digits and two letters, such as 12AB."))


class HolidayRegion(models.TextChoices):
    NORTH = "noord", _("North")
    CENTRAL = "midden", _("Central")
    SOUTH = "zuid", _("South")


class SchoolType(models.TextChoices):
    PRIMARY = "po", _("Primary education (PO)")
    SECONDARY = "vo", _("Secondary education (VO)")
    BOTH = "po_vo", _("Primary and secondary (PO and VO)")
    SPECIAL = "so", _("Special education (SO)")


class TaskType(models.TextChoices):
    """What an ambassador may do at a school: always beside a teacher, never instead of one."""

    CLASSROOM = "classroom", _("Classroom support beside a teacher")
    INVIGILATION = "invigilation", _("Invigilation")
    EXTRACURRICULAR = "extracurricular", _("Extracurricular activities")
    ADMINISTRATIVE = "administrative", _("Administrative support")
    OTHER = "other", _("Other")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")


class DayPart(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    WHOLE_DAY = "day", _("Whole day")


HALF_DAYS = [DayPart.MORNING, DayPart.AFTERNOON]  # the parts a week is made of; a whole day is both


def choice_labels(choices_class, values):
    labels = dict(choices_class.choices)
    return [str(labels[value]) for value in values if value in labels]


class SchoolYearLabel:
    """For models with a `school_year` (the calendar year it starts in): its label, such as 2026-2027."""

    @property
    def school_year_label(self):
        return school_year.label(self.school_year)


class Region(models.Model):
    """A working region of the foundation. Schools fall in it by postcode range or by municipality."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    holiday_region = models.CharField(_("school holiday region"), max_length=10, choices=HolidayRegion.choices)
    municipalities = models.JSONField(_("municipalities"), default=list, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SchoolHoliday(models.Model):
    """A school holiday of a holiday region (noord, midden, zuid); ambassadors are not expected then."""

    holiday_region = models.CharField(_("school holiday region"), max_length=10, choices=HolidayRegion.choices)
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))

    class Meta:
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        ordering = ["start", "holiday_region"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="holiday_ordered"),
            models.UniqueConstraint(fields=["holiday_region", "name", "start"], name="holiday_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_holiday_region_display()})"


class RegionPostcodeRange(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="postcode_ranges", verbose_name=_("region"))
    start = models.PositiveIntegerField(_("from postcode"), validators=[MinValueValidator(1000), MaxValueValidator(9999)])
    end = models.PositiveIntegerField(_("to postcode"), validators=[MinValueValidator(1000), MaxValueValidator(9999)])

    class Meta:
        verbose_name = _("postcode range")
        verbose_name_plural = _("postcode ranges")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="postcode_range_ordered"),
            models.CheckConstraint(condition=models.Q(start__gte=1000, end__lte=9999), name="postcode_range_pc4"),
        ]

    def __str__(self):
        return f"{self.start}–{self.end}"


class SchoolBoard(models.Model):
    """A school board (schoolbestuur): one board runs several schools."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(_("BRIN number"), max_length=4, blank=True, validators=[brin_validator])
    school_type = models.CharField(_("school type"), max_length=5, choices=SchoolType.choices)
    board = models.ForeignKey(
        SchoolBoard, on_delete=models.PROTECT, related_name="schools", verbose_name=_("school board")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="schools", verbose_name=_("region")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    profile = models.TextField(_("school profile"), blank=True)
    allowed_tasks = models.JSONField(_("tasks an ambassador may do"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_role = models.CharField(_("role of the contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mail of the contact person"), blank=True)
    contact_phone = models.CharField(_("phone of the contact person"), max_length=20, blank=True)
    show_on_map = models.BooleanField(
        _("show on the public map"), default=False,
        help_text=_("The school's name and place appear on the public map of participating schools."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SchoolMembership",
        related_name="schools",
        verbose_name=_("school staff on the platform"),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="school_name_order")]
        constraints = [
            models.UniqueConstraint(fields=["brin"], condition=~models.Q(brin=""), name="school_brin_unique_when_set"),
            models.UniqueConstraint(Lower("name"), "postcode", name="school_name_postcode_unique",
                                    violation_error_message=_("There is already a school with this name at this postcode.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    @property
    def address(self):
        """As a Dutch address is written on one line: "Beatrixlaan 110, 1065 QE Amsterdam"."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def has_contact_person(self):
        return bool(self.contact_name and (self.contact_email or self.contact_phone))

    @property
    def allowed_task_labels(self):
        return choice_labels(TaskType, self.allowed_tasks)


class SchoolMembership(models.Model):
    """Ties a school leader's or teacher's account to a school they act for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships", verbose_name=_("user")
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("school"))
    position = models.CharField(_("position"), max_length=100, blank=True, help_text=_("For example school leader or conrector."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("school membership")
        verbose_name_plural = _("school memberships")
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="membership_user_school_unique")]

    def __str__(self):
        return f"{self.user} – {self.school}"


class SchoolYearParticipation(SchoolYearLabel, models.Model):
    """A school takes part in a school year (from an approved intake, or confirmed by its leader)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="participations", verbose_name=_("school"))
    school_year = models.PositiveIntegerField(_("school year"))
    ambassadors_wanted = models.PositiveSmallIntegerField(_("ambassadors wanted"), default=1)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-school_year"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="participation_unique_per_year")]

    def __str__(self):
        return f"{self.school} {self.school_year_label}"


class Intake(SchoolYearLabel, models.Model):
    """A school's registration of interest, as sent in through the public intake form."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("New")
        WAITLISTED = "waitlisted", _("Waiting list")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    TRANSITIONS = {
        Status.SUBMITTED: {Status.APPROVED, Status.WAITLISTED, Status.DECLINED},
        Status.WAITLISTED: {Status.APPROVED, Status.DECLINED},
        Status.APPROVED: set(),
        Status.DECLINED: set(),
    }

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    leader_name = models.CharField(_("name of the school leader"), max_length=150)
    leader_phone = models.CharField(_("phone"), max_length=20)
    leader_email = models.EmailField(_("e-mail address"))
    school_name = models.CharField(_("school name"), max_length=200)
    school_type = models.CharField(_("school type"), max_length=5, choices=SchoolType.choices)
    brin = models.CharField(_("BRIN number"), max_length=4, blank=True)
    board_name = models.CharField(_("school board"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="intakes", verbose_name=_("region")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    school_profile = models.TextField(_("short school profile"))
    support_request = models.TextField(_("specific support request"), blank=True)
    school_year = models.PositiveIntegerField(_("school year"))
    ambassadors_wanted = models.PositiveSmallIntegerField(
        _("ambassadors wanted"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    consent_at = models.DateTimeField(_("privacy consent given at"))
    show_on_map = models.BooleanField(_("show on the public map"), default=False)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates",
        verbose_name=_("possible duplicate of"),
    )
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="intakes", verbose_name=_("school")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "school_year"]), models.Index(fields=["brin", "school_year"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ambassadors_wanted__gte=1, ambassadors_wanted__lte=20),
                                   name="intake_ambassadors_wanted_range"),
        ]

    def __str__(self):
        return f"{self.school_name} ({self.school_year_label})"

    def can_become(self, status) -> bool:
        return status in self.TRANSITIONS[self.status]


class TeacherNeed(SchoolYearLabel, models.Model):
    """What a teacher needs taken off their hands, and when."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PROPOSED = "proposed", _("Proposed")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="needs", verbose_name=_("school"))
    title = models.CharField(_("title"), max_length=150)
    task_types = models.JSONField(_("tasks"), default=list)
    subject = models.CharField(_("subject or section"), max_length=100, blank=True)
    year_group = models.CharField(_("year group"), max_length=50, blank=True)
    weekdays = models.JSONField(_("weekdays"), default=list)
    day_part = models.CharField(_("day part"), max_length=10, choices=DayPart.choices)
    school_year = models.PositiveIntegerField(_("school year"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours_per_week = models.DecimalField(_("hours freed per week"), max_digits=4, decimal_places=1)
    ambassadors_needed = models.PositiveSmallIntegerField(_("number of ambassadors"), default=1)
    description = models.TextField(_("description"))
    relief = models.TextField(_("what it takes off the teacher's hands"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("teacher need")
        verbose_name_plural = _("teacher needs")
        ordering = ["status", "start_date", "title"]
        indexes = [models.Index(fields=["status", "school_year"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="need_period_ordered",
                                   violation_error_message=_("The end date lies before the start date.")),
            models.CheckConstraint(condition=models.Q(hours_per_week__gt=0, hours_per_week__lte=40), name="need_hours_range",
                                   violation_error_message=_("Hours per week must lie between 0.5 and 40.")),
            models.CheckConstraint(condition=models.Q(ambassadors_needed__gte=1, ambassadors_needed__lte=10),
                                   name="need_ambassadors_range",
                                   violation_error_message=_("Between 1 and 10 ambassadors per need.")),
        ]

    def __str__(self):
        return self.title

    @property
    def task_labels(self):
        return choice_labels(TaskType, self.task_types)

    @property
    def weekday_labels(self):
        return choice_labels(Weekday, self.weekdays)


class NeedEvent(models.Model):
    """The history of a need: who created, changed, closed or reopened it, and what changed."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("changed")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")

    need = models.ForeignKey(TeacherNeed, on_delete=models.CASCADE, related_name="events", verbose_name=_("need"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("need event")
        verbose_name_plural = _("need events")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.need} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class MembershipInvitation(models.Model):
    """Someone who already has an account was asked to join a school (by its leader, or by staff approving an intake).

    They become a member only when they accept: nobody is tied to a school, or shown to its leader, without consent.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="membership_invitations",
                               verbose_name=_("school"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_invitations",
                             verbose_name=_("invited person"))
    email = models.EmailField(_("e-mail address as typed"))
    position = models.CharField(_("position"), max_length=100, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    accepted = models.BooleanField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to a school")
        verbose_name_plural = _("invitations to a school")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], condition=models.Q(answered_at__isnull=True),
                                    name="membership_invitation_one_open"),
            models.CheckConstraint(condition=models.Q(answered_at__isnull=True, accepted__isnull=True)
                                   | models.Q(answered_at__isnull=False, accepted__isnull=False),
                                   name="membership_invitation_answer_complete"),
        ]

    def __str__(self):
        return f"{self.email} → {self.school}"
