"""Socket.IO handlers, kept thin: who is asking, which room, then domain code; and coalesced results.

Two namespaces (docs/protocol.md): `/participant` for phones, `/facilitator` for the projector and control
views of logged-in facilitators. Participants are in room `p:<session id>`, facilitators in `f:<session id>`.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict
from typing import Any

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, SocketIO, join_room

from . import privacy, profiles, sessions, store
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


def control_room(session_id: int) -> str:
    """The room of a session's control views only: the moderation queue never goes to a projector."""
    return f"c:{session_id}"


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
        self.phones_changed: set[int] = set()  # sessions whose phones show counts that are out of date
        self.loop_started = False
        self.buckets: dict[str, tuple[float, float]] = {}  # socket id -> (tokens, last refill)
        self.clock = time.monotonic

    # A phone may send RATE events a second, in bursts of up to BURST: plenty for a person, not for a script.
    RATE, BURST = 5.0, 20.0

    def allow(self, sid: str) -> bool:
        """Take one token from a socket's bucket; False when it is empty."""
        with self.lock:
            at = self.clock()
            tokens, last = self.buckets.get(sid, (self.BURST, at))
            tokens = min(self.BURST, tokens + (at - last) * self.RATE)
            if tokens < 1:
                self.buckets[sid] = (tokens, at)
                return False
            self.buckets[sid] = (tokens - 1, at)
            return True

    def mark_changed(self, session_id: int) -> None:
        """Note that a session's projector needs a fresh result; sent by the next flush."""
        with self.lock:
            self.changed.add(session_id)

    def mark_phones_changed(self, session_id: int) -> None:
        """Note that a session's phones show counts (Q&A upvotes) that need refreshing."""
        with self.lock:
            self.phones_changed.add(session_id)

    def take_changed(self) -> tuple[set[int], set[int]]:
        """The sessions marked since the last call: (presenter views, phone views)."""
        with self.lock:
            changed, self.changed = self.changed, set()
            phones, self.phones_changed = self.phones_changed, set()
        return changed, phones

    def connect(self, session_id: int, sid: str) -> None:
        with self.lock:
            self.connected[session_id].add(sid)
            self.changed.add(session_id)

    def disconnect(self, sid: str) -> None:
        with self.lock:
            self.buckets.pop(sid, None)
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
    changed, phones = live.take_changed()
    for session_id in changed:
        row = store.session_by_id(db, session_id)
        if row is not None:
            view = sessions.presenter_view(db, row, live.count(session_id))
            socketio.emit("results", view, to=facilitator_room(session_id), namespace=FACILITATOR)
    for session_id in phones:
        row = store.session_by_id(db, session_id)
        if row is not None:
            socketio.emit("state", sessions.participant_view(db, row), to=participant_room(session_id),
                          namespace=PARTICIPANT)


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
    """Turn Refused into an error ack, so a bad request never raises out of a handler; rate-limit phones."""

    def wrapper(data=None):
        if request.namespace == PARTICIPANT and not live.allow(request.sid):
            return fail("Te veel verzoeken tegelijk. Wacht even en probeer het opnieuw.")
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
    me = store.participant(db, participant_id)
    return {
        "ok": True,
        "session": {"code": row["code"], "title": row["title"], "language": deck.language,
                    "profile": deck.profile, "consent": sessions.consent_text(row)},
        # What this device still has to do before it can answer: accept the consent text, fill in the profile.
        "needs": _needs(deck, me),
        "state": sessions.participant_view(db, row),
        "answers": store.answers_of(db, row["id"], participant_id),
        "votes": {str(k): v for k, v in store.votes_of(db, row["id"], participant_id).items()},
        "submissions": store.submissions_of(db, row["id"], participant_id),
    }


@socketio.on("respond", namespace=PARTICIPANT)
@_handler
def participant_respond(data):
    """Store an answer to an open question; ack only after it is committed."""
    data = _fields(data, {"value": None, "answer_id": str}, question_id=str)
    if "value" not in data:
        raise Refused("field 'value' is missing")
    if "answer_id" in data and not 1 <= len(data["answer_id"]) <= 64:
        raise Refused("answer_id is 1-64 characters")
    row, participant_id = _joined_session()
    db = get_db()
    question = sessions.deck_of(row).question(data["question_id"])
    if question is None:
        raise Refused("unknown question")
    kind = kind_of(question)
    try:
        value = kind.validate(question, data["value"])
    except InvalidAnswer as invalid:
        raise Refused(str(invalid)) from None
    flags = privacy.flags(kind.free_text(question, value), current_app.config["PRIVACY_WORDS"])
    revision = store.save_response(db, row["id"], participant_id, question.id, value, flags,
                                   data.get("answer_id"))
    if revision is None:
        raise Refused("deze vraag is gesloten")
    live.mark_changed(row["id"])
    if flags:
        _send_moderation(row)
    ack = {"ok": True, "question_id": question.id, "value": value, "revision": revision}
    if flags:
        ack["held"] = sorted({f["reason"] for f in flags})
    return ack


def _needs(deck, me: dict) -> list[str]:
    needs = []
    if deck.consent and not me["consented_at"]:
        needs.append("consent")
    if deck.profile and me["profile"] is None:
        needs.append("profile")
    return needs


def _joined_session(ready: bool = True) -> tuple[dict, int]:
    """The session and participant of this socket; with ready, only once consent and profile are given."""
    who = session.get("participant")
    if not who:
        raise Refused("join a session first")
    row = store.session_by_id(get_db(), who["session_id"])
    if ready and _needs(sessions.deck_of(row), store.participant(get_db(), who["participant_id"])):
        raise Refused("Geef eerst toestemming en beantwoord de vragen over jezelf.")
    return row, who["participant_id"]


@socketio.on("profile", namespace=PARTICIPANT)
@_handler
def participant_profile(data):
    """Accept the consent text and answer the profile questions (once, before answering)."""
    data = _fields(data, {"answers": dict, "consent": bool})
    row, participant_id = _joined_session(ready=False)
    deck = sessions.deck_of(row)
    if deck.consent and data.get("consent") is not True:
        raise Refused("Je kunt alleen meedoen als je toestemming geeft.")
    try:
        answers = profiles.validate(deck.profile, data.get("answers", {}))
    except ValueError as invalid:
        raise Refused(str(invalid)) from None
    db = get_db()
    store.set_profile(db, participant_id, answers, consented=bool(deck.consent))
    return {"ok": True, "needs": _needs(deck, store.participant(db, participant_id))}


def _board_question(row: dict, question_id: Any):
    question = sessions.deck_of(row).question(question_id) if isinstance(question_id, str) else None
    if question is None or kind_of(question).collects != "submissions":
        raise Refused("unknown question")
    return question


@socketio.on("submit", namespace=PARTICIPANT)
@_handler
def participant_submit(data):
    """Add a statement or question to an open board; held for moderation when the board or the guard says so."""
    data = _fields(data, question_id=str, text=str)
    row, participant_id = _joined_session()
    question = _board_question(row, data["question_id"])
    kind = kind_of(question)
    db = get_db()
    if store.question_state(db, row["id"], question.id)["status"] != "open":
        raise Refused("deze vraag is gesloten")
    try:
        text = kind.validate_submission(question, data["text"])
    except InvalidAnswer as invalid:
        raise Refused(str(invalid)) from None
    flags = privacy.flags([text], current_app.config["PRIVACY_WORDS"])
    status = kind.status_for_new(question, bool(flags))
    submission_id = store.add_submission(db, row["id"], question.id, text, "participant", status, participant_id,
                                         flags, limit=question.settings["per_participant"])
    if submission_id is None:
        raise Refused(f"Je kunt hier hoogstens {question.settings['per_participant']} keer iets toevoegen.")
    if status == "approved":
        _broadcast_state(row)
    else:
        _send_moderation(row)
    ack = {"ok": True, "submission": {"id": submission_id, "question_id": question.id, "text": text,
                                      "status": status}}
    if flags:
        ack["held"] = sorted({f["reason"] for f in flags})
    return ack


@socketio.on("vote", namespace=PARTICIPANT)
@_handler
def participant_vote(data):
    """Vote on a statement or question on an open board (a vote of null takes it back)."""
    data = _fields(data, {"vote": None}, submission_id=int)
    row, participant_id = _joined_session()
    db = get_db()
    target = store.submission(db, data["submission_id"])
    if target is None or target["session_id"] != row["id"]:
        raise Refused("unknown statement")
    question = _board_question(row, target["question_id"])
    try:
        vote = kind_of(question).validate_vote(question, data.get("vote"))
    except InvalidAnswer as invalid:
        raise Refused(str(invalid)) from None
    if not store.save_vote(db, target["id"], participant_id, vote):
        raise Refused("deze vraag is gesloten")
    live.mark_changed(row["id"])
    if kind_of(question).name == "qa":
        live.mark_phones_changed(row["id"])
    return {"ok": True, "submission_id": target["id"], "vote": vote}


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
    """Follow a session from the projector or (role 'control') the control view; ack with the views."""
    row, data = _facilitated_session(data, {"role": str})
    role = data.get("role", "present")
    if role not in ("present", "control"):
        raise Refused("role must be 'present' or 'control'")
    join_room(facilitator_room(row["id"]))
    ack = {"ok": True, "state": sessions.presenter_view(get_db(), row, live.count(row["id"]))}
    if role == "control":
        join_room(control_room(row["id"]))
        ack["moderation"] = sessions.moderation_view(get_db(), row)
        ack["notes"] = store.notes(get_db(), row["id"])
    return ack


def _send_moderation(row: dict) -> None:
    socketio.emit("moderation", sessions.moderation_view(get_db(), row), to=control_room(row["id"]),
                  namespace=FACILITATOR)


@socketio.on("moderate", namespace=FACILITATOR)
@_handler
def facilitator_moderate(data):
    """Approve or hide a statement or question (optionally with a typo corrected)."""
    row, data = _facilitated_session(data, {"text": str}, submission_id=int, action=str)
    db = get_db()
    target = store.submission(db, data["submission_id"])
    if target is None or target["session_id"] != row["id"]:
        raise Refused("unknown statement")
    if data["action"] not in ("approve", "hide"):
        raise Refused("action must be 'approve' or 'hide'")
    text = None
    if "text" in data:
        question = _board_question(row, target["question_id"])
        try:
            text = kind_of(question).validate_submission(question, data["text"]) if data["text"] else None
        except InvalidAnswer as invalid:
            raise Refused(str(invalid)) from None
    store.moderate_submission(db, target["id"], "approved" if data["action"] == "approve" else "hidden", text,
                              current_user.id)
    _send_moderation(row)
    return {"ok": True, "state": _broadcast_state(row)}


@socketio.on("review", namespace=FACILITATOR)
@_handler
def facilitator_review(data):
    """Approve or hide a free-text answer the privacy guard held (optionally with its texts edited)."""
    row, data = _facilitated_session(data, {"value": None}, response_id=int, action=str)
    if data["action"] not in ("approve", "hide"):
        raise Refused("action must be 'approve' or 'hide'")
    db = get_db()
    value = None
    if "value" in data:
        held = next((r for r in store.held_responses(db, row["id"]) if r["id"] == data["response_id"]), None)
        question = sessions.deck_of(row).question(held["question_id"]) if held else None
        if question is None:
            raise Refused("unknown answer")
        try:
            value = kind_of(question).validate(question, data["value"])
        except InvalidAnswer as invalid:
            raise Refused(str(invalid)) from None
    if store.review_response(db, row["id"], data["response_id"],
                             "approved" if data["action"] == "approve" else "hidden", value,
                             current_user.id) is None:
        raise Refused("unknown answer")
    live.mark_changed(row["id"])
    _send_moderation(row)
    return {"ok": True}


@socketio.on("add", namespace=FACILITATOR)
@_handler
def facilitator_add(data):
    """Add a statement to a board live (approved at once)."""
    row, data = _facilitated_session(data, question_id=str, text=str)
    question = _board_question(row, data["question_id"])
    text = data["text"].strip()
    if not 3 <= len(text) <= question.settings["max_length"]:
        raise Refused(f"a statement is 3 to {question.settings['max_length']} characters")
    submission_id = store.add_submission(get_db(), row["id"], question.id, text, "facilitator", "approved")
    return {"ok": True, "submission_id": submission_id, "state": _broadcast_state(row)}


@socketio.on("note", namespace=FACILITATOR)
@_handler
def facilitator_note(data):
    """Note what the room says about the slide that is showing; every control view gets the note."""
    row, data = _facilitated_session(data, text=str)
    try:
        note = sessions.add_note(get_db(), row, data["text"], current_user.name)
    except sessions.SessionError as error:
        raise Refused(str(error)) from None
    socketio.emit("note", note, to=control_room(row["id"]), namespace=FACILITATOR)
    return {"ok": True, "note": note}


@socketio.on("split", namespace=FACILITATOR)
@_handler
def facilitator_split(data):
    """Split a question's result on the projector by a profile question (by: null to stop)."""
    row, data = _facilitated_session(data, {"by": None}, question_id=str)
    question = _question_of(row, data)
    by = data.get("by")
    if by is not None and (not isinstance(by, str) or sessions.deck_of(row).profile_question(by) is None):
        raise Refused("unknown profile question")
    store.set_split(get_db(), row["id"], question.id, by, current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}


@socketio.on("focus", namespace=FACILITATOR)
@_handler
def facilitator_focus(data):
    """Put one statement or question in focus on the projector (null: none)."""
    row, data = _facilitated_session(data, {"submission_id": int}, question_id=str)
    question = _board_question(row, data["question_id"])
    submission_id = data.get("submission_id")
    db = get_db()
    if submission_id is not None:
        target = store.submission(db, submission_id)
        if target is None or target["question_id"] != question.id or target["session_id"] != row["id"]:
            raise Refused("unknown statement")
    store.set_focus(db, row["id"], question.id, submission_id, current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}


BOARD_SORTS = ("board", "agree", "divided", "votes", "newest")


@socketio.on("sort", namespace=FACILITATOR)
@_handler
def facilitator_sort(data):
    """Order a board on the projector: as added, most agreement, most division, most votes or newest."""
    row, data = _facilitated_session(data, question_id=str, sort=str)
    question = _board_question(row, data["question_id"])
    if data["sort"] not in BOARD_SORTS:
        raise Refused(f"sort is one of {', '.join(BOARD_SORTS)}")
    store.set_board_sort(get_db(), row["id"], question.id, data["sort"], current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}


@socketio.on("answered", namespace=FACILITATOR)
@_handler
def facilitator_answered(data):
    """Mark a Q&A question answered, or not."""
    row, data = _facilitated_session(data, submission_id=int, answered=bool)
    db = get_db()
    target = store.submission(db, data["submission_id"])
    if target is None or target["session_id"] != row["id"]:
        raise Refused("unknown question")
    store.set_answered(db, target["id"], data["answered"], current_user.id)
    return {"ok": True, "state": _broadcast_state(row)}


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
