from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .coding import Theme
from .interviews import Segment, Transcript
from .study import Study


class ReliabilityRound(models.Model):
    """The same transcripts coded blind by two or more coders; closed, it yields agreement and a consensus."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open: coding blind")
        CLOSED = "closed", _("Closed")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("study"))
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    transcripts = models.ManyToManyField(Transcript, related_name="rounds", verbose_name=_("transcripts"))
    coders = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="reliability_rounds",
                                    verbose_name=_("coders"))
    themes = models.ManyToManyField(Theme, related_name="rounds", verbose_name=_("themes"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reliability round")
        verbose_name_plural = _("reliability rounds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["study", "name"], name="round_name_unique",
                                    violation_error_message=_("The study already has a round with this name.")),
            models.CheckConstraint(condition=models.Q(status__in=["open", "closed"]), name="round_status_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class ConsensusDecision(models.Model):
    """What the consensus meeting decided for one turn and theme on which the coders disagreed."""

    class Decision(models.TextChoices):
        APPLY = "apply", _("The theme applies")
        REJECT = "reject", _("The theme does not apply")

    round = models.ForeignKey(ReliabilityRound, on_delete=models.CASCADE, related_name="decisions",
                              verbose_name=_("reliability round"))
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="+", verbose_name=_("turn"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+", verbose_name=_("theme"))
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("consensus decision")
        verbose_name_plural = _("consensus decisions")
        constraints = [models.UniqueConstraint(fields=["round", "segment", "theme"], name="consensus_unique")]

    def __str__(self):
        return f"{self.round} {self.segment_id} {self.theme_id}: {self.decision}"
