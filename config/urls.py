from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from config import views

admin.site.site_header = "Stichting Onderwijsambassadeurs"
admin.site.site_title = "Onderwijsambassadeurs"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("privacy/", views.privacy, name="privacy"),
    path("dashboard/", account_views.dashboard, name="dashboard"),
    path("language/", account_views.language_set, name="language_set"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("schools/", include("schools.urls")),
    path("ambassadors/", include("ambassadors.urls")),
    path("matching/", include("matching.urls")),
    path("research/", include("research.urls")),
    path("admin/", admin.site.urls),
]
