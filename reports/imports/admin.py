from django.contrib import admin

from accounts.admin import AuditedModelAdmin, ReadOnlyAdminMixin

from .models import ImportAccount, ImportBatch, ImportRow


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["file_name", "kind", "status", "uploaded_by", "created_at", "created", "updated", "unchanged",
                    "skipped"]
    list_filter = ["kind", "status"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]

    # An import starts from the import page, with a file; here it is only looked at.


@admin.register(ImportRow)
class ImportRowAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    personal_data = True  # a row holds the file's cells until the import is done
    list_display = ["batch", "number", "action", "skip"]
    list_filter = ["action", "skip"]
    list_select_related = ["batch"]
    raw_id_fields = ["batch"]


@admin.register(ImportAccount)
class ImportAccountAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["batch", "user", "invited_at"]
    list_select_related = ["batch", "user"]
    raw_id_fields = ["batch", "user"]
