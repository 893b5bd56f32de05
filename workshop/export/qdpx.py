"""Texts and their codes as a REFI-QDA project (.qdpx), read by ATLAS.ti, MAXQDA, NVivo and QualCoder.

No Flask here. The REFI-QDA Project Exchange standard (www.qdasoftware.org, QDA-XML 1.0, schema
Project.xsd of March 2019): a zip with `project.qde` (XML) and one plain-text file per source under
`sources/`. Here a source is one question of one session, its texts separated by blank lines; each text is a
selection named after the participant's pseudonym and groups, with one coding per code and coder. The
codebook keeps its tree and descriptions; memos become notes. GUIDs are derived from the database's ids,
so exporting twice gives the same GUIDs and a QDA program can merge a later export.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from sqlite_utils import Database

from .. import palette, store
from ..coding.texts import Text, codebook_texts
from .tables import pseudonyms

NS = "urn:QDA-XML:project:1.0"
_ROOT = uuid.UUID("6f1c3a52-6c43-4c2e-9d64-2a7c1f0e9b11")
SEPARATOR = "\n\n"


def _guid(*parts: object) -> str:
    return str(uuid.uuid5(_ROOT, "/".join(str(p) for p in parts))).upper()


def _el(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attributes.items() if v is not None})


def _text_el(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = _el(parent, tag)
    element.text = text
    return element


def build(db: Database, codebook_id: int) -> bytes:
    """The codebook's texts, codes, codings and memos as a .qdpx file."""
    book = store.codebook(db, codebook_id)
    codes = store.codes(db, codebook_id)
    codings = store.codings(db, codebook_id)
    texts = codebook_texts(db, book["session_ids"])
    coders = {row["id"]: row["name"] for row in store.coders(db, codebook_id)}
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    ET.register_namespace("", NS)
    project = ET.Element(f"{{{NS}}}Project", {"name": book["name"], "origin": "workshop",
                                               "creationDateTime": stamp})
    users = _el(project, "Users") if coders else None
    for coder_id, name in coders.items():
        _el(users, "User", guid=_guid("user", coder_id), name=name)
    notes: list[tuple[str, str, str]] = []
    if codes:
        book_el = _el(_el(project, "CodeBook"), "Codes")
        children: dict[int | None, list[dict]] = {}
        for code in codes:
            children.setdefault(code["parent_id"], []).append(code)

        def add(parent: ET.Element, code: dict) -> None:
            element = _el(parent, "Code", guid=_guid("code", code["id"]), name=code["name"], isCodable="true",
                          color=palette.group(code["id"] - 1))
            if code["description"]:
                _text_el(element, "Description", code["description"])
            if code["memo"]:
                note_guid = _guid("memo", code["id"])
                notes.append((note_guid, f"Memo: {code['name']}", code["memo"]))
                _el(element, "NoteRef", targetGUID=note_guid)
            for child in children.get(code["id"], []):
                add(element, child)

        for code in children.get(None, []):
            add(book_el, code)
    variables = _el(project, "Variables")
    variable_names = ("sessie", "plaats", "datum", "vraag")
    for name in variable_names:
        _el(variables, "Variable", guid=_guid("variable", name), name=name, typeOfVariable="Text")
    files: dict[str, str] = {}
    sources = _el(project, "Sources") if texts else None
    coded: dict[str, list[dict]] = {}
    for row in codings:
        coded.setdefault(row["text_key"], []).append(row)
    names = pseudonyms(db, book["session_ids"])
    by_source: dict[tuple[int, str], list[Text]] = {}
    for text in texts:
        by_source.setdefault((text.session_id, text.question_id or "notes"), []).append(text)
    for (session_id, question_id), found in by_source.items():
        session = store.session_by_id(db, session_id)
        source_guid = _guid("source", session_id, question_id)
        plain, selections, at = [], [], 0
        for text in found:
            start = at + (len(SEPARATOR) if plain else 0)
            plain.append(text.text)
            at = start + len(text.text)
            selections.append((text, start, at))
        files[f"sources/{source_guid}.txt"] = SEPARATOR.join(plain)
        label = found[0].question or ("Notities" if question_id == "notes" else question_id)
        element = _el(sources, "TextSource", guid=source_guid, name=f"{session['title']} · {label}"[:200],
                      plainTextPath=f"internal://{source_guid}.txt")
        for text, start, end in selections:
            who = names.get(text.participant_id, "notitie" if text.source == "note" else "")
            name = " · ".join([who, *(group for _, group in text.groups)]).strip(" ·") or text.source
            selection = _el(element, "PlainTextSelection", guid=_guid("selection", text.key), name=name,
                            startPosition=str(start), endPosition=str(end))
            for row in coded.get(text.key, []):
                coding = _el(selection, "Coding", guid=_guid("coding", row["code_id"], text.key, row["coder_id"]),
                             creatingUser=_guid("user", row["coder_id"]))
                _el(coding, "CodeRef", targetGUID=_guid("code", row["code_id"]))
        for name, value in zip(variable_names, (session["title"], session["place"], session["date"], label)):
            holder = _el(element, "VariableValue")
            _el(holder, "VariableRef", targetGUID=_guid("variable", name))
            _text_el(holder, "TextValue", str(value or ""))
    if notes:
        notes_el = _el(project, "Notes")
        for guid, name, text in notes:
            note = _el(notes_el, "Note", guid=guid, name=name)
            _text_el(note, "PlainTextContent", text)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", ET.tostring(project, encoding="utf-8", xml_declaration=True))
        for path, content in files.items():
            archive.writestr(path, content.encode("utf-8"))
    return out.getvalue()
