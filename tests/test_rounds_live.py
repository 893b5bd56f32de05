"""Asking a question again over the socket: several phones, round 2 beside round 1, k per round."""

from workshop import deck as decks
from workshop import sessions, store
from workshop.live import FACILITATOR, PARTICIPANT

from .conftest import DECK
from .test_live import emit, events_named


def ask(screen, code, slide=1, question_id="domein"):
    assert emit(screen, "goto", {"code": code, "slide": slide}, FACILITATOR)["ok"]
    assert emit(screen, "open", {"code": code, "question_id": question_id}, FACILITATOR)["ok"]


def answer(phones, values, question_id="domein", **extra):
    for client, value in zip(phones, values, strict=True):
        ack = emit(client, "respond", {"question_id": question_id, "value": value, **extra})
        assert ack["ok"], ack


def test_phones_answer_again_in_round_two_and_the_projector_compares(db, session_row, phone, presenter, flush):
    code = session_row["code"]
    screen = presenter(code)
    phones = [phone(code) for _ in range(6)]
    ask(screen, code)
    answer(phones, [[0], [0], [0], [1], [1], [2]])
    assert emit(screen, "close", {"code": code, "question_id": "domein"}, FACILITATOR)["ok"]
    for client in phones:
        client.get_received(PARTICIPANT)

    ack = emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR)
    assert ack["ok"] and ack["round"] == 2
    assert (ack["state"]["round"], ack["state"]["status"], ack["state"]["responses"]) == (2, "open", 0)
    # Every phone hears of the new round, then gets the question again, open, in round 2.
    received = phones[0].get_received(PARTICIPANT)
    assert [m["name"] for m in received] == ["round", "state"]
    assert received[0]["args"][0] == {"question_id": "domein", "round": 2}
    assert (received[1]["args"][0]["round"], received[1]["args"][0]["status"]) == (2, "open")
    # A phone that reloads gets no answer for the new round, and its own answer of round 1 apart.
    again = phone(code, token=f"{2:032x}")
    assert again.join_ack["answers"] == {}
    assert again.join_ack["earlier"] == {"domein": {"round": 1, "value": [0]}}

    answer(phones, [[0], [0], [0], [0], [1], [2]], round=2)
    # An answer still meant for round 1 (a phone that was offline) is refused, not counted in round 2.
    late = emit(phones[5], "respond", {"question_id": "domein", "value": [1], "round": 1})
    assert late == {"ok": False, "error": "Deze ronde is voorbij: de vraag wordt opnieuw gesteld."}
    screen.get_received(FACILITATOR)
    flush()
    (view,) = events_named(screen, "results", FACILITATOR)
    assert view["round"] == 2 and view["responses"] == 6
    assert [o["count"] for o in view["result"]["options"]] == [4, 1, 1]
    rounds = view["rounds"]
    assert rounds["basis"] == "percent"
    assert [(r["round"], r["n"], r["withheld"]) for r in rounds["rounds"]] == [(1, 6, False), (2, 6, False)]
    # Round 1: 3, 2, 1 of 6; round 2: 4, 1, 1 of 6. Shifts from the exact shares (-16.67 rounds to -16.7).
    assert rounds["rows"] == [
        {"label": "Politie", "values": [50.0, 66.7], "shift": 16.7},
        {"label": "Zorg", "values": [33.3, 16.7], "shift": -16.7},
        {"label": "Gemeente", "values": [16.7, 16.7], "shift": 0.0},
    ]
    # Shared with the phones once closed: round 2 beside round 1 there too.
    emit(screen, "close", {"code": code, "question_id": "domein"}, FACILITATOR)
    phones[0].get_received(PARTICIPANT)
    assert emit(screen, "share", {"code": code, "question_id": "domein", "visible": True}, FACILITATOR)["ok"]
    shared = events_named(phones[0], "state", PARTICIPANT)[-1]
    assert shared["rounds"]["rows"] == rounds["rows"]
    # Round 1 is in the store as it was.
    assert store.response_values(db, session_row["id"], "domein", round_=1) == [[0], [0], [0], [1], [1], [2]]
    assert [e["data"] for e in store.events(db, session_row["id"]) if e["type"] == "round_started"] == [
        {"question": "domein", "round": 2}]


def test_an_answer_sent_again_after_the_round_moved_on_is_refused_not_taken_for_the_new_round(
        db, session_row, phone, presenter):
    code, sid = session_row["code"], session_row["id"]
    screen = presenter(code)
    client = phone(code)
    ask(screen, code)
    assert emit(client, "respond", {"question_id": "domein", "value": [0], "answer_id": "aaaa", "round": 1})["ok"]
    # Its ack was lost, the phone went offline, and the facilitator asked again. Back online, the phone's
    # outbox sends the round-1 answer again: the server says where it is rather than "saved" (which the phone
    # took for its round-2 answer, and the room lost that one).
    assert emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR)["ok"]
    again = emit(client, "respond", {"question_id": "domein", "value": [0], "answer_id": "aaaa", "round": 1})
    assert again == {"ok": False, "error": "Deze ronde is voorbij; je antwoord staat bij ronde 1."}
    assert store.response_values(db, sid, "domein", round_=1) == [[0]]
    assert store.response_values(db, sid, "domein", round_=2) == []
    # Its round-2 answer counts in round 2, and a resend of that one is still acknowledged as saved.
    for _ in range(2):
        ack = emit(client, "respond", {"question_id": "domein", "value": [1], "answer_id": "bbbb", "round": 2})
        assert ack["ok"] and ack["value"] == [1] and ack["revision"] == 1
    assert store.response_values(db, sid, "domein", round_=2) == [[1]]
    assert store.response_values(db, sid, "domein", round_=1) == [[0]]


def test_the_five_person_rule_holds_per_round(session_row, phone, presenter, flush):
    code = session_row["code"]
    screen = presenter(code)
    phones = [phone(code) for _ in range(5)]
    ask(screen, code)
    answer(phones[:4], [[0], [1], [1], [2]])  # round 1: four people, withheld
    emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR)
    answer(phones[:3], [[0], [0], [1]])
    screen.get_received(FACILITATOR)
    flush()
    (view,) = events_named(screen, "results", FACILITATOR)
    assert view["result"] is None and view["withheld"] == {"n": 3, "k": 5}
    answer(phones[3:], [[0], [2]])
    flush()
    (view,) = events_named(screen, "results", FACILITATOR)
    assert view["withheld"] is None and view["responses"] == 5
    first, second = view["rounds"]["rounds"]
    assert (first["n"], first["withheld"], first["k"]) == (4, True, 5)
    assert second["withheld"] is False
    # Round 1 had fewer than k: none of its values leaves the server, so there is no shift either.
    assert all(row["values"][0] is None and row["shift"] is None for row in view["rounds"]["rows"])
    assert [row["values"][1] for row in view["rounds"]["rows"]] == [60.0, 20.0, 20.0]


def test_a_split_of_round_two_waits_for_its_own_close(db, session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    ask(screen, code)
    emit(screen, "close", {"code": code, "question_id": "domein"}, FACILITATOR)
    emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR)
    state = store.question_state(db, session_row["id"], "domein")
    assert state["status"] == "open" and state["first_closed_at"] is None


def test_a_new_round_is_refused_with_a_reason(app, db, session_row, presenter, phone):
    code = session_row["code"]
    screen = presenter(code)
    assert emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR) == {
        "ok": False, "error": "Open de vraag eerst: een nieuwe ronde volgt op een eerdere."}
    assert emit(screen, "round", {"code": code, "question_id": "nope"}, FACILITATOR) == {
        "ok": False, "error": "unknown question"}
    assert emit(screen, "round", {"code": code, "question_id": "domein", "seconds": 2}, FACILITATOR)["ok"] is False
    assert emit(screen, "round", {"code": code, "question_id": "domein", "x": 1}, FACILITATOR)["error"] == (
        "unknown field 'x'")
    ask(screen, code)
    for _ in range(4):
        assert emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR)["ok"]
    assert emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR) == {
        "ok": False, "error": "Een vraag heeft hoogstens 5 rondes."}
    # A phone is no facilitator: the event does not exist on its namespace, and nothing changed.
    client = phone(code)
    client.emit("round", {"code": code, "question_id": "domein"}, namespace=PARTICIPANT)
    assert store.question_state(db, session_row["id"], "domein")["round"] == 5


def test_a_statement_board_is_not_asked_again(app, db, presenter):
    board = DECK + "\n---\n## Stellingen\n\n```interaction\nkind: statements\nid: stellingen\n" \
                   "statements: [Een, Twee]\n```\n"
    row = sessions.start_session(db, decks.parse(board, "t.md"), "gemeente", "Utrecht")
    screen = presenter(row["code"])
    ask(screen, row["code"], slide=4, question_id="stellingen")
    ack = emit(screen, "round", {"code": row["code"], "question_id": "stellingen"}, FACILITATOR)
    assert ack["ok"] is False and "stellingenbord" in ack["error"]
    assert emit(screen, "goto", {"code": row["code"], "slide": 4}, FACILITATOR)["state"]["may_ask_again"] is False
    assert emit(screen, "goto", {"code": row["code"], "slide": 1}, FACILITATOR)["state"]["may_ask_again"] is True
    assert store.question_state(db, row["id"], "stellingen")["round"] == 1


def test_an_ended_session_asks_nothing_again(db, session_row, presenter):
    code = session_row["code"]
    screen = presenter(code)
    ask(screen, code)
    sessions.end_session(db, store.session_by_id(db, session_row["id"]), None)
    assert emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR) == {
        "ok": False, "error": "Deze sessie is beëindigd; heropen haar eerst."}
    assert store.question_state(db, session_row["id"], "domein")["round"] == 1


AGAIN = DECK + """
---
## Nog een keer: welk domein?

Na de bespreking.

```interaction
again: domein
```
"""


def test_a_planned_round_opens_from_its_own_slide(app, db, phone, presenter, flush):
    row = sessions.start_session(db, decks.parse(AGAIN, "t.md"), "gemeente", "Utrecht")
    code = row["code"]
    screen = presenter(code)
    phones = [phone(code) for _ in range(5)]
    ask(screen, code)
    answer(phones, [[0], [0], [1], [1], [2]])
    emit(screen, "close", {"code": code, "question_id": "domein"}, FACILITATOR)
    # The slide that asks again: before it opens it shows round 1 and says which round it will open.
    assert emit(screen, "goto", {"code": code, "slide": 4}, FACILITATOR)["state"]["planned_round"] == 2
    ack = emit(screen, "open", {"code": code, "question_id": "domein"}, FACILITATOR)
    assert ack["ok"] and ack["round"] == 2 and ack["state"]["status"] == "open"
    answer(phones, [[0], [0], [0], [1], [2]])
    # Closing and opening it again on the same slide reopens round 2, never a round 3.
    emit(screen, "close", {"code": code, "question_id": "domein"}, FACILITATOR)
    again = emit(screen, "open", {"code": code, "question_id": "domein"}, FACILITATOR)
    assert "round" not in again and again["state"]["round"] == 2
    assert store.response_values(db, row["id"], "domein", round_=1) == [[0], [0], [1], [1], [2]]
    assert store.response_values(db, row["id"], "domein", round_=2) == [[0], [0], [0], [1], [2]]


def test_a_planned_round_before_the_first_is_refused(app, db, presenter):
    row = sessions.start_session(db, decks.parse(AGAIN, "t.md"), "gemeente", "Utrecht")
    screen = presenter(row["code"])
    emit(screen, "goto", {"code": row["code"], "slide": 4}, FACILITATOR)
    assert emit(screen, "open", {"code": row["code"], "question_id": "domein"}, FACILITATOR) == {
        "ok": False, "error": "Open de vraag eerst: een nieuwe ronde volgt op een eerdere."}


def test_a_planned_round_after_a_skipped_one_is_refused_until_the_skipped_one_is_asked(app, db, presenter):
    third = AGAIN + "\n---\n## Een derde keer: welk domein?\n\n```interaction\nagain: domein\n```\n"
    row = sessions.start_session(db, decks.parse(third, "t.md"), "gemeente", "Utrecht")
    code = row["code"]
    screen = presenter(code)
    ask(screen, code)
    emit(screen, "close", {"code": code, "question_id": "domein"}, FACILITATOR)
    # The round-2 slide was skipped: on the round-3 slide opening would start round 2 under "round 3".
    state = emit(screen, "goto", {"code": code, "slide": 5}, FACILITATOR)["state"]
    assert (state["planned_round"], state["round"]) == (3, 1)
    assert emit(screen, "open", {"code": code, "question_id": "domein"}, FACILITATOR) == {
        "ok": False, "error": "Deze dia vraagt ronde 3, maar de vraag is nog in ronde 1. Vraag hem eerst opnieuw "
                              "als ronde 2; daarna opent deze dia ronde 3."}
    assert store.question_state(db, row["id"], "domein")["round"] == 1
    # Asked again as round 2, the slide's own round is the next one: it opens round 3, and only once.
    assert emit(screen, "round", {"code": code, "question_id": "domein"}, FACILITATOR)["round"] == 2
    ack = emit(screen, "open", {"code": code, "question_id": "domein"}, FACILITATOR)
    assert ack["ok"] and ack["round"] == 3
    again = emit(screen, "open", {"code": code, "question_id": "domein"}, FACILITATOR)
    assert again["ok"] and "round" not in again and again["state"]["round"] == 3
    assert [e["data"]["round"] for e in store.events(db, row["id"]) if e["type"] == "round_started"] == [2, 3]


def test_the_session_page_counts_each_round(db, session_row, logged_in):
    sid = session_row["id"]
    people = [store.join_participant(db, sid, f"h{n}")[0] for n in range(7)]
    store.set_question_status(db, sid, "domein", "open", None)
    for person in people[:6]:
        store.save_response(db, sid, person, "domein", [0])
    store.start_round(db, sid, "domein", None)
    for person in people:
        store.save_response(db, sid, person, "domein", [1])
    page = logged_in.get(f"/f/s/{session_row['code']}").text
    assert "7 <span class=\"muted\">(ronde 1: 6; ronde 2: 7)</span>" in page


def test_a_split_shows_each_round_only_after_its_own_close(db):
    from pathlib import Path

    from workshop import profiles

    demo = decks.load(Path(__file__).resolve().parent.parent / "slides" / "demo.md")
    row = sessions.start_session(db, demo, "gemeente", "Utrecht")
    sid, question = row["id"], demo.question("rol")
    people = [store.join_participant(db, sid, f"h{n}")[0] for n in range(12)]
    for number, person in enumerate(people):
        store.set_profile(db, person, {"domein": number % 2}, True)  # 6 Politie, 6 Zorg
    store.set_question_status(db, sid, "rol", "open", None)
    for person in people:
        store.save_response(db, sid, person, "rol", [0])
    store.set_question_status(db, sid, "rol", "closed", None)
    split = sessions.split_result(db, row, question, "domein", live=True)
    assert [(g["label"], g["n"]) for g in split["groups"]] == [("Politie", 6), ("Zorg", 6)]
    store.start_round(db, sid, "rol", None)
    for person in people[:10]:
        store.save_response(db, sid, person, "rol", [1])
    during = sessions.split_result(db, row, question, "domein", live=True)
    assert during["groups"] == [] and during["note_template"] == profiles.AFTER_CLOSE
    store.set_question_status(db, sid, "rol", "closed", None)
    after = sessions.split_result(db, row, question, "domein", live=True)
    # round 2's own people: 5 and 5, each a group of k = 5 of round 2 alone
    assert [(g["label"], g["n"]) for g in after["groups"]] == [("Politie", 5), ("Zorg", 5)]
    assert [o["count"] for o in after["groups"][0]["result"]["options"]] == [0, 5, 0]


def test_a_text_question_asked_again_shows_its_current_round_on_its_own(db, session_row, phone, presenter, flush):
    code = session_row["code"]
    screen = presenter(code)
    phones = [phone(code) for _ in range(5)]
    ask(screen, code, slide=3, question_id="verwachting")
    answer(phones, [["eerste ronde"]] * 5, question_id="verwachting")
    assert emit(screen, "round", {"code": code, "question_id": "verwachting"}, FACILITATOR)["ok"]
    answer(phones, [["tweede ronde"]] * 5, question_id="verwachting")
    screen.get_received(FACILITATOR)
    flush()
    (view,) = events_named(screen, "results", FACILITATOR)
    assert view["round"] == 2 and view["rounds"] is None and view["may_ask_again"] is True
    assert view["result"]["answers"] == ["tweede ronde"] * 5
