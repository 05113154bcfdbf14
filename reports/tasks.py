from celery import shared_task


@shared_task
def apply_retention() -> dict:
    """Each night: remove what is past the terms of the privacy statement (reports.retention)."""
    from .retention import apply_retention as apply

    return apply()
