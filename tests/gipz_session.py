"""A realistic GIPZ municipal meeting, filled the way a room in Zeist would answer, for the export tests.

26 professionals (9 police, 9 care, 6 municipality, 2 other), the deck slides/gipz-gemeente.md, answers that
differ by domain the way the interviews suggest, five statements of their own on the board (eleven in all,
some long), open answers worth quoting, Q&A questions to the research team (never to be quoted) and notes.
Deterministic: the same seed gives the same session.
"""

from __future__ import annotations

import random
from pathlib import Path

from workshop import deck as decks
from workshop import sessions, store
from workshop.interactions import kind_of

DECK = Path(__file__).resolve().parent.parent / "slides" / "gipz-gemeente.md"
# domein: Politie, Zorg, Gemeente, Anders; niveau: Beleid, Management, Uitvoering
PEOPLE = [(0, 2)] * 6 + [(0, 1)] * 2 + [(0, 0)] + [(1, 2)] * 6 + [(1, 1)] * 2 + [(1, 0)] + \
         [(2, 0)] * 3 + [(2, 1)] * 2 + [(2, 2)] + [(3, 2)] * 2
OWN_STATEMENTS = [
    "Een vast aanspreekpunt bij de politie per wijk maakt het verschil in de samenwerking.",
    "Zorgorganisaties moeten 's nachts en in het weekend net zo bereikbaar zijn als de politie.",
    "De meldkamer weet te weinig van wat er in de wijk al aan zorg rond een persoon loopt.",
    "Na een incident hoort de zorgpartner niet wat de politie heeft gedaan.",
    "Casusoverleg kost veel tijd maar voorkomt escalaties.",
]
# Per statement: the chance to agree for police, care, municipality, other (the rest disagrees or passes).
AGREE = [(0.35, 0.8, 0.6, 0.5), (0.7, 0.15, 0.3, 0.5), (0.85, 0.4, 0.6, 0.5), (0.3, 0.45, 0.5, 0.5),
         (0.8, 0.3, 0.5, 0.5), (0.75, 0.8, 0.65, 0.5), (0.8, 0.75, 0.8, 0.5), (0.3, 0.85, 0.5, 0.5),
         (0.8, 0.5, 0.6, 0.5), (0.6, 0.9, 0.7, 0.5), (0.8, 0.8, 0.85, 0.5)]
WORDS = [["korte lijnen", "vertrouwen", "wisselend"], ["bereikbaarheid", "korte lijnen", "privacy"],
         ["samen", "vertrouwen", "traag"], ["wisselend", "afhankelijk", "bureaucratie"]]
GOOD_OR_BETTER = [
    "De korte lijnen met de wijkagent werken goed, we bellen elkaar gewoon op.",
    "Beter: terugkoppeling na een melding, nu horen we vaak niets meer.",
    "Casusoverleg op vrijdag helpt om zorgen over een inwoner op tijd te bespreken.",
    "Informatie delen blijft lastig, iedereen is bang om iets fout te doen met de AVG.",
    "Na vijf uur is de zorg niet bereikbaar en dan blijft het bij de politie liggen.",
    "We kennen elkaars taken te slecht; een dag meelopen zou veel helpen.",
]
EXPECTATIONS = [
    "Dat de politie de zorgvraag ziet en niet alleen de overlast.",
    "Snel ter plaatse zijn en de situatie veilig maken, daarna de zorg erbij halen.",
    "Rustig blijven en de persoon niet meteen in de cel zetten.",
    "Dat ze ons bellen voordat de situatie escaleert, niet erna.",
    "Een warme overdracht aan de crisisdienst in plaats van een melding in een systeem.",
]
QA = ["Krijgen we de factsheet ook als we niet bij de bijeenkomst waren?",
      "Worden de uitkomsten van andere gemeenten ook gedeeld?"]


def gipz_session(db, seed: int = 7, place: str = "Zeist", date: str = "2026-03-02", k: int = 5) -> dict:
    """A finished GIPZ municipal session with realistic answers; returns its session row."""
    rng = random.Random(seed)
    deck = decks.load(DECK)
    session = sessions.start_session(db, deck, "gemeente", place, date, min_group=k)
    people = []
    for number, (domain, level) in enumerate(PEOPLE):
        person, _ = store.join_participant(db, session["id"], f"gipz-{seed}-{number}")
        store.set_profile(db, person, {"domein": domain, "niveau": level}, consented=True)
        people.append((person, domain))
    for question in deck.questions:
        store.set_question_status(db, session["id"], question.id, "open", None)
        if kind_of(question).collects == "submissions":
            _board(db, session, question, people, rng)
        else:
            for person, domain in people:
                value = _answer(question, domain, rng)
                if value is not None:
                    value = kind_of(question).validate(question, value)
                    store.save_response(db, session["id"], person, question.id, value)
        store.set_question_status(db, session["id"], question.id, "closed", None)
    first = deck.questions[1]
    store.add_note(db, session["id"], deck.slide_of(first.id).index, first.id,
                   "Politie en zorg verschillen vooral bij acute situaties.", "Lianne")
    store.add_note(db, session["id"], 0, None, "26 deelnemers, goede sfeer.", "Lianne")
    return store.session_by_id(db, session["id"])


def _board(db, session: dict, question, people: list, rng: random.Random) -> None:
    if question.kind == "qa":
        for (person, _), text in zip(people, QA, strict=False):
            store.add_submission(db, session["id"], question.id, text, "participant", "approved", person)
        return
    for (person, _), text in zip(people[::5], OWN_STATEMENTS, strict=False):
        store.add_submission(db, session["id"], question.id, text, "participant", "approved", person)
    for number, row in enumerate(store.submissions(db, session["id"], question.id)):
        chances = AGREE[number % len(AGREE)]
        for person, domain in people:
            draw = rng.random()
            if draw < 0.08:
                continue
            vote = "agree" if draw < chances[domain] else "pass" if draw > 0.93 else "disagree"
            store.save_vote(db, row["id"], person, vote)


def _answer(question, domain: int, rng: random.Random):
    s, kind = question.settings, question.kind
    if kind == "wordcloud":
        return rng.sample(WORDS[domain] + WORDS[(domain + 1) % len(WORDS)], 3)
    if kind == "scale":
        lean = (0, -1, 0, 0)[domain]
        return [max(s["min"], min(s["max"], rng.choice((2, 3, 3, 4, 4)) + lean + (item == 1 and domain == 1)))
                for item in range(len(s["items"]))]
    if kind == "open":
        pool = GOOD_OR_BETTER if question.id == "werkt-goed-beter" else EXPECTATIONS
        return rng.sample(pool, rng.randint(1, 2))
    if kind == "choice":
        return [rng.choice((0, 0, 1, 2, 3) if domain == 0 else (1, 1, 2, 4, 0))]
    if kind == "roles":
        likely = [(0, 3), (1, 2), (1, 0), (3, 2), (2, 1), (2, 3)]
        anyone = len(s["columns"])
        return [rng.choice(likely[row] + (rng.randrange(anyone),)) for row in range(len(s["rows"]))]
    if kind == "points":
        weights = [rng.randint(1, 6) + (3 if item == domain else 0) for item in range(len(s["items"]))]
        points = [s["total"] * w // sum(weights) for w in weights]
        points[0] += s["total"] - sum(points)
        return points
    if kind == "ranking":
        order = list(range(len(s["items"])))
        rng.shuffle(order)
        return order
    return None
