"""Research data stays out of the admin: foundation staff see aggregate counts only (research:staff_overview).

The models are registered, so the admin knows them, with an admin that grants nobody anything: study teams
manage their data in the research pages, where every query is scoped to the study's members.
"""

from django.contrib import admin

from accounts.admin import AuditedModelAdmin

from . import models


class ClosedAdmin(AuditedModelAdmin):
    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (models.Study, models.StudyMember, models.Wave, models.Participant, models.ParticipantLink,
              models.PseudonymKey, models.Consent, models.Interview, models.InterviewParticipant,
              models.InterviewPlacement, models.Transcript, models.Segment, models.Theme, models.ThemeEvent,
              models.Coding, models.Memo, models.ReliabilityRound, models.ConsensusDecision, models.ExportLog,
              models.TranscriptImport):
    admin.site.register(model, ClosedAdmin)
