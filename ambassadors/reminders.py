"""Reminder rules about screening, run each day by beat (`send_reminders`); see matching.reminders for the pattern.

An ambassador's quiet days are the school holidays of their own region (they have no school yet).
"""

import datetime as dt

from django.utils import timezone

from accounts.emails import site_link
from accounts.models import MessageKind
from accounts.outbox import Draft, ref
from schools.holidays import HolidayCalendar

from .models import AmbassadorProfile, Status, VogStatus

VOG_WAIT_DAYS = 14  # a VOG requested this long ago and not in yet: the ambassador is reminded to complete it


def _region(profile) -> str | None:
    return profile.region.holiday_region if profile.region_id else None


def intake_talk(*, today, calendar=None) -> list[Draft]:
    """The day before the planned intake talk (or the last day before a holiday that day falls in): when and where."""
    calendar = calendar or HolidayCalendar(today - dt.timedelta(days=30), today + dt.timedelta(days=60))
    planned = (AmbassadorProfile.objects.filter(status=Status.INTAKE_PLANNED, intake_at__date__gt=today,
                                                intake_at__date__lte=today + dt.timedelta(days=30))
               .select_related("user", "region", "intake_by").order_by("pk"))
    drafts = []
    for profile in planned:
        day = timezone.localdate(profile.intake_at)
        region = _region(profile)
        if calendar.before_holiday(region, day - dt.timedelta(days=1)) > today or calendar.is_holiday(region, today):
            continue
        drafts.append(Draft(kind=MessageKind.INTAKE_TALK, about=ref(profile), occasion=profile.intake_at.isoformat(),
                            to=profile.user, template="ambassadors/email/intake_talk",
                            link=site_link("ambassadors:dashboard"), context={"profile": profile, "user": profile.user}))
    return drafts


def vog_reminder(*, today, calendar=None) -> list[Draft]:
    """A VOG requested two weeks ago and not in yet: the ambassador is asked to complete the request. Once per request."""
    calendar = calendar or HolidayCalendar(today - dt.timedelta(days=30), today + dt.timedelta(days=60))
    waiting = (AmbassadorProfile.objects.filter(status=Status.VOG_REQUESTED, vog_status=VogStatus.REQUESTED,
                                                vog_requested_on__lte=today - dt.timedelta(days=VOG_WAIT_DAYS))
               .select_related("user", "region").order_by("pk"))
    return [
        Draft(kind=MessageKind.VOG_REMINDER, about=ref(profile), occasion=profile.vog_requested_on.isoformat(),
              to=profile.user, template="ambassadors/email/vog_reminder", link=site_link("ambassadors:dashboard"),
              context={"profile": profile, "user": profile.user})
        for profile in waiting if not calendar.is_holiday(_region(profile), today)
    ]


RULES = [intake_talk, vog_reminder]
