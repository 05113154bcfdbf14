"""Ambassadors: one row per ambassador, found again by e-mail address.

A new ambassador gets an account (without a password; invited now or later), a profile, their week and a first step
on the screening timeline: active when the VOG's issue date is given, applied otherwise, or the status the file names.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from ambassadors.models import AmbassadorProfile, AvailabilitySlot, DayAmount, Status, StatusChange, VogStatus
from schools import geo
from schools.models import HALF_DAYS

from .. import cells
from ..columns import AMBASSADORS
from .base import NEW, UNCHANGED, Context, Plan, Reader, Source, clean

LAYOUT = AMBASSADORS
NEEDS_VOG = {Status.VOG_RECEIVED, Status.ACTIVE, Status.PAUSED}
PROFILE_FIELDS = ["phone", "postcode", "city", "sector", "employer", "employer_release", "start_date",
                  "preferred_tasks", "school_types", "subjects", "expertise", "max_distance_km", "vog_issued_on",
                  "vog_requested_on"]


@dataclass
class Row:
    plan: Plan
    v: dict
    skip: bool = False


def _names(r: Reader, plan: Plan) -> tuple[str | None, str | None]:
    first, last = r.get("first_name", max_length=150), r.get("last_name", max_length=150)
    whole = r.get("name", max_length=300)
    if whole and not first:
        if "," in whole:  # "Jansen, Piet"
            last_part, _sep, first_part = whole.partition(",")
            first, last = first_part.strip(), last or last_part.strip()
        else:
            first_part, _sep, last_part = whole.partition(" ")
            first, last = first_part, last or last_part
    if not first:
        plan.error("name" if r.has("name") or not r.has("first_name") else "first_name",
                   gettext_noop("Fill in the ambassador's name."))
    return first, last or ""


def slots_of(days) -> list[tuple[int, str]]:
    """Half days of the week from (weekday, part) pairs; a whole day is both halves."""
    slots = set()
    for day, part in days or []:
        for half in (HALF_DAYS if part == "day" else [part]):
            slots.add((day, str(half)))
    return sorted(slots)


def day_amount_of(slots) -> str:
    by_day = {}
    for day, part in slots:
        by_day.setdefault(day, set()).add(part)
    return DayAmount.FULL if any(len(parts) == 2 for parts in by_day.values()) else DayAmount.HALF


def _read(source: Source, ctx: Context) -> Row:
    plan = Plan(number=source.number)
    r = Reader(source, plan)
    first, last = _names(r, plan)
    part = r.get("day_part", cells.day_part)
    v = {
        "email": r.get("email", cells.email, required=True),
        "first_name": first, "last_name": last,
        "phone": r.get("phone", cells.phone),
        "postcode": r.get("postcode", cells.postcode),
        "city": r.get("city", max_length=100),
        "sector": r.get("sector", cells.choice, vocabulary="sector"),
        "employer": r.get("employer", max_length=200),
        "employer_release": r.get("employer_release", cells.choice, vocabulary="release"),
        "days": r.get("days", cells.days, default_part=part or "day"),
        "vog_issued_on": r.get("vog_issued_on", cells.date),
        "vog_requested_on": r.get("vog_requested_on", cells.date),
        "start_date": r.get("start_date", cells.date),
        "status": r.get("status", cells.choice, vocabulary="status"),
        "preferred_tasks": r.get("preferred_tasks", cells.choices, vocabulary="task"),
        "school_types": r.get("school_types", cells.choices, vocabulary="ambassador_school_type"),
        "subjects": r.get("subjects", max_length=300),
        "expertise": r.get("expertise", max_length=2000),
        "max_distance_km": r.get("max_distance_km", cells.integer, low=1, high=100),
        "language": r.get("language", cells.choice, vocabulary="language"),
    }
    for column in ("vog_issued_on", "vog_requested_on"):
        if v[column] and v[column] > ctx.today:
            plan.error(column, gettext_noop("This date lies in the future; a VOG can only be issued or requested before today."))
            v[column] = None
    v["slots"] = slots_of(v["days"]) if v["days"] else None
    v["city_given"] = r.has("city")
    v["region"] = ctx.region(plan, r, postcode=v["postcode"], city=v["city"])
    if v["postcode"] and not v["city"] and not r.has("city"):
        place = geo.lookup_pc4(int(v["postcode"][:4]))
        v["city"] = place.municipality if place else None
    plan.data = {"name": f"{first or ''} {last or ''}".strip(), "email": v["email"], "city": v["city"],
                 "slots": slot_codes(v["slots"] or []), "vog": v["vog_issued_on"].isoformat() if v["vog_issued_on"] else ""}
    return Row(plan=plan, v=v, skip=source.skip)


def _load(rows: list[Row]) -> dict:
    emails = {row.v["email"] for row in rows if row.v["email"]}
    users = {u.email.lower(): u for u in User.objects.annotate(lower=Lower("email")).filter(lower__in=emails)
             .select_related("ambassador_profile__region")}
    slots = {}
    for slot in AvailabilitySlot.objects.filter(profile__user__in=users.values()).only("profile_id", "weekday", "part"):
        slots.setdefault(slot.profile_id, []).append((slot.weekday, slot.part))
    return {"users": users, "slots": slots}


def _status(row: Row, profile: AmbassadorProfile | None) -> str | None:
    """The status the row asks for, or None when it leaves the status alone."""
    v, plan = row.v, row.plan
    status = v["status"]
    if status is None and profile is None:
        status = Status.ACTIVE if v["vog_issued_on"] else Status.APPLIED
    has_vog = v["vog_issued_on"] or (profile is not None and profile.vog_status == VogStatus.RECEIVED)
    if status in NEEDS_VOG and not has_vog:
        plan.error("status", gettext_noop("An ambassador who is “%(status)s” needs the issue date of the VOG (column VOG issued "
                                "on)."), status={"vocabulary": "status", "value": status})
    return status


def _profile_changes(row: Row, profile: AmbassadorProfile, slots) -> dict:
    v, plan, changes = row.v, row.plan, {}
    for field in PROFILE_FIELDS:
        new, old = v[field], getattr(profile, field)
        if field == "city" and not v["city_given"]:
            continue
        if new is not None and new != old:
            plan.change(field, old, new)
            changes[field] = new
    if v["region"] is not None and v["region"] != profile.region:
        plan.change("region", profile.region.name if profile.region else "", v["region"].name)
        changes["region"] = v["region"]
    if v["slots"] is not None and sorted(v["slots"]) != sorted(slots):
        plan.change("days", slot_codes(slots), slot_codes(v["slots"]))
        changes["slots"] = v["slots"]
    if v["vog_issued_on"] and profile.vog_status != VogStatus.RECEIVED:
        changes["vog_status"] = VogStatus.RECEIVED
    elif v["vog_requested_on"] and profile.vog_status == VogStatus.NONE:
        changes["vog_status"] = VogStatus.REQUESTED
    return changes


def slot_codes(slots) -> list[str]:
    """Half days as stored in a preview ("2-morning"), shown in the reader's language by the preview."""
    return [f"{day}-{part}" for day, part in sorted(slots)]


def analyse(sources: list[Source], ctx: Context) -> list[Plan]:
    ctx.load_regions()
    rows = [_read(source, ctx) for source in sources]
    found = _load(rows)
    seen: dict[str, int] = {}
    for row in rows:
        v, plan = row.v, row.plan
        if v["email"] and not row.skip:
            if v["email"] in seen:
                plan.error("email", gettext_noop("This e-mail address is also in row %(row)s."), row=seen[v["email"]])
            else:
                seen[v["email"]] = plan.number
        user = found["users"].get(v["email"]) if v["email"] else None
        if user is not None and user.role != Role.AMBASSADOR:
            plan.error("email", gettext_noop("%(email)s already has an account with another role."), email=v["email"])
            user = None
        profile = getattr(user, "ambassador_profile", None) if user is not None else None
        status = _status(row, profile)
        changes = {}
        if profile is None:
            plan.action = NEW
            if user is not None:
                plan.note("email", gettext_noop("Has an account already: gets an ambassador profile."))
            if not v["postcode"]:
                plan.warn("postcode", gettext_noop("Without a postcode matching finds no schools nearby."))
            if not v["slots"]:
                plan.warn("days", gettext_noop("Without days matching cannot propose this ambassador."))
        else:
            plan.action = UNCHANGED  # until the comparison finds a change
            plan.note("email", gettext_noop("Already on the platform."))
            for field in ("first_name", "last_name", "language"):
                if v[field] and v[field] != getattr(user, field):
                    plan.change(field, getattr(user, field), v[field])
                    changes[field] = v[field]
            changes.update(_profile_changes(row, profile, found["slots"].get(profile.pk, [])))
            if status is not None and status != profile.status:
                plan.change("status", profile.status, status)
                changes["status"] = status
        plan.settle()
        if not plan.has_errors:
            plan.write = _writer(row, ctx, user, profile, status, changes)
    return [row.plan for row in rows]


# --- Writing, at confirm -----------------------------------------------------------------------------


def _place(profile: AmbassadorProfile, v: dict) -> None:
    place = geo.locate(profile.postcode) if profile.postcode else None
    profile.latitude = place.latitude if place else None
    profile.longitude = place.longitude if place else None
    profile.region = v["region"]
    if not profile.city and place is not None:
        profile.city = place.municipality


def _note(ctx: Context) -> str:
    return _("Imported from %(file)s") % {"file": ctx.file_name}


def _create_profile(user, v: dict, status: str, ctx: Context) -> AmbassadorProfile:
    slots = v["slots"] or []
    profile = AmbassadorProfile(
        user=user, status=status, phone=v["phone"] or "", postcode=v["postcode"] or "", city=v["city"] or "",
        sector=v["sector"] or "", employer=v["employer"] or "", employer_release=v["employer_release"] or "",
        preferred_tasks=v["preferred_tasks"] or [], school_types=v["school_types"] or [], start_date=v["start_date"],
        day_amount=day_amount_of(slots) if slots else "", max_distance_km=v["max_distance_km"] or 15,
        subjects=v["subjects"] or "", expertise=v["expertise"] or "", vog_issued_on=v["vog_issued_on"],
        vog_requested_on=v["vog_requested_on"],
        vog_status=(VogStatus.RECEIVED if v["vog_issued_on"] else
                    VogStatus.REQUESTED if v["vog_requested_on"] else VogStatus.NONE),
    )
    if v["postcode"]:
        _place(profile, v)
    else:
        profile.region = v["region"]
    clean(profile)
    profile.save()
    AvailabilitySlot.objects.bulk_create([AvailabilitySlot(profile=profile, weekday=d, part=p) for d, p in slots])
    StatusChange.objects.create(profile=profile, from_status="", to_status=status, actor=ctx.actor, note=_note(ctx))
    return profile


def _writer(row: Row, ctx: Context, user, profile, status, changes):
    v = row.v

    def write():
        from ..services import account_for_import

        if user is None:
            account_for_import(ctx, email=v["email"], first_name=v["first_name"], last_name=v["last_name"],
                               role=Role.AMBASSADOR, language=v["language"] or settings.LANGUAGE_CODE, places=[],
                               tie=lambda new_user: _create_profile(new_user, v, status, ctx))
            return
        user_fields = [f for f in ("first_name", "last_name", "language") if f in changes]
        if user_fields:
            for field in user_fields:
                setattr(user, field, changes[field])
            user.save(update_fields=user_fields)
        if profile is None:
            _create_profile(user, v, status, ctx)
            return
        _update_profile(profile, v, changes, ctx)

    return write


def _update_profile(profile, v, changes, ctx) -> None:
    profile = AmbassadorProfile.objects.select_for_update().get(pk=profile.pk)
    fields = [f for f in changes if f in PROFILE_FIELDS or f in ("region", "vog_status", "status")]
    previous = profile.status
    for field in fields:
        setattr(profile, field, changes[field])
    if "postcode" in changes:
        _place(profile, v)
        fields += ["latitude", "longitude", "region", "city"]
    if "slots" in changes:
        profile.day_amount = day_amount_of(changes["slots"])
        fields.append("day_amount")
    if fields:
        clean(profile)
        profile.save(update_fields=sorted(set(fields)))
    if "slots" in changes:
        profile.slots.all().delete()
        AvailabilitySlot.objects.bulk_create([AvailabilitySlot(profile=profile, weekday=d, part=p)
                                              for d, p in changes["slots"]])
    if "status" in changes:
        StatusChange.objects.create(profile=profile, from_status=previous, to_status=changes["status"],
                                    actor=ctx.actor, note=_note(ctx))
