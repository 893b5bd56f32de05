"""Sessions side by side: every question they share as one chart, a series per session plus pooled kinds.

No Flask here. A question is shared when every session asks it with the same id and kind (and, for kinds
whose answers are indexes, the same settings, so answers can be pooled). Pooled series ("Alle
gemeentelijke sessies", "Alle landelijke sessies") aggregate the union of answers; they are drawn when at
least two sessions of that kind are shown. A session with fewer than k respondents to a question is left out
of every series of that question, the pooled ones too, so "pooled minus shown" reveals no one; series
compare shares, means or mean ranks, each with its n in people (docs/privacy.md, docs/data.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pptx.presentation import Presentation as PresentationType
from sqlite_utils import Database

from .. import palette, profiles, sessions, store
from ..i18n_marker import N_
from ..interactions import Chart, Question, kind_of
from .charts import POOLED_COLOUR, category_labels, formatted, grouped_chart, named
from .pptx import KIND_LABELS, Builder, Each, chart_slides, dutch_date, title_slide

# Series the comparison adds to the sessions' own: Dutch templates, so that the comparison page can show them
# in its language (profiles.Note); the deck and its charts use the Dutch text.
POOLED = {
    "gemeente": N_("Alle gemeentelijke sessies (n = {n})"),
    "landelijk": N_("Alle landelijke sessies (n = {n})"),
}
LEFT_OUT = N_("Niet opgenomen, minder dan {k} deelnemers antwoordden: {names}.")
ONLY_GROUP = N_("Alleen de antwoorden van {label} ({question}).")
COUNTED = ("agree", "disagree", "pass", "up", "votes")
LINES_PER_SLIDE = 12


def session_label(session: dict) -> str:
    """A session as series name: 'place date', 'Utrecht 29 november 2026' (dates as exports write them)."""
    return f"{session['place']} {dutch_date(session.get('date'))}".strip()


def values_of(db: Database, session: dict, question: Question) -> list:
    """The stored, shown answers (or approved board texts with their votes) of a question in a session; of
    its last round when it was asked again (docs/data.md)."""
    if kind_of(question).collects == "submissions":
        return store.submissions(db, session["id"], question.id)
    return store.response_values(db, session["id"], question.id)


def pooled(question: Question, lists: list[list]) -> list:
    """Several sessions' answers as one list; board texts with the same wording count as one statement."""
    if kind_of(question).collects != "submissions":
        return [value for values in lists for value in values]
    by_text: dict[str, dict] = {}
    for rows in lists:
        for row in rows:
            if row["text"] not in by_text:
                by_text[row["text"]] = dict(row)
            else:
                for key in COUNTED:
                    by_text[row["text"]][key] = (by_text[row["text"]].get(key) or 0) + (row.get(key) or 0)
    return list(by_text.values())


def _comparable(first: Question, other: Question) -> bool:
    if first.kind != other.kind:
        return False
    return kind_of(first).collects == "submissions" or first.settings == other.settings


def split_questions(decks: list) -> tuple[list[Question], list[dict]]:
    """The questions every deck asks alike, and the others with the sessions that asked them."""
    order: list[str] = []
    for deck in decks:
        order += [q.id for q in deck.questions if q.id not in order]
    shared, partial = [], []
    for question_id in order:
        asked = [deck.question(question_id) for deck in decks]
        present = [q for q in asked if q is not None]
        if len(present) == len(decks) and all(_comparable(present[0], q) for q in present):
            shared.append(present[0])
        else:
            # Dutch, as the comparison deck says it; the comparison page translates it
            missing = len(present) < len(decks)
            reason = N_("niet in elke sessie") if missing else N_("andere soort of instellingen")
            partial.append({"id": question_id, "text": present[0].text, "reason": reason,
                            "asked_in": [i for i, q in enumerate(asked) if q is not None]})
    return shared, partial


def comparison(db: Database, rows: list[dict], each: Each = iter, group: tuple[str, str] | None = None
               ) -> dict[str, Any]:
    """What the comparison deck and page show: per shared question a chart, and the unshared questions.

    Sessions are compared by shares, means or mean ranks (charts.grouped_chart), each series with its n in
    people. A session where fewer than k people answered a question is in no series of that question, the
    pooled ones included, so no subtraction of two outputs can reveal it. With `group` (profile question id,
    label), only that group's answers count, in every session: police in A against police in B.
    """
    rows = sorted(rows, key=lambda s: (s["date"] or "", s["place"], s["code"]))
    labels = [session_label(s) for s in rows]
    labels = [f"{label} ({s['code']})" if labels.count(label) > 1 else label
              for label, s in zip(labels, rows, strict=True)]
    k = max(sessions.min_group(s) for s in rows)
    shared, partial = split_questions([sessions.deck_of(s) for s in rows])
    for entry in partial:
        entry["asked_in"] = [labels[i] for i in entry["asked_in"]]
    items = []
    for question in each(shared):
        results = {s["code"]: sessions.uncleared_result(db, s, question, group, compared=True) for s in rows}
        included = [(s, label) for s, label in zip(rows, labels) if results[s["code"]]["n"] >= k]
        left_out = [label for s, label in zip(rows, labels) if 0 < results[s["code"]]["n"] < k]
        series = [(named(label, results[s["code"]]["n"]), results[s["code"]]) for s, label in included]
        colours = [palette.group(labels.index(label)) for _, label in included]
        for meeting, template in POOLED.items():
            members = [s for s, _ in included if s["kind"] == meeting]
            if len(members) >= 2:
                together = pooled_result(db, question, members, group)
                series.append((profiles.Note(template, n=together["n"]), together))
                colours.append(POOLED_COLOUR)
        overall = pooled_result(db, question, [s for s, _ in included], group)
        notes = [("", profiles.Note(LEFT_OUT, k=k, names=left_out))] if left_out else []
        if group:
            asked = sessions.deck_of(rows[0]).profile_question(group[0])
            notes.insert(0, ("", profiles.Note(ONLY_GROUP, label=group[1], question=asked["question"])))
        # "note" for the deck; "notes" (meeting kind, profiles.Note) for the page, which translates them
        items.append({"question": question, "n": overall["n"], "notes": notes,
                      "note": " ".join(str(note) for _, note in notes),
                      "chart": grouped_chart(question, overall, series, colours) if series else None})
    return {"sessions": [{**s, "label": label} for s, label in zip(rows, labels)], "k": k,
            "questions": items, "partial": partial, "group": group}


def pooled_result(db: Database, question: Question, members: list[dict], group: tuple[str, str] | None
                  ) -> dict[str, Any]:
    """Several sessions' answers as one result, n the people in all of them."""
    lists, n = [], 0
    for session in members:
        values, people = sessions.answers(db, session, question, group)
        lists.append(values)
        n += people
    return {**kind_of(question).compared(question, pooled(question, lists)), "n": n}


def group_of(text: str | None, rows: list[dict]) -> tuple[str, str] | None:
    """A comparison per group from 'profile_id=label' (e.g. 'domein=Politie'); ValueError for one the sessions
    do not all ask."""
    if not text:
        return None
    profile_id, _, label = text.partition("=")
    pair = (profile_id.strip(), label.strip())
    if pair not in groups_to_compare(rows):
        choices = ", ".join(f"{p}={label}" for p, label in groups_to_compare(rows)) or "none"
        raise ValueError(f"not a group every session asks: '{text}' (choose from: {choices})")
    return pair


def groups_to_compare(rows: list[dict]) -> list[tuple[str, str]]:
    """The (profile question id, label) pairs every one of these sessions asks: what a comparison per
    group can be made of."""
    found: list[tuple[str, str]] | None = None
    for session in rows:
        pairs = [(p["id"], label) for p in sessions.deck_of(session).profile for label in profiles.labels(p)]
        found = pairs if found is None else [pair for pair in found if pair in pairs]
    return found or []


def compare_deck(db: Database, rows: list[dict], template=None, each: Each = iter,
                 group: tuple[str, str] | None = None) -> PresentationType:
    """The comparison deck: sessions on the title slide, a chart per shared question, the unshared ones."""
    data = comparison(db, rows, each, group)
    builder = Builder(template)
    title = f"Vergelijking van {len(rows)} sessies" + (f": alleen {group[1]}" if group else "")
    title_slide(builder, title, [
        f"{s['label']} · {KIND_LABELS.get(s['kind'], 'Bijeenkomst')} · "
        f"{store.count_participants(db, s['id'])} deelnemers" for s in data["sessions"]])
    without_chart = []
    for item in data["questions"]:
        question = item["question"]
        if item["chart"] is None:
            without_chart.append(f"{question.text} ({question.id}): geen grafiek voor deze soort vraag")
            continue
        line = " · ".join(t for t in (f"n = {item['n']}", item["chart"].unit, item["note"]) if t)
        chart_slides(builder, question.text, line, item["chart"], f"compare:{question.id}")
    lines = [f"{p['text']} ({p['id']}): {p['reason']}; gesteld in {', '.join(p['asked_in'])}"
             for p in data["partial"]] + without_chart
    listed = [lines[i:i + LINES_PER_SLIDE] for i in range(0, len(lines), LINES_PER_SLIDE)] or [[]]
    for number, page in enumerate(listed, start=1):
        title = "Vragen die niet elke sessie stelde" + (
            f" ({number}/{len(listed)})" if len(listed) > 1 else "")
        builder.body(builder.slide("content", title), page or ["Alle sessies stelden dezelfde vragen."])
    return builder.prs


def html_table(chart: Chart, number: Callable[[float | None, str], str] = formatted) -> dict[str, Any]:
    """A chart as a table for a page: a column per series (its name once, with its n), a row per category.

    `number(value, number_format)` writes a value (the page passes one for its language). A series name the
    comparison added is a profiles.Note, which the page translates.
    """
    return {"columns": [name for name, _ in chart.series],
            "rows": [{"category": label, "cells": [number(values[index], chart.number_format)
                                                   for _, values in chart.series]}
                     for index, label in enumerate(category_labels(chart))]}
