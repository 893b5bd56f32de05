"""Socket.IO handlers, kept thin: who is asking, which room, then domain code; and coalesced results.

Two namespaces (docs/protocol.md): `/participant` for phones, `/facilitator` for the projector and control
views of logged-in facilitators. Participants are in room `p:<session id>`, facilitators in `f:<session id>`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from typing import Any

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, SocketIO, join_room

from . import sessions, store
from .db import get_db
from .interactions import InvalidAnswer, kind_of

socketio = SocketIO()

PARTICIPANT = "/participant"
FACILITATOR = "/facilitator"


def participant_room(session_id: int) -> str:
    """The room every phone of a session is in."""
    return f"p:{session_id}"


def facilitator_room(session_id: int) -> str:
    """The room of a session's projector and control views."""
    return f"f:{session_id}"


def fail(message: str) -> dict:
    """The ack of a refused request."""
    return {"ok": False, "error": message}


class Refused(Exception):
    """A request refused with a message for the sender's ack."""


# Connected phones and pending result updates ------------------------------------------------------------


class LiveState:
    """What this process tracks in memory: connected phones per session and results waiting to be sent."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.connected: dict[int, set[str]] = defaultdict(set)  # session id -> socket ids
        self.changed: set[int] = set()  # sessions whose presenter view is out of date
        self.loop_started = False

    def mark_changed(self, session_id: int) -> None:
        """Note that a session's projector needs a fresh result; sent by the next flush."""
        with self.lock:
            self.changed.add(session_id)

    def take_changed(self) -> set[int]:
        """The sessions marked since the last call."""
        with self.lock:
            changed, self.changed = self.changed, set()
        return changed

    def connect(self, session_id: int, sid: str) -> None:
        with self.lock:
            self.connected[session_id].add(sid)
            self.changed.add(session_id)

    def disconnect(self, sid: str) -> None:
        with self.lock:
            for session_id, sids in self.connected.items():
                if sid in sids:
                    sids.discard(sid)
                    self.changed.add(session_id)

    def count(self, session_id: int) -> int:
        with self.lock:
            return len(self.connected.get(session_id, ()))


live = LiveState()


def close_expired_questions() -> None:
    """Close questions whose countdown ran out and tell their phones and projectors."""
    db = get_db()
    for session_id in {session_id for session_id, _ in store.close_expired(db)}:
        _broadcast_state(store.session_by_id(db, session_id))


def flush_results() -> None:
    """Send each changed session's presenter view to its facilitators (called a few times a second)."""
    db = get_db()
    for session_id in live.take_changed():
        row = store.session_by_id(db, session_id)
        if row is not None:
            view = sessions.presenter_view(db, row, live.count(session_id))
            socketio.emit("results", view, to=facilitator_room(session_id), namespace=FACILITATOR)


def _results_loop(app) -> None:
    interval = app.config["RESULTS_INTERVAL"]
    while True:
        socketio.sleep(interval)
        with app.app_context():
            try:
                close_expired_questions()
                flush_results()
            except Exception:  # keep the loop alive; the next change sends a fresh view anyway
                app.logger.exception("sending results failed")


def ensure_results_loop() -> None:
    """Start the coalescing loop once per process (not in tests, which call flush_results themselves)."""
    if live.loop_started or not current_app.config.get("RESULTS_LOOP", True):
        return
    with live.lock:
        if live.loop_started:
            return
        live.loop_started = True
    socketio.start_background_task(_results_loop, current_app._get_current_object())


# Helpers -----------------------------------------------------------------------------------------------


def _fields(data: Any, optional: dict[str, type | None] | None = None, **required: type) -> dict:
    """Check an event payload: an object with the required fields, maybe the optional ones, nothing else.

    An optional field typed None may hold any JSON value (an answer; its kind checks it).
    """
    optional = optional or {}
    if not isinstance(data, dict):
        raise Refused("payload must be an object")
    unknown = set(data) - set(required) - set(optional)
    if unknown:
        raise Refused(f"unknown field '{sorted(unknown)[0]}'")
    for name, kind in [*required.items(), *((n, k) for n, k in optional.items() if n in data)]:
        value = data.get(name)
        if kind is not None and (not isinstance(value, kind) or isinstance(value, bool) and kind is not bool):
            raise Refused(f"field '{name}' is missing or not a {kind.__name__}")
    return data


def _session_by_code(code: str) -> dict:
    row = store.session_by_code(get_db(), sessions.normalise_code(code))
    if row is None:
        raise Refused("unknown session code")
    return row


def _handler(function):
    """Turn Refused into an error ack, so a bad request never raises out of a handler."""

    def wrapper(data=None):
        try:
            return function(data)
        except Refused as refused:
            return fail(str(refused))

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


# Participants ------------------------------------------------------------------------------------------


@socketio.on("connect", namespace=PARTICIPANT)
def participant_connect(auth=None):
    """Accept any phone; it identifies itself with `join`."""
    ensure_results_loop()


@socketio.on("disconnect", namespace=PARTICIPANT)
def participant_disconnect(reason=None):
    """Forget a phone's connection (its answers and identity stay)."""
    live.disconnect(request.sid)


@socketio.on("join", namespace=PARTICIPANT)
@_handler
def participant_join(data):
    """Join a session with a device token; ack with the current question and this device's own answers."""
    data = _fields(data, code=str, token=str)
    token = data["token"]
    if not 32 <= len(token) <= 128 or not token.isalnum():
        raise Refused("token must be 32-128 letters and digits")
    row = _session_by_code(data["code"])
    if row["state"] != "live":
        raise Refused("this session has ended")
    db = get_db()
    token_hash = hashlib.sha256(f"{row['id']}:{token}".encode()).hexdigest()
    participant_id, _ = store.join_participant(db, row["id"], token_hash)
    session["participant"] = {"session_id": row["id"], "participant_id": participant_id}
    join_room(participant_room(row["id"]))
    live.connect(row["id"], request.sid)
    deck = sessions.deck_of(row)
    return {
        "ok": True,
        "session": {"code": row["code"], "title": row["title"], "language": deck.language},
        "state": sessions.participant_view(db, row),
        "answers": store.answers_of(db, row["id"], participant_id),
    }


@socketio.on("respond", namespace=PARTICIPANT)
@_handler
def participant_respond(data):
    """Store an answer to an open question; ack only after it is committed."""
    data = _fields(data, {"value": None}, question_id=str)
    if "value" not in data:
        raise Refused("field 'value' is missing")
    who = session.get("participant")
    if not who:
        raise Refused("join a session first")
    db = get_db()
    row = store.session_by_id(db, who["session_id"])
    question = sessions.deck_of(row).question(data["question_id"])
    if question is None:
        raise Refused("unknown question")
    try:
        value = kind_of(question).validate(question, data["value"])
    except InvalidAnswer as invalid:
        raise Refused(str(invalid)) from None
    revision = store.save_response(db, row["id"], who["participant_id"], question.id, value)
    if revision is None:
        raise Refused("deze vraag is gesloten")
    live.mark_changed(row["id"])
    return {"ok": True, "question_id": question.id, "value": value, "revision": revision}


# Facilitators ------------------------------------------------------------------------------------------


@socketio.on("connect", namespace=FACILITATOR)
def facilitator_connect(auth=None):
    """Accept only logged-in facilitators."""
    if not current_user.is_authenticated:
        raise ConnectionRefusedError("log in as a facilitator first")
    ensure_results_loop()


def _facilitated_session(data, optional: dict | None = None, **types: type) -> tuple[dict, dict]:
    if not current_user.is_authenticated:
        raise Refused("log in as a facilitator first")
    data = _fields(data, optional, code=str, **types)
    return _session_by_code(data["code"]), data


def _broadcast_state(row: dict) -> dict:
    """After a facilitator's change: phones get the new question state, facilitators the new view."""
    db = get_db()
    row = store.session_by_id(db, row["id"])
    socketio.emit("state", sessions.participant_view(db, row), to=participant_room(row["id"]),
                  namespace=PARTICIPANT)
    view = sessions.presenter_view(db, row, live.count(row["id"]))
    socketio.emit("state", view, to=facilitator_room(row["id"]), namespace=FACILITATOR)
    return view


@socketio.on("watch", namespace=FACILITATOR)
@_handler
def facilitator_watch(data):
    """Follow a session from the projector or control view; ack with the full presenter view."""
    row, _ = _facilitated_session(data)
    join_room(facilitator_room(row["id"]))
    return {"ok": True, "state": sessions.presenter_view(get_db(), row, live.count(row["id"]))}


@socketio.on("goto", namespace=FACILITATOR)
@_handler
def facilitator_goto(data):
    """Show another slide on the projector and the phones."""
    row, data = _facilitated_session(data, slide=int)
    count = len(sessions.deck_of(row).slides)
    if not 0 <= data["slide"] < count:
        raise Refused(f"slide must be from 0 to {count - 1}")
    store.set_current_slide(get_db(), row["id"], data["slide"], current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}


def _question_of(row: dict, data: dict):
    question = sessions.deck_of(row).question(data["question_id"])
    if question is None:
        raise Refused("unknown question")
    return question


@socketio.on("open", namespace=FACILITATOR)
@_handler
def facilitator_open(data):
    """Open a question for answers, optionally with a countdown that closes it by itself."""
    row, data = _facilitated_session(data, {"seconds": int}, question_id=str)
    question = _question_of(row, data)
    seconds = data.get("seconds")
    if seconds is not None and not 5 <= seconds <= 3600:
        raise Refused("seconds must be from 5 to 3600")
    closes = sessions.closes_at(seconds) if seconds else None
    store.set_question_status(get_db(), row["id"], question.id, "open", current_user.id, closes)
    return {"ok": True, "state": _broadcast_state(row)}


@socketio.on("close", namespace=FACILITATOR)
@_handler
def facilitator_close(data):
    """Close a question: no more answers or changes."""
    row, data = _facilitated_session(data, question_id=str)
    question = _question_of(row, data)
    store.set_question_status(get_db(), row["id"], question.id, "closed", current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}


@socketio.on("share", namespace=FACILITATOR)
@_handler
def facilitator_share(data):
    """Show or hide a question's results on the phones once it is closed."""
    row, data = _facilitated_session(data, question_id=str, visible=bool)
    question = _question_of(row, data)
    store.set_share_results(get_db(), row["id"], question.id, data["visible"], current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}


@socketio.on("reset", namespace=FACILITATOR)
@_handler
def facilitator_reset(data):
    """Delete every answer to a question (the control view asks for confirmation first)."""
    row, data = _facilitated_session(data, question_id=str)
    question = _question_of(row, data)
    deleted = store.reset_responses(get_db(), row["id"], question.id, current_user.id)
    socketio.emit("reset", {"question_id": question.id}, to=participant_room(row["id"]), namespace=PARTICIPANT)
    return {"ok": True, "deleted": deleted, "state": _broadcast_state(row)}


@socketio.on("pace", namespace=FACILITATOR)
@_handler
def facilitator_pace(data):
    """Let participants move through a block of questions themselves, or make them follow again."""
    row, data = _facilitated_session(data, {"question_ids": list}, mode=str)
    if data["mode"] == "presenter":
        store.set_pacing(get_db(), row["id"], "presenter", None, current_user.id)
        return {"ok": True, "state": _broadcast_state(row)}
    if data["mode"] != "self":
        raise Refused("mode must be 'self' or 'presenter'")
    block = data.get("question_ids") or sessions.question_run(row)
    deck = sessions.deck_of(row)
    if not block or any(not isinstance(q, str) or deck.question(q) is None for q in block):
        raise Refused("a self-paced block needs known question ids")
    store.set_pacing(get_db(), row["id"], "self", list(dict.fromkeys(block)), current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}


@socketio.on("results", namespace=FACILITATOR)
@_handler
def facilitator_results(data):
    """Show or hide a question's results on the projector."""
    row, data = _facilitated_session(data, question_id=str, visible=bool)
    question = _question_of(row, data)
    store.set_results_visible(get_db(), row["id"], question.id, data["visible"], current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}
