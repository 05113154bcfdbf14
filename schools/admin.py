from django.contrib import admin

from .models import Region, School, SchoolBoard, SchoolMembership


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "holiday_region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SchoolBoard)
class SchoolBoardAdmin(admin.ModelAdmin):
    list_display = ["name", "city"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = SchoolMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "school_type", "region", "board"]
    list_filter = ["school_type", "region"]
    search_fields = ["name", "city", "brin", "postcode"]
    list_select_related = ["region", "board"]
    autocomplete_fields = ["board"]
    inlines = [MembershipInline]


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "position"]
    list_select_related = ["user", "school"]
    raw_id_fields = ["user", "school"]
