from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Export, Invitation, Message, MessagePreference, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "language"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["first_name", "last_name", "language"]}),
        (_("Access"), {"fields": ["role", "is_active", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["user__email"]
    list_select_related = ["user", "invited_by"]
    raw_id_fields = ["user", "invited_by"]


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    """Who asked for which export and how it went; the file itself stays with its owner."""

    list_display = ["filename", "owner", "status", "rows", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["owner"]
    exclude = ["content", "params"]
    readonly_fields = ["owner", "kind", "filename", "status", "rows", "error", "created_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read only: messages are written by the platform and sent by the worker; staff resend on the messages page."""

    list_display = ["created_at", "kind", "to_email", "subject", "state", "attempts"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["to_email", "subject", "about"]
    list_select_related = ["recipient"]
    exclude = ["body_text", "body_html"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MessagePreference)
class MessagePreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "by_email"]
    list_filter = ["kind", "by_email"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
