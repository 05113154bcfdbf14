"""Reads of the import pages: one import (staff only), its rows a page at a time, its counts in one query."""

from django.db.models import Count, Q
from django.http import Http404

from accounts.models import Role

from .models import ImportAccount, ImportBatch, ImportRow

SHOW = {
    "all": Q(),
    "errors": Q(action=ImportRow.Action.ERROR, skip=False),
    "new": Q(action=ImportRow.Action.NEW, skip=False),
    "update": Q(action=ImportRow.Action.UPDATE, skip=False),
    "unchanged": Q(action=ImportRow.Action.UNCHANGED, skip=False),
    "skipped": Q(skip=True),
}


def access_import_by_id(user, pk) -> ImportBatch:
    """The permission check for one import: staff only; anyone else (and an unknown import) gets 404."""
    if user.role != Role.STAFF:
        raise Http404
    batch = ImportBatch.objects.select_related("uploaded_by", "confirmed_by").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def import_list():
    return ImportBatch.objects.select_related("uploaded_by", "confirmed_by").order_by("-created_at", "-pk")


def preview_rows(batch: ImportBatch, show: str):
    return batch.rows.filter(SHOW.get(show, Q())).order_by("number")


def row_counts(batch: ImportBatch) -> dict[str, int]:
    """How many rows each filter of the preview holds, counted in one query."""
    return batch.rows.aggregate(**{name: Count("pk", filter=condition) for name, condition in SHOW.items()})


def waiting_invitations(batch: ImportBatch) -> int:
    """Accounts this import created that were never invited (not from the import, not from the user list)."""
    return (ImportAccount.objects.filter(batch=batch, invited_at__isnull=True, user__is_active=True)
            .exclude(user__invitations__isnull=False).count())
