from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("users/", views.user_list, name="user_list"),
    path("users/invite/", views.user_invite, name="user_invite"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invite/<str:uidb64>/<str:token>/", views.invite_accept, name="invite_accept"),
]
