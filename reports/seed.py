"""Demo data for the figures: the foundation's published history (with an invented regional split of 2024-25, said so
in each row), its regional subsidy of 2025-26, and one finished school year on the platform: placements that ran and
ended, check-ins answered, ambassadors who left and said whether they moved into education. Deterministic per seed."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from ambassadors.models import AmbassadorProfile, DayAmount, Status, StatusChange
from matching.funding import funding_assign
from matching.models import CheckIn, FundingScheme, MatchingRun, MatchingSettings, Placement, Proposal
from matching.services import checkin_dates
from schools import school_year
from schools.demo_data import NEEDS
from schools.models import DayPart, NeedEvent, Region, SchoolYearParticipation, TeacherNeed

from .history import parse_history_csv
from .models import HistoricalFigure
from .services import history_import

HISTORY_CSV = Path(__file__).parent / "data" / "history_demo.csv"
# "Samenwerking met onderwijsregio Midden-Nederland: plek voor 27 onderwijsambassadeurs deels vergoed door subsidie."
SUBSIDY = {"name": "Subsidie onderwijsregio", "funder": "Onderwijsregio Midden-Nederland", "region": "utrecht",
           "school_year": 2025, "places": 27}
REMARKS = [
    "", "", "",
    "De leerkracht heeft eindelijk tijd voor de instructiegroep.",
    "Surveilleren liep soepel; de docenten houden een blok van twee uur over.",
    "Fijn dat er iemand naast de groep staat bij het lezen.",
    "Goede klik met de kinderen, ook buiten de klas.",
]
LOW_REMARKS = ["De leraar moet steeds taken verzinnen.", "Het rooster sluit niet aan; we zien weinig effect."]


def seed_history() -> None:
    history_import(rows=parse_history_csv(HISTORY_CSV.read_text(encoding="utf-8")))


def seed_funding(*, staff) -> FundingScheme | None:
    region = Region.objects.filter(slug=SUBSIDY["region"]).first()
    if region is None:
        return None
    scheme, _ = FundingScheme.objects.get_or_create(
        region=region, school_year=SUBSIDY["school_year"], name=SUBSIDY["name"],
        defaults={"funder": SUBSIDY["funder"], "places": SUBSIDY["places"],
                  "notes": "Plek voor 27 onderwijsambassadeurs, deels vergoed door subsidie."})
    return scheme


def seed_past_year(*, rng, staff, schools, scheme) -> None:
    """Last school year on the platform, unless it is a year of published history or already there."""
    year = school_year.current_school_year() - 1
    if (HistoricalFigure.objects.filter(school_year=year).exists()
            or Placement.objects.filter(need__school_year=year).exists()):
        return
    first_day, _last = school_year.bounds(year)
    for school in schools:
        take_part = rng.random() < 0.8
        if take_part:
            SchoolYearParticipation.objects.get_or_create(school=school, school_year=year,
                                                          defaults={"ambassadors_wanted": rng.randint(1, 3)})
    profiles = list(AmbassadorProfile.objects.filter(status__in=[Status.ACTIVE, Status.PAUSED, Status.ENDED])
                    .order_by("pk"))
    chosen = [p for p in profiles if rng.random() < 0.6 or p.status != Status.ACTIVE]
    if not chosen:
        return
    by_region: dict = {}
    for school in schools:
        by_region.setdefault(school.region_id, []).append(school)
    run = MatchingRun.objects.create(status=MatchingRun.Status.DONE, started_by=staff, needs=len(chosen),
                                     ambassadors=len(chosen), proposals_made=len(chosen),
                                     weights=MatchingSettings.current().weights())
    started_at = timezone.make_aware(datetime.combine(first_day + timedelta(days=30), time(9)))
    MatchingRun.objects.filter(pk=run.pk).update(created_at=started_at, finished_at=started_at)
    checkins, events = [], []
    for index, profile in enumerate(chosen):
        school = rng.choice(by_region.get(profile.region_id) or schools)
        title, tasks, description, relief_text = NEEDS[index % len(NEEDS)]
        start = first_day + timedelta(days=rng.choice([45, 60, 75]))
        end = date(year + 1, 6, rng.choice([19, 26]))
        early = rng.random() < 0.12
        part = DayPart.WHOLE_DAY if profile.day_amount == DayAmount.FULL else rng.choice([DayPart.MORNING,
                                                                                         DayPart.AFTERNOON])
        weekday = rng.randint(1, 5)
        hours = Decimal(rng.choice(["2", "3.5", "4", "6"]))
        need = TeacherNeed.objects.create(
            school=school, title=title, task_types=[t for t in tasks if t in school.allowed_tasks] or school.allowed_tasks[:1],
            description=description, relief=relief_text, weekdays=[weekday], day_part=part, school_year=year,
            start_date=start, end_date=end, hours_per_week=hours, status=TeacherNeed.Status.CLOSED)
        events.append(NeedEvent(need=need, action=NeedEvent.Action.CREATED))
        proposal = Proposal.objects.create(
            run=run, need=need, ambassador=profile, status=Proposal.Status.PLACED, score=round(rng.uniform(55, 90), 1),
            distance_km=round(rng.uniform(1, 12), 1), weekday=weekday, day_part=part, decided_by=staff,
            decided_at=started_at, school_response="accepted", ambassador_response="accepted")
        ended = start + timedelta(days=rng.randint(60, 120)) if early else end
        placement = Placement.objects.create(
            proposal=proposal, need=need, ambassador=profile, weekday=weekday, day_part=part, start_date=start,
            end_date=ended, status=Placement.Status.ENDED_EARLY if early else Placement.Status.ENDED,
            ended_reason="Het rooster van de ambassadeur veranderde." if early else "")
        for due in checkin_dates(start, ended):
            for side in CheckIn.Side.values:
                score = rng.choice([1, 2, 2, 3]) if early else rng.choice([3, 4, 4, 4, 5, 5, 2])
                checkins.append(CheckIn(
                    placement=placement, side=side, due_on=due, relief=score,
                    hours_freed=max(Decimal("0.5"), hours + Decimal(rng.choice(["-2", "-1", "0", "0", "0.5", "1"]))),
                    remarks=rng.choice(LOW_REMARKS if score <= 2 else REMARKS) if side == CheckIn.Side.SCHOOL else "",
                    answered_at=timezone.make_aware(datetime.combine(due + timedelta(days=rng.randint(0, 4)), time(15)))))
        if profile.status == Status.ENDED:
            left_on = timezone.make_aware(datetime.combine(date(year + 1, 7, 10), time(12)))
            StatusChange.objects.filter(profile=profile, to_status=Status.ENDED).update(at=left_on)
            AmbassadorProfile.objects.filter(pk=profile.pk).exclude(education_job="").update(outcome_recorded_at=left_on)
    CheckIn.objects.bulk_create(checkins)
    NeedEvent.objects.bulk_create(events)
    if scheme is not None and scheme.school_year == year:
        eligible = list(Placement.objects.filter(need__school_year=year, need__school__region=scheme.region_id)
                        .order_by("pk").values_list("pk", flat=True)[:scheme.places])
        funding_assign(scheme_id=scheme.pk, placement_ids=eligible, actor=staff)


def seed_figures(*, rng, staff, schools) -> None:
    seed_history()
    scheme = seed_funding(staff=staff)
    seed_past_year(rng=rng, staff=staff, schools=schools, scheme=scheme)
