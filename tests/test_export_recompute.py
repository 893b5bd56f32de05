"""Every chart value in the summary deck, comparison deck and factsheet, recomputed from the CSV alone.

The recomputation below reads only the tidy CSV (docs/data.md); it shares no code with the exporters. Where
groups are shown it checks the small-group guarantees (every shown group at least k, nothing hidden that
is smaller than k) and recomputes each group, 'Overig' included, from its members' rows.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from pptx import Presentation

from workshop import deck as decks
from workshop.export import compare, factsheet, pptx, tables

from .test_export_data import RESEARCH_DECK, db, read_csv, simulate  # noqa: F401 - db is a fixture

VOTES = {"Eens": "agree", "Oneens": "disagree", "Weet niet / n.v.t.": "pass"}
NOTED_KINDS = {"scale", "ranking", "roles", "statements"}
NAMED = re.compile(r"^(?P<label>.*) \(n = (?P<n>\d+)\)$")
EXPANDED = re.compile(r"^(?P<category>.*?) · (?P<group>.+? \(n = \d+\))(?: \((?P<note>[^()]*)\))?$")
NOTED = re.compile(r"^(?P<category>.*?)(?: \((?P<note>[^()]*)\))?$")
K = 5
POOLED = {"Alle gemeentelijke sessies": "gemeente", "Alle landelijke sessies": "landelijk"}


def person(row: dict) -> tuple[str, str]:
    return row["session"], row["participant"]


def text_of(row: dict) -> str:
    return row["item"].split(" ", 1)[1]


def comma(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def cell(kind: str, rows: list[dict], category: str, series: str) -> float:
    """One chart value recomputed from answer rows."""
    if kind == "choice":
        return sum(int(r["value"]) for r in rows if r["item"] == category)
    if kind == "scale":
        return sum(r["item"] == category and int(r["value"]) == int(series.split()[0]) for r in rows)
    if kind == "points":
        given = [int(r["value"]) for r in rows if r["item"] == category]
        return round(sum(given) / len(given), 1)
    if kind == "ranking":
        items = len({r["item"] for r in rows})
        return sum(items - int(r["value"]) for r in rows if r["item"] == category)
    if kind == "roles":
        return sum(r["item"] == category and r["value"] == series for r in rows)
    if kind == "wordcloud":
        return len({person(r) for r in rows if r["value"] == category})
    if kind == "statements":
        return sum(text_of(r) == category and r["value"] == VOTES[series] for r in rows)
    raise AssertionError(f"no recomputation for kind {kind}")


def rounded(value: float, digits: int) -> float:
    """Halves up, as a spreadsheet's ROUND (docs/data.md)."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def measured(kind: str, rows: list[dict], category: str) -> float | None:
    """One group's value in a split or comparison chart: a share, a mean or a mean place, recomputed."""
    respondents = len({person(r) for r in rows})
    if kind == "choice":
        return rounded(sum(int(r["value"]) for r in rows if r["item"] == category) / respondents, 2)
    if kind == "wordcloud":
        return rounded(len({person(r) for r in rows if r["value"] == category}) / respondents, 2)
    if kind == "open":  # the word rule of the codebook's details: letters, lower case, 3+, once per person
        using = {person(r) for r in rows if category in re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*",
                                                                    r["value"].lower())}
        return rounded(len(using) / respondents, 2)
    if kind in ("scale", "points", "ranking"):
        given = [int(r["value"]) for r in rows if r["item"] == category and r["value"].lstrip("-").isdigit()]
        return rounded(rounded(sum(given) / len(given), 2 if kind != "points" else 1), 1) if given else None
    if kind == "statements":
        votes = [r["value"] for r in rows if text_of(r) == category and r["value"] in VOTES.values()]
        return rounded(votes.count("agree") / len(votes), 2) if votes else None
    if kind == "roles":
        task, party = category.rsplit(": ", 1)
        answered = {person(r) for r in rows if r["item"] == task and r["value"]}
        chose = {person(r) for r in rows if r["item"] == task and r["value"] == party}
        return rounded(len(chose) / len(answered), 2) if answered else None
    raise AssertionError(f"no recomputation for kind {kind}")


def note(kind: str, rows: list[dict], category: str, series_names: list[str]) -> str:
    """The note a chart shows beside a category, recomputed."""
    if kind == "scale":
        points = [int(r["value"]) for r in rows if r["item"] == category]
        return f"gem. {comma(round(sum(points) / len(points), 2))}"
    if kind == "ranking":
        places = [int(r["value"]) for r in rows if r["item"] == category]
        return f"gem. plaats {comma(round(sum(places) / len(places), 2))}"
    if kind == "roles":
        counts = [cell(kind, rows, category, name) for name in series_names]
        return "meest: " + " / ".join(n for n, c in zip(series_names, counts) if c == max(counts))
    if kind == "statements":
        return f"n = {sum(text_of(r) == category and r['value'] in VOTES.values() for r in rows)}"
    return ""


def size(kind: str, rows: list[dict]) -> int:
    """A result's n: the people who answered, or on a board who voted (docs/data.md)."""
    return len({person(r) for r in rows if r["value"] != "submitted"})


def check_groups(named: list[str], sizes: dict[str, int], label: str = "Overig") -> dict[str, set[str]]:
    """The chart's groups against the recomputed sizes: members per group, every rule of suppress kept."""
    members, shown = {}, set()
    for name in named:
        match = NAMED.match(name)
        assert match, name
        members[name] = {match["label"]} if match["label"] in sizes else set()
        shown |= members[name]
    for name in named:
        if not members[name]:
            assert NAMED.match(name)["label"].startswith(label), name
            members[name] = {g for g, n in sizes.items() if g not in shown and n}
    for name, group in members.items():
        n = int(NAMED.match(name)["n"])
        assert n == sum(sizes[g] for g in group) and n >= K, (name, sizes)
    hidden = sum(n for g, n in sizes.items() if not any(g in m for m in members.values()))
    assert hidden == 0 or hidden >= K
    return members


def check_chart(chart, kind: str, rows: list[dict], groups: dict[str, list[dict]] | None = None) -> int:
    """Assert every value (and note) of a chart; how many values were checked."""
    plot = chart.plots[0]
    names = [s.name for s in plot.series]
    checked = 0
    for series in plot.series:
        for label, value in zip(plot.categories, series.values):
            expanded = EXPANDED.match(label) if groups else None
            if expanded:
                category, part, shown_note = expanded["category"], groups[expanded["group"]], expanded["note"]
                expected = cell(kind, part, category, series.name)
            elif groups:
                category, part, shown_note = label, groups[series.name], None
                expected = measured(kind, part, category)
                if expected is None:
                    assert value is None, (label, series.name)
                    continue
            else:
                noted = NOTED.match(label) if kind in NOTED_KINDS else None
                category, shown_note = (noted["category"], noted["note"]) if noted else (label, None)
                part = rows
                expected = cell(kind, rows, category, series.name)
            assert value == pytest.approx(expected), (chart, label, series.name)
            if shown_note:
                assert shown_note == note(kind, part, category, names), label
            checked += 1
    return checked


class Tidy:
    """The CSV export, read back."""

    def __init__(self, data: bytes):
        self.rows = read_csv(data)
        self.kinds = {(r["question_id"]): r["kind"] for r in self.rows if r["kind"] != "profile"}

    def answers(self, question_id: str, sessions: set[str] | None = None) -> list[dict]:
        # an answer held by the privacy guard is in no chart ("[niet vrijgegeven]", docs/data.md)
        return [r for r in self.rows if r["question_id"] == question_id and r["kind"] != "profile"
                and r["value"] not in ("submitted", "[niet vrijgegeven]")
                and (sessions is None or r["session"] in sessions)]

    def label(self, row: dict, profile: str) -> str:
        return row[f"profile_{profile}"] or "Onbekend"

    def people(self, profile: str) -> dict[tuple, str]:
        return {person(r): self.label(r, profile) for r in self.rows if r["kind"] == "profile"
                and r["question_id"] == profile}


def frames(prs) -> list:
    return [shape for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def reopened(prs):
    buffer = io.BytesIO()
    prs.save(buffer)
    buffer.seek(0)
    return Presentation(buffer)


@pytest.fixture
def three(db):  # noqa: F811
    deck = decks.parse(RESEARCH_DECK, "r.md")
    return [simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: 7, 1: 6, 2: 3, None: 1}, seed=1),
            simulate(db, deck, "gemeente", "Zeist", "2026-11-30", {0: 5, 1: 6}, seed=2),
            simulate(db, deck, "landelijk", "Den Haag", "2026-12-02", {0: 9, 1: 4, 2: 6}, seed=3)]


def test_summary_deck_charts_equal_the_csv(db, three):  # noqa: F811
    session = three[0]
    tidy = Tidy(tables.export(db, [session], "csv"))
    checked, kinds = 0, set()
    for frame in frames(reopened(pptx.summary_deck(db, session))):
        what, *rest = frame.name.split(":")
        if what == "participants":
            (profile,) = rest
            sizes = Counter(tidy.people(profile).values())
            plot = frame.chart.plots[0]
            # check_groups compares each group's n with the recomputed sizes: the values are those n
            pairs = zip(plot.categories, plot.series[0].values, strict=True)
            check_groups([f"{c} (n = {int(v)})" for c, v in pairs], sizes)
            checked += len(plot.categories)
            continue
        question_id = rest[0]
        kind = tidy.kinds[question_id]
        rows = tidy.answers(question_id)
        if what == "chart":
            checked += check_chart(frame.chart, kind, rows)
        else:
            assert what == "split"
            labels = tidy.people(rest[1])
            if kind in ("statements", "qa"):
                sizes = Counter(labels.values())
            else:
                sizes = Counter(labels[p] for p in {person(r) for r in rows})
            plot = frame.chart.plots[0]
            named = [s.name for s in plot.series] if NAMED.match(plot.series[0].name) else list(
                dict.fromkeys(EXPANDED.match(c)["group"] for c in plot.categories))
            members = check_groups(named, sizes)
            groups = {name: [r for r in rows if labels[person(r)] in members[name]] for name in named}
            checked += check_chart(frame.chart, kind, rows, groups)
        kinds.add((what, kind))
    charted = {"choice", "scale", "points", "ranking", "roles", "wordcloud", "statements"}
    assert {k for _, k in kinds} == charted
    assert ("split", "choice") in kinds and ("split", "scale") in kinds
    assert checked > 100


def check_comparison(db, chosen: list[dict]) -> tuple[int, dict[str, list[str]]]:  # noqa: F811
    """Recompute every value of the comparison deck of these sessions; (values checked, series per chart)."""
    tidy = Tidy(tables.export(db, chosen, "csv"))
    labels = {compare.session_label(s): s["code"] for s in chosen}
    meeting = {s["code"]: s["kind"] for s in chosen}
    checked, series = 0, {}
    for frame in frames(reopened(compare.compare_deck(db, chosen))):
        what, question_id, *_ = frame.name.split(":")
        assert what == "compare"
        kind = tidy.kinds[question_id]
        rows = tidy.answers(question_id)
        plot = frame.chart.plots[0]
        named = [s.name for s in plot.series] if NAMED.match(plot.series[0].name) else list(
            dict.fromkeys(EXPANDED.match(c)["group"] for c in plot.categories))
        groups = {}
        for name in named:
            label = NAMED.match(name)["label"]
            codes = {labels[label]} if label in labels else {c for c, m in meeting.items() if m == POOLED[label]}
            groups[name] = [r for r in rows if r["session"] in codes]
            assert int(NAMED.match(name)["n"]) == size(kind, groups[name])
        checked += check_chart(frame.chart, kind, rows, groups)
        series[question_id] = named
    return checked, series


def test_comparison_deck_charts_equal_the_csv(db, three):  # noqa: F811
    checked, series = check_comparison(db, three)
    assert len(series) == 9 and checked > 100  # every question but Q&A, open answers by the words used
    for named in series.values():
        # two gemeente sessions give a pooled series; one landelijk session does not
        assert any(n.startswith("Alle gemeentelijke sessies") for n in named)
        assert not any(n.startswith("Alle landelijke sessies") for n in named)


def test_factsheet_charts_equal_the_csv(db, three):  # noqa: F811
    session = three[2]
    tidy = Tidy(tables.export(db, [session], "csv"))
    shown = frames(reopened(factsheet.factsheet(db, session)))
    assert 3 <= len(shown) <= 5
    respondents = {}
    for frame in shown:
        what, question_id = frame.name.split(":")
        assert what == "factsheet"
        rows = tidy.answers(question_id)
        respondents[question_id] = size(tidy.kinds[question_id], rows)
        assert check_chart(frame.chart, tidy.kinds[question_id], rows)
    # the rule: most respondents first
    others = {q: size(k, tidy.answers(q)) for q, k in tidy.kinds.items()
              if k not in ("open", "statements", "qa") and q not in respondents}
    assert min(respondents.values()) >= max(others.values(), default=0)
