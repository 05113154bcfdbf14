"""Transcripts from files into speaker turns: .txt, .docx (python-docx), .vtt and .srt (webvtt-py).

Each parser returns a list of turns {"label", "text", "t_start_ms", "t_end_ms"}; the text is normalised
(offsets.normalise) and consecutive lines of one speaker form one turn. No names are replaced here.
"""

import io
import re
import zipfile

import webvtt
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .offsets import normalise

MAX_BYTES = 5 * 1024 * 1024
FORMATS = ("txt", "docx", "vtt", "srt")

# "Naam: tekst", "[Naam] tekst" or "[00:01:02] Naam: tekst" at the start of a line (as QualCoder's speakers.py does).
_LINE = re.compile(
    r"^(?:[\[(]?(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)[\])]?\s*)?"
    r"(?:\[(?P<bracket>[^\]\n]{1,40})\]\s*:?|(?P<label>[^\W\d_][\w .'’()-]{0,38}?)\s*:)\s*(?P<rest>.*)$"
)


def _speaker_line(line: str):
    """(label, rest of the line, time stamp) when the line starts with a speaker, else None."""
    match = _LINE.match(line)
    if not match:
        return None
    label = (match.group("bracket") or match.group("label")).strip()
    return label, match.group("rest"), match.group("time")


def _labels(lines) -> set[str]:
    """Labels that are speakers: in brackets or short ones always; three or four words before a colon only when they
    recur (else it is a sentence with a colon)."""
    seen: dict[str, int] = {}
    bracketed = set()
    for line in lines:
        line = line.strip()
        found = _speaker_line(line)
        if found and len(found[0].split()) <= 4:
            seen[found[0]] = seen.get(found[0], 0) + 1
            if _LINE.match(line).group("bracket"):
                bracketed.add(found[0])
    return {label for label, count in seen.items() if len(label.split()) <= 2 or count > 1 or label in bracketed}


def _ms(stamp: str | None) -> int | None:
    if not stamp:
        return None
    parts = stamp.replace(",", ".").split(":")
    seconds = float(parts[-1]) + 60 * int(parts[-2]) + (3600 * int(parts[-3]) if len(parts) == 3 else 0)
    return round(seconds * 1000)


def turns_from_lines(lines) -> list[dict]:
    lines = list(lines)
    speakers = _labels(lines)
    turns: list[dict] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            if turns:
                turns[-1]["lines"].append("")
            continue
        found = _speaker_line(line)
        if found and found[0] in speakers:
            label, rest, stamp = found
            if turns and turns[-1]["label"] == label and stamp is None:
                turns[-1]["lines"].append(rest)
            else:
                turns.append({"label": label, "lines": [rest], "t_start_ms": _ms(stamp), "t_end_ms": None})
        elif turns:
            turns[-1]["lines"].append(line)
        else:
            turns.append({"label": "", "lines": [line], "t_start_ms": None, "t_end_ms": None})
    return _finish(turns)


def _finish(turns) -> list[dict]:
    result = []
    for turn in turns:
        text = normalise("\n".join(turn["lines"]))
        text = re.sub(r"\n{3,}", "\n\n", text)
        if text:
            result.append({"label": turn["label"], "text": text, "t_start_ms": turn["t_start_ms"],
                           "t_end_ms": turn["t_end_ms"]})
    return result


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    return data.decode("cp1252", errors="replace")


def parse_txt(data: bytes) -> list[dict]:
    return turns_from_lines(_decode(data).splitlines())


def parse_docx(data: bytes) -> list[dict]:
    import docx  # python-docx, imported here: only uploads need it

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError(_("This Word document cannot be read. Save it again as .docx and try once more.")) from exc
    lines = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.split("\n") or [""])
    return turns_from_lines(lines)


def _captions(data: bytes, fmt: str):
    text = normalise(_decode(data)) + "\n"
    try:
        return webvtt.WebVTT.from_buffer(io.StringIO(text), format=fmt).captions
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError, ValueError) as exc:
        raise ValidationError(_("This caption file cannot be read: %(error)s") % {"error": exc}) from exc


def parse_captions(data: bytes, fmt: str) -> list[dict]:
    """Teams' <v Name> voices, or "Name: text" as Zoom writes it; a speaker's consecutive captions form one turn."""
    turns: list[dict] = []
    for caption in _captions(data, fmt):
        label, body = caption.voice, caption.text
        if not label:
            found = _speaker_line(body.split("\n", 1)[0])
            if found and len(found[0].split()) <= 4:
                label, first, _stamp = found
                body = "\n".join([first, *body.split("\n")[1:]])
        label = (label or (turns[-1]["label"] if turns else "")).strip()
        start, end = caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds()
        body = " ".join(part.strip() for part in body.split("\n") if part.strip())
        if turns and turns[-1]["label"] == label:
            turns[-1]["lines"][-1] += " " + body
            turns[-1]["t_end_ms"] = end
        else:
            turns.append({"label": label, "lines": [body], "t_start_ms": start, "t_end_ms": end})
    return _finish(turns)


def parse(data: bytes, filename: str) -> tuple[str, list[dict]]:
    """The format (from the file name) and the turns; ValidationError with a message in the user's language."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise ValidationError(_("Upload a .txt, .docx, .vtt or .srt file."))
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    if extension == "docx":
        turns = parse_docx(data)
    elif extension in ("vtt", "srt"):
        turns = parse_captions(data, extension)
    else:
        turns = parse_txt(data)
    if not turns:
        raise ValidationError(_("No text was found in this file."))
    if len(turns) > 3000:
        raise ValidationError(_("This transcript has more than 3000 turns; split it into parts."))
    return extension, turns
