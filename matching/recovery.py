"""Work that never reached a worker or lost it, found and set right by a periodic task (beat: recover_runs)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.broker import publish

from .models import MatchingRun, Placement
from .services import RUN_STOPPED, _abandoned
from .tasks import rematch_task, run_matching_task

QUEUED_GRACE = dt.timedelta(minutes=2)  # a queued run or a flag this old should have reached a worker by now


def recover(now=None) -> dict[str, int]:
    """Runs left running by a dead worker are marked failed with the reason (staff start them again); queued runs
    and re-matches whose task never reached a worker (the broker was down) are sent again."""
    now = now or timezone.now()
    failed = 0
    for run_id in MatchingRun.objects.filter(status=MatchingRun.Status.RUNNING).values_list("pk", flat=True):
        with transaction.atomic():
            run = MatchingRun.objects.select_for_update(skip_locked=True).filter(
                pk=run_id, status=MatchingRun.Status.RUNNING).first()
            # A live worker holds the row; so does the first moment of a run, before the row is taken again.
            if run is None or now - (run.started_at or run.created_at) < QUEUED_GRACE or not _abandoned(run):
                continue
            run.status, run.error, run.finished_at = MatchingRun.Status.FAILED, str(RUN_STOPPED), now
            run.save(update_fields=["status", "error", "finished_at"])
            failed += 1
    queued = list(MatchingRun.objects.filter(status=MatchingRun.Status.QUEUED, created_at__lt=now - QUEUED_GRACE)
                  .values_list("pk", flat=True))
    for run_id in queued:
        publish(run_matching_task, run_id)
    flagged = list(Placement.objects.filter(status=Placement.Status.ACTIVE, flagged=True, rematched_at__isnull=True)
                   .values_list("pk", flat=True))
    for placement_id in flagged:
        publish(rematch_task, placement_id)
    return {"failed": failed, "queued": len(queued), "rematch": len(flagged)}
