from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from ambassadors import urls as ambassadors_urls
from config import views
from reports import ambassador_staff, homes, needs
from reports import views as report_views
from schools import urls as schools_urls

admin.site.site_header = "Stichting Onderwijsambassadeurs"
admin.site.site_title = "Onderwijsambassadeurs"
# The administration has no login of its own: it sends people to the site's login, with its throttle and second factor.
admin.site.login = secure_admin_login(admin.site.login)

# The school page, the need page and the ambassador's own page show matching beside what their app keeps, so their
# views live in the top app (reports.homes, reports.needs); they keep their addresses and names in the schools and
# ambassadors namespaces. Staff's page of one ambassador does the same (reports.ambassador_staff).
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("privacy/", views.privacy, name="privacy"),
    path("dashboard/", report_views.dashboard, name="dashboard"),
    path("language/", account_views.language_set, name="language_set"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("schools/", include((schools_urls.urlpatterns + [
        path("<int:pk>/", homes.school_detail, name="school_detail"),
        path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    ], "schools"))),
    path("ambassadors/", include((ambassadors_urls.urlpatterns + [
        path("", homes.ambassador_dashboard, name="dashboard"),
        path("<int:pk>/", ambassador_staff.staff_detail, name="staff_detail"),
        path("<int:pk>/status/", ambassador_staff.staff_transition, name="staff_transition"),
        path("<int:pk>/intake/", ambassador_staff.staff_intake, name="staff_intake"),
    ], "ambassadors"))),
    path("matching/", include("matching.urls")),
    path("research/", include("research.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
