"""Tasks take ids and call a service; each is idempotent, so a task delivered twice does no harm."""

from celery import shared_task


@shared_task
def run_matching_task(run_id: int) -> None:
    from .services import run_execute

    run_execute(run_id=run_id)


@shared_task
def lapse_proposals() -> int:
    from .services import proposals_lapse

    return proposals_lapse()


@shared_task
def rematch_task(placement_id: int) -> None:
    from .services import rematch

    rematch(placement_id=placement_id)


@shared_task
def close_ended_placements() -> int:
    from .services import placements_close_ended

    return placements_close_ended()


@shared_task
def recover_runs() -> dict:
    from .recovery import recover

    return recover()
