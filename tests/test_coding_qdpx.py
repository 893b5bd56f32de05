"""The REFI-QDA export (.qdpx): valid against the published Project schema, with texts, codes and codings."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from workshop import store
from workshop.coding import codebook
from workshop.coding.texts import codebook_texts
from workshop.export import qdpx

from .test_coding import coded_session, db  # noqa: F401 - fixtures

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "fixtures" / "refi-qda" / "Project.xsd")))
NS = {"q": "urn:QDA-XML:project:1.0"}


def _project(data: bytes):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, etree.fromstring(archive.read("project.qde"))


def test_qdpx_validates_and_carries_codes_codings_and_texts(db, coded_session):  # noqa: F811
    book = store.create_codebook(db, "GIPZ 2026", [coded_session["id"]], 1)
    parent = codebook.add_code(db, book, "bereikbaarheid", "Hoe snel iemand te bereiken is")
    child = codebook.add_code(db, book, "buiten kantooruren", parent_id=parent)
    codebook.edit_code(db, book, child, memo="Vooral de GGZ 's avonds")
    texts = codebook_texts(db, [coded_session["id"]])
    night = next(t for t in texts if t.text.startswith("GGZ"))
    store.set_coding(db, book, child, night.key, 1, True)
    store.set_coding(db, book, child, night.key, 2, True)
    archive, project = _project(qdpx.build(db, book))
    SCHEMA.assertValid(project)
    codes = project.findall(".//q:CodeBook//q:Code", NS)
    assert [c.get("name") for c in codes] == ["bereikbaarheid", "buiten kantooruren"]
    assert codes[1].getparent() is codes[0]  # the tree is kept
    selection = next(s for s in project.iterfind(".//q:PlainTextSelection", NS)
                     if len(s.findall("q:Coding", NS)) == 2)
    source = selection.getparent()
    content = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
    assert content[int(selection.get("startPosition")):int(selection.get("endPosition"))] == night.text
    assert "Zorg" in selection.get("name") and selection.get("name").startswith("P")
    users = {u.get("guid") for u in project.iterfind(".//q:User", NS)}
    assert {c.get("creatingUser") for c in selection.findall("q:Coding", NS)} == users
    note = project.find(".//q:Notes/q:Note", NS)
    assert note.find("q:PlainTextContent", NS).text == "Vooral de GGZ 's avonds"
    # Every text is in a source file, held ones never.
    everything = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("sources/"))
    assert all(t.text in everything for t in texts) and "Niet goedgekeurd" not in everything


def test_qdpx_guids_are_stable_between_exports(db, coded_session):  # noqa: F811
    book = store.create_codebook(db, "GIPZ", [coded_session["id"]], 1)
    codebook.add_code(db, book, "regie")
    first = _project(qdpx.build(db, book))[1]
    second = _project(qdpx.build(db, book))[1]
    assert [e.get("guid") for e in first.iter() if e.get("guid")] == [
        e.get("guid") for e in second.iter() if e.get("guid")]


def test_an_empty_codebook_still_validates(db, coded_session):  # noqa: F811
    book = store.create_codebook(db, "Leeg", [coded_session["id"]], 1)
    SCHEMA.assertValid(_project(qdpx.build(db, book))[1])
