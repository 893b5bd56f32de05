"""Statement boards and Q&A: submissions and votes from phones, moderation and focus by facilitators."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user

from .. import privacy, sessions, store
from ..db import get_db
from ..i18n_marker import N_
from ..interactions import InvalidAnswer, kind_of
from .core import (
    FACILITATOR,
    PARTICIPANT,
    Refused,
    board_question,
    broadcast_state,
    facilitated_session,
    fields,
    handler,
    joined_session,
    live,
    send_moderation,
    socketio,
    write,
)


@socketio.on("submit", namespace=PARTICIPANT)
@handler
def participant_submit(data):
    """Add a statement or question to an open board; held for moderation when the board or the guard says so."""
    data = fields(data, question_id=str, text=str)
    row, participant_id = joined_session()
    question = board_question(row, data["question_id"])
    kind = kind_of(question)
    db = get_db()
    if store.question_state(db, row["id"], question.id)["status"] != "open":
        raise Refused(N_("deze vraag is gesloten"))
    try:
        text = kind.validate_submission(question, data["text"])
    except InvalidAnswer as invalid:
        raise Refused.because(invalid) from None
    flags = privacy.flags([text], current_app.config["PRIVACY_WORDS"])
    status = kind.status_for_new(question, bool(flags))
    submission_id = write(store.add_submission, row["id"], question.id, text, "participant", status,
                          participant_id, flags, question.settings["per_participant"])
    if submission_id is None:
        raise Refused(N_("Je kunt hier hoogstens {count} keer iets toevoegen."),
                      count=question.settings["per_participant"])
    if status == "approved":
        broadcast_state(row)
    else:
        send_moderation(row)
    ack = {"ok": True, "submission": {"id": submission_id, "question_id": question.id, "text": text,
                                      "status": status}}
    if flags:
        ack["held"] = sorted({f["reason"] for f in flags})
    return ack


@socketio.on("vote", namespace=PARTICIPANT)
@handler
def participant_vote(data):
    """Vote on a statement or question on an open board (a vote of null takes it back)."""
    data = fields(data, {"vote": None}, submission_id=int)
    row, participant_id = joined_session()
    db = get_db()
    target = store.submission(db, data["submission_id"])
    # Another participant's statement waiting for moderation is as unknown as one that does not exist.
    if target is None or target["session_id"] != row["id"] or target["status"] != "approved":
        raise Refused("unknown statement")
    question = board_question(row, target["question_id"])
    try:
        vote = kind_of(question).validate_vote(question, data.get("vote"))
    except InvalidAnswer as invalid:
        raise Refused.because(invalid) from None
    if not write(store.save_vote, target["id"], participant_id, vote):
        raise Refused(N_("deze vraag is gesloten"))
    live.mark_changed(row["id"])
    if kind_of(question).name == "qa":
        live.mark_phones_changed(row["id"])
    return {"ok": True, "submission_id": target["id"], "vote": vote}


@socketio.on("moderate", namespace=FACILITATOR)
@handler
def facilitator_moderate(data):
    """Approve or hide a statement or question (optionally with a typo corrected)."""
    row, data = facilitated_session(data, {"text": str}, submission_id=int, action=str)
    db = get_db()
    target = store.submission(db, data["submission_id"])
    if target is None or target["session_id"] != row["id"]:
        raise Refused("unknown statement")
    if data["action"] not in ("approve", "hide"):
        raise Refused("action must be 'approve' or 'hide'")
    text = None
    if "text" in data:
        question = board_question(row, target["question_id"])
        try:
            text = kind_of(question).validate_submission(question, data["text"]) if data["text"] else None
        except InvalidAnswer as invalid:
            raise Refused.because(invalid) from None
    store.moderate_submission(db, target["id"], "approved" if data["action"] == "approve" else "hidden", text,
                              current_user.id)
    send_moderation(row)
    return {"ok": True, "state": broadcast_state(row)}


@socketio.on("review", namespace=FACILITATOR)
@handler
def facilitator_review(data):
    """Approve or hide a free-text answer the privacy guard held (optionally with its texts edited)."""
    row, data = facilitated_session(data, {"value": None}, response_id=int, action=str)
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
            raise Refused.because(invalid) from None
    if store.review_response(db, row["id"], data["response_id"],
                             "approved" if data["action"] == "approve" else "hidden", value,
                             current_user.id) is None:
        raise Refused("unknown answer")
    live.mark_changed(row["id"])
    send_moderation(row)
    return {"ok": True}


@socketio.on("add", namespace=FACILITATOR)
@handler
def facilitator_add(data):
    """Add a statement to a board live (approved at once)."""
    row, data = facilitated_session(data, question_id=str, text=str)
    question = board_question(row, data["question_id"])
    text = data["text"].strip()
    if not 3 <= len(text) <= question.settings["max_length"]:
        raise Refused(f"a statement is 3 to {question.settings['max_length']} characters")
    submission_id = store.add_submission(get_db(), row["id"], question.id, text, "facilitator", "approved")
    return {"ok": True, "submission_id": submission_id, "state": broadcast_state(row)}


@socketio.on("focus", namespace=FACILITATOR)
@handler
def facilitator_focus(data):
    """Put one statement or question in focus on the projector (null: none)."""
    row, data = facilitated_session(data, {"submission_id": int}, question_id=str)
    question = board_question(row, data["question_id"])
    submission_id = data.get("submission_id")
    db = get_db()
    if submission_id is not None:
        target = store.submission(db, submission_id)
        if target is None or target["question_id"] != question.id or target["session_id"] != row["id"]:
            raise Refused("unknown statement")
    store.set_focus(db, row["id"], question.id, submission_id, current_user.id)
    return {"ok": True, "state": broadcast_state(row)}


BOARD_SORTS = ("board", "agree", "divided", "votes", "newest")


@socketio.on("sort", namespace=FACILITATOR)
@handler
def facilitator_sort(data):
    """Order a board on the projector: as added, most agreement, most division, most votes or newest."""
    row, data = facilitated_session(data, question_id=str, sort=str)
    question = board_question(row, data["question_id"])
    if data["sort"] not in BOARD_SORTS:
        raise Refused(f"sort is one of {', '.join(BOARD_SORTS)}")
    store.set_board_sort(get_db(), row["id"], question.id, data["sort"], current_user.id)
    return {"ok": True, "state": broadcast_state(row)}


@socketio.on("answered", namespace=FACILITATOR)
@handler
def facilitator_answered(data):
    """Mark a Q&A question answered, or not."""
    row, data = facilitated_session(data, submission_id=int, answered=bool)
    db = get_db()
    target = store.submission(db, data["submission_id"])
    if target is None or target["session_id"] != row["id"]:
        raise Refused("unknown question")
    store.set_answered(db, target["id"], data["answered"], current_user.id)
    return {"ok": True, "state": broadcast_state(row)}
