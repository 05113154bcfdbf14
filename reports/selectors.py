from django.db.models import Count, Prefetch

from accounts.models import Invitation, Role, User
from ambassadors.models import AmbassadorProfile
from schools.models import Region, School
from schools.selectors import count_per_region


def user_list():
    """Users for the staff list (filtered by reports.forms.UserFilter), what each row shows loaded up front."""
    return User.objects.prefetch_related(
        Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"), to_attr="invitation_list"),
        Prefetch("schools", queryset=School.objects.only("id", "name", "city")),
    ).order_by("last_name", "first_name", "email")


def staff_overview():
    """Figures for the staff dashboard: per region, and per role."""
    regions = Region.objects.annotate(
        school_count=count_per_region(School),
        ambassador_count=count_per_region(AmbassadorProfile),
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
