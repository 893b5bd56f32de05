"""What every section shares: the write transaction, one-row reads, the clock, the session log, JSON paths."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlite_utils import Database

try:  # stored answers decoded for every projector view (ten a second): orjson in a third of json's time
    from orjson import loads as decode_answer
except ImportError:  # a virtualenv made before orjson was a dependency
    decode_answer = json.loads

@contextmanager
def writing(db: Database):
    """A write transaction: BEGIN IMMEDIATE, or a savepoint inside one already open.

    A plain (deferred) BEGIN reads first and asks for the write lock later; in WAL mode that fails at once
    with "database is locked" when another connection committed in between (the batching writer does, all
    the time). Taking the write lock up front makes SQLite wait its busy timeout instead.
    """
    if db.conn.in_transaction:
        with db.atomic():  # a savepoint: one failing write inside a batch is rolled back alone
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise


def _one(db: Database, sql: str, params: list | dict) -> dict | None:
    """The first row of a query as a dict, or None.

    Used on the paths every phone takes (join, answer): sqlite-utils' `rows_where`, `get` and `update` first
    look the table up and read its columns, three queries where one does.
    """
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return None if row is None else dict(zip([column[0] for column in cursor.description], row))


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _json_path(key: str) -> str:
    return f'$."{key}"'


def _log(db: Database, session_id: int, type: str, data: dict | None, facilitator_id: int | None) -> None:
    db["events"].insert(
        {"session_id": session_id, "at": now(), "type": type, "data": json.dumps(data) if data else None,
         "facilitator_id": facilitator_id}
    )
