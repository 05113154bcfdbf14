from django.contrib import admin

from .models import ImportAccount, ImportBatch, ImportRow


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "status", "uploaded_by", "created_at", "created", "updated", "unchanged",
                    "skipped"]
    list_filter = ["kind", "status"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False  # an import starts from the import page, with a file


@admin.register(ImportRow)
class ImportRowAdmin(admin.ModelAdmin):
    list_display = ["batch", "number", "action", "skip"]
    list_filter = ["action", "skip"]
    list_select_related = ["batch"]
    raw_id_fields = ["batch"]

    def has_add_permission(self, request):
        return False


@admin.register(ImportAccount)
class ImportAccountAdmin(admin.ModelAdmin):
    list_display = ["batch", "user", "invited_at"]
    list_select_related = ["batch", "user"]
    raw_id_fields = ["batch", "user"]
