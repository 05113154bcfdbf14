from django.db.models import Count, Prefetch, Q

from ambassadors.models import AmbassadorProfile
from schools.models import Region, School

from .models import Invitation, Role, User


def user_list(*, role: str | None = None, search: str = ""):
    """Users for the staff list, with what each row shows loaded in a fixed number of queries."""
    qs = User.objects.prefetch_related(
        Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"), to_attr="invitation_list"),
        Prefetch("schools", queryset=School.objects.only("id", "name", "city")),
    ).order_by("last_name", "first_name", "email")
    if role:
        qs = qs.filter(role=role)
    if search:
        qs = qs.filter(Q(email__icontains=search) | Q(first_name__icontains=search) | Q(last_name__icontains=search))
    return qs


def staff_overview():
    """Figures for the staff dashboard: per region, and per role."""
    regions = Region.objects.annotate(
        school_count=Count("schools", distinct=True),
        ambassador_count=Count("ambassadors", distinct=True),
    ).order_by("name")
    role_counts = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")).values_list("role", "n"))
    roles = [{"label": label, "count": role_counts.get(value, 0)} for value, label in Role.choices]
    pending = Invitation.objects.filter(accepted_at__isnull=True).count()
    return {
        "regions": regions,
        "roles": roles,
        "pending_invitations": pending,
        "school_total": School.objects.count(),
        "ambassador_total": AmbassadorProfile.objects.count(),
    }
