from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, Role, User
from schools import school_year
from schools.models import Region, School

from .figures import year as year_figures
from .figures.cohorts import cohorts
from .figures.series import HISTORY, series
from .figures.tables import Column, Table, default_year, table_chart


def user_list():
    """Users for the staff list (filtered by reports.forms.UserFilter), what each row shows loaded up front."""
    return User.objects.prefetch_related(
        Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"), to_attr="invitation_list"),
        Prefetch("schools", queryset=School.objects.only("id", "name", "city")),
    ).order_by("last_name", "first_name", "email")


def staff_overview():
    """Beside the figures on the staff dashboard: active users per role and open invitations."""
    role_counts = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")).values_list("role", "n"))
    roles = [{"label": label, "count": role_counts.get(value, 0)} for value, label in Role.choices]
    pending = Invitation.objects.filter(accepted_at__isnull=True).count()
    return {"roles": roles, "pending_invitations": pending}


def map_schools(year: int):
    """Schools taking part in the school year that agreed to be shown on the public map: name, place, coordinates.
    Nothing else about a school, and never anything about an ambassador."""
    return list(School.objects.filter(show_on_map=True, participations__school_year=year, latitude__isnull=False,
                                      longitude__isnull=False)
                .order_by("region__name", "city", "name")
                .values("pk", "name", "city", "latitude", "longitude", "region__name").distinct())


def public_figures():
    """The public page: the last finished school year as the headline (and this one so far), every school year
    nationwide, the move into education, the ambition, and the map of the schools of this school year that agreed to
    be shown."""
    regions = {r.pk: r for r in Region.objects.all()}
    every_year = series(regions=regions)
    years = [entry.year for entry in every_year]
    current = school_year.current_school_year()
    completed = [y for y in years if y < current]
    headline_year = max(completed) if completed else default_year(years)
    by_year = {entry.year: entry for entry in every_year}
    headline, so_far = by_year.get(headline_year), by_year.get(current) if headline_year != current else None
    _rows, moved = cohorts()
    map_year = current
    schools = map_schools(current)
    if not schools and headline_year != current:
        map_year, schools = headline_year, map_schools(headline_year)
    groups: dict = {}
    for school in schools:
        groups.setdefault(school["region__name"] or "", []).append(school)
    totals = headline.totals if headline else None
    history_table = Table("public-series", _("Per school year"), [
        Column("year", _("School year"), "text"), Column("schools", _("Schools")),
        Column("ambassadors", _("Ambassadors")), Column("fte", _("FTE"), "fte")],
        [{"year": school_year.label(e.year), "schools": e.totals.schools, "ambassadors": e.totals.ambassadors,
          "fte": e.totals.fte} for e in every_year])
    history_table.chart = table_chart(history_table, "year", ["schools", "ambassadors"])
    return {
        "headline": headline,
        "headline_label": school_year.label(headline_year),
        "headline_is_current": headline_year == current,
        "so_far": so_far,
        "so_far_label": school_year.label(current),
        "region_count": sum(1 for r in headline.regions if r.schools or r.ambassadors) if headline else 0,
        "table": history_table,
        "has_history": any(e.source == HISTORY for e in every_year),
        "moved": moved,
        "ambition": year_figures.ambition(schools=totals.schools if totals else 0,
                                          ambassadors=totals.ambassadors if totals else 0),
        "ambition_year": year_figures.ambition_year_label(),
        "map_year": school_year.label(map_year),
        "map_schools": schools,
        "map_groups": sorted(groups.items()),
    }
