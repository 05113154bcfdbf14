"""Demo data for ambassadors: accounts with a profile. Deterministic per seed."""

import random

from schools.demo_data import EMPLOYERS, REGIONS
from schools.models import Region
from schools.seed import postcode_for

from .models import AmbassadorProfile


def seed_profile(*, rng: random.Random, user) -> AmbassadorProfile:
    regions = {region.name: region for region in Region.objects.all()}
    name, _holiday, _centre, (low, high), places = rng.choice(REGIONS)
    sector = rng.choice(list(EMPLOYERS))
    profile, _ = AmbassadorProfile.objects.update_or_create(
        user=user,
        defaults={
            "phone": f"06{rng.randint(10000000, 99999999)}",
            "postcode": postcode_for(rng, low, high),
            "city": rng.choice(places),
            "region": regions.get(name),
            "sector": sector,
            "employer": rng.choice(EMPLOYERS[sector]),
        },
    )
    return profile
