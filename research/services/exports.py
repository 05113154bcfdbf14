"""Exports with pseudonyms only (CSV, XLSX, REFI-QDA .qdpx, codebook .qdc and CSV), each one logged.

Never in an export: the re-identification link, the pseudonym key, a withdrawn participant's material, or words of
someone who did not consent to the use of their transcript.
"""

import csv
import io

from django.db.models import Q
from django.utils import timezone

from accounts.audit import audit_record

from .. import qdpx
from ..models import Coding, ExportLog, Memo, Participant, Segment, Study, Transcript
from ..selectors.access import coder_name
from .codebook import codebook_csv, codebook_tree

COLUMNS = ["study", "interview", "wave", "version", "segment", "speaker", "participant", "role", "coder", "round",
           "origin", "theme", "parent_theme", "stance", "start", "end", "quote", "coded_at"]
INTERVIEWER_ROLE = "interviewer"


def _usable_segments():
    return (Q(segment__redacted=False) & (Q(segment__participant__isnull=True)
            | Q(segment__participant__withdrawn_at__isnull=True, segment__participant__consent__transcript=True)))


def exported_codings(study: Study):
    """Every coder's codings: the final coding of current versions, and the codings of reliability rounds."""
    return (Coding.objects.filter(segment__transcript__interview__study=study)
            .filter(Q(segment__transcript__is_current=True) | Q(round__isnull=False))
            .filter(_usable_segments())
            .select_related("segment__transcript__interview__wave", "segment__participant", "theme__parent", "coder",
                            "round")
            .order_by("segment__transcript__interview__code", "segment__transcript__version", "segment__index",
                      "start", "coder_id", "theme__name", "pk"))


def coding_rows(study: Study):
    for coding in exported_codings(study).iterator(chunk_size=2000):
        segment, participant = coding.segment, coding.segment.participant
        interview = segment.transcript.interview
        yield {
            "study": study.slug, "interview": interview.code, "wave": interview.wave.name if interview.wave else "",
            "version": segment.transcript.version, "segment": segment.index, "speaker": segment.speaker,
            "participant": participant.code if participant else "",
            "role": participant.role if participant else INTERVIEWER_ROLE, "coder": coder_name(coding.coder),
            "round": coding.round.name if coding.round else "", "origin": coding.origin, "theme": coding.theme.name,
            "parent_theme": coding.theme.parent.name if coding.theme.parent else "", "stance": coding.stance,
            "start": coding.start, "end": coding.end, "quote": coding.quote,
            "coded_at": timezone.localtime(coding.created_at).isoformat(timespec="seconds"),
        }


def log(*, study: Study, user, fmt: str, what: str, rows: int, via: str = "web") -> ExportLog:
    """The study's own export log (its team reads it), and the platform's audit trail."""
    audit_record(actor=user, action="research.exported", target=study,
                 details={"format": fmt, "what": what[:300], "rows": rows, "via": via})
    return ExportLog.objects.create(study=study, user=user, format=fmt, what=what[:300], rows=rows, via=via)


def export_csv(*, study: Study, user=None, via="web") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for row in coding_rows(study):
        writer.writerow(row)
        rows += 1
    log(study=study, user=user, fmt=ExportLog.Format.CSV, what=f"codings of every coder ({rows})", rows=rows, via=via)
    return buffer.getvalue().encode("utf-8")


def export_xlsx(*, study: Study, user=None, via="web") -> bytes:
    from openpyxl import Workbook  # imported here: only this export needs it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("codings")
    sheet.append(COLUMNS)
    rows = 0
    for row in coding_rows(study):
        # Text as text: a quote that starts with "=" must never become a formula.
        values = [row[c] if isinstance(row[c], int) else str(row[c]) for c in COLUMNS]
        sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in values])
        rows += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    log(study=study, user=user, fmt=ExportLog.Format.XLSX, what=f"codings of every coder ({rows})", rows=rows, via=via)
    return buffer.getvalue()


def _text_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def source_text(segments) -> tuple[str, dict[int, int]]:
    """A transcript as plain text ("speaker: words" per turn, a blank line between) and where each turn's words start."""
    parts, starts, position = [], {}, 0
    for segment in segments:
        prefix = f"{segment.speaker}: "
        starts[segment.pk] = position + len(prefix)
        text = prefix + segment.text
        parts.append(text)
        position += len(text) + 2
    return "\n\n".join(parts), starts


def _usable(segment) -> bool:
    participant = segment.participant
    return not segment.redacted and (participant is None or (
        participant.withdrawn_at is None and participant.consent is not None and participant.consent.transcript))


def project(study: Study) -> qdpx.Project:
    codings = list(exported_codings(study))
    transcript_ids = {c.segment.transcript_id for c in codings}
    transcripts = list(Transcript.objects.filter(Q(interview__study=study) & (Q(is_current=True) | Q(pk__in=transcript_ids)))
                       .select_related("interview").order_by("interview__code", "version"))
    segments = {}
    for segment in (Segment.objects.filter(transcript__in=transcripts).select_related("participant__consent")
                    .order_by("transcript_id", "index")):
        segments.setdefault(segment.transcript_id, []).append(segment)
    users = {}
    sources, source_keys = [], {}
    by_transcript = {}
    for coding in codings:
        by_transcript.setdefault(coding.segment.transcript_id, []).append(coding)
    memos = list(Memo.objects.filter(study=study).filter(Q(participant__isnull=True) | Q(participant__withdrawn_at__isnull=True))
                 .select_related("author").order_by("created_at", "pk"))
    notes, note_keys = [], {}
    for memo in memos:
        key = f"memo:{memo.pk}"
        users.setdefault(f"user:{memo.author_id}", coder_name(memo.author))
        notes.append(qdpx.Note(key=key, name=f"Memo {memo.target_kind}", text=memo.body, user_key=f"user:{memo.author_id}",
                               created=memo.created_at))
        note_keys.setdefault((memo.target_kind, getattr(memo, f"{memo.target_kind}_id", None)), []).append(key)
    for transcript in transcripts:
        turns = [s if _usable(s) else _blank(s) for s in segments.get(transcript.pk, [])]
        text, starts = source_text(turns)
        key = f"transcript:{transcript.pk}"
        source_keys[transcript.pk] = key
        selections = []
        for coding in by_transcript.get(transcript.pk, []):
            user_key = f"user:{coding.coder_id}"
            users.setdefault(user_key, coder_name(coding.coder))
            offset = starts[coding.segment_id]
            selections.append(qdpx.Selection(
                key=f"coding:{coding.pk}", start=offset + coding.start, end=offset + coding.end, user_key=user_key,
                code_key=f"theme:{coding.theme_id}", created=coding.created_at, name=coding.quote[:60],
                note_keys=note_keys.get(("coding", coding.pk), [])))
        name = f"{transcript.interview.code} v{transcript.version}"
        sources.append(qdpx.Source(key=key, name=name, text=text, created=transcript.created_at, selections=selections,
                                   note_keys=note_keys.get(("interview", transcript.interview_id), [])
                                   if transcript.is_current else []))
    tree = codebook_tree(study)
    _attach_theme_notes(tree, note_keys)
    participants = list(Participant.objects.filter(study=study, withdrawn_at__isnull=True).select_related("wave"))
    speaking = {}
    for transcript in transcripts:
        for segment in segments.get(transcript.pk, []):
            if segment.participant_id and _usable(segment):
                speaking.setdefault(segment.participant_id, set()).add(source_keys[transcript.pk])
    cases = [qdpx.Case(key=f"participant:{p.pk}", name=p.code,
                       values={"role": p.role, "wave": p.wave.name if p.wave else ""},
                       source_keys=sorted(speaking.get(p.pk, []))) for p in participants]
    journal = [key for (kind, _pk), keys in note_keys.items() if kind in ("journal", "participant") for key in keys]
    return qdpx.Project(name=study.name, users=users, codes=tree, sources=sources, cases=cases,
                        variables=["role", "wave"], notes=notes, journal_note_keys=journal,
                        description=study.description)


def _blank(segment):
    segment.text = ""
    return segment


def _attach_theme_notes(codes, note_keys):
    for code in codes:
        code.note_keys = note_keys.get(("theme", int(code.key.split(":")[1])), [])
        _attach_theme_notes(code.children, note_keys)


def export_qdpx(*, study: Study, user=None, via="web") -> bytes:
    data = project(study)
    selections = sum(len(s.selections) for s in data.sources)
    content = qdpx.write_project(data)
    log(study=study, user=user, fmt=ExportLog.Format.QDPX,
        what=f"REFI-QDA project: {len(data.sources)} sources, {selections} codings, {len(data.users)} users",
        rows=selections, via=via)
    return content


def export_codebook_qdc(*, study: Study, user=None, via="web") -> bytes:
    tree = codebook_tree(study)
    log(study=study, user=user, fmt=ExportLog.Format.QDC, what="codebook", rows=_count(tree), via=via)
    return qdpx.write_codebook(tree)


def export_codebook_csv(*, study: Study, user=None, via="web") -> bytes:
    content = codebook_csv(study)
    log(study=study, user=user, fmt=ExportLog.Format.CODEBOOK_CSV, what="codebook", rows=content.count("\n") - 1, via=via)
    return content.encode("utf-8")


def _count(codes) -> int:
    return sum(1 + _count(c.children) for c in codes)


EXPORTERS = {
    ExportLog.Format.CSV: (export_csv, "text/csv; charset=utf-8", "csv"),
    ExportLog.Format.XLSX: (export_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ExportLog.Format.QDPX: (export_qdpx, "application/zip", "qdpx"),
    ExportLog.Format.QDC: (export_codebook_qdc, "application/xml", "qdc"),
    ExportLog.Format.CODEBOOK_CSV: (export_codebook_csv, "text/csv; charset=utf-8", "codebook.csv"),
}
