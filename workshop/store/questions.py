"""Questions' state in a session: open, closed, countdowns, rounds, pacing, what the projector shows."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from .responses import _CURRENT_ROUND
from .sessions import session_by_id
from .shared import _log, now, writing


def question_states(db: Database, session_id: int) -> dict[str, dict]:
    """Every question of a session that was ever opened: question id -> status, results_visible, times."""
    return {
        row["question_id"]: row for row in db["question_states"].rows_where("session_id = ?", [session_id])
    }


def question_state(db: Database, session_id: int, question_id: str) -> dict:
    """One question's state; a question never opened is 'pending' with results hidden."""
    row = next(
        db["question_states"].rows_where("session_id = ? and question_id = ?", [session_id, question_id]), None
    )
    return row or {"session_id": session_id, "question_id": question_id, "status": "pending",
                   "results_visible": 0, "opened_at": None, "closed_at": None, "closes_at": None,
                   "share_results": 0, "round": 1}


def set_question_status(
    db: Database, session_id: int, question_id: str, status: str, facilitator_id: int | None,
    closes_at: str | None = None,
) -> None:
    """Open (optionally until closes_at) or close a question, and log it."""
    stamp = now()
    if status == "open":
        fields: dict[str, Any] = {"status": "open", "opened_at": stamp, "closes_at": closes_at}
        data = {"question": question_id, **({"closes_at": closes_at} if closes_at else {})}
    else:
        fields, data = {"status": "closed", "closed_at": stamp, "closes_at": None}, {"question": question_id}
    with writing(db):
        _upsert_question_state(db, session_id, question_id, fields)
        _mark_first_close(db, session_id, question_id)
        _log(db, session_id, f"question_{'opened' if status == 'open' else 'closed'}", data, facilitator_id)


def _mark_first_close(db: Database, session_id: int, question_id: str) -> None:
    db.execute("update question_states set first_closed_at = closed_at where session_id = ? and question_id = ? "
               "and first_closed_at is null and status = 'closed'", [session_id, question_id])


def close_expired(db: Database, at: str | None = None) -> list[tuple[int, str]]:
    """Close every question whose countdown has run out; the (session id, question id) pairs closed."""
    at = at or now()
    # Asked several times a second: look first, and only take the write lock when something ran out.
    expired = db.execute(
        "select session_id, question_id from question_states where status = 'open' and closes_at <= ?",
        [at],
    ).fetchall()
    closed = []
    if not expired:
        return closed
    with writing(db):
        for session_id, question_id in expired:
            # Another server process may have closed it a moment ago: only the one that changes it logs it.
            changed = db.execute(
                "update question_states set status = 'closed', closed_at = ?, closes_at = null "
                "where session_id = ? and question_id = ? and status = 'open'",
                [at, session_id, question_id],
            ).rowcount
            if changed:
                _mark_first_close(db, session_id, question_id)
                _log(db, session_id, "question_closed", {"question": question_id, "by": "timer"}, None)
                closed.append((session_id, question_id))
    return closed


def set_share_results(
    db: Database, session_id: int, question_id: str, share: bool, facilitator_id: int | None
) -> None:
    """Show or hide a closed question's results on the phones, and log it."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"share_results": int(share)})
        _log(db, session_id, "results_shared" if share else "results_unshared", {"question": question_id},
             facilitator_id)


def reset_responses(db: Database, session_id: int, question_id: str, facilitator_id: int | None) -> int:
    """Delete every answer of a question's current round (after the facilitator confirmed), log it; how many.

    Earlier rounds are kept: a reset of round 2 must not take away what the room said in round 1.
    """
    with writing(db):
        round_ = _current_round(db, session_id, question_id)
        deleted = db.execute(
            "delete from responses where session_id = ? and question_id = ? and round = ?",
            [session_id, question_id, round_],
        ).rowcount
        _log(db, session_id, "responses_reset", {"question": question_id, "deleted": deleted, "round": round_},
             facilitator_id)
    return deleted


def start_round(db: Database, session_id: int, question_id: str, facilitator_id: int | None,
                closes_at: str | None = None) -> int:
    """Ask a question again: its next round opens (optionally until closes_at) with no answers yet; logged.

    Earlier rounds' answers are not touched. Results go off the projector and the phones until the
    facilitator shows them again, and the new round's split keeps the groups of its own first close.
    Returns the new round's number.
    """
    stamp = now()
    with writing(db):
        round_ = _current_round(db, session_id, question_id) + 1
        _upsert_question_state(db, session_id, question_id, {
            "round": round_, "status": "open", "opened_at": stamp, "closed_at": None, "closes_at": closes_at,
            "first_closed_at": None, "results_visible": 0, "share_results": 0})
        _log(db, session_id, "round_started",
             {"question": question_id, "round": round_, **({"closes_at": closes_at} if closes_at else {})},
             facilitator_id)
    return round_


def _current_round(db: Database, session_id: int, question_id: str) -> int:
    row = db.execute("select round from question_states where session_id = ? and question_id = ?",
                     [session_id, question_id]).fetchone()
    return row[0] if row else 1


def set_pacing(
    db: Database, session_id: int, pacing: str, block: list[str] | None, facilitator_id: int | None
) -> None:
    """Switch between following the presenter and a self-paced block; the block's questions open or close."""
    stamp = now()
    with writing(db):
        previous = session_by_id(db, session_id)
        if pacing == "self":
            for question_id in block or []:
                _upsert_question_state(db, session_id, question_id,
                                       {"status": "open", "opened_at": stamp, "closes_at": None})
        else:
            for question_id in json.loads(previous["block"] or "[]"):
                _upsert_question_state(db, session_id, question_id,
                                       {"status": "closed", "closed_at": stamp, "closes_at": None})
                _mark_first_close(db, session_id, question_id)
        db["sessions"].update(session_id, {"pacing": pacing, "block": json.dumps(block) if block else None})
        _log(db, session_id, "self_paced_started" if pacing == "self" else "self_paced_ended",
             {"questions": block} if block else None, facilitator_id)


def count_finished(db: Database, session_id: int, question_ids: list[str]) -> int:
    """How many participants answered every one of these questions."""
    if not question_ids:
        return 0
    marks = ", ".join("?" for _ in question_ids)
    return db.execute(
        f"""
        select count(*) from (
            select participant_id from responses r
            where session_id = ? and question_id in ({marks}) and r.round = {_CURRENT_ROUND}
            group by participant_id having count(distinct question_id) = ?
        )
        """,
        [session_id, *question_ids, len(question_ids)],
    ).fetchone()[0]


def set_results_visible(
    db: Database, session_id: int, question_id: str, visible: bool, facilitator_id: int | None
) -> None:
    """Show or hide a question's results on the projector and log it."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"results_visible": int(visible)})
        _log(db, session_id, "results_shown" if visible else "results_hidden", {"question": question_id},
             facilitator_id)


def _upsert_question_state(db: Database, session_id: int, question_id: str, fields: dict[str, Any]) -> None:
    exists = db.execute(
        "select 1 from question_states where session_id = ? and question_id = ?", [session_id, question_id]
    ).fetchone()
    if exists:
        db["question_states"].update((session_id, question_id), fields)
    else:
        db["question_states"].insert(
            {"session_id": session_id, "question_id": question_id, "status": "pending", "results_visible": 0,
             **fields}
        )
