"""Reminder rules about proposals, placements and check-ins, run each day by beat (`send_reminders`).

Each rule returns the messages due on `today` as outbox drafts. A draft's key holds the date the reminder was due
(or the event), never the day it runs, so running a rule twice, or a day late, writes nothing twice. Nothing goes
out on a day that lies in the school holidays of the school's region: a reminder that falls in a holiday goes out
on the first day after it while it still matters, and one that must come before a date (the last day to answer,
the first school day) comes on the last day before the holiday.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.emails import site_link
from accounts.models import MessageKind, Role
from accounts.outbox import Draft, ref
from ambassadors.models import AmbassadorProfile, Status, VogStatus
from schools.holidays import HolidayCalendar, holiday_region_of
from schools.models import TeacherNeed

from . import explain, services
from .models import OPEN_PROPOSALS, CheckIn, Placement, Proposal
from .notices import proposal_drafts, school_leaders

LATE_DAYS = 14  # a reminder that fell in a holiday still goes out this many days late
WAIT_AGAIN_DAYS = 3  # a proposal still unanswered three days after it was sent is recalled
UNMATCHED_DAYS = 42  # a need open this long without a proposal: the school hears why, and again each period
COMMITMENT_NOTICE_DAYS = 28
VOG_NOTICE_DAYS = 30


def calendar_for(today: dt.date) -> HolidayCalendar:
    return HolidayCalendar(today - dt.timedelta(days=120), today + dt.timedelta(days=180))


def _quiet(calendar, school, today) -> bool:
    return calendar.is_holiday(holiday_region_of(school), today)


# --- School leaders and ambassadors: proposals ---------------------------------------------------


def proposal_waiting(*, today, calendar=None) -> list[Draft]:
    """An approved proposal not answered yet: each side that has not answered is recalled three days after it was
    sent, and on the last day to answer (the day before it lapses)."""
    calendar = calendar or calendar_for(today)
    proposals = list(Proposal.objects.filter(status=Proposal.Status.APPROVED, respond_by__gte=today)
                     .select_related("need__school__region", "ambassador__user").order_by("pk"))
    leaders = school_leaders({p.need.school_id for p in proposals})
    drafts = []
    for proposal in proposals:
        school = proposal.need.school
        region = holiday_region_of(school)
        if calendar.is_holiday(region, today):
            continue
        sent_on = (timezone.localdate(proposal.decided_at) if proposal.decided_at
                   else proposal.respond_by - dt.timedelta(days=settings.PROPOSAL_RESPONSE_DAYS))
        last_day = calendar.before_holiday(region, proposal.respond_by)
        again = sent_on + dt.timedelta(days=WAIT_AGAIN_DAYS)
        if last_day <= today:
            due = last_day
        elif again <= today:
            due = again
        else:
            continue
        sides = [side for side, answer in (("school", proposal.school_response),
                                           ("ambassador", proposal.ambassador_response)) if not answer]
        link = site_link("matching:proposal_answer", proposal.pk)
        drafts += proposal_drafts(proposal, kind=MessageKind.PROPOSAL_WAITING, occasion=due.isoformat(),
                                  template="matching/email/proposal_waiting", sides=sides,
                                  leaders=leaders[school.pk], links={"school": link, "ambassador": link},
                                  last_day=due == last_day)
    return drafts


def contact_missing(*, today, calendar=None) -> list[Draft]:
    """A school without a contact person has a proposal waiting for staff, who cannot approve it until one is set.
    Once per school and matching run."""
    calendar = calendar or calendar_for(today)
    no_contact = Q(need__school__contact_name="") | Q(need__school__contact_email="", need__school__contact_phone="")
    waiting = (Proposal.objects.filter(no_contact, status=Proposal.Status.PROPOSED)
               .select_related("need__school__region").order_by("need__school_id", "run_id", "pk"))
    first = {}
    for proposal in waiting:
        first.setdefault((proposal.need.school_id, proposal.run_id), proposal)
    leaders = school_leaders({school_id for school_id, _run in first})
    drafts = []
    for (school_id, run_id), proposal in first.items():
        school = proposal.need.school
        if _quiet(calendar, school, today):
            continue
        drafts += [Draft(kind=MessageKind.CONTACT_MISSING, about=ref(school), occasion=f"run-{run_id}", to=person,
                         template="matching/email/contact_missing", link=site_link("schools:contact_edit", school.pk),
                         context={"person": person, "school": school, "need": proposal.need})
                   for person in leaders[school_id]]
    return drafts


# --- Placements ------------------------------------------------------------------------------------


def checkin_due(*, today, calendar=None) -> list[Draft]:
    """A check-in is due: the school's leaders and its contact person, or the ambassador, are asked how it goes."""
    calendar = calendar or calendar_for(today)
    due = list(CheckIn.objects.filter(due_on__range=(today - dt.timedelta(days=LATE_DAYS), today),
                                      answered_at__isnull=True, placement__status=Placement.Status.ACTIVE)
               .select_related("placement__need__school__region", "placement__ambassador__user").order_by("pk"))
    leaders = school_leaders({item.placement.need.school_id for item in due})
    drafts = []
    for item in due:
        placement, school = item.placement, item.placement.need.school
        if _quiet(calendar, school, today):
            continue

        def draft(to, name, link, item=item, placement=placement):
            return Draft(kind=MessageKind.CHECKIN_DUE, about=ref(item), occasion=item.due_on.isoformat(), to=to,
                         template="matching/email/checkin", link=link, context={"name": name, "placement": placement})

        if item.side == CheckIn.Side.AMBASSADOR:
            person = placement.ambassador.user
            drafts.append(draft(person, person.first_name, site_link("matching:checkin", item.pk)))
            continue
        people = leaders[school.pk]
        drafts += [draft(person, person.first_name, site_link("matching:checkin", item.pk)) for person in people]
        if school.contact_email and school.contact_email.lower() not in {p.email.lower() for p in people}:
            # The contact person may have no account: their link carries a signed token instead of a login.
            token = services.checkin_token(item, school.contact_email)
            drafts.append(draft(school.contact_email, school.contact_name,
                                site_link("matching:checkin_token", item.pk, token)))
    return drafts


def commitment_ending(*, today, calendar=None) -> list[Draft]:
    """Four weeks before a placement ends, the ambassador hears so, with the end-of-commitment questions."""
    calendar = calendar or calendar_for(today)
    ending = (Placement.objects.filter(status=Placement.Status.ACTIVE, end_date__gt=today,
                                       end_date__lte=today + dt.timedelta(days=COMMITMENT_NOTICE_DAYS))
              .select_related("need__school__region", "ambassador__user").order_by("pk"))
    return [
        Draft(kind=MessageKind.COMMITMENT_ENDING, about=ref(placement), occasion=placement.end_date.isoformat(),
              to=placement.ambassador.user, template="matching/email/commitment_ending",
              link=site_link("ambassadors:outcome"), context={"placement": placement, "user": placement.ambassador.user})
        for placement in ending if not _quiet(calendar, placement.need.school, today)
    ]


def first_day(*, today, calendar=None) -> list[Draft]:
    """The day before the first school day (the placement's weekday on or after its start, outside the holidays),
    the ambassador is reminded where to go and whom to ask for."""
    calendar = calendar or calendar_for(today)
    starting = (Placement.objects.filter(status=Placement.Status.ACTIVE, start_date__gte=today - dt.timedelta(days=60),
                                         start_date__lte=today + dt.timedelta(days=7))
                .select_related("need__school__region", "ambassador__user").order_by("pk"))
    drafts = []
    for placement in starting:
        region = holiday_region_of(placement.need.school)
        first = calendar.first_school_day(region, placement.start_date, placement.weekday)
        due = calendar.before_holiday(region, first - dt.timedelta(days=1))
        if not due <= today < first or calendar.is_holiday(region, today):
            continue
        drafts.append(Draft(kind=MessageKind.FIRST_DAY, about=ref(placement), occasion=first.isoformat(),
                            to=placement.ambassador.user, template="matching/email/first_day",
                            link=site_link("matching:placement_first_day", placement.pk),
                            context={"placement": placement, "school": placement.need.school, "first_day": first,
                                     "user": placement.ambassador.user}))
    return drafts


# --- Needs and VOGs: what keeps a match from happening ----------------------------------------------


def need_unmatched(*, today, calendar=None) -> list[Draft]:
    """A need open for six weeks without any proposal: the school's leaders (and the teacher who posted it) hear
    the short, anonymous explanation of why, and again every six weeks while it stays so."""
    calendar = calendar or calendar_for(today)
    waited = today - dt.timedelta(days=UNMATCHED_DAYS)
    needs = list(TeacherNeed.objects.filter(status=TeacherNeed.Status.OPEN, created_at__date__lte=waited,
                                            end_date__gte=today)
                 .exclude(proposals__status__in=OPEN_PROPOSALS)
                 .select_related("school__region", "created_by").order_by("pk"))
    needs = [need for need in needs if not _quiet(calendar, need.school, today)]
    if not needs:
        return []
    why = explain.needs_unmatched(needs)
    leaders = school_leaders({need.school_id for need in needs})
    drafts = []
    for need in needs:
        periods = (today - timezone.localdate(need.created_at)).days // UNMATCHED_DAYS
        due = timezone.localdate(need.created_at) + dt.timedelta(days=periods * UNMATCHED_DAYS)
        people = list(leaders[need.school_id])
        if need.created_by and need.created_by.is_active and need.created_by.role == Role.TEACHER:
            people.append(need.created_by)
        drafts += [Draft(kind=MessageKind.NEED_UNMATCHED, about=ref(need), occasion=due.isoformat(), to=person,
                         template="matching/email/need_unmatched", link=site_link("schools:need_detail", need.pk),
                         context={"person": person, "need": need, "school": need.school, "why": why[need.pk],
                                  "weeks": (today - timezone.localdate(need.created_at)).days // 7})
                   for person in people]
    return drafts


def vog_expiring(*, today, calendar=None) -> list[Draft]:
    """A VOG that will stop counting before a start date: the ambassador hears it a month before it stops counting
    for new placements (unless placed already), or as soon as an open proposal or their own start date lies beyond
    it. Once per VOG."""
    calendar = calendar or calendar_for(today)
    months = settings.VOG_MAX_AGE_MONTHS
    profiles = list(AmbassadorProfile.objects.filter(status__in=[Status.ACTIVE, Status.PAUSED, Status.VOG_RECEIVED],
                                                     vog_status=VogStatus.RECEIVED,
                                                     vog_issued_on__gt=today - relativedelta(months=months))
                    .select_related("user", "region").order_by("pk"))
    ids = [p.pk for p in profiles]
    placed = set(Placement.objects.filter(ambassador_id__in=ids, status=Placement.Status.ACTIVE)
                 .values_list("ambassador_id", flat=True))
    starts: dict[int, list[dt.date]] = {}
    for ambassador_id, start in (Proposal.objects.filter(ambassador_id__in=ids, status__in=OPEN_PROPOSALS)
                                 .values_list("ambassador_id", "need__start_date")):
        starts.setdefault(ambassador_id, []).append(max(start, today))
    drafts = []
    for profile in profiles:
        until = profile.vog_valid_until()
        later = sorted(start for start in [*starts.get(profile.pk, []), profile.start_date]
                       if start and start > until)
        soon = profile.pk not in placed and until - dt.timedelta(days=VOG_NOTICE_DAYS) <= today
        if not (later or soon) or calendar.is_holiday(profile.region.holiday_region if profile.region else None, today):
            continue
        drafts.append(Draft(kind=MessageKind.VOG_EXPIRING, about=ref(profile), occasion=until.isoformat(),
                            to=profile.user, template="matching/email/vog_expiring",
                            link=site_link("ambassadors:dashboard"),
                            context={"user": profile.user, "until": until, "start": later[0] if later else None,
                                     "months": months}))
    return drafts


RULES = [proposal_waiting, contact_missing, checkin_due, commitment_ending, first_day, need_unmatched, vog_expiring]

