"""What waits for a researcher, across the studies they are on: the to-do list of the research home page
(templates/partials/todo.html). Recordings to delete come first (the consent promised it), then uploads not saved yet,
the reliability rounds, and the next step of each of their interviews. A fixed number of queries."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.todo import DEADLINE, ON, SINCE, Todo, TodoItem

from ..models import Interview, ReliabilityRound, StudyMember, Transcript, TranscriptImport

LIMIT = 10  # rows of one kind on the list
RECORDING_NOTICE_DAYS = 7  # a recording shows this many days before its delete-by date
SOON_DAYS = 1

STEPS = {  # an interview's next step, by its status
    Interview.Status.PLANNED: ("interview_held", lambda code: _("Mark interview %(code)s as held") % {"code": code}),
    Interview.Status.HELD: ("transcript_upload",
                            lambda code: _("Upload the transcript of interview %(code)s") % {"code": code}),
    Interview.Status.TRANSCRIBED: ("coding_start", lambda code: _("Start coding interview %(code)s") % {"code": code}),
    Interview.Status.CODING: ("coding_finish", lambda code: _("Finish coding interview %(code)s") % {"code": code}),
}


def _interviewer(user):
    return Exists(Interview.interviewers.through.objects.filter(interview=OuterRef("pk"), user=user))


def _lead(user, study="study"):
    return Exists(StudyMember.objects.filter(study=OuterRef(study), user=user, role=StudyMember.Role.LEAD))


def _no_interviewers():
    return ~Exists(Interview.interviewers.through.objects.filter(interview=OuterRef("pk")))


def for_researcher(user, *, today=None) -> Todo:
    today = today or timezone.localdate()
    member = Exists(StudyMember.objects.filter(study=OuterRef("study"), user=user))
    items = []

    recordings = (Interview.objects.filter(member, _interviewer(user) | _lead(user), recording_deleted_on__isnull=True,
                                           recording_delete_by__lte=today + dt.timedelta(days=RECORDING_NOTICE_DAYS))
                  .select_related("study").order_by("recording_delete_by", "pk")[:LIMIT])
    for interview in recordings:
        days = (interview.recording_delete_by - today).days
        items.append(TodoItem(kind="recording_delete",
                              text=_("Delete the recording of interview %(code)s") % {"code": interview.code},
                              url=reverse("research:interview_detail", args=[interview.study.slug, interview.code]),
                              detail=interview.study.name, date=interview.recording_delete_by, when=DEADLINE,
                              days=days, urgent=days <= SOON_DAYS))

    uploads = (TranscriptImport.objects.filter(Exists(StudyMember.objects.filter(study=OuterRef("interview__study"),
                                                                                 user=user)), created_by=user)
               .select_related("interview__study").order_by("created_at", "pk")[:LIMIT])
    items += [TodoItem(kind="upload_review",
                       text=_("Review and save your upload of the transcript of interview %(code)s") % {
                           "code": upload.interview.code},
                       url=reverse("research:import_review", args=[upload.interview.study.slug, upload.pk]),
                       detail=upload.interview.study.name, date=upload.created_at, when=SINCE,
                       days=(today - timezone.localdate(upload.created_at)).days)
              for upload in uploads]

    items += _rounds(user, today)

    current = Transcript.objects.filter(interview=OuterRef("pk"), is_current=True).values("pk")[:1]
    interviews = (Interview.objects.filter(member, _interviewer(user) | (_lead(user) & _no_interviewers()))
                  .filter(Q(status=Interview.Status.PLANNED, held_on__lte=today)
                          | Q(status__in=[Interview.Status.HELD, Interview.Status.TRANSCRIBED, Interview.Status.CODING]))
                  .annotate(transcript_pk=Subquery(current)).select_related("study")
                  .order_by("held_on", "code", "pk")[:LIMIT])
    for interview in interviews:
        kind, text = STEPS[interview.status]
        to_transcript = interview.status in (Interview.Status.TRANSCRIBED, Interview.Status.CODING) and interview.transcript_pk
        url = (reverse("research:transcript", args=[interview.study.slug, interview.transcript_pk]) if to_transcript
               else reverse("research:interview_detail", args=[interview.study.slug, interview.code]))
        items.append(TodoItem(kind=kind, text=text(interview.code), url=url, detail=interview.study.name,
                              date=interview.held_on, when=ON if interview.status == Interview.Status.PLANNED else SINCE,
                              days=(today - interview.held_on).days))
    return Todo(items=items)


def _rounds(user, today) -> list[TodoItem]:
    """Open reliability rounds: a study's lead closes one once every coder has coded in it; a coder codes blind
    until then."""
    coder = Exists(ReliabilityRound.coders.through.objects.filter(reliabilityround=OuterRef("pk"), user=user))
    rounds = list(ReliabilityRound.objects.filter(coder | _lead(user), status=ReliabilityRound.Status.OPEN)
                  .annotate(coders_n=Count("coders", distinct=True), coded_n=Count("codings__coder", distinct=True),
                            is_coder=coder, is_lead=_lead(user))
                  .select_related("study").order_by("created_at", "pk")[:LIMIT])
    items = []
    for round_ in rounds:
        url = reverse("research:round_detail", args=[round_.study.slug, round_.pk])
        ready = round_.coders_n and round_.coded_n >= round_.coders_n
        if round_.is_lead and ready:
            items.append(TodoItem(kind="round_close", url=url, detail=round_.study.name,
                                  text=_("Close the reliability round “%(name)s” and compare the coders") % {
                                      "name": round_.name}))
        elif round_.is_coder:
            items.append(TodoItem(kind="round_code", url=url, detail=round_.study.name, date=round_.created_at,
                                  when=SINCE, days=(today - timezone.localdate(round_.created_at)).days,
                                  text=_("Code blind in the reliability round “%(name)s”") % {"name": round_.name}))
    return items
