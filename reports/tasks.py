from celery import shared_task
from django.utils import timezone


@shared_task
def send_reminders() -> dict:
    """Beat runs every reminder rule once a day; running it again the same day writes nothing twice."""
    from .reminders import send_reminders as run

    return run(today=timezone.localdate())
