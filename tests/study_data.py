"""A realistic GIPZ study for tests and the README picture: five municipal and three national meetings.

Police and care answer differently on purpose (police agree more that help is police work, care that police
come too often because care is closed at night), so the infographic has agreements and differences to show.
One meeting has only two 'Anders' participants, who must never be shown as a group.
"""

from __future__ import annotations

import random
from pathlib import Path

from workshop import deck as decks
from workshop import sessions, store, studies

SLIDES = Path(__file__).resolve().parent.parent / "slides"
DOMAINS = ("Politie", "Zorg", "Gemeente", "Anders")
# (kind, unit, place, date, participants per domain index)
MEETINGS = [
    ("gemeente", "Gemeente Utrecht", "Utrecht", "2026-01-20", {0: 8, 1: 9, 2: 4, 3: 2}),
    ("gemeente", "Gemeente Amersfoort", "Amersfoort", "2026-02-03", {0: 7, 1: 8, 2: 5}),
    ("gemeente", "Gemeente Zeist", "Zeist", "2026-02-17", {0: 6, 1: 7, 2: 3, 3: 1}),
    ("gemeente", "Gemeente Nieuwegein", "Nieuwegein", "2026-03-03", {0: 9, 1: 6, 2: 4}),
    ("gemeente", "Gemeente Veenendaal", "Veenendaal", "2026-03-17", {0: 5, 1: 8, 2: 6}),
    ("landelijk", "Eenheid Oost-Nederland", "Apeldoorn", "2026-05-12", {0: 12, 1: 10, 2: 3}),
    ("landelijk", "Eenheid Noord-Nederland", "Groningen", "2026-05-26", {0: 10, 1: 11, 2: 2}),
    ("landelijk", "Eenheid Zeeland-West-Brabant", "Breda", "2026-06-09", {0: 11, 1: 9, 2: 4}),
]
# Chance to agree with each seeded statement, per domain (police, care, municipality, other).
AGREE = [
    (0.80, 0.45, 0.6, 0.5),  # Hulpverlening is ook politiewerk.
    (0.20, 0.30, 0.25, 0.3),  # beperken tot handhaven
    (0.85, 0.50, 0.7, 0.5),  # zorg niet bereikbaar
    (0.30, 0.70, 0.5, 0.5),  # zorgpartners weten goed
    (0.70, 0.75, 0.7, 0.6),  # verward gedrag: verkeerde partij
    (0.75, 0.72, 0.6, 0.5),  # privacyregels
]


def _answer(question, domain: int, rng: random.Random):
    settings = question.settings
    if question.kind == "choice":
        weights = [5, 2, 3, 2, 1] if domain == 0 else [3, 5, 3, 1, 1]
        return [rng.choices(range(len(settings["options"])), weights=weights[: len(settings["options"])])[0]]
    if question.kind == "scale":
        low, high = settings["min"], settings["max"]
        centre = 3.6 if domain == 0 else 3.0
        return [max(low, min(high, round(rng.gauss(centre, 0.9)))) for _ in settings["items"]]
    return None


def build(db, name: str = "GIPZ 2026", facilitator_id: int | None = None, seed: int = 18):
    """The study and its eight ended sessions, with profiles, scale and choice answers and statement votes."""
    with store.writing(db):  # one transaction: a few hundred writes, committed once
        return _build(db, name, facilitator_id, seed)


def _build(db, name: str, facilitator_id: int | None, seed: int):
    rng = random.Random(seed)
    study = studies.create(db, name, facilitator_id)
    rows = []
    for kind, unit, place, day, groups in MEETINGS:
        deck = decks.load(SLIDES / f"gipz-{kind}.md")
        row = sessions.start_session(db, deck, kind, place, day, None, facilitator_id, unit=unit,
                                     facilitators="Anna de Vries, Pieter Bakker", study_id=study["id"])
        people = []
        for domain, count in groups.items():
            for _ in range(count):
                person, _ = store.join_participant(db, row["id"], f"{place}-{len(people)}")
                store.set_profile(db, person, {"domein": domain, "niveau": rng.randrange(3)}, consented=True)
                people.append((person, domain))
        for question in deck.questions:
            store.set_question_status(db, row["id"], question.id, "open", facilitator_id)
            if question.kind == "statements":
                for index, statement in enumerate(store.submissions(db, row["id"], question.id)):
                    for person, domain in people:
                        chance = AGREE[index][domain] if index < len(AGREE) else 0.5
                        vote = "agree" if rng.random() < chance else rng.choice(["disagree", "disagree", "pass"])
                        store.save_vote(db, statement["id"], person, vote)
            else:
                for person, domain in people:
                    value = _answer(question, domain, rng)
                    if value is not None:
                        store.save_response(db, row["id"], person, question.id, value)
            store.set_question_status(db, row["id"], question.id, "closed", facilitator_id)
        store.add_note(db, row["id"], 1, None, f"Goede opkomst in {place}.", "Anna")
        sessions.end_session(db, store.session_by_id(db, row["id"]), facilitator_id)
        rows.append(store.session_by_id(db, row["id"]))
    return store.study_by_id(db, study["id"]), rows
