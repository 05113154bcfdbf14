from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassadors.models import AmbassadorProfile
from schools.models import DayPart, Region, SchoolYearLabel, TeacherNeed, Weekday

from .scoring import COMPONENTS


class Objective(models.TextChoices):
    FILL_FIRST = "fill_first", _("Fill as many needs as possible, then the best fit")
    BEST_FIT = "best_fit", _("Best total fit")


class MatchingSettings(models.Model):
    """The weights of the soft criteria, as staff set them (one row)."""

    task = models.FloatField(_("task preference"), default=25)
    expertise = models.FloatField(_("subject and expertise"), default=15)
    motivation = models.FloatField(_("motivation (exploring education favours classroom work)"), default=10)
    distance = models.FloatField(_("distance"), default=20)
    relief = models.FloatField(_("expected relief (hours a week)"), default=15)
    continuity = models.FloatField(_("continuity (same school as last year)"), default=10)
    priority = models.FloatField(_("priority (waited longest or still misses the most ambassadors)"), default=5)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__gte=0, expertise__gte=0, motivation__gte=0, distance__gte=0, relief__gte=0,
                                   continuity__gte=0, priority__gte=0),
                name="matching_weights_not_negative",
                violation_error_message=_("Weights cannot be negative."),
            )
        ]

    def __str__(self):
        return str(_("Matching settings"))

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]

    def weights(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in COMPONENTS}


class MatchingRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("region"))
    objective = models.CharField(_("objective"), max_length=12, choices=Objective.choices, default=Objective.FILL_FIRST)
    weights = models.JSONField(_("weights"), default=dict)
    class Solver(models.TextChoices):
        FLOW = "flow", _("Optimal assignment (min-cost flow)")
        REMATCH = "rematch", _("Re-match after low check-ins")
        IMPORT = "import", _("Placements brought in from a spreadsheet")

    solver = models.CharField(_("solver"), max_length=10, choices=Solver.choices, default=Solver.FLOW)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    ambassadors = models.PositiveIntegerField(_("ambassadors"), default=0)
    needs = models.PositiveIntegerField(_("needs"), default=0)
    pairs_scored = models.PositiveIntegerField(_("pairs scored"), default=0)
    proposals_made = models.PositiveIntegerField(_("proposals"), default=0)
    optimal_total = models.FloatField(_("total score (optimum)"), default=0)
    # The greedy baseline costs more time than the optimum itself: computed only when staff ask for the comparison.
    compare_greedy = models.BooleanField(_("compare with greedy"), default=False)
    greedy_total = models.FloatField(_("total score (greedy)"), null=True, blank=True)
    greedy_filled = models.PositiveIntegerField(_("needs filled (greedy)"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class Response(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Proposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved by staff")
        REJECTED = "rejected", _("Rejected by staff")
        PLACED = "placed", _("Placed")
        DECLINED = "declined", _("Declined by school or ambassador")
        LAPSED = "lapsed", _("Lapsed: no answer in time")

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("run"))
    need = models.ForeignKey(TeacherNeed, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("need"))
    ambassador = models.ForeignKey(AmbassadorProfile, on_delete=models.CASCADE, related_name="proposals",
                                   verbose_name=_("ambassador"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    score = models.FloatField(_("score"))
    components = models.JSONField(_("score components"), default=dict)
    distance_km = models.FloatField(_("distance (km)"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    day_part = models.CharField(_("day part"), max_length=10, choices=DayPart.choices)
    reject_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    respond_by = models.DateField(_("answer before"), null=True, blank=True)
    school_response = models.CharField(_("answer of the school"), max_length=10, choices=Response.choices, blank=True)
    school_reason = models.TextField(_("reason of the school"), blank=True)
    ambassador_response = models.CharField(_("answer of the ambassador"), max_length=10, choices=Response.choices, blank=True)
    ambassador_reason = models.TextField(_("reason of the ambassador"), blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["run", "need", "ambassador"], name="proposal_unique_in_run")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.ambassador} → {self.need}"


OPEN_PROPOSALS = [Proposal.Status.PROPOSED, Proposal.Status.APPROVED]  # still taking the ambassador's time


class FundingScheme(SchoolYearLabel, models.Model):
    """Money for a number of places in a region and school year, such as a regional subsidy; placements count against it."""

    name = models.CharField(_("name"), max_length=150)
    funder = models.CharField(_("funder"), max_length=150, blank=True,
                              help_text=_("For example the education region Midden-Nederland."))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="funding_schemes", verbose_name=_("region"))
    school_year = models.PositiveIntegerField(_("school year"))
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(10_000)])
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("funding scheme")
        verbose_name_plural = _("funding schemes")
        ordering = ["-school_year", "region__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "school_year", "name"], name="funding_scheme_unique",
                                    violation_error_message=_("This region already has a scheme of this name in that school year.")),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="funding_scheme_places_positive",
                                   violation_error_message=_("A scheme has at least one place.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year_label})"


class Placement(models.Model):
    """An ambassador at a school, on a fixed weekday and day part, for a period."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        ENDED_EARLY = "ended_early", _("Ended early")

    proposal = models.OneToOneField("Proposal", on_delete=models.PROTECT, related_name="placement",
                                    verbose_name=_("proposal"))
    need = models.ForeignKey(TeacherNeed, on_delete=models.PROTECT, related_name="placements", verbose_name=_("need"))
    ambassador = models.ForeignKey(AmbassadorProfile, on_delete=models.PROTECT, related_name="placements",
                                   verbose_name=_("ambassador"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    day_part = models.CharField(_("day part"), max_length=10, choices=DayPart.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    ended_reason = models.TextField(_("why it ended early"), blank=True)
    flagged = models.BooleanField(_("needs attention"), default=False)
    rematched_at = models.DateTimeField(_("re-match proposed at"), null=True, blank=True)
    funding_scheme = models.ForeignKey(FundingScheme, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="placements", verbose_name=_("funding scheme"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date"]
        constraints = [models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                              name="placement_period_ordered")]

    def __str__(self):
        return f"{self.ambassador} @ {self.school}"

    @property
    def school(self):
        return self.need.school


class PlacementSlot(models.Model):
    """The half days an active placement occupies: an ambassador can never be booked twice on one."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="slots", verbose_name=_("placement"))
    ambassador = models.ForeignKey(AmbassadorProfile, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("ambassador"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    part = models.CharField(_("day part"), max_length=10)

    class Meta:
        verbose_name = _("booked day part")
        verbose_name_plural = _("booked day parts")
        constraints = [models.UniqueConstraint(fields=["ambassador", "weekday", "part"], name="ambassador_never_double_booked",
                                               violation_error_message=_("This ambassador is already placed on that day part."))]

    def __str__(self):
        return f"{self.ambassador} {self.weekday} {self.part}"


class CheckIn(models.Model):
    """A short question to the school's contact person or the ambassador: does this lighten the teacher's load?"""

    class Side(models.TextChoices):
        SCHOOL = "school", _("School")
        AMBASSADOR = "ambassador", _("Ambassador")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("placement"))
    side = models.CharField(_("asked of"), max_length=10, choices=Side.choices)
    due_on = models.DateField(_("due on"))
    relief = models.PositiveSmallIntegerField(_("does this lighten the teacher's workload? (1-5)"), null=True, blank=True)
    hours_freed = models.DecimalField(_("hours freed this week"), max_digits=4, decimal_places=1, null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["due_on", "side"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "side", "due_on"], name="checkin_unique"),
            models.CheckConstraint(condition=models.Q(relief__isnull=True) | models.Q(relief__gte=1, relief__lte=5),
                                   name="checkin_relief_range"),
        ]

    def __str__(self):
        return f"{self.placement} {self.side} {self.due_on}"
