"""Access helpers: the lookup is the permission check. Study data is for the study's members; others get 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Role

from ..models import Interview, Participant, ReliabilityRound, Study, StudyMember, Theme, Transcript, TranscriptImport


def coder_name(user) -> str:
    """How a coder is written in exports, agreement figures and pages."""
    return user.get_full_name() or user.email


def studies_for(user):
    return Study.objects.filter(members__user=user).distinct()


def access_study(user, slug) -> tuple[Study, StudyMember]:
    """The study and the user's membership; 404 for anyone not on its team."""
    if not user.is_authenticated or user.role != Role.RESEARCHER:
        raise Http404
    member = StudyMember.objects.select_related("study").filter(study__slug=slug, user=user).first()
    if member is None:
        raise Http404
    return member.study, member


def require_lead(member: StudyMember) -> None:
    """Re-identification data and the study's settings are for its lead."""
    if not member.is_lead:
        raise PermissionDenied


def _one(qs, **lookup):
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def access_participant(study, code) -> Participant:
    return _one(Participant.objects.select_related("wave", "consent"), study=study, code=code)


def access_interview(study, code) -> Interview:
    return _one(Interview.objects.select_related("wave"), study=study, code=code)


def access_transcript(study, pk) -> Transcript:
    return _one(Transcript.objects.select_related("interview__wave"), interview__study=study, pk=pk)


def access_theme(study, pk) -> Theme:
    return _one(Theme.objects.select_related("parent", "merged_into"), study=study, pk=pk)


def access_round(study, pk) -> ReliabilityRound:
    return _one(ReliabilityRound.objects.all(), study=study, pk=pk)


def access_import(study, pk, user) -> TranscriptImport:
    """An upload is seen only by the researcher who made it (it holds names not yet replaced)."""
    return _one(TranscriptImport.objects.select_related("interview"), interview__study=study, pk=pk, created_by=user)
