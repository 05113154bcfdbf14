from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required

from .models import AmbassadorProfile


@role_required(Role.AMBASSADOR)
def dashboard(request):
    profile = AmbassadorProfile.objects.select_related("region").filter(user=request.user).first()
    return render(request, "ambassadors/dashboard.html", {"profile": profile})
