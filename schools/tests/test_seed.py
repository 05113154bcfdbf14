import random

import pytest

from schools import seed
from schools.models import School

pytestmark = pytest.mark.django_db


def test_demo_schools_never_share_a_name_and_postcode_however_crowded(monkeypatch):
    """At the national ceiling (7,000 schools) names repeat within a region's postcodes; a pair taken is drawn again."""
    monkeypatch.setattr(seed, "REGIONS", [("Almere", "noord", (52.35, 5.26), (1300, 1300), ["Almere"])])
    monkeypatch.setattr(seed, "PO_PREFIXES", ["OBS"])
    monkeypatch.setattr(seed, "PO_NAMES", ["De Regenboog"])
    monkeypatch.setattr(seed, "VO_NAMES", ["Stedelijk College"])
    schools = seed.seed_schools(rng=random.Random(7), count=300)  # two names, 529 postcodes in one range
    pairs = {(s.name.lower(), s.postcode) for s in schools}
    assert len(schools) == School.objects.count() == len(pairs) == 300
