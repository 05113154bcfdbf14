"""What the three kinds of import share: reading a row's cells through the readers, and the plan for one row."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_noop

from schools.geo import RegionLookup
from schools.models import Region

from .. import cells
from ..cells import CellError, problem
from ..models import ImportRow

NEW, UPDATE, UNCHANGED, ERROR = (ImportRow.Action.NEW, ImportRow.Action.UPDATE, ImportRow.Action.UNCHANGED,
                                 ImportRow.Action.ERROR)


@dataclass
class Source:
    """One row of the file as the mapping reads it: {column key: the cell's text}."""

    number: int
    cells: dict[str, str]
    skip: bool = False


@dataclass
class Plan:
    """What importing one row does: its action, the values read (for the preview), problems, changes, and the write."""

    number: int
    data: dict = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    changes: list[list] = field(default_factory=list)
    action: str = NEW
    write: Callable | None = None  # set by the analyser; called at confirm, inside the import's transaction
    order: int = 0  # writes run by (order, number): a school's details before its other school years

    @property
    def has_errors(self) -> bool:
        return any(p["level"] == "error" for p in self.problems)

    def error(self, column: str, msgid: str, **params) -> None:
        self.problems.append(problem(column, msgid, **params))

    def warn(self, column: str, msgid: str, **params) -> None:
        self.problems.append(problem(column, msgid, level="warning", **params))

    def note(self, column: str, msgid: str, **params) -> None:
        self.problems.append(problem(column, msgid, level="info", **params))

    def change(self, column: str, old, new) -> None:
        self.changes.append([column, _show(old), _show(new)])

    def settle(self) -> "Plan":
        """The action follows from what was found: an error wins, else new, else changes make an update."""
        if self.has_errors:
            self.action = ERROR
        elif self.action != NEW:
            self.action = UPDATE if self.changes else UNCHANGED
        return self


def _show(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def clean(instance) -> None:
    """full_clean() before save, for the values the row brings: choices, lengths, validators.

    Foreign keys point at rows this import has just read or written, and uniqueness and check constraints are the
    database's own (a violation stops the whole import, which runs in one transaction): asking the database for each of
    them again, row after row, would make a large import many times slower for nothing.
    """
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


class Reader:
    """Reads the cells of one row through the cell readers, noting each problem against its column."""

    def __init__(self, source: Source, plan: Plan):
        self.source, self.plan = source, plan

    def has(self, key: str) -> bool:
        return not cells.is_empty(self.source.cells.get(key, ""))

    def get(self, key: str, reader=None, *, required=False, **options):
        raw = self.source.cells.get(key, "")
        if cells.is_empty(raw):
            if required:
                self.plan.error(key, gettext_noop("This cell is empty; it is needed."))
            return None
        try:
            return reader(raw, **options) if reader else cells.plain(raw, **({"max_length": 200} | options))
        except CellError as exc:
            self.plan.problems.append(problem(key, exc.msgid, **exc.params))
            return None


@dataclass
class Context:
    """What every row of one import reads from the database once: regions, and who imports."""

    actor: object
    file_name: str
    school_year: int
    today: object = field(default_factory=timezone.localdate)
    invite_now: bool = False
    batch: object = None
    regions: dict = field(default_factory=dict)
    lookup: RegionLookup | None = None
    cache: dict = field(default_factory=dict)  # what writes share: boards and accounts made earlier in the import

    def load_regions(self):
        if self.lookup is None:
            self.lookup = RegionLookup()
            for region in Region.objects.order_by("pk"):
                self.regions.setdefault(cells.normalise(region.name), region)
                self.regions.setdefault(cells.normalise(region.slug), region)
        return self

    def region(self, plan: Plan, reader: Reader, *, postcode, city):
        """The region named in the file (which must exist), else the one the postcode falls in."""
        if reader.has("region"):
            name = reader.get("region")
            if name is None:
                return None
            region = self.regions.get(cells.normalise(name))
            if region is None:
                plan.error("region", gettext_noop("“%(value)s” is not a region on the platform; known regions: %(known)s."),
                           value=name, known=", ".join(sorted({r.name for r in self.regions.values()})) or "–")
            return region
        return self.lookup.find(postcode, city or "") if postcode else None
