from django.contrib import admin

from .models import MatchingRun, MatchingSettings, Proposal


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "task", "expertise", "motivation", "distance", "relief", "continuity", "priority"]


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "status", "objective", "region", "proposals_made", "optimal_total", "greedy_total"]
    list_filter = ["status", "objective"]
    list_select_related = ["region"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["need", "ambassador", "score", "status", "run"]
    list_filter = ["status"]
    list_select_related = ["need", "ambassador__user", "run"]
    raw_id_fields = ["need", "ambassador", "run", "decided_by"]
