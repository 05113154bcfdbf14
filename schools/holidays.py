"""School holidays per holiday region (noord, midden, zuid): when reminders keep quiet, and when a school day is."""

from datetime import date, timedelta

from .models import SchoolHoliday


class HolidayCalendar:
    """The holidays that touch a period, read once; every question after that is answered in memory.

    A school (or an ambassador) without a region has no known holidays: every day counts as a school day.
    """

    def __init__(self, start: date, end: date):
        self.start, self.end = start, end
        self._periods: dict[str, list[tuple[date, date]]] = {}
        for region, first, last in (SchoolHoliday.objects.filter(start__lte=end, end__gte=start)
                                    .values_list("holiday_region", "start", "end")):
            self._periods.setdefault(region, []).append((first, last))

    def holiday(self, region: str | None, day: date) -> tuple[date, date] | None:
        """The holiday of the region that `day` falls in, as (first day, last day)."""
        return next(((first, last) for first, last in self._periods.get(region or "", []) if first <= day <= last), None)

    def is_holiday(self, region: str | None, day: date) -> bool:
        return self.holiday(region, day) is not None

    def after_holiday(self, region: str | None, day: date) -> date:
        """`day` itself when it is no holiday, else the first day after the holiday (or holidays) it falls in."""
        found = self.holiday(region, day)
        while found is not None:
            day = found[1] + timedelta(days=1)
            found = self.holiday(region, day)
        return day

    def before_holiday(self, region: str | None, day: date) -> date:
        """`day` itself when it is no holiday, else the last day before the holiday (or holidays) it falls in."""
        found = self.holiday(region, day)
        while found is not None:
            day = found[0] - timedelta(days=1)
            found = self.holiday(region, day)
        return day

    def first_school_day(self, region: str | None, start: date, weekday: int) -> date:
        """The first date on or after `start` on that weekday (1 = Monday) outside the region's holidays."""
        day = start + timedelta(days=(weekday - start.isoweekday()) % 7)
        for _week in range(60):
            if not self.is_holiday(region, day):
                return day
            day += timedelta(days=7)
        return day


def holiday_region_of(school) -> str | None:
    """A school's holiday region (select its region along)."""
    return school.region.holiday_region if school is not None and school.region_id else None
