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
The end is the step to Ended on the screening timeline (else when the end-of-commitment answers were recorded).
One grouped query for all cohorts.
"""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, ExtractYear

from ambassadors.models import AmbassadorProfile, EducationJob, Status, StatusChange
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
    """Per cohort (oldest first) and in total. With `region`, the ambassadors who live in that region."""
    first_year = (Placement.objects.filter(ambassador=OuterRef("pk")).order_by("need__school_year")
                  .values("need__school_year")[:1])
    ended_at = (StatusChange.objects.filter(profile=OuterRef("pk"), to_status=Status.ENDED).order_by("-at")
                .values("at")[:1])
    qs = AmbassadorProfile.objects.annotate(
        cohort=Subquery(first_year), ended_at=Coalesce(Subquery(ended_at), "outcome_recorded_at"),
    ).filter(cohort__isnull=False)
    if region is not None:
        qs = qs.filter(region=region)
    qs = qs.annotate(ended_year=Case(
        When(ended_at__isnull=True, then=None),
        When(Q(**{"ended_at__month__gte": school_year.START_MONTH}), then=ExtractYear("ended_at")),
        default=ExtractYear("ended_at") - 1, output_field=IntegerField()))
    ended = Q(status=Status.ENDED)
    within = ended & Q(ended_year__lte=F("cohort") + WINDOW - 1)
    later = ended & Q(ended_year__gt=F("cohort") + WINDOW - 1)
    rows = (qs.values_list("cohort").annotate(
        ambassadors=Count("id"),
        taking_part=Count("id", filter=~Q(status__in=[Status.ENDED, Status.DECLINED])),
        ended_later=Count("id", filter=later),
        ended=Count("id", filter=within),
        moved=Count("id", filter=within & Q(education_job=EducationJob.YES)),
        plans=Count("id", filter=within & Q(education_job=EducationJob.PLANNED)),
        not_moved=Count("id", filter=within & Q(education_job=EducationJob.NO)),
        unknown=Count("id", filter=within & Q(education_job="")),
    ).order_by("cohort"))
    result = [Cohort(year, *values) for year, *values in rows]
    total = Cohort(None, **{name: sum(getattr(c, name) for c in result) for name in COUNTS})
    return result, total

