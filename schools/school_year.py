"""School years run from 1 August to 31 July; a school year is stored as the calendar year it starts in."""

import re
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



def parse(text: str) -> int | None:
    """A school year as people write it (2024-25, 2024-2025, 2024/25 or 2024), or None when it is not one."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-/–]\s*(\d{2}|\d{4}))?\s*", str(text or ""))
    if not match:
        return None
    first, second = int(match.group(1)), match.group(2)
    if not 1900 <= first <= 2999:
        return None
    if second is not None and int(second) != (first + 1 if len(second) == 4 else (first + 1) % 100):
        return None
    return first


def short_label(year: int) -> str:
    """The short form the foundation writes, such as 2024-25."""
    return f"{year}-{(year + 1) % 100:02d}"
