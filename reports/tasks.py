from celery import shared_task
from django.utils import timezone


@shared_task
def send_reminders() -> dict:
    """Beat runs every reminder rule once a day; running it again the same day writes nothing twice."""
    from .reminders import send_reminders as run

    return run(today=timezone.localdate())


@shared_task(acks_late=True)
def import_execute_task(batch_id: int) -> None:
    """A confirmed import of more than a page of rows; the person who confirmed it hears when it is done."""
    from .imports.services import import_execute

    import_execute(batch_id=batch_id, notify=True)


@shared_task
def clean_stale_imports() -> int:
    from .imports.services import imports_clean_stale

    return imports_clean_stale()


@shared_task
def apply_retention() -> dict:
    """Each night: remove what is past the terms of the privacy statement (reports.retention)."""
    from .retention import apply_retention as apply

    return apply()
