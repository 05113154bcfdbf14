"""Pseudonymisation: find the names the platform knows, e-mail addresses and phone numbers, and replace them.

Pure functions on text; the dictionary of names comes from research.services.transcripts. Longest names first,
whole words only (re.escape and look-arounds), so "Jan Bakker" wins over "Jan" and "Jansen" keeps its "Jan".
A name of one word is matched with its capital (so the surname "Bakker" leaves the baker, "bakker", alone);
longer names in any case.
"""

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s.-]?\(?0?\)?)?(?:[\s.-]?\d){9}(?!\d)")
EMAIL_REPLACEMENT = "[e-mailadres]"
PHONE_REPLACEMENT = "[telefoonnummer]"


@dataclass(frozen=True)
class Term:
    original: str
    replacement: str
    kind: str = "name"


@dataclass
class Proposal:
    original: str
    replacement: str
    kind: str
    count: int = 0
    samples: list[str] = field(default_factory=list)


def _pattern(originals) -> re.Pattern | None:
    originals = sorted({o for o in originals if o and o.strip()}, key=lambda o: (-len(o), o))
    if not originals:
        return None
    parts = []
    for original in originals:
        escaped = re.escape(original.strip()).replace(r"\ ", r"\s+")
        parts.append(escaped if len(original.split()) == 1 else f"(?i:{escaped})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _sample(text: str, start: int, end: int, width: int = 40) -> str:
    return ("…" if start > width else "") + text[max(0, start - width):end + width].replace("\n", " ") + (
        "…" if end + width < len(text) else "")


def propose(texts: list[str], terms: list[Term]) -> list[Proposal]:
    """Every known name, e-mail address and phone number found in the texts, with a proposed replacement."""
    by_key = {t.original.strip().casefold(): t for t in terms if t.original.strip()}
    pattern = _pattern(t.original for t in terms)
    found: dict[str, Proposal] = {}

    def add(original, replacement, kind, text, match):
        proposal = found.setdefault(original, Proposal(original, replacement, kind))
        proposal.count += 1
        if len(proposal.samples) < 3:
            proposal.samples.append(_sample(text, match.start(), match.end()))

    for text in texts:
        taken = []
        if pattern:
            for match in pattern.finditer(text):
                term = by_key.get(re.sub(r"\s+", " ", match.group(0)).casefold())
                if term:
                    add(match.group(0), term.replacement, term.kind, text, match)
                    taken.append(match.span())
        for regex, replacement, kind in ((EMAIL, EMAIL_REPLACEMENT, "email"), (PHONE, PHONE_REPLACEMENT, "phone")):
            for match in regex.finditer(text):
                if not any(s <= match.start() < e for s, e in taken):
                    add(match.group(0), replacement, kind, text, match)
    return sorted(found.values(), key=lambda p: (p.kind != "name", p.original.casefold()))


def apply(text: str, replacements: dict[str, str]) -> str:
    """The text with each accepted original (exact, whole words) replaced, longest first."""
    return "".join(piece if old is None else new for piece, old, new in pieces(text, replacements))


def pieces(text: str, replacements: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    """The text as a diff: (unchanged text, None, None) and (original, original, replacement) pieces."""
    replacements = {k: v for k, v in replacements.items() if k}
    if not replacements:
        return [(text, None, None)] if text else []
    originals = sorted(replacements, key=lambda o: (-len(o), o))
    pattern = re.compile(r"(?<![\w@.+-])(?:" + "|".join(re.escape(o) for o in originals) + r")(?![\w@-])")
    result, position = [], 0
    for match in pattern.finditer(text):
        if match.start() > position:
            result.append((text[position:match.start()], None, None))
        result.append((match.group(0), match.group(0), replacements[match.group(0)]))
        position = match.end()
    if position < len(text):
        result.append((text[position:], None, None))
    return result
