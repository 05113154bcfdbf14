from django.urls import path

from . import views

app_name = "ambassadors"

# The ambassador's own page ("", ambassadors:dashboard) shows proposals and placements too: its view is in
# reports.homes and config/urls.py adds it to this namespace. So does staff's page of one ambassador ("<pk>/",
# ambassadors:staff_detail, with its forms "<pk>/status/" and "<pk>/intake/"), in reports.ambassador_staff.
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.apply_done, name="apply_done"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("availability/", views.availability, name="availability"),
    path("availability/toggle/", views.availability_toggle, name="availability_toggle"),
    path("absences/", views.absence_add, name="absence_add"),
    path("absences/<int:pk>/delete/", views.absence_delete, name="absence_delete"),
    path("pause/", views.pause_toggle, name="pause_toggle"),
    path("outcome/", views.outcome, name="outcome"),
    path("tell-a-friend/", views.friend_invite, name="friend_invite"),
    path("all/", views.staff_list, name="staff_list"),
    path("all/export.csv", views.staff_export, name="staff_export"),
    path("channels/", views.channels, name="channels"),
    path("<int:pk>/outcome/", views.staff_outcome, name="staff_outcome"),
]
