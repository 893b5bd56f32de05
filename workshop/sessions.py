"""Sessions as the domain sees them: join codes, starting from a deck, the deck snapshot. No Flask here."""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, datetime, timedelta
from datetime import date as Date
from functools import lru_cache

from sqlite_utils import Database

from . import store
from .deck import Deck, Slide
from .interactions import Question, kind_of

MEETING_KINDS = ("gemeente", "landelijk", "anders")
# No 0/O, 1/I/L, 5/S or 2/Z: a code must survive being read aloud and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 6


class SessionError(ValueError):
    """A session could not be started or found; the message says why."""


def new_code(db: Database) -> str:
    """A join code no session uses yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not store.code_exists(db, code):
            return code


def normalise_code(text: str) -> str:
    """A code as typed (any case, with spaces or dashes) in its stored form."""
    return re.sub(r"[\s\-_.]", "", text or "").upper()


def pretty_code(code: str) -> str:
    """A code split in two halves for reading aloud: 'K7M 4PQ'."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def start_session(
    db: Database,
    deck: Deck,
    kind: str,
    place: str,
    date: str | None = None,
    title: str | None = None,
    facilitator_id: int | None = None,
) -> dict:
    """Start a live session from a parsed deck, keeping a snapshot of it; return the session row."""
    if kind not in MEETING_KINDS:
        raise SessionError(f"meeting kind must be one of {', '.join(MEETING_KINDS)}, not '{kind}'")
    place = (place or "").strip()
    if not place:
        raise SessionError("give the place: the municipality or police unit")
    if date:
        try:
            date = Date.fromisoformat(date).isoformat()
        except ValueError:
            raise SessionError(f"date must be YYYY-MM-DD, not '{date}'") from None
    row = store.create_session(
        db,
        code=new_code(db),
        title=(title or deck.title).strip(),
        kind=kind,
        place=place,
        date=date or Date.today().isoformat(),
        deck_source=deck.source,
        deck=json.dumps(deck.to_dict(), ensure_ascii=False),
        created_by=facilitator_id,
    )
    for question in deck.questions:
        seed = getattr(kind_of(question), "seed_setting", None)
        if seed and question.settings.get(seed):
            store.seed_submissions(db, row["id"], question.id, question.settings[seed])
    return row


def deck_of(session: dict) -> Deck:
    """The deck snapshot a session runs on (parsed once per session and kept)."""
    return _snapshot(session["code"], session["created_at"], session["deck"])


@lru_cache(maxsize=64)
def _snapshot(code: str, created_at: str, deck_json: str) -> Deck:
    return Deck.from_dict(json.loads(deck_json))


def current_slide(session: dict) -> Slide:
    """The slide a session is showing."""
    slides = deck_of(session).slides
    return slides[min(session["current_slide"], len(slides) - 1)]


def seconds_left(state: dict, at: datetime | None = None) -> float | None:
    """Seconds until an open question's countdown closes it, or None without a countdown."""
    if state.get("status") != "open" or not state.get("closes_at"):
        return None
    closes = datetime.fromisoformat(state["closes_at"].replace("Z", "+00:00"))
    return max(0.0, round((closes - (at or datetime.now(UTC))).total_seconds(), 1))


def closes_at(seconds: int, at: datetime | None = None) -> str:
    """The stored form of 'this many seconds from now'."""
    moment = (at or datetime.now(UTC)) + timedelta(seconds=seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def block_of(session: dict) -> list[str]:
    """The question ids of a session's self-paced block (empty when phones follow the presenter)."""
    return json.loads(session["block"]) if session.get("pacing") == "self" and session.get("block") else []


def _phone_question(db: Database, session: dict, question: Question, states: dict) -> dict:
    state = states.get(question.id) or store.question_state(db, session["id"], question.id)
    kind = kind_of(question)
    entry = {"question": kind.public(question), "status": state["status"], "closes_in": seconds_left(state)}
    if kind.collects == "submissions":
        entry["items"] = kind.phone_items(question, store.submissions(db, session["id"], question.id))
    if state["status"] == "closed" and state.get("share_results"):
        entry["result"] = result_of(db, session, question)
    return entry


def participant_view(db: Database, session: dict) -> dict:
    """What every phone in a session shows now: the current question, or the self-paced block."""
    states = store.question_states(db, session["id"])
    block = block_of(session)
    if block:
        deck = deck_of(session)
        return {"mode": "self", "slide": session["current_slide"], "question": None, "status": None,
                "questions": [_phone_question(db, session, deck.question(qid), states) for qid in block]}
    question = current_slide(session).question
    if question is None:
        return {"mode": "presenter", "slide": session["current_slide"], "question": None, "status": None}
    return {"mode": "presenter", "slide": session["current_slide"], **_phone_question(db, session, question, states)}


def result_of(db: Database, session: dict, question: Question) -> dict:
    """A question's aggregate result, computed from what is stored and cleared for screens."""
    kind = kind_of(question)
    if kind.collects == "submissions":
        values = store.submissions(db, session["id"], question.id)
    else:
        values = store.response_values(db, session["id"], question.id)
    return kind.aggregate(question, values)


def segments(text: str, flags: list[dict]) -> list[dict]:
    """A text cut into pieces, each marked whether a privacy finding covers it (for the moderation queue)."""
    pieces, at = [], 0
    for flag in sorted(flags, key=lambda f: f["start"]):
        start, end = max(flag["start"], at), flag["end"]
        if start >= end:
            continue
        if start > at:
            pieces.append({"text": text[at:start], "flagged": False})
        pieces.append({"text": text[start:end], "flagged": True, "reason": flag["reason"]})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "flagged": False})
    return pieces


def moderation_view(db: Database, session: dict) -> dict:
    """What only the control view sees: texts waiting for approval, with the privacy findings marked."""
    deck = deck_of(session)
    queue = []
    for row in store.moderation_queue(db, session["id"]):
        question = deck.question(row["question_id"])
        queue.append({"type": "submission", "id": row["id"], "question_id": row["question_id"],
                      "question": question.text if question else row["question_id"], "text": row["text"],
                      "reasons": sorted({f["reason"] for f in row["flags"]}),
                      "segments": segments(row["text"], row["flags"])})
    for row in store.held_responses(db, session["id"]):
        question = deck.question(row["question_id"])
        texts = kind_of(question).free_text(question, row["value"]) if question else []
        flags_by_text: dict[int, list] = {}
        for flag in row["flags"]:
            flags_by_text.setdefault(flag.get("item", 0), []).append(flag)
        queue.append({"type": "answer", "id": row["id"], "question_id": row["question_id"],
                      "question": question.text if question else row["question_id"],
                      "texts": [{"text": t, "segments": segments(t, flags_by_text.get(i, []))}
                                for i, t in enumerate(texts)],
                      "reasons": sorted({f["reason"] for f in row["flags"]})})
    return {"code": session["code"], "queue": queue}


def presenter_view(db: Database, session: dict, connected: int = 0) -> dict:
    """What the projector and the control view show now, results included."""
    deck = deck_of(session)
    slide = current_slide(session)
    question = slide.question
    view = {
        "code": session["code"],
        "slide": slide.index,
        "slides": len(deck.slides),
        "participants": store.count_participants(db, session["id"]),
        "connected": connected,
        "question": None,
        "status": None,
        "results_visible": False,
        "responses": 0,
        "result": None,
        "closes_in": None,
        "focus": None,
        "share_results": False,
        "pacing": session.get("pacing") or "presenter",
        "block": block_of(session),
        "finished": store.count_finished(db, session["id"], block_of(session)),
    }
    if question is not None:
        state = store.question_state(db, session["id"], question.id)
        result = result_of(db, session, question)
        view.update(
            question=question.to_dict(),
            status=state["status"],
            results_visible=bool(state["results_visible"]),
            share_results=bool(state.get("share_results")),
            closes_in=seconds_left(state),
            focus=state.get("focus"),
            responses=result["n"],
            result=result,
        )
    return view


def question_run(session: dict) -> list[str]:
    """The questions on consecutive question slides from the current one: a natural self-paced block."""
    run = []
    for slide in deck_of(session).slides[session["current_slide"]:]:
        if slide.question is None:
            break
        run.append(slide.question.id)
    return run
