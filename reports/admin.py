from django.contrib import admin

from accounts.admin import AuditedModelAdmin

from .imports import admin as imports_admin  # noqa: F401 - registers the import models
from .models import HistoricalFigure


@admin.register(HistoricalFigure)
class HistoricalFigureAdmin(AuditedModelAdmin):
    deletable = True  # published aggregates, no history of their own: a wrong row may go
    list_display = ["school_year", "region", "schools", "ambassadors", "placements", "fte", "source"]
    list_filter = ["school_year", "region"]
    list_select_related = ["region"]
