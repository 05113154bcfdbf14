"""How many ambassadors move into a job in education: the foundation's "30 %", counted so that it can be checked.

A cohort is the school year of an ambassador's first placement. Of a cohort, the denominator is the ambassadors whose
commitment ended (status Ended) in their first three school years: the cohort's year or the two after it. They are
asked at the end of their commitment whether they took a job in education:
- moved: "yes, I moved into a job in education", the only answer that counts as moved;
- plans: "yes, I will", reported beside it and never counted as moved;
- not moved: "no";
- unknown: not answered; they stay in the denominator, so the share is a lower bound, and the share had they all
  moved is given as the upper bound.
Ambassadors still taking part, or whose commitment ended later, are shown beside it and are not in the denominator.
The end is the step to Ended on the screening timeline (else when the end-of-commitment answers were recorded), in
Dutch time: the school year ends on 31 July in the Netherlands.
"""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Max, Min
from django.utils import timezone

from ambassadors.models import EducationJob, Status, StatusChange
from matching.models import Placement
from schools import school_year

WINDOW = 3  # school years: the cohort's own and the two after it


@dataclass
class Cohort:
    year: int | None  # None for the total over all cohorts
    ambassadors: int = 0
    taking_part: int = 0
    ended_later: int = 0
    ended: int = 0  # the denominator: ended within the first three school years
    moved: int = 0
    plans: int = 0
    not_moved: int = 0
    unknown: int = 0

    @property
    def label(self):
        return school_year.label(self.year) if self.year is not None else ""

    @property
    def share(self) -> Decimal | None:
        return None if not self.ended else round(Decimal(100) * self.moved / self.ended, 1)

    @property
    def share_if_unknown_moved(self) -> Decimal | None:
        return None if not self.ended else round(Decimal(100) * (self.moved + self.unknown) / self.ended, 1)

    @property
    def answered(self) -> int:
        return self.ended - self.unknown


COUNTS = [f.name for f in fields(Cohort) if f.name != "year"]


def cohorts(*, region=None) -> tuple[list[Cohort], Cohort]:
    """Per cohort (oldest first) and in total. With `region`, the ambassadors who live in that region.

    Two grouped queries: each placed ambassador's first school year (MIN over their placements), and each ended
    ambassador's last step to Ended; the cohorts are then counted in one pass.
    """
    placed = Placement.objects.all() if region is None else Placement.objects.filter(ambassador__region=region)
    people = (placed.values_list("ambassador", "ambassador__status", "ambassador__education_job",
                                 "ambassador__outcome_recorded_at")
              .annotate(cohort=Min("need__school_year")).order_by())
    ended_at = dict(StatusChange.objects.filter(to_status=Status.ENDED).values_list("profile")
                    .annotate(at=Max("at")).order_by())
    result: dict[int, Cohort] = {}
    for profile_id, status, job, recorded_at, year in people:
        row = result.setdefault(year, Cohort(year))
        row.ambassadors += 1
        if status not in (Status.ENDED, Status.DECLINED):
            row.taking_part += 1
        if status != Status.ENDED:
            continue
        end = ended_at.get(profile_id) or recorded_at
        if end is None:
            continue  # ended without a recorded date: left out of the window either way
        if school_year.current_school_year(timezone.localdate(end)) > year + WINDOW - 1:
            row.ended_later += 1
            continue
        row.ended += 1
        if job == EducationJob.YES:
            row.moved += 1
        elif job == EducationJob.PLANNED:
            row.plans += 1
        elif job == EducationJob.NO:
            row.not_moved += 1
        else:
            row.unknown += 1
    rows = [result[year] for year in sorted(result)]
    total = Cohort(None, **{name: sum(getattr(c, name) for c in rows) for name in COUNTS})
    return rows, total
