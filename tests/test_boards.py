"""Statement boards and Q&A: submissions, moderation, the privacy guard on the socket level, votes."""

import json

import pytest

from workshop import deck as decks
from workshop import sessions, store
from workshop.live import FACILITATOR, PARTICIPANT, socketio

from .test_live import emit, events_named

BOARD_DECK = """\
# Welkom
---
## Stellingen

```interaction
kind: statements
id: stellingen
statements:
  - Hulpverlening is ook politiewerk
  - De politie moet zich beperken tot handhaven
moderation: {moderation}
per_participant: 2
max_length: 80
```
---
## Vragen aan het panel

```interaction
kind: qa
id: vragen
```
---
## Wat valt je op?

```interaction
kind: open
id: opvallend
answers: 2
```
"""

SECRET = "bel 06-12345678 voor meer"


def start(db, moderation="pre"):
    return sessions.start_session(db, decks.parse(BOARD_DECK.format(moderation=moderation), "b.md"),
                                  "gemeente", "Utrecht", "2026-11-29")


@pytest.fixture
def control(app, logged_in):
    """Make control-view sockets (which receive the moderation queue)."""
    made = []

    def make(code):
        client = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=logged_in)
        ack = client.emit("watch", {"code": code, "role": "control"}, namespace=FACILITATOR, callback=True)
        assert ack["ok"], ack
        client.watch_ack = ack
        made.append(client)
        return client

    yield make
    for client in made:
        client.disconnect(FACILITATOR)


def open_slide(screen, code, slide, question_id):
    assert emit(screen, "goto", {"code": code, "slide": slide}, FACILITATOR)["ok"]
    assert emit(screen, "open", {"code": code, "question_id": question_id}, FACILITATOR)["ok"]


def everything_received(client, namespace):
    return json.dumps(client.get_received(namespace), ensure_ascii=False)


def test_seeded_statements_reach_phones_to_vote_on(db, phone, presenter):
    row = start(db)
    screen = presenter(row["code"])
    client = phone(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    state = events_named(client, "state", PARTICIPANT)[-1]
    assert [i["text"] for i in state["items"]] == ["Hulpverlening is ook politiewerk",
                                                   "De politie moet zich beperken tot handhaven"]
    assert "statements" not in state["question"]["settings"]


@pytest.mark.usefixtures("every_aggregate")
def test_votes_are_counted_changed_and_taken_back(db, phone, presenter, flush):
    row = start(db)
    screen = presenter(row["code"])
    a, b = phone(row["code"]), phone(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    first, second = [i["id"] for i in events_named(a, "state", PARTICIPANT)[-1]["items"]]
    assert emit(a, "vote", {"submission_id": first, "vote": "agree"}) == {
        "ok": True, "submission_id": first, "vote": "agree"}
    emit(a, "vote", {"submission_id": first, "vote": "disagree"})
    emit(b, "vote", {"submission_id": first, "vote": "pass"})
    emit(b, "vote", {"submission_id": second, "vote": "agree"})
    emit(b, "vote", {"submission_id": second, "vote": None})
    assert emit(a, "vote", {"submission_id": first, "vote": "maybe"})["error"] == "Onbekende stem."
    screen.get_received(FACILITATOR)
    flush()
    (view,) = events_named(screen, "results", FACILITATOR)
    one, two = view["result"]["statements"]
    assert (one["agree"], one["disagree"], one["pass"], one["votes"]) == (0, 1, 1, 2)
    assert two["votes"] == 0
    again = phone(row["code"], token=f"{1:032x}")  # a's device reconnects
    assert again.join_ack["votes"] == {str(first): "disagree"}


@pytest.mark.usefixtures("every_aggregate")
def test_pre_moderated_statement_waits_and_never_reaches_the_projector(db, phone, presenter, control, flush):
    row = start(db, "pre")
    screen = presenter(row["code"])
    desk = control(row["code"])
    client = phone(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    screen.get_received(FACILITATOR)
    ack = emit(client, "submit", {"question_id": "stellingen", "text": "Zorg moet vaker de regie nemen"})
    assert ack["ok"] and ack["submission"]["status"] == "pending" and "held" not in ack
    flush()
    assert "vaker de regie" not in everything_received(screen, FACILITATOR)
    queue = events_named(desk, "moderation", FACILITATOR)[-1]["queue"]
    assert [q["text"] for q in queue] == ["Zorg moet vaker de regie nemen"]

    edited = emit(desk, "moderate", {"code": row["code"], "submission_id": ack["submission"]["id"],
                                     "action": "approve", "text": "Zorg moet vaker de regie nemen."},
                  FACILITATOR)
    assert edited["ok"]
    texts = [s["text"] for s in edited["state"]["result"]["statements"]]
    assert "Zorg moet vaker de regie nemen." in texts
    stored = store.submission(db, ack["submission"]["id"])
    assert stored["original_text"] == "Zorg moet vaker de regie nemen" and stored["status"] == "approved"
    assert store.events(db, row["id"])[-1]["data"]["edited"] is True


def test_flagged_text_is_held_even_on_a_post_moderated_board(db, phone, presenter, control, flush):
    row = start(db, "post")
    screen = presenter(row["code"])
    desk = control(row["code"])
    client = phone(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    clean = emit(client, "submit", {"question_id": "stellingen", "text": "Samen optrekken werkt"})
    assert clean["submission"]["status"] == "approved"
    screen.get_received(FACILITATOR)
    client.get_received(PARTICIPANT)
    flagged = emit(client, "submit", {"question_id": "stellingen", "text": SECRET})
    assert flagged["submission"]["status"] == "pending"
    assert flagged["held"] == ["bevat een telefoonnummer"]
    flush()
    assert "06-12345678" not in everything_received(screen, FACILITATOR)
    assert "06-12345678" not in everything_received(client, PARTICIPANT)
    (item,) = events_named(desk, "moderation", FACILITATOR)[-1]["queue"]
    assert item["reasons"] == ["bevat een telefoonnummer"]
    assert [s["text"] for s in item["segments"] if s["flagged"]] == ["06-12345678"]

    hidden = emit(desk, "moderate", {"code": row["code"], "submission_id": flagged["submission"]["id"],
                                     "action": "hide"}, FACILITATOR)
    assert SECRET not in json.dumps(hidden["state"])
    assert store.submission(db, flagged["submission"]["id"])["status"] == "hidden"


def test_submission_limits_and_closed_boards(db, phone, presenter):
    row = start(db, "post")
    screen = presenter(row["code"])
    client = phone(row["code"])
    assert emit(client, "submit", {"question_id": "stellingen", "text": "te vroeg"})["error"] == (
        "deze vraag is gesloten")
    open_slide(screen, row["code"], 1, "stellingen")
    assert emit(client, "submit", {"question_id": "stellingen", "text": "x" * 81})["error"] == (
        "Antwoord is te lang (maximaal 80 tekens).")
    assert emit(client, "submit", {"question_id": "stellingen", "text": "Eerste stelling"})["ok"]
    assert emit(client, "submit", {"question_id": "stellingen", "text": "Tweede stelling"})["ok"]
    assert emit(client, "submit", {"question_id": "stellingen", "text": "Derde stelling"})["error"] == (
        "Je kunt hier hoogstens 2 keer iets toevoegen.")
    assert emit(client, "submit", {"question_id": "opvallend", "text": "niet hier"})["error"] == "unknown question"


def test_votes_on_pending_or_closed_statements_are_refused(db, phone, presenter):
    row = start(db, "pre")
    screen = presenter(row["code"])
    client = phone(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    pending = emit(client, "submit", {"question_id": "stellingen", "text": "Nog niet goedgekeurd"})
    assert emit(client, "vote", {"submission_id": pending["submission"]["id"], "vote": "agree"})["ok"] is False
    seeded = store.submissions(db, row["id"], "stellingen")[0]["id"]
    emit(screen, "close", {"code": row["code"], "question_id": "stellingen"}, FACILITATOR)
    assert emit(client, "vote", {"submission_id": seeded, "vote": "agree"})["error"] == "deze vraag is gesloten"
    assert emit(client, "vote", {"submission_id": 9999, "vote": "agree"})["error"] == "unknown statement"


def test_statement_from_another_session_cannot_be_voted_on(db, phone, presenter):
    first, second = start(db, "post"), start(db, "post")
    screen = presenter(second["code"])
    open_slide(screen, second["code"], 1, "stellingen")
    foreign = store.submissions(db, first["id"], "stellingen")[0]["id"]
    client = phone(second["code"])
    assert emit(client, "vote", {"submission_id": foreign, "vote": "agree"})["error"] == "unknown statement"


@pytest.mark.usefixtures("every_aggregate")
def test_facilitator_adds_and_focuses_a_statement(db, presenter):
    row = start(db)
    screen = presenter(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    added = emit(screen, "add", {"code": row["code"], "question_id": "stellingen", "text": "Live toegevoegd"},
                 FACILITATOR)
    assert "Live toegevoegd" in [s["text"] for s in added["state"]["result"]["statements"]]
    focused = emit(screen, "focus", {"code": row["code"], "question_id": "stellingen",
                                     "submission_id": added["submission_id"]}, FACILITATOR)
    assert focused["state"]["focus"] == added["submission_id"]


def test_qa_upvotes_order_and_answered(db, phone, presenter, flush):
    row = start(db)
    screen = presenter(row["code"])
    asker, voter = phone(row["code"]), phone(row["code"])
    open_slide(screen, row["code"], 2, "vragen")
    one = emit(asker, "submit", {"question_id": "vragen", "text": "Wie belt bij een crisis?"})["submission"]["id"]
    two = emit(asker, "submit", {"question_id": "vragen", "text": "Hoe delen we informatie?"})["submission"]["id"]
    emit(voter, "vote", {"submission_id": two, "vote": "up"})
    emit(asker, "vote", {"submission_id": two, "vote": "up"})
    emit(voter, "vote", {"submission_id": two, "vote": "up"})  # a second upvote by the same phone is the same vote
    voter.get_received(PARTICIPANT)
    flush()
    items = events_named(voter, "state", PARTICIPANT)[-1]["items"]
    assert [(i["id"], i["votes"]) for i in items] == [(two, 2), (one, 0)]
    ack = emit(screen, "answered", {"code": row["code"], "submission_id": two, "answered": True}, FACILITATOR)
    assert [q["id"] for q in ack["state"]["result"]["questions"]] == [one, two]


def test_flagged_open_answer_is_held_until_reviewed(db, phone, presenter, control, flush):
    row = start(db)
    screen = presenter(row["code"])
    desk = control(row["code"])
    client = phone(row["code"])
    open_slide(screen, row["code"], 3, "opvallend")
    ack = emit(client, "respond", {"question_id": "opvallend", "value": ["goede sfeer", SECRET]})
    assert ack["ok"] and ack["held"] == ["bevat een telefoonnummer"]
    screen.get_received(FACILITATOR)
    flush()
    assert "06-12345678" not in everything_received(screen, FACILITATOR)
    (item,) = events_named(desk, "moderation", FACILITATOR)[-1]["queue"]
    assert item["type"] == "answer"
    assert [s["text"] for s in item["texts"][1]["segments"] if s["flagged"]] == ["06-12345678"]
    assert emit(desk, "review", {"code": row["code"], "response_id": item["id"], "action": "approve",
                                 "value": ["goede sfeer", "bel voor meer"]}, FACILITATOR)["ok"]
    flush()
    view = events_named(screen, "results", FACILITATOR)[-1]
    assert view["result"]["answers"] == ["goede sfeer", "bel voor meer"]


def test_moderation_queue_needs_the_control_role(db, presenter, control, phone):
    row = start(db, "pre")
    screen = presenter(row["code"])
    assert "moderation" not in screen.watch_ack
    desk = control(row["code"])
    assert desk.watch_ack["moderation"] == {"code": row["code"], "queue": []}
    assert emit(screen, "watch", {"code": row["code"], "role": "boss"}, FACILITATOR)["ok"] is False


def test_board_sort_is_kept_for_the_projector(db, presenter):
    row = start(db)
    screen = presenter(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    ack = emit(screen, "sort", {"code": row["code"], "question_id": "stellingen", "sort": "divided"}, FACILITATOR)
    assert ack["state"]["board_sort"] == "divided"
    assert emit(screen, "sort", {"code": row["code"], "question_id": "stellingen", "sort": "x"},
                FACILITATOR)["error"].startswith("sort is one of")


def test_a_deployment_word_list_holds_texts_too(app, db, phone, presenter, tmp_path):
    from workshop.config import read_words

    words = tmp_path / "woorden.txt"
    words.write_text("# eigen lijst\nJansen\n\nbuurtregisseur  # namen die hier bekend zijn\n", encoding="utf-8")
    assert read_words(str(words)) == ["Jansen", "buurtregisseur"]
    assert read_words(None) == []
    with_mark = tmp_path / "notepad.txt"  # UTF-8 with a byte-order mark, first line a word
    with_mark.write_text("Jansen\n", encoding="utf-8-sig")
    assert read_words(str(with_mark)) == ["Jansen"]
    app.config["PRIVACY_WORDS"] = read_words(str(words))
    row = start(db, "post")
    screen = presenter(row["code"])
    client = phone(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    ack = emit(client, "submit", {"question_id": "stellingen", "text": "Meneer Jansen belt steeds"})
    assert ack["submission"]["status"] == "pending" and ack["held"] == ["bevat een woord van de woordenlijst"]
