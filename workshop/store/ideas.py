"""Ideas, then votes: curated ideas over submitted ones, the phase and the frozen list (curation.py)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from .questions import _upsert_question_state
from .shared import _log, now, writing
from .submissions import submission


def idea_rows(db: Database, session_id: int, question_id: str) -> list[dict]:
    """An ideas question's approved and curated texts (and undone merges), oldest first, with merged_into."""
    return list(db.query(
        "select id, participant_id, source, text, status, merged_into, created_at from submissions "
        "where session_id = ? and question_id = ? and status in ('approved', 'undone') order by id",
        [session_id, question_id],
    ))


def merge_ideas(db: Database, session_id: int, question_id: str, idea_ids: list[int], text: str,
                facilitator_id: int | None) -> int:
    """One curated idea with `text` in place of these ideas (which point to it and stay as they are); logged."""
    stamp = now()
    with writing(db):
        curated = db["submissions"].insert(
            {"session_id": session_id, "question_id": question_id, "participant_id": None, "source": "curated",
             "text": text, "original_text": text, "status": "approved", "flags": None, "answered": 0,
             "created_at": stamp, "moderated_at": stamp}
        ).last_pk
        marks = ", ".join("?" for _ in idea_ids)
        db.execute(f"update submissions set merged_into = ? where session_id = ? and id in ({marks})",
                   [curated, session_id, *idea_ids])
        _log(db, session_id, "ideas_merged", {"question": question_id, "into": curated, "ideas": idea_ids},
             facilitator_id)
    return curated


def edit_curated_idea(db: Database, idea_id: int, text: str, facilitator_id: int | None) -> None:
    """Correct a curated idea's text (a submitted text is never changed here); logged."""
    row = submission(db, idea_id)
    with writing(db):
        db["submissions"].update(idea_id, {"text": text})
        _log(db, row["session_id"], "idea_edited", {"question": row["question_id"], "idea": idea_id},
             facilitator_id)


def undo_merge(db: Database, idea_id: int, facilitator_id: int | None) -> list[int]:
    """Take a curated idea apart: the ideas it took are ideas again, it is kept as 'undone'; logged."""
    row = submission(db, idea_id)
    with writing(db):
        freed = [r[0] for r in db.execute("select id from submissions where merged_into = ? order by id",
                                          [idea_id]).fetchall()]
        db.execute("update submissions set merged_into = null where merged_into = ?", [idea_id])
        db["submissions"].update(idea_id, {"status": "undone"})
        _log(db, row["session_id"], "ideas_unmerged", {"question": row["question_id"], "idea": idea_id,
                                                       "ideas": freed}, facilitator_id)
    return freed


def set_ideas_phase(db: Database, session_id: int, question_id: str, ballot: list[dict] | None,
                    facilitator_id: int | None) -> None:
    """Open the vote on a frozen list of ideas (the question opens too), or with None collect again; logged."""
    with writing(db):
        if ballot is None:
            _upsert_question_state(db, session_id, question_id, {"phase": None, "ballot": None})
            _log(db, session_id, "ideas_collecting", {"question": question_id}, facilitator_id)
            return
        _upsert_question_state(db, session_id, question_id, {
            "phase": "vote", "ballot": json.dumps(ballot, ensure_ascii=False), "status": "open",
            "opened_at": now(), "closes_at": None})
        _log(db, session_id, "ideas_vote_opened", {"question": question_id, "ideas": [i["id"] for i in ballot]},
             facilitator_id)
