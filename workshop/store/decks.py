"""Deck changes: who created, edited or imported a deck, with its text."""

from __future__ import annotations

from sqlite_utils import Database

from .shared import _one, now, writing


def record_deck_change(db: Database, deck: str, action: str, text: str, facilitator_id: int | None,
                       author: str) -> None:
    """Note who created, edited or imported a deck, with the text it has now."""
    with writing(db):
        db["deck_changes"].insert({"deck": deck, "action": action, "facilitator_id": facilitator_id,
                                   "author": author, "at": now(), "text": text})


def deck_changes(db: Database, deck: str, limit: int = 20) -> list[dict]:
    """A deck's recorded changes, newest first."""
    return list(db.query("select * from deck_changes where deck = ? order by id desc limit ?", [deck, limit]))


def deck_change(db: Database, deck: str, change_id: int) -> dict | None:
    """One recorded change of a deck, with its text, or None."""
    return _one(db, "select * from deck_changes where deck = ? and id = ?", [deck, change_id])


def last_deck_changes(db: Database) -> dict[str, dict]:
    """Each deck's most recent change (deck name -> its row without the text)."""
    rows = db.query("select id, deck, action, author, at from deck_changes where id in "
                    "(select max(id) from deck_changes group by deck)")
    return {row["deck"]: row for row in rows}
