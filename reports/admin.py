from django.contrib import admin

from .imports import admin as imports_admin  # noqa: F401 - registers the import models
from .models import HistoricalFigure


@admin.register(HistoricalFigure)
class HistoricalFigureAdmin(admin.ModelAdmin):
    list_display = ["school_year", "region", "schools", "ambassadors", "placements", "fte", "source"]
    list_filter = ["school_year", "region"]
    list_select_related = ["region"]
