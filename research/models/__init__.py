"""Research data: studies and their pseudonymised participants, consent, interviews, transcripts, codings.

What links a participant to a real person, school or placement lives apart (ParticipantLink,
InterviewPlacement, PseudonymKey) and only the study lead reads it.
"""

from .coding import Coding, Memo, Stance, Theme, ThemeEvent
from .governance import ExportLog, TranscriptImport
from .interviews import Interview, InterviewParticipant, InterviewPlacement, Segment, Transcript
from .reliability import ConsensusDecision, ReliabilityRound
from .study import (
    Consent,
    Participant,
    ParticipantLink,
    ParticipantRole,
    PseudonymKey,
    Study,
    StudyMember,
    Wave,
)

__all__ = [
    "Coding", "ConsensusDecision", "Consent", "ExportLog", "Interview", "InterviewParticipant", "InterviewPlacement",
    "Memo", "Participant", "ParticipantLink", "ParticipantRole", "PseudonymKey", "ReliabilityRound", "Segment",
    "Stance", "Study", "StudyMember", "Theme", "ThemeEvent", "Transcript", "TranscriptImport", "Wave",
]
