from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.board, name="board"),
    path("runs/new/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("proposals/<int:pk>/<str:decision>/", views.proposal_decide, name="proposal_decide"),
    path("weights/", views.weights, name="weights"),
    path("needs/<int:pk>/why/", views.need_exclusions, name="need_exclusions"),
]
