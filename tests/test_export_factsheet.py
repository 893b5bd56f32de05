"""The factsheet's content rules (docs/exports.md): what a municipality reads on its one page."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Inches

from workshop import sessions, store
from workshop.export import factsheet

from .gipz_session import QA, gipz_session
from .test_export_data import db  # noqa: F401 - a fixture


def page_text(prs) -> str:
    buffer = io.BytesIO()
    prs.save(buffer)
    buffer.seek(0)
    (slide,) = Presentation(buffer).slides
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_title_names_study_place_and_date_and_the_source_names_study_and_organisation(db):  # noqa: F811
    prs = factsheet.factsheet(db, gipz_session(db))
    # every position a whole number of EMU, as PowerPoint requires (a float makes it offer a repair)
    assert all(s.left + s.width <= prs.slide_width and s.top + s.height <= prs.slide_height
               for s in prs.slides[0].shapes)
    text = page_text(prs)
    assert text.startswith("GIPZ · Zeist · 2 maart 2026")
    source = next(line for line in text.splitlines() if line.startswith("Bron:"))
    assert source.startswith("Bron: GIPZ, lectoraat Kennisanalyse Sociale Veiligheid")
    assert "workshop" not in source.lower()


def test_the_source_line_can_be_set_for_one_session(db):  # noqa: F811
    text = page_text(factsheet.factsheet(db, gipz_session(db), source="GIPZ, gemeente Zeist en lectoraat"))
    assert "Bron: GIPZ, gemeente Zeist en lectoraat; bijeenkomst in Zeist op 2 maart 2026." in text


def test_sections_a_reader_expects_and_a_plain_method_note(db):  # noqa: F811
    text = page_text(factsheet.factsheet(db, gipz_session(db)))
    for heading in ("Wie deden mee", "Belangrijkste uitkomsten",
                    "Waar de groepen het eens zijn, en waar niet", "Wat deelnemers schreven"):
        assert heading in text
    assert "In welk domein werk je? Politie 9 · Zorg 9 · Overig 8" in text
    assert "Meest gekozen:" in text  # each result with its finding in one line
    note = next(line for line in text.splitlines() if line.startswith("Zo kwamen deze cijfers tot stand"))
    assert "anoniem" in note and "minder dan 5" in note and "smoothing" in note
    assert "uitsplitsing naar groep niet getoond" not in text


def test_quotes_come_from_statements_and_open_answers_never_from_questions_to_the_team(db):  # noqa: F811
    session = gipz_session(db)
    said = factsheet.quotes(db, session)
    assert 1 <= len(said) <= factsheet.QUOTES
    assert not set(said) & set(QA)
    deck = sessions.deck_of(session)
    allowed = set()
    for question in deck.questions:
        if question.kind == "statements":
            allowed |= {r["text"] for r in store.submissions(db, session["id"], question.id)
                        if r["source"] == "participant"}
        elif question.kind == "open":
            allowed |= {t for value in store.response_values(db, session["id"], question.id) for t in value}
    assert set(said) <= allowed
    assert not any(f"“{q}”" in page_text(factsheet.factsheet(db, session)) for q in QA)


def test_small_groups_get_one_honest_sentence(db):  # noqa: F811
    session = gipz_session(db, k=16)  # no group of either profile question reaches 16: no split at all
    text = page_text(factsheet.factsheet(db, session))
    assert "De groepen waren te klein om apart te tonen (minder dan 16 per groep)." in text
    assert "Per groep vergelijken kon niet: geen twee groepen hadden minstens 16 deelnemers" in text
    assert "Politie 9" not in text and "Uitvoering 15" not in text


def test_an_organisations_template_gives_the_page(db, tmp_path):  # noqa: F811
    template = Presentation()
    template.slide_width, template.slide_height = Inches(8.27), Inches(11.69)
    path = tmp_path / "org.pptx"
    template.save(path)
    prs = factsheet.factsheet(db, gipz_session(db), template=str(path))
    assert (prs.slide_width, prs.slide_height) == (Inches(8.27), Inches(11.69)) and len(prs.slides) == 1
    shapes = prs.slides[0].shapes
    assert all(s.left + s.width <= prs.slide_width and s.top + s.height <= prs.slide_height for s in shapes)
