"""Opening the SQLite file: pragmas, migrations, and one connection per request or socket event."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask, current_app, g
from sqlite_utils import Database

from .migrations import migrations


def connect(path: str, check_same_thread: bool = True) -> Database:
    """Open the database file with the pragmas every connection needs."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: sqlite3 starts no hidden transactions; store.py groups writes with db.atomic().
    conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=check_same_thread)
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed answer survives a power cut, not only a crash of the process (docs/privacy.md).
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted rows are overwritten, not just unlinked: a deleted session's texts do not linger in the file.
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    return Database(conn)


def init(path: str) -> Database:
    """Open the database and bring its schema up to date."""
    db = connect(path)
    migrations.apply(db)
    return db


def get_db() -> Database:
    """The connection of the current request or socket event, opened on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(exception: BaseException | None = None) -> None:
    """Close the current connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    """Migrate the database at start and close connections after every request and event."""
    init(app.config["DATABASE"]).close()
    app.teardown_appcontext(close_db)
