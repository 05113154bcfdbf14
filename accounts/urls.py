from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("invite/<str:uidb64>/<str:token>/", views.invite_accept, name="invite_accept"),
]
