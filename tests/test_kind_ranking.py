"""The `ranking` kind: settings, full orders as answers, mean rank and Borda score, chart, live and export."""

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

ranking = REGISTRY["ranking"]
ITEMS = ["Korte lijnen", "Informatie delen", "Samen besluiten", "Duidelijke regie"]

DECK = """\
---
title: Prioriteiten
---
# Welkom

---
## Wat is het belangrijkst?

```interaction
kind: ranking
id: prioriteit
items: [Korte lijnen, Informatie delen, Samen besluiten, Duidelijke regie]
```
"""


def question(**spec) -> Question:
    return make_question("ranking", "Volgorde?", "r", **spec)




# Settings ----------------------------------------------------------------------------------------------


def test_settings_are_the_items():
    assert question(items=ITEMS).settings == {"items": ITEMS}
    assert len(question(items=[f"i{n}" for n in range(10)]).settings["items"]) == 10


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({}, "'items' ontbreekt: geef een lijst van minstens 3"),
        ({"items": ["a", "b"]}, "'items' heeft minstens 3 waarden nodig"),
        ({"items": [f"i{n}" for n in range(11)]}, "'items' heeft hoogstens 10 waarden"),
        ({"items": ["a", "b", "a"]}, "'items' noemt 'a' twee keer"),
        ({"items": "a, b, c"}, "'items' moet een lijst zijn"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(spec, message):
    with pytest.raises(SpecError) as caught:
        question(**spec)
    assert (str(caught.value), caught.value.key) == (message, "items")


def test_deck_error_points_at_the_line_of_the_bad_setting():
    text = "## Volgorde?\n\n```interaction\nkind: ranking\nid: volgorde\nitems: [a, b]\n```\n"
    with pytest.raises(DeckErrors) as caught:
        decks.parse(text, "t.md")
    assert str(caught.value) == "t.md:6: 'items' heeft minstens 3 waarden nodig"


# Answers -----------------------------------------------------------------------------------------------


def test_an_answer_is_the_whole_order():
    assert ranking.validate(question(items=["a", "b", "c"]), [2, 0, 1]) == [2, 0, 1]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([0, 1], "Zet alle 3 onderdelen op volgorde."),
        ([], "Zet alle 3 onderdelen op volgorde."),
        (1, "Zet alle 3 onderdelen op volgorde."),
        ("0,1,2", "Zet alle 3 onderdelen op volgorde."),
        ([0, 1, 1], "Elk onderdeel mag maar één keer in de volgorde staan."),
        ([0, 1, 2, 0], "Elk onderdeel mag maar één keer in de volgorde staan."),
        ([0, 1, 3], "Dit antwoord hoort niet bij de vraag."),
        ([0, 1, -1], "Dit antwoord hoort niet bij de vraag."),
        ([0, 1, True], "Dit antwoord hoort niet bij de vraag."),
        ([0, 1, "2"], "Dit antwoord hoort niet bij de vraag."),
    ],
)
def test_incomplete_or_unknown_orders_are_refused(value, reason):
    assert refused(question(items=["a", "b", "c"]), value) == reason


# Aggregate and chart -----------------------------------------------------------------------------------

# Three orders of four items, worked out by hand (first place 3 points ... last 0):
#   [A B C D]  [B A D C]  [B C A D]
#   A: places 1, 2, 3 -> mean 2.0,  Borda 3+2+1 = 6, first once
#   B: places 2, 1, 1 -> mean 1.33, Borda 2+3+3 = 8, first twice
#   C: places 3, 4, 2 -> mean 3.0,  Borda 1+0+2 = 3
#   D: places 4, 3, 4 -> mean 3.67, Borda 0+1+0 = 1
ORDERS = [[0, 1, 2, 3], [1, 0, 3, 2], [1, 2, 0, 3]]


def test_aggregate_has_mean_rank_and_borda_sorted_by_borda():
    result = ranking.aggregate(question(items=["A", "B", "C", "D"]), ORDERS)
    assert result == {
        "n": 3,
        "items": [
            {"label": "B", "index": 1, "mean_rank": 1.33, "borda": 8, "borda_mean": 2.67, "first": 2},
            {"label": "A", "index": 0, "mean_rank": 2.0, "borda": 6, "borda_mean": 2.0, "first": 1},
            {"label": "C", "index": 2, "mean_rank": 3.0, "borda": 3, "borda_mean": 1.0, "first": 0},
            {"label": "D", "index": 3, "mean_rank": 3.67, "borda": 1, "borda_mean": 0.33, "first": 0},
        ],
    }


def test_equal_borda_goes_to_more_first_places_then_deck_order():
    # A: places 1 and 3, B: 2 and 2, C: 3 and 1 -> all 2 points; A and C were first once, B never.
    result = ranking.aggregate(question(items=["A", "B", "C"]), [[0, 1, 2], [2, 1, 0]])
    assert [(i["label"], i["borda"], i["first"]) for i in result["items"]] == [
        ("A", 2, 1), ("C", 2, 1), ("B", 2, 0)]


def test_aggregate_without_answers_keeps_deck_order():
    result = ranking.aggregate(question(items=["A", "B", "C"]), [])
    assert result["n"] == 0
    assert [(i["label"], i["mean_rank"], i["borda"], i["first"]) for i in result["items"]] == [
        ("A", None, 0, 0), ("B", None, 0, 0), ("C", None, 0, 0)]
    assert ranking.chart(question(items=["A", "B", "C"]), result).notes is None


def test_chart_is_a_bar_of_borda_totals_in_ranked_order_with_mean_places():
    q = question(items=["A", "B", "C", "D"])
    chart = ranking.chart(q, ranking.aggregate(q, ORDERS))
    assert chart.type == "bar" and chart.number_format == "0"
    assert chart.categories == ["B", "A", "C", "D"]
    assert chart.series == [("Bordapunten", [8, 6, 3, 1])]
    assert chart.notes == ["gem. plaats 1,3", "gem. plaats 2,0", "gem. plaats 3,0", "gem. plaats 3,7"]


# Live and export ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("every_aggregate")
def test_answers_through_the_socket_reach_the_presenter_aggregate(db, phone, presenter, flush):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    code = session["code"]
    screen = presenter(code)
    first, second = phone(code), phone(code)
    assert emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)["ok"]
    assert emit(screen, "open", {"code": code, "question_id": "prioriteit"}, FACILITATOR)["ok"]

    ack = emit(first, "respond", {"question_id": "prioriteit", "value": [2, 0, 1, 3]})
    assert ack == {"ok": True, "question_id": "prioriteit", "value": [2, 0, 1, 3], "revision": 1}
    assert emit(second, "respond", {"question_id": "prioriteit", "value": [0, 2, 2, 1]}) == {
        "ok": False, "error": "Elk onderdeel mag maar één keer in de volgorde staan."}
    assert emit(second, "respond", {"question_id": "prioriteit", "value": [0, 2]}) == {
        "ok": False, "error": "Zet alle 4 onderdelen op volgorde."}
    assert emit(second, "respond", {"question_id": "prioriteit", "value": [0, 2, 3, 1]})["ok"]

    screen.get_received(FACILITATOR)
    flush()
    (view,) = [m["args"][0] for m in screen.get_received(FACILITATOR) if m["name"] == "results"]
    assert view["responses"] == 2
    # Samen besluiten: places 1, 2 -> 3+2 = 5; Korte lijnen: 2, 1 -> 2+3 = 5 (both first once, deck order);
    # Informatie delen: 3, 4 -> 1; Duidelijke regie: 4, 3 -> 1 (neither first, deck order).
    assert [(i["label"], i["borda"], i["mean_rank"], i["first"]) for i in view["result"]["items"]] == [
        ("Korte lijnen", 5, 1.5, 1), ("Samen besluiten", 5, 1.5, 1),
        ("Informatie delen", 1, 3.5, 0), ("Duidelijke regie", 1, 3.5, 0)]


@pytest.mark.usefixtures("every_aggregate")
def test_summary_deck_draws_the_stored_borda_totals(db):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_question_status(db, session["id"], "prioriteit", "open", None)
    for number, value in enumerate(ORDERS):
        person, _ = store.join_participant(db, session["id"], f"hash-{number}")
        assert store.save_response(db, session["id"], person, "prioriteit", value) == 1

    rows = db.execute("select value from responses where session_id = ? and question_id = 'prioriteit'",
                      [session["id"]]).fetchall()
    assert [json.loads(row[0]) for row in rows] == ORDERS
    prs = summary_deck(db, session)
    (slide,) = [s for s in prs.slides if any(shape.has_chart for shape in s.shapes)]
    (chart,) = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == [
        "Informatie delen (gem. plaats 1,3)", "Korte lijnen (gem. plaats 2,0)",
        "Samen besluiten (gem. plaats 3,0)", "Duidelijke regie (gem. plaats 3,7)"]
    assert list(chart.plots[0].series[0].values) == [8, 6, 3, 1]
    assert any(shape.has_text_frame and shape.text_frame.text == "n = 3" for shape in slide.shapes)
