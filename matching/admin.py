from django.contrib import admin

from accounts.admin import AuditedModelAdmin, ReadOnlyAdminMixin, ReadOnlyInline

from .models import CheckIn, FundingScheme, MatchingRun, MatchingSettings, Placement, PlacementSlot, Proposal


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(AuditedModelAdmin):
    list_display = ["__str__", "task", "expertise", "motivation", "distance", "relief", "continuity", "priority"]


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["pk", "created_at", "status", "objective", "region", "proposals_made", "optimal_total", "greedy_total"]
    list_filter = ["status", "objective"]
    list_select_related = ["region"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["need", "ambassador", "score", "status", "run"]
    list_filter = ["status"]
    list_select_related = ["need", "ambassador__user", "run"]
    raw_id_fields = ["need", "ambassador", "run", "decided_by"]


class CheckInInline(ReadOnlyInline):
    model = CheckIn


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["ambassador", "school", "weekday", "day_part", "start_date", "end_date", "status", "flagged",
                    "funding_scheme"]
    list_filter = ["status", "flagged", "weekday"]
    list_select_related = ["ambassador__user", "need__school", "funding_scheme"]
    raw_id_fields = ["proposal", "need", "ambassador", "funding_scheme"]
    inlines = [CheckInInline]


@admin.register(PlacementSlot)
class PlacementSlotAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["ambassador", "weekday", "part", "placement"]
    list_select_related = ["ambassador__user", "placement"]
    raw_id_fields = ["ambassador", "placement"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["placement", "side", "due_on", "relief", "answered_at"]
    list_filter = ["side"]
    list_select_related = ["placement__ambassador__user", "placement__need__school"]
    raw_id_fields = ["placement", "answered_by"]


@admin.register(FundingScheme)
class FundingSchemeAdmin(AuditedModelAdmin):
    list_display = ["name", "funder", "region", "school_year", "places"]
    list_filter = ["school_year", "region"]
    list_select_related = ["region"]
