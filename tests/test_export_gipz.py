"""The GIPZ decks (or, until they exist, the demo deck and a research deck written here) through every export.

Each deck gives a full summary deck, a factsheet and, across three simulated sessions, a comparison deck,
and each file opens in python-pptx.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from workshop import deck as decks
from workshop.export import compare, factsheet, pptx

from .test_export_data import RESEARCH_DECK, db, simulate  # noqa: F401 - db is a fixture
from .test_export_recompute import check_comparison

SLIDES = Path(__file__).resolve().parent.parent / "slides"
GIPZ = [SLIDES / "gipz-gemeente.md", SLIDES / "gipz-landelijk.md"]
SOURCES = [p.name for p in GIPZ if p.exists()] or ["demo.md", "research-in-test"]


def load(name: str):
    return decks.parse(RESEARCH_DECK, "r.md") if name == "research-in-test" else decks.load(SLIDES / name)


def saved_and_opened(prs, path: Path):
    prs.save(path)
    return Presentation(str(path))


@pytest.mark.parametrize("name", SOURCES)
def test_deck_gives_summary_factsheet_and_comparison(db, tmp_path, name):  # noqa: F811
    deck = load(name)
    groups = {0: 8, 1: 6, 2: 3}
    three = [simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", groups, seed=1),
             simulate(db, deck, "gemeente", "Zeist", "2026-11-30", {0: 6, 1: 5}, seed=2),
             simulate(db, deck, "landelijk", "Den Haag", "2026-12-02", {0: 9, 1: 7}, seed=3)]

    summary = saved_and_opened(pptx.summary_deck(db, three[0]), tmp_path / "samenvatting.pptx")
    titles = {s.shapes.title.text.split(" (")[0] for s in summary.slides if s.shapes.title is not None}
    assert {q.text for q in deck.questions} <= titles
    assert "Verantwoording" in titles

    sheet = saved_and_opened(factsheet.factsheet(db, three[0]), tmp_path / "factsheet.pptx")
    assert len(sheet.slides) == 1
    assert (sheet.slide_width, sheet.slide_height) == (Inches(7.5), Inches(10.83))
    assert any(shape.has_chart for shape in sheet.slides[0].shapes)

    comparison = saved_and_opened(compare.compare_deck(db, three), tmp_path / "vergelijking.pptx")
    # open answers are compared by the share of people using a word (Open.measure); Q&A is not compared
    charted = [q for q in deck.questions if q.kind != "qa"]
    # a question with many bars goes over several slides, "compare:<id>:1", "compare:<id>:2"
    names = [shape.name for s in comparison.slides for shape in s.shapes if shape.has_chart]
    questions = list(dict.fromkeys(":".join(n.split(":")[:2]) for n in names))
    assert questions == [f"compare:{q.id}" for q in charted]


@pytest.mark.skipif(not all(p.exists() for p in GIPZ), reason="the GIPZ decks are not written yet")
def test_gemeente_and_landelijk_sessions_compare_on_their_shared_questions(db, tmp_path):  # noqa: F811
    gemeente, landelijk = (decks.load(p) for p in GIPZ)
    chosen = [simulate(db, gemeente, "gemeente", "Utrecht", "2026-11-29", {0: 8, 1: 6, 2: 5}, seed=1),
              simulate(db, gemeente, "gemeente", "Zeist", "2026-11-30", {0: 6, 1: 5}, seed=2),
              simulate(db, landelijk, "landelijk", "Den Haag", "2026-12-02", {0: 9, 1: 7}, seed=3)]
    checked, series = check_comparison(db, chosen)
    shared = {q.id for q in gemeente.questions} & {q.id for q in landelijk.questions}
    assert set(series) and set(series) <= shared and checked > 20
    prs = saved_and_opened(compare.compare_deck(db, chosen), tmp_path / "vergelijking.pptx")
    listed = " ".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes
                      if shape.has_text_frame and slide.shapes.title is not None
                      and slide.shapes.title.text.startswith("Vragen die niet elke sessie stelde"))
    only_some = ({q.id for q in gemeente.questions} ^ {q.id for q in landelijk.questions})
    assert all(f"({question_id})" in listed for question_id in only_some)
