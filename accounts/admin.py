"""The administration, without hidden doors.

Staff keep it for what the staff pages do not cover, with these rules:
- every change made here lands in the audit trail (field names, never values), and opening a person's record counts
  as a view of personal data (AuditedModelAdmin);
- history (the audit trail, status changes, need history, decisions, answers) is read-only for everybody
  (ReadOnlyAdminMixin);
- nothing is hard-deleted here unless a model allows it (`deletable`): people are erased through the erasure
  requests, which keep the statistics;
- passwords, the superuser flag, permissions and e-mail addresses of accounts are out of reach of staff; only a
  superuser changes a superuser;
- the login is the site's own (config/urls.py), with its throttle and second factor.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .audit import action_label, audit_record
from .models import AuditEvent, ErasureRequest, Export, Invitation, Message, MessagePreference, User


def _changed_fields(message) -> list[str]:
    """What a change touched, from the change message the admin builds: field names, and rows of inlines added,
    changed or deleted by their kind ("school membership: deleted"), never their values."""
    fields = []
    for part in message if isinstance(message, list) else []:
        for kind, values in part.items():
            if "name" in values:
                fields.append(f"{values['name']}: {kind}")
            fields += [str(name) for name in values.get("fields", [])]
    return fields


class AuditedModelAdmin(admin.ModelAdmin):
    deletable = False  # hard deletes wipe history: a model allows them only where nothing is lost
    personal_data = False  # opening a record is recorded as a view of personal data

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)

    def log_addition(self, request, obj, message):
        audit_record(actor=request.user, action="admin.added", target=obj, request=request,
                     details={"model": obj._meta.label})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_record(actor=request.user, action="admin.changed", target=obj, request=request,
                     details={"model": obj._meta.label, "fields": _changed_fields(message)})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action="admin.deleted", target=obj, request=request,
                         details={"model": obj._meta.label})
        return super().log_deletions(request, queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self.personal_data and request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                audit_record(actor=request.user, action="admin.viewed", target=obj, request=request,
                             details={"model": obj._meta.label})
        return super().change_view(request, object_id, form_url, extra_context)


class ReadOnlyAdminMixin:
    """History: looked at, never added to, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    personal_data = True
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "language"]
    search_fields = ["email", "first_name", "last_name"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        access = ["role", "is_active", "is_superuser"] if request.user.is_superuser else ["role", "is_active"]
        first = ["email", "password"] if request.user.is_superuser else ["email"]
        return [
            (None, {"fields": first}),
            (_("Personal details"), {"fields": ["first_name", "last_name", "language"]}),
            (_("Access"), {"fields": access}),
            (_("Dates"), {"fields": ["last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        # The address is the login: it changes only through the owner's own (verified) e-mail page.
        return ["email", "last_login", "date_joined"] if obj is not None else ["last_login", "date_joined"]

    def has_add_permission(self, request):
        return request.user.is_superuser  # staff invite people from the staff pages

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["user", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["user__email"]
    list_select_related = ["user", "invited_by"]
    raw_id_fields = ["user", "invited_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["at", "actor", "action_text", "target_type", "target_id", "subject", "ip_address"]
    list_filter = ["action", "actor_role"]
    search_fields = ["actor__email", "subject__email", "action"]
    list_select_related = ["actor", "subject", "target_type"]
    date_hierarchy = "at"

    @admin.display(description=_("action"))
    def action_text(self, event):
        return action_label(event.action)


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    """Requests are handled on the staff page, which erases or refuses and e-mails the person."""

    list_display = ["user", "requested_at", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "decided_by"]


# What allauth registers: readable, never a way into someone's account.
admin.site.unregister(Group)  # permissions follow the role; groups are not used
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class EmailAddressAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["email", "user", "primary", "verified"]
    search_fields = ["email", "user__email"]
    list_select_related = ["user"]


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    """Which second factors an account has (never their secrets). A superuser removes the app of someone who lost
    their phone and their recovery codes; they set up a new one at their next login."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["user", "type", "created_at", "last_used_at"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Export)
class ExportAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    """Who asked for which export and how it went; the file itself stays with its owner."""

    list_display = ["filename", "owner", "status", "rows", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["owner"]
    exclude = ["content", "params"]
    readonly_fields = ["owner", "kind", "filename", "status", "rows", "error", "created_at", "finished_at"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    """Read only: messages are written by the platform and sent by the worker; staff resend on the messages page."""

    list_display = ["created_at", "kind", "to_email", "subject", "state", "attempts"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["to_email", "subject", "about"]
    list_select_related = ["recipient"]
    exclude = ["body_text", "body_html"]


@admin.register(MessagePreference)
class MessagePreferenceAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["user", "kind", "by_email"]
    list_filter = ["kind", "by_email"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
