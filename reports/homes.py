"""Home pages that show more than one app: the school page and the ambassador's own page both show proposals and
placements (matching) beside what schools and ambassadors keep. They keep their addresses and names in the schools
and ambassadors namespaces (see config/urls.py)."""

from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import role_required
from ambassadors import selectors as ambassador_selectors
from matching.selectors import ambassador_matching, current_placements, school_matching
from schools import school_year
from schools import selectors as school_selectors
from schools.models import School
from schools.selectors import SCHOOL_ROLES

from . import todo


@role_required(*SCHOOL_ROLES, Role.STAFF)
def school_detail(request, pk):
    school = school_selectors.access_school_by_id(request.user, pk)
    my_schools = (
        list(School.objects.filter(memberships__user=request.user).order_by("name").only("id", "name"))
        if request.user.role in SCHOOL_ROLES else []
    )
    proposals, placements = school_matching(school)
    members, invited = school_selectors.school_members(school)
    participations = list(school.participations.order_by("-school_year"))
    next_year = school_year.next_school_year()
    confirmed_years = {p.school_year for p in participations}
    return render(request, "schools/school_detail.html", {
        "school": school,
        "my_schools": my_schools,
        "members": members,
        "invited": invited,
        "my_invitations": (list(school_selectors.open_membership_invitations(request.user))
                           if request.user.role in SCHOOL_ROLES else []),
        "needs": school_selectors.school_needs(school),
        "participations": participations,
        "next_year_label": school_year.label(next_year),
        "can_confirm_next_year": (
            request.user.role == Role.SCHOOL_LEADER and next_year not in confirmed_years and bool(confirmed_years)
            and school_year.in_confirmation_window()
        ),
        "is_leader": request.user.role == Role.SCHOOL_LEADER,
        "proposals": proposals,
        "placements": placements,
        "todo": todo.for_school(request.user, school) if request.user.role in SCHOOL_ROLES else None,
    })


@role_required(Role.AMBASSADOR)
def ambassador_dashboard(request):
    profile = ambassador_selectors.own_profile(request.user)
    proposals, placements = ambassador_matching(profile)
    grid = ambassador_selectors.grid(profile)
    return render(request, "ambassadors/dashboard.html", {
        "profile": profile,
        "proposals": proposals,
        "placements": placements,
        "current_placements": current_placements(placements),
        "grid": grid,
        "blockers": ambassador_selectors.matching_blockers(profile, profile.start_date or timezone.localdate(), grid),
        "holidays": ambassador_selectors.upcoming_holidays(profile, limit=3),
        "todo": todo.for_ambassador(profile),
    })
