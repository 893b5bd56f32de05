"""Submissions: statements on a board, questions in a Q&A, their moderation and votes."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from .questions import _upsert_question_state
from .shared import _json_path, _log, now, writing


def add_submission(
    db: Database, session_id: int, question_id: str, text: str, source: str, status: str,
    participant_id: int | None = None, flags: list[dict] | None = None, limit: int | None = None,
) -> int | None:
    """Store a new text for a board; None when the participant already reached `limit` texts on it."""
    stamp = now()
    with writing(db):
        if limit is not None and participant_id is not None:
            made = db.execute(
                "select count(*) from submissions where session_id = ? and question_id = ? and participant_id = ?",
                [session_id, question_id, participant_id],
            ).fetchone()[0]
            if made >= limit:
                return None
        return db["submissions"].insert(
            {"session_id": session_id, "question_id": question_id, "participant_id": participant_id,
             "source": source, "text": text, "original_text": text, "status": status,
             "flags": json.dumps(flags, ensure_ascii=False) if flags else None, "answered": 0,
             "created_at": stamp, "moderated_at": stamp if status == "approved" and source != "participant"
             else None}
        ).last_pk


def seed_submissions(db: Database, session_id: int, question_id: str, texts: list[str]) -> None:
    """Put a deck's seeded statements on a board, approved (done once, when the session starts)."""
    for text in texts:
        add_submission(db, session_id, question_id, text, "deck", "approved")


def submission(db: Database, submission_id: int) -> dict | None:
    """One submission, or None."""
    return next(db["submissions"].rows_where("id = ?", [submission_id]), None)


_VOTE_COUNTS = """
    select s.id, s.question_id, s.participant_id, s.source, s.text, s.original_text, s.status, s.flags,
           s.answered, s.created_at,
           coalesce(sum(v.vote = 'agree'), 0) as agree, coalesce(sum(v.vote = 'disagree'), 0) as disagree,
           coalesce(sum(v.vote = 'pass'), 0) as pass, coalesce(sum(v.vote = 'up'), 0) as up,
           count(v.vote) as votes
    from submissions s left join submission_votes v on v.submission_id = s.id
"""


def submissions(db: Database, session_id: int, question_id: str, statuses: tuple[str, ...] = ("approved",)
                ) -> list[dict]:
    """A board's submissions with these statuses, oldest first, each with its vote counts."""
    marks = ", ".join("?" for _ in statuses)
    return list(db.query(
        f"{_VOTE_COUNTS} where s.session_id = ? and s.question_id = ? and s.status in ({marks}) "
        "group by s.id order by s.id",
        [session_id, question_id, *statuses],
    ))


def votes_by_group(db: Database, session_id: int, question_id: str, profile_id: str
                   ) -> list[tuple[int, int | None, str, int]]:
    """Votes on a board's approved submissions counted per group: (submission id, group, vote, count)."""
    return [tuple(row) for row in db.execute(
        """
        select v.submission_id, json_extract(p.profile, ?), v.vote, count(*)
        from submission_votes v join submissions s on s.id = v.submission_id
        join participants p on p.id = v.participant_id
        where s.session_id = ? and s.question_id = ? and s.status = 'approved'
        group by 1, 2, 3
        """,
        [_json_path(profile_id), session_id, question_id],
    )]


def moderation_queue(db: Database, session_id: int) -> list[dict]:
    """Submissions waiting for a facilitator's decision, oldest first, with their privacy flags decoded."""
    return [
        {**row, "flags": json.loads(row["flags"] or "[]")}
        for row in db.query(
            f"{_VOTE_COUNTS} where s.session_id = ? and s.status = 'pending' group by s.id order by s.id",
            [session_id],
        )
    ]


def moderate_submission(db: Database, submission_id: int, status: str, text: str | None,
                        facilitator_id: int | None) -> None:
    """Approve or hide a submission, optionally correcting its text; logged."""
    row = submission(db, submission_id)
    fields: dict[str, Any] = {"status": status, "moderated_at": now()}
    if text is not None:
        fields["text"] = text
    with writing(db):
        db["submissions"].update(submission_id, fields)
        _log(db, row["session_id"], f"submission_{'approved' if status == 'approved' else 'hidden'}",
             {"question": row["question_id"], "submission": submission_id,
              "edited": text is not None and text != row["text"]}, facilitator_id)


def set_answered(db: Database, submission_id: int, answered: bool, facilitator_id: int | None) -> None:
    """Mark a Q&A question answered (or not); logged."""
    row = submission(db, submission_id)
    with writing(db):
        db["submissions"].update(submission_id, {"answered": int(answered)})
        _log(db, row["session_id"], "qa_answered" if answered else "qa_unanswered",
             {"question": row["question_id"], "submission": submission_id}, facilitator_id)


def save_vote(db: Database, submission_id: int, participant_id: int, vote: str | None) -> bool:
    """Store (or with None, take back) a participant's vote on an approved submission of an open question."""
    stamp = now()
    with writing(db):
        target = db.execute(
            """
            select 1 from submissions s join question_states q
              on q.session_id = s.session_id and q.question_id = s.question_id
            join participants p on p.id = ? and p.session_id = s.session_id
            where s.id = ? and s.status = 'approved' and q.status = 'open'
              and (q.closes_at is null or q.closes_at > ?)
            """,
            [participant_id, submission_id, stamp],
        ).fetchone()
        if not target:
            return False
        if vote is None:
            db.execute("delete from submission_votes where submission_id = ? and participant_id = ?",
                       [submission_id, participant_id])
        else:
            db.execute(
                """
                insert into submission_votes (submission_id, participant_id, vote, created_at, updated_at)
                values (?, ?, ?, ?, ?)
                on conflict (submission_id, participant_id) do update
                    set vote = excluded.vote, updated_at = excluded.updated_at
                """,
                [submission_id, participant_id, vote, stamp, stamp],
            )
    return True


def votes_of(db: Database, session_id: int, participant_id: int) -> dict[int, str]:
    """One participant's votes in a session: submission id -> vote."""
    return dict(db.execute(
        "select v.submission_id, v.vote from submission_votes v join submissions s on s.id = v.submission_id "
        "where s.session_id = ? and v.participant_id = ?",
        [session_id, participant_id],
    ).fetchall())


def submissions_of(db: Database, session_id: int, participant_id: int) -> list[dict]:
    """One participant's own submissions in a session, with their moderation status."""
    return list(db.query(
        "select id, question_id, text, status from submissions where session_id = ? and participant_id = ? "
        "order by id",
        [session_id, participant_id],
    ))


def set_split(db: Database, session_id: int, question_id: str, profile_id: str | None,
              facilitator_id: int | None) -> None:
    """Split a question's result on the projector by a profile question (None: not split); logged."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"split_by": profile_id})
        _log(db, session_id, "split", {"question": question_id, "by": profile_id}, facilitator_id)


def set_board_sort(db: Database, session_id: int, question_id: str, sort: str, facilitator_id: int | None) -> None:
    """Choose how the projector orders a board's statements; logged."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"board_sort": sort})
        _log(db, session_id, "board_sorted", {"question": question_id, "sort": sort}, facilitator_id)


def set_focus(db: Database, session_id: int, question_id: str, submission_id: int | None,
              facilitator_id: int | None) -> None:
    """Put one submission in focus on the projector (None: no focus); logged."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"focus": submission_id})
        _log(db, session_id, "focus", {"question": question_id, "submission": submission_id}, facilitator_id)
