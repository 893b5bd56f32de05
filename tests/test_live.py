"""The realtime path with Flask-SocketIO's test client: join, answer, presenter aggregates, isolation."""

import pytest
from workshop import deck as decks
from workshop import sessions, store
from workshop.live import FACILITATOR, PARTICIPANT, socketio

from .conftest import DECK


def emit(client, event, payload, namespace=PARTICIPANT):
    return client.emit(event, payload, namespace=namespace, callback=True)


def events_named(client, name, namespace):
    return [m["args"][0] for m in client.get_received(namespace) if m["name"] == name]


def show_question(presenter_client, code, slide, question_id):
    assert emit(presenter_client, "goto", {"code": code, "slide": slide}, FACILITATOR)["ok"]
    assert emit(presenter_client, "open", {"code": code, "question_id": question_id}, FACILITATOR)["ok"]


def test_join_acks_with_current_state_and_own_answers(session_row, phone):
    client = phone(session_row["code"])
    ack = client.join_ack
    assert ack["session"]["title"] == "Testdeck"
    assert ack["state"] == {"mode": "presenter", "slide": 0, "question": None, "status": None}
    assert ack["answers"] == {}


def test_join_with_unknown_code_or_bad_token_is_refused(session_row, phone):
    client = phone()
    assert emit(client, "join", {"code": "ZZZZZZ", "token": "a" * 32}) == {"ok": False,
                                                                         "error": "unknown session code"}
    assert emit(client, "join", {"code": session_row["code"], "token": "short"})["ok"] is False
    assert emit(client, "join", "not an object") == {"ok": False, "error": "payload must be an object"}
    assert emit(client, "join", {"code": session_row["code"], "token": "a" * 32, "x": 1})["error"] == (
        "unknown field 'x'")


def test_code_is_accepted_as_typed(session_row, phone):
    client = phone()
    typed = sessions.pretty_code(session_row["code"]).lower()
    assert emit(client, "join", {"code": typed, "token": "b" * 32})["ok"]


@pytest.mark.usefixtures("every_aggregate")
def test_answer_reaches_store_and_presenter_aggregate(app, db, session_row, phone, presenter, flush):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    show_question(screen, code, 1, "domein")
    states = events_named(client, "state", PARTICIPANT)
    assert states[-1]["question"]["id"] == "domein" and states[-1]["status"] == "open"
    ack = emit(client, "respond", {"question_id": "domein", "value": 1})
    assert ack == {"ok": True, "question_id": "domein", "value": [1], "revision": 1}
    assert store.response_values(db, session_row["id"], "domein") == [[1]]
    screen.get_received(FACILITATOR)
    flush()
    (view,) = events_named(screen, "results", FACILITATOR)
    assert view["responses"] == 1
    assert [o["count"] for o in view["result"]["options"]] == [0, 1, 0]


@pytest.mark.usefixtures("every_aggregate")
def test_changed_answer_replaces_the_old_one(db, session_row, phone, presenter, flush):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    show_question(screen, code, 1, "domein")
    emit(client, "respond", {"question_id": "domein", "value": 0})
    ack = emit(client, "respond", {"question_id": "domein", "value": 2})
    assert ack["revision"] == 2
    screen.get_received(FACILITATOR)
    flush()
    (view,) = events_named(screen, "results", FACILITATOR)
    assert [o["count"] for o in view["result"]["options"]] == [0, 0, 1]
    assert store.response_values(db, session_row["id"], "domein") == [[2]]


def test_reconnecting_device_gets_its_answers_back(session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    first = phone(code, token="c" * 32)
    show_question(screen, code, 2, "samenwerking")
    emit(first, "respond", {"question_id": "samenwerking", "value": [4, 2]})
    first.disconnect(PARTICIPANT)
    again = phone(code, token="c" * 32)
    assert again.join_ack["answers"] == {"samenwerking": [4, 2]}
    assert again.join_ack["state"]["question"]["id"] == "samenwerking"


def test_invalid_and_closed_answers_are_refused_and_not_stored(db, session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    assert emit(client, "respond", {"question_id": "domein", "value": 0}) == {
        "ok": False, "error": "deze vraag is gesloten"}
    show_question(screen, code, 1, "domein")
    assert emit(client, "respond", {"question_id": "domein", "value": 7})["error"] == (
        "Dit antwoord hoort niet bij de vraag.")
    assert emit(client, "respond", {"question_id": "nope", "value": 0})["error"] == "unknown question"
    assert emit(client, "respond", {"question_id": "domein"})["error"] == "field 'value' is missing"
    assert emit(screen, "close", {"code": code, "question_id": "domein"}, FACILITATOR)["ok"]
    assert emit(client, "respond", {"question_id": "domein", "value": 0})["error"] == "deze vraag is gesloten"
    assert store.response_values(db, session_row["id"], "domein") == []


def test_respond_before_join_is_refused(phone):
    client = phone()
    assert emit(client, "respond", {"question_id": "domein", "value": 0}) == {
        "ok": False, "error": "join a session first"}


def test_participant_in_one_session_never_hears_another(db, session_row, phone, presenter):
    other = sessions.start_session(db, decks.parse(DECK, "t.md"), "landelijk", "Den Haag")
    in_a = phone(session_row["code"])
    in_b = phone(other["code"])
    screen_b = presenter(other["code"])
    in_a.get_received(PARTICIPANT)
    show_question(screen_b, other["code"], 1, "domein")
    assert emit(in_b, "respond", {"question_id": "domein", "value": 0})["ok"]
    assert in_a.get_received(PARTICIPANT) == []
    assert events_named(in_b, "state", PARTICIPANT)


def test_participants_never_receive_results_or_other_answers(session_row, phone, presenter, flush):
    code = session_row["code"]
    screen = presenter(code)
    watcher, voter = phone(code), phone(code)
    show_question(screen, code, 1, "domein")
    emit(screen, "results", {"code": code, "question_id": "domein", "visible": True}, FACILITATOR)
    watcher.get_received(PARTICIPANT)
    emit(voter, "respond", {"question_id": "domein", "value": 1})
    flush()
    for message in watcher.get_received(PARTICIPANT):
        assert message["name"] == "state"
        assert "result" not in message["args"][0]


def test_presenter_updates_are_coalesced(session_row, phone, presenter, flush):
    code = session_row["code"]
    screen = presenter(code)
    show_question(screen, code, 1, "domein")
    clients = [phone(code) for _ in range(5)]
    screen.get_received(FACILITATOR)
    for client in clients:
        emit(client, "respond", {"question_id": "domein", "value": 0})
    flush()
    views = events_named(screen, "results", FACILITATOR)
    assert len(views) == 1 and views[0]["responses"] == 5


def test_facilitator_namespace_needs_login(app, session_row, client):
    anonymous = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=client)
    assert not anonymous.is_connected(FACILITATOR)


def test_participant_cannot_use_facilitator_events(session_row, phone):
    client = phone(session_row["code"])
    for event in ("goto", "open", "close", "results", "watch"):
        assert emit(client, event, {"code": session_row["code"], "slide": 1, "question_id": "domein"}) is None
    # nothing happened: the session is still on its first slide, the question never opened
    rejoined = phone(session_row["code"])
    assert rejoined.join_ack["state"]["slide"] == 0


def test_facilitator_controls_validate_their_input(session_row, presenter):
    screen = presenter(session_row["code"])
    code = session_row["code"]
    assert emit(screen, "goto", {"code": code, "slide": 99}, FACILITATOR)["error"] == "slide must be from 0 to 3"
    assert emit(screen, "goto", {"code": code, "slide": "1"}, FACILITATOR)["ok"] is False
    assert emit(screen, "open", {"code": code, "question_id": "nope"}, FACILITATOR)["error"] == "unknown question"
    assert emit(screen, "watch", {"code": "QQQQQQ"}, FACILITATOR)["error"] == "unknown session code"


def test_results_visibility_is_in_the_presenter_view(session_row, presenter):
    code = session_row["code"]
    screen = presenter(code)
    show_question(screen, code, 1, "domein")
    ack = emit(screen, "results", {"code": code, "question_id": "domein", "visible": True}, FACILITATOR)
    assert ack["state"]["results_visible"] is True
    ack = emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)
    assert ack["state"]["status"] == "open" and ack["state"]["results_visible"] is True


def test_a_resent_answer_is_recognised_by_its_id(db, session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    show_question(screen, code, 1, "domein")
    first = emit(client, "respond", {"question_id": "domein", "value": 0, "answer_id": "a1"})
    changed = emit(client, "respond", {"question_id": "domein", "value": 2, "answer_id": "a2"})
    resent = emit(client, "respond", {"question_id": "domein", "value": 2, "answer_id": "a2"})
    assert (first["revision"], changed["revision"], resent["revision"]) == (1, 2, 2)
    assert store.response_values(db, session_row["id"], "domein") == [[2]]
    assert emit(client, "respond", {"question_id": "domein", "value": 1, "answer_id": ""})["ok"] is False


def test_a_phone_sending_too_fast_is_told_to_wait(session_row, phone, monkeypatch):
    from workshop.live import live

    frozen = [1000.0]
    monkeypatch.setattr(live, "clock", lambda: frozen[0])
    client = phone()
    acks = [emit(client, "join", {"code": "QQQQQQ", "token": "d" * 32}) for _ in range(int(live.BURST) + 1)]
    assert [a["error"] for a in acks[:-1]] == ["unknown session code"] * int(live.BURST)
    assert acks[-1]["error"] == "Te veel verzoeken tegelijk. Wacht even en probeer het opnieuw."
    frozen[0] += 1.0  # a second later there is room again
    assert emit(client, "join", {"code": session_row["code"], "token": "d" * 32})["ok"]
