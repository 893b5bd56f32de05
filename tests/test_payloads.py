"""Payloads no handler expects: every event answers with an error ack, and nothing of a payload is logged."""

from __future__ import annotations

import logging
import time

import pytest
import requests
import websocket
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import store
from workshop.live import FACILITATOR, PARTICIPANT, socketio

from .server import LiveServer
from .test_boards import open_slide, start
from .test_live import emit

# A device token as a phone sends it: it must never show up in the server's log.
TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed"
HUGE = 2**64  # beyond SQLite's integers: Python's sqlite3 raised OverflowError


def events(namespace: str) -> list[str]:
    """Every event a client can send to a namespace (connect and disconnect are not sent as events)."""
    return sorted({name for name, _, space in socketio.handlers
                   if space == namespace and name not in ("connect", "disconnect")})


@pytest.fixture
def board(db, phone, presenter):
    """A board session with its statements open: (session row, projector socket, joined phone)."""
    row = start(db)
    screen = presenter(row["code"])
    open_slide(screen, row["code"], 1, "stellingen")
    return row, screen, phone(row["code"], token=TOKEN)


@pytest.mark.parametrize(("namespace", "event", "payload"), [
    (PARTICIPANT, "vote", {"submission_id": HUGE, "vote": "agree"}),
    (FACILITATOR, "moderate", {"submission_id": HUGE, "action": "approve"}),
    (FACILITATOR, "review", {"response_id": HUGE, "action": "approve"}),
    (FACILITATOR, "answered", {"submission_id": HUGE, "answered": True}),
    (FACILITATOR, "focus", {"question_id": "stellingen", "submission_id": HUGE}),
    (FACILITATOR, "goto", {"slide": -HUGE}),
])
def test_a_number_beyond_64_bits_is_refused(board, namespace, event, payload):
    row, screen, client = board
    sender, data = (client, payload) if namespace == PARTICIPANT else (screen, {"code": row["code"], **payload})
    name = next(iter(k for k, v in payload.items() if v in (HUGE, -HUGE)))
    assert emit(sender, event, data, namespace) == {"ok": False, "error": f"field '{name}' is out of range"}


@pytest.mark.parametrize(("namespace", "event"), [(PARTICIPANT, e) for e in events(PARTICIPANT)]
                         + [(FACILITATOR, e) for e in events(FACILITATOR)])
def test_an_event_with_two_arguments_is_refused(board, namespace, event):
    row, screen, client = board
    sender = client if namespace == PARTICIPANT else screen
    ack = sender.emit(event, {"code": row["code"]}, {"code": row["code"]}, namespace=namespace, callback=True)
    assert ack == {"ok": False, "error": "an event carries one payload"}


def test_a_vote_on_someone_elses_pending_statement_is_as_unknown_as_none(db, board, phone):
    row, _, client = board
    writer = phone(row["code"])
    pending = emit(writer, "submit", {"question_id": "stellingen", "text": "Wijkagenten horen in het wijkteam"})
    assert pending["submission"]["status"] == "pending"
    unknown = emit(client, "vote", {"submission_id": pending["submission"]["id"] + 1000, "vote": "agree"})
    assert emit(client, "vote", {"submission_id": pending["submission"]["id"], "vote": "agree"}) == unknown
    assert unknown == {"ok": False, "error": "unknown statement"}


def test_a_failing_handler_acks_and_logs_where_not_what(board, monkeypatch, caplog):
    _, _, client = board

    def broken(db, session_id, question_id, text, *args):
        raise KeyError(text)  # an error whose message holds what the phone sent

    monkeypatch.setattr(store, "add_submission", broken)
    with caplog.at_level(logging.INFO):
        ack = emit(client, "submit", {"question_id": "stellingen", "text": f"Over {TOKEN}"})
    assert ack == {"ok": False, "error": "Dat lukte niet, probeer het opnieuw."}
    assert "participant_submit failed with KeyError" in caplog.text and "broken" in caplog.text
    assert TOKEN not in caplog.text and "Over" not in caplog.text


# Any JSON a client can send: numbers of any size, nested lists and objects, the device token inside, and the
# board's question ids and statement ids (1-2 seeded, 3 and up added), so payloads get past the first checks.
known = st.sampled_from(["stellingen", "vragen", "opvallend", "approve", "hide", "agree", "control", "self", 1, 2, 3])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | st.just(TOKEN) | known,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
field_names = st.sampled_from(["code", "token", "question_id", "value", "answer_id", "text", "submission_id",
                               "response_id", "vote", "answers", "consent", "slide", "visible", "seconds", "mode",
                               "by", "role", "action", "answered", "sort", "question_ids", "language", "x"])
payloads = json_values | st.dictionaries(field_names, json_values, max_size=6)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(namespace=st.sampled_from([PARTICIPANT, FACILITATOR]), data=st.data(),
       arguments=st.lists(payloads, min_size=0, max_size=3), with_code=st.booleans())
def test_every_event_acks_any_payload_and_logs_none_of_it(board, caplog, namespace, data, arguments, with_code):
    row, screen, client = board
    event = data.draw(st.sampled_from(events(namespace)), label="event")
    if with_code and arguments and isinstance(arguments[0], dict):
        arguments[0] = {**arguments[0], "code": row["code"]}
    sender = client if namespace == PARTICIPANT else screen
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        ack = sender.emit(event, *arguments, namespace=namespace, callback=True)
    assert isinstance(ack, dict) and isinstance(ack["ok"], bool)
    assert ack["ok"] or isinstance(ack["error"], str)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    assert TOKEN not in caplog.text


def test_broken_packets_to_a_real_server_leave_no_token_in_its_log(tmp_path):
    # Below the handlers: Engine.IO and Socket.IO log a packet they cannot read with its exception, and gevent
    # reports a failed greenlet with its arguments. Neither may quote the packet.
    server = LiveServer(tmp_path)
    server.start()
    try:
        code = server.start_session()
        packets = [
            f'42/participant,["join",{{"code":"{code}","token":"{TOKEN}"',  # JSON cut off
            f'45{TOKEN[:5]}-/participant,["join",{{"_placeholder":true,"num":0}}]',  # attachments not a number
            f'42/participant,[{{"token":"{TOKEN}"}}]',  # an object as the event's name
            f'42/participant,{TOKEN}["join"]',
            f'49/participant,["{TOKEN}"]',  # unknown packet type
            f"4{TOKEN}", TOKEN,
        ]
        for packet in packets:
            client = websocket.create_connection(server.url.replace("http", "ws")
                                                 + "/socket.io/?EIO=4&transport=websocket", timeout=5)
            client.recv()
            client.send("40/participant,")
            client.recv()
            client.send(packet)
            time.sleep(0.2)  # no ack to wait for: the packet is not an event
            client.close()
        assert requests.get(server.url + "/", timeout=5).ok  # still serving
    finally:
        server.stop()
    log = server.log.read_text()
    assert "failed with" in log or "handler error" in log  # the failures are reported...
    assert TOKEN[:5] not in log  # ...without a character of the payload
