"""The `roles` kind ("wie zorgt voor wat"): settings, answers, aggregation, chart, live path and export."""

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

roles = REGISTRY["roles"]
TASKS = ["Melding verward gedrag", "Huisbezoek bij zorgmijder", "Crisis 's nachts"]
PARTIES = ["Politie", "Zorg", "Gemeente", "Samen", "Niemand"]


def question(**spec) -> Question:
    return make_question("roles", "Wie zorgt voor wat?", "wie", **spec)



def spec_error(**spec) -> tuple[str, str | None]:
    with pytest.raises(SpecError) as caught:
        question(**spec)
    return str(caught.value), caught.value.key


# Settings ----------------------------------------------------------------------------------------------


def test_columns_default_to_police_care_municipality_together_nobody():
    assert question(rows=TASKS).settings == {"rows": TASKS, "columns": PARTIES, "multiple": False, "max": 1}


def test_multiple_defaults_max_to_every_column():
    q = question(rows=["a", "b"], columns=["x", "y", "z"], multiple=True)
    assert q.settings == {"rows": ["a", "b"], "columns": ["x", "y", "z"], "multiple": True, "max": 3}
    assert question(rows=["a", "b"], multiple=True, max=2).settings["max"] == 2


def test_rows_and_columns_accept_their_bounds():
    assert len(question(rows=[f"t{i}" for i in range(15)], columns=[f"p{i}" for i in range(8)])
               .settings["rows"]) == 15


@pytest.mark.parametrize(
    ("spec", "message", "key"),
    [
        ({}, "'rows' ontbreekt: geef een lijst van minstens 2", "rows"),
        ({"rows": "Crisis"}, "'rows' moet een lijst zijn", "rows"),
        ({"rows": ["a"]}, "'rows' heeft minstens 2 waarden nodig", "rows"),
        ({"rows": ["a", "a"]}, "'rows' noemt 'a' twee keer", "rows"),
        ({"rows": ["a", " "]}, "'rows' heeft een lege waarde", "rows"),
        ({"rows": ["a", {"b": 1}]}, "elke waarde in 'rows' moet een korte tekst zijn", "rows"),
        ({"rows": [f"t{i}" for i in range(16)]}, "'rows' heeft hoogstens 15 waarden", "rows"),
        ({"rows": ["a", "b"], "columns": None}, "'columns' ontbreekt: geef een lijst van minstens 2", "columns"),
        ({"rows": ["a", "b"], "columns": ["Politie"]}, "'columns' heeft minstens 2 waarden nodig", "columns"),
        ({"rows": ["a", "b"], "columns": ["Zorg", "Zorg"]}, "'columns' noemt 'Zorg' twee keer", "columns"),
        ({"rows": ["a", "b"], "columns": [f"p{i}" for i in range(9)]}, "'columns' heeft hoogstens 8 waarden",
         "columns"),
        ({"rows": ["a", "b"], "multiple": "ja"}, "'multiple' moet true of false zijn", "multiple"),
        ({"rows": ["a", "b"], "max": 2}, "'max' geldt alleen bij 'multiple: true'", "max"),
        ({"rows": ["a", "b"], "multiple": True, "max": 6}, "'max' moet een heel getal van 1 tot en met 5 zijn", "max"),
        ({"rows": ["a", "b"], "multiple": True, "max": 0}, "'max' moet een heel getal van 1 tot en met 5 zijn", "max"),
        ({"rows": ["a", "b"], "multiple": True, "max": True}, "'max' moet een heel getal van 1 tot en met 5 zijn",
         "max"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(spec, message, key):
    assert spec_error(**spec) == (message, key)


def test_deck_error_points_at_the_line_of_the_bad_setting():
    text = ("## Wie zorgt voor wat?\n\n```interaction\nkind: roles\nrows: [a, b]\nmultiple: true\nmax: 9\n"
            "```\n")
    with pytest.raises(DeckErrors) as caught:
        decks.parse(text, "t.md")
    assert str(caught.value) == "t.md:7: 'max' moet een heel getal van 1 tot en met 5 zijn"


# Answers -----------------------------------------------------------------------------------------------


def test_single_answer_is_one_column_per_row():
    q = question(rows=TASKS)
    assert roles.validate(q, [0, 4, 3]) == [0, 4, 3]


def test_every_row_must_be_answered():
    q = question(rows=TASKS)
    assert refused(q, [0, None, None]) == "Kies bij elke taak wie ervoor zorgt (nog 2 open)."
    assert refused(q, [None, 1, 2]) == "Kies bij elke taak wie ervoor zorgt (nog 1 open)."
    multi = question(rows=TASKS, multiple=True)
    assert refused(multi, [[0], [], None]) == "Kies bij elke taak wie ervoor zorgt (nog 2 open)."


@pytest.mark.parametrize(
    "value",
    [[0, 1], [0, 1, 2, 3], "Politie", 0, None, {"0": 1}, [0, 1, 5], [0, -1, 2], [0, 1, True], [0, 1, 2.0],
     [0, 1, [2]], [0, 1, "2"]],
)
def test_single_answer_that_does_not_fit_the_question_is_refused(value):
    assert refused(question(rows=TASKS), value) == "Dit antwoord hoort niet bij de vraag."


def test_multiple_answer_is_a_sorted_set_per_row():
    q = question(rows=TASKS, multiple=True)
    assert roles.validate(q, [[3, 0], [1], [4, 4, 2]]) == [[0, 3], [1], [2, 4]]
    # a bare index stands for a list of one, as with `choice`
    assert roles.validate(q, [1, [0, 1], 2]) == [[1], [0, 1], [2]]


@pytest.mark.parametrize("value", [[[0], [1], [5]], [[0], [1], [True]], [[0], [1], "2"], [[0], [1], [[2]]]])
def test_multiple_answer_with_an_unknown_column_is_refused(value):
    assert refused(question(rows=TASKS, multiple=True), value) == "Dit antwoord hoort niet bij de vraag."


def test_multiple_answer_respects_max_per_row():
    q = question(rows=TASKS, multiple=True, max=2)
    assert roles.validate(q, [[0, 1], [1, 1, 1], [2]]) == [[0, 1], [1], [2]]
    assert refused(q, [[0, 1], [0, 1, 2], [2]]) == (
        'Kies bij "Huisbezoek bij zorgmijder" hoogstens 2 partijen.')
    one = question(rows=TASKS, multiple=True, max=1)
    assert refused(one, [[0], [1], [0, 3]]) == "Kies bij \"Crisis 's nachts\" één partij."


# Aggregation and chart ---------------------------------------------------------------------------------


def test_single_aggregate_counts_percents_and_ties_for_top():
    q = question(rows=TASKS)
    result = roles.aggregate(q, [[0, 1, 3], [0, 1, 4], [1, 0, 3], [0, 2, 4]])
    assert result == {
        "n": 4,
        "columns": PARTIES,
        "rows": [
            {"label": TASKS[0], "n": 4, "counts": [3, 1, 0, 0, 0], "percents": [75.0, 25.0, 0.0, 0.0, 0.0],
             "top": ["Politie"]},
            {"label": TASKS[1], "n": 4, "counts": [1, 2, 1, 0, 0], "percents": [25.0, 50.0, 25.0, 0.0, 0.0],
             "top": ["Zorg"]},
            {"label": TASKS[2], "n": 4, "counts": [0, 0, 0, 2, 2], "percents": [0.0, 0.0, 0.0, 50.0, 50.0],
             "top": ["Samen", "Niemand"]},
        ],
    }


def test_multiple_aggregate_percents_are_of_respondents_and_may_pass_100():
    q = question(rows=["a", "b"], columns=["Politie", "Zorg", "Gemeente"], multiple=True, max=2)
    result = roles.aggregate(q, [[[0, 1], [2]], [[0], [1, 2]], [[1], [2]]])
    a, b = result["rows"]
    assert result["n"] == 3
    assert (a["n"], a["counts"], a["percents"]) == (3, [2, 2, 0], [66.7, 66.7, 0.0])
    assert a["top"] == ["Politie", "Zorg"]
    assert (b["n"], b["counts"], b["percents"], b["top"]) == (3, [0, 1, 3], [0.0, 33.3, 100.0], ["Gemeente"])
    assert sum(a["percents"]) > 100


def test_aggregate_without_answers_has_no_top():
    result = roles.aggregate(question(rows=TASKS), [])
    assert result["n"] == 0
    assert all(row == {"label": row["label"], "n": 0, "counts": [0] * 5, "percents": [0.0] * 5, "top": []}
               for row in result["rows"])
    assert roles.chart(question(rows=TASKS), result).notes == ["", "", ""]


def test_chart_is_a_stack_per_task_with_a_series_per_party():
    q = question(rows=TASKS)
    chart = roles.chart(q, roles.aggregate(q, [[0, 1, 3], [0, 1, 4], [1, 0, 3], [0, 2, 4]]))
    assert chart.type == "stacked" and chart.categories == TASKS
    assert chart.series == [("Politie", [3, 1, 0]), ("Zorg", [1, 2, 0]), ("Gemeente", [0, 1, 0]),
                            ("Samen", [0, 0, 2]), ("Niemand", [0, 0, 2])]
    assert chart.notes == ["meest: Politie", "meest: Zorg", "meest: Samen / Niemand"]


# Live path and export ----------------------------------------------------------------------------------

DECK = """\
---
title: Wie zorgt voor wat
---
# Welkom

---
## Wie zorgt voor wat?

```interaction
kind: roles
id: wie
rows:
  - Melding verward gedrag
  - Huisbezoek bij zorgmijder
  - Crisis 's nachts
multiple: true
max: 2
```
"""



@pytest.mark.usefixtures("every_aggregate")
def test_answers_through_the_socket_reach_the_presenter_aggregate(db, phone, presenter, flush):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    code = session["code"]
    screen = presenter(code)
    first, second = phone(code), phone(code)
    assert emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)["ok"]
    assert emit(screen, "open", {"code": code, "question_id": "wie"}, FACILITATOR)["ok"]

    ack = emit(first, "respond", {"question_id": "wie", "value": [[0, 1], None, [3]]})
    assert ack == {"ok": False, "error": "Kies bij elke taak wie ervoor zorgt (nog 1 open)."}
    ack = emit(first, "respond", {"question_id": "wie", "value": [[1, 0], [1], [3]]})
    assert ack == {"ok": True, "question_id": "wie", "value": [[0, 1], [1], [3]], "revision": 1}
    ack = emit(second, "respond", {"question_id": "wie", "value": [[0], [0, 1, 2], [3]]})
    assert ack["error"] == 'Kies bij "Huisbezoek bij zorgmijder" hoogstens 2 partijen.'
    assert emit(second, "respond", {"question_id": "wie", "value": [[0], [2], [3, 4]]})["ok"]
    assert store.response_values(db, session["id"], "wie") == [[[0, 1], [1], [3]], [[0], [2], [3, 4]]]

    screen.get_received(FACILITATOR)
    flush()
    (view,) = [m["args"][0] for m in screen.get_received(FACILITATOR) if m["name"] == "results"]
    assert view["responses"] == 2
    result = view["result"]
    assert result["columns"] == PARTIES
    assert [row["counts"] for row in result["rows"]] == [[2, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 0, 2, 1]]
    assert [row["top"] for row in result["rows"]] == [["Politie"], ["Zorg", "Gemeente"], ["Samen"]]
    assert result["rows"][2]["percents"] == [0.0, 0.0, 0.0, 100.0, 50.0]


@pytest.mark.usefixtures("every_aggregate")
def test_summary_deck_draws_the_stored_counts_as_a_100_percent_stack(db):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_question_status(db, session["id"], "wie", "open", None)
    given = [[[0], [1], [3]], [[0, 1], [1], [4]], [[1], [2, 1], [3]], [[0], [0, 3], [3, 4]]]
    for number, value in enumerate(given):
        person, _ = store.join_participant(db, session["id"], f"hash-{number}")
        assert store.save_response(db, session["id"], person, "wie", roles.validate(question(
            rows=TASKS, multiple=True, max=2), value)) == 1

    rows = db.execute("select value from responses where session_id = ? and question_id = 'wie'",
                      [session["id"]]).fetchall()
    answers = [json.loads(row[0]) for row in rows]
    prs = summary_deck(db, session)
    (chart,) = [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED_100
    assert list(chart.plots[0].categories) == [
        "Melding verward gedrag (meest: Politie)",
        "Huisbezoek bij zorgmijder (meest: Zorg)",
        "Crisis 's nachts (meest: Samen)",
    ]
    series = chart.plots[0].series
    assert [s.name for s in series] == PARTIES
    for column, drawn in enumerate(series):
        assert list(drawn.values) == [sum(column in a[row] for a in answers) for row in range(3)]
