"""Demo data for schools: regions, school boards, schools and their leaders. Deterministic per seed."""

import random

from django.utils.text import slugify

from .demo_data import BOARD_PATTERNS, PO_NAMES, PO_PREFIXES, REGIONS, SCHOOL_PROFILES, STREETS, VO_NAMES
from .models import Region, School, SchoolBoard, SchoolType

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def brin_for(index: int) -> str:
    """A unique, valid-looking BRIN number per index (two digits, two letters)."""
    letters = LETTERS[(index // 26) % 26] + LETTERS[index % 26]
    return f"{10 + index // 676:02d}{letters}"


def postcode_for(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)} {rng.choice(LETTERS[:23])}{rng.choice(LETTERS[:23])}"


def seed_regions():
    regions = []
    for name, holiday, _centre, _range, _places in REGIONS:
        region, _ = Region.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "holiday_region": holiday}
        )
        regions.append(region)
    return regions


def seed_schools(*, rng: random.Random, count: int) -> list[School]:
    regions = {region.slug: region for region in seed_regions()}
    boards: dict[str, SchoolBoard] = {}
    schools = []
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
        school, _ = School.objects.update_or_create(
            brin=brin_for(index),
            defaults={
                "name": school_name,
                "school_type": school_type,
                "board": boards[board_name],
                "region": region,
                "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                "postcode": postcode_for(rng, low, high),
                "city": place,
                "latitude": round(lat + rng.uniform(-0.06, 0.06), 5),
                "longitude": round(lon + rng.uniform(-0.09, 0.09), 5),
                "profile": rng.choice(SCHOOL_PROFILES[school_type]).format(n=pupils),
            },
        )
        schools.append(school)
    return schools
