"""Phones: connect, join, answer, profile and consent (docs/protocol.md, /participant)."""

from __future__ import annotations

import flask_babel
from flask import current_app, request, session
from flask_socketio import join_room

from .. import privacy, profiles, sessions, store
from ..db import get_db
from ..i18n import LANGUAGES
from ..i18n_marker import N_
from ..interactions import InvalidAnswer, kind_of
from .core import (
    PARTICIPANT,
    Refused,
    acting_on,
    ensure_results_loop,
    fields,
    handler,
    joined_session,
    live,
    needs,
    participant_room,
    send_moderation,
    socketio,
    write,
)


def session_to_join(code: str, token: str) -> dict:
    """The session a phone joins; a wrong code counts against its address, as on the pages (throttle.py)."""
    throttle, address = current_app.extensions["workshop.throttle"], request.remote_addr or "-"
    row = store.session_by_code(get_db(), sessions.normalise_code(code))
    if not throttle.may_try_codes(address):
        # Past the limit only a phone that joined this session before gets back in (a reconnect after a
        # network hiccup); a guesser holds no such token, so the answer tells it nothing.
        if row is None or not store.is_participant(get_db(), row["id"], sessions.token_hash(row, token)):
            raise Refused(N_("Te veel verkeerde codes vanaf dit netwerk. Wacht een paar minuten en probeer het "
                             "opnieuw."))
        return row
    if row is None:
        throttle.wrong_code(address)
        raise Refused("unknown session code")
    return row


@socketio.on("connect", namespace=PARTICIPANT)
def participant_connect(auth=None):
    """Accept any phone; it identifies itself with `join`."""
    ensure_results_loop()


@socketio.on("disconnect", namespace=PARTICIPANT)
def participant_disconnect(reason=None):
    """Forget a phone's connection (its answers and identity stay)."""
    live.disconnect(request.sid)


@socketio.on("join", namespace=PARTICIPANT)
@handler
def participant_join(data):
    """Join a session with a device token; ack with the current question and this device's own answers."""
    data = fields(data, {"language": str}, code=str, token=str)
    token = data["token"]
    if not 32 <= len(token) <= 128 or not token.isalnum():
        raise Refused("token must be 32-128 letters and digits")
    row = session_to_join(data["code"], token)
    if row["state"] != "live":
        raise Refused("this session has ended")
    acting_on(row["id"])
    participant_id, _ = write(store.join_participant, row["id"], sessions.token_hash(row, token))
    session["participant"] = {"session_id": row["id"], "participant_id": participant_id}
    if data.get("language") in LANGUAGES:  # the phone page's language: this socket's acks speak it too
        session["language"] = data["language"]
        flask_babel.refresh()
    join_room(participant_room(row["id"]))
    live.connect(row["id"], request.sid)
    deck = sessions.deck_of(row)
    db = get_db()
    me = store.participant(db, participant_id)
    return {
        "ok": True,
        "session": {"code": row["code"], "title": row["title"], "language": deck.language,
                    "profile": deck.profile, "consent": sessions.consent_text(row)},
        # What this device still has to do before it can answer: accept the consent text, fill in the profile.
        "needs": needs(deck, me),
        "state": sessions.participant_view(db, row),
        "answers": store.answers_of(db, row["id"], participant_id),
        # questions asked again: this device's answer of the round before (Delphi shows it beside the form)
        "earlier": store.earlier_answers_of(db, row["id"], participant_id),
        "votes": {str(k): v for k, v in store.votes_of(db, row["id"], participant_id).items()},
        "submissions": store.submissions_of(db, row["id"], participant_id),
    }


@socketio.on("respond", namespace=PARTICIPANT)
@handler
def participant_respond(data):
    """Store an answer to an open question; ack only after it is committed."""
    data = fields(data, {"value": None, "answer_id": str, "round": int}, question_id=str)
    if "value" not in data:
        raise Refused("field 'value' is missing")
    if "answer_id" in data and not 1 <= len(data["answer_id"]) <= 64:
        raise Refused("answer_id is 1-64 characters")
    row, participant_id = joined_session()
    question = sessions.deck_of(row).question(data["question_id"])
    if question is None:
        raise Refused("unknown question")
    question = sessions.asked(get_db(), row, question)  # an ideas vote is on the list as it was frozen
    kind = kind_of(question)
    try:
        value = kind.validate(question, data["value"])
    except InvalidAnswer as invalid:
        raise Refused.because(invalid) from None
    flags = privacy.flags(kind.free_text(question, value), current_app.config["PRIVACY_WORDS"])
    revision = write(store.save_response, row["id"], participant_id, question.id, value, flags,
                     data.get("answer_id"), data.get("round"))
    current = (store.question_state(get_db(), row["id"], question.id)["round"] or 1) if "round" in data else None
    if revision is None:
        if current is not None and current != data["round"]:
            raise Refused(N_("Deze ronde is voorbij: de vraag wordt opnieuw gesteld."))
        raise Refused(N_("deze vraag is gesloten"))
    if current is not None and data["round"] < current:  # sent again, its answer id stored in the round it names
        raise Refused(N_("Deze ronde is voorbij; je antwoord staat bij ronde {n}."), n=data["round"])
    live.mark_changed(row["id"])
    if flags:
        send_moderation(row)
    ack = {"ok": True, "question_id": question.id, "value": value, "revision": revision}
    if flags:
        ack["held"] = sorted({f["reason"] for f in flags})
    return ack


@socketio.on("profile", namespace=PARTICIPANT)
@handler
def participant_profile(data):
    """Accept the consent text and answer the profile questions (once, before answering)."""
    data = fields(data, {"answers": dict, "consent": bool})
    row, participant_id = joined_session(ready=False)
    deck = sessions.deck_of(row)
    if deck.consent and data.get("consent") is not True:
        raise Refused(N_("Je kunt alleen meedoen als je toestemming geeft."))
    try:
        answers = profiles.validate(deck.profile, data.get("answers", {}))
    except ValueError as invalid:
        raise Refused.because(invalid) from None
    write(store.set_profile, participant_id, answers, bool(deck.consent))
    return {"ok": True, "needs": needs(deck, store.participant(get_db(), participant_id))}
