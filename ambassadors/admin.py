from django.contrib import admin

from accounts.admin import AuditedModelAdmin, ReadOnlyAdminMixin, ReadOnlyInline

from .models import Absence, AmbassadorProfile, AvailabilitySlot, FriendInvitation, StatusChange


class SlotInline(admin.TabularInline):
    model = AvailabilitySlot
    extra = 0


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    readonly_fields = ["from_status", "to_status", "actor", "note", "at"]


@admin.register(AmbassadorProfile)
class AmbassadorProfileAdmin(AuditedModelAdmin):
    personal_data = True
    # The screening path is walked on the staff page, which records every step on the timeline and e-mails.
    readonly_fields = ["user", "status", "vog_status", "vog_requested_on", "vog_issued_on", "decline_reason",
                       "referral_code", "created_at"]

    def has_add_permission(self, request):
        return False  # a profile comes with an application or an invitation
    list_display = ["user", "status", "city", "region", "sector", "employer", "vog_status", "vog_issued_on"]
    list_filter = ["status", "region", "sector", "vog_status", "heard_via"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "employer"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["referred_by", "intake_by"]
    inlines = [SlotInline, AbsenceInline, StatusChangeInline]


@admin.register(FriendInvitation)
class FriendInvitationAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["profile", "name", "email", "sent_at"]
    list_select_related = ["profile__user"]
    raw_id_fields = ["profile"]


@admin.register(Absence)
class AbsenceAdmin(AuditedModelAdmin):
    deletable = True
    list_display = ["profile", "start", "end", "reason"]
    list_select_related = ["profile__user"]
    raw_id_fields = ["profile"]


@admin.register(AvailabilitySlot)
class AvailabilitySlotAdmin(AuditedModelAdmin):
    deletable = True
    list_display = ["profile", "weekday", "part"]
    list_filter = ["weekday", "part"]
    list_select_related = ["profile__user"]
    raw_id_fields = ["profile"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["profile", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    list_select_related = ["profile__user", "actor"]
    raw_id_fields = ["profile", "actor"]
