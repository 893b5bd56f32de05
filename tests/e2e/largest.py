"""A session of tests/fixtures/largest.md filled through the protocol with the largest content we expect in a
meeting: 24 phones (python-socketio) answer every question, add 20 Q&A questions and vote on the boards.

The profile splits them 6/6/6/3/3, so a split shows four groups (the two small ones merged into 'Overig', with
the note saying so)."""

from __future__ import annotations

import random
import secrets

import socketio

from workshop import deck as decks
from workshop.interactions import Question, kind_of
from workshop.simulate import random_answer

from ..server import ROOT

DECK = decks.load(ROOT / "tests" / "fixtures" / "largest.md")
PHONES = 24
GROUPS = [0] * 6 + [1] * 6 + [2] * 6 + [3] * 3 + [4] * 3

# Realistic free texts (no digits or names, so the privacy guard holds none back).
_OPENINGS = ("Dat de zorg", "Dat de politie", "Dat de gemeente", "Dat iedereen", "Dat we samen",
             "Dat het wijkteam")
_MIDDLES = ("snel bereikbaar is en meedenkt", "duidelijk zegt wat wel en niet kan",
            "terugkoppelt wat er met de melding gebeurt", "niet afwacht tot het escaleert",
            "de persoon zelf serieus neemt", "informatie deelt als het echt nodig is",
            "een vast aanspreekpunt heeft in de wijk", "ook buiten kantoortijden verantwoordelijkheid neemt")
_ENDINGS = ("", ", ook als het druk is.", ", zodat we niet langs elkaar heen werken.",
            " en daarover afspraken maakt die iedereen kent.", ".")
WORDS = ("vertrouwen", "korte lijnen", "respect", "overleg", "regie", "bereikbaar", "duidelijkheid",
         "openheid", "snelheid", "kennis", "netwerk", "nazorg", "veiligheid", "samen", "afspraken",
         "elkaar kennen", "luisteren", "durven", "flexibel", "geduld", "terugkoppeling", "betrouwbaar",
         "eerlijk", "toegankelijk", "menselijk", "doortastend", "oplossingsgericht", "transparant",
         "gelijkwaardig", "betrokken", "continuïteit", "lef", "humor", "rust", "structuur",
         "heldere taken", "ruimte", "begrip", "zorgzaam", "professioneel", "proactief", "integraal",
         "nabijheid", "vakmanschap", "aanspreekbaar", "open vizier", "nieuwsgierig", "pragmatisch",
         "verbinding", "maatwerk", "tijd nemen", "één gezicht", "korte route", "wederzijds",
         "gedeelde taal", "vasthoudend", "warme overdracht", "durf", "focus", "eigenaarschap")
QUESTIONS = tuple(
    f"{start} {topic}?"
    for start in ("Hoe gaan jullie om met", "Wie is verantwoordelijk voor", "Wat verandert er aan",
                  "Kunnen we afspraken maken over")
    for topic in ("meldingen van verward gedrag in de nacht", "informatie delen binnen de AVG",
                  "nazorg na detentie", "zorgmijders die bij iedereen bekend zijn", "vervoer in een crisis")
)


# Where the phones put the grid's eight items, give or take a point: spread over the quadrants, with items 2
# and 5 and items 4 and 8 on the same place, so their marks on the projector would cover each other.
GRID_PLACES = [(4, 2), (3, 4), (4, 4), (2, 2), (3, 4), (5, 3), (4, 1), (2, 2)]


def grid_place(number: int) -> list[list[int]]:
    """One phone's places for the grid's items: the items' own places, the clustered ones exactly there."""
    rng = random.Random(number)
    exact = (1, 3, 4, 7)
    return [[x, y] if item in exact else [min(5, max(1, x + rng.choice((-1, 0, 0, 1)))),
                                          min(5, max(1, y + rng.choice((-1, 0, 0, 1))))]
            for item, (x, y) in enumerate(GRID_PLACES)]


# 22 ideas as phones send them; two pairs are merged, so 20 are voted on.
IDEAS = tuple(f"{start} {topic}" for start in ("Een vast aanspreekpunt voor", "Samen oefenen met",
                                                "Elke maand een overleg over", "Een gedeelde werkwijze voor")
              for topic in ("meldingen van verward gedrag in de nacht", "informatie delen binnen de AVG",
                            "nazorg na detentie en terugkeer in de wijk", "zorgmijders die bij iedereen bekend zijn",
                            "vervoer van iemand in een psychische crisis", "terugkoppeling na een melding"))[:22]


def open_texts(number: int) -> list[str]:
    """Two answers of one phone, 40 to 110 characters each."""
    rng = random.Random(number)
    return [f"{rng.choice(_OPENINGS)} {rng.choice(_MIDDLES)}{rng.choice(_ENDINGS)}".rstrip(".") + "."
            for _ in range(2)]


class Presenter:
    """A logged-in facilitator's socket."""

    def __init__(self, server, code: str):
        self.code = code
        self.client = socketio.Client(http_session=server.login())
        self.client.connect(server.url, namespaces=["/facilitator"], transports=["websocket"],
                            wait_timeout=10)
        self.call("watch", {})

    def call(self, event: str, payload: dict) -> dict:
        ack = self.client.call(event, {"code": self.code, **payload}, namespace="/facilitator", timeout=20)
        assert ack and ack.get("ok"), (event, payload, ack)
        return ack

    def goto(self, question_id: str) -> dict:
        return self.call("goto", {"slide": DECK.slide_of(question_id).index})["state"]

    def close(self) -> None:
        self.client.disconnect()


class Phones:
    """PHONES participants, joined with consent and a profile answer."""

    def __init__(self, server, code: str):
        self.code = code
        self.clients = []
        for number in range(PHONES):
            client = socketio.Client()
            client.connect(server.url, namespaces=["/participant"], transports=["websocket"], wait_timeout=10)
            self.clients.append(client)
            ack = self.call(number, "join", {"code": code, "token": secrets.token_hex(16)})
            if ack.get("needs"):
                self.call(number, "profile", {"consent": True, "answers": {"domein": GROUPS[number]}})

    def call(self, number: int, event: str, payload: dict) -> dict:
        ack = self.clients[number].call(event, payload, namespace="/participant", timeout=20)
        assert ack and ack.get("ok"), (event, payload, ack)
        return ack

    def close(self) -> None:
        for client in self.clients:
            client.disconnect()


def fill(server, code: str) -> None:
    """Answer every question of the session through the protocol; every question ends closed."""
    presenter = Presenter(server, code)
    phones = Phones(server, code)
    rng = random.Random(13)
    try:
        for slide in DECK.slides:
            question = slide.question
            if question is None:
                continue
            state = presenter.goto(question.id)
            presenter.call("open", {"question_id": question.id})
            spec = {"id": question.id, "kind": question.kind, "settings": state["question"]["settings"]}
            if question.id == "ideeen-lijst":  # collected, never voted on: the list as it grows
                for number, text in enumerate(IDEAS):
                    phones.call(number, "submit", {"question_id": question.id, "text": text})
                presenter.call("close", {"question_id": question.id})
                continue
            if question.kind == "ideas":
                sent = [phones.call(number, "submit", {"question_id": question.id, "text": text})["submission"]["id"]
                        for number, text in enumerate(IDEAS)]
                for pair in (sent[0:2], sent[2:4]):
                    presenter.call("ideas_merge", {"question_id": question.id, "ideas": pair,
                                                   "text": f"{IDEAS[pair[0] - sent[0]]} (samengevoegd)"})
                state = presenter.call("ideas_phase", {"question_id": question.id, "phase": "vote"})["state"]
                voting = Question.from_dict(state["question"])  # as phones get it: the list to vote on
                spec = {"id": question.id, "kind": question.kind, "settings": kind_of(voting).public(voting)["settings"]}
            if question.kind == "qa":
                for number, text in enumerate(QUESTIONS):
                    phones.call(number, "submit", {"question_id": question.id, "text": text})
            if question.kind in ("statements", "qa"):
                view = presenter.call("goto", {"slide": slide.index})["state"]
                items = view["result"]["statements" if question.kind == "statements" else "questions"]
                for number in range(PHONES):
                    if question.kind == "statements":
                        choices = ("agree", "agree", "disagree", "pass")
                        votes = [(item["id"], rng.choice(choices)) for item in items]
                    else:
                        votes = [(item["id"], "up") for item in rng.sample(items, rng.randint(1, 4))]
                    for item_id, vote in votes:
                        phones.call(number, "vote", {"submission_id": item_id, "vote": vote})
            else:
                for number in range(PHONES):
                    if question.kind == "open":
                        value = open_texts(number)
                    elif question.kind == "wordcloud":
                        value = [WORDS[(number * 3 + k) % len(WORDS)] for k in range(3)]
                    elif question.kind == "grid":
                        value = grid_place(number)
                    else:
                        value = random_answer(spec, rng)
                    phones.call(number, "respond", {"question_id": question.id, "value": value})
            presenter.call("close", {"question_id": question.id})
    finally:
        phones.close()
        presenter.close()
