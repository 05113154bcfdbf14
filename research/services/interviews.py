from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Interview, InterviewParticipant, InterviewPlacement, Participant, Study, StudyMember

INTERVIEW_FIELDS = ["held_on", "wave", "format", "mode", "recording_location", "recording_delete_by"]


def next_interview_code(study: Study) -> str:
    taken = set(Interview.objects.filter(study=study).values_list("code", flat=True))
    number = 1
    while f"I{number:02d}" in taken:
        number += 1
    return f"I{number:02d}"


def _check(study, fields, interviewers):
    wave = fields.get("wave")
    if wave is not None and wave.study_id != study.pk:
        raise ValidationError({"wave": _("Choose a wave of this study.")})
    if interviewers is not None:
        members = set(StudyMember.objects.filter(study=study).values_list("user_id", flat=True))
        if any(user.pk not in members for user in interviewers):
            raise ValidationError({"interviewers": _("Interviewers must be on the study's team.")})


def interview_create(*, study: Study, actor, interviewers=(), **fields) -> Interview:
    _check(study, fields, interviewers)
    with transaction.atomic():
        Study.objects.select_for_update().filter(pk=study.pk).first()  # one new code at a time per study
        interview = Interview(study=study, code=next_interview_code(study), created_by=actor,
                              **{k: v for k, v in fields.items() if k in INTERVIEW_FIELDS})
        interview.full_clean()
        interview.save()
        interview.interviewers.set(interviewers)
    return interview


@transaction.atomic
def interview_update(*, interview: Interview, interviewers=None, **fields) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    _check(interview.study, fields, interviewers)
    if fields.get("format") == Interview.Format.INDIVIDUAL and interview.interview_participants.count() > 1:
        raise ValidationError({"format": _("This interview has several participants: it is a group interview.")})
    for name in INTERVIEW_FIELDS:
        if name in fields:
            setattr(interview, name, fields[name])
    if "recording_delete_by" in fields:
        interview.recording_overdue_at = None  # a new date is judged again tonight
    interview.full_clean()
    interview.save(update_fields=[*INTERVIEW_FIELDS, "recording_overdue_at"])
    if interviewers is not None:
        interview.interviewers.set(interviewers)
    return interview


@transaction.atomic
def interview_participant_add(*, interview: Interview, participant: Participant, speaker_label: str = "") -> InterviewParticipant:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if participant.study_id != interview.study_id:
        raise ValidationError({"participant": _("Choose a participant of this study.")})
    if participant.is_withdrawn:
        raise ValidationError({"participant": _("This participant withdrew.")})
    if interview.format == Interview.Format.INDIVIDUAL and interview.interview_participants.exists():
        raise ValidationError({"participant": _("An individual interview has one participant; make it a group interview first.")})
    link = InterviewParticipant(interview=interview, participant=participant,
                                speaker_label=(speaker_label or participant.code).strip())
    link.full_clean()
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as exc:
        raise ValidationError({"participant": _("This participant already takes part in the interview.")}) from exc
    return link


@transaction.atomic
def interview_participant_remove(*, interview: Interview, participant_id: int) -> None:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.transcripts.exists():
        raise ValidationError(_("The interview has a transcript; its participants can no longer change."))
    interview.interview_participants.filter(participant_id=participant_id).delete()


def _consent_missing(interview) -> list[str]:
    return [ip.participant.code for ip in interview.interview_participants.select_related("participant__consent")
            if ip.participant.consent is None or not ip.participant.consent.recording]


@transaction.atomic
def interview_transition(*, interview: Interview, to_status: str, actor=None) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if to_status not in Interview.Status.values or not interview.can_become(to_status):
        raise ValidationError(_("An interview that is %(status)s cannot become that.") % {
            "status": interview.get_status_display().lower()})
    if to_status == Interview.Status.HELD:
        if not interview.interview_participants.exists():
            raise ValidationError(_("Add the participants before marking the interview as held."))
        missing = _consent_missing(interview)
        if missing:
            raise ValidationError(_("No consent for recording from %(codes)s: the interview cannot be marked as held.")
                                  % {"codes": ", ".join(missing)})
    if to_status == Interview.Status.TRANSCRIBED and not interview.transcripts.filter(is_current=True).exists():
        raise ValidationError(_("Import the transcript first."))
    if to_status == Interview.Status.CODING and not interview.transcripts.filter(is_current=True).exists():
        raise ValidationError(_("Import the transcript first."))
    interview.status = to_status
    interview.save(update_fields=["status"])
    return interview


@transaction.atomic
def interview_link_placement(*, interview: Interview, placement) -> InterviewPlacement:
    link, _created = InterviewPlacement.objects.get_or_create(interview=interview, placement=placement)
    return link


@transaction.atomic
def recording_mark_deleted(*, interview: Interview, on=None) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    interview.recording_deleted_on = on or timezone.localdate()
    interview.recording_overdue_at = None
    interview.save(update_fields=["recording_deleted_on", "recording_overdue_at"])
    return interview
