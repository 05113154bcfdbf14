"""Writes of an import: upload, column mapping and preview, skipping rows, the confirm (one transaction; in the
background beyond a page of rows), invitations, discarding, and cleaning up previews nobody confirmed.

Personal data from a file is kept only while staff work on it: the rows are deleted once the import is done, discarded
or expired; what stays is the record of the import (who, when, which file, what it did).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import services as account_services
from accounts.audit import audit_record
from accounts.emails import send_templated_email, site_link

from .. import services as report_services
from . import reading
from .columns import propose_mapping
from .kinds import ambassadors, placements, schools
from .kinds.base import ERROR, NEW, UNCHANGED, UPDATE, Context, Source
from .models import ImportAccount, ImportBatch, ImportRow, InviteWhen, Kind

logger = logging.getLogger(__name__)

PAGE_SIZE = 50  # rows on a page of the preview; a confirm of more rows runs in the background
KINDS = {Kind.SCHOOLS: schools, Kind.AMBASSADORS: ambassadors, Kind.PLACEMENTS: placements}


def _locked(batch_id) -> ImportBatch:
    return ImportBatch.objects.select_for_update().get(pk=batch_id)


def _refuse_unless(batch: ImportBatch, *statuses) -> None:
    if batch.status not in statuses:
        raise ValidationError(_("This import is %(status)s; it cannot be changed any more.")
                              % {"status": batch.get_status_display().lower()})


# --- Upload, mapping and preview -------------------------------------------------------------------


def import_upload(*, actor, upload, kind: str) -> ImportBatch:
    """Read the file (or refuse it with a reason) and keep its rows for the mapping and preview."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    try:
        table = reading.read_upload(upload)
    except reading.FileRefused as exc:
        raise ValidationError({"file": str(exc)}) from None
    name = "".join(char for char in str(upload.name) if char.isprintable())[-255:] or "import"
    with transaction.atomic():
        batch = ImportBatch(kind=kind, file_name=name, file_format=table.file_format, sheet_name=table.sheet_name,
                            header_row=table.header_row, headers=table.headers, row_count=len(table.rows),
                            uploaded_by=actor, mapping=propose_mapping(kind, table.headers))
        batch.full_clean()
        batch.save()
        ImportRow.objects.bulk_create((ImportRow(batch=batch, number=number, values=cells)
                                       for number, cells in table.rows), batch_size=500)
    return batch


def _context(batch: ImportBatch, *, actor=None, invite_now=False) -> Context:
    return Context(actor=actor or batch.uploaded_by, file_name=batch.file_name, school_year=batch.school_year,
                   batch=batch, invite_now=invite_now)


def _sources(batch: ImportBatch, rows) -> list[Source]:
    mapping = batch.mapping
    return [Source(number=row.number, skip=row.skip,
                    cells={key: row.values[index] if index < len(row.values) else "" for key, index in mapping.items()})
            for row in rows]


def _analyse(batch: ImportBatch, rows, ctx: Context):
    return KINDS[batch.kind].analyse(_sources(batch, rows), ctx)


def _store(rows, plans) -> None:
    """Keep what the check found with each row. The rows are written anew (same ids): for thousands of rows an insert
    is many times faster than an update of each."""
    ImportRow.objects.filter(pk__in=[row.pk for row in rows]).delete()
    ImportRow.objects.bulk_create(
        [ImportRow(pk=row.pk, batch_id=row.batch_id, number=row.number, values=row.values, skip=row.skip,
                   action=plan.action, data=plan.data, problems=plan.problems, changes=plan.changes)
         for row, plan in zip(rows, plans, strict=True)], batch_size=500)


def _check(batch: ImportBatch) -> None:
    """Analyse every row against the database as it is now, and keep the outcome for the preview."""
    rows = list(ImportRow.objects.filter(batch_id=batch.pk).only("pk", "batch_id", "number", "values", "skip")
                .order_by("number"))
    _store(rows, _analyse(batch, rows, _context(batch)))


def import_map(*, batch_id: int, mapping: dict[str, int], school_year: int | None = None) -> ImportBatch:
    """Staff linked the file's columns: check every row and show the preview."""
    with transaction.atomic():
        batch = _locked(batch_id)
        _refuse_unless(batch, *ImportBatch.OPEN)
        batch.mapping = mapping
        if school_year:
            batch.school_year = school_year
        batch.status = ImportBatch.Status.PREVIEW
        batch.message = ""
        batch.full_clean(exclude=["uploaded_by", "confirmed_by", "run"])
        batch.save(update_fields=["mapping", "school_year", "status", "message"])
        _check(batch)
    return batch


def import_recheck(*, batch_id: int) -> ImportBatch:
    """Check the rows again (after skipping some, or when the platform changed meanwhile)."""
    with transaction.atomic():
        batch = _locked(batch_id)
        _refuse_unless(batch, ImportBatch.Status.PREVIEW)
        _check(batch)
    return batch


def row_set_skip(*, batch_id: int, row_id: int, skip: bool) -> ImportRow:
    with transaction.atomic():
        batch = _locked(batch_id)
        _refuse_unless(batch, ImportBatch.Status.PREVIEW)
        row = batch.rows.get(pk=row_id)
        if row.skip != skip:
            row.skip = skip
            row.save(update_fields=["skip"])
    return row


def rows_skip_errors(*, batch_id: int) -> int:
    with transaction.atomic():
        batch = _locked(batch_id)
        _refuse_unless(batch, ImportBatch.Status.PREVIEW)
        return batch.rows.filter(action=ERROR, skip=False).update(skip=True)


def import_discard(*, batch_id: int) -> ImportBatch:
    """Staff stop before confirming: the rows of the file are deleted."""
    with transaction.atomic():
        batch = _locked(batch_id)
        _refuse_unless(batch, *ImportBatch.OPEN)
        batch.rows.all().delete()
        batch.status = ImportBatch.Status.DISCARDED
        batch.save(update_fields=["status"])
    return batch


# --- Confirm -------------------------------------------------------------------------------------


def import_confirm(*, batch_id: int, actor, invite: str = InviteWhen.LATER) -> ImportBatch:
    """Import the rows that are not skipped, all or nothing; refused while a row that is not skipped has an error.

    Up to a page of rows it runs at once; beyond that a Celery worker runs it and tells the person when it is done.
    """
    if invite not in InviteWhen.values:
        raise ValidationError({"invite": _("Choose when the invitations go out.")})
    with transaction.atomic():
        batch = _locked(batch_id)
        _refuse_unless(batch, ImportBatch.Status.PREVIEW)
        if batch.rows.filter(action=ERROR, skip=False).exists():
            _check(batch)  # a skipped row may have been what made another row wrong
    with transaction.atomic():
        batch = _locked(batch_id)
        _refuse_unless(batch, ImportBatch.Status.PREVIEW)
        errors = batch.rows.filter(action=ERROR, skip=False).count()
        if errors:
            raise ValidationError(ngettext(
                "%(count)s row still has an error. Correct it in the file and upload it again, or skip it; then the "
                "import can go ahead.",
                "%(count)s rows still have an error. Correct them in the file and upload it again, or skip them; "
                "then the import can go ahead.", errors) % {"count": errors})
        rows = batch.rows.filter(skip=False).count()
        if not rows:
            raise ValidationError(_("Every row is skipped: there is nothing to import."))
        batch.status = ImportBatch.Status.QUEUED
        batch.invite = invite if batch.kind != Kind.PLACEMENTS else InviteWhen.LATER
        batch.confirmed_by, batch.confirmed_at, batch.message = actor, timezone.now(), ""
        batch.save(update_fields=["status", "invite", "confirmed_by", "confirmed_at", "message"])
        background = rows > PAGE_SIZE
        if background:
            from ..tasks import import_execute_task

            transaction.on_commit(lambda: import_execute_task.delay(batch.pk))
    if not background:
        batch = import_execute(batch_id=batch.pk)
    return batch


class _Refused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def import_execute(*, batch_id: int, notify: bool = False) -> ImportBatch:
    """Carry out a confirmed import in one transaction: check every row again, then write them all, or none.

    A row that turns out wrong now (the platform changed since the preview, or another import got there first) stops
    the import: nothing is written, the preview shows why, and staff confirm again.
    """
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update(of=("self",)).select_related("confirmed_by").get(pk=batch_id)
            if batch.status != ImportBatch.Status.QUEUED:
                return batch  # carried out already (a task delivered twice)
            language = getattr(batch.confirmed_by, "language", None) or settings.LANGUAGE_CODE
            with translation.override(language):
                _execute(batch)
    except Exception:
        logger.exception("import %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
            status=ImportBatch.Status.PREVIEW, message=_("Something went wrong while importing; nothing was imported. "
                                                         "Try again, or ask for help if it happens again."))
        if notify:
            _notify(ImportBatch.objects.select_related("confirmed_by").get(pk=batch_id))
        raise
    if notify:
        _notify(batch)
    return batch


def _execute(batch: ImportBatch) -> None:
    rows = list(ImportRow.objects.filter(batch_id=batch.pk, skip=False)
                .only("pk", "batch_id", "number", "values", "skip").order_by("number"))
    plans, wrong = [], []
    ctx = _context(batch, actor=batch.confirmed_by, invite_now=batch.invite == InviteWhen.NOW)
    try:
        with transaction.atomic():  # the data: written whole, or rolled back whole
            plans = _analyse(batch, rows, ctx)
            wrong = [plan for plan in plans if plan.action == ERROR]
            if wrong:
                raise _Refused(ngettext(
                    "When importing, %(count)s row turned out to have an error (the platform changed since the "
                    "preview). Nothing was imported; the preview shows the row.",
                    "When importing, %(count)s rows turned out to have an error (the platform changed since the "
                    "preview). Nothing was imported; the preview shows the rows.", len(wrong))
                    % {"count": len(wrong)})
            for plan in sorted(plans, key=lambda plan: (plan.order, plan.number)):
                if plan.write is not None:
                    try:
                        plan.write()
                    except (ValidationError, IntegrityError) as exc:
                        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else _(
                            "someone changed the same data at the same moment")
                        raise _Refused(_("Row %(row)s could not be imported (%(error)s). Nothing was imported; check "
                                         "the preview and confirm again.") % {"row": plan.number, "error": text}) \
                            from exc
            if "run" in ctx.cache:
                run = ctx.cache["run"]
                run.proposals_made = run.needs = sum(1 for plan in plans if plan.action == NEW)
                run.save(update_fields=["proposals_made", "needs"])
                batch.run = run
    except _Refused as refused:
        if wrong:  # the stored preview of the wrong rows outlives the rolled-back data
            _store(rows, plans)
        batch.status = ImportBatch.Status.PREVIEW
        batch.message = refused.message
        batch.save(update_fields=["status", "message"])
        return
    counts = {action: sum(1 for plan in plans if plan.action == action) for action in (NEW, UPDATE, UNCHANGED)}
    skipped = list(batch.rows.filter(skip=True).order_by("number").values_list("number", flat=True))
    batch.created, batch.updated, batch.unchanged = counts[NEW], counts[UPDATE], counts[UNCHANGED]
    batch.skipped, batch.skipped_rows = len(skipped), skipped
    batch.status, batch.finished_at, batch.message = ImportBatch.Status.DONE, timezone.now(), ""
    batch.save(update_fields=["created", "updated", "unchanged", "skipped", "skipped_rows", "status", "finished_at",
                              "message", "run"])
    batch.rows.all().delete()  # the file's personal data is not kept once imported
    import_record(batch)


def import_record(batch: ImportBatch) -> None:
    """The one place where a finished import is recorded: who confirmed it, when, which file, and what it did.

    The ImportBatch row keeps these for the import pages; the platform's audit trail receives them here as well.
    """
    details = {"kind": batch.kind, "file": batch.file_name, "created": batch.created, "updated": batch.updated,
               "unchanged": batch.unchanged, "skipped": batch.skipped}
    logger.info("import %s by %s: %s", batch.pk, getattr(batch.confirmed_by, "email", "?"), details)
    audit_record(actor=batch.confirmed_by, action="import.done", target=batch, details=details)


def _notify(batch: ImportBatch) -> None:
    """Tell the person who confirmed a background import that it is done (or why it stopped), in their language."""
    person = batch.confirmed_by
    if person is None or not person.email:
        return
    send_templated_email(
        to=person.email, template="reports/email/import_finished",
        context={"batch": batch, "person": person, "done": batch.status == ImportBatch.Status.DONE,
                 "link": site_link("reports:import_detail", batch.pk)},
        language=person.language,
    )


# --- Accounts and invitations ------------------------------------------------------------------------


def account_for_import(ctx: Context, *, email: str, first_name: str, last_name: str, role: str, language: str, tie,
                       places=()):
    """An account for a person in the file, without a password: invited at once through the normal invitation (in
    their language), or left for staff to invite later. `tie(user)` ties it to its school or profile."""
    if ctx.invite_now:
        invitation = account_services.user_invite(
            invited_by=ctx.actor, email=email, first_name=first_name, last_name=last_name, role=role,
            language=language, tie=tie, places=places)
        user, invited_at = invitation.user, invitation.created_at
    else:
        with transaction.atomic():
            user = account_services.account_create(email=email, first_name=first_name, last_name=last_name,
                                                   role=role, language=language)
            tie(user)
        invited_at = None
    ImportAccount.objects.create(batch=ctx.batch, user=user, invited_at=invited_at)
    return user


def invitations_send(*, batch_id: int, actor) -> int:
    """Send the invitations an import left waiting, each through the normal invitation e-mail in the person's
    language; people invited meanwhile (from the user list) are not invited twice."""
    with transaction.atomic():
        batch = _locked(batch_id)
        _refuse_unless(batch, ImportBatch.Status.DONE)
        waiting = list(ImportAccount.objects.select_for_update(of=("self",)).filter(batch=batch, invited_at__isnull=True)
                       .select_related("user"))
        sent = 0
        for account in waiting:
            try:
                report_services.user_invitation_send(user_id=account.user_id, actor=actor)
                sent += 1
            except ValidationError:
                pass  # invited meanwhile, or the person chose a password already
            account.invited_at = timezone.now()
        ImportAccount.objects.bulk_update(waiting, ["invited_at"])
    return sent


# --- Cleaning up ---------------------------------------------------------------------------------


def imports_clean_stale(*, now=None) -> int:
    """Previews nobody confirmed within IMPORT_PREVIEW_HOURS expire: the rows of their files are deleted."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IMPORT_PREVIEW_HOURS)
    expired = 0
    for batch_id in ImportBatch.objects.filter(status__in=ImportBatch.OPEN, created_at__lt=cutoff).values_list(
            "pk", flat=True):
        with transaction.atomic():
            batch = _locked(batch_id)
            if batch.status not in ImportBatch.OPEN:
                continue
            batch.rows.all().delete()
            batch.status = ImportBatch.Status.EXPIRED
            batch.save(update_fields=["status"])
            expired += 1
    return expired
