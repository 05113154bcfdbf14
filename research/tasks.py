from celery import shared_task


@shared_task
def nightly_governance() -> dict:
    """Flag recordings past their delete-by date, clear re-identification data past retention, drop stale uploads."""
    from .services.retention import links_clear_expired, recordings_flag_overdue
    from .services.transcripts import imports_discard_stale

    return {"recordings_flagged": recordings_flag_overdue(), "links_cleared": links_clear_expired(),
            "uploads_discarded": imports_discard_stale()}
