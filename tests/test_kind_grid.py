"""The `grid` kind (2x2): settings, positions on two scales, means and spread by hand, live path, exports."""

from __future__ import annotations

import pytest
from pptx.enum.chart import XL_CHART_TYPE

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
    assert charts and charts[0].chart_type == XL_CHART_TYPE.XY_SCATTER
    # "Eén contactpersoon" was placed by one person, fewer than k = 2: it has no point
    assert xy(charts[0].plots[0].series[0]) == [(4.0, 4.0)]
    rows = [r for r in tables.session_rows(db, store.session_by_id(db, session["id"]))
            if r["question_id"] == "maatregelen"]
    assert [(r["participant"], r["item"], r["value"]) for r in rows][:4] == [
        ("P001", "Casusoverleg · Impact", 5), ("P001", "Casusoverleg · Haalbaarheid", 4),
        ("P001", "Eén contactpersoon · Impact", 2), ("P001", "Eén contactpersoon · Haalbaarheid", 2)]
    assert ("P002", "Eén contactpersoon · Impact", "") in [(r["participant"], r["item"], r["value"]) for r in rows]


def xy(series) -> list[tuple[float, float]]:
    """A scatter series' points as stored in the chart's XML: (x, y) pairs."""
    element = series._element
    xs = [float(v.text) for v in element.xpath("./c:xVal//c:v")]
    ys = [float(v.text) for v in element.xpath("./c:yVal//c:v")]
    return list(zip(xs, ys))


EIGHT = """\
---
title: Maatregelen
profile:
  - id: domein
    question: In welk domein werk je?
    options: [Politie, Zorg, Gemeente]
---
## Waar zetten we op in?

```interaction
kind: grid
id: maatregelen
items: [Gezamenlijk casusoverleg, Eén contactpersoon per wijk, Gedeeld dossier, Meldpunt zorgwekkend gedrag,
        Opleiding samen, Vaste overlegtafel, Wijkagent in het sociaal team, Snellere terugkoppeling]
x: {label: Impact, min: 1, max: 5, low: klein, high: groot}
y: {label: Haalbaarheid, min: 1, max: 5, low: moeilijk, high: makkelijk}
quadrants: [Later, Snel doen, Niet doen, Groot project]
```
"""
# Where each group puts the eight items: 1 and 8, 5 and 6 end on the same place for everyone.
PLACES = {0: [[4, 4], [3, 2], [5, 3], [2, 4], [3, 3], [3, 3], [2, 2], [4, 4]],
          1: [[4, 4], [3, 2], [4, 2], [2, 3], [3, 3], [3, 3], [2, 3], [4, 4]],
          2: [[4, 4], [3, 3], [5, 3], [3, 5], [3, 3], [3, 3], [1, 2], [4, 4]]}


def eight_items(db, people: int = 30, split: bool = True) -> dict:
    """A closed 8-item grid answered by `people` phones in three groups of the profile question 'domein'."""
    session = sessions.start_session(db, decks.parse(EIGHT, "g.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_question_status(db, session["id"], "maatregelen", "open", None)
    for number in range(people):
        person, _ = store.join_participant(db, session["id"], f"g{number}")
        store.set_profile(db, person, {"domein": number % 3}, True)
        store.save_response(db, session["id"], person, "maatregelen", PLACES[number % 3])
    store.set_question_status(db, session["id"], "maatregelen", "closed", None)
    if split:
        store.set_split(db, session["id"], "maatregelen", "domein", None)
    return store.session_by_id(db, session["id"])


def grid_slides(deck):
    return [slide for slide in deck.slides for shape in slide.shapes
            if shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.XY_SCATTER]


def texts_of(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def point_labels(series) -> list[str]:
    return ["".join(t.text for t in label.xpath(".//a:t")) for label in series._element.xpath("./c:dLbls/c:dLbl")]


def test_the_summary_deck_draws_the_grid_as_a_native_scatter_chart(db):
    deck = summary_deck(db, eight_items(db))
    whole, split = grid_slides(deck)
    chart = next(shape.chart for shape in whole.shapes if shape.has_chart)
    x_axis, y_axis = chart.category_axis, chart.value_axis
    assert (x_axis.minimum_scale, x_axis.maximum_scale, y_axis.minimum_scale, y_axis.maximum_scale) == (1, 5, 1, 5)
    assert x_axis.axis_title.text_frame.text == "Impact (1 = klein, 5 = groot)"
    assert y_axis.axis_title.text_frame.text == "Haalbaarheid (1 = moeilijk, 5 = makkelijk)"
    points, *guides = chart.plots[0].series
    assert len(guides) == 2 and not chart.has_legend  # the lines between the quadrants, no legend of one group
    assert xy(points)[0] == (4.0, 4.0) and xy(points)[4] == (3.0, 3.0)
    # items that share a place share a label; the others carry their own number
    assert point_labels(points) == ["1, 8", "2", "3", "4", "5, 6", "", "7", ""]
    texts = texts_of(whole)
    assert "n = 30" in texts
    assert [t for t in texts if t in ("Later", "Snel doen", "Niet doen", "Groot project")] == [
        "Later", "Snel doen", "Niet doen", "Groot project"]
    key = next(t for t in texts if t.startswith("Gemiddeld Impact / Haalbaarheid"))
    assert "1  Gezamenlijk casusoverleg  4,0 / 4,0 · n = 30" in key and "8  Snellere terugkoppeling" in key

    chart = next(shape.chart for shape in split.shapes if shape.has_chart)
    groups = list(chart.plots[0].series)[:3]
    assert [s.name for s in groups] == ["Politie (n = 10)", "Zorg (n = 10)", "Gemeente (n = 10)"]
    assert xy(groups[0])[2] == (5.0, 3.0) and xy(groups[1])[2] == (4.0, 2.0)
    assert chart.has_legend and len(chart.legend._element.xpath("./c:legendEntry/c:delete")) == 2
    # where all three groups put 1 and 8 together, only the last (largest) ring says so
    assert point_labels(groups[0])[0] == "" and point_labels(groups[2])[0] == "1, 8"


def test_the_split_grid_respects_the_five_person_rule(db):
    session = eight_items(db, people=12)  # 4 per group: no group may be shown on its own
    deck = summary_deck(db, session)
    assert len(grid_slides(deck)) == 1  # the whole room only


def test_an_item_placed_by_fewer_than_k_people_shows_no_position(db):
    row = sessions.start_session(db, decks.parse(DECK, "g.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_question_status(db, row["id"], "maatregelen", "open", None)
    for n in range(5):  # five people place the first item; only the first of them places the second
        person, _ = store.join_participant(db, row["id"], f"t{n:032d}")
        store.save_response(db, row["id"], person, "maatregelen", [[4, 4], [1, 5], None] if n == 0 else
                            [[4, 4], None, None])
    result = sessions.result_of(db, row, sessions.deck_of(row).question("maatregelen"))
    first, second, third = result["items"]
    assert (first["n"], first["mean_x"], first["mean_y"]) == (5, 4.0, 4.0)
    # one person's mean is that person's answer: its n stays, its position does not leave the server
    assert second["n"] == 1 and second["hidden"] and second["mean_x"] is None and second["sd_y"] is None
    assert third["n"] == 0 and "hidden" not in third
    texts = " ".join(shape.text_frame.text for slide in summary_deck(db, store.session_by_id(db, row["id"])).slides
                     for shape in slide.shapes if shape.has_text_frame)
    assert "4,0 / 4,0" in texts and "1,0 / 5,0" not in texts


def test_the_embedded_workbook_of_the_scatter_keeps_text_as_text(db):
    from io import BytesIO

    from openpyxl import load_workbook

    deck = summary_deck(db, eight_items(db))
    for slide in grid_slides(deck):
        chart = next(shape.chart for shape in slide.shapes if shape.has_chart)
        sheet = load_workbook(BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
        assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_a_grid_nobody_answered_says_so_in_the_summary_deck(db):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_min_group(db, session["id"], 1)
    texts = [shape.text_frame.text for slide in summary_deck(db, store.session_by_id(db, session["id"])).slides
             for shape in slide.shapes if shape.has_text_frame]
    assert any("Nog geen antwoorden." in text for text in texts)
    assert not any("Geen weergave" in text for text in texts)
