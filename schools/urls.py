from django.urls import path

from . import views

app_name = "schools"

# The school page itself ("<pk>/", schools:school_detail) shows proposals and placements too: its view is in
# reports.homes and config/urls.py adds it to this namespace. So does the need page ("needs/<pk>/",
# schools:need_detail), which tells a need without a match why (reports.needs).
urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("intake/thanks/", views.intake_done, name="intake_done"),
    path("intakes/", views.intake_list, name="intake_list"),
    path("intakes/<int:pk>/", views.intake_detail, name="intake_detail"),
    path("intakes/<int:pk>/<str:decision>/", views.intake_decide, name="intake_decide"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/new/", views.region_edit, name="region_create"),
    path("regions/<int:pk>/edit/", views.region_edit, name="region_edit"),
    path("all/", views.school_list, name="school_list"),
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/edit/", views.school_edit, name="school_edit"),
    path("<int:pk>/contact/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/teachers/new/", views.teacher_add, name="teacher_add"),
    path("invitations/<int:pk>/", views.membership_answer, name="membership_answer"),
    path("<int:pk>/participate/", views.participation_confirm, name="participation_confirm"),
    path("<int:pk>/needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/<str:action>/", views.need_status, name="need_status"),
]
