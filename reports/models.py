from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import Region, SchoolYearLabel

from .imports.models import ImportAccount, ImportBatch, ImportRow

__all__ = ["HistoricalFigure", "ImportAccount", "ImportBatch", "ImportRow"]


class HistoricalFigure(SchoolYearLabel, models.Model):
    """The published figures of a school year and region from before the platform kept them.

    A school year with rows here is reported from these rows alone; later years are computed from the platform.
    """

    school_year = models.PositiveIntegerField(_("school year"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="historical_figures",
                               verbose_name=_("region"))
    schools = models.PositiveIntegerField(_("schools"), validators=[MaxValueValidator(100_000)])
    ambassadors = models.PositiveIntegerField(_("ambassadors"), validators=[MaxValueValidator(100_000)])
    placements = models.PositiveIntegerField(_("placements"), validators=[MaxValueValidator(100_000)])
    fte = models.DecimalField(_("FTE"), max_digits=8, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("historical figure")
        verbose_name_plural = _("historical figures")
        ordering = ["school_year", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "region"], name="historical_figure_unique",
                                    violation_error_message=_("This region already has figures for that school year.")),
            models.CheckConstraint(condition=models.Q(fte__gte=0), name="historical_figure_fte_not_negative",
                                   violation_error_message=_("FTE cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.region} {self.school_year_label}"
