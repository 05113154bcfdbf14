from django.contrib import admin

from .models import HistoricalFigure


@admin.register(HistoricalFigure)
class HistoricalFigureAdmin(admin.ModelAdmin):
    list_display = ["school_year", "region", "schools", "ambassadors", "placements", "fte", "source"]
    list_filter = ["school_year", "region"]
    list_select_related = ["region"]
