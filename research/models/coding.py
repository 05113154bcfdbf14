from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from .interviews import Interview, Segment
from .study import Participant, Study

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #0b5563."))


class Theme(models.Model):
    """A code of the study's codebook; themes form a tree through their parent."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="themes", verbose_name=_("study"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("parent theme"))
    name = models.CharField(_("name"), max_length=120)
    definition = models.TextField(_("definition"), blank=True)
    include = models.TextField(_("include when"), blank=True)
    exclude = models.TextField(_("exclude when"), blank=True)
    example = models.TextField(_("example"), blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#0b5563", validators=[colour_validator])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged",
                                    verbose_name=_("merged into"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "study", condition=models.Q(merged_into__isnull=True),
                                    name="theme_name_unique_in_study",
                                    violation_error_message=_("The codebook already has a theme with this name.")),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="theme_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.merged_into_id is None


class ThemeEvent(models.Model):
    """The codebook's history: a theme created, changed, renamed, moved or merged."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("changed")
        RENAMED = "renamed", _("renamed")
        MOVED = "moved", _("moved")
        MERGED = "merged", _("merged")
        IMPORTED = "imported", _("imported")

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="events", verbose_name=_("theme"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("codebook change")
        verbose_name_plural = _("codebook changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.theme} {self.action}"


class Stance(models.TextChoices):
    NONE = "", _("No stance")
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")
    MIXED = "mixed", _("Mixed")


class Coding(models.Model):
    """A theme applied by one coder to characters [start, end) of one turn; the quoted text is kept beside them."""

    class Origin(models.TextChoices):
        CODED = "coded", _("Coded")
        CONSENSUS = "consensus", _("Consensus")
        CARRIED = "carried", _("Carried over from an earlier version")

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="codings", verbose_name=_("turn"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="codings", verbose_name=_("theme"))
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("coder"))
    round = models.ForeignKey("ReliabilityRound", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="codings", verbose_name=_("reliability round"))
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    quote = models.TextField(_("quote"))
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.CODED)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        ordering = ["segment", "start", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="coding_span_ordered"),
            # The quote is exactly as long as the span (the full text[start:end] == quote check is in clean()).
            models.CheckConstraint(condition=Exact(Length("quote"), models.F("end") - models.F("start")),
                                   name="coding_quote_fits_span"),
            models.CheckConstraint(condition=models.Q(stance__in=["", "positive", "negative", "mixed"]),
                                   name="coding_stance_valid"),
            models.UniqueConstraint(fields=["segment", "coder", "theme", "start", "end"],
                                    condition=models.Q(round__isnull=True), name="coding_unique_per_coder",
                                    violation_error_message=_("You already coded these words with this theme.")),
            models.UniqueConstraint(fields=["round", "segment", "coder", "theme", "start", "end"],
                                    condition=models.Q(round__isnull=False), name="coding_unique_per_coder_in_round",
                                    violation_error_message=_("You already coded these words with this theme.")),
        ]
        indexes = [models.Index(fields=["theme", "round"])]

    def __str__(self):
        return f"{self.theme}: {self.quote[:40]}"

    def clean(self):
        text = self.segment.text if self.segment_id else ""
        if self.start is None or self.end is None:
            return
        if not 0 <= self.start < self.end <= len(text):
            raise ValidationError(_("The selection lies outside the turn."))
        if text[self.start:self.end] != self.quote:
            raise ValidationError(_("The quoted words do not match the turn's text at that place."))


class Memo(models.Model):
    """A researcher's note on a coding, an interview, a theme or a participant; without a target, the study journal."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memos", verbose_name=_("study"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    body = models.TextField(_("memo"))
    coding = models.ForeignKey(Coding, on_delete=models.CASCADE, null=True, blank=True, related_name="memos",
                               verbose_name=_("coding"))
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="memos",
                                  verbose_name=_("interview"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="memos",
                              verbose_name=_("theme"))
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="memos",
                                    verbose_name=_("participant"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    TARGETS = ("coding", "interview", "theme", "participant")

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(interview__isnull=True, theme__isnull=True, participant__isnull=True)
                    | models.Q(coding__isnull=True, theme__isnull=True, participant__isnull=True)
                    | models.Q(coding__isnull=True, interview__isnull=True, participant__isnull=True)
                    | models.Q(coding__isnull=True, interview__isnull=True, theme__isnull=True)
                ),
                name="memo_one_target_at_most",
            )
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def target_kind(self):
        return next((name for name in self.TARGETS if getattr(self, f"{name}_id")), "journal")
