"""The five-person rule on every output of a session with small groups (docs/privacy.md), by ground truth.

Utrecht: 7 Politie, 6 Zorg, 4 Gemeente (one more Gemeente joins between two views). On the board only 2 of the
6 Zorg and 3 Gemeente vote. Every group a live view, deck, factsheet, chart picture or comparison shows is
checked against who really answered: at least k people, and no two outputs whose difference is a group of 1 to
k - 1 people.
"""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation

from workshop import deck as decks
from workshop import profiles, sessions, store
from workshop.export import charts, compare, factsheet, pptx

K = 5
DECK = """\
---
title: Kleine groepen
profile:
  - id: domein
    question: In welk domein werk je?
    options: [Politie, Zorg, Gemeente]
  - id: niveau
    question: Wat is je rol?
    options: [Uitvoerend, Leidinggevend]
---
# Welkom
---
## Keuze

```interaction
kind: choice
id: keuze
options: [Ja, Nee]
```
---
## Klein

```interaction
kind: choice
id: klein
options: [Ja, Nee]
```
---
## Bord

```interaction
kind: statements
id: bord
statements: [Samen optrekken werkt, Handhaven is genoeg]
```
---
## Open

```interaction
kind: open
id: open
```
"""
NAMED = re.compile(r"\(n = (\d+)\)")


class Room:
    """A session and who is who: participant id -> (domein label, niveau label)."""

    def __init__(self, db, place: str, date: str):
        self.db = db
        self.session = sessions.start_session(db, decks.parse(DECK, "k.md"), "gemeente", place, date)
        self.who: dict[int, tuple[str, str]] = {}

    def join(self, domein: int, niveau: int) -> int:
        person, _ = store.join_participant(self.db, self.session["id"], f"t{len(self.who)}")
        store.set_profile(self.db, person, {"domein": domein, "niveau": niveau}, consented=True)
        self.who[person] = (["Politie", "Zorg", "Gemeente"][domein], ["Uitvoerend", "Leidinggevend"][niveau])
        return person

    def answer(self, question_id: str, people: list[int], value=0) -> None:
        for person in people:
            assert store.save_response(self.db, self.session["id"], person, question_id, [value])

    def status(self, question_id: str, status: str) -> None:
        store.set_question_status(self.db, self.session["id"], question_id, status, None)

    def split(self, question_id: str, by: str = "domein", live: bool = True) -> dict:
        question = sessions.deck_of(self.session).question(question_id)
        return sessions.split_result(self.db, self.session, question, by, live=live)


def members(room: Room, split: dict, answered: set[int], by: str = "domein") -> dict[str, set[int]]:
    """Who each shown group really is: its label's (for 'Overig' the merged labels') people who answered."""
    at = 0 if by == "domein" else 1
    merged = (split.get("note_values") or {}).get("names", [])
    found = {}
    for group in split["groups"]:
        labels = merged if group["label"] == profiles.OTHER else [group["label"]]
        found[group["label"]] = {p for p in answered if room.who[p][at] in labels}
        assert len(found[group["label"]]) == group["n"], (group, labels)
    return found


def assert_no_small_difference(cells: list[set[int]]) -> None:
    """No cell under k, and no pair where one holds the other but for 1 to k - 1 people."""
    for cell in cells:
        assert len(cell) >= K, cell
    for big in cells:
        for small in cells:
            if small <= big:
                assert len(big - small) == 0 or len(big - small) >= K, (sorted(big), sorted(small))


def n_labels(texts: list[str]) -> list[int]:
    return [int(n) for text in texts for n in NAMED.findall(text)]


@pytest.fixture
def utrecht(db):
    room = Room(db, "Utrecht", "2026-11-29")
    room.politie = [room.join(0, 1) for _ in range(7)]  # Politie, all leidinggevend
    # Zorg: the first two vote on the board, one of them leidinggevend, as are the four who do not vote
    room.zorg = [room.join(1, 1), room.join(1, 0)] + [room.join(1, 1) for _ in range(4)]
    room.gemeente = [room.join(2, 0) for _ in range(4)]
    room.status("keuze", "open")
    room.answer("keuze", room.politie + room.zorg + room.gemeente)
    room.status("klein", "open")
    room.answer("klein", room.gemeente[:3])
    room.status("klein", "closed")
    room.status("bord", "open")
    rows = {row["text"]: row["id"] for row in store.submissions(db, room.session["id"], "bord")}
    voters = room.politie + room.zorg[:2] + room.gemeente[:3]  # 2 of 6 Zorg, 3 Gemeente vote
    for person in voters:
        assert store.save_vote(db, rows["Samen optrekken werkt"], person, "agree")
    for person in room.politie:
        assert store.save_vote(db, rows["Handhaven is genoeg"], person, "disagree")
    room.status("bord", "closed")
    room.voters = set(voters)
    return room


def test_live_split_waits_for_close_and_keeps_its_groups_when_one_person_joins(utrecht):
    room = utrecht
    open_view = room.split("keuze")
    assert open_view["groups"] == [] and open_view["note_template"] == profiles.AFTER_CLOSE
    room.status("keuze", "closed")
    first = room.split("keuze")
    answered = set(room.politie + room.zorg + room.gemeente)
    before = members(room, first, answered)
    # Gemeente (4) is merged with the smallest shown group (Zorg, 6): Overig 10
    assert {label: len(m) for label, m in before.items()} == {"Politie": 7, "Overig": 10}
    # the question reopens and a fifth Gemeente joins and answers: without the rule Gemeente would now stand
    # alone, and 'Overig' before minus 'Zorg' after would be the first four Gemeente
    room.status("keuze", "open")
    assert room.split("keuze")["groups"] == []
    late = room.join(2, 0)
    room.answer("keuze", [late])
    room.status("keuze", "closed")
    second = room.split("keuze")
    after = members(room, second, answered | {late})
    assert {label: len(m) for label, m in after.items()} == {"Politie": 7, "Overig": 11}
    assert before["Politie"] == after["Politie"]
    # 'Overig' grew by exactly the one late answer, as the whole room did (18 after 17): what a live result
    # always shows, not a group's (docs/privacy.md); no other difference of two views is smaller than k
    assert after["Overig"] - before["Overig"] == {late}
    assert_no_small_difference([*before.values(), after["Politie"], after["Overig"] - {late}])
    # the whole room's view is the same data as the projector's
    store.set_current_slide(room.db, room.session["id"], 1, None)
    store.set_split(room.db, room.session["id"], "keuze", "domein", None)
    view = sessions.presenter_view(room.db, store.session_by_id(room.db, room.session["id"]))
    assert [g["n"] for g in view["split"]["groups"]] == [7, 11]


def test_a_board_group_is_counted_by_who_voted_and_small_cells_stay_hidden(utrecht):
    room = utrecht
    split = room.split("bord")
    # Zorg has 6 members but 2 voted: merged with Gemeente's 3 voters, never shown as "Zorg (n = 6)"
    assert [(g["label"], g["n"]) for g in split["groups"]] == [("Politie", 7), ("Overig", 5)]
    assert members(room, split, room.voters)["Overig"] == set(room.zorg[:2] + room.gemeente[:3])
    # "Handhaven is genoeg": only Politie voted; Overig has no voter there, so it shows nothing of it
    overig = next(g for g in split["groups"] if g["label"] == profiles.OTHER)
    assert [s["text"] for s in overig["result"]["statements"]] == ["Samen optrekken werkt"]
    # the whole room's board: n is the people who voted on it
    question = sessions.deck_of(room.session).question("bord")
    assert sessions.result_of(room.db, room.session, question)["n"] == 12


def test_two_splits_that_would_single_out_a_person_together_are_not_shown(utrecht, db):
    room = utrecht
    # on 'keuze' the splits by domein and by niveau differ by at least k everywhere and are both shown
    room.status("keuze", "closed")
    answered = set(room.politie + room.zorg + room.gemeente)
    cells = []
    for by in ("domein", "niveau"):
        split = room.split("keuze", by)
        assert split["groups"], by
        cells += list(members(room, split, answered, by).values())
    assert_no_small_difference(cells)
    # here Leidinggevend is the 6 Politie and 1 Zorg: Leidinggevend minus Politie would be one person
    other = Room(db, "Ede", "2026-11-29")
    people = [other.join(0, 1) for _ in range(6)] + [other.join(1, 1)] + [other.join(1, 0) for _ in range(5)]
    other.status("keuze", "open")
    other.answer("keuze", people)
    other.status("keuze", "closed")
    for by in ("domein", "niveau"):
        split = other.split("keuze", by)
        assert split["groups"] == [] and split["note_template"] == profiles.COMBINED, by


def test_merged_answers_keep_the_rooms_order_and_ties_follow_the_option_order(db):
    groups = [{"label": "A", "n": 5}, {"label": "B", "n": 5}, {"label": "C", "n": 2}]
    # C needs company: of A and B (both 5), B comes later in the options and joins it
    assert profiles.suppress(groups, 5)[0] == [{"label": "A", "n": 5},
                                               {"label": "Overig", "n": 7, "merged": ["B", "C"]}]
    room = Room(db, "Ede", "2026-11-29")
    people = [room.join(d, 0) for d in (2, 1, 2, 1, 1, 0, 0, 0, 0, 0)]  # Gemeente and Zorg interleaved
    room.status("keuze", "open")
    for number, person in enumerate(people):
        room.answer("keuze", [person], value=number % 2)
    room.status("keuze", "closed")
    question = sessions.deck_of(room.session).question("keuze")
    split = sessions.split_result(db, room.session, question, "domein")
    assert split["note_values"]["names"] == ["Zorg", "Gemeente"]  # option order, never smallest first
    # open answers of 'Overig' (2 Gemeente, 3 Zorg) come in the order they were given, not Gemeente first
    room.status("open", "open")
    for number, person in enumerate(people[:5]):
        assert store.save_response(db, room.session["id"], person, "open", [f"antwoord {number}"])
    room.status("open", "closed")
    split = sessions.split_result(db, room.session, sessions.deck_of(room.session).question("open"), "domein")
    [overig] = [g for g in split["groups"] if g["label"] == profiles.OTHER]
    assert overig["result"]["answers"] == [f"antwoord {number}" for number in range(5)]


def test_no_deck_factsheet_or_picture_shows_fewer_than_k(utrecht):
    room = utrecht
    room.status("keuze", "closed")
    summary = pptx.summary_deck(room.db, room.session)
    texts = [shape.text_frame.text for slide in summary.slides for shape in slide.shapes
             if shape.has_text_frame]
    names = [shape.name for slide in summary.slides for shape in slide.shapes]
    for slide in summary.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                texts += [s.name for plot in shape.chart.plots for s in plot.series]
                texts += [str(c) for plot in shape.chart.plots for c in plot.categories]
    assert "chart:klein" not in names  # 3 people answered 'klein': no chart
    store.set_current_slide(room.db, room.session["id"], 2, None)  # nor on the projector
    view = sessions.presenter_view(room.db, store.session_by_id(room.db, room.session["id"]))
    assert view["question"]["id"] == "klein" and view["result"] is None
    assert view["withheld"] == {"n": 3, "k": K} and view["responses"] == 3
    assert any("Minder dan 5 deelnemers antwoordden" in t for t in texts)
    assert all(n >= K for n in n_labels(texts)), sorted(n_labels(texts))
    sheet = factsheet.factsheet(room.db, room.session)
    sheet_texts = [shape.text_frame.text for shape in sheet.slides[0].shapes if shape.has_text_frame]
    assert all(n >= K for n in n_labels(sheet_texts)), sheet_texts
    assert "Klein (n" not in " ".join(sheet_texts)
    with pytest.raises(ValueError, match="fewer than 5"):
        charts.question_picture(room.db, room.session, "klein", "svg")
    picture = charts.question_picture(room.db, room.session, "keuze", "svg", by="domein").decode()
    assert all(n >= K for n in n_labels([picture])) and "(n = 7)" in picture
    buffer = io.BytesIO()
    summary.save(buffer)
    Presentation(io.BytesIO(buffer.getvalue()))  # a deck PowerPoint opens


def test_comparisons_leave_a_small_session_out_of_every_series(utrecht, db):
    room = utrecht
    room.status("keuze", "closed")
    zeist = Room(db, "Zeist", "2026-11-30")
    three = [zeist.join(0, 0) for _ in range(3)]
    zeist.status("keuze", "open")
    zeist.answer("keuze", three, value=1)
    ede = Room(db, "Ede", "2026-12-01")
    six = [ede.join(0, 0) for _ in range(6)] + [ede.join(2, 0) for _ in range(2)]
    ede.status("keuze", "open")
    ede.answer("keuze", six)
    rows = [room.session, zeist.session, ede.session]
    result = compare.comparison(db, rows)
    item = next(i for i in result["questions"] if i["question"].id == "keuze")
    names = [str(name) for name, _ in item["chart"].series]
    assert not any("Zeist" in name for name in names)
    # pooled = Utrecht + Ede: minus either one leaves the other, never Zeist's three
    assert names == ["Utrecht 29 november 2026 (n = 17)", "Ede 1 december 2026 (n = 8)",
                     "Alle gemeentelijke sessies (n = 25)"]
    assert item["n"] == 25 and "Zeist" in item["note"]
    # per group: police in Utrecht and Ede (7 and 6), Gemeente nowhere (4 and 2 answered)
    police = compare.comparison(db, rows, group=("domein", "Politie"))
    item = next(i for i in police["questions"] if i["question"].id == "keuze")
    assert [str(name) for name, _ in item["chart"].series] == [
        "Utrecht 29 november 2026 (n = 7)", "Ede 1 december 2026 (n = 6)",
        "Alle gemeentelijke sessies (n = 13)"]
    gemeente = compare.comparison(db, rows, group=("domein", "Gemeente"))
    item = next(i for i in gemeente["questions"] if i["question"].id == "keuze")
    assert item["chart"] is None and item["n"] == 0
    deck = compare.compare_deck(db, rows)
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    series = [s.name for slide in deck.slides for shape in slide.shapes if shape.has_chart
              for plot in shape.chart.plots for s in plot.series]
    assert all(n >= K for n in n_labels(series)), series
    assert not any("Zeist" in name for name in series) and any("Zeist" in t for t in texts)
