"""Answers to questions: stored per round, read back for screens and aggregates, held for review."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from .shared import _json_path, _log, decode_answer, now, writing

# The round a question is in now, for a row `r` of responses: what every screen and aggregate counts unless a
# round is named (a question never opened has no state and no answers; its round is 1).
_CURRENT_ROUND = ("coalesce((select q.round from question_states q where q.session_id = r.session_id "
                  "and q.question_id = r.question_id), 1)")


def _round_is(round_: int | None) -> tuple[str, list]:
    """The condition on r.round for one round (None: the question's current round) and its parameters."""
    return ("r.round = ?", [round_]) if round_ is not None else (f"r.round = {_CURRENT_ROUND}", [])



def save_response(
    db: Database, session_id: int, participant_id: int, question_id: str, value: Any,
    flags: list[dict] | None = None, client_id: str | None = None, round_: int | None = None,
) -> int | None:
    """Store a participant's answer in the question's current round if it is open, replacing an earlier one.

    Returns the answer's revision (1 for a first answer), or None when the question is not open (or, with
    `round_`, no longer in that round). The open-check and the write are one statement, so an answer can
    never land after the question closed or in a round it was not given for. An answer with privacy `flags`
    is held for review: stored, but kept off screens until approved. An answer whose `client_id` is already
    stored for this question (in any round) is a resend: nothing changes.
    """
    stamp = now()
    review, flags_json = ("pending", json.dumps(flags, ensure_ascii=False)) if flags else (None, None)
    with writing(db):
        if client_id is not None:
            stored = db.execute(
                "select revision from responses where session_id = ? and participant_id = ? and question_id = ? "
                "and client_id = ?",
                [session_id, participant_id, question_id, client_id],
            ).fetchone()
            if stored:
                return stored[0]
        cursor = db.execute(
            """
            insert into responses (session_id, participant_id, question_id, value, created_at, updated_at,
                                   revision, review, flags, client_id, round)
            select ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, q.round from question_states q
            where q.session_id = ? and q.question_id = ? and q.status = 'open'
              and (q.closes_at is null or q.closes_at > ?) and (? is null or q.round = ?)
            on conflict (session_id, participant_id, question_id, round) do update
                set value = excluded.value, updated_at = excluded.updated_at, revision = revision + 1,
                    review = excluded.review, flags = excluded.flags, client_id = excluded.client_id
            returning revision
            """,
            [session_id, participant_id, question_id, json.dumps(value, ensure_ascii=False), stamp, stamp,
             review, flags_json, client_id, session_id, question_id, stamp, round_, round_],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def response_values(db: Database, session_id: int, question_id: str, shown_only: bool = True,
                    round_: int | None = None) -> list[Any]:
    """Every stored answer to a question in one round (None: its current one), decoded, in the order they
    were first given.

    With shown_only, answers held by the privacy guard (and not approved) are left out.
    """
    held = "and (review is null or review = 'approved')" if shown_only else ""
    which, params = _round_is(round_)
    return [
        decode_answer(row[0])
        for row in db.execute(
            f"select value from responses r where session_id = ? and question_id = ? and {which} {held} "
            "order by id",
            [session_id, question_id, *params],
        )
    ]


def response_values_by_group(db: Database, session_id: int, question_id: str, profile_id: str,
                             round_: int | None = None) -> list[tuple[int | None, Any]]:
    """The shown answers to a question in one round (None: its current one), each with its participant's
    answer to a profile question."""
    which, params = _round_is(round_)
    return [
        (row[0], decode_answer(row[1]))
        for row in db.execute(
            f"""
            select json_extract(p.profile, ?), r.value from responses r join participants p on p.id = r.participant_id
            where r.session_id = ? and r.question_id = ? and (r.review is null or r.review = 'approved')
              and {which}
            order by r.id
            """,
            [_json_path(profile_id), session_id, question_id, *params],
        )
    ]


def item_people(db: Database, session_id: int, question_id: str, board: bool, round_: int | None = None
                ) -> list[dict]:
    """Who answered a question in one round (None: its current one), or voted on a board's approved texts,
    in order: participant id, profile answers and when they first answered or voted. Held answers are left
    out."""
    if board:
        sql = """
            select v.participant_id as id, p.profile as profile, min(v.created_at) as first_at
            from submission_votes v join submissions s on s.id = v.submission_id
            join participants p on p.id = v.participant_id
            where s.session_id = ? and s.question_id = ? and s.status = 'approved'
            group by v.participant_id order by min(v.rowid)
        """
        params = []
    else:
        which, params = _round_is(round_)
        sql = f"""
            select r.participant_id as id, p.profile as profile, r.created_at as first_at
            from responses r join participants p on p.id = r.participant_id
            where r.session_id = ? and r.question_id = ? and (r.review is null or r.review = 'approved')
              and {which}
            order by r.id
        """
    return [{**row, "profile": json.loads(row["profile"] or "{}")}
            for row in db.query(sql, [session_id, question_id, *params])]


def held_responses(db: Database, session_id: int) -> list[dict]:
    """Answers the privacy guard holds for review in a session, oldest first, with value and flags decoded."""
    return [
        {**row, "value": json.loads(row["value"]), "flags": json.loads(row["flags"] or "[]")}
        for row in db.query(
            "select id, question_id, value, flags, updated_at from responses "
            "where session_id = ? and review = 'pending' order by updated_at",
            [session_id],
        )
    ]


def review_response(db: Database, session_id: int, response_id: int, review: str, value: Any | None,
                    facilitator_id: int | None) -> dict | None:
    """Approve or hide a held answer (optionally with its text edited); the row, or None if not found."""
    row = next(db["responses"].rows_where("id = ? and session_id = ?", [response_id, session_id]), None)
    if row is None:
        return None
    fields: dict[str, Any] = {"review": review}
    if value is not None:
        fields["value"] = json.dumps(value, ensure_ascii=False)
    with writing(db):
        db["responses"].update(response_id, fields)
        _log(db, session_id, f"answer_{'approved' if review == 'approved' else 'hidden'}",
             {"question": row["question_id"], "response": response_id, "edited": value is not None},
             facilitator_id)
    return row


def answers_of(db: Database, session_id: int, participant_id: int) -> dict[str, Any]:
    """One participant's answers in a session, each question's current round: question id -> value."""
    return {
        row[0]: json.loads(row[1])
        for row in db.execute(
            f"select question_id, value from responses r where session_id = ? and participant_id = ? "
            f"and r.round = {_CURRENT_ROUND}",
            [session_id, participant_id],
        )
    }


def earlier_answers_of(db: Database, session_id: int, participant_id: int) -> dict[str, dict]:
    """One participant's answer of the latest earlier round of each question asked again:
    question id -> {"round", "value"} (what Delphi practice shows a participant before they answer again)."""
    earlier: dict[str, dict] = {}
    for question_id, round_, value in db.execute(
        f"select question_id, round, value from responses r where session_id = ? and participant_id = ? "
        f"and r.round < {_CURRENT_ROUND} order by round",
        [session_id, participant_id],
    ):
        earlier[question_id] = {"round": round_, "value": json.loads(value)}
    return earlier


def response_counts(db: Database, session_id: int) -> dict[str, int]:
    """How many participants answered each question of a session (in its current round)."""
    return dict(
        db.execute(
            f"select question_id, count(*) from responses r where session_id = ? and r.round = {_CURRENT_ROUND} "
            "group by question_id",
            [session_id],
        ).fetchall()
    )


def count_respondents(db: Database, session_id: int) -> int:
    """How many participants answered at least one question."""
    return db.execute(
        "select count(distinct participant_id) from responses where session_id = ?", [session_id]
    ).fetchone()[0]
