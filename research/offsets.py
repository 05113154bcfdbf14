"""What an offset counts: code points of NFC text with \\n line ends, the same in every import format.

Browsers index strings in UTF-16 code units; they are converted here, on the server, before anything is stored.
"""

import unicodedata

_CONTROL = {chr(c) for c in range(32)} - {"\n", "\t"}


def normalise(text: str) -> str:
    """NFC, \\n line ends, no byte-order mark or stray control characters, no trailing spaces on a line."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = "".join(ch for ch in text if ch not in _CONTROL)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def from_utf16(text: str, offset: int) -> int:
    """The code-point offset in `text` of a UTF-16 offset; ValueError when it is outside or splits a character."""
    if offset < 0:
        raise ValueError("negative offset")
    encoded = text.encode("utf-16-le")
    if offset * 2 > len(encoded):
        raise ValueError("offset beyond the text")
    try:
        return len(encoded[: offset * 2].decode("utf-16-le"))
    except UnicodeDecodeError:
        raise ValueError("offset inside a character") from None


def to_utf16(text: str, offset: int) -> int:
    return utf16_length(text[:offset])


def context(text: str, start: int, end: int, width: int = 80) -> tuple[str, str]:
    """The words before and after a span (for quotes with their context)."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    if start > width:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if end + width < len(text):
        after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
    return before, after
