"""The shape of a to-do item on a home page. The selectors that know the work make them (reports.todo for staff,
school leaders and ambassadors, research.selectors.todo for researchers); templates/partials/todo.html shows them."""

from dataclasses import dataclass, field
from datetime import date, datetime

# How the date of an item reads (the partial words each one): the last day to act, since when the work waits, since
# when it is due, the day something happens, the day it was posted.
DEADLINE, SINCE, DUE, ON, POSTED = "deadline", "since", "due", "on", "posted"


@dataclass
class TodoItem:
    kind: str  # a stable name of the kind of work ("proposal_answer", "intakes"…), for tests and styling
    text: str  # what to do, in the reader's language: the link's text
    url: str = ""  # where the person acts; empty when the act happens outside the platform
    detail: str = ""  # a second line: which day, which school…
    count: int | None = None  # a kind of work with many rows (staff): how many
    date: date | datetime | None = None
    when: str = ""  # one of DEADLINE, SINCE, DUE, ON, POSTED
    days: int | None = None  # days left before a deadline, or days the work has waited
    urgent: bool = False  # a deadline today or tomorrow, or long overdue
    oldest_url: str = ""  # straight to the oldest row of a kind of work


@dataclass
class Todo:
    items: list[TodoItem] = field(default_factory=list)  # what waits for the person, most pressing first
    upcoming: list[TodoItem] = field(default_factory=list)  # what is coming, to know (the next school day…)

    def __bool__(self):
        return bool(self.items or self.upcoming)
