"""The data export's codebook carries what a reader needs to redraw the charts: k, the tie rule, option order,
scale range and labels, stop words marked in the rows. Recomputed here from the two CSV files alone."""

from __future__ import annotations

import csv
import io
from collections import Counter

from workshop import deck as decks
from workshop import sessions, store
from workshop.export import pptx, tables

from .test_export_data import RESEARCH_DECK, db, simulate  # noqa: F401 - db is a fixture


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_codebook_has_k_order_ranges_rules_and_marks_stop_words(db):  # noqa: F811
    deck = decks.parse(RESEARCH_DECK, "r.md")
    session = simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: 6, 1: 5}, k=6)
    # one participant's words include a stop word next to a real one: stored, marked, not counted
    person = store.export_participants(db, session["id"])[0]["id"]
    store.set_question_status(db, session["id"], "woorden", "open", None)
    store.save_response(db, session["id"], person, "woorden", ["de", "vertrouwen"])
    data = tables.table(db, [session])
    answers, book = rows_of(tables.to_csv(data)), rows_of(tables.codebook_csv(data))
    sessions_k = {r["name"]: int(r["meaning"].split(";")[0].removeprefix("k = ")) for r in book
                  if r["section"] == "session"}
    assert sessions_k == {session["code"]: 6}
    rules = {r["name"]: r["meaning"] for r in book if r["section"] == "rule"}
    assert "tie rule" in rules["groups"] and "halves round up" in rules["rounding"]
    questions = {r["name"]: r for r in book if r["section"] == "question"}
    assert questions["ervaring"]["details"] == "scale 1..5; labels: 1 = slecht, 5 = goed"
    assert "stop words (not counted):" in questions["woorden"]["details"]
    marked = [r for r in answers if r["question_id"] == "woorden" and r["value"] == "de"]
    assert marked and all(r["item"].endswith("(stop word: not counted)") for r in marked)

    # the summary deck's word chart, recomputed from the rows without the marked ones, and its scale chart
    # from the rows and the codebook's range
    words = Counter()
    for row in answers:
        if row["question_id"] == "woorden" and "(stop word" not in row["item"]:
            words[row["value"]] += 1  # one row per participant and word: a count of people
    scale = questions["ervaring"]["details"].split(";")[0].removeprefix("scale ")
    low, high = (int(x) for x in scale.split(".."))
    points = Counter((r["item"], int(r["value"])) for r in answers if r["question_id"] == "ervaring")
    prs = pptx.summary_deck(db, store.session_by_id(db, session["id"]))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.name == "chart:woorden":
                plot = shape.chart.plots[0]
                for category, value in zip(plot.categories, plot.series[0].values):
                    assert value == words[category], category
                assert "de" not in list(plot.categories)
            if shape.name == "chart:ervaring":
                plot = shape.chart.plots[0]
                assert len(plot.series) == high - low + 1
                for point, series in zip(range(low, high + 1), plot.series):
                    for category, value in zip(plot.categories, series.values):
                        item = category.split(" (")[0]
                        assert value == points[(item, point)], (item, point)
    assert sessions.min_group(session) == 6
