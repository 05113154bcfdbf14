"""REFI-QDA exchange: a project (.qdpx, standard 1.5) and a codebook (.qdc), written and read with lxml.

A .qdpx is a zip of `project.qde` (QDA-XML, namespace urn:QDA-XML:project:1.0) and `sources/<guid>.txt`.
Positions count Unicode code points of the plain text, as the standard says and as our offsets do.
This module works on plain data (dataclasses); research.services.exports assembles it from the database.
"""

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA = Path(__file__).resolve().parent / "schema" / "Project.xsd"
ORIGIN = "Onderwijsambassadeurs platform"
_NAMESPACE = uuid.UUID("5b0a9d7e-3c1f-4f3e-9a53-6d1f2f0c8b11")


def guid(key: str) -> str:
    """A stable GUID for an object, so that exporting twice gives the same identities."""
    return str(uuid.uuid5(_NAMESPACE, key))


@dataclass
class Code:
    key: str
    name: str
    colour: str = ""
    description: str = ""
    children: list["Code"] = field(default_factory=list)
    note_keys: list[str] = field(default_factory=list)


@dataclass
class Selection:
    key: str
    start: int
    end: int
    user_key: str
    code_key: str
    created: datetime
    name: str = ""
    note_keys: list[str] = field(default_factory=list)


@dataclass
class Source:
    key: str
    name: str
    text: str
    created: datetime
    selections: list[Selection] = field(default_factory=list)
    note_keys: list[str] = field(default_factory=list)


@dataclass
class Case:
    key: str
    name: str
    values: dict[str, str]
    source_keys: list[str] = field(default_factory=list)


@dataclass
class Note:
    key: str
    name: str
    text: str
    user_key: str
    created: datetime


@dataclass
class Project:
    name: str
    users: dict[str, str]  # key -> name
    codes: list[Code]
    sources: list[Source]
    cases: list[Case] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    journal_note_keys: list[str] = field(default_factory=list)
    description: str = ""


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value.tzinfo is None else value.isoformat(timespec="seconds")


def _el(parent, tag, ns=PROJECT_NS, **attrs):
    return etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v not in (None, "")})


def _code_xml(parent, code: Code, ns):
    element = _el(parent, "Code", ns, guid=guid(code.key), name=code.name, isCodable="true",
                  color=code.colour.upper() if code.colour else None)
    if code.description:
        _el(element, "Description", ns).text = code.description
    for note_key in code.note_keys:
        _el(element, "NoteRef", ns, targetGUID=guid(note_key))
    for child in code.children:
        _code_xml(element, child, ns)


def project_xml(project: Project) -> bytes:
    root = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS}, name=project.name, origin=ORIGIN)
    if project.users:
        users = _el(root, "Users")
        for key, name in project.users.items():
            _el(users, "User", guid=guid(key), name=name, id=key.rsplit(":", 1)[-1])
    if project.codes:
        codes = _el(_el(root, "CodeBook"), "Codes")
        for code in project.codes:
            _code_xml(codes, code, PROJECT_NS)
    if project.variables and project.cases:
        variables = _el(root, "Variables")
        for name in project.variables:
            _el(variables, "Variable", guid=guid(f"variable:{name}"), name=name, typeOfVariable="Text")
        cases = _el(root, "Cases")
        for case in project.cases:
            element = _el(cases, "Case", guid=guid(case.key), name=case.name)
            for name in project.variables:
                value = _el(element, "VariableValue")
                _el(value, "VariableRef", targetGUID=guid(f"variable:{name}"))
                _el(value, "TextValue").text = case.values.get(name, "")
            for source_key in case.source_keys:
                _el(element, "SourceRef", targetGUID=guid(source_key))
    if project.sources:
        sources = _el(root, "Sources")
        for source in project.sources:
            source_guid = guid(source.key)
            element = _el(sources, "TextSource", guid=source_guid, name=source.name,
                          plainTextPath=f"internal://{source_guid}.txt", creationDateTime=_when(source.created))
            for selection in source.selections:
                sel = _el(element, "PlainTextSelection", guid=guid(selection.key), name=selection.name,
                          startPosition=str(selection.start), endPosition=str(selection.end),
                          creatingUser=guid(selection.user_key), creationDateTime=_when(selection.created))
                coding = _el(sel, "Coding", guid=guid(selection.key + ":coding"), creatingUser=guid(selection.user_key),
                             creationDateTime=_when(selection.created))
                _el(coding, "CodeRef", targetGUID=guid(selection.code_key))
                for note_key in selection.note_keys:
                    _el(sel, "NoteRef", targetGUID=guid(note_key))
            for note_key in source.note_keys:
                _el(element, "NoteRef", targetGUID=guid(note_key))
    if project.notes:
        notes = _el(root, "Notes")
        for note in project.notes:
            element = _el(notes, "Note", guid=guid(note.key), name=note.name, creatingUser=guid(note.user_key),
                          creationDateTime=_when(note.created))
            _el(element, "PlainTextContent").text = note.text
    if project.description:
        _el(root, "Description").text = project.description
    for note_key in project.journal_note_keys:
        _el(root, "NoteRef", targetGUID=guid(note_key))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def write_project(project: Project) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(project))
        for source in project.sources:
            archive.writestr(f"sources/{guid(source.key)}.txt", source.text.encode("utf-8"))
    return buffer.getvalue()


def write_codebook(codes: list[Code]) -> bytes:
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    codes_element = _el(root, "Codes", CODEBOOK_NS)
    for code in codes:
        _code_xml(codes_element, code, CODEBOOK_NS)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def validate(project_qde: bytes) -> list[str]:
    """Errors of a project.qde against the REFI-QDA project schema (empty when valid)."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(project_qde, parser=_parser())
    return [] if schema.validate(document) else [str(error) for error in schema.error_log]


def _parser():
    # No network, no external entities: an uploaded file must not read local files or call out.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class UnreadableFile(ValueError):
    pass


def _codes_from(element, ns) -> list[dict]:
    result = []
    for code in element.findall(f"{{{ns}}}Code"):
        description = code.find(f"{{{ns}}}Description")
        result.append({
            "guid": code.get("guid"), "name": (code.get("name") or "").strip(), "colour": code.get("color") or "",
            "description": (description.text or "").strip() if description is not None else "",
            "children": _codes_from(code, ns),
        })
    return result


def read_codebook(data: bytes) -> list[dict]:
    """The code tree of a .qdc codebook, or of the project inside a .qdpx: [{name, colour, description, children}]."""
    if data[:2] == b"PK":
        return read_project(data)["codes"]
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(str(exc)) from exc
    ns = etree.QName(root).namespace or ""
    codes = root.find(f"{{{ns}}}Codes") if etree.QName(root).localname == "CodeBook" else None
    if codes is None:
        book = root.find(f"{{{ns}}}CodeBook")
        codes = book.find(f"{{{ns}}}Codes") if book is not None else None
    if codes is None:
        raise UnreadableFile("no CodeBook/Codes element")
    return _codes_from(codes, ns)


def read_project(data: bytes) -> dict:
    """A .qdpx read back: users, code tree, and per source its text and selections (start, end, user, code)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            qde = next((n for n in names if n.endswith(".qde")), None)
            if qde is None:
                raise UnreadableFile("no project.qde in the archive")
            root = etree.fromstring(archive.read(qde), parser=_parser())
            ns = PROJECT_NS
            users = {u.get("guid"): u.get("name") for u in root.iterfind(f"{{{ns}}}Users/{{{ns}}}User")}
            book = root.find(f"{{{ns}}}CodeBook/{{{ns}}}Codes")
            sources = []
            for source in root.iterfind(f"{{{ns}}}Sources/{{{ns}}}TextSource"):
                path = source.get("plainTextPath", "")
                inline = source.find(f"{{{ns}}}PlainTextContent")
                if inline is not None:
                    text = inline.text or ""
                else:
                    member = "sources/" + path.removeprefix("internal://")
                    if member not in names:
                        raise UnreadableFile(f"missing source {member}")
                    text = archive.read(member).decode("utf-8")
                selections = [{
                    "start": int(sel.get("startPosition")), "end": int(sel.get("endPosition")),
                    "user": users.get(sel.get("creatingUser")),
                    "codes": [ref.get("targetGUID") for ref in sel.iterfind(f"{{{ns}}}Coding/{{{ns}}}CodeRef")],
                } for sel in source.iterfind(f"{{{ns}}}PlainTextSelection")]
                sources.append({"guid": source.get("guid"), "name": source.get("name"), "text": text,
                                "selections": selections})
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
        raise UnreadableFile(str(exc)) from exc
    return {"users": users, "codes": _codes_from(book, ns) if book is not None else [], "sources": sources}
