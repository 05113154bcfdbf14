from django.contrib import admin

from .models import Absence, AmbassadorProfile, AvailabilitySlot, FriendInvitation, StatusChange


class SlotInline(admin.TabularInline):
    model = AvailabilitySlot
    extra = 0


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "note", "at"]


@admin.register(AmbassadorProfile)
class AmbassadorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "city", "region", "sector", "employer", "vog_status", "vog_issued_on"]
    list_filter = ["status", "region", "sector", "vog_status", "heard_via"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "employer"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["user", "referred_by", "intake_by"]
    inlines = [SlotInline, AbsenceInline, StatusChangeInline]


@admin.register(FriendInvitation)
class FriendInvitationAdmin(admin.ModelAdmin):
    list_display = ["profile", "name", "email", "sent_at"]
    list_select_related = ["profile__user"]
    raw_id_fields = ["profile"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["profile", "start", "end", "reason"]
    list_select_related = ["profile__user"]
    raw_id_fields = ["profile"]


@admin.register(AvailabilitySlot)
class AvailabilitySlotAdmin(admin.ModelAdmin):
    list_display = ["profile", "weekday", "part"]
    list_filter = ["weekday", "part"]
    list_select_related = ["profile__user"]
    raw_id_fields = ["profile"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["profile", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    list_select_related = ["profile__user", "actor"]
    raw_id_fields = ["profile", "actor"]
