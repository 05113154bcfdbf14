"""Exports of lists as CSV: streamed at once when small, made by a worker when large, so no web request waits.

Apps register what they export (an `Exporter`: how many rows, and the rows) when they load; this module knows
none of them. A large export is an `Export` row that a worker fills; its owner downloads it from their list of
exports, and it is deleted after EXPORT_KEEP_HOURS.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation

from . import outbox
from .broker import publish, publish_on_commit
from .emails import site_link
from .models import Export, MessageKind, User
from .spreadsheets import safe_cell

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Exporter:
    kind: str
    filename: str
    roles: frozenset[str]  # who may make and download it
    count: Callable[[QueryDict], int]
    rows: Callable[[QueryDict], tuple[list[str], Iterable[list]]]  # the header and the rows, for these filters


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    EXPORTERS[exporter.kind] = exporter


def csv_chunks(header, rows) -> Iterator[str]:
    """The file as pieces of text: a BOM (so spreadsheet programs read UTF-8), then ;-separated lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    yield "\ufeff"
    for number, row in enumerate(_with_header(header, rows)):
        writer.writerow([safe_cell(value) for value in row])
        if number % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _with_header(header, rows):
    yield header
    yield from rows


def export_start(*, owner: User, kind: str, query: str) -> Export:
    """Ask a worker for the export; it is made after commit (or by the sweep when the broker was unreachable)."""
    from .tasks import run_export  # the task module imports this one

    exporter = EXPORTERS[kind]
    export = Export.objects.create(owner=owner, kind=kind, params={"query": query, "language": translation.get_language()},
                                   filename=exporter.filename)
    publish_on_commit(run_export, export.pk)
    return export


def export_run(*, export_id: int) -> None:
    """Make the file of a waiting export. Claimed atomically: two workers never make the same export twice."""
    claimed = Export.objects.filter(pk=export_id, status=Export.Status.QUEUED).update(status=Export.Status.RUNNING)
    if not claimed:
        return
    export = Export.objects.get(pk=export_id)
    try:
        exporter = EXPORTERS[export.kind]
        with translation.override(export.params.get("language") or settings.LANGUAGE_CODE):
            header, rows = exporter.rows(QueryDict(export.params.get("query", "")))
            counted = _Counter(rows)
            content = gzip.compress("".join(csv_chunks(header, counted)).encode("utf-8"))
    except Exception as exc:
        logger.exception("export %s failed", export_id)
        Export.objects.filter(pk=export_id).update(status=Export.Status.FAILED, error=str(exc)[:2000],
                                                   finished_at=timezone.now())
        raise
    with transaction.atomic():
        Export.objects.filter(pk=export_id).update(status=Export.Status.DONE, content=content, rows=counted.n,
                                                   finished_at=timezone.now())
        outbox.one(to=export.owner, template="accounts/email/export_ready", kind=MessageKind.EXPORT_READY,
                   about=outbox.ref(export), occasion="ready",
                   context={"export": export, "rows": counted.n, "hours": settings.EXPORT_KEEP_HOURS,
                            "link": site_link("accounts:export_list")})


class _Counter:
    def __init__(self, rows):
        self.rows, self.n = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


def export_content(export: Export) -> bytes:
    return gzip.decompress(bytes(export.content))


def exports_sweep() -> dict[str, int]:
    """Beat's tidy-up: queue again what the broker never got, fail what a dead worker left, delete what expired."""
    from .tasks import run_export  # the task module imports this one

    now = timezone.now()
    stale = list(Export.objects.filter(status=Export.Status.QUEUED, created_at__lt=now - timedelta(minutes=2))
                 .values_list("pk", flat=True))
    for pk in stale:
        publish(run_export, pk)
    failed = Export.objects.filter(status=Export.Status.RUNNING, created_at__lt=now - timedelta(hours=1)).update(
        status=Export.Status.FAILED, error="The worker stopped while making this export.", finished_at=now)
    deleted, _ = Export.objects.filter(created_at__lt=now - timedelta(hours=settings.EXPORT_KEEP_HOURS)).delete()
    return {"requeued": len(stale), "failed": failed, "deleted": deleted}


def exports_of(user: User):
    return Export.objects.filter(owner=user).defer("content").order_by("-created_at")


def access_export(user: User, pk: int) -> Export | None:
    """The user's own export (another's answers as missing)."""
    return Export.objects.filter(pk=pk, owner=user).defer("content").first()


def may_download(user: User, export: Export) -> bool:
    """Only while the owner's role may still have this kind of export."""
    exporter = EXPORTERS.get(export.kind)
    return exporter is not None and user.role in exporter.roles
