from django.shortcuts import redirect, render

from accounts.models import Role
from accounts.permissions import role_required

from .models import School
from .selectors import access_school_by_id, schools_for_user


@role_required(Role.SCHOOL_LEADER)
def dashboard(request):
    """A school leader lands on their (first) school; a leader of several schools switches there."""
    first = schools_for_user(request.user).order_by("name").first()
    if first is not None:
        return redirect("schools:school_detail", pk=first.pk)
    return render(request, "schools/no_school.html")


@role_required(Role.SCHOOL_LEADER, Role.STAFF)
def school_detail(request, pk):
    school = access_school_by_id(request.user, pk)
    my_schools = (
        list(School.objects.filter(memberships__user=request.user).order_by("name").only("id", "name"))
        if request.user.role == Role.SCHOOL_LEADER
        else []
    )
    leaders = school.memberships.select_related("user").order_by("user__last_name")
    return render(request, "schools/school_detail.html", {"school": school, "my_schools": my_schools, "leaders": leaders})
