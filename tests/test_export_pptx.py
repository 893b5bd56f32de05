"""The summary deck: a title slide and one native chart or text slide per question, with the stored counts."""

from __future__ import annotations

import io
import json

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches

from workshop import db as database
from workshop import deck as decks
from workshop import sessions, store
from workshop.export.pptx import dutch_date, summary_deck, write_summary_deck
from workshop.interactions import REGISTRY, Chart
from workshop.interactions.base import Interaction

DECK = """---
title: Samenwerking in de wijk
---

# Welkom

---

## Vanuit welk domein werk je?

```interaction
kind: choice
id: domein
options: [Politie, Zorg, Gemeente, Anders]
```

Notes:
Vraag wie er voor het eerst is.

---

## Wat kenmerkt een goede samenwerking?

```interaction
kind: choice
id: kenmerken
multiple: true
max: 2
options: [Korte lijnen, Informatie delen, Samen besluiten]
```

---

## Hoe ervaar je de samenwerking?

```interaction
kind: scale
id: ervaring
items: [In het algemeen, Bij acute situaties]
min: 1
max: 5
labels: [slecht, uitstekend]
```

---

## Wat verwacht je van de politie?

```interaction
kind: open
id: verwachting
answers: 3
```

---

## Wat wil je nog kwijt?

```interaction
kind: open
id: kwijt
```
"""

ANSWERS = {
    "domein": [[0], [1], [1], [3], [1]],
    "kenmerken": [[0, 1], [1], [1, 2], [0, 2], [2]],
    "ervaring": [[4, 2], [3, 1], [5, 2], [4, 3], [1, 5]],
    "verwachting": [["Snel ter plaatse"], ["Rustig blijven", "Zorg inschakelen"], ["Uitleg geven"]],
}


@pytest.fixture
def db(tmp_path):
    connection = database.init(str(tmp_path / "t.db"))
    yield connection
    connection.close()


def start(db, participants: int = 6) -> tuple[dict, list[int]]:
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    people = [store.join_participant(db, session["id"], f"hash-{n}")[0] for n in range(participants)]
    return session, people


def answer(db, session: dict, people: list[int], question_id: str, values: list) -> None:
    store.set_question_status(db, session["id"], question_id, "open", None)
    for person, value in zip(people, values, strict=False):
        assert store.save_response(db, session["id"], person, question_id, value) == 1


@pytest.fixture
def session(db):
    session, people = start(db)
    for question_id, values in ANSWERS.items():
        answer(db, session, people, question_id, values)
    return session


def reopen(db, session: dict):
    buffer = io.BytesIO()
    write_summary_deck(db, session, buffer)
    buffer.seek(0)
    return Presentation(buffer)


def stored(db, session: dict, question_id: str) -> list:
    """The answers as the database holds them, read without the application's code."""
    rows = db.execute("select value from responses where session_id = ? and question_id = ?",
                      [session["id"], question_id]).fetchall()
    return [json.loads(row[0]) for row in rows]


def slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def slides_of(prs, title: str) -> list:
    return [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text.startswith(title)]


def only_chart(prs, title: str):
    (slide,) = slides_of(prs, title)
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    return slide, charts[0]


def test_slides_are_16_to_9(db, session):
    prs = reopen(db, session)
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))


def test_title_slide_names_title_kind_place_date_and_participants(db, session):
    text = slide_text(reopen(db, session).slides[0])
    for expected in ("Samenwerking in de wijk", "Gemeentelijke bijeenkomst", "Utrecht", "29 november 2026",
                     "6 deelnemers"):
        assert expected in text


def test_one_slide_per_question_in_deck_order(db, session):
    titles = [slide.shapes.title.text for slide in list(reopen(db, session).slides)[1:]]
    assert titles == [slide.question.text for slide in decks.parse(DECK).slides if slide.question]
    assert len(titles) == 5


@pytest.mark.parametrize(
    ("question_id", "title", "options"),
    [("domein", "Vanuit welk domein", ["Politie", "Zorg", "Gemeente", "Anders"]),
     ("kenmerken", "Wat kenmerkt", ["Korte lijnen", "Informatie delen", "Samen besluiten"])],
)
def test_choice_is_a_clustered_bar_of_the_stored_counts(db, session, question_id, title, options):
    answers = stored(db, session, question_id)
    counts = [sum(index in chosen for chosen in answers) for index in range(len(options))]
    slide, chart = only_chart(reopen(db, session), title)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == options
    (series,) = chart.plots[0].series
    assert list(series.values) == counts
    assert chart.category_axis.reverse_order
    assert chart.plots[0].has_data_labels
    assert f"n = {len(answers)}" in slide_text(slide)


def test_scale_is_a_100_percent_stack_per_point_with_means(db, session):
    answers = stored(db, session, "ervaring")
    slide, chart = only_chart(reopen(db, session), "Hoe ervaar je")
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED_100
    means = [f"{sum(a[item] for a in answers) / len(answers):.1f}".replace(".", ",") for item in (0, 1)]
    assert list(chart.plots[0].categories) == [f"In het algemeen (gem. {means[0]})",
                                               f"Bij acute situaties (gem. {means[1]})"]
    series = chart.plots[0].series
    assert [s.name for s in series] == ["1 slecht", "2", "3", "4", "5 uitstekend"]
    for point, s in zip(range(1, 6), series, strict=True):
        assert list(s.values) == [sum(a[item] == point for a in answers) for item in (0, 1)]
    assert chart.has_legend and chart.legend.position == XL_LEGEND_POSITION.BOTTOM
    assert "n = 5" in slide_text(slide)


def test_open_answers_appear_as_text(db, session):
    (slide,) = slides_of(reopen(db, session), "Wat verwacht je")
    assert not any(shape.has_chart for shape in slide.shapes)
    text = slide_text(slide)
    for texts in stored(db, session, "verwachting"):
        for answer_text in texts:
            assert answer_text in text
    assert "n = 3" in text


def test_thirty_open_answers_are_spread_over_slides_and_none_is_lost(db):
    session, people = start(db, participants=10)
    given = [[f"Antwoord {n}-{k}: meer tijd voor overleg" for k in range(3)] for n in range(10)]
    answer(db, session, people, "verwachting", given)
    slides = slides_of(reopen(db, session), "Wat verwacht je")
    assert len(slides) > 1
    bodies = [shape for slide in slides for shape in slide.placeholders if shape.placeholder_format.idx == 1]
    paragraphs = [p.text for body in bodies for p in body.text_frame.paragraphs]
    expected = [text for texts in stored(db, session, "verwachting") for text in texts]
    assert sorted(paragraphs) == sorted(expected)
    assert len(paragraphs) == 30


def test_an_answer_with_a_line_break_stays_one_paragraph(db):
    session, people = start(db, participants=2)
    answer(db, session, people, "kwijt", [["Meer overleg.\nEn korte lijnen."], ["Niets"]])
    (slide,) = slides_of(reopen(db, session), "Wat wil je nog kwijt?")
    (body,) = [shape for shape in slide.placeholders if shape.placeholder_format.idx == 1]
    # python-pptx reads a line break within a paragraph back as a vertical tab.
    assert [p.text for p in body.text_frame.paragraphs] == ["Meer overleg.\vEn korte lijnen.", "Niets"]


def test_unanswered_questions_still_get_a_slide(db, session):
    prs = reopen(db, session)
    (slide,) = slides_of(prs, "Wat wil je nog kwijt?")
    assert "Geen antwoorden" in slide_text(slide)
    assert "n = 0" in slide_text(slide)


def test_unanswered_chart_question_shows_zero_counts(db):
    session, _ = start(db)
    slide, chart = only_chart(reopen(db, session), "Vanuit welk domein")
    assert list(chart.plots[0].series[0].values) == [0, 0, 0, 0]
    assert "n = 0" in slide_text(slide)


def test_speaker_notes_come_from_the_deck(db, session):
    prs = reopen(db, session)
    (slide,) = slides_of(prs, "Vanuit welk domein")
    assert slide.notes_slide.notes_text_frame.text == "Vraag wie er voor het eerst is."
    (other,) = slides_of(prs, "Wat kenmerkt")
    assert not other.has_notes_slide


def test_writes_to_a_path(db, session, tmp_path):
    path = tmp_path / "samenvatting.pptx"
    write_summary_deck(db, session, path)
    assert len(Presentation(str(path)).slides) == len(summary_deck(db, session).slides) == 6


@pytest.mark.parametrize(
    ("iso", "text"), [("2026-11-29", "29 november 2026"), ("2027-03-01", "1 maart 2027")]
)
def test_dates_in_dutch_without_a_locale(iso, text):
    assert dutch_date(iso) == text


class Pairs(Interaction):
    """A kind the exporter has never heard of: two series per option."""

    name = "pairs"
    settings = ("options",)

    def parse(self, spec):
        return {"options": list(spec["options"])}

    def aggregate(self, question, values):
        return {"n": len(values), "before": [3, 1], "after": [2, 5]}

    def chart(self, question, result):
        options = question.settings["options"]
        return Chart("bar", options, [("Voor", result["before"]), ("Na", result["after"])])


def test_a_new_kind_plugs_in_through_its_chart(db, monkeypatch):
    monkeypatch.setitem(REGISTRY, "pairs", Pairs())
    text = "---\ntitle: Landelijk overleg\n---\n## Voor en na\n\n```interaction\nkind: pairs\nid: paren\noptions: [Rust, Ruimte]\n```\n"
    session = sessions.start_session(db, decks.parse(text, "p.md"), "landelijk", "Den Haag", "2027-01-05")
    prs = reopen(db, session)
    assert "Landelijke bijeenkomst" in slide_text(prs.slides[0])
    _, chart = only_chart(prs, "Voor en na")
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == ["Rust", "Ruimte"]
    assert [(s.name, list(s.values)) for s in chart.plots[0].series] == [("Voor", [3, 1]), ("Na", [2, 5])]
    assert chart.has_legend and chart.legend.position == XL_LEGEND_POSITION.BOTTOM
