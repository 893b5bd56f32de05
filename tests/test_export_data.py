"""The tidy data export (csv, xlsx, json): a row per answer item, pseudonyms, held texts, spreadsheet safety.

Also home of the simulated sessions the other export tests use (`simulate`, `read_csv`).
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workshop import db as database
from workshop import deck as decks
from workshop import sessions, store
from workshop.export import tables
from workshop.interactions import InvalidAnswer, kind_of

RESEARCH_DECK = """\
---
title: Samen sterker in de wijk
profile:
  - id: domein
    question: In welk domein werk je?
    options: [Politie, Zorg, Gemeente]
consent: Je antwoorden worden anoniem bewaard voor onderzoek.
---
# Welkom
---
## Wat is je rol?

```interaction
kind: choice
id: rol
options: [Wijkagent, Hulpverlener, Beleid, Anders]
```
---
## Wat kenmerkt goede samenwerking?

```interaction
kind: choice
id: kenmerken
multiple: true
max: 2
options: [Korte lijnen, Informatie delen, Samen besluiten]
```
---
## Hoe ervaar je de samenwerking?

```interaction
kind: scale
id: ervaring
items: [In het algemeen, Bij acute situaties]
labels: [slecht, goed]
```
Notes:
Vraag door bij lage scores.
---
## Waar gaat het geld heen?

```interaction
kind: points
id: budget
items: [Preventie, Opvang, Nazorg]
total: 10
```
---
## Wat is het belangrijkst?

```interaction
kind: ranking
id: prioriteit
items: [Veiligheid, Zorg op maat, Privacy]
```
---
## Wie zorgt voor wat?

```interaction
kind: roles
id: wie
rows: [Melding, Nazorg]
multiple: true
max: 2
```
---
## Eén woord voor de samenwerking

```interaction
kind: wordcloud
id: woorden
```
---
## Wat verwacht je van de politie?

```interaction
kind: open
id: verwachting
answers: 2
```
---
## Stellingen

```interaction
kind: statements
id: stellingen
statements: [Hulpverlening is ook politiewerk, De politie moet alleen handhaven, Samen optrekken werkt]
moderation: post
```
---
## Vragen aan het panel

```interaction
kind: qa
id: vragen
```
"""

WORDS = ["vertrouwen", "korte lijnen", "traag", "samen", "bureaucratie", "open"]
TEXTS = ["Snel ter plaatse zijn en rustig blijven", "Goed luisteren naar de hulpverlening",
         "Meer tijd voor overleg met de wijkteams", "Duidelijke afspraken over wie wat doet"]
SECRET = "bel me op 06-12345678"
VOTE_CODES = {"agree", "disagree", "pass"}


def random_answer(question, rng: random.Random):
    """A valid answer to any built-in kind, normalised by the kind itself; None for kinds without answers."""
    s, kind = question.settings, question.kind
    if kind == "choice":
        raw = rng.sample(range(len(s["options"])), rng.randint(1, s["max"]))
    elif kind == "scale":
        raw = [rng.randint(s["min"], s["max"]) for _ in s["items"]]
    elif kind == "points":
        cuts = sorted(rng.randint(0, s["total"]) for _ in range(len(s["items"]) - 1))
        raw = [b - a for a, b in zip([0, *cuts], [*cuts, s["total"]])]
    elif kind == "ranking":
        raw = rng.sample(range(len(s["items"])), len(s["items"]))
    elif kind == "roles":
        count = len(s["columns"])
        raw = [sorted(rng.sample(range(count), rng.randint(1, s["max"]))) if s["multiple"]
               else rng.randrange(count) for _ in s["rows"]]
    elif kind == "open":
        raw = rng.sample(TEXTS, rng.randint(1, min(2, s["answers"])))
    elif kind == "wordcloud":
        raw = rng.sample(WORDS, rng.randint(1, s["words"]))
    else:
        return None
    try:
        return kind_of(question).validate(question, raw)
    except InvalidAnswer:  # pragma: no cover - a deck with settings this generator does not foresee
        return None


def simulate(db, deck, kind: str, place: str, date: str, groups: dict[int | None, int], seed: int = 1,
             skip: float = 0.1, k: int = 5) -> dict:
    """A finished session: participants per profile answer (None: joined without a profile), random answers,
    votes and a submitted statement on every board, one held and one hidden open answer, notes."""
    rng = random.Random(seed)
    session = sessions.start_session(db, deck, kind, place, date)
    store.set_min_group(db, session["id"], k)
    session = store.session_by_id(db, session["id"])
    people = []
    for group, count in groups.items():
        for _ in range(count):
            person, _ = store.join_participant(db, session["id"], f"{seed}-{len(people)}")
            if group is not None and deck.profile:
                store.set_profile(db, person, {p["id"]: group for p in deck.profile}, consented=True)
            people.append(person)
    rng.shuffle(people)
    for question in deck.questions:
        store.set_question_status(db, session["id"], question.id, "open", None)
        kind_of_question = kind_of(question)
        if kind_of_question.collects == "submissions":
            own = store.add_submission(db, session["id"], question.id, f"Eigen inbreng {place} {question.id}",
                                       "participant", "approved", people[0])
            store.add_submission(db, session["id"], question.id, SECRET, "participant", "pending", people[1])
            for row in store.submissions(db, session["id"], question.id):
                for person in people:
                    if rng.random() > skip:
                        store.save_vote(db, row["id"], person, rng.choice(kind_of_question.votes))
            assert own
        else:
            for person in people:
                value = random_answer(question, rng)
                if value is not None and rng.random() > skip:
                    store.save_response(db, session["id"], person, question.id, value)
            if question.kind == "open" and len(people) > 3:
                flags = [{"item": 0, "kind": "phone", "start": 10, "end": 21, "reason": "telefoonnummer"}]
                store.save_response(db, session["id"], people[2], question.id, [SECRET], flags)
                hidden = store.save_response(db, session["id"], people[3], question.id, ["verborgen"], flags)
                row = db.execute("select id from responses where session_id = ? and participant_id = ? "
                                 "and question_id = ?", [session["id"], people[3], question.id]).fetchone()
                store.review_response(db, session["id"], row[0], "hidden", None, None)
                assert hidden
        store.set_question_status(db, session["id"], question.id, "closed", None)
    store.add_note(db, session["id"], 0, None, "Iedereen is er.", "Anna")
    if deck.questions:
        slide = deck.slide_of(deck.questions[0].id)
        store.add_note(db, session["id"], slide.index, deck.questions[0].id, "Veel discussie.", "Anna")
    return store.session_by_id(db, session["id"])


def read_csv(data: bytes) -> list[dict]:
    """The rows of a CSV export as dicts of strings."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def db(tmp_path):
    connection = database.init(str(tmp_path / "t.db"))
    yield connection
    connection.close()


@pytest.fixture
def research(db):
    deck = decks.parse(RESEARCH_DECK, "r.md")
    return simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: 7, 1: 6, 2: 3, None: 1})


def test_one_row_per_answer_item_with_pseudonyms_and_profile_labels(db, research):
    # the notes and the log follow the answers as rows of their own kinds, without a participant
    rows = [r for r in read_csv(tables.export(db, [research], "csv")) if r["kind"] not in tables.RECORD_KINDS]
    assert list(rows[0]) == ["session", "meeting", "place", "date", "participant", "profile_domein",
                             "question_id", "kind", "round", "item", "value", "answered_at"]
    people = [p["id"] for p in store.export_participants(db, research["id"])]
    assert {r["participant"] for r in rows} == {f"P{n:03d}" for n in range(1, len(people) + 1)}
    token_hashes = {row[0] for row in db.execute("select token_hash from participants")}
    assert not any(value in token_hashes for row in rows for value in row.values())
    assert {r["profile_domein"] for r in rows} == {"Politie", "Zorg", "Gemeente", ""}
    # choice: one row per option, 1 when chosen
    for answer in store.export_responses(db, research["id"]):
        if answer["question_id"] == "rol":
            person = f"P{people.index(answer['participant_id']) + 1:03d}"
            mine = [r for r in rows if r["participant"] == person and r["question_id"] == "rol"]
            assert [(r["item"], r["value"]) for r in mine] == [
                (label, str(int(i in answer["value"])))
                for i, label in enumerate(["Wijkagent", "Hulpverlener", "Beleid", "Anders"])]
    profile_rows = [r for r in rows if r["kind"] == "profile"]
    assert len(profile_rows) == len(people)


def test_votes_and_submissions_are_rows_too(db, research):
    rows = read_csv(tables.export(db, [research], "csv"))
    votes = [r for r in rows if r["question_id"] == "stellingen" and r["value"] in VOTE_CODES]
    stored = db.execute(
        "select count(*) from submission_votes v join submissions s on s.id = v.submission_id "
        "where s.session_id = ? and s.question_id = 'stellingen'", [research["id"]]).fetchone()[0]
    assert len(votes) == stored > 0
    assert all(r["item"].startswith("#") for r in votes)
    submitted = [r for r in rows if r["question_id"] == "stellingen" and r["value"] == "submitted"]
    assert len(submitted) == 2 and any(r["item"].endswith(tables.HELD) for r in submitted)


def test_held_texts_are_never_exported(db, research):
    for fmt in ("csv", "json"):
        data = tables.export(db, [research], fmt).decode("utf-8-sig")
        assert "06-12345678" not in data and "verborgen" not in data
        assert tables.HELD in data
    book = load_workbook(io.BytesIO(tables.export(db, [research], "xlsx")))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert not any("06-12345678" in c for c in cells)
    held = [r for r in read_csv(tables.export(db, [research], "csv")) if r["value"] == tables.HELD]
    assert {r["question_id"] for r in held} == {"verwachting"} and len(held) == 2


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+31 en meer", "-5 punten", "@team", "\tTab",
                                  "\rCR"])
def test_formula_like_cells_are_neutralised(db, text):
    deck = decks.parse(RESEARCH_DECK, "r.md")
    session = sessions.start_session(db, deck, "gemeente", "Zeist", "2026-11-30")
    person, _ = store.join_participant(db, session["id"], "t")
    store.set_question_status(db, session["id"], "verwachting", "open", None)
    store.save_response(db, session["id"], person, "verwachting", [text])
    rows = read_csv(tables.export(db, [session], "csv"))
    (answer,) = [r for r in rows if r["question_id"] == "verwachting"]
    assert answer["value"] == "'" + text
    book = load_workbook(io.BytesIO(tables.export(db, [session], "xlsx")))
    long = list(book["long"].iter_rows(values_only=True))
    column = {name: number for number, name in enumerate(long[0])}
    (value,) = [row[column["value"]] for row in long if row[column["question_id"]] == "verwachting"]
    assert value == "'" + text
    document = json.loads(tables.export(db, [session], "json"))
    assert [r["value"] for r in document["rows"] if r["question_id"] == "verwachting"] == [text]


def test_xlsx_has_long_wide_per_session_and_codebook(db, research):
    deck = decks.parse(RESEARCH_DECK, "r.md")
    other = simulate(db, deck, "landelijk", "Den Haag", "2026-12-01", {0: 5}, seed=2)
    book = load_workbook(io.BytesIO(tables.export(db, [research, other], "xlsx")))
    assert book.sheetnames == ["long", f"wide {research['code']}", f"wide {other['code']}", "codebook", "notes",
                               "log"]
    wide = list(book[f"wide {research['code']}"].iter_rows(values_only=True))
    assert wide[0][:2] == ("participant", "profile_domein")
    assert "rol: Wijkagent" in wide[0] and "ervaring: In het algemeen" in wide[0]
    assert len(wide) - 1 == store.count_participants(db, research["id"])
    codebook = [tuple(c for c in row if c) for row in book["codebook"].iter_rows(values_only=True)]
    assert ("participant", "pseudonym by join order within the session (P001, P002, ...)") in codebook
    ranking = [row for row in codebook if row[:3] == (research["code"], "prioriteit", "ranking")]
    assert ranking and ranking[0][4] == "Veiligheid; Zorg op maat; Privacy"


def test_json_carries_sessions_and_codebook(db, research):
    document = json.loads(tables.export(db, [research], "json"))
    assert document["sessions"][0]["code"] == research["code"]
    assert {q["question_id"] for q in document["questions"]} >= {"rol", "stellingen", "domein"}
    assert len(document["rows"]) == len(read_csv(tables.export(db, [research], "csv")))


def test_unknown_format_is_refused(db, research):
    with pytest.raises(ValueError, match="unsupported format"):
        tables.export(db, [research], "txt")


def test_codebook_documents_every_column_and_kind():
    text = (Path(__file__).resolve().parent.parent / "docs" / "data.md").read_text(encoding="utf-8")
    for column in [*tables.BASE_COLUMNS, *tables.ANSWER_COLUMNS, "profile_"]:
        assert f"`{column}" in text
    for kind in tables.VALUE_MEANING:
        assert f"`{kind}`" in text
