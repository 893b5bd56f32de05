"""Logs: a session's events and the actions outside sessions."""

from __future__ import annotations

import json

from sqlite_utils import Database

from .shared import _log, now, writing


def log_event(db: Database, session_id: int, type: str, data: dict | None, facilitator_id: int | None) -> None:
    """Log a facilitator's action on a session (one that changes nothing else, e.g. a download)."""
    with writing(db):
        _log(db, session_id, type, data, facilitator_id)


def log_action(db: Database, type: str, data: dict | None, facilitator_id: int | None,
               study_id: int | None = None) -> None:
    """Log a facilitator's action outside one session: a login, a failed one, a study shared, a deletion."""
    with writing(db):
        db["actions"].insert({"at": now(), "type": type, "data": json.dumps(data, ensure_ascii=False) if data
                              else None, "facilitator_id": facilitator_id, "study_id": study_id})


def actions(db: Database, study_id: int | None = None, limit: int = 500) -> list[dict]:
    """The latest actions outside sessions (of one study, or all), newest first, with the facilitator's name."""
    where = "where a.study_id = :study" if study_id is not None else ""
    return [
        {**row, "data": json.loads(row["data"]) if row["data"] else None}
        for row in db.query(
            f"select a.*, f.name as facilitator from actions a left join facilitators f on f.id = a.facilitator_id "
            f"{where} order by a.id desc limit :limit", {"study": study_id, "limit": limit})
    ]


def session_log(db: Database, session_id: int) -> list[dict]:
    """A session's event log, oldest first, with the facilitator's name and the data decoded."""
    return [
        {**row, "data": json.loads(row["data"]) if row["data"] else None}
        for row in db.query(
            "select e.id, e.at, e.type, e.data, e.facilitator_id, f.name as facilitator from events e "
            "left join facilitators f on f.id = e.facilitator_id where e.session_id = ? order by e.id",
            [session_id])
    ]


def events(db: Database, session_id: int) -> list[dict]:
    """A session's event log, oldest first, with data decoded."""
    return [
        {**row, "data": json.loads(row["data"]) if row["data"] else None}
        for row in db["events"].rows_where("session_id = ?", [session_id], order_by="id")
    ]
