"""What each person has to do next: the to-do list at the top of their home page (templates/partials/todo.html).

Staff see each kind of pending work with its count, the oldest first; a school's leader and an ambassador see each
thing that waits for them, the most pressing first. Every function reads a fixed number of queries, however many rows
there are. The researcher's list lives with the research app (research.selectors.todo).
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from accounts.models import ErasureRequest, Message, Role
from accounts.todo import DEADLINE, DUE, ON, POSTED, SINCE, Todo, TodoItem
from ambassadors.models import Absence, AmbassadorProfile, AvailabilitySlot, Status, StatusChange
from matching.models import OPEN_PROPOSALS, CheckIn, MatchingRun, Placement, Proposal
from matching.reminders import UNMATCHED_DAYS
from schools.holidays import HolidayCalendar, holiday_region_of
from schools.models import Intake, TeacherNeed

LIMIT = 10  # rows of one kind on a person's list; the page behind the link shows them all
SOON_DAYS = 1  # a deadline today or tomorrow is urgent
LATE_DAYS = 14  # a check-in open this long is urgent
ERASURE_MONTHS = 1  # the AVG gives a month to answer a request for erasure
NEXT_DAY_WEEKS = 26  # how far ahead the next school day is looked for


def _url(name, *args, **params) -> str:
    """A page's address, with the filters that are set."""
    url = reverse(name, args=args)
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def _day(value) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


# --- Staff ------------------------------------------------------------------------------------------------------


SCREENING = {  # the steps of an application where staff act next, in the order of the path
    Status.APPLIED: ngettext_lazy("%(count)s application to plan an intake talk for",
                                  "%(count)s applications to plan an intake talk for", "count"),
    Status.INTAKE_PLANNED: ngettext_lazy("%(count)s intake talk held, to record",
                                         "%(count)s intake talks held, to record", "count"),
    Status.INTAKE_DONE: ngettext_lazy("%(count)s ambassador to request a VOG for",
                                      "%(count)s ambassadors to request a VOG for", "count"),
    Status.VOG_REQUESTED: ngettext_lazy("%(count)s VOG requested and not in yet",
                                        "%(count)s VOGs requested and not in yet", "count"),
    Status.VOG_RECEIVED: ngettext_lazy("%(count)s ambassador with a VOG, to make active",
                                       "%(count)s ambassadors with a VOG, to make active", "count"),
}


def _oldest(qs, since):
    """The oldest row (by `since`) with the number of rows beside it as `total`: one query."""
    return (qs.annotate(since=since, total=Window(Count("pk"))).order_by("since", "pk")
            .values("pk", "since", "total").first())


def _kind(kind, text, row, today, *, url, oldest_url):
    return TodoItem(kind=kind, text=text % {"count": row["total"]}, url=url, count=row["total"], date=row["since"],
                    when=SINCE, days=(today - _day(row["since"])).days, oldest_url=oldest_url)


def for_staff(*, region=None, now=None) -> Todo:
    """Each kind of pending work with its count and the age of its oldest row, the oldest first; within `region`
    where the work belongs to one (requests for erasure and failed messages belong to none, and always show)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    region_id = region.pk if region else None
    in_region = {"region": region} if region else {}
    school_in_region = {"need__school__region": region} if region else {}
    items = []

    row = _oldest(Intake.objects.filter(status=Intake.Status.SUBMITTED, **in_region), F("created_at"))
    if row:
        items.append(_kind("intakes", ngettext_lazy("%(count)s new intake to review", "%(count)s new intakes to review",
                                                    "count"), row, today,
                           url=_url("schools:intake_list", status=Intake.Status.SUBMITTED, region=region_id),
                           oldest_url=_url("schools:intake_detail", row["pk"])))

    items += _screening(now, today, in_region, region_id)

    row = _oldest(Proposal.objects.filter(status=Proposal.Status.PROPOSED, **school_in_region), F("run__created_at"))
    if row:
        items.append(_kind("proposals", ngettext_lazy("%(count)s proposal to approve", "%(count)s proposals to approve",
                                                      "count"), row, today,
                           url=_url("matching:board", region=region_id), oldest_url=""))

    last_answer = (CheckIn.objects.filter(placement=OuterRef("pk"), answered_at__isnull=False)
                   .order_by("-answered_at").values("answered_at")[:1])
    row = _oldest(Placement.objects.filter(status=Placement.Status.ACTIVE, flagged=True, **school_in_region),
                  Coalesce(Subquery(last_answer), F("created_at")))
    if row:
        items.append(_kind("flagged", ngettext_lazy("%(count)s placement flagged by low check-ins",
                                                    "%(count)s placements flagged by low check-ins", "count"),
                           row, today, url=_url("matching:placement_list", flagged="on", region=region_id),
                           oldest_url=_url("matching:placement_detail", row["pk"])))

    row = _oldest(ErasureRequest.objects.filter(status=ErasureRequest.Status.OPEN), F("requested_at"))
    if row:
        item = _kind("erasure", ngettext_lazy("%(count)s request for erasure to handle",
                                              "%(count)s requests for erasure to handle", "count"),
                     row, today, url=_url("reports:erasure_list"), oldest_url=_url("reports:erasure_detail", row["pk"]))
        item.urgent = _day(row["since"]) + relativedelta(months=ERASURE_MONTHS) <= today + dt.timedelta(days=7)
        items.append(item)

    row = _oldest(Message.objects.filter(state=Message.State.FAILED), F("created_at"))
    if row:
        items.append(_kind("failed_messages", ngettext_lazy("%(count)s message that could not be sent",
                                                            "%(count)s messages that could not be sent", "count"),
                           row, today, url=_url("accounts:message_list", state=Message.State.FAILED),
                           oldest_url=_url("accounts:message_detail", row["pk"])))

    items.sort(key=lambda item: (_day(item.date), item.kind))
    return Todo(items=items)


def _screening(now, today, in_region, region_id) -> list[TodoItem]:
    """Applications per screening step where staff act next (an intake talk counts once its time has come), with the
    oldest of each step by the day it reached that step: one query."""
    reached = (StatusChange.objects.filter(profile=OuterRef("pk"), to_status=OuterRef("status"))
               .order_by("-at").values("at")[:1])
    since = Case(When(status=Status.INTAKE_PLANNED, then=F("intake_at")),
                 default=Coalesce(Subquery(reached), F("created_at")))
    waiting = (Q(status__in=[s for s in SCREENING if s != Status.INTAKE_PLANNED])
               | Q(status=Status.INTAKE_PLANNED, intake_at__lte=now))
    rows = (AmbassadorProfile.objects.filter(waiting, **in_region)
            .annotate(since=since)
            .annotate(total=Window(Count("pk"), partition_by=F("status")),
                      rank=Window(RowNumber(), partition_by=F("status"), order_by=[F("since").asc(), F("pk").asc()]))
            .filter(rank=1).values("pk", "status", "since", "total"))
    return [_kind(f"screening_{row['status']}", SCREENING[row["status"]], row, today,
                  url=_url("ambassadors:staff_list", status=row["status"], region=region_id),
                  oldest_url=_url("ambassadors:staff_detail", row["pk"]))
            for row in sorted(rows, key=lambda row: list(SCREENING).index(row["status"]))]


# --- School leaders and teachers -------------------------------------------------------------------------------


def _deadline(respond_by, today) -> dict:
    if respond_by is None:
        return {}
    days = (respond_by - today).days
    return {"date": respond_by, "when": DEADLINE, "days": days, "urgent": days <= SOON_DAYS}


def _checkin_due(item, today) -> dict:
    days = (today - item.due_on).days
    return {"date": item.due_on, "when": DUE, "days": days, "urgent": days >= LATE_DAYS}


def _answerable(today):
    """Approved proposals still open for an answer: the last day to answer has not passed."""
    return Q(status=Proposal.Status.APPROVED) & (Q(respond_by__gte=today) | Q(respond_by__isnull=True))


def _slot(obj) -> str:
    return f"{obj.get_weekday_display()} {obj.get_day_part_display().lower()}"


def unmatched_needs(school, *, now=None):
    """The school's open needs without a match: no proposal is open for them, and either a matching run looked for
    one after they were posted, or they have waited as long as the e-mail about an unmatched need waits."""
    now = now or timezone.now()
    looked = MatchingRun.objects.filter(
        Q(region__isnull=True) | Q(region=school.region_id), status=MatchingRun.Status.DONE,
        solver=MatchingRun.Solver.FLOW, finished_at__gt=OuterRef("created_at"))
    return (TeacherNeed.objects.filter(school=school, status=TeacherNeed.Status.OPEN, end_date__gte=timezone.localdate(now))
            .exclude(Exists(Proposal.objects.filter(need=OuterRef("pk"), status__in=OPEN_PROPOSALS)))
            .filter(Q(Exists(looked)) | Q(created_at__lte=now - dt.timedelta(days=UNMATCHED_DAYS))))


def for_school(user, school, *, now=None) -> Todo:
    """What waits for the school's leader (or a teacher) on the school's page: the contact person when missing,
    proposals to answer by their last day, check-ins due, needs without a match. Only this school's."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    leader = user.role == Role.SCHOOL_LEADER
    items = []
    if leader and not school.has_contact_person:
        items.append(TodoItem(kind="contact_missing", text=_("Set your school's contact person"),
                              url=_url("schools:contact_edit", school.pk),
                              detail=_("Ambassadors can be proposed only once your school has a fixed contact person.")))
    if leader:
        proposals = (Proposal.objects.filter(_answerable(today), need__school=school, school_response="")
                     .select_related("need", "ambassador__user")
                     .order_by(F("respond_by").asc(nulls_last=True), "pk")[:LIMIT])
        items += [TodoItem(kind="proposal_answer",
                           text=_("Answer the proposal: %(name)s for “%(need)s”") % {
                               "name": p.ambassador.user.get_full_name(), "need": p.need.title},
                           url=_url("matching:proposal_answer", p.pk), detail=_slot(p), **_deadline(p.respond_by, today))
                  for p in proposals]
    checkins = (CheckIn.objects.filter(side=CheckIn.Side.SCHOOL, answered_at__isnull=True, due_on__lte=today,
                                       placement__status=Placement.Status.ACTIVE, placement__need__school=school)
                .select_related("placement__need", "placement__ambassador__user").order_by("due_on", "pk")[:LIMIT])
    items += [TodoItem(kind="checkin",
                       text=_("Answer the check-in on %(name)s (“%(need)s”)") % {
                           "name": c.placement.ambassador.user.get_full_name(), "need": c.placement.need.title},
                       url=_url("matching:checkin", c.pk), **_checkin_due(c, today))
              for c in checkins]
    needs = unmatched_needs(school, now=now).order_by("created_at", "pk")[:LIMIT]
    items += [TodoItem(kind="need_unmatched",
                       text=_("No ambassador found yet for “%(need)s”: see why") % {"need": need.title},
                       url=_url("schools:need_detail", need.pk),
                       detail=f"{', '.join(need.weekday_labels)} · {need.get_day_part_display().lower()}",
                       date=need.created_at, when=POSTED)
              for need in needs]
    return Todo(items=items)


# --- Ambassadors ------------------------------------------------------------------------------------------------


SCREENING_AHEAD = [  # what is still ahead of an applicant, by the step that completes it
    (Status.INTAKE_DONE, gettext_lazy("the intake talk")),
    (Status.VOG_RECEIVED, gettext_lazy("your certificate of good conduct (VOG)")),
    (Status.ACTIVE, gettext_lazy("the foundation makes you active")),
]
PATH = list(Status)


def for_ambassador(profile, *, now=None) -> Todo:
    """What waits for the ambassador: proposals to answer by their last day, check-ins due, what keeps the
    screening going; and what is coming: the intake talk, the next school day with whom to ask for."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    items, upcoming = [], []
    proposals = (Proposal.objects.filter(_answerable(today), ambassador=profile, ambassador_response="")
                 .select_related("need__school").order_by(F("respond_by").asc(nulls_last=True), "pk")[:LIMIT])
    items += [TodoItem(kind="proposal_answer",
                       text=_("Answer the proposal: %(school)s, “%(need)s”") % {
                           "school": p.need.school.name, "need": p.need.title},
                       url=_url("matching:proposal_answer", p.pk), detail=_slot(p), **_deadline(p.respond_by, today))
              for p in proposals]
    checkins = (CheckIn.objects.filter(side=CheckIn.Side.AMBASSADOR, answered_at__isnull=True, due_on__lte=today,
                                       placement__status=Placement.Status.ACTIVE, placement__ambassador=profile)
                .select_related("placement__need__school").order_by("due_on", "pk")[:LIMIT])
    items += [TodoItem(kind="checkin", text=_("Answer the check-in on %(school)s") % {
                           "school": c.placement.need.school.name},
                       url=_url("matching:checkin", c.pk), **_checkin_due(c, today))
              for c in checkins]
    items += _screening_todo(profile, now, today)
    if profile.status == Status.INTAKE_PLANNED and profile.intake_at and profile.intake_at >= now:
        upcoming.append(TodoItem(kind="intake_talk", text=_("Your intake talk with the foundation"),
                                 detail=profile.intake_place, date=timezone.localtime(profile.intake_at), when=ON))
    ahead = [label for step, label in SCREENING_AHEAD
             if profile.status in PATH[:PATH.index(Status.ACTIVE)] and PATH.index(profile.status) < PATH.index(step)]
    if ahead:
        upcoming.append(TodoItem(kind="screening", text=_("Still ahead before you can be matched: %(steps)s") % {
            "steps": ", ".join(str(label) for label in ahead)}))
    upcoming += _next_school_days(profile, today)
    return Todo(items=items, upcoming=upcoming)


def _screening_todo(profile, now, today) -> list[TodoItem]:
    items = []
    if profile.status in (Status.DECLINED, Status.ENDED):
        return items
    if profile.status == Status.VOG_REQUESTED:
        requested = profile.vog_requested_on
        items.append(TodoItem(kind="vog", text=_("Complete the VOG request in the e-mail from Justis"),
                              detail=_("Without a certificate of good conduct we cannot place you at a school."),
                              date=requested, when=SINCE, days=(today - requested).days if requested else None))
    if not AvailabilitySlot.objects.filter(profile=profile).exists():
        items.append(TodoItem(kind="availability", text=_("Fill in which days you can give"),
                              url=_url("ambassadors:availability")))
    if profile.latitude is None:
        items.append(TodoItem(kind="postcode", text=_("Add your postcode, so we can find schools near you"),
                              url=_url("ambassadors:profile_edit")))
    return items


def _next_school_days(profile, today) -> list[TodoItem]:
    """Per running placement the next day the ambassador is expected: its weekday, outside the school's holidays
    and the ambassador's own absences, within the placement's period."""
    placements = list(Placement.objects.filter(ambassador=profile, status=Placement.Status.ACTIVE, end_date__gte=today)
                      .select_related("need__school__region").order_by("start_date", "pk"))
    if not placements:
        return []
    horizon = today + dt.timedelta(weeks=NEXT_DAY_WEEKS)
    calendar = HolidayCalendar(today, horizon)
    absent = list(Absence.objects.filter(profile=profile, end__gte=today, start__lte=horizon).values_list("start", "end"))
    items = []
    for placement in placements:
        school, day = placement.need.school, max(today, placement.start_date)
        region = holiday_region_of(school)
        for _week in range(NEXT_DAY_WEEKS):
            day = calendar.first_school_day(region, day, placement.weekday)
            if not any(start <= day <= end for start, end in absent):
                break
            day += dt.timedelta(days=1)
        if day > placement.end_date or day > horizon:
            continue
        contact = ", ".join(part for part in (school.contact_name, school.contact_phone) if part)
        items.append(TodoItem(kind="school_day", text=_("Next school day at %(school)s") % {"school": school.name},
                              url=_url("matching:placement_first_day", placement.pk), date=day, when=ON,
                              detail=" · ".join(filter(None, [
                                  placement.get_day_part_display(),
                                  (_("ask for %(contact)s") % {"contact": contact}) if contact else ""])),
                              days=(day - today).days))
    return items
