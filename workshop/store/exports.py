"""Exports: a session's participants, answers, submissions and votes as rows for the tables."""

from __future__ import annotations

import json

from sqlite_utils import Database


def export_participants(db: Database, session_id: int) -> list[dict]:
    """A session's participants in join order, with the profile decoded (never the token hash)."""
    return [
        {**row, "profile": json.loads(row["profile"]) if row["profile"] else {}}
        for row in db.query(
            "select id, profile, joined_at, consented_at from participants where session_id = ? order by id",
            [session_id],
        )
    ]


def export_responses(db: Database, session_id: int) -> list[dict]:
    """Every answer in a session, every round (held ones too, with their review), value decoded, in answer
    order."""
    return [
        {**row, "value": json.loads(row["value"])}
        for row in db.query(
            "select participant_id, question_id, round, value, review, updated_at from responses "
            "where session_id = ? order by id",
            [session_id],
        )
    ]


def export_submissions(db: Database, session_id: int) -> list[dict]:
    """Every text participants put on a board in a session, any status, oldest first."""
    return list(db.query(
        "select id, question_id, participant_id, text, status, merged_into, created_at from submissions "
        "where session_id = ? and participant_id is not null order by id",
        [session_id],
    ))


def export_votes(db: Database, session_id: int) -> list[dict]:
    """Every vote on an approved submission in a session, with the submission's question and text."""
    return list(db.query(
        """
        select s.id as submission_id, s.question_id, s.text, v.participant_id, v.vote, v.updated_at
        from submission_votes v join submissions s on s.id = v.submission_id
        where s.session_id = ? and s.status = 'approved' order by s.id, v.participant_id
        """,
        [session_id],
    ))
