from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

code_validator = RegexValidator(r"^[A-Z]{1,3}[0-9]{2,3}$", _("A pseudonym code is one to three capitals and a number, such as L01."))


class Study(models.Model):
    """A research project: its researchers see its data, its lead manages it."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    ethics_ref = models.CharField(_("ethics approval reference"), max_length=100, blank=True)
    info_letter_version = models.CharField(_("current version of the information letter"), max_length=20, default="1.0")
    retention_until = models.DateField(
        _("keep re-identification data until"), null=True, blank=True,
        help_text=_("After this date the links between participants and the platform are cleared each night."),
    )
    links_cleared_at = models.DateTimeField(_("re-identification data cleared at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class StudyMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Study lead")
        RESEARCHER = "researcher", _("Researcher")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="members", verbose_name=_("study"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_memberships",
                             verbose_name=_("researcher"))
    role = models.CharField(_("role in the study"), max_length=12, choices=Role.choices, default=Role.RESEARCHER)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("study member")
        verbose_name_plural = _("study members")
        ordering = ["role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["study", "user"], name="study_member_unique",
                                    violation_error_message=_("This researcher is already on the team.")),
            models.CheckConstraint(condition=models.Q(role__in=["lead", "researcher"]), name="study_member_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_lead(self):
        return self.role == self.Role.LEAD


class Wave(models.Model):
    """A moment of data collection, such as the end of the first term."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="waves", verbose_name=_("study"))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["study", "name"], name="wave_unique_name",
                                               violation_error_message=_("The study already has a wave with this name."))]

    def __str__(self):
        return self.name


class ParticipantRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    SCHOOL_LEADER = "school_leader", _("School leader")
    AMBASSADOR = "ambassador", _("Ambassador")


CODE_PREFIX = {ParticipantRole.TEACHER: "L", ParticipantRole.SCHOOL_LEADER: "SL", ParticipantRole.AMBASSADOR: "OA"}


class Participant(models.Model):
    """A person interviewed in a study, known by a pseudonym code only (L01, SL01, OA01)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participants", verbose_name=_("study"))
    code = models.CharField(_("pseudonym code"), max_length=6, validators=[code_validator])
    role = models.CharField(_("role"), max_length=15, choices=ParticipantRole.choices)
    wave = models.ForeignKey(Wave, on_delete=models.SET_NULL, null=True, blank=True, related_name="participants",
                             verbose_name=_("wave"))
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    consent = models.ForeignKey("Consent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("current consent"))
    withdrawn_at = models.DateTimeField(_("withdrew at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "code"]
        constraints = [
            models.UniqueConstraint(fields=["study", "code"], name="participant_code_unique",
                                    violation_error_message=_("This pseudonym code is already taken in the study.")),
            models.CheckConstraint(condition=models.Q(role__in=ParticipantRole.values), name="participant_role_valid"),
        ]

    def __str__(self):
        return self.code

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def attribute_labels(self) -> list[str]:
        """The attributes as the pages show them: school type and sector in the reader's language, the region."""
        from ambassadors.models import Sector
        from schools.models import SchoolType

        labels = {"school_type": dict(SchoolType.choices), "sector": dict(Sector.choices)}
        return [str(labels.get(key, {}).get(value, value)) for key, value in sorted(self.attributes.items()) if value]


class ParticipantLink(models.Model):
    """Re-identification: who a participant is on the platform. Only the study lead reads it; never exported."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="link",
                                       verbose_name=_("participant"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("account"))
    school = models.ForeignKey("schools.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("school"))
    ambassador = models.ForeignKey("ambassadors.AmbassadorProfile", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ambassador"))
    placement = models.ForeignKey("matching.Placement", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("placement"))
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                  verbose_name=_("linked by"))
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        verbose_name = _("re-identification link")
        verbose_name_plural = _("re-identification links")

    def __str__(self):
        return str(self.participant)

    def clean(self):
        # Not a database constraint: a linked school or account that is deleted later leaves the link empty.
        if not (self.user_id or self.school_id or self.ambassador_id or self.placement_id):
            raise ValidationError(_("Link the participant to an account, a school, an ambassador or a placement."))


class PseudonymKey(models.Model):
    """A name replaced in a study's transcripts and what replaced it: part of the re-identification data."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="pseudonym_keys", verbose_name=_("study"))
    original = models.CharField(_("original"), max_length=200)
    replacement = models.CharField(_("replacement"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pseudonym key")
        verbose_name_plural = _("pseudonym keys")
        ordering = ["original"]
        constraints = [models.UniqueConstraint(fields=["study", "original"], name="pseudonym_key_unique")]

    def __str__(self):
        return f"{self.replacement}"


class Consent(models.Model):
    """One consent statement, appended, never changed: the latest one of a participant counts."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents",
                                    verbose_name=_("participant"))
    info_letter_version = models.CharField(_("version of the information letter"), max_length=20)
    recording = models.BooleanField(_("recording the interview"), default=False)
    transcript = models.BooleanField(_("using the transcript for the research"), default=False)
    quotes = models.BooleanField(_("quotes in reports"), default=False)
    linking = models.BooleanField(_("linking platform data"), default=False)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    at = models.DateTimeField(_("at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("recorded by"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn=False)
                | models.Q(recording=False, transcript=False, quotes=False, linking=False),
                name="consent_withdrawal_consents_nothing",
            )
        ]

    def __str__(self):
        return f"{self.participant} {self.at:%Y-%m-%d}"
