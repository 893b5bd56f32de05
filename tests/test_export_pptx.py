"""The summary deck: a title slide and one native chart or text slide per question, with the stored counts."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Inches

from workshop import db as database
from workshop import deck as decks
from workshop import sessions, store
from workshop.export import tables
from workshop.export.pptx import ANSWER_LIMIT, dutch_date, left_out_note, summary_deck, write_summary_deck
from workshop.interactions import REGISTRY, Chart
from workshop.interactions.base import Interaction

from .test_export_data import RESEARCH_DECK, read_csv, simulate

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


def test_one_slide_per_question_in_deck_order_then_methods(db, session):
    titles = [slide.shapes.title.text for slide in list(reopen(db, session).slides)[1:]]
    assert titles[:5] == [slide.question.text for slide in decks.parse(DECK).slides if slide.question]
    assert titles[5:] == ["Verantwoording", "Verantwoording: vragen"]


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


def many_answers(db, participants: int, length: int = 30, held: int = 0) -> dict:
    """A session where every participant gave 3 answers to 'verwachting'; the first `held` were held."""
    session, people = start(db, participants=participants)
    given = [[f"Antwoord {n}-{k}: ".ljust(length, "x") for k in range(3)] for n in range(participants)]
    answer(db, session, people[held:], "verwachting", given[held:])
    flags = [{"item": 0, "kind": "phone", "start": 10, "end": 21, "reason": "telefoonnummer"}]
    for person in people[:held]:
        store.save_response(db, session["id"], person, "verwachting", ["Bel me op 06-12345678"], flags)
    return session


def answer_paragraphs(prs) -> list:
    """The paragraphs of the body placeholders on the slides of 'Wat verwacht je...', in slide order."""
    bodies = [shape for slide in slides_of(prs, "Wat verwacht je") for shape in slide.placeholders
              if shape.placeholder_format.idx == 1]
    return [p for body in bodies for p in body.text_frame.paragraphs]


def shown_answers(db, session: dict) -> list[str]:
    return [text for texts in store.response_values(db, session["id"], "verwachting") for text in texts]


def test_a_question_shows_its_first_answers_and_says_how_many_more_are_in_the_data_export(db):
    session = many_answers(db, participants=60)
    paragraphs = answer_paragraphs(reopen(db, session))
    given = shown_answers(db, session)
    assert len(given) == 180 > ANSWER_LIMIT
    assert [p.text for p in paragraphs[:-1]] == given[:ANSWER_LIMIT]
    note = paragraphs[-1]
    assert note.text == (f"… en nog {180 - ANSWER_LIMIT} antwoorden die niet in deze samenvatting staan. "
                         "Alle antwoorden staan in de data-export (xlsx/csv: workshop export data).")
    assert note.runs and all(run.font.italic for run in note.runs)


def test_the_note_counts_in_dutch():
    assert left_out_note(1).startswith("… en nog 1 antwoord dat niet in deze samenvatting staat.")
    assert left_out_note(2850).startswith("… en nog 2.850 antwoorden die")


def test_a_meeting_of_forty_keeps_all_its_long_answers(db):
    # 40 people from five municipalities, 3 answers of 200 characters each (the GIPZ decks' most).
    session = many_answers(db, participants=40, length=200)
    paragraphs = [p.text for p in answer_paragraphs(reopen(db, session))]
    assert paragraphs == shown_answers(db, session)
    assert len(paragraphs) == 120


def test_all_answers_puts_every_answer_on_the_slides(db):
    session = many_answers(db, participants=60)
    buffer = io.BytesIO()
    write_summary_deck(db, session, buffer, all_answers=True)
    paragraphs = answer_paragraphs(Presentation(io.BytesIO(buffer.getvalue())))
    assert [p.text for p in paragraphs] == shown_answers(db, session)
    assert len(paragraphs) == 180


def test_held_answers_stay_off_the_slides_and_out_of_the_count(db):
    session = many_answers(db, participants=60, held=5)
    for all_answers in (False, True):
        prs = summary_deck(db, session, all_answers=all_answers)
        assert not any("06-12345678" in slide_text(slide) for slide in prs.slides)
    (note,) = [p.text for p in answer_paragraphs(reopen(db, session)) if p.text.startswith("… en nog")]
    assert note.startswith(f"… en nog {55 * 3 - ANSWER_LIMIT} antwoorden")


def test_answers_left_off_the_slides_are_all_in_the_data_export(db):
    session = many_answers(db, participants=60)
    on_slides = [p.text for p in answer_paragraphs(reopen(db, session))][:-1]
    rows = [r for r in read_csv(tables.export(db, [session], "csv")) if r["question_id"] == "verwachting"]
    assert len(on_slides) < len(rows) == 180
    assert [r["value"] for r in rows] == shown_answers(db, session)


def test_unanswered_questions_still_get_a_slide(db, session):
    prs = reopen(db, session)
    (slide,) = slides_of(prs, "Wat wil je nog kwijt?")
    assert "Geen antwoorden" in slide_text(slide)
    assert "n = 0" in slide_text(slide)


@pytest.mark.usefixtures("every_aggregate")
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
    assert len(Presentation(str(path)).slides) == len(summary_deck(db, session).slides) == 8


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


@pytest.mark.usefixtures("every_aggregate")
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


# The research layer: groups, boards, notes, methods, templates -------------------------------------------

BOARD_DECK = """---
title: Stellingen
profile:
  - id: domein
    question: In welk domein werk je?
    options: [Politie, Zorg]
---
## Stellingen

```interaction
kind: statements
id: bord
statements: [Hulpverlening is ook politiewerk, Samen optrekken werkt]
submit: false
```
"""


def chart_names(prs) -> list[str]:
    return [shape.name for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def test_participants_slide_and_split_slides_per_profile_question(db):
    session = simulate(db, decks.parse(RESEARCH_DECK, "r.md"), "gemeente", "Utrecht", "2026-11-29",
                       {0: 7, 1: 6, 2: 6}, skip=0)
    prs = reopen(db, session)
    names = chart_names(prs)
    assert names[0] == "participants:domein"
    (slide,) = slides_of(prs, "Deelnemers: In welk domein werk je?")
    (chart,) = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert list(chart.plots[0].categories) == ["Politie", "Zorg", "Gemeente"]
    assert list(chart.plots[0].series[0].values) == [7, 6, 6]
    charted = ("rol", "kenmerken", "ervaring", "budget", "prioriteit", "wie", "woorden", "stellingen")
    for question_id in charted:
        assert names.index(f"split:{question_id}:domein") == names.index(f"chart:{question_id}") + 1
    split = next(s for s in prs.slides for sh in s.shapes if sh.has_chart and sh.name == "split:rol:domein")
    (chart,) = [shape.chart for shape in split.shapes if shape.has_chart]
    assert [s.name for s in chart.plots[0].series] == ["Politie (n = 7)", "Zorg (n = 6)", "Gemeente (n = 6)"]


def vote(db, session, people, question_id, votes: dict[str, str]) -> None:
    rows = {row["text"]: row["id"] for row in store.submissions(db, session["id"], question_id)}
    for person in people:
        for text, choice in votes.items():
            assert store.save_vote(db, rows[text], person, choice)


def test_board_slide_says_where_groups_agree_and_differ_with_group_sizes(db):
    session = sessions.start_session(db, decks.parse(BOARD_DECK, "b.md"), "gemeente", "Ede", "2026-11-29")
    store.set_question_status(db, session["id"], "bord", "open", None)
    groups = {0: [], 1: []}
    for number in range(12):
        person, _ = store.join_participant(db, session["id"], f"h{number}")
        store.set_profile(db, person, {"domein": number % 2}, consented=True)
        groups[number % 2].append(person)
    vote(db, session, groups[0], "bord", {"Hulpverlening is ook politiewerk": "agree",
                                          "Samen optrekken werkt": "agree"})
    vote(db, session, groups[1], "bord", {"Hulpverlening is ook politiewerk": "disagree",
                                          "Samen optrekken werkt": "agree"})
    prs = reopen(db, session)
    slides = slides_of(prs, "Stellingen")
    board = [s for s in slides if "Waar ze verschillen" in slide_text(s)]
    assert len(board) == 1
    text = slide_text(board[0])
    assert "Groepen: Politie (n = 6), Zorg (n = 6)" in text
    agree, differ = text.split("Waar ze verschillen")
    assert "Waar de groepen het over eens zijn" in agree
    assert "Samen eens: Samen optrekken werkt (Politie 100% van 6, Zorg 100% van 6)" in agree
    # one group against the rest of the room, with raw shares and n (docs/consensus.md)
    assert ("Hulpverlening is ook politiewerk — Politie vaker eens (100% van 6) dan de rest van de zaal "
            "(0% van 6)") in differ


def test_board_slide_waits_for_large_enough_groups(db):
    session = sessions.start_session(db, decks.parse(BOARD_DECK, "b.md"), "gemeente", "Ede", "2026-11-29")
    store.set_question_status(db, session["id"], "bord", "open", None)
    people = []
    for number in range(9):  # Politie 5, Zorg 4: Zorg is merged, so there is nothing to compare
        person, _ = store.join_participant(db, session["id"], f"h{number}")
        store.set_profile(db, person, {"domein": int(number >= 5)}, consented=True)
        people.append(person)
    vote(db, session, people, "bord", {"Samen optrekken werkt": "agree"})
    prs = reopen(db, session)
    assert not any("Waar ze verschillen" in slide_text(s) for s in prs.slides)
    assert "Zorg (n =" not in " ".join(slide_text(s) for s in prs.slides)
    (participants,) = [sh.chart for s in prs.slides for sh in s.shapes
                       if sh.has_chart and sh.name.startswith("participants:")]
    assert list(participants.plots[0].categories) == ["Overig"]
    assert not any(sh.name.startswith("split:") for s in prs.slides for sh in s.shapes)


def test_session_notes_are_speaker_notes_of_the_slide_they_were_taken_on(db, session):
    deck = sessions.deck_of(session)
    slide = deck.slide_of("kenmerken").index
    store.add_note(db, session["id"], slide, "kenmerken", "Korte lijnen genoemd.", "Bo")
    store.add_note(db, session["id"], 0, None, "Twee mensen later binnen.", "Bo")
    store.add_note(db, session["id"], deck.slide_of("domein").index, "domein", "Veel zorg.", "Bo")
    prs = reopen(db, session)
    (kenmerken,) = slides_of(prs, "Wat kenmerkt")
    assert kenmerken.notes_slide.notes_text_frame.text.startswith("Notities uit de sessie:\n")
    assert "Bo: Korte lijnen genoemd." in kenmerken.notes_slide.notes_text_frame.text
    (domein,) = slides_of(prs, "Vanuit welk domein")
    assert domein.notes_slide.notes_text_frame.text.startswith("Vraag wie er voor het eerst is.\n\nNotities")
    assert "dia 1, Bo: Twee mensen later binnen." in prs.slides[0].notes_slide.notes_text_frame.text


def test_methods_slides_give_n_responses_and_open_times(db, session):
    prs = reopen(db, session)
    (intro,) = slides_of(prs, "Verantwoording")[:1]
    assert "6 deelnemers, van wie 5 minstens één vraag beantwoordden." in slide_text(intro)
    (table_slide,) = slides_of(prs, "Verantwoording: vragen")
    (table,) = [shape.table for shape in table_slide.shapes if shape.has_table]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Vraag", "Soort", "n", "Open"]
    by_text = {row[0]: row for row in rows[1:]}
    assert by_text["Vanuit welk domein werk je?"][1:3] == ["choice", "5"]
    assert by_text["Wat verwacht je van de politie?"][2] == "3"
    assert by_text["Wat wil je nog kwijt?"][3] == "niet geopend"
    assert re.fullmatch(r"\d\d:\d\d–niet gesloten", by_text["Vanuit welk domein werk je?"][3])
    store.set_question_status(db, session["id"], "domein", "closed", None)
    store.set_question_status(db, session["id"], "domein", "open", None)
    (table_slide,) = slides_of(reopen(db, session), "Verantwoording: vragen")
    (table,) = [shape.table for shape in table_slide.shapes if shape.has_table]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert re.fullmatch(r"\d\d:\d\d–\d\d:\d\d; \d\d:\d\d–niet gesloten",
                        next(r for r in rows if r[0] == "Vanuit welk domein werk je?")[3])


def organisation_template(path) -> str:
    """A template unlike the default: 16:10 page, a logo on the master, layouts reordered, an old slide."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(10), Inches(6.25)
    old = prs.slides.add_slide(prs.slide_layouts[6])
    logo = old.shapes.add_textbox(Inches(8), Inches(5.6), Inches(1.8), Inches(0.5))
    logo.text_frame.text = "GIPZ-LOGO"
    logo.name = "logo"
    prs.slide_master.shapes._spTree.append(logo._element)
    prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = "Oude dia van de organisatie"
    listed = prs.slide_master.element.get_or_add_sldLayoutIdLst()
    entries = list(listed)
    for entry in entries:  # reverse the layouts: picking by index would now pick the wrong ones
        listed.remove(entry)
    for entry in reversed(entries):
        listed.append(entry)
    prs.save(path)
    return str(path)


def test_template_keeps_the_organisations_master_and_picks_layouts_by_placeholder_type(db, session, tmp_path):
    template = organisation_template(tmp_path / "org.pptx")
    buffer = io.BytesIO()
    write_summary_deck(db, session, buffer, template=template)
    buffer.seek(0)
    prs = Presentation(buffer)
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(6.25))
    assert "GIPZ-LOGO" in [s.text_frame.text for s in prs.slide_master.shapes if s.has_text_frame]
    assert not any("Oude dia" in slide_text(s) for s in prs.slides)
    assert len(prs.slides) == len(summary_deck(db, session).slides)
    assert prs.slides[0].slide_layout.name == "Title Slide"
    (chart_slide,) = slides_of(prs, "Vanuit welk domein")
    assert chart_slide.slide_layout.name == "Title Only"
    (text_slide,) = slides_of(prs, "Wat verwacht je")
    assert text_slide.slide_layout.name == "Title and Content"
    body = [p for p in text_slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.OBJECT]
    assert body and "Snel ter plaatse" in body[0].text_frame.text
    # what the exporter adds (charts, boxes, tables) stays on the template's page
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.is_placeholder:
                continue
            assert shape.left + shape.width <= prs.slide_width
            assert shape.top + shape.height <= prs.slide_height


def test_every_chart_has_its_own_parts_also_on_a_template_that_had_charts(db, tmp_path):
    session = simulate(db, decks.parse(RESEARCH_DECK, "r.md"), "gemeente", "Utrecht", "2026-11-29",
                       {0: 7, 1: 6, 2: 6}, skip=0)
    template = tmp_path / "with-charts.pptx"
    write_summary_deck(db, session, template)  # its slides and their charts are dropped, names freed
    buffer = io.BytesIO()
    write_summary_deck(db, session, buffer, template=template)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        names = package.namelist()
    frames = len(chart_names(Presentation(io.BytesIO(buffer.getvalue()))))
    assert len(names) == len(set(names))
    assert frames > 5
    assert len([n for n in names if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]) == frames
    assert len([n for n in names if n.startswith("ppt/embeddings/")]) == frames


def test_template_that_is_not_a_presentation_is_refused(db, session, tmp_path):
    bad = tmp_path / "org.pptx"
    bad.write_text("geen powerpoint")
    with pytest.raises(Exception):  # noqa: B017 - python-pptx's own error; the CLI turns it into one line
        summary_deck(db, session, template=str(bad))
