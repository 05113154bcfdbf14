"""What one cell says, read the way people write it in Dutch (and English) spreadsheets, or a problem naming why not.

Every reader takes the cell's text and returns a clean value or raises CellError. Problems are stored with their
English message id and parameters and translated when shown, so a preview reads in the language of whoever looks at it.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from schools.geo import normalise_postcode
from schools.models import brin_validator

EMPTY = {"", "-", "–", "—", "n.v.t.", "nvt", "n.v.t", "n/a", "na"}
FORMULA_STARTS = ("=", "+", "-", "@")


class CellError(Exception):
    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.msgid, self.params = msgid, params


def problem(field: str, msgid: str, *, level: str = "error", **params) -> dict:
    return {"field": field, "msg": msgid, "level": level, "params": params}


def render(item: dict) -> str:
    """A stored problem or note in the reader's language."""
    params = dict(item.get("params") or {})
    if "choices" in params:
        params["choices"] = ", ".join(vocabulary_labels(params["choices"]))
    for key, value in params.items():
        if isinstance(value, dict) and "vocabulary" in value:  # a value of a list, named in the reader's language
            params[key] = label_of(value["vocabulary"], value["value"])
    text = gettext(item["msg"])
    return text % params if params else text


def normalise(text: str) -> str:
    """For comparing words: lower case, accents and punctuation gone, single spaces ("E-mail adres" → "e mail adres")."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def is_empty(value: str) -> bool:
    return value.strip().lower() in EMPTY


def plain(value: str, *, max_length: int, free_text: bool = True) -> str:
    """A text as it stands (single spaces), refused when it would run as a formula in a spreadsheet."""
    value = re.sub(r"[ \t]+", " ", value).strip()
    if value.startswith("=") or (free_text and value.startswith(FORMULA_STARTS)):
        raise CellError(gettext_noop("This cell starts with “%(start)s”, which a spreadsheet runs as a formula; type the value "
                           "itself (without %(start)s in front)."), start=value[0])
    if len(value) > max_length:
        raise CellError(gettext_noop("At most %(max)s characters; this cell has %(length)s."), max=max_length, length=len(value))
    return value


def email(value: str) -> str:
    value = plain(value, max_length=254, free_text=False).lower()
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(gettext_noop("“%(value)s” is not an e-mail address."), value=value) from None
    return value


def phone(value: str) -> str:
    value = plain(value, max_length=30, free_text=False)
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.country_code != 31 or not phonenumbers.is_valid_number(number):
        raise CellError(gettext_noop("“%(value)s” is not a Dutch phone number; write it as 06 12345678 or 030 1234567."),
                        value=value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def postcode(value: str) -> str:
    value = plain(value, max_length=10, free_text=False)
    normalised = normalise_postcode(value)
    if normalised is None:
        raise CellError(gettext_noop("“%(value)s” is not a Dutch postcode; write it as 3511 AB."), value=value)
    return normalised


def brin(value: str) -> str:
    value = plain(value, max_length=10, free_text=False).upper().replace(" ", "")
    try:
        brin_validator(value)
    except ValidationError:
        raise CellError(gettext_noop("“%(value)s” is not a BRIN number; write the four characters, such as 12AB (without the "
                           "number of the location)."), value=value) from None
    return value


def integer(value: str, *, low: int, high: int) -> int:
    value = plain(value, max_length=10, free_text=False)
    match = re.fullmatch(r"(\d+)(?:[.,]0+)?(?:\s*km)?", value.lower())
    if not match or not low <= int(match.group(1)) <= high:
        raise CellError(gettext_noop("“%(value)s” is not a whole number from %(low)s to %(high)s."), value=value, low=low,
                        high=high)
    return int(match.group(1))


def hours(value: str) -> Decimal:
    value = plain(value, max_length=12, free_text=False)
    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(?:uur|u|hours?|h)?", value.lower())
    try:
        number = Decimal(match.group(1).replace(",", ".")) if match else None
    except InvalidOperation:
        number = None
    if number is None or not Decimal("0.5") <= number <= 40:
        raise CellError(gettext_noop("“%(value)s” is not a number of hours from 0.5 to 40."), value=value)
    return number.quantize(Decimal("0.1"))


# --- Dates ----------------------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3, "mrt": 3, "mar": 3,
    "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7,
    "july": 7, "augustus": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "october": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
DATE_FORMS = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})"), ("d", "m", "y")),
    (re.compile(r"(?:[a-z]+,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})"), ("d", "month", "y")),
]
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def date(value: str) -> datetime.date:
    """3-9-2025, 03/09/2025, 2025-09-03, 3 september 2025, 3 sept. 2025 (day first, as in the Netherlands)."""
    value = plain(value, max_length=40, free_text=False)
    text = value.lower().strip()
    if re.fullmatch(r"\d{5}", text) and 20000 <= int(text) <= 80000:  # a date cell read as Excel's day number
        return EXCEL_EPOCH + datetime.timedelta(days=int(text))
    for pattern, order in DATE_FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        if "month" in parts:
            if parts["month"] not in MONTHS:
                break
            parts["m"] = MONTHS[parts["month"]]
        year = int(parts["y"])
        year = year + 2000 if year < 100 else year
        try:
            return datetime.date(year, int(parts["m"]), int(parts["d"]))
        except ValueError:
            raise CellError(gettext_noop("“%(value)s” is not a date that exists."), value=value) from None
    raise CellError(gettext_noop("“%(value)s” cannot be read as a date; write it as 3-9-2025, 2025-09-03 or 3 september 2025."),
                    value=value)


def school_year_start(value: str) -> int:
    """2025-2026, 2025/26, 25-26 or 2025: the calendar year the school year starts in."""
    value = plain(value, max_length=20, free_text=False)
    match = re.fullmatch(r"(\d{4}|\d{2})(?:\s*[-/–]\s*(\d{4}|\d{2}))?", value.replace(" ", ""))
    if match:
        first = int(match.group(1))
        first = first + 2000 if first < 100 else first
        second = match.group(2)
        if (second is None or int(second) % 100 == (first + 1) % 100) and 1990 <= first <= 2100:
            return first
    raise CellError(gettext_noop("“%(value)s” is not a school year; write it as 2025-2026."), value=value)


# --- Words from a list ----------------------------------------------------------------------------


def choice(value: str, vocabulary: str):
    """One value of a vocabulary ("sector", "school_type", …), from its labels in either language or a synonym."""
    value = plain(value, max_length=200, free_text=False)
    found = vocabularies()[vocabulary].get(normalise(value))
    if found is None:
        raise CellError(gettext_noop("“%(value)s” is not known here; choose from: %(choices)s."), value=value, choices=vocabulary)
    return found


def choices(value: str, vocabulary: str) -> list:
    """Several values of a vocabulary, separated by commas, semicolons, slashes or "en"/"and"."""
    value = plain(value, max_length=500, free_text=False)
    found = []
    for part in re.split(r"\s*(?:[,;/+&]|\ben\b|\band\b)\s*", value):
        if part.strip():
            item = choice(part, vocabulary)
            if item not in found:
                found.append(item)
    return found


def label_of(name: str, value) -> str:
    from .vocabulary import VOCABULARIES

    return str(dict(VOCABULARIES[name]["choices"]()).get(value, value))


def vocabulary_labels(name: str) -> list[str]:
    from .vocabulary import VOCABULARIES

    return [str(label) for label in VOCABULARIES[name]["labels"]()]


@cache
def vocabularies() -> dict[str, dict[str, object]]:
    """Each vocabulary as {normalised word: value}: its labels in every language of the site, and its synonyms."""
    from django.conf import settings

    from .vocabulary import VOCABULARIES

    result = {}
    for name, spec in VOCABULARIES.items():
        words = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for value, label in spec["choices"]():
                    words.setdefault(normalise(str(label)), value)
                    words.setdefault(normalise(str(value)), value)
        for word, value in spec.get("synonyms", {}).items():
            words[normalise(word)] = value
        result[name] = words
    return result


# --- Days of the week -----------------------------------------------------------------------------

WEEKDAYS = {
    "maandag": 1, "ma": 1, "maa": 1, "monday": 1, "mon": 1, "dinsdag": 2, "di": 2, "din": 2, "tuesday": 2, "tue": 2,
    "tues": 2, "woensdag": 3, "wo": 3, "woe": 3, "wednesday": 3, "wed": 3, "donderdag": 4, "do": 4, "don": 4,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "vrijdag": 5, "vr": 5, "vrij": 5, "friday": 5, "fri": 5,
}
WEEKEND = {"zaterdag", "za", "zat", "saturday", "sat", "zondag", "zo", "zon", "sunday", "sun"}
PARTS = {
    "ochtend": "morning", "ochtends": "morning", "ochtenden": "morning", "morgen": "morning", "morgens": "morning",
    "voormiddag": "morning", "morning": "morning", "mornings": "morning", "am": "morning",
    "middag": "afternoon", "middags": "afternoon", "middagen": "afternoon", "namiddag": "afternoon",
    "afternoon": "afternoon", "afternoons": "afternoon", "pm": "afternoon",
    "dag": "day", "dagen": "day", "day": "day", "days": "day", "heledag": "day",
}
IGNORED = {"s", "hele", "gehele", "volledige", "whole", "full", "all", "de", "het", "the", "op", "on", "elke", "iedere",
           "every", "per"}
FULL_DAY_NAMES = sorted((name for name in WEEKDAYS if len(name) > 4), key=len, reverse=True)


def _tokens(text: str) -> list[str]:
    tokens = []
    for token in re.findall(r"[a-z]+", text):
        prefix = next((name for name in FULL_DAY_NAMES if token.startswith(name) and token != name), None)
        if prefix and token[len(prefix):] in PARTS:  # "dinsdagochtend"
            tokens += [prefix, token[len(prefix):]]
        else:
            tokens.append(token)
    return tokens


def day_part(value: str) -> str:
    """Morning, afternoon or the whole day ("ochtend", "'s middags", "hele dag")."""
    value = plain(value, max_length=40, free_text=False)
    found = {PARTS[token] for token in _tokens(normalise(value)) if token in PARTS}
    if len(found) != 1 or any(t not in PARTS and t not in IGNORED for t in _tokens(normalise(value))):
        raise CellError(gettext_noop("“%(value)s” is not a part of the day; write ochtend, middag or hele dag."), value=value)
    return found.pop()


def _day_item(item: str, value: str) -> tuple[list[int], str | None]:
    found_days, found_parts = [], []
    for token in _tokens(item):
        if token in WEEKDAYS:
            found_days.append(WEEKDAYS[token])
        elif token in WEEKEND:
            raise CellError(gettext_noop("“%(value)s”: ambassadors come on school days, Monday to Friday."), value=value)
        elif token in PARTS:
            found_parts.append(PARTS[token])
        elif token not in IGNORED:
            raise CellError(gettext_noop("“%(value)s” cannot be read as days; write for example dinsdag, di en do, or "
                                         "woensdagochtend."), value=value)
    if not found_days:
        raise CellError(gettext_noop("“%(value)s” names no weekday; write for example dinsdag or woensdagochtend."),
                        value=value)
    return found_days, (found_parts[-1] if found_parts else None)


def days(value: str, *, default_part: str = "day") -> list[tuple[int, str]]:
    """Weekdays with their part: "dinsdag", "di en do", "woensdagochtend", "ma-middag, vrijdag (hele dag)".

    A part after the last of days joined by "en" counts for each of them ("ma en do middag": both afternoons);
    days separated by commas each have their own part, or the default."""
    value = plain(value, max_length=200, free_text=False)
    result = []
    for group in re.split(r"\s*[,;/+]\s*", value.lower()):
        items = [normalise(item) for item in re.split(r"\s*(?:&|\ben\b|\band\b)\s*", group)]
        parsed = [_day_item(item, value) for item in items if item]
        shared = parsed[-1][1] if parsed and all(part is None for _days, part in parsed[:-1]) else None
        for found_days, part in parsed:
            for day in found_days:
                pair = (day, part or shared or default_part)
                if pair not in result:
                    result.append(pair)
    if not result:
        raise CellError(gettext_noop("“%(value)s” names no weekday; write for example dinsdag or woensdagochtend."),
                        value=value)
    return result
