from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/users/", views.user_list, name="user_list"),
    path("staff/users/invite/", views.user_invite, name="user_invite"),
    path("staff/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
]
