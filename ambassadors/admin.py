from django.contrib import admin

from .models import AmbassadorProfile


@admin.register(AmbassadorProfile)
class AmbassadorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "city", "region", "sector", "employer"]
    list_filter = ["region", "sector"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "employer"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["user"]
