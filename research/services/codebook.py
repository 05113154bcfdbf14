"""The codebook: a tree of themes. Rename, move and merge keep every coding; each change is in the history."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .. import qdpx
from ..models import Coding, ConsensusDecision, Memo, Study, Theme, ThemeEvent

# The themes of the pilot research (Van Rossum & Stroetinga): the study's starting codebook.
DEFAULT_THEMES = [
    ("Extra handen", "#0b5563",
     "De onderwijsambassadeur neemt taken over, zodat de leraar tijd krijgt voor wat die als primaire taak ziet.",
     "Concrete taken die zijn overgenomen: surveilleren, administratie, een groepje leerlingen, tabellen controleren.",
     "Waardering in het algemeen zonder een taak die werd overgenomen.",
     "De onderwijsambassadeur nam mijn surveillance over; ineens had ik een blok van twee uur."),
    ("Werkplezier", "#b5560b",
     "De aanwezigheid van de onderwijsambassadeur als energiebron: sfeer, gezelligheid, trots op het vak.",
     "Uitspraken over sfeer, plezier, energie en trots.", "Tijdwinst zonder gevoel erbij (zie Extra handen).",
     "Het geeft een fijne werksfeer."),
    ("Rust in de hectiek", "#5b3f99",
     "Een back-up in de klas geeft rust in het hoofd van de leraar en aandacht voor leerlingen.",
     "Rust, ruimte, back-up, tijd en aandacht voor leerlingen.", "Taken die zijn overgenomen (zie Extra handen).",
     "Ik weet gewoon: ik heb iemand als back-up."),
    ("Blik van buiten", "#1d6b2f",
     "De onderwijsambassadeur brengt de wereld buiten de school binnen, en neemt kennis van de school mee terug.",
     "Praktijkvoorbeelden, andere ogen, sparren, nadenken over de eigen les, kennis voor het eigen werk.", "",
     "Onderwijsambassadeurs kijken met andere ogen naar de dingen."),
    ("Houding van de ambassadeur", "#8a1538",
     "Een energieke, communicatieve en proactieve houding is een voorwaarde voor meerwaarde.",
     "Zelfstandig je weg zoeken, initiatief nemen, doorvragen.", "", "Je moet echt zelfstandig en proactief zijn."),
    ("Informatie en vast aanspreekpunt", "#005a8d",
     "In de school is informatie nodig over de onderwijsambassadeur, en liefst een vast aanspreekpunt.",
     "Weten wat een ambassadeur kan, wie het aanspreekpunt is, hoe je hulp vraagt.", "",
     "Docenten moeten weten wat een onderwijsambassadeur is en kan betekenen."),
    ("Maatwerk in de match", "#7a5c00",
     "De behoefte van de leraar moet passen bij wat de ambassadeur te bieden heeft.",
     "Passende of mislukte match, taken verzinnen, werkdruk die juist stijgt.", "",
     "Iets bedenken dat voor mij werkdrukverlagend is en voor de ambassadeur interessant, is lastig."),
    ("Meerwaarde tegenover investering", "#4a4a4a",
     "De afweging tussen wat de inzet oplevert en wat begeleiding en organisatie kosten.",
     "Poortwachter spelen, wie maak ik gelukkig, welke taken mag een onbevoegde doen.", "",
     "Wie maak ik hier gelukkig door?"),
]

THEME_FIELDS = ["name", "parent", "definition", "include", "exclude", "example", "colour", "order"]


def _event(theme, action, actor, changes=None):
    ThemeEvent.objects.create(theme=theme, action=action, actor=actor, changes=changes or {})


def themes_seed_default(*, study: Study, actor) -> list[Theme]:
    themes = []
    for order, (name, colour, definition, include, exclude, example) in enumerate(DEFAULT_THEMES, start=1):
        themes.append(theme_create(study=study, actor=actor, name=name, colour=colour, definition=definition,
                                   include=include, exclude=exclude, example=example, order=order))
    return themes


def _check_parent(study, theme, parent):
    if parent is None:
        return
    if parent.study_id != study.pk or not parent.is_active:
        raise ValidationError({"parent": _("Choose a theme of this codebook.")})
    node = parent
    while node is not None:
        if theme is not None and node.pk == theme.pk:
            raise ValidationError({"parent": _("A theme cannot be moved under itself or one of its sub-themes.")})
        node = node.parent


def _save(theme):
    theme.full_clean()
    try:
        with transaction.atomic():
            theme.save()
    except IntegrityError as exc:  # two researchers naming a theme the same at the same moment
        raise ValidationError({"name": _("The codebook already has a theme with this name.")}) from exc


@transaction.atomic
def theme_create(*, study: Study, actor, name: str, parent: Theme | None = None, definition: str = "",
                 include: str = "", exclude: str = "", example: str = "", colour: str = "#0b5563",
                 order: int | None = None, action: str = ThemeEvent.Action.CREATED) -> Theme:
    _check_parent(study, None, parent)
    if order is None:
        order = (Theme.objects.filter(study=study, parent=parent).aggregate(m=Max("order"))["m"] or 0) + 1
    theme = Theme(study=study, parent=parent, name=name.strip(), definition=definition, include=include,
                  exclude=exclude, example=example, colour=colour or "#0b5563", order=order)
    _save(theme)
    _event(theme, action, actor, {"name": theme.name})
    return theme


@transaction.atomic
def theme_update(*, theme: Theme, actor, **fields) -> Theme:
    """Change a theme; a new name or parent is recorded as a rename or move. Codings stay where they are."""
    theme = Theme.objects.select_for_update(of=("self",)).select_related("parent").get(pk=theme.pk)
    if not theme.is_active:
        raise ValidationError(_("This theme was merged into another one and can no longer be changed."))
    if "parent" in fields:
        _check_parent(theme.study, theme, fields["parent"])
    before = {name: getattr(theme, name) for name in THEME_FIELDS}
    for name in THEME_FIELDS:
        if name in fields:
            setattr(theme, name, fields[name].strip() if isinstance(fields[name], str) else fields[name])
    changed = [name for name in THEME_FIELDS if getattr(theme, name) != before[name]]
    if not changed:
        return theme
    _save(theme)
    if "name" in changed:
        _event(theme, ThemeEvent.Action.RENAMED, actor, {"name": [before["name"], theme.name]})
    if "parent" in changed:
        _event(theme, ThemeEvent.Action.MOVED, actor, {"parent": [str(before["parent"] or ""), str(theme.parent or "")]})
    other = [name for name in changed if name not in ("name", "parent")]
    if other:
        _event(theme, ThemeEvent.Action.EDITED, actor, {name: [str(before[name]), str(getattr(theme, name))]
                                                         for name in other})
    return theme


@transaction.atomic
def theme_merge(*, source: Theme, target: Theme, actor) -> Theme:
    """Fold `source` into `target`: its codings, sub-themes, memos and rounds move over; it stays in the history."""
    locked = {t.pk: t for t in Theme.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    source, target = locked.get(source.pk), locked.get(target.pk)
    if source is None or target is None or source.pk == target.pk or source.study_id != target.study_id:
        raise ValidationError(_("Choose another theme of this codebook to merge into."))
    if not source.is_active or not target.is_active:
        raise ValidationError(_("A merged theme cannot be merged again."))
    if target.parent_id:
        node = target.parent
        while node is not None:
            if node.pk == source.pk:  # merging a theme into its own sub-theme: the sub-theme takes its place
                target.parent = source.parent
                target.save(update_fields=["parent"])
                break
            node = node.parent
    Theme.objects.filter(parent=source).exclude(pk=target.pk).update(parent=target)
    moved = 0
    existing = set(Coding.objects.filter(theme=target).values_list("segment_id", "coder_id", "round_id", "start", "end"))
    for coding in Coding.objects.filter(theme=source):
        key = (coding.segment_id, coding.coder_id, coding.round_id, coding.start, coding.end)
        if key in existing:
            coding.delete()  # the same words were coded with both themes: one coding remains
            continue
        existing.add(key)
        coding.theme = target
        coding.save(update_fields=["theme"])
        moved += 1
    Memo.objects.filter(theme=source).update(theme=target)
    for round_ in source.rounds.all():
        round_.themes.remove(source)
        round_.themes.add(target)
    taken = set(ConsensusDecision.objects.filter(theme=target).values_list("round_id", "segment_id"))
    for decision in ConsensusDecision.objects.filter(theme=source):
        if (decision.round_id, decision.segment_id) in taken:
            decision.delete()
        else:
            decision.theme = target
            decision.save(update_fields=["theme"])
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    _event(source, ThemeEvent.Action.MERGED, actor, {"into": target.name, "codings": moved})
    _event(target, ThemeEvent.Action.MERGED, actor, {"from": source.name, "codings": moved})
    return target


# --- Import and export ------------------------------------------------------------------------------------------

CSV_COLUMNS = ["name", "parent", "definition", "include", "exclude", "example", "colour"]
_CSV_ALIASES = {"naam": "name", "bovenliggend": "parent", "bovenliggend thema": "parent", "definitie": "definition",
                "opnemen": "include", "opnemen als": "include", "uitsluiten": "exclude", "uitsluiten als": "exclude",
                "voorbeeld": "example", "kleur": "colour", "color": "colour"}
MAX_THEMES = 500


def _rows_from_csv(data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {h: _CSV_ALIASES.get((h or "").strip().lower(), (h or "").strip().lower()) for h in reader.fieldnames or []}
    if "name" not in headers.values():
        raise ValidationError(_("The CSV file needs a column 'name' (or 'naam')."))
    rows = []
    for raw in reader:
        row = {headers[k]: (v or "").strip() for k, v in raw.items() if k in headers and isinstance(v, str)}
        if row.get("name"):
            rows.append(row)
    return rows


def _rows_from_tree(codes, parent_name="") -> list[dict]:
    rows = []
    for code in codes:
        colour = code["colour"] if len(code["colour"]) == 7 else ""
        rows.append({"name": code["name"], "parent": parent_name, "definition": code["description"], "colour": colour})
        rows.extend(_rows_from_tree(code["children"], code["name"]))
    return rows


@transaction.atomic
def codebook_import(*, study: Study, actor, data: bytes, filename: str) -> tuple[list[Theme], list[str]]:
    """Themes from a REFI-QDA codebook (.qdc, or the codebook of a .qdpx) or a CSV file.

    Themes whose name the codebook already has are left as they are (and listed); nothing is saved on an error.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in ("qdc", "qdpx", "xml"):
        try:
            rows = _rows_from_tree(qdpx.read_codebook(data))
        except qdpx.UnreadableFile as exc:
            raise ValidationError(_("This codebook file cannot be read.")) from exc
    elif extension == "csv":
        rows = _rows_from_csv(data)
    else:
        raise ValidationError(_("Upload a REFI-QDA codebook (.qdc), a project (.qdpx) or a CSV file."))
    if not rows:
        raise ValidationError(_("No themes were found in this file."))
    if len(rows) > MAX_THEMES:
        raise ValidationError(_("A codebook of more than %(max)s themes cannot be imported at once.") % {"max": MAX_THEMES})
    by_name = {t.name.casefold(): t for t in Theme.objects.filter(study=study, merged_into__isnull=True)}
    created, skipped = [], []
    for index, row in enumerate(rows, start=1):
        name = row["name"][:120]
        if name.casefold() in by_name:
            skipped.append(name)
            continue
        parent = by_name.get(row.get("parent", "").casefold()) if row.get("parent") else None
        if row.get("parent") and parent is None:
            raise ValidationError(_("Row %(row)s: the parent theme '%(parent)s' comes nowhere before it.")
                                  % {"row": index, "parent": row["parent"]})
        try:
            theme = theme_create(study=study, actor=actor, name=name, parent=parent,
                                 definition=row.get("definition", ""), include=row.get("include", ""),
                                 exclude=row.get("exclude", ""), example=row.get("example", ""),
                                 colour=row.get("colour") or "#0b5563", action=ThemeEvent.Action.IMPORTED)
        except ValidationError as exc:
            raise ValidationError(_("Row %(row)s (%(name)s): %(error)s")
                                  % {"row": index, "name": name, "error": " ".join(exc.messages)}) from exc
        by_name[name.casefold()] = theme
        created.append(theme)
    return created, skipped


def _description(theme) -> str:
    parts = [theme.definition]
    for label, value in (("Opnemen als", theme.include), ("Uitsluiten als", theme.exclude), ("Voorbeeld", theme.example)):
        if value:
            parts.append(f"{label}: {value}")
    return "\n".join(p for p in parts if p)


def codebook_tree(study: Study) -> list[qdpx.Code]:
    themes = list(Theme.objects.filter(study=study, merged_into__isnull=True).order_by("order", "name"))
    nodes = {t.pk: qdpx.Code(key=f"theme:{t.pk}", name=t.name, colour=t.colour, description=_description(t))
             for t in themes}
    roots = []
    for theme in themes:
        (nodes[theme.parent_id].children if theme.parent_id in nodes else roots).append(nodes[theme.pk])
    return roots


def codebook_csv(study: Study) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for theme in Theme.objects.filter(study=study, merged_into__isnull=True).select_related("parent").order_by("order", "name"):
        writer.writerow([theme.name, theme.parent.name if theme.parent else "", theme.definition, theme.include,
                         theme.exclude, theme.example, theme.colour])
    return buffer.getvalue()
