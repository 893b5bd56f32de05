"""Sessions as the domain sees them: join codes, starting from a deck, the deck snapshot. No Flask here."""

from __future__ import annotations

import json
import re
import secrets
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
    return store.create_session(
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


def participant_view(db: Database, session: dict) -> dict:
    """What every phone in a session shows now: the current question (if any) and whether it is open."""
    question = current_slide(session).question
    if question is None:
        return {"slide": session["current_slide"], "question": None, "status": None}
    state = store.question_state(db, session["id"], question.id)
    return {
        "slide": session["current_slide"],
        "question": kind_of(question).public(question),
        "status": state["status"],
    }


def result_of(db: Database, session: dict, question: Question) -> dict:
    """A question's aggregate result, computed from what is stored."""
    values = store.response_values(db, session["id"], question.id)
    return kind_of(question).aggregate(question, values)


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
    }
    if question is not None:
        state = store.question_state(db, session["id"], question.id)
        result = result_of(db, session, question)
        view.update(
            question=question.to_dict(),
            status=state["status"],
            results_visible=bool(state["results_visible"]),
            responses=result["n"],
            result=result,
        )
    return view
