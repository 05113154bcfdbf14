"""One colour per meaning: every status of every model, and the few flags pages show beside them.

A badge's colour says what the status means to the reader, whatever the model: someone still has to
act (waiting), it is under way (progress), it went or goes well (good), it is over or set aside
(neutral), or something went wrong or was turned down (problem). The five colours are derived from
the brand colour in static/css/site.css (`.badge-waiting` …). Keys name the model and field as
"app_label.model.field", so this module imports no other app and every page can use it.
"""

WAITING = "waiting"
PROGRESS = "progress"
GOOD = "good"
NEUTRAL = "neutral"
PROBLEM = "problem"
TONES = (WAITING, PROGRESS, GOOD, NEUTRAL, PROBLEM)

STATUS_TONES = {
    # Ambassadors: the screening path, then active, paused or ended.
    "ambassadors.ambassadorprofile.status": {
        "applied": WAITING, "intake_planned": PROGRESS, "intake_done": PROGRESS, "vog_requested": PROGRESS,
        "vog_received": PROGRESS, "active": GOOD, "paused": NEUTRAL, "ended": NEUTRAL, "declined": PROBLEM,
    },
    "ambassadors.ambassadorprofile.vog_status": {"none": WAITING, "requested": PROGRESS, "received": GOOD},
    # Schools
    "schools.intake.status": {"submitted": WAITING, "waitlisted": WAITING, "approved": GOOD, "declined": PROBLEM},
    "schools.teacherneed.status": {"open": WAITING, "proposed": PROGRESS, "filled": GOOD, "closed": NEUTRAL},
    # Matching
    "matching.matchingrun.status": {"queued": WAITING, "running": PROGRESS, "done": GOOD, "failed": PROBLEM},
    "matching.proposal.status": {
        "proposed": WAITING, "approved": PROGRESS, "placed": GOOD, "rejected": PROBLEM, "declined": PROBLEM,
        "lapsed": PROBLEM,
    },
    "matching.proposal.school_response": {"accepted": GOOD, "declined": PROBLEM},
    "matching.proposal.ambassador_response": {"accepted": GOOD, "declined": PROBLEM},
    "matching.placement.status": {"active": GOOD, "ended": NEUTRAL, "ended_early": NEUTRAL},
    # Research
    "research.interview.status": {
        "planned": WAITING, "held": PROGRESS, "transcribed": PROGRESS, "coding": PROGRESS, "coded": GOOD,
    },
    "research.reliabilityround.status": {"open": WAITING, "closed": GOOD},
    "research.consensusdecision.decision": {"apply": GOOD, "reject": NEUTRAL},
    # Staff work: imports, exports, messages, erasure requests
    "reports.importbatch.status": {
        "mapping": WAITING, "preview": WAITING, "queued": PROGRESS, "done": GOOD, "discarded": NEUTRAL,
        "expired": NEUTRAL,
    },
    "reports.importrow.action": {
        "new": PROGRESS, "update": WAITING, "unchanged": NEUTRAL, "error": PROBLEM, "pending": WAITING,
    },
    "accounts.export.status": {"queued": WAITING, "running": PROGRESS, "done": GOOD, "failed": PROBLEM},
    "accounts.message.state": {"pending": WAITING, "sent": GOOD, "failed": PROBLEM, "in_app": NEUTRAL},
    "accounts.erasurerequest.status": {"open": WAITING, "completed": GOOD, "refused": PROBLEM},
}

# Fields that hold the same choices as another one.
SAME_CHOICES = {
    "ambassadors.statuschange.from_status": "ambassadors.ambassadorprofile.status",
    "ambassadors.statuschange.to_status": "ambassadors.ambassadorprofile.status",
}


def tone_for(key: str, value) -> str:
    """The tone of a value of a field ("app_label.model.field"); neutral for a value nobody mapped."""
    tones = STATUS_TONES.get(SAME_CHOICES.get(key, key), {})
    return tones.get(str(value), NEUTRAL)
