from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .interviews import Interview
from .study import Study


class ExportLog(models.Model):
    """Who exported what from a study, and when (the platform-wide audit trail picks these up later)."""

    class Format(models.TextChoices):
        CSV = "csv", _("Codings as CSV")
        XLSX = "xlsx", _("Codings as Excel workbook")
        QDPX = "qdpx", _("REFI-QDA project (.qdpx)")
        QDC = "qdc", _("Codebook as REFI-QDA (.qdc)")
        CODEBOOK_CSV = "codebook_csv", _("Codebook as CSV")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="exports", verbose_name=_("study"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("by"))
    via = models.CharField(_("via"), max_length=10, default="web")
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    what = models.CharField(_("what"), max_length=300)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.study} {self.format} {self.at:%Y-%m-%d %H:%M}"


class TranscriptImport(models.Model):
    """An uploaded transcript waiting for its speakers to be mapped and its names to be replaced.

    It holds text that is not yet pseudonymised, so it lives only until it is saved or discarded (and at most a day).
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="imports",
                                  verbose_name=_("interview"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("uploaded by"))
    source_format = models.CharField(_("source"), max_length=12)
    sha256 = models.CharField(_("checksum of the source"), max_length=64)
    turns = models.JSONField(_("turns"), default=list)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transcript upload")
        verbose_name_plural = _("transcript uploads")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.interview} {self.created_at:%Y-%m-%d %H:%M}"
