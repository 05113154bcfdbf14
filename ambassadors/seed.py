"""Demo data for ambassadors: every screening state, weekly grids, absences, VOGs. Deterministic per seed."""

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from schools.demo_data import EMPLOYERS, REGIONS
from schools.models import HALF_DAYS, Region
from schools.seed import postcode_for

from .models import (
    Absence,
    AmbassadorProfile,
    AvailabilitySlot,
    Channel,
    Commitment,
    DayAmount,
    EducationJob,
    EmployerRelease,
    Motivation,
    Status,
    StatusChange,
    VogStatus,
)

PATH = [Status.APPLIED, Status.INTAKE_PLANNED, Status.INTAKE_DONE, Status.VOG_REQUESTED, Status.VOG_RECEIVED,
        Status.ACTIVE]
# Mostly active ambassadors, and every other state a few times.
STATE_MIX = [Status.ACTIVE] * 8 + [Status.APPLIED, Status.INTAKE_PLANNED, Status.INTAKE_DONE, Status.VOG_REQUESTED,
                                   Status.VOG_RECEIVED, Status.PAUSED, Status.ENDED, Status.DECLINED]
EXPERTISE = ["Financieel advies en rekenen", "Projectmanagement en planning", "ICT en programmeren",
             "Communicatie en taal", "Zorg en welzijn", "Juridische zaken", "Techniek en installaties"]
SUBJECTS = ["rekenen, wiskunde", "Nederlands, lezen", "economie", "informatica", "biologie", "techniek", ""]


def seed_profile(*, rng: random.Random, user, status=None, staff=None) -> AmbassadorProfile:
    regions = {region.name: region for region in Region.objects.all()}
    name, _holiday, (lat, lon), (low, high), places = rng.choice(REGIONS)
    sector = rng.choice(list(EMPLOYERS))
    status = status or rng.choice(STATE_MIX)
    today = timezone.localdate()
    reached = PATH.index(status) if status in PATH else len(PATH) - 1
    vog_received = reached >= PATH.index(Status.VOG_RECEIVED)
    # Some VOGs are about to stop counting: issued nearly the maximum age ago.
    vog_age_days = rng.choice([20, 60, 100, 150, settings.VOG_MAX_AGE_MONTHS * 30 - 10])
    profile, created = AmbassadorProfile.objects.update_or_create(
        user=user,
        defaults={
            "status": status,
            "phone": f"06 {rng.randint(10000000, 99999999)}",
            "postcode": postcode_for(rng, low, high),
            "city": rng.choice(places),
            "region": regions.get(name),
            "latitude": round(lat + rng.uniform(-0.06, 0.06), 5),
            "longitude": round(lon + rng.uniform(-0.09, 0.09), 5),
            "sector": sector,
            "employer": rng.choice(EMPLOYERS[sector]),
            "employer_release": rng.choice([EmployerRelease.YES, EmployerRelease.YES, EmployerRelease.ARRANGING]),
            "motivations": sorted(rng.sample(Motivation.values, rng.randint(1, 2))),
            "expertise": rng.choice(EXPERTISE),
            "subjects": rng.choice(SUBJECTS),
            "preferred_tasks": sorted(rng.sample(["classroom", "invigilation", "extracurricular", "administrative"],
                                                 rng.randint(1, 3))),
            "school_types": rng.choice([["po"], ["vo"], ["po", "vo"]]),
            "start_date": today + timedelta(days=rng.choice([-60, 0, 14, 30])),
            "commitment": rng.choice(Commitment.values),
            "day_amount": rng.choice([DayAmount.FULL, DayAmount.HALF]),
            "max_distance_km": rng.choice([5, 10, 15, 20, 30]),
            "heard_via": rng.choice(Channel.values),
            "intake_at": (timezone.make_aware(datetime.combine(today - timedelta(days=rng.randint(10, 90)), time(10)))
                          if reached >= 1 else None),
            "intake_by": staff if reached >= 1 else None,
            "vog_status": VogStatus.RECEIVED if vog_received else (
                VogStatus.REQUESTED if reached >= PATH.index(Status.VOG_REQUESTED) else VogStatus.NONE),
            "vog_requested_on": today - timedelta(days=vog_age_days + 14) if reached >= 3 else None,
            "vog_issued_on": today - timedelta(days=vog_age_days) if vog_received else None,
            "vog_screening_profile": "45 (onderwijs)" if vog_received else "",
            "decline_reason": "Helaas sluit je beschikbaarheid niet aan bij de scholen in je regio." if status == Status.DECLINED else "",
            "continue_next_year": _continue(rng, status),
            # Some who left never answered: the figures show them as unknown.
            "education_job": (rng.choice([EducationJob.YES, EducationJob.PLANNED, EducationJob.NO, EducationJob.NO, ""])
                              if status == Status.ENDED else ""),
        },
    )
    # Every draw happens on every run, so a second run gives the same data and changes nothing.
    days = rng.sample([1, 2, 3, 4, 5], rng.choice([1, 1, 2]))
    half = rng.choice(HALF_DAYS)
    parts = HALF_DAYS if profile.day_amount == DayAmount.FULL else [half]
    if profile.day_amount == DayAmount.FULL and len(days) == 2 and half == "morning":
        parts = [half]  # a day split over two mornings: two half days may be two needs
    absent = rng.random() < 0.3
    absence_start = today + timedelta(days=rng.randint(5, 60))
    absence_days = rng.randint(2, 14)
    absence_reason = rng.choice(Absence.Reason.values)
    if created or not profile.slots.exists():
        AvailabilitySlot.objects.bulk_create(
            [AvailabilitySlot(profile=profile, weekday=d, part=p) for d in days for p in parts], ignore_conflicts=True)
    if created or not profile.status_changes.exists():
        path = PATH[: reached + 1]
        if status in (Status.PAUSED, Status.ENDED, Status.DECLINED):
            path = [*path, status]
        previous = ""
        for step in path:
            StatusChange.objects.create(profile=profile, from_status=previous, to_status=step,
                                        actor=user if step == Status.APPLIED else staff)
            previous = step
    if created and absent:
        Absence.objects.create(profile=profile, start=absence_start, end=absence_start + timedelta(days=absence_days),
                               reason=absence_reason)
    return profile


def _continue(rng, status):
    answered, value = rng.random() < 0.5, rng.choice([True, True, False])
    return value if answered and status in (Status.ACTIVE, Status.ENDED) else None
