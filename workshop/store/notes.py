"""Notes taken during a session."""

from __future__ import annotations

from sqlite_utils import Database

from .shared import now, writing


def add_note(db: Database, session_id: int, slide: int, question_id: str | None, text: str, author: str) -> dict:
    """Store a time-stamped note on the slide that is showing."""
    with writing(db):
        note_id = db["notes"].insert(
            {"session_id": session_id, "slide": slide, "question_id": question_id, "text": text,
             "author": author, "created_at": now()}
        ).last_pk
    return next(db["notes"].rows_where("id = ?", [note_id]))


def notes(db: Database, session_id: int) -> list[dict]:
    """A session's notes, oldest first."""
    return list(db["notes"].rows_where("session_id = ?", [session_id], order_by="id"))
