"""Projector and control views: watch a session, move slides, open and close questions, notes, split."""

from __future__ import annotations

from flask import request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from .. import rounds, sessions, store
from ..db import get_db
from .core import (
    FACILITATOR,
    PARTICIPANT,
    Refused,
    broadcast_state,
    control_room,
    ensure_results_loop,
    facilitated_question,
    facilitated_session,
    facilitator_room,
    handler,
    live,
    participant_room,
    running,
    socketio,
)
from .logins import ensure_sweeping, logins


@socketio.on("connect", namespace=FACILITATOR)
def facilitator_connect(auth=None):
    """Accept only logged-in facilitators."""
    if not current_user.is_authenticated:
        raise ConnectionRefusedError("log in as a facilitator first")
    logins.opened(request.sid, current_user.id, current_user.epoch)  # closed when this login ends
    ensure_results_loop()
    ensure_sweeping()


@socketio.on("disconnect", namespace=FACILITATOR)
def facilitator_disconnect(reason=None):
    """Forget a closed facilitator socket."""
    logins.closed(request.sid)


@socketio.on("watch", namespace=FACILITATOR)
@handler
def facilitator_watch(data):
    """Follow a session from the projector or (role 'control') the control view; ack with the views."""
    row, data = facilitated_session(data, {"role": str})
    role = data.get("role", "present")
    if role not in ("present", "control"):
        raise Refused("role must be 'present' or 'control'")
    join_room(facilitator_room(row["id"]))
    logins.watching(request.sid, row["id"], row["code"])  # left when this account's access ends
    ack = {"ok": True, "state": sessions.presenter_view(get_db(), row, live.count(row["id"]))}
    if role == "control":
        join_room(control_room(row["id"]))
        ack["moderation"] = sessions.moderation_view(get_db(), row)
        ack["notes"] = store.notes(get_db(), row["id"])
    return ack


@socketio.on("note", namespace=FACILITATOR)
@handler
def facilitator_note(data):
    """Note what the room says about the slide that is showing; every control view gets the note."""
    row, data = facilitated_session(data, text=str)
    try:
        note = sessions.add_note(get_db(), row, data["text"], current_user.name)
    except sessions.SessionError as error:
        raise Refused.because(error) from None
    socketio.emit("note", note, to=control_room(row["id"]), namespace=FACILITATOR)
    return {"ok": True, "note": note}


@socketio.on("split", namespace=FACILITATOR)
@handler
def facilitator_split(data):
    """Split a question's result on the projector by a profile question (by: null to stop)."""
    row, data, question = facilitated_question(data, {"by": None})
    by = data.get("by")
    if by is not None and (not isinstance(by, str) or sessions.deck_of(row).profile_question(by) is None):
        raise Refused("unknown profile question")
    store.set_split(get_db(), row["id"], question.id, by, current_user.id)
    return {"ok": True, "state": broadcast_state(row)}


@socketio.on("goto", namespace=FACILITATOR)
@handler
def facilitator_goto(data):
    """Show another slide on the projector and the phones."""
    row, data = facilitated_session(data, slide=int)
    count = len(sessions.deck_of(row).slides)
    if not 0 <= data["slide"] < count:
        raise Refused(f"slide must be from 0 to {count - 1}")
    store.set_current_slide(get_db(), row["id"], data["slide"], current_user.id)
    return {"ok": True, "state": broadcast_state(row)}


@socketio.on("open", namespace=FACILITATOR)
@handler
def facilitator_open(data):
    """Open a question for answers, optionally with a countdown that closes it by itself."""
    row, data, question = facilitated_question(data, {"seconds": int})
    running(row)
    closes = countdown(data)
    state = store.question_state(get_db(), row["id"], question.id)
    planned = sessions.planned_round(row, question)
    if planned > (state.get("round") or 1):
        # the slide showing asks the question again (deck: 'again:'): opening it starts that round, if it is next
        return start_round(row, question, state, closes, planned)
    store.set_question_status(get_db(), row["id"], question.id, "open", current_user.id, closes)
    if question.settings.get("results") == "live":  # the deck wants results on the projector as votes arrive
        store.set_results_visible(get_db(), row["id"], question.id, True, current_user.id)
    return {"ok": True, "state": broadcast_state(row)}


def countdown(data: dict) -> str | None:
    """When a question opened with an optional `seconds` (5-3600) closes by itself; None: no countdown."""
    seconds = data.get("seconds")
    if seconds is not None and not 5 <= seconds <= 3600:
        raise Refused("seconds must be from 5 to 3600")
    return sessions.closes_at(seconds) if seconds else None


@socketio.on("close", namespace=FACILITATOR)
@handler
def facilitator_close(data):
    """Close a question: no more answers or changes."""
    row, data, question = facilitated_question(data)
    store.set_question_status(get_db(), row["id"], question.id, "closed", current_user.id)
    return {"ok": True, "state": broadcast_state(row)}


@socketio.on("share", namespace=FACILITATOR)
@handler
def facilitator_share(data):
    """Show or hide a question's results on the phones once it is closed."""
    row, data, question = facilitated_question(data, visible=bool)
    store.set_share_results(get_db(), row["id"], question.id, data["visible"], current_user.id)
    return {"ok": True, "state": broadcast_state(row)}


@socketio.on("reset", namespace=FACILITATOR)
@handler
def facilitator_reset(data):
    """Delete every answer to a question (the control view asks for confirmation first)."""
    row, data, question = facilitated_question(data)
    running(row)
    deleted = store.reset_responses(get_db(), row["id"], question.id, current_user.id)
    socketio.emit("reset", {"question_id": question.id}, to=participant_room(row["id"]), namespace=PARTICIPANT)
    return {"ok": True, "deleted": deleted, "state": broadcast_state(row)}


@socketio.on("round", namespace=FACILITATOR)
@handler
def facilitator_round(data):
    """Ask a question again: its next round opens empty, earlier rounds' answers stay (docs/protocol.md)."""
    row, data, question = facilitated_question(data, {"seconds": int})
    running(row)
    return start_round(row, question, store.question_state(get_db(), row["id"], question.id), countdown(data))


def start_round(row: dict, question, state: dict, closes: str | None, planned: int | None = None) -> dict:
    """Open a question's next round (refused with the reason when it cannot be asked again, or is not the
    `planned` one); the ack."""
    try:
        rounds.check_new_round(question, state, planned)
    except rounds.RoundError as error:
        raise Refused.because(error) from None
    number = store.start_round(get_db(), row["id"], question.id, current_user.id, closes)
    # Phones put their own answer aside as the earlier round's, then get the question again, empty.
    socketio.emit("round", {"question_id": question.id, "round": number}, to=participant_room(row["id"]),
                  namespace=PARTICIPANT)
    if question.settings.get("results") == "live":
        store.set_results_visible(get_db(), row["id"], question.id, True, current_user.id)
    return {"ok": True, "round": number, "state": broadcast_state(row)}


@socketio.on("pace", namespace=FACILITATOR)
@handler
def facilitator_pace(data):
    """Let participants move through a block of questions themselves, or make them follow again."""
    row, data = facilitated_session(data, {"question_ids": list}, mode=str)
    if data["mode"] == "presenter":
        store.set_pacing(get_db(), row["id"], "presenter", None, current_user.id)
        return {"ok": True, "state": broadcast_state(row)}
    if data["mode"] != "self":
        raise Refused("mode must be 'self' or 'presenter'")
    running(row)
    try:
        block = sessions.self_paced_block(row, data.get("question_ids"))
    except sessions.SessionError as error:
        raise Refused.because(error) from None
    store.set_pacing(get_db(), row["id"], "self", block, current_user.id)
    return {"ok": True, "state": broadcast_state(row)}


@socketio.on("results", namespace=FACILITATOR)
@handler
def facilitator_results(data):
    """Show or hide a question's results on the projector."""
    row, data, question = facilitated_question(data, visible=bool)
    store.set_results_visible(get_db(), row["id"], question.id, data["visible"], current_user.id)
    return {"ok": True, "state": broadcast_state(row)}
