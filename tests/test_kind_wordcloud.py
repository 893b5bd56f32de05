"""The `wordcloud` kind: settings, normalised answers, counts without stop words, chart, live and export."""

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

wordcloud = REGISTRY["wordcloud"]
STOP_REASON = "Kies woorden die iets zeggen: woorden als 'de', 'en' of 'the' tellen niet mee."

DECK = """\
---
title: Woorden
---
# Welkom

---
## Samenwerking in één woord?

```interaction
kind: wordcloud
id: woorden
words: 2
```
"""


def question(**spec) -> Question:
    return make_question("wordcloud", "In een woord?", "w", **spec)




# Settings ----------------------------------------------------------------------------------------------


def test_settings_default_to_three_words_of_thirty_characters():
    assert question().settings == {"words": 3, "max_length": 30}
    assert question(words=1, max_length=12).settings == {"words": 1, "max_length": 12}


@pytest.mark.parametrize(
    ("spec", "message", "key"),
    [
        ({"words": 0}, "'words' moet tussen 1 en 3 liggen", "words"),
        ({"words": 4}, "'words' moet tussen 1 en 3 liggen", "words"),
        ({"words": "3"}, "'words' moet een heel getal zijn", "words"),
        ({"max_length": 4}, "'max_length' moet tussen 5 en 60 liggen", "max_length"),
        ({"max_length": True}, "'max_length' moet een heel getal zijn", "max_length"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(spec, message, key):
    with pytest.raises(SpecError) as caught:
        question(**spec)
    assert (str(caught.value), caught.value.key) == (message, key)


def test_deck_error_points_at_the_line_of_the_bad_setting():
    text = "## Een woord?\n\n```interaction\nkind: wordcloud\nwords: 5\n```\n"
    with pytest.raises(DeckErrors) as caught:
        decks.parse(text, "t.md")
    assert str(caught.value) == "t.md:5: 'words' moet tussen 1 en 3 liggen"


# Answers -----------------------------------------------------------------------------------------------


def test_words_are_normalised():
    q = question()
    assert wordcloud.validate(q, "  Korte \t Lijnen! ") == ["korte lijnen"]
    assert wordcloud.validate(q, ["«Vertrouwen»", "(samen)", "e-mail"]) == ["vertrouwen", "samen", "e-mail"]
    assert wordcloud.validate(q, "Cafe\u0301") == ["caf\u00e9"]  # NFC: one code point for é


def test_duplicates_and_empty_fields_in_one_answer_count_once_or_not_at_all():
    q = question(words=2)
    assert wordcloud.validate(q, ["Zorg", "", "zorg.", "  ", "SAMEN"]) == ["zorg", "samen"]


def test_stop_words_may_accompany_a_real_word():
    assert wordcloud.validate(question(), ["de", "Politie"]) == ["de", "politie"]


@pytest.mark.parametrize(
    ("settings", "value", "reason"),
    [
        ({}, [], "Schrijf eerst een woord."),
        ({}, ["  ", "?!"], "Schrijf eerst een woord."),
        ({}, 5, "Antwoord moet tekst zijn."),
        ({}, ["zorg", 3], "Antwoord moet tekst zijn."),
        ({}, {"text": "zorg"}, "Antwoord moet tekst zijn."),
        ({"words": 2}, ["a", "b", "c"], "Geef hoogstens 2 woorden."),
        ({"words": 1}, ["rust", "ruimte"], "Geef hoogstens 1 woord."),
        ({"max_length": 10}, "x" * 11, "Een woord is te lang (maximaal 10 tekens)."),
        ({}, "een twee drie vier", "Gebruik hoogstens 3 woorden per vakje."),
        ({}, ["De", "the", "en de"], STOP_REASON),
    ],
)
def test_bad_answers_are_refused_with_a_reason(settings, value, reason):
    assert refused(question(**settings), value) == reason


def test_length_is_counted_after_trimming():
    q = question(max_length=10)
    assert wordcloud.validate(q, "  ((" + "x" * 10 + "!)) ") == ["x" * 10]
    assert wordcloud.validate(q, "één twee") == ["één twee"]


# Aggregate and chart -----------------------------------------------------------------------------------


def test_aggregate_counts_participants_per_word_without_stop_words():
    q = question()
    values = [["zorg", "samen"], ["zorg", "korte lijnen"], ["samen", "de", "zorg"], ["overleg"]]
    assert wordcloud.aggregate(q, values) == {
        "n": 4,
        "words": [
            {"text": "zorg", "count": 3},
            {"text": "samen", "count": 2},
            {"text": "korte lijnen", "count": 1},
            {"text": "overleg", "count": 1},
        ],
    }
    assert wordcloud.aggregate(q, []) == {"n": 0, "words": []}


def test_chart_is_a_bar_of_the_counts():
    q = question()
    result = wordcloud.aggregate(q, [["zorg", "samen"], ["zorg"], ["overleg", "zorg"]])
    chart = wordcloud.chart(q, result)
    assert chart.type == "bar" and chart.number_format == "0"
    assert chart.categories == ["zorg", "overleg", "samen"]
    assert chart.series == [("Aantal", [3, 1, 1])]


def test_chart_shows_the_top_fifteen_words():
    result = {"n": 20, "words": [{"text": f"w{i:02}", "count": 20 - i} for i in range(20)]}
    chart = wordcloud.chart(question(), result)
    assert chart.categories == [f"w{i:02}" for i in range(15)]
    assert chart.series == [("Aantal", list(range(20, 5, -1)))]


def test_no_chart_without_words():
    assert wordcloud.chart(question(), {"n": 0, "words": []}) is None


# Live and export ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("every_aggregate")
def test_answers_through_the_socket_reach_the_presenter_aggregate(db, phone, presenter, flush):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    code = session["code"]
    screen = presenter(code)
    first, second = phone(code), phone(code)
    assert emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)["ok"]
    assert emit(screen, "open", {"code": code, "question_id": "woorden"}, FACILITATOR)["ok"]

    ack = emit(first, "respond", {"question_id": "woorden", "value": ["Zorg", " samen!"]})
    assert ack == {"ok": True, "question_id": "woorden", "value": ["zorg", "samen"], "revision": 1}
    assert emit(second, "respond", {"question_id": "woorden", "value": ["zorg.", "korte  lijnen"]})["ok"]
    assert emit(second, "respond", {"question_id": "woorden", "value": ["de", "het"]}) == {
        "ok": False, "error": STOP_REASON}
    assert emit(second, "respond", {"question_id": "woorden", "value": ["a", "b", "c"]}) == {
        "ok": False, "error": "Geef hoogstens 2 woorden."}
    # A refused answer leaves the earlier one in place.
    assert store.response_values(db, session["id"], "woorden") == [
        ["zorg", "samen"], ["zorg", "korte lijnen"]]

    screen.get_received(FACILITATOR)
    flush()
    (view,) = [m["args"][0] for m in screen.get_received(FACILITATOR) if m["name"] == "results"]
    assert view["responses"] == 2
    assert view["result"] == {"n": 2, "words": [
        {"text": "zorg", "count": 2}, {"text": "korte lijnen", "count": 1}, {"text": "samen", "count": 1}]}


@pytest.mark.usefixtures("every_aggregate")
def test_summary_deck_draws_the_stored_counts(db):
    session = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_question_status(db, session["id"], "woorden", "open", None)
    q = question(words=2)
    given = [["Rust", "ruimte"], ["rust"], ["Ruimte", "rust!"], ["vertrouwen", "de"]]
    for number, value in enumerate(given):
        person, _ = store.join_participant(db, session["id"], f"hash-{number}")
        assert store.save_response(db, session["id"], person, "woorden", wordcloud.validate(q, value)) == 1

    rows = db.execute("select value from responses where session_id = ? and question_id = 'woorden'",
                      [session["id"]]).fetchall()
    assert [json.loads(row[0]) for row in rows] == [["rust", "ruimte"], ["rust"], ["ruimte", "rust"],
                                                   ["vertrouwen", "de"]]
    prs = summary_deck(db, session)
    (slide,) = [s for s in prs.slides if any(shape.has_chart for shape in s.shapes)]
    (chart,) = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == ["rust", "ruimte", "vertrouwen"]
    assert list(chart.plots[0].series[0].values) == [3, 2, 1]
    assert any(shape.has_text_frame and shape.text_frame.text == "n = 4" for shape in slide.shapes)
