"""Deleting a session for good, and backing the database up."""

from __future__ import annotations

from sqlite_utils import Database

from .events import log_action
from .sessions import session_by_id
from .shared import writing


def delete_session(db: Database, session_id: int, facilitator_id: int | None = None) -> None:
    """Hard-delete a session and everything tied to it, then squeeze the freed pages out of the file.

    What is left is a tombstone in the actions log: which code was deleted, when and by whom, nothing else.
    """
    row = session_by_id(db, session_id)
    with writing(db):
        if row is not None:
            log_action(db, "session_deleted", {"code": row["code"]}, facilitator_id, row.get("study_id"))
        db.execute("delete from submission_votes where submission_id in "
                   "(select id from submissions where session_id = ?)", [session_id])
        # Codings name their texts "s<session>:...": a deleted session's texts leave every codebook.
        for table in ("codings", "coded_texts"):
            db.execute(f"delete from {table} where text_key like ?", [f"s{session_id}:%"])
        db.execute("delete from codebook_sessions where session_id = ?", [session_id])
        for table in ("session_members", "submissions", "responses", "question_states", "notes", "events", "participants"):
            db.execute(f"delete from {table} where session_id = ?", [session_id])
        db.execute("delete from sessions where id = ?", [session_id])
    # secure_delete (db.py) zeroes the freed pages; the checkpoint moves them out of the WAL, VACUUM
    # rebuilds the file so nothing of the session is left in it.
    db.execute("pragma wal_checkpoint(truncate)")
    db.vacuum()
    db.execute("pragma wal_checkpoint(truncate)")


def backup(db: Database, path: str) -> None:
    """Copy the database with SQLite's online backup API (safe while the server writes)."""
    import sqlite3

    target = sqlite3.connect(path)
    try:
        db.conn.backup(target)
    finally:
        target.close()
