from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.school_detail, name="school_detail"),
]
