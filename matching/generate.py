"""Generated matching data shaped like the real thing, for benchmarks and property tests (no database)."""

from __future__ import annotations

import numpy as np

from .scoring import AFTERNOON, MORNING, PO, VO, WHOLE_DAY, Ambassadors, Needs

# Dutch cities (lat, lon, relative weight): schools and ambassadors cluster around them.
CITIES = np.array([
    (52.370, 4.895, 9.2), (51.922, 4.479, 6.5), (52.070, 4.300, 5.5), (52.091, 5.122, 3.6), (51.441, 5.478, 2.4),
    (53.219, 6.567, 2.3), (51.555, 5.091, 2.2), (52.351, 5.264, 2.2), (51.589, 4.776, 1.9), (51.812, 5.837, 1.8),
    (52.211, 5.969, 1.7), (52.387, 4.646, 1.7), (51.985, 5.899, 1.6), (52.221, 6.893, 1.6), (52.156, 5.387, 1.6),
    (52.438, 4.826, 1.6), (51.697, 5.304, 1.6), (52.516, 6.083, 1.3), (52.060, 4.494, 1.3), (52.160, 4.497, 1.3),
    (50.851, 5.691, 1.2), (51.813, 4.690, 1.2), (52.040, 5.665, 1.2), (52.631, 4.748, 1.1), (52.785, 6.897, 1.1),
    (52.011, 4.357, 1.0), (51.370, 6.172, 1.0), (52.255, 6.163, 1.0), (53.201, 5.799, 1.0), (52.223, 5.176, 0.9),
])


def _places(rng: np.random.Generator, n: int, spread_km: float = 6.0):
    weights = CITIES[:, 2] / CITIES[:, 2].sum()
    city = rng.choice(len(CITIES), size=n, p=weights)
    lat = CITIES[city, 0] + rng.normal(0, spread_km / 110.57, n)
    lon = CITIES[city, 1] + rng.normal(0, spread_km / 68.0, n)
    return lat, lon


def _day_slots(rng, n):
    """Availability: one or two days, whole or half."""
    slots = np.zeros(n, dtype=np.int64)
    days = rng.integers(1, 6, size=(n, 2))
    second = rng.random(n) < 0.35
    part = rng.choice([WHOLE_DAY, WHOLE_DAY, MORNING, AFTERNOON], size=n)
    for column, use in ((0, np.ones(n, dtype=bool)), (1, second)):
        slots |= np.where(use, part << (2 * (days[:, column] - 1)), 0)
    return slots


def ambassadors(n: int, seed: int = 1, today: int = 739000, vog_months: int = 6) -> Ambassadors:
    rng = np.random.default_rng(seed)
    lat, lon = _places(rng, n)
    vog_state = rng.choice(3, size=n, p=[0.82, 0.10, 0.08])  # counting, too old, missing
    issued = today - rng.integers(0, vog_months * 30, size=n) - np.where(vog_state == 1, vog_months * 31, 0)
    until = np.where(vog_state == 2, -1, issued + vog_months * 30)
    absences = [(int(i), today + 10, today + 24) for i in np.flatnonzero(rng.random(n) < 0.05)]
    return Ambassadors(
        lat=lat, lon=lon,
        radius_km=rng.choice([5.0, 10.0, 15.0, 20.0, 30.0], size=n, p=[0.15, 0.3, 0.3, 0.15, 0.1]),
        slots=_day_slots(rng, n),
        tasks=rng.integers(1, 32, size=n),
        school_types=rng.choice([PO, VO, PO | VO], size=n, p=[0.4, 0.3, 0.3]),
        active=rng.random(n) < 0.9,
        vog_from=np.where(vog_state == 2, np.iinfo(np.int64).max, issued),
        vog_until=until,
        keywords=rng.integers(0, 2**62, size=n) & rng.integers(0, 2**62, size=n) & rng.integers(0, 2**62, size=n),
        explores_education=rng.random(n) < 0.3,
        last_school=np.where(rng.random(n) < 0.1, rng.integers(0, max(n // 3, 1), size=n), -1),
        absences=absences,
        half_day_only=rng.random(n) < 0.2,
    )


def needs(m: int, seed: int = 2, today: int = 739000) -> Needs:
    rng = np.random.default_rng(seed)
    schools = max(m // 3, 1)
    school = rng.integers(0, schools, size=m)
    s_lat, s_lon = _places(rng, schools, spread_km=5.0)
    day_count = rng.choice([1, 2], size=m, p=[0.7, 0.3])
    days = (1 << rng.integers(0, 5, size=m)) | np.where(day_count == 2, 1 << rng.integers(0, 5, size=m), 0)
    tasks = 1 << rng.integers(0, 5, size=m)
    tasks |= np.where(rng.random(m) < 0.3, 1 << rng.integers(0, 5, size=m), 0)
    return Needs(
        lat=s_lat[school], lon=s_lon[school], days=days,
        part=rng.choice([MORNING, AFTERNOON, WHOLE_DAY], size=m, p=[0.4, 0.25, 0.35]),
        tasks=tasks,
        school_type=rng.choice([PO, VO, PO | VO], size=schools, p=[0.6, 0.35, 0.05])[school],
        start=today + rng.integers(0, 120, size=m),
        hours=rng.choice([2.0, 3.5, 4.0, 6.0, 8.0], size=m),
        keywords=rng.integers(0, 2**62, size=m) & rng.integers(0, 2**62, size=m) & rng.integers(0, 2**62, size=m),
        classroom=(tasks & 1) == 1,
        school=school,
        priority=rng.random(m),
    )
