"""The staff export of ambassadors: plain values and labels looked up once, whatever the number of rows."""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.exports import Exporter
from accounts.models import Role
from schools.models import Weekday

from .forms import AmbassadorFilter
from .models import AmbassadorProfile, AvailabilitySlot, Sector, Status, VogStatus


def _filtered(query):
    return AmbassadorFilter(query, queryset=AmbassadorProfile.objects.all()).qs


def count(query) -> int:
    return _filtered(query).count()


def rows(query):
    header = [_("First name"), _("Last name"), _("E-mail address"), _("Status"), _("Region"), _("Place"), _("Sector"),
              _("Employer"), _("VOG"), _("VOG issued on"), _("Weekdays"), _("Applied on")]
    return header, _rows(_filtered(query))


def _rows(profiles):
    status, sector, vog = (_labels(choices) for choices in (Status, Sector, VogStatus))
    days = {value: str(label) for value, label in Weekday.choices}
    values = list(profiles.order_by("user__last_name", "user__first_name", "pk").values_list(
        "pk", "user__first_name", "user__last_name", "user__email", "status", "region__name", "city", "sector",
        "employer", "vog_status", "vog_issued_on", "created_at"))
    weekdays = defaultdict(set)
    for profile_id, weekday in AvailabilitySlot.objects.filter(profile__in=profiles.values("pk")).values_list(
            "profile_id", "weekday"):
        weekdays[profile_id].add(weekday)
    for pk, first, last, email, state, region, city, trade, employer, vog_state, issued, applied in values:
        yield [first, last, email, status.get(state, state), region or "", city, sector.get(trade, trade), employer,
               vog.get(vog_state, vog_state), issued.strftime("%d-%m-%Y") if issued else "",
               " ".join(days[d] for d in sorted(weekdays[pk])), timezone.localtime(applied).strftime("%d-%m-%Y")]


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


EXPORTER = Exporter(kind="ambassadors", filename="ambassadeurs.csv", roles=frozenset({Role.STAFF}), count=count, rows=rows)
