from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from schools.models import HALF_DAYS, DayPart, SchoolHoliday, Weekday

from .models import AmbassadorProfile, AvailabilitySlot, Channel, EducationJob, Status, StatusChange, VogStatus


def own_profile(user) -> AmbassadorProfile:
    """An ambassador's own profile: the only one they ever see."""
    profile = AmbassadorProfile.objects.select_related("user", "region", "intake_by").filter(user=user).first()
    if profile is None:
        raise Http404
    return profile


def access_profile_by_id(user, pk) -> AmbassadorProfile:
    """Any profile, for foundation staff; ambassadors only ever see their own (own_profile)."""
    profile = AmbassadorProfile.objects.select_related("user", "region", "intake_by").filter(pk=pk).first()
    if profile is None or user.role != Role.STAFF:
        raise Http404
    return profile


def staff_list():
    return (
        AmbassadorProfile.objects.select_related("user", "region")
        .prefetch_related(Prefetch("slots", queryset=AvailabilitySlot.objects.order_by("weekday", "part")))
        .order_by("user__last_name", "user__first_name")
    )


def timeline(profile):
    return StatusChange.objects.filter(profile=profile).select_related("actor").order_by("at", "id")


@dataclass(frozen=True)
class Cell:
    """One half day of the weekly grid: offered (`available`), and the school it is booked for, if any."""

    available: bool
    booked_at: str = ""


def booked_half_days(profile) -> dict[tuple[int, str], str]:
    """The half days the ambassador's active placements take, with the school's name: {(weekday, part): name}."""
    booked = {}
    # Placements live in the matching app, above this one: reached through the reverse relation, by their value.
    rows = profile.placements.filter(status="active").values_list("weekday", "day_part", "need__school__name")
    for weekday, day_part, school in rows.order_by("start_date"):
        for part in HALF_DAYS if day_part == DayPart.WHOLE_DAY else [day_part]:
            booked[(weekday, part)] = school
    return booked


class Week(list):
    """The weekly grid's rows, and `schools`: the schools its booked half days are at (none when not placed)."""

    schools: list[str]


def grid(profile) -> Week:
    """The weekly grid as rows of (weekday, label, morning, afternoon), each half day a Cell."""
    taken = set(profile.slots.values_list("weekday", "part"))
    booked = booked_half_days(profile)
    week = Week((day, label, *(Cell((day, part) in taken, booked.get((day, part), "")) for part in HALF_DAYS))
                for day, label in Weekday.choices)
    week.schools = list(dict.fromkeys(booked.values()))
    return week


def upcoming_holidays(profile, limit=6):
    if profile.region is None:
        return SchoolHoliday.objects.none()
    return SchoolHoliday.objects.filter(holiday_region=profile.region.holiday_region,
                                        end__gte=timezone.localdate()).order_by("start")[:limit]


def channel_report():
    """Which channels bring ambassadors, and which bring ambassadors who stay."""
    rows = (
        AmbassadorProfile.objects.values("heard_via")
        .annotate(
            applied=Count("id"),
            # Whether someone ever became active is a question per ambassador, not a join over their steps.
            became_active=Count("id", filter=Q(Exists(StatusChange.objects.filter(profile=OuterRef("pk"),
                                                                                   to_status=Status.ACTIVE)))),
            active_now=Count("id", filter=Q(status__in=[Status.ACTIVE, Status.PAUSED])),
            continuing=Count("id", filter=Q(continue_next_year=True)),
            # Only "yes, I moved" is a move; "I will" is a plan, counted apart and never as moved.
            moved=Count("id", filter=Q(education_job=EducationJob.YES)),
            plans=Count("id", filter=Q(education_job=EducationJob.PLANNED)),
        )
        .order_by("heard_via")
    )
    labels = dict(Channel.choices)
    return [{**row, "label": labels.get(row["heard_via"], "–")} for row in rows]


def matching_blockers(profile: AmbassadorProfile, start, grid_rows) -> list[str]:
    """What keeps this ambassador from being matched to a placement starting on `start`, in plain words
    (`grid_rows` as grid() gives them)."""
    blockers = []
    if profile.status != Status.ACTIVE:
        blockers.append(_("Status is “%(status)s”; only active ambassadors are matched.") % {"status": profile.get_status_display()})
    if profile.vog_status != VogStatus.RECEIVED:
        blockers.append(_("No VOG received yet."))
    elif not profile.vog_counts_on(start):
        blockers.append(_("VOG issued on %(issued)s is more than %(months)s months old at the start (%(start)s).") % {
            "issued": profile.vog_issued_on.strftime("%d-%m-%Y"), "months": settings.VOG_MAX_AGE_MONTHS,
            "start": start.strftime("%d-%m-%Y")})
    if not any(morning.available or afternoon.available for _day, _label, morning, afternoon in grid_rows):
        blockers.append(_("No availability in the week."))
    if profile.latitude is None:
        blockers.append(_("Postcode unknown, so distance to schools cannot be computed."))
    return blockers
