from django.contrib import admin

from accounts.admin import AuditedModelAdmin, ReadOnlyAdminMixin, ReadOnlyInline

from .models import (
    Intake,
    MembershipInvitation,
    NeedEvent,
    Region,
    RegionPostcodeRange,
    School,
    SchoolBoard,
    SchoolHoliday,
    SchoolMembership,
    SchoolYearParticipation,
    TeacherNeed,
)


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["name", "holiday_region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SchoolBoard)
class SchoolBoardAdmin(AuditedModelAdmin):
    list_display = ["name", "city"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = SchoolMembership
    readonly_fields = ["user"]  # nobody is tied to a school without their yes: only the position changes here
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # access to a school is given by invitation, which the person accepts


@admin.register(School)
class SchoolAdmin(AuditedModelAdmin):
    list_display = ["name", "city", "school_type", "region", "board"]
    list_filter = ["school_type", "region"]
    search_fields = ["name", "city", "brin", "postcode"]
    list_select_related = ["region", "board"]
    autocomplete_fields = ["board"]
    inlines = [MembershipInline]


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(AuditedModelAdmin):
    deletable = True  # taking someone's access to a school away loses no history

    def has_add_permission(self, request):
        return False  # access to a school is given by invitation, which the person accepts

    list_display = ["user", "school", "position"]
    list_select_related = ["user", "school"]
    readonly_fields = ["user", "school"]  # nobody is tied to a school without their yes: only the position changes


@admin.register(RegionPostcodeRange)
class RegionPostcodeRangeAdmin(AuditedModelAdmin):
    deletable = True
    list_display = ["region", "start", "end"]
    list_select_related = ["region"]


@admin.register(SchoolYearParticipation)
class SchoolYearParticipationAdmin(AuditedModelAdmin):
    list_display = ["school", "school_year", "ambassadors_wanted", "confirmed_by", "confirmed_at"]
    list_filter = ["school_year"]
    list_select_related = ["school", "confirmed_by"]
    raw_id_fields = ["school", "confirmed_by"]


@admin.register(Intake)
class IntakeAdmin(AuditedModelAdmin):
    personal_data = True
    # Decisions are taken on the intake page, where they are e-mailed and recorded.
    readonly_fields = ["status", "decided_by", "decided_at", "decision_reason", "consent_at", "school"]
    list_display = ["school_name", "city", "school_year", "status", "region", "created_at"]
    list_filter = ["status", "school_year", "school_type", "region"]
    search_fields = ["school_name", "leader_name", "leader_email", "brin"]
    list_select_related = ["region"]
    raw_id_fields = ["duplicate_of", "school", "decided_by"]


class NeedEventInline(ReadOnlyInline):
    model = NeedEvent
    readonly_fields = ["actor", "action", "changes", "note", "at"]


@admin.register(TeacherNeed)
class TeacherNeedAdmin(AuditedModelAdmin):
    readonly_fields = ["status"]  # closing and reopening happen on the need's page, where the history records them
    list_display = ["title", "school", "status", "day_part", "start_date", "end_date"]
    list_filter = ["status", "school_year", "day_part"]
    search_fields = ["title", "school__name"]
    list_select_related = ["school"]
    raw_id_fields = ["school", "created_by"]
    inlines = [NeedEventInline]


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(AuditedModelAdmin):
    deletable = True
    list_display = ["name", "holiday_region", "start", "end"]
    list_filter = ["holiday_region"]


@admin.register(NeedEvent)
class NeedEventAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["need", "action", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["need", "actor"]
    raw_id_fields = ["need", "actor"]


@admin.register(MembershipInvitation)
class MembershipInvitationAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["email", "school", "invited_by", "created_at", "answered_at", "accepted"]
    list_select_related = ["school", "invited_by"]
    search_fields = ["email", "school__name"]
