"""Rounds in the exports: the data export's `round` column, the summary deck's chart of the rounds by share."""

import io

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from workshop import db as database
from workshop import deck as decks
from workshop import palette, sessions, store
from workshop.export import tables
from workshop.export.pptx import write_summary_deck

from .conftest import DECK
from .test_export_data import read_csv


@pytest.fixture
def db(tmp_path):
    connection = database.init(str(tmp_path / "t.db"))
    yield connection
    connection.close()


def asked_twice(db, first: list, second: list, question_id: str = "domein") -> dict:
    """A session whose question was answered in round 1 by `first` and in round 2 by `second`."""
    row = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    people = [store.join_participant(db, row["id"], f"h{n}")[0] for n in range(max(len(first), len(second)))]
    store.set_question_status(db, row["id"], question_id, "open", None)
    for person, value in zip(people, first, strict=False):
        store.save_response(db, row["id"], person, question_id, value)
    store.start_round(db, row["id"], question_id, None)
    for person, value in zip(people, second, strict=False):
        store.save_response(db, row["id"], person, question_id, value)
    store.set_question_status(db, row["id"], question_id, "closed", None)
    return store.session_by_id(db, row["id"])


ROUND_1 = [[0], [0], [0], [1], [1], [2]]  # 50.0, 33.3, 16.7 of 6
ROUND_2 = [[0], [0], [0], [0], [1], [2], [2]]  # 57.1, 14.3, 28.6 of 7


def test_the_data_export_has_a_row_per_round(db):
    row = asked_twice(db, ROUND_1, ROUND_2)
    data = read_csv(tables.export(db, [row], "csv"))
    assert list(data[0])[5:8] == ["question_id", "kind", "round"]
    chosen = [(r["participant"], r["round"], r["item"]) for r in data if r["question_id"] == "domein"
              and r["value"] == "1"]
    assert [c for c in chosen if c[0] == "P004"] == [("P004", "1", "Zorg"), ("P004", "2", "Politie")]
    assert len([r for r in data if r["question_id"] == "domein" and r["round"] == "2"]) == 7 * 3
    # Recomputed from the rows of the last round only, as the codebook says: 4 of 7 chose Politie.
    last = [r for r in data if r["question_id"] == "domein" and r["round"] == "2" and r["item"] == "Politie"]
    assert sum(int(r["value"]) for r in last) == 4
    codebook = tables.codebook_csv(tables.table(db, [row])).decode("utf-8-sig")
    assert 'column,round,"the round of the question' in codebook and "rule,rounds," in codebook


def test_the_wide_sheet_has_a_column_per_round(db):
    row = asked_twice(db, ROUND_1, ROUND_2)
    header, body = tables.wide(tables.table(db, [row]), row["code"])
    assert "domein: Politie" in header and "domein [round 2]: Politie" in header
    p007 = body[6]
    assert p007[header.index("domein: Politie")] == "" and p007[header.index("domein [round 2]: Zorg")] == 0


def summary(db, row):
    buffer = io.BytesIO()
    write_summary_deck(db, row, buffer)
    buffer.seek(0)
    return Presentation(buffer)


def test_the_summary_deck_sets_the_rounds_side_by_side_by_share(db):
    prs = summary(db, asked_twice(db, ROUND_1, ROUND_2))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    assert "Welk domein? (ronde 2)" in titles and "Welk domein?: ronde 1 en 2" in titles
    (slide,) = [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "Welk domein?: ronde 1 en 2"]
    (frame,) = [shape for shape in slide.shapes if shape.has_chart]
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED  # native and editable, one bar per round
    plot = chart.plots[0]
    assert [s.name for s in plot.series] == ["Ronde 1 (n = 6)", "Ronde 2 (n = 7)"]
    assert [list(s.values) for s in plot.series] == [[50.0, 33.3, 16.7], [57.1, 14.3, 28.6]]
    # The shift from the unrounded shares: 4/7 - 3/6 = +7.1, 1/7 - 2/6 = -19.0, 2/7 - 1/6 = +11.9.
    assert list(plot.categories) == ["Politie (+7,1 pp)", "Zorg (−19,0 pp)", "Gemeente (+11,9 pp)"]
    colours = [str(s.format.fill.fore_color.rgb) for s in plot.series]
    assert colours == [c.lstrip("#").upper() for c in palette.rounds(2)]
    assert "aandeel van wie antwoordde (%)" in "\n".join(
        shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_a_round_with_fewer_than_k_is_left_out_of_the_chart(db):
    prs = summary(db, asked_twice(db, ROUND_1[:4], ROUND_2))
    (slide,) = [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "Welk domein?: ronde 1 en 2"]
    (frame,) = [shape for shape in slide.shapes if shape.has_chart]
    assert [s.name for s in frame.chart.plots[0].series] == ["Ronde 2 (n = 7)"]
    text = "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    assert "ronde 1: minder dan 5 antwoorden, niet getoond" in text
    assert "verschuiving" not in text  # no shift from a round that is not shown


def test_a_scale_is_compared_by_the_share_above_the_middle(db):
    # Items Algemeen and Acuut on 1-5: above the middle is 4 or 5.
    row = asked_twice(db, [[4, 1], [5, 2], [3, 3], [2, 4], [1, 5]], [[4, 4], [5, 4], [4, 3], [2, 4], [1, 5]],
                      "samenwerking")
    prs = summary(db, row)
    (slide,) = [s for s in prs.slides if s.shapes.title is not None
                and s.shapes.title.text == "Samenwerking: ronde 1 en 2"]
    (frame,) = [shape for shape in slide.shapes if shape.has_chart]
    plot = frame.chart.plots[0]
    assert [list(s.values) for s in plot.series] == [[40.0, 40.0], [60.0, 80.0]]
    assert list(plot.categories) == ["Algemeen (+20,0 pp)", "Acuut (+40,0 pp)"]


def test_a_comparison_of_sessions_uses_the_last_round(db):
    from workshop.export import compare

    row = asked_twice(db, ROUND_1, ROUND_2)
    question = sessions.deck_of(row).question("domein")
    assert compare.values_of(db, row, question) == store.response_values(db, row["id"], "domein", round_=2)
