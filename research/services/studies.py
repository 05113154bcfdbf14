from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User

from ..models import Study, StudyMember, Wave
from .codebook import themes_seed_default


@transaction.atomic
def study_create(*, actor: User, name: str, slug: str, description: str = "", ethics_ref: str = "",
                 info_letter_version: str = "1.0", retention_until=None, default_codebook: bool = True) -> Study:
    """A new study with the researcher who creates it as its lead (and, if asked, the programme's themes)."""
    if actor.role != Role.RESEARCHER:
        raise ValidationError(_("Only researchers can start a study."))
    if Study.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is already taken.")})
    study = Study(name=name, slug=slug, description=description, ethics_ref=ethics_ref,
                  info_letter_version=info_letter_version, retention_until=retention_until, created_by=actor)
    study.full_clean()
    study.save()
    StudyMember.objects.create(study=study, user=actor, role=StudyMember.Role.LEAD)
    if default_codebook:
        themes_seed_default(study=study, actor=actor)
    return study


STUDY_FIELDS = ["name", "description", "ethics_ref", "info_letter_version", "retention_until"]


@transaction.atomic
def study_update(*, study: Study, **fields) -> Study:
    study = Study.objects.select_for_update().get(pk=study.pk)
    for name in STUDY_FIELDS:
        if name in fields:
            setattr(study, name, fields[name])
    study.full_clean()
    study.save(update_fields=STUDY_FIELDS)
    return study


@transaction.atomic
def member_add(*, study: Study, email: str, role: str = StudyMember.Role.RESEARCHER) -> StudyMember:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or user.role != Role.RESEARCHER:
        raise ValidationError({"email": _("There is no researcher account with this e-mail address.")})
    if StudyMember.objects.filter(study=study, user=user).exists():
        raise ValidationError({"email": _("This researcher is already on the team.")})
    member = StudyMember(study=study, user=user, role=role)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_set_role(*, study: Study, member_id: int, role: str) -> StudyMember:
    """Change a member's role; a study always keeps at least one lead."""
    members = list(StudyMember.objects.select_for_update().filter(study=study))
    member = next((m for m in members if m.pk == member_id), None)
    if member is None or role not in StudyMember.Role.values:
        raise ValidationError(_("Choose a member and a role."))
    leads = [m for m in members if m.is_lead]
    if member.is_lead and role != StudyMember.Role.LEAD and len(leads) == 1:
        raise ValidationError(_("A study needs a lead: make someone else lead first."))
    member.role = role
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def member_remove(*, study: Study, member_id: int) -> None:
    members = list(StudyMember.objects.select_for_update().filter(study=study))
    member = next((m for m in members if m.pk == member_id), None)
    if member is None:
        raise ValidationError(_("This researcher is not on the team."))
    if member.is_lead and sum(m.is_lead for m in members) == 1:
        raise ValidationError(_("A study needs a lead: make someone else lead first."))
    member.delete()


def wave_create(*, study: Study, name: str) -> Wave:
    with transaction.atomic():
        order = (Wave.objects.select_for_update().filter(study=study).order_by("-order").values_list("order", flat=True)
                 .first() or 0) + 1
        wave = Wave(study=study, name=name.strip(), order=order)
        wave.full_clean()
        wave.save()
    return wave
