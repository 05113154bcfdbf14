"""Participants, their re-identification link and their consent (appended, never changed)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role

from ..models import Coding, Consent, Memo, Participant, ParticipantLink, ParticipantRole, Segment, Study
from ..models.study import CODE_PREFIX


def next_code(study: Study, role: str) -> str:
    prefix = CODE_PREFIX[ParticipantRole(role)]
    taken = set(Participant.objects.filter(study=study, code__startswith=prefix).values_list("code", flat=True))
    number = 1
    while f"{prefix}{number:02d}" in taken:
        number += 1
    return f"{prefix}{number:02d}"


def participant_create(*, study: Study, role: str, wave=None, code: str = "", attributes: dict | None = None) -> Participant:
    """A participant with the next free code of their role (L01, SL01, OA01) unless a code is given."""
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if wave is not None and wave.study_id != study.pk:
        raise ValidationError({"wave": _("Choose a wave of this study.")})
    with transaction.atomic():
        Study.objects.select_for_update().filter(pk=study.pk).first()  # one code at a time per study
        participant = Participant(study=study, role=role, wave=wave, code=(code or next_code(study, role)).upper(),
                                  attributes=attributes or {})
        participant.full_clean()
        try:
            with transaction.atomic():
                participant.save()
        except IntegrityError as exc:
            raise ValidationError({"code": _("This pseudonym code is already taken in the study.")}) from exc
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, wave=None, attributes: dict | None = None) -> Participant:
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if wave is not None and wave.study_id != participant.study_id:
        raise ValidationError({"wave": _("Choose a wave of this study.")})
    participant.wave = wave
    if attributes is not None:
        participant.attributes = {**participant.attributes, **{k: v for k, v in attributes.items() if v}}
    participant.full_clean()
    participant.save(update_fields=["wave", "attributes"])
    return participant


ROLE_OF_ACCOUNT = {Role.TEACHER: ParticipantRole.TEACHER, Role.SCHOOL_LEADER: ParticipantRole.SCHOOL_LEADER,
                   Role.AMBASSADOR: ParticipantRole.AMBASSADOR}


def derived_attributes(link: ParticipantLink) -> tuple[str | None, dict]:
    """The role and the attributes (school type, region, sector) that follow from a link, without who it is."""
    role = ROLE_OF_ACCOUNT.get(link.user.role) if link.user else None
    if link.ambassador is not None:
        role = role or ParticipantRole.AMBASSADOR
    school = link.school or (link.placement.need.school if link.placement else None)
    if school is None and link.user is not None:
        membership = link.user.school_memberships.select_related("school__region").first()
        school = membership.school if membership else None
    attributes = {}
    if school is not None:
        attributes["school_type"] = school.school_type
        if school.region_id:
            attributes["region"] = school.region.name
    ambassador = link.ambassador or (link.placement.ambassador if link.placement and role == ParticipantRole.AMBASSADOR else None)
    if ambassador is not None and ambassador.sector:
        attributes["sector"] = ambassador.sector
    return role, attributes


@transaction.atomic
def participant_link(*, participant: Participant, actor, user=None, school=None, ambassador=None, placement=None) -> ParticipantLink:
    """Record who a participant is (study lead only) and fill role, school type and region from it."""
    participant = Participant.objects.select_for_update(of=("self",)).select_related("consent").get(pk=participant.pk)
    if participant.is_withdrawn:
        raise ValidationError(_("This participant withdrew; nothing can be linked any more."))
    if participant.consent is None or not participant.consent.linking:
        raise ValidationError(_("The participant has not consented to linking platform data."))
    link = ParticipantLink.objects.filter(participant=participant).first() or ParticipantLink(participant=participant)
    link.user, link.school, link.ambassador, link.placement = user, school, ambassador, placement
    link.linked_by, link.linked_at = actor, timezone.now()
    link.full_clean(exclude=["participant"])
    role, attributes = derived_attributes(link)
    if role and role != participant.role:
        raise ValidationError(_("The linked account is a %(linked)s, but %(code)s takes part as a %(role)s.") % {
            "linked": ParticipantRole(role).label.lower(), "code": participant.code,
            "role": participant.get_role_display().lower()})
    link.save()
    participant.attributes = {**participant.attributes, **attributes}
    participant.save(update_fields=["attributes"])
    return link


def _unlink(participant):
    ParticipantLink.objects.filter(participant=participant).delete()
    for key in ("school_type", "region", "sector"):
        participant.attributes.pop(key, None)


@transaction.atomic
def consent_record(*, participant: Participant, actor, info_letter_version: str, recording: bool, transcript: bool,
                   quotes: bool, linking: bool, note: str = "", at=None) -> Consent:
    """Append a consent statement; it becomes the participant's current consent. Refusing linking clears the link."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.is_withdrawn:
        raise ValidationError(_("This participant withdrew. Someone who wants to take part again is a new participant."))
    consent = Consent(participant=participant, info_letter_version=info_letter_version.strip(), recording=recording,
                      transcript=transcript, quotes=quotes, linking=linking, note=note, recorded_by=actor,
                      at=at or timezone.now())
    consent.full_clean()
    consent.save()
    participant.consent = consent
    if not linking:
        _unlink(participant)
    participant.save(update_fields=["consent", "attributes"])
    return consent


@transaction.atomic
def participant_withdraw(*, participant: Participant, actor, note: str = "") -> Consent:
    """Withdrawal: the participant's words, codings, memos and link are removed at once; the fact remains."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.is_withdrawn:
        raise ValidationError(_("This participant has already withdrawn."))
    now = timezone.now()
    consent = Consent.objects.create(participant=participant, info_letter_version=participant.consent.info_letter_version
                                     if participant.consent else "", withdrawn=True, recorded_by=actor, note=note, at=now)
    segments = Segment.objects.filter(participant=participant)
    Coding.objects.filter(segment__in=segments).delete()
    segments.update(text="", redacted=True)
    Memo.objects.filter(participant=participant).delete()
    _unlink(participant)
    participant.consent, participant.withdrawn_at = consent, now
    participant.attributes = {}
    participant.save(update_fields=["consent", "withdrawn_at", "attributes"])
    return consent
