from django.urls import path

from . import views

# Included under staff/imports/ in the reports namespace.
urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("example/<slug:kind>.<slug:file_format>", views.example, name="import_example"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("<int:pk>/rows/<int:row_pk>/skip/", views.row_skip, name="import_row_skip"),
    path("<int:pk>/skip-errors/", views.skip_errors, name="import_skip_errors"),
    path("<int:pk>/check/", views.recheck, name="import_recheck"),
    path("<int:pk>/confirm/", views.confirm, name="import_confirm"),
    path("<int:pk>/discard/", views.discard, name="import_discard"),
    path("<int:pk>/invitations/", views.invitations, name="import_invitations"),
]
