"""Participants: joining a session, their profile answers, group sizes."""

from __future__ import annotations

import json

from sqlite_utils import Database

from .shared import _json_path, _one, now, writing


def join_participant(db: Database, session_id: int, token_hash: str) -> tuple[int, bool]:
    """The participant id for a device token in a session, creating it on first join; (id, is_new)."""
    stamp = now()
    with writing(db):
        row = db.execute("select id from participants where session_id = ? and token_hash = ?",
                         [session_id, token_hash]).fetchone()
        if row:
            db.execute("update participants set last_seen_at = ? where id = ?", [stamp, row[0]])
            return row[0], False
        cursor = db.execute(
            "insert into participants (session_id, token_hash, joined_at, last_seen_at) values (?, ?, ?, ?)",
            [session_id, token_hash, stamp, stamp])
        return cursor.lastrowid, True


def is_participant(db: Database, session_id: int, token_hash: str) -> bool:
    """Whether a device token joined this session before."""
    return db.execute("select 1 from participants where session_id = ? and token_hash = ?",
                      [session_id, token_hash]).fetchone() is not None


def participant(db: Database, participant_id: int) -> dict | None:
    """One participant, with the profile decoded, or None."""
    row = _one(db, "select * from participants where id = ?", [participant_id])
    if row is not None:
        row["profile"] = json.loads(row["profile"]) if row["profile"] else None
    return row


def set_profile(db: Database, participant_id: int, profile: dict[str, int], consented: bool) -> None:
    """Store a participant's profile answers and, when given, the moment they accepted the consent text."""
    with writing(db):
        db.execute("update participants set profile = ?, consented_at = coalesce(?, consented_at) where id = ?",
                   [json.dumps(profile), now() if consented else None, participant_id])


def set_min_group(db: Database, session_id: int, k: int) -> None:
    """Set the smallest group a session shows on its own."""
    with writing(db):
        db["sessions"].update(session_id, {"min_group": k})


def group_sizes(db: Database, session_id: int, profile_id: str) -> dict[int | None, int]:
    """How many participants gave each answer to a profile question (None: not answered)."""
    return dict(db.execute(
        "select json_extract(profile, ?), count(*) from participants where session_id = ? group by 1",
        [_json_path(profile_id), session_id],
    ).fetchall())




def count_participants(db: Database, session_id: int) -> int:
    """How many participants have joined a session."""
    return db.execute("select count(*) from participants where session_id = ?", [session_id]).fetchone()[0]
