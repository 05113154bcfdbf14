from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .study import Participant, Study, Wave


class Interview(models.Model):
    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        TRANSCRIBED = "transcribed", _("Transcribed")
        CODING = "coding", _("Being coded")
        CODED = "coded", _("Coded")

    # The way forward, and one step back where a mistake is plausible.
    TRANSITIONS = {
        Status.PLANNED: {Status.HELD},
        Status.HELD: {Status.PLANNED, Status.TRANSCRIBED},
        Status.TRANSCRIBED: {Status.CODING},
        Status.CODING: {Status.CODED},
        Status.CODED: {Status.CODING},
    }

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("study"))
    code = models.CharField(_("code"), max_length=8)
    held_on = models.DateField(_("date"))
    wave = models.ForeignKey(Wave, on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews",
                             verbose_name=_("wave"))
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.INDIVIDUAL)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.ONLINE)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="research_interviews", blank=True,
                                          verbose_name=_("interviewers"))
    recording_location = models.CharField(
        _("where the recording is kept"), max_length=300, blank=True,
        help_text=_("For example the folder on the college's secured drive. The file itself is never uploaded here."),
    )
    recording_delete_by = models.DateField(_("delete the recording by"), null=True, blank=True)
    recording_deleted_on = models.DateField(_("recording deleted on"), null=True, blank=True)
    recording_overdue_at = models.DateTimeField(_("flagged as overdue at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["held_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["study", "code"], name="interview_code_unique",
                                    violation_error_message=_("This interview code is already taken in the study.")),
            models.CheckConstraint(condition=models.Q(status__in=["planned", "held", "transcribed", "coding", "coded"]),
                                   name="interview_status_valid"),
        ]
        indexes = [models.Index(fields=["study", "status"])]

    def __str__(self):
        return self.code

    def can_become(self, status) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class InterviewParticipant(models.Model):
    """A participant in an interview, with the label their turns carry in the transcript."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="interview_participants",
                                  verbose_name=_("interview"))
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="interview_participants",
                                    verbose_name=_("participant"))
    speaker_label = models.CharField(_("speaker label"), max_length=40)

    class Meta:
        verbose_name = _("interview participant")
        verbose_name_plural = _("interview participants")
        ordering = ["participant__code"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "participant"], name="interview_participant_unique",
                                    violation_error_message=_("This participant already takes part in the interview.")),
            models.UniqueConstraint(fields=["interview", "speaker_label"], name="interview_speaker_label_unique",
                                    violation_error_message=_("Another participant of this interview has this label.")),
        ]

    def __str__(self):
        return f"{self.interview} {self.speaker_label}"


class InterviewPlacement(models.Model):
    """Re-identification: the placement an interview is about. Only the study lead reads it."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="placement_links",
                                  verbose_name=_("interview"))
    placement = models.ForeignKey("matching.Placement", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("placement"))

    class Meta:
        verbose_name = _("linked placement")
        verbose_name_plural = _("linked placements")
        constraints = [models.UniqueConstraint(fields=["interview", "placement"], name="interview_placement_unique")]

    def __str__(self):
        return f"{self.interview} → {self.placement_id}"


class Transcript(models.Model):
    """One version of an interview's transcript: pseudonymised speaker turns. Locked once coding starts."""

    class Source(models.TextChoices):
        TXT = "txt", _("Text file")
        DOCX = "docx", _("Word document")
        VTT = "vtt", _("WebVTT captions (Teams, Zoom)")
        SRT = "srt", _("SubRip captions")
        CORRECTION = "correction", _("Correction of an earlier version")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="transcripts",
                                  verbose_name=_("interview"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    previous = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next",
                                    verbose_name=_("previous version"))
    source_format = models.CharField(_("source"), max_length=12, choices=Source.choices)
    sha256 = models.CharField(_("checksum of the source"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    correction_note = models.CharField(_("what was corrected"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        ordering = ["interview", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "version"], name="transcript_version_unique"),
            models.UniqueConstraint(fields=["interview"], condition=models.Q(is_current=True),
                                    name="transcript_one_current_version"),
        ]

    def __str__(self):
        return f"{self.interview} v{self.version}"

    @property
    def is_locked(self):
        return self.locked_at is not None


class Segment(models.Model):
    """A speaker turn: the unit of coding, agreement and 'who said it'. Text is NFC with \\n line ends."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="segments",
                                   verbose_name=_("transcript"))
    index = models.PositiveIntegerField(_("turn"))
    speaker = models.CharField(_("speaker"), max_length=40)
    participant = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="segments", verbose_name=_("participant"))
    text = models.TextField(_("text"))
    t_start_ms = models.PositiveIntegerField(_("starts at (ms)"), null=True, blank=True)
    t_end_ms = models.PositiveIntegerField(_("ends at (ms)"), null=True, blank=True)
    redacted = models.BooleanField(_("removed after withdrawal"), default=False)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["transcript", "index"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "index"], name="segment_index_unique"),
            models.CheckConstraint(
                condition=models.Q(t_start_ms__isnull=True) | models.Q(t_end_ms__isnull=True)
                | models.Q(t_end_ms__gte=models.F("t_start_ms")),
                name="segment_times_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.transcript} #{self.index}"
