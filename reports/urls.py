from django.urls import include, path

from . import privacy_views, views
from .imports import urls as import_urls

app_name = "reports"

urlpatterns = [
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/report/", views.yearly_report, name="yearly_report"),
    path("staff/figures.xlsx", views.figures_workbook, name="figures_workbook"),
    path("staff/figures/<slug:table>.<str:fmt>", views.figures_export, name="figures_export"),
    path("staff/users/", views.user_list, name="user_list"),
    path("staff/users/invite/", views.user_invite, name="user_invite"),
    path("staff/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("staff/users/<int:pk>/invite/", views.user_invitation_send, name="user_invitation_send"),
    path("staff/imports/", include(import_urls.urlpatterns)),
    path("figures/", views.public_figures, name="public_figures"),
    path("staff/audit/", privacy_views.audit_log, name="audit_log"),
    path("staff/erasure/", privacy_views.erasure_list, name="erasure_list"),
    path("staff/erasure/<int:pk>/", privacy_views.erasure_detail, name="erasure_detail"),
    path("privacy/my-data/", privacy_views.my_data, name="my_data"),
    path("privacy/my-data/download/", privacy_views.my_data_download, name="my_data_download"),
    path("privacy/erasure/", privacy_views.erasure_ask, name="erasure_ask"),
]
