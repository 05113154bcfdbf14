from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassadors.models import AmbassadorProfile
from schools.models import DayPart, Region, TeacherNeed, Weekday


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
    priority = models.FloatField(_("priority (waited longest)"), default=5)
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
        return {name: getattr(self, name) for name in
                ("task", "expertise", "motivation", "distance", "relief", "continuity", "priority")}


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
    solver = models.CharField(_("solver"), max_length=50, default="OR-Tools min-cost flow")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    ambassadors = models.PositiveIntegerField(_("ambassadors"), default=0)
    needs = models.PositiveIntegerField(_("needs"), default=0)
    pairs_scored = models.PositiveIntegerField(_("pairs scored"), default=0)
    proposals_made = models.PositiveIntegerField(_("proposals"), default=0)
    optimal_total = models.FloatField(_("total score (optimum)"), default=0)
    greedy_total = models.FloatField(_("total score (greedy)"), default=0)
    optimal_filled = models.PositiveIntegerField(_("needs filled (optimum)"), default=0)
    greedy_filled = models.PositiveIntegerField(_("needs filled (greedy)"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class Proposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved by staff")
        REJECTED = "rejected", _("Rejected by staff")

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

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["run", "need", "ambassador"], name="proposal_unique_in_run")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.ambassador} → {self.need}"
