"""The small-group rule in every export of aggregates, at k-1 and at k (and for two values of k).

A group of k-1 is never shown on its own: not in the summary deck, the factsheet, the comparison deck or a
chart picture; a group of exactly k is.
"""

from __future__ import annotations

import re

import pytest

from workshop import deck as decks
from workshop.export import charts, compare, factsheet, pptx

from .test_export_data import RESEARCH_DECK, db, simulate  # noqa: F401 - db is a fixture

NAMED = re.compile(r"^(?P<label>.*) \(n = (?P<n>\d+)\)$")
EXPANDED = re.compile(r"^.*? · (?P<group>.+? \(n = \d+\))(?: \([^()]*\))?$")
CASES = [(k, size) for k in (5, 3) for size in (k - 1, k)]


def groups_in(prs, prefix: str) -> set[str]:
    """The group (or session) labels of every chart whose name starts with `prefix`."""
    found = set()
    for slide in prs.slides:
        for shape in slide.shapes:
            if not (shape.has_chart and shape.name.startswith(prefix)):
                continue
            plot = shape.chart.plots[0]
            if shape.name.startswith("participants"):
                found |= set(plot.categories)
            elif NAMED.match(plot.series[0].name):
                found |= {NAMED.match(s.name)["label"] for s in plot.series}
            else:
                found |= {NAMED.match(EXPANDED.match(c)["group"])["label"] for c in plot.categories}
    return found


def start(db, k: int, zorg: int):  # noqa: F811
    """Politie k+2, Gemeente k, Zorg `zorg` participants; everyone answers everything."""
    deck = decks.parse(RESEARCH_DECK, "r.md")
    return simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: k + 2, 1: zorg, 2: k}, skip=0, k=k)


@pytest.mark.parametrize(("k", "size"), CASES)
def test_summary_deck(db, k, size):  # noqa: F811
    prs = pptx.summary_deck(db, start(db, k, size))
    participants, splits = groups_in(prs, "participants:"), groups_in(prs, "split:")
    if size < k:
        assert participants == splits == {"Politie", "Overig"}
    else:
        assert participants == splits == {"Politie", "Zorg", "Gemeente"}


@pytest.mark.parametrize(("k", "size"), CASES)
def test_factsheet(db, k, size):  # noqa: F811
    prs = factsheet.factsheet(db, start(db, k, size))
    text = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    if size < k:
        assert f"In welk domein werk je? Politie {k + 2} · Overig {size + k}" in text
    else:
        assert f"In welk domein werk je? Politie {k + 2} · Zorg {k} · Gemeente {k}" in text


@pytest.mark.parametrize(("k", "size"), CASES)
def test_comparison_deck(db, k, size):  # noqa: F811
    deck = decks.parse(RESEARCH_DECK, "r.md")
    big = simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: k + 3}, skip=0, k=k)
    small = simulate(db, deck, "gemeente", "Zeist", "2026-11-30", {0: size}, seed=2, skip=0, k=k)
    national = simulate(db, deck, "landelijk", "Den Haag", "2026-12-01", {1: k + 1}, seed=3, skip=0, k=k)
    prs = compare.compare_deck(db, [big, small, national])
    shown = groups_in(prs, "compare:")
    if size < k:
        # the small session is in no series, the pooled one included: only one gemeente session is left,
        # so there is no pooled series at all (it would equal Utrecht's)
        assert shown == {"Utrecht 29 november 2026", "Den Haag 1 december 2026"}
    else:
        assert shown == {"Utrecht 29 november 2026", "Zeist 30 november 2026", "Alle gemeentelijke sessies",
                         "Den Haag 1 december 2026"}


@pytest.mark.parametrize(("k", "size"), CASES)
def test_chart_picture_split_by_group(db, k, size):  # noqa: F811
    session = start(db, k, size)
    svg = charts.question_picture(db, session, "rol", "svg", by="domein").decode()
    assert (f"Zorg (n = {size})" in svg) == (size >= k)
    assert f"Politie (n = {k + 2})" in svg


def test_a_session_below_k_in_all_shows_no_groups_at_all(db):  # noqa: F811
    deck = decks.parse(RESEARCH_DECK, "r.md")
    session = simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: 2, 1: 2}, skip=0)
    prs = pptx.summary_deck(db, session)
    assert groups_in(prs, "participants:") == groups_in(prs, "split:") == set()
    assert not factsheet.telling_questions(db, session)  # no result of fewer than k respondents
    with pytest.raises(ValueError, match="fewer than 5 respondents"):
        charts.question_picture(db, session, "rol", "png", by="domein")
