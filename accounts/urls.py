from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("invite/<str:uidb64>/<str:token>/", views.invite_accept, name="invite_accept"),
]
