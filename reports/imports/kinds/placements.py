"""Placements: one row per ambassador at a school on one weekday, for a period within one school year.

An imported placement is stored as if matching had made it: the school's need (filled), a proposal both sides accepted
in an import run, the placement, the ambassador's booked half days and the check-ins from today on. The next matching
run then sees the ambassador as booked on that day part. A placement that ended before today comes in as history (no
half days booked, no check-ins): it counts for continuity and for the figures of its school year.

The same placement is found again by ambassador, school, weekday, day part and start date.
"""

import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from ambassadors.models import AmbassadorProfile, Status, VogStatus
from matching.models import CheckIn, MatchingRun, MatchingSettings, Placement, PlacementSlot, Proposal, Response
from matching.scoring import KM_PER_DEG_LAT, KM_PER_DEG_LON
from matching.services import checkin_dates
from schools import school_year as years
from schools.models import HALF_DAYS, DayPart, NeedEvent, School, TaskType, TeacherNeed

from .. import cells
from ..columns import PLACEMENTS
from .base import NEW, UNCHANGED, Context, Plan, Reader, Source, clean
from .schools import _key_name

LAYOUT = PLACEMENTS
NEED_FIELDS = ["task_types", "subject", "year_group", "hours_per_week", "description"]


@dataclass
class Row:
    plan: Plan
    v: dict
    skip: bool = False


def _read(source: Source, ctx: Context) -> Row:
    plan = Plan(number=source.number)
    r = Reader(source, plan)
    v = {
        "email": r.get("ambassador_email", cells.email, required=True),
        "name": r.get("ambassador_name", max_length=300),
        "brin": r.get("brin", cells.brin),
        "school_name": r.get("school_name", max_length=200),
        "postcode": r.get("postcode", cells.postcode),
        "start_date": r.get("start_date", cells.date, required=True),
        "end_date": r.get("end_date", cells.date),
        "year": r.get("school_year", cells.school_year_start),
        "task_types": r.get("tasks", cells.choices, vocabulary="task"),
        "subject": r.get("subject", max_length=100),
        "year_group": r.get("year_group", max_length=50),
        "hours_per_week": r.get("hours_per_week", cells.hours),
        "description": r.get("description", max_length=2000),
        "weekday": None, "day_part": None, "end_given": r.has("end_date"),
    }
    school_columns = ("brin", "school_name", "postcode")
    if (not v["brin"] and not (v["school_name"] and v["postcode"])
            and not any(p["field"] in school_columns for p in plan.problems)):
        plan.error("postcode" if v["school_name"] else "school_name" if v["postcode"] else "brin",
                   gettext_noop("Name the school: its BRIN, or its name and postcode."))
    part = r.get("day_part", cells.day_part)
    days = r.get("day", cells.days, required=True, default_part=part or DayPart.WHOLE_DAY)
    if days and len({day for day, _part in days}) > 1:
        plan.error("day", gettext_noop("One weekday per placement; put a second day on a row of its own."))
    elif days:
        parts = {p for _day, p in days}
        v["weekday"] = days[0][0]
        v["day_part"] = DayPart.WHOLE_DAY if len(parts) > 1 else parts.pop()
    if v["start_date"]:
        year = years.current_school_year(v["start_date"])
        if v["year"] and v["year"] != year:
            plan.error("school_year", gettext_noop("The start date lies in school year %(year)s."), year=years.label(year))
        v["year"] = year
        last = years.bounds(year)[1]
        v["end_date"] = v["end_date"] or last
        if v["end_date"] < v["start_date"]:
            plan.error("end_date", gettext_noop("The end date lies before the start date."))
        elif v["end_date"] > last:
            plan.error("end_date", gettext_noop("A placement lies within one school year (until %(last)s); put the next school "
                                      "year on a row of its own."), last=last.strftime("%d-%m-%Y"))
    v["history"] = bool(v["end_date"] and v["end_date"] < ctx.today)
    plan.data = {"email": v["email"], "school": v["school_name"] or v["brin"] or "", "weekday": v["weekday"],
                 "day_part": v["day_part"], "start": v["start_date"].isoformat() if v["start_date"] else "",
                 "end": v["end_date"].isoformat() if v["end_date"] else "", "history": v["history"]}
    return Row(plan=plan, v=v, skip=source.skip)


def _load(rows: list[Row]) -> dict:
    emails = {row.v["email"] for row in rows if row.v["email"]}
    users = {u.email.lower(): u for u in User.objects.annotate(lower=Lower("email")).filter(lower__in=emails)
             .select_related("ambassador_profile")}
    profiles = [getattr(u, "ambassador_profile", None) for u in users.values()]
    profiles = [p for p in profiles if p is not None]
    brins = {row.v["brin"] for row in rows if row.v["brin"]}
    postcodes = {row.v["postcode"] for row in rows if row.v["postcode"]}
    placements, booked = {}, {}
    for placement in Placement.objects.filter(ambassador__in=profiles).select_related("need"):
        key = (placement.ambassador_id, placement.need.school_id, placement.weekday, placement.day_part,
               placement.start_date)
        placements[key] = placement
    for slot in PlacementSlot.objects.filter(ambassador__in=profiles).select_related("placement__need__school"):
        booked[(slot.ambassador_id, slot.weekday, slot.part)] = slot.placement
    return {
        "users": users, "placements": placements, "booked": booked,
        "brin": {s.brin: s for s in School.objects.filter(brin__in=brins)},
        "name": {(_key_name(s.name), s.postcode): s for s in School.objects.filter(postcode__in=postcodes)},
    }


def _who_and_where(row: Row, found: dict):
    v, plan = row.v, row.plan
    user = found["users"].get(v["email"]) if v["email"] else None
    profile = getattr(user, "ambassador_profile", None) if user and user.role == Role.AMBASSADOR else None
    if v["email"] and profile is None:
        plan.error("ambassador_email", gettext_noop("No ambassador with this e-mail address on the platform; import the "
                                          "ambassadors first."))
    elif profile is not None and v["name"] and cells.normalise(v["name"]) != cells.normalise(user.get_full_name()):
        plan.warn("ambassador_name", gettext_noop("The platform knows this ambassador as %(name)s."), name=user.get_full_name())
    school = None
    if v["brin"]:
        school = found["brin"].get(v["brin"])
        if school is None:
            plan.error("brin", gettext_noop("No school with BRIN %(brin)s on the platform; import the schools first."),
                       brin=v["brin"])
    elif v["school_name"] and v["postcode"]:
        school = found["name"].get((_key_name(v["school_name"]), v["postcode"]))
        if school is None:
            plan.error("school_name", gettext_noop("No school named %(name)s at postcode %(postcode)s on the platform; import "
                                         "the schools first."), name=v["school_name"], postcode=v["postcode"])
    return profile, school


def _halves(day_part: str) -> list[str]:
    return [str(part) for part in HALF_DAYS] if day_part == DayPart.WHOLE_DAY else [day_part]


def analyse(sources: list[Source], ctx: Context) -> list[Plan]:
    rows = [_read(source, ctx) for source in sources]
    found = _load(rows)
    booked_in_file: dict[tuple, int] = {}
    seen: dict[tuple, int] = {}
    for row in rows:
        v, plan = row.v, row.plan
        profile, school = _who_and_where(row, found)
        if plan.has_errors or profile is None or school is None:
            plan.settle()
            continue
        plan.data["school"] = school.name
        key = (profile.pk, school.pk, v["weekday"], v["day_part"], v["start_date"])
        if not row.skip:
            if key in seen:
                plan.error("start_date", gettext_noop("This placement is also in row %(row)s."), row=seen[key])
            seen[key] = plan.number
        existing = found["placements"].get(key)
        changes = {}
        if existing is None:
            plan.action = NEW
            if not v["history"]:
                _check_free(row, profile, school, found, booked_in_file)
                if profile.status not in (Status.ACTIVE, Status.PAUSED) or profile.vog_status != VogStatus.RECEIVED:
                    plan.warn("ambassador_email", gettext_noop("This ambassador is not active with a received VOG on the "
                                                     "platform; the placement comes in all the same."))
        else:
            plan.action = UNCHANGED  # until the comparison finds a change
            plan.note("start_date", gettext_noop("Already on the platform."))
            changes = _changes(row, existing)
        plan.settle()
        if not plan.has_errors:
            plan.write = _writer(row, ctx, profile, school, existing, changes)
    return [row.plan for row in rows]


def _check_free(row: Row, profile, school, found, booked_in_file) -> None:
    v, plan = row.v, row.plan
    for half in _halves(v["day_part"]):
        taken = found["booked"].get((profile.pk, v["weekday"], half))
        if taken is not None:
            plan.error("day", gettext_noop("This ambassador is already placed on this day part, at %(school)s until %(end)s; "
                                 "one placement per day part at a time."),
                       school=taken.need.school.name, end=taken.end_date.strftime("%d-%m-%Y"))
            return
        earlier = booked_in_file.get((profile.pk, v["weekday"], half))
        if earlier is not None and not row.skip:
            plan.error("day", gettext_noop("Row %(row)s places this ambassador on the same day part; one placement per day part "
                                 "at a time."), row=earlier)
            return
    if not row.skip:
        for half in _halves(v["day_part"]):
            booked_in_file[(profile.pk, v["weekday"], half)] = plan.number


def _changes(row: Row, placement: Placement) -> dict:
    v, plan, need, changes = row.v, row.plan, placement.need, {}
    if v["end_given"] and v["end_date"] != placement.end_date:
        plan.change("end_date", placement.end_date, v["end_date"])
        changes["end_date"] = v["end_date"]
    columns = {"task_types": "tasks", "hours_per_week": "hours_per_week", "subject": "subject",
               "year_group": "year_group", "description": "description"}
    for field, column in columns.items():
        if v[field] is not None and v[field] != getattr(need, field):
            plan.change(column, getattr(need, field), v[field])
            changes[field] = v[field]
    return changes


# --- Writing, at confirm -----------------------------------------------------------------------------


def _note(ctx: Context) -> str:
    return _("Imported from %(file)s") % {"file": ctx.file_name}


def _run(ctx: Context) -> MatchingRun:
    """One run holds the proposals of all placements of one import, as a matching run holds its own."""
    if "run" not in ctx.cache:
        ctx.cache["run"] = MatchingRun.objects.create(
            status=MatchingRun.Status.DONE, solver=MatchingRun.Solver.IMPORT, started_by=ctx.actor,
            weights=MatchingSettings.current().weights(), finished_at=timezone.now())
    return ctx.cache["run"]


def _distance(profile: AmbassadorProfile, school: School) -> float:
    if None in (profile.latitude, profile.longitude, school.latitude, school.longitude):
        return 0.0
    return round(math.hypot((profile.latitude - school.latitude) * KM_PER_DEG_LAT,
                            (profile.longitude - school.longitude) * KM_PER_DEG_LON), 1)


def _title(v: dict) -> str:
    task = TaskType((v["task_types"] or [TaskType.CLASSROOM])[0]).label
    return (f"{task} ({v['subject']})" if v["subject"] else str(task))[:150]


def _writer(row: Row, ctx: Context, profile, school, existing, changes):
    v = row.v

    def write():
        AmbassadorProfile.objects.select_for_update().filter(pk=profile.pk).first()
        if existing is not None:
            _update(existing, v, changes, ctx)
            return
        need = TeacherNeed(
            school=school, title=_title(v), task_types=v["task_types"] or [TaskType.CLASSROOM],
            subject=v["subject"] or "",
            year_group=v["year_group"] or "", weekdays=[v["weekday"]], day_part=v["day_part"], school_year=v["year"],
            start_date=v["start_date"], end_date=v["end_date"],
            hours_per_week=v["hours_per_week"] or (8 if v["day_part"] == DayPart.WHOLE_DAY else 4),
            ambassadors_needed=1, description=v["description"] or _note(ctx),
            relief=_("Not recorded: the placement was brought in from a spreadsheet."),
            status=TeacherNeed.Status.FILLED, created_by=ctx.actor,
        )
        clean(need)
        need.save()
        NeedEvent.objects.create(need=need, actor=ctx.actor, action=NeedEvent.Action.CREATED, note=_note(ctx))
        now = timezone.now()
        proposal = Proposal.objects.create(
            run=_run(ctx), need=need, ambassador=profile, status=Proposal.Status.PLACED, score=0, components={},
            distance_km=_distance(profile, school), weekday=v["weekday"], day_part=v["day_part"],
            decided_by=ctx.actor, decided_at=now, school_response=Response.ACCEPTED,
            ambassador_response=Response.ACCEPTED,
        )
        placement = Placement(
            proposal=proposal, need=need, ambassador=profile, weekday=v["weekday"], day_part=v["day_part"],
            start_date=v["start_date"], end_date=v["end_date"],
            status=Placement.Status.ENDED if v["history"] else Placement.Status.ACTIVE,
        )
        clean(placement)
        placement.save()
        if v["history"]:
            return
        try:
            with transaction.atomic():
                PlacementSlot.objects.bulk_create([
                    PlacementSlot(placement=placement, ambassador=profile, weekday=v["weekday"], part=half)
                    for half in _halves(v["day_part"])])
        except IntegrityError as exc:
            raise ValidationError(_("This ambassador is already placed on that day part.")) from exc
        _schedule(placement, ctx)

    return write


def _schedule(placement: Placement, ctx: Context) -> None:
    """The check-ins as matching plans them, from today on: nobody is asked about weeks before the platform."""
    CheckIn.objects.bulk_create(
        [CheckIn(placement=placement, side=side, due_on=due)
         for due in checkin_dates(placement.start_date, placement.end_date) if due >= ctx.today
         for side in CheckIn.Side.values],
        ignore_conflicts=True,
    )


def _update(placement: Placement, v: dict, changes: dict, ctx: Context) -> None:
    if not changes:
        return
    placement = Placement.objects.select_for_update().select_related("need").get(pk=placement.pk)
    need = placement.need
    need_fields = [field for field in NEED_FIELDS if field in changes]
    before = {field: str(getattr(need, field)) for field in [*need_fields, "end_date"]}
    if "end_date" in changes:
        placement.end_date = need.end_date = changes["end_date"]
        need_fields.append("end_date")
        clean(placement)
        placement.save(update_fields=["end_date"])
        if placement.status == Placement.Status.ACTIVE:
            placement.checkins.filter(answered_at__isnull=True, due_on__gt=placement.end_date).delete()
            _schedule(placement, ctx)
    for field in NEED_FIELDS:
        if field in changes:
            setattr(need, field, changes[field])
    clean(need)
    need.save(update_fields=[*need_fields, "updated_at"])
    NeedEvent.objects.create(need=need, actor=ctx.actor, action=NeedEvent.Action.UPDATED, note=_note(ctx),
                             changes={str(TeacherNeed._meta.get_field(f).verbose_name): [before[f], str(getattr(need, f))]
                                      for f in need_fields})
