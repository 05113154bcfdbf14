"""Schools: one row per school (or per school and school year, for history).

A school is the same school when its BRIN matches, or else its name (case and spacing aside) and postcode. The row of
its newest school year keeps the school's details; every row adds the school's participation in its school year. A
school leader with an e-mail address gets an account tied to the school (or is linked when they have one); a school
without a contact person gets the one in the file, or else its school leader.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models.functions import Lower
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from schools import geo
from schools import school_year as years
from schools.models import School, SchoolBoard, SchoolMembership, SchoolType, SchoolYearParticipation

from .. import cells
from ..columns import SCHOOLS
from .base import NEW, UNCHANGED, Context, Plan, Reader, Source, clean

LAYOUT = SCHOOLS
SCHOOL_ROLES = (Role.SCHOOL_LEADER, Role.TEACHER)


def _key_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().lower()


@dataclass
class Row:
    plan: Plan
    v: dict
    skip: bool = False
    group: "Group | None" = None


@dataclass
class Group:
    """The rows of one school in the file; the row with the newest school year keeps the school's details."""

    school: School | None
    main: Row | None = None


def _read(source: Source, ctx: Context) -> Row:
    plan = Plan(number=source.number)
    r = Reader(source, plan)
    v = {
        "name": r.get("name", required=True, max_length=200),
        "brin": r.get("brin", cells.brin),
        "school_type": r.get("school_type", cells.choice, vocabulary="school_type"),
        "board": r.get("board", max_length=200),
        "street": r.get("street", max_length=200),
        "postcode": r.get("postcode", cells.postcode, required=True),
        "city": r.get("city", max_length=100),
        "leader_name": r.get("leader_name", max_length=150),
        "leader_email": r.get("leader_email", cells.email),
        "leader_phone": r.get("leader_phone", cells.phone),
        "leader_position": r.get("leader_position", max_length=100),
        "language": r.get("language", cells.choice, vocabulary="language"),
        "contact_name": r.get("contact_name", max_length=150),
        "contact_email": r.get("contact_email", cells.email),
        "contact_phone": r.get("contact_phone", cells.phone),
        "profile": r.get("profile", max_length=2000),
        "ambassadors_wanted": r.get("ambassadors_wanted", cells.integer, low=1, high=20),
        "year": r.get("school_year", cells.school_year_start) or ctx.school_year,
        "city_given": r.has("city"),
        "region_given": r.has("region"),
    }
    if v["postcode"] and not v["city"] and not r.has("city"):
        place = geo.lookup_pc4(int(v["postcode"][:4]))
        v["city"] = place.municipality if place else None
        if v["city"] is None:
            plan.error("city", gettext_noop("Fill in the city: the postcode is not in the platform's table of places."))
    v["region"] = ctx.region(plan, r, postcode=v["postcode"], city=v["city"])
    if v["postcode"] and v["region"] is None and not r.has("region"):
        plan.warn("region", gettext_noop("No region of the foundation covers this postcode; the school comes in without a "
                               "region."))
    if v["leader_email"] and not v["leader_name"]:
        plan.error("leader_name", gettext_noop("Fill in the school leader's name: they get an account on the platform."))
    if v["leader_name"] and not v["leader_email"] and not r.has("leader_email"):
        plan.warn("leader_email", gettext_noop("Without an e-mail address the school leader gets no account."))
    if (v["contact_email"] or v["contact_phone"]) and not v["contact_name"]:
        plan.error("contact_name", gettext_noop("Fill in the contact person's name."))
    plan.data = {"name": v["name"], "brin": v["brin"], "postcode": v["postcode"], "city": v["city"],
                 "region": v["region"].name if v["region"] else "", "leader": v["leader_name"],
                 "leader_email": v["leader_email"], "year": v["year"]}
    return Row(plan=plan, v=v, skip=source.skip)


def _load(rows: list[Row]) -> dict:
    """Everything the rows refer to, in a fixed number of queries whatever the number of rows."""
    brins = {row.v["brin"] for row in rows if row.v["brin"]}
    postcodes = {row.v["postcode"] for row in rows if row.v["postcode"]}
    emails = {row.v["leader_email"] for row in rows if row.v["leader_email"]}
    found = {
        "brin": {s.brin: s for s in School.objects.filter(brin__in=brins).select_related("board", "region")},
        "name": {(_key_name(s.name), s.postcode): s
                 for s in School.objects.filter(postcode__in=postcodes).select_related("board", "region")},
        "users": {u.email.lower(): u for u in User.objects.annotate(lower=Lower("email")).filter(lower__in=emails)},
    }
    schools = {s.pk for s in [*found["brin"].values(), *found["name"].values()]}
    found["participations"] = {(p.school_id, p.school_year): p
                               for p in SchoolYearParticipation.objects.filter(school_id__in=schools)}
    found["memberships"] = set(SchoolMembership.objects.filter(user__in=found["users"].values())
                               .values_list("user_id", "school_id"))
    return found


def _match(row: Row, found: dict) -> School | None:
    v, plan = row.v, row.plan
    by_brin = found["brin"].get(v["brin"]) if v["brin"] else None
    by_name = found["name"].get((_key_name(v["name"]), v["postcode"])) if v["name"] and v["postcode"] else None
    if by_brin and by_name and by_brin.pk != by_name.pk:
        plan.error("brin", gettext_noop("BRIN %(brin)s belongs to %(school)s, but this name and postcode to %(other)s."),
                   brin=v["brin"], school=by_brin.name, other=by_name.name)
        return None
    if by_name and not by_brin and v["brin"] and by_name.brin and by_name.brin != v["brin"]:
        plan.error("brin", gettext_noop("There is already a school with this name and postcode, with BRIN %(other)s."),
                   other=by_name.brin)
        return None
    return by_brin or by_name


def _group(rows: list[Row], found: dict) -> None:
    """Rows of the same school share a group; the same school twice in one school year is an error."""
    seen: dict[tuple, Group] = {}
    years_seen: dict[tuple[int, int], int] = {}
    for row in rows:
        v = row.v
        if not (v["name"] and v["postcode"]) or row.plan.has_errors:
            continue
        school = _match(row, found)
        if row.plan.has_errors:
            continue
        keys = [("name", _key_name(v["name"]), v["postcode"])]
        if v["brin"]:
            keys.append(("brin", v["brin"]))
        if school is not None:
            keys.append(("pk", school.pk))
        if row.skip:  # a skipped row is shown on its own, and claims nothing
            row.group = Group(school=school)
            row.group.main = row
            continue
        groups = {id(seen[key]): seen[key] for key in keys if key in seen}
        if len(groups) > 1:
            rows_of = sorted(g.main.plan.number for g in groups.values() if g.main)
            row.plan.error("name", gettext_noop("This row names one school by its BRIN and another by its name and postcode "
                                      "(rows %(rows)s)."), rows=", ".join(map(str, rows_of)))
            continue
        group = next(iter(groups.values())) if groups else Group(school=school)
        row.group = group
        for key in keys:
            seen[key] = group
        earlier = years_seen.get((id(group), v["year"]))
        if earlier is not None:
            row.plan.error("name", gettext_noop("This school is also in row %(row)s for the same school year."), row=earlier)
            row.group = None
            continue
        years_seen[(id(group), v["year"])] = row.plan.number
        if group.main is None or v["year"] > group.main.v["year"]:
            group.main = row


def _contact(v: dict, school: School | None) -> dict | None:
    """The contact person the row gives: its own columns, else the school leader; None when the school keeps its own."""
    if v["contact_name"]:
        return {"contact_name": v["contact_name"], "contact_email": v["contact_email"] or "",
                "contact_phone": v["contact_phone"] or ""}
    if school is not None and school.has_contact_person:
        return None
    if v["leader_name"] and (v["leader_email"] or v["leader_phone"]):
        return {"contact_name": v["leader_name"], "contact_email": v["leader_email"] or "",
                "contact_phone": v["leader_phone"] or ""}
    return None


def _school_changes(row: Row, school: School) -> dict:
    """The fields of an existing school that the row changes, as {field: new value} (noted on the plan)."""
    v, plan, changes = row.v, row.plan, {}

    def compare(column, field, new, old=None):
        old = getattr(school, field) if old is None else old
        if new is not None and new != old:
            plan.change(column, old, new)
            changes[field] = new

    compare("name", "name", v["name"])
    compare("brin", "brin", v["brin"])
    compare("school_type", "school_type", v["school_type"])
    if v["board"] and _key_name(v["board"]) != _key_name(school.board.name):
        plan.change("board", school.board.name, v["board"])
        changes["board"] = v["board"]
    compare("street", "street", v["street"])
    compare("postcode", "postcode", v["postcode"])
    if v["city_given"] or "postcode" in changes:
        compare("city", "city", v["city"])
    if (v["region_given"] or "postcode" in changes) and v["region"] is not None and v["region"] != school.region:
        plan.change("region", school.region.name if school.region else "", v["region"].name)
        changes["region"] = v["region"]
    compare("profile", "profile", v["profile"])
    for field, value in (_contact(v, school) or {}).items():
        compare(field, field, value)
    return changes


def _leader_note(row: Row, school_pk, found: dict, emails_seen: dict) -> None:
    v, plan = row.v, row.plan
    if not v["leader_email"]:
        return
    user = found["users"].get(v["leader_email"])
    if user is not None and user.role not in SCHOOL_ROLES:
        plan.error("leader_email", gettext_noop("%(email)s already has an account with another role; link the school by hand."),
                   email=v["leader_email"])
    elif user is None and v["leader_email"] in emails_seen:
        plan.note("leader_email", gettext_noop("Gets the account of row %(row)s."), row=emails_seen[v["leader_email"]])
        plan.change("leader_email", "", v["leader_email"])
    elif user is None:
        emails_seen[v["leader_email"]] = plan.number
        plan.note("leader_email", gettext_noop("Gets an account, without a password until the invitation."))
        plan.change("leader_email", "", v["leader_email"])
    elif (user.pk, school_pk) not in found["memberships"]:
        plan.note("leader_email", gettext_noop("Has an account already: linked to this school."))
        plan.change("leader_email", "", v["leader_email"])


def analyse(sources: list[Source], ctx: Context) -> list[Plan]:
    ctx.load_regions()
    rows = [_read(source, ctx) for source in sources]
    found = _load(rows)
    _group(rows, found)
    emails_seen: dict[str, int] = {}
    for row in rows:
        v, plan, group = row.v, row.plan, row.group
        if group is None or plan.has_errors:
            plan.settle()
            continue
        school = group.school
        main = group.main is row
        if school is None:
            plan.action = NEW
            if main and not v["board"]:
                plan.error("board", gettext_noop("Fill in the school board: a new school needs one."))
        else:
            plan.action = UNCHANGED  # until the comparison finds a change
            plan.note("name", gettext_noop("Already on the platform: %(school)s (%(city)s)."), school=school.name,
                      city=school.city)
        changes = _school_changes(row, school) if (main and school is not None) else {}
        if not main:
            plan.note("school_year", gettext_noop("Adds school year %(year)s; the school's details come from row %(row)s, its "
                                        "newest school year."), year=years.label(v["year"]), row=group.main.plan.number)
        participation = found["participations"].get((school.pk, v["year"])) if school else None
        if school is not None and participation is None:
            plan.change("school_year", "", years.label(v["year"]))
        elif participation is not None and v["ambassadors_wanted"] not in (None, participation.ambassadors_wanted):
            plan.change("ambassadors_wanted", participation.ambassadors_wanted, v["ambassadors_wanted"])
        if main:
            _leader_note(row, school.pk if school else None, found, emails_seen)
            if v["leader_phone"] and v["contact_name"]:
                plan.warn("leader_phone", gettext_noop("The platform keeps the phone number of the contact person only; this "
                                             "number is not imported."))
        plan.settle()
        if not plan.has_errors:
            plan.write = _writer(row, ctx, found, changes, main)
            plan.order = 0 if main else 1
    return [row.plan for row in rows]


# --- Writing, at confirm -----------------------------------------------------------------------------


def _board(name: str, ctx: Context) -> SchoolBoard:
    boards = ctx.cache.setdefault("boards", {})
    key = _key_name(name)
    if key not in boards:
        board = SchoolBoard.objects.annotate(lower=Lower("name")).filter(lower=key).first()
        if board is None:
            board = SchoolBoard(name=name, city="")
            clean(board)
            board.save()
        boards[key] = board
    return boards[key]


def _writer(row: Row, ctx: Context, found: dict, changes: dict, main: bool):
    v, group = row.v, row.group

    def write():
        from ..services import account_for_import

        if main:
            group.school = _write_school(v, group.school, changes, ctx)
        school = group.school
        participation, created = SchoolYearParticipation.objects.get_or_create(
            school=school, school_year=v["year"],
            defaults={"ambassadors_wanted": v["ambassadors_wanted"] or 1, "confirmed_by": ctx.actor})
        if not created and v["ambassadors_wanted"] and participation.ambassadors_wanted != v["ambassadors_wanted"]:
            participation.ambassadors_wanted = v["ambassadors_wanted"]
            participation.save(update_fields=["ambassadors_wanted"])
        if main and v["leader_email"]:
            user = ctx.cache.setdefault("users", found["users"]).get(v["leader_email"])
            if user is None:
                first, _sep, last = v["leader_name"].partition(" ")
                user = account_for_import(
                    ctx, email=v["leader_email"], first_name=first, last_name=last, role=Role.SCHOOL_LEADER,
                    language=v["language"] or settings.LANGUAGE_CODE, places=[school.name],
                    tie=lambda user: SchoolMembership.objects.create(user=user, school=school,
                                                                     position=v["leader_position"] or ""))
                ctx.cache["users"][v["leader_email"]] = user
            else:
                SchoolMembership.objects.get_or_create(user=user, school=school,
                                                       defaults={"position": v["leader_position"] or ""})

    return write


def _write_school(v: dict, school: School | None, changes: dict, ctx: Context) -> School:
    if school is None:
        place = geo.locate(v["postcode"])
        school = School(
            name=v["name"], brin=v["brin"] or "", school_type=v["school_type"] or SchoolType.PRIMARY,
            board=_board(v["board"], ctx), region=v["region"], street=v["street"] or "", postcode=v["postcode"],
            city=v["city"], latitude=place.latitude if place else None, longitude=place.longitude if place else None,
            profile=v["profile"] or "", **(_contact(v, None) or {}),
        )
        clean(school)
        school.save()
        return school
    school = School.objects.select_for_update().get(pk=school.pk)
    if not changes:
        return school
    fields = []
    for field, value in changes.items():
        setattr(school, field, _board(value, ctx) if field == "board" else value)
        fields.append(field)
    if "postcode" in changes:
        place = geo.locate(school.postcode)
        if place is not None:
            school.latitude, school.longitude = place.latitude, place.longitude
            fields += ["latitude", "longitude"]
    clean(school)
    school.save(update_fields=[*fields, "updated_at"])
    return school
