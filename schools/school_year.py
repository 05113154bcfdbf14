"""School years run from 1 August to 31 July; a school year is stored as the calendar year it starts in."""

from datetime import date

from django.utils import timezone

START_MONTH = 8


def current_school_year(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= START_MONTH else today.year - 1


def next_school_year(today: date | None = None) -> int:
    return current_school_year(today) + 1


def label(year: int) -> str:
    return f"{year}-{year + 1}"


def bounds(year: int) -> tuple[date, date]:
    return date(year, START_MONTH, 1), date(year + 1, START_MONTH - 1, 31)


def choices(today: date | None = None, ahead: int = 2):
    first = current_school_year(today)
    return [(year, label(year)) for year in range(first, first + ahead + 1)]


def in_confirmation_window(today: date | None = None) -> bool:
    """Spring and summer: from 1 February to the end of the school year, schools confirm the next one."""
    today = today or timezone.localdate()
    return 2 <= today.month < START_MONTH

