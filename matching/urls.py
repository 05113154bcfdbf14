from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.board, name="board"),
    path("runs/new/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/restart/", views.run_restart, name="run_restart"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/<str:decision>/", views.proposal_decide, name="proposal_decide"),
    path("checkins/", views.checkin_overview, name="checkin_overview"),
    path("checkins/<int:pk>/", views.checkin, name="checkin"),
    path("checkins/<int:pk>/<str:token>/", views.checkin_token, name="checkin_token"),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/end/", views.placement_end, name="placement_end"),
    path("placements/<int:pk>/welcome/", views.placement_welcome, name="placement_welcome"),
    path("placements/<int:pk>/first-day/", views.placement_first_day, name="placement_first_day"),
    path("weights/", views.weights, name="weights"),
    path("needs/<int:pk>/why/", views.need_exclusions, name="need_exclusions"),
    path("funding/", views.funding_list, name="funding_list"),
    path("funding/new/", views.funding_edit, name="funding_create"),
    path("funding/<int:pk>/", views.funding_detail, name="funding_detail"),
    path("funding/<int:pk>/edit/", views.funding_edit, name="funding_edit"),
    path("funding/<int:pk>/placements/", views.funding_add, name="funding_add"),
    path("funding/<int:pk>/placements/<int:placement_pk>/remove/", views.funding_remove, name="funding_remove"),
]
