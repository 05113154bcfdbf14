"""Demo data for schools: regions, school boards, schools and their leaders. Deterministic per seed."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from . import school_year
from .demo_data import (
    BOARD_PATTERNS,
    CONTACT_ROLES,
    DECLINE_REASONS,
    FIRST_NAMES,
    LAST_NAMES,
    NEEDS,
    PO_NAMES,
    PO_PREFIXES,
    REGIONS,
    SCHOOL_HOLIDAYS,
    SCHOOL_PROFILES,
    STREETS,
    SUPPORT_REQUESTS,
    VO_NAMES,
)
from .models import (
    DayPart,
    Intake,
    NeedEvent,
    Region,
    RegionPostcodeRange,
    School,
    SchoolBoard,
    SchoolHoliday,
    SchoolType,
    SchoolYearParticipation,
    TaskType,
    TeacherNeed,
)

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def brin_for(index: int) -> str:
    """A unique, valid-looking BRIN number per index (two digits, two letters)."""
    letters = LETTERS[(index // 26) % 26] + LETTERS[index % 26]
    return f"{10 + index // 676:02d}{letters}"


def postcode_for(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)} {rng.choice(LETTERS[:23])}{rng.choice(LETTERS[:23])}"


def seed_holidays():
    for name, *per_region in SCHOOL_HOLIDAYS:
        for region, (start, end) in zip(["noord", "midden", "zuid"], per_region, strict=True):
            SchoolHoliday.objects.get_or_create(holiday_region=region, name=name, start=date.fromisoformat(start),
                                                defaults={"end": date.fromisoformat(end)})


def seed_regions():
    regions = []
    for name, holiday, _centre, (low, high), places in REGIONS:
        region, _ = Region.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "holiday_region": holiday, "municipalities": places}
        )
        RegionPostcodeRange.objects.get_or_create(region=region, start=low, end=high)
        regions.append(region)
    return regions


def seed_schools(*, rng: random.Random, count: int) -> list[School]:
    seed_holidays()
    regions = {region.slug: region for region in seed_regions()}
    boards: dict[str, SchoolBoard] = {}
    schools = []
    taken = set()  # (name, postcode): unique in the database, so a drawn pair that is taken is drawn again
    for index in range(count):
        name, _holiday, (lat, lon), (low, high), places = REGIONS[index % len(REGIONS)]
        region = regions[slugify(name)]
        place = rng.choice(places)
        school_type = SchoolType.PRIMARY if rng.random() < 0.6 else SchoolType.SECONDARY
        if school_type == SchoolType.PRIMARY:
            school_name = f"{rng.choice(PO_PREFIXES)} {rng.choice(PO_NAMES)}"
            pupils = rng.randrange(180, 520, 10)
        else:
            school_name = rng.choice(VO_NAMES)
            pupils = rng.randrange(600, 1800, 50)
        board_name = rng.choice(BOARD_PATTERNS).format(place=place)
        if board_name not in boards:
            boards[board_name], _ = SchoolBoard.objects.get_or_create(name=board_name, defaults={"city": place})
        street = f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
        postcode = postcode_for(rng, low, high)
        while (school_name.lower(), postcode) in taken:
            postcode = postcode_for(rng, low, high)
        taken.add((school_name.lower(), postcode))
        school, _ = School.objects.update_or_create(
            brin=brin_for(index),
            defaults={
                "name": school_name,
                "school_type": school_type,
                "board": boards[board_name],
                "region": region,
                "street": street,
                "postcode": postcode,
                "city": place,
                "latitude": round(lat + rng.uniform(-0.06, 0.06), 5),
                "longitude": round(lon + rng.uniform(-0.09, 0.09), 5),
                "profile": rng.choice(SCHOOL_PROFILES[school_type]).format(n=pupils),
                "allowed_tasks": _allowed_tasks(rng, school_type),
                "show_on_map": index % 4 != 3,  # most schools agreed to be on the public map
                **_contact(rng, index),
            },
        )
        schools.append(school)
    return schools


def _allowed_tasks(rng, school_type):
    tasks = [TaskType.CLASSROOM, TaskType.EXTRACURRICULAR, TaskType.ADMINISTRATIVE]
    if school_type != SchoolType.PRIMARY:
        tasks.append(TaskType.INVIGILATION)
    if rng.random() < 0.3:
        tasks.append(TaskType.OTHER)
    return [str(t) for t in tasks]


def _contact(rng, index):
    if index % 7 == 6:  # some schools have not set a contact person yet
        return {"contact_name": "", "contact_role": "", "contact_email": "", "contact_phone": ""}
    prefix, last = rng.choice(LAST_NAMES)
    first = rng.choice(FIRST_NAMES)
    return {
        "contact_name": f"{first} {prefix} {last}".replace("  ", " "),
        "contact_role": rng.choice(CONTACT_ROLES),
        "contact_email": f"{first.lower()}.{last.lower().replace(' ', '')}@school{index}.demo.example",
        "contact_phone": f"030 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
    }


def seed_participation_and_needs(*, rng: random.Random, schools, actor_for) -> None:
    """Every school takes part this school year; most post one to three needs."""
    year = school_year.current_school_year()
    first_day, last_day = school_year.bounds(year)
    for index, school in enumerate(schools):
        SchoolYearParticipation.objects.get_or_create(
            school=school, school_year=year, defaults={"ambassadors_wanted": rng.randint(1, 3)}
        )
        if school.needs.exists():
            continue
        for need_index in range(rng.randint(0 if index % 5 == 4 else 1, 3)):
            title, tasks, description, relief = NEEDS[(index + need_index * 3) % len(NEEDS)]
            tasks = [t for t in tasks if t in school.allowed_tasks] or [school.allowed_tasks[0]]
            start = first_day + timedelta(days=rng.choice([30, 45, 60, 90]))
            need = TeacherNeed.objects.create(
                school=school, title=title, task_types=tasks, description=description, relief=relief,
                subject=rng.choice(["", "Nederlands", "Rekenen", "Wiskunde", "Onderbouw", "Groep 4", "Techniek"]),
                year_group=rng.choice(["", "Groep 3", "Groep 5", "Groep 7", "Klas 1", "Klas 2", "Havo 4"]),
                weekdays=sorted(rng.sample([1, 2, 3, 4, 5], rng.choice([1, 1, 2]))),
                day_part=rng.choice([DayPart.MORNING, DayPart.AFTERNOON, DayPart.WHOLE_DAY]),
                school_year=year, start_date=start, end_date=min(last_day, start + timedelta(days=rng.choice([120, 180, 240]))),
                hours_per_week=Decimal(rng.choice(["2", "3.5", "4", "6", "8"])),
                ambassadors_needed=1 if rng.random() < 0.85 else 2,
                status=TeacherNeed.Status.CLOSED if need_index == 2 else TeacherNeed.Status.OPEN,
                created_by=actor_for(school),
            )
            NeedEvent.objects.create(need=need, actor=need.created_by, action=NeedEvent.Action.CREATED)


def seed_intakes(*, rng: random.Random, count: int, staff, schools) -> None:
    """Intakes in every state, with one flagged duplicate, for the staff review queue."""
    if Intake.objects.exists():
        return
    regions = {region.name: region for region in Region.objects.all()}
    year = school_year.next_school_year()
    statuses = [Intake.Status.SUBMITTED, Intake.Status.SUBMITTED, Intake.Status.WAITLISTED,
                Intake.Status.APPROVED, Intake.Status.DECLINED]
    created = []
    for index in range(count):
        name, _holiday, (lat, lon), (low, high), places = REGIONS[index % len(REGIONS)]
        place = rng.choice(places)
        school_type = rng.choice([SchoolType.PRIMARY, SchoolType.PRIMARY, SchoolType.SECONDARY, SchoolType.BOTH])
        status = statuses[index % len(statuses)]
        linked = schools[index % len(schools)] if status == Intake.Status.APPROVED else None
        prefix, last = rng.choice(LAST_NAMES)
        first = rng.choice(FIRST_NAMES)
        intake = Intake.objects.create(
            status=status,
            leader_name=f"{first} {prefix} {last}".replace("  ", " "),
            leader_phone=f"06 {rng.randint(10000000, 99999999)}",
            leader_email=f"{first.lower()}.{last.lower().replace(' ', '')}{index}@intake.demo.example",
            school_name=linked.name if linked else (
                f"{rng.choice(PO_PREFIXES)} {rng.choice(PO_NAMES)}" if school_type == SchoolType.PRIMARY else rng.choice(VO_NAMES)),
            school_type=linked.school_type if linked else school_type,
            brin=linked.brin if linked else "",
            board_name=linked.board.name if linked else rng.choice(BOARD_PATTERNS).format(place=place),
            postcode=linked.postcode if linked else postcode_for(rng, low, high),
            city=linked.city if linked else place,
            region=linked.region if linked else regions.get(name),
            latitude=round(lat + rng.uniform(-0.05, 0.05), 5),
            longitude=round(lon + rng.uniform(-0.08, 0.08), 5),
            school_profile=rng.choice(SCHOOL_PROFILES["po" if school_type == SchoolType.PRIMARY else "vo"]).format(
                n=rng.randrange(200, 1200, 10)),
            support_request=rng.choice(SUPPORT_REQUESTS),
            school_year=year if not linked else school_year.current_school_year(),
            ambassadors_wanted=rng.randint(1, 4),
            consent_at=timezone.now(),
            school=linked,
            decided_by=staff if status != Intake.Status.SUBMITTED else None,
            decided_at=timezone.now() if status != Intake.Status.SUBMITTED else None,
            decision_reason=rng.choice(DECLINE_REASONS) if status == Intake.Status.DECLINED else "",
        )
        created.append(intake)
    # A school that registered twice: the second intake is flagged, not silently doubled.
    original = next(i for i in created if i.status == Intake.Status.SUBMITTED)
    Intake.objects.create(
        **{f.name: getattr(original, f.name) for f in Intake._meta.concrete_fields
           if f.name not in {"id", "created_at", "duplicate_of", "leader_email"}},
        leader_email="tweede.aanmelding@intake.demo.example",
        duplicate_of=original,
    )
