"""The `points` kind: settings, answers that must add up to the total, means, chart, live path and export."""

from __future__ import annotations

import json

import pytest
from pptx.enum.chart import XL_CHART_TYPE

from workshop import deck as decks
from workshop import sessions, store
from workshop.deck import DeckErrors
from workshop.export.pptx import summary_deck
from workshop.interactions import REGISTRY, Question, SpecError
from workshop.live import FACILITATOR

from .helpers import emit, make_question, refused

points = REGISTRY["points"]

DECK = """\
---
title: Budget
---
# Welkom

---
## Waar gaat het geld naartoe?

```interaction
kind: points
id: budget
items: [Preventie, Opvang, Nazorg]
total: 10
```
"""


def question(**spec) -> Question:
    return make_question("points", "Verdeel?", "p", **spec)




# Settings ----------------------------------------------------------------------------------------------


def test_total_defaults_to_a_hundred():
    assert question(items=["a", "b"]).settings == {"items": ["a", "b"], "total": 100}
    assert question(items=["a", "b"], total=1000).settings["total"] == 1000


@pytest.mark.parametrize(
    ("spec", "message", "key"),
    [
        ({}, "'items' ontbreekt: geef een lijst van minstens 2", "items"),
        ({"items": ["a"]}, "'items' heeft minstens 2 waarden nodig", "items"),
        ({"items": [f"i{n}" for n in range(11)]}, "'items' heeft hoogstens 10 waarden", "items"),
        ({"items": ["a", "b"], "total": 9}, "'total' moet tussen 10 en 1000 liggen", "total"),
        ({"items": ["a", "b"], "total": 1001}, "'total' moet tussen 10 en 1000 liggen", "total"),
        ({"items": ["a", "b"], "total": "100"}, "'total' moet een heel getal zijn", "total"),
        ({"items": ["a", "b"], "total": 99.5}, "'total' moet een heel getal zijn", "total"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(spec, message, key):
    with pytest.raises(SpecError) as caught:
        question(**spec)
    assert (str(caught.value), caught.value.key) == (message, key)


def test_deck_error_points_at_the_line_of_the_bad_setting():
    text = "## Verdeel?\n\n```interaction\nkind: points\nitems: [a, b]\ntotal: 5\n```\n"
    with pytest.raises(DeckErrors) as caught:
        decks.parse(text, "t.md")
    assert str(caught.value) == "t.md:6: 'total' moet tussen 10 en 1000 liggen"


# Answers -----------------------------------------------------------------------------------------------


def test_points_adding_up_to_the_total_are_accepted():
    q = question(items=["a", "b", "c"])
    assert points.validate(q, [50, 30, 20]) == [50, 30, 20]
    assert points.validate(q, [0, 100, 0]) == [0, 100, 0]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([50, 40, 0], "Je hebt 90 van de 100 punten verdeeld."),
        ([60, 50, 0], "Je hebt 110 van de 100 punten verdeeld."),
        ([0, 0, 0], "Je hebt 0 van de 100 punten verdeeld."),
        ([100, 0], "Verdeel de punten over alle 3 onderdelen."),
        (100, "Verdeel de punten over alle 3 onderdelen."),
        ({"a": 100}, "Verdeel de punten over alle 3 onderdelen."),
        ([50, 50.0, 0], "Punten zijn hele getallen van 0 of meer."),
        ([110, -10, 0], "Punten zijn hele getallen van 0 of meer."),
        ([True, 99, 0], "Punten zijn hele getallen van 0 of meer."),
        (["50", 50, 0], "Punten zijn hele getallen van 0 of meer."),
    ],
)
def test_wrong_totals_and_bad_numbers_are_refused(value, reason):
    assert refused(question(items=["a", "b", "c"]), value) == reason


# Aggregate and chart -----------------------------------------------------------------------------------

# Worked out by hand: Rust 50+0+33 = 83 -> 27.7; Ruimte 30+100+33 = 163 -> 54.3; Regie 20+0+34 = 54 -> 18.0
GIVEN = [[50, 30, 20], [0, 100, 0], [33, 33, 34]]


def test_aggregate_has_sum_and_mean_per_item_in_deck_order():
    result = points.aggregate(question(items=["Rust", "Ruimte", "Regie"]), GIVEN)
    assert result == {
        "n": 3,
        "total": 100,
        "items": [
            {"label": "Rust", "mean": 27.7, "sum": 83},
            {"label": "Ruimte", "mean": 54.3, "sum": 163},
            {"label": "Regie", "mean": 18.0, "sum": 54},
        ],
    }


def test_aggregate_without_answers_has_no_means():
    result = points.aggregate(question(items=["a", "b"], total=10), [])
    assert result == {"n": 0, "total": 10, "items": [{"label": "a", "mean": None, "sum": 0},
                                                      {"label": "b", "mean": None, "sum": 0}]}


def test_chart_is_a_bar_of_mean_points():
    q = question(items=["Rust", "Ruimte", "Regie"])
    chart = points.chart(q, points.aggregate(q, GIVEN))
    assert chart.type == "bar" and chart.number_format == "0.0" and chart.notes is None
    assert chart.categories == ["Rust", "Ruimte", "Regie"]
    assert chart.series == [("Gemiddeld aantal punten", [27.7, 54.3, 18.0])]


# Live and export ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("every_aggregate")
def test_answers_through_the_socket_reach_the_presenter_aggregate(db, phone, presenter, flush):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    code = session["code"]
    screen = presenter(code)
    first, second = phone(code), phone(code)
    assert emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)["ok"]
    assert emit(screen, "open", {"code": code, "question_id": "budget"}, FACILITATOR)["ok"]

    ack = emit(first, "respond", {"question_id": "budget", "value": [5, 3, 2]})
    assert ack == {"ok": True, "question_id": "budget", "value": [5, 3, 2], "revision": 1}
    assert emit(second, "respond", {"question_id": "budget", "value": [5, 4, 0]}) == {
        "ok": False, "error": "Je hebt 9 van de 10 punten verdeeld."}
    assert emit(second, "respond", {"question_id": "budget", "value": [0, 4, 6]})["ok"]

    screen.get_received(FACILITATOR)
    flush()
    (view,) = [m["args"][0] for m in screen.get_received(FACILITATOR) if m["name"] == "results"]
    assert view["responses"] == 2
    assert view["result"] == {"n": 2, "total": 10, "items": [
        {"label": "Preventie", "mean": 2.5, "sum": 5},
        {"label": "Opvang", "mean": 3.5, "sum": 7},
        {"label": "Nazorg", "mean": 4.0, "sum": 8},
    ]}


@pytest.mark.usefixtures("every_aggregate")
def test_summary_deck_draws_the_stored_means(db):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_question_status(db, session["id"], "budget", "open", None)
    given = [[5, 3, 2], [0, 10, 0], [3, 3, 4]]
    for number, value in enumerate(given):
        person, _ = store.join_participant(db, session["id"], f"hash-{number}")
        assert store.save_response(db, session["id"], person, "budget", value) == 1

    rows = db.execute("select value from responses where session_id = ? and question_id = 'budget'",
                      [session["id"]]).fetchall()
    assert [json.loads(row[0]) for row in rows] == given
    prs = summary_deck(db, session)
    (slide,) = [s for s in prs.slides if any(shape.has_chart for shape in s.shapes)]
    (chart,) = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == ["Preventie", "Opvang", "Nazorg"]
    # Preventie (5+0+3)/3 = 2.7, Opvang (3+10+3)/3 = 5.3, Nazorg (2+0+4)/3 = 2.0
    assert list(chart.plots[0].series[0].values) == [2.7, 5.3, 2.0]
    assert chart.plots[0].data_labels.number_format == "[$-413]0.0"  # one decimal, the Dutch way (3,2)
    assert any(shape.has_text_frame and shape.text_frame.text == "n = 3" for shape in slide.shapes)
