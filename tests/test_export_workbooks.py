"""Participants' words in exported workbooks stay text: no formula or link cells, embedded or not."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from workshop import deck as decks
from workshop import store
from workshop.export import compare, factsheet, pptx, tables
from workshop.interactions import REGISTRY

from .test_export_data import db, simulate  # noqa: F401 - db is a fixture

# What a participant might type to make a researcher's spreadsheet run something.
WORDS = ["=1+2", "=cmd|'/c calc'!a1"]
STATEMENT = "=SUM(1,2) is wat politie en zorg delen"
PLACE = "=Zeist"


def sessions_with_formulas(db):  # noqa: F811
    """Three finished demo sessions whose word cloud, statements and place name start with '='."""
    deck = decks.load("slides/demo.md")
    made = [simulate(db, deck, "gemeente", place, "2026-11-29", {0: 6, 1: 6}, seed=seed)
            for seed, place in enumerate(["Utrecht", PLACE, "Amersfoort"], start=1)]
    for session in made:
        people = [p["id"] for p in db.query("select id from participants where session_id = ?", [session["id"]])]
        cloud = next(q for q in deck.questions if q.kind == "wordcloud")
        board = next(q for q in deck.questions if q.kind == "statements")
        store.set_question_status(db, session["id"], cloud.id, "open", None)
        store.set_question_status(db, session["id"], board.id, "open", None)
        statement = store.add_submission(db, session["id"], board.id, STATEMENT, "participant", "approved",
                                         people[0])
        for person in people:
            assert store.save_response(db, session["id"], person, cloud.id,
                                       REGISTRY["wordcloud"].validate(cloud, WORDS)) is not None
            store.save_vote(db, statement, person, "agree")
        store.set_question_status(db, session["id"], cloud.id, "closed", None)
        store.set_question_status(db, session["id"], board.id, "closed", None)
    return [store.session_by_id(db, s["id"]) for s in made]


def embedded_cells(prs) -> list:
    """Every cell of every workbook embedded in a presentation's charts."""
    buffer = io.BytesIO()
    prs.save(buffer)
    cells = []
    with zipfile.ZipFile(buffer) as package:
        names = [n for n in package.namelist() if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")]
        assert names
        for name in names:
            book = load_workbook(io.BytesIO(package.read(name)))
            cells += [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    return cells


def test_charts_embed_participants_words_as_text_never_as_formulas(db):  # noqa: F811
    chosen = sessions_with_formulas(db)
    for prs in (pptx.summary_deck(db, chosen[0]), factsheet.factsheet(db, chosen[0]),
                compare.compare_deck(db, chosen)):
        cells = embedded_cells(prs)
        assert [c.value for c in cells if c.data_type == "f"] == []
        assert not [c for c in cells if c.hyperlink is not None]
    texts = {c.value for c in embedded_cells(pptx.summary_deck(db, chosen[0])) if isinstance(c.value, str)}
    assert any(t.startswith(WORDS[0]) for t in texts) and any(t.startswith("=SUM(1,2)") for t in texts)


def test_the_data_workbook_holds_no_formulas_either(db):  # noqa: F811
    chosen = sessions_with_formulas(db)
    book = load_workbook(io.BytesIO(tables.export(db, chosen, "xlsx")))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.value for c in cells if c.data_type == "f"] == []
    assert "'" + WORDS[0] in {c.value for c in cells}
