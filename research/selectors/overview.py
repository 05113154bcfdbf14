from django.db.models import Count, Q
from django.utils import timezone

from ..models import Coding, Interview, Memo, Participant, ReliabilityRound, Study


def study_overview(study: Study, user) -> dict:
    """The study's front page: counts per role and status, what needs attention, the latest journal entries."""
    by_role = dict(Participant.objects.filter(study=study, withdrawn_at__isnull=True).values("role")
                   .annotate(n=Count("pk")).values_list("role", "n"))
    by_status = dict(Interview.objects.filter(study=study).values("status").annotate(n=Count("pk")).values_list("status", "n"))
    withdrawn = Participant.objects.filter(study=study, withdrawn_at__isnull=False).count()
    overdue = list(Interview.objects.filter(study=study, recording_deleted_on__isnull=True,
                                            recording_delete_by__lt=timezone.localdate()).order_by("recording_delete_by"))
    my_rounds = list(ReliabilityRound.objects.filter(study=study, status=ReliabilityRound.Status.OPEN, coders=user)
                     .prefetch_related("transcripts__interview"))
    journal = list(Memo.objects.filter(study=study, coding__isnull=True, interview__isnull=True, theme__isnull=True,
                                       participant__isnull=True).select_related("author")[:3])
    codings = Coding.objects.filter(segment__transcript__interview__study=study, round__isnull=True,
                                    segment__transcript__is_current=True).count()
    return {"by_role": by_role, "by_status": [(s, by_status.get(s.value, 0)) for s in Interview.Status],
            "withdrawn": withdrawn, "overdue": overdue, "my_rounds": my_rounds, "journal": journal, "codings": codings}


def staff_counts():
    """Per study, aggregate counts only."""
    return (Study.objects.annotate(
        teachers=Count("participants", filter=Q(participants__role="teacher", participants__withdrawn_at__isnull=True), distinct=True),
        leaders=Count("participants", filter=Q(participants__role="school_leader", participants__withdrawn_at__isnull=True), distinct=True),
        ambassadors=Count("participants", filter=Q(participants__role="ambassador", participants__withdrawn_at__isnull=True), distinct=True),
        withdrawn=Count("participants", filter=Q(participants__withdrawn_at__isnull=False), distinct=True),
        interviews_n=Count("interviews", distinct=True),
        coded=Count("interviews", filter=Q(interviews__status=Interview.Status.CODED), distinct=True),
        overdue=Count("interviews", filter=Q(interviews__recording_overdue_at__isnull=False,
                                             interviews__recording_deleted_on__isnull=True), distinct=True),
    ).order_by("name"))
