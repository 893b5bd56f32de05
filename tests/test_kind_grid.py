"""The `grid` kind (2x2): settings, positions on two scales, means and spread by hand, live path, exports."""

from __future__ import annotations

import pytest

from workshop import deck as decks
from workshop import sessions, store
from workshop.deck import DeckErrors
from workshop.export import tables
from workshop.export.pptx import summary_deck
from workshop.interactions import REGISTRY, Question, SpecError
from workshop.live import FACILITATOR

from .helpers import emit, make_question, refused

grid = REGISTRY["grid"]

DECK = """\
---
title: Maatregelen
---
## Waar zetten we op in?

```interaction
kind: grid
id: maatregelen
items: [Casusoverleg, Eén contactpersoon, Gedeeld dossier]
x: {label: Impact, min: 1, max: 5, low: klein, high: groot}
y: {label: Haalbaarheid, min: 1, max: 5}
quadrants: [Later, Snel doen, Niet doen, Groot project]
```
"""
AXES = {"x": {"label": "Impact", "min": 1, "max": 5}, "y": {"label": "Haalbaarheid", "min": 1, "max": 5}}


def question(**spec) -> Question:
    return make_question("grid", "Plaats?", "g", **{**AXES, **spec})


def test_settings_are_normalised():
    q = question(items=["a", "b"], x={"label": " Impact ", "min": 0, "max": 10, "low": "laag"})
    assert q.settings == {"items": ["a", "b"], "x": {"label": "Impact", "min": 0, "max": 10, "low": "laag"},
                          "y": {"label": "Haalbaarheid", "min": 1, "max": 5}, "quadrants": []}


@pytest.mark.parametrize(
    ("spec", "key"),
    [
        ({"items": ["a"], "x": "Impact"}, "x"),
        ({"items": ["a"], "y": {"min": 1}}, "y"),
        ({"items": ["a"], "x": {"label": "I", "min": 5, "max": 1}}, "x"),
        ({"items": ["a"], "x": {"label": "I", "max": 11}}, "x"),
        ({"items": ["a"], "x": {"label": "I", "kleur": "rood"}}, "x"),
        ({"items": ["a"], "quadrants": ["a", "b"]}, "quadrants"),
        ({"items": [f"i{n}" for n in range(13)]}, "items"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(spec, key):
    with pytest.raises(SpecError) as caught:
        question(**spec)
    assert caught.value.key == key


def test_deck_error_points_at_the_line_of_the_bad_setting():
    text = "## Plaats?\n\n```interaction\nkind: grid\nitems: [a]\nx: {label: I}\ny: {label: H, max: 12}\n```\n"
    with pytest.raises(DeckErrors) as caught:
        decks.parse(text, "t.md")
    assert str(caught.value) == "t.md:7: de schaal moet oplopen binnen 0..10, niet 1..12"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([[1, 2]], "Geef een plaats voor elk van de 2 onderdelen."),
        ([None, None], "Plaats ten minste één onderdeel."),
        ([[1, 2], [3]], "Een plaats is een paar getallen: [Impact, Haalbaarheid]."),
        ([[0, 2], None], "Impact ligt tussen 1 en 5."),
        ([[1, 6], None], "Haalbaarheid ligt tussen 1 en 5."),
        ([[1, True], None], "Haalbaarheid ligt tussen 1 en 5."),
        ([[1.5, 2], None], "Impact ligt tussen 1 en 5."),
        ("1,2", "Geef een plaats voor elk van de 2 onderdelen."),
    ],
)
def test_bad_positions_are_refused(value, reason):
    assert refused(question(items=["a", "b"]), value) == reason


def test_an_item_may_be_left_out():
    assert grid.validate(question(items=["a", "b"]), [[1, 5], None]) == [[1, 5], None]


def test_aggregate_means_and_spread_worked_out_by_hand():
    # Casus: x 4, 5, 3 -> mean 4.00, sd sqrt(((0)^2 + 1 + 1) / 2) = 1.00; y 2, 2, 5 -> mean 3.00,
    #        sd sqrt((1 + 1 + 4) / 2) = 1.73. Contact: placed once (x 1, y 5): means 1.00 and 5.00, no spread.
    q = question(items=["Casus", "Contact"])
    result = grid.aggregate(q, [[[4, 2], [1, 5]], [[5, 2], None], [[3, 5], None]])
    assert result["n"] == 3
    assert result["items"] == [
        {"label": "Casus", "n": 3, "mean_x": 4.0, "sd_x": 1.0, "mean_y": 3.0, "sd_y": 1.73},
        {"label": "Contact", "n": 1, "mean_x": 1.0, "sd_x": None, "mean_y": 5.0, "sd_y": None},
    ]
    chart = grid.chart(q, result)
    assert chart.categories == ["Casus", "Contact"]
    assert chart.series == [("Impact (gem.)", [4.0, 1.0]), ("Haalbaarheid (gem.)", [3.0, 5.0])]
    assert chart.notes == ["n = 3", "n = 1"]


def test_means_round_half_up():
    # x 1, 2, 2, 2 -> 1.75 exactly; y 1, 1, 1, 2 -> 1.25 -> rounded to two decimals stays; a third: 2, 2, 3
    q = question(items=["a"])
    result = grid.aggregate(q, [[[2, 2]], [[2, 2]], [[3, 3]]])
    assert result["items"][0]["mean_x"] == 2.33 and result["items"][0]["sd_x"] == 0.58


def test_answers_through_the_socket_reach_the_presenter(db, phone, presenter, flush):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_min_group(db, session["id"], 2)  # two phones: the five-person rule would hide them
    code = session["code"]
    screen = presenter(code)
    first, second = phone(code), phone(code)
    assert emit(screen, "open", {"code": code, "question_id": "maatregelen"}, FACILITATOR)["ok"]
    assert emit(first, "respond", {"question_id": "maatregelen", "value": [[5, 4], [2, 2], None]})["ok"]
    assert emit(second, "respond", {"question_id": "maatregelen", "value": [[3, 4], None, None]})["ok"]
    assert emit(second, "respond", {"question_id": "maatregelen", "value": [[9, 4], None, None]}) == {
        "ok": False, "error": "Impact ligt tussen 1 en 5."}
    screen.get_received(FACILITATOR)
    flush()
    (view,) = [m["args"][0] for m in screen.get_received(FACILITATOR) if m["name"] == "results"]
    assert view["result"]["items"][0] == {"label": "Casusoverleg", "n": 2, "mean_x": 4.0, "sd_x": 1.41,
                                          "mean_y": 4.0, "sd_y": 0.0}
    assert view["result"]["quadrants"] == ["Later", "Snel doen", "Niet doen", "Groot project"]


def test_summary_deck_and_data_export(db):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_min_group(db, session["id"], 2)
    session = store.session_by_id(db, session["id"])
    store.set_question_status(db, session["id"], "maatregelen", "open", None)
    for number, value in enumerate([[[5, 4], [2, 2], None], [[3, 4], None, None]]):
        person, _ = store.join_participant(db, session["id"], f"g{number}")
        store.save_response(db, session["id"], person, "maatregelen", value)
    charts = [shape.chart for slide in summary_deck(db, session).slides for shape in slide.shapes
              if shape.has_chart]
    assert charts and list(charts[0].plots[0].series[0].values)[:2] == [4.0, 2.0]
    rows = [r for r in tables.session_rows(db, store.session_by_id(db, session["id"]))
            if r["question_id"] == "maatregelen"]
    assert [(r["participant"], r["item"], r["value"]) for r in rows][:4] == [
        ("P001", "Casusoverleg · Impact", 5), ("P001", "Casusoverleg · Haalbaarheid", 4),
        ("P001", "Eén contactpersoon · Impact", 2), ("P001", "Eén contactpersoon · Haalbaarheid", 2)]
    assert ("P002", "Eén contactpersoon · Impact", "") in [(r["participant"], r["item"], r["value"]) for r in rows]


def test_a_grid_nobody_answered_says_so_in_the_summary_deck(db):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_min_group(db, session["id"], 1)
    texts = [shape.text_frame.text for slide in summary_deck(db, store.session_by_id(db, session["id"])).slides
             for shape in slide.shapes if shape.has_text_frame]
    assert any("Nog geen antwoorden." in text for text in texts)
    assert not any("Geen weergave" in text for text in texts)
