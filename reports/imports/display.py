"""A stored row of a preview, as the reader sees it: what it holds, its problems per column, what it changes; in the
reader's language (the preview stores codes and message ids, never translated text)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from ambassadors.models import AmbassadorSchoolType, EmployerRelease, Sector, Status
from schools import school_year
from schools.models import DayPart, SchoolType, TaskType, Weekday

from .cells import render
from .columns import LAYOUTS

CHOICES = {
    "school_type": SchoolType, "sector": Sector, "employer_release": EmployerRelease, "status": Status,
    "preferred_tasks": TaskType, "tasks": TaskType, "task_types": TaskType, "school_types": AmbassadorSchoolType,
}
DATES = {"vog_issued_on", "vog_requested_on", "start_date", "end_date"}


def day_label(weekday, part) -> str:
    if not weekday:
        return ""
    day = str(Weekday(int(weekday)).label)
    if part in (None, "", DayPart.WHOLE_DAY):
        return day
    return f"{day} {str(DayPart(part).label).lower()}"


def slots_label(codes) -> str:
    """Half days as a reader says them: "dinsdag, woensdag ochtend" (a day with both halves is the whole day)."""
    by_day: dict[int, set[str]] = {}
    for code in codes or []:
        day, part = code.split("-", 1)
        by_day.setdefault(int(day), set()).add(part)
    return ", ".join(day_label(day, DayPart.WHOLE_DAY if len(parts) > 1 else parts.pop())
                     for day, parts in sorted(by_day.items()))


def date_label(value) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value), "j M Y") if value else ""
    except (TypeError, ValueError):
        return str(value)


def value_label(column: str, value) -> str:
    if value in (None, "", []):
        return "–"
    if column == "days":
        return slots_label(value)
    if column in DATES:
        return date_label(value)
    if column == "language":
        return {"nl": "Nederlands", "en": "English"}.get(value, value)
    if column in CHOICES:
        labels = dict(CHOICES[column].choices)
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(item, item)) for item in values)
    return str(value)


class Labels:
    """Column labels of one import: the file's own heading and letter where the column came from the file."""

    def __init__(self, batch):
        self.layout = LAYOUTS[batch.kind]
        self.headers, self.mapping = batch.headers, batch.mapping

    def __call__(self, key: str) -> str:
        if not key:
            return ""
        index = self.mapping.get(key)
        if index is not None and index < len(self.headers):
            return f"{self.headers[index]} ({get_column_letter(index + 1)})"
        try:
            return str(self.layout.column(key).label)
        except StopIteration:
            return key


def describe(kind: str, data: dict) -> list[str]:
    """The few values that tell a row apart in the preview."""
    if kind == "schools":
        year = school_year.label(data["year"]) if data.get("year") else ""
        place = " ".join(filter(None, [data.get("postcode"), data.get("city")]))
        if data.get("region"):
            place = _("%(place)s (region %(region)s)") % {"place": place, "region": data["region"]}
        return [" · ".join(filter(None, [data.get("name"), data.get("brin")])), place,
                " · ".join(filter(None, [data.get("leader"), data.get("leader_email")])), year]
    if kind == "ambassadors":
        return [data.get("name") or "", data.get("email") or "", data.get("city") or "",
                slots_label(data.get("slots"))]
    period = " – ".join(filter(None, [date_label(data.get("start")), date_label(data.get("end"))]))
    if data.get("history"):
        period = _("%(period)s (history)") % {"period": period}
    return [data.get("email") or "", data.get("school") or "", day_label(data.get("weekday"), data.get("day_part")),
            period]


def headings(kind: str) -> list[str]:
    if kind == "schools":
        return [_("School"), _("Address"), _("School leader"), _("School year")]
    if kind == "ambassadors":
        return [_("Name"), _("E-mail address"), _("City"), _("Days")]
    return [_("Ambassador"), _("School"), _("Day"), _("Period")]


def present(rows, batch) -> list:
    """Attach what the preview shows to each row of one page (no queries)."""
    label = Labels(batch)
    for row in rows:
        row.shown = (describe(batch.kind, row.data) if row.data
                     else [" · ".join(v for v in row.values if v)[:120], "", "", ""])
        row.messages = [{"level": item["level"], "column": label(item["field"]), "text": render(item)}
                        for item in row.problems]
        row.change_list = [{"column": label(column), "old": value_label(column, old), "new": value_label(column, new)}
                           for column, old, new in row.changes]
    return rows
