"""Opening the SQLite file: pragmas, migrations, and one connection per request or socket event.

Opening a connection (file, WAL index, five pragmas) costs about a quarter of a millisecond, a tenth of what
the server spends on an answer under load. The gevent server therefore keeps open connections in a
`Pool` and lends one to each request or socket event; other servers open and close one each time.
"""

from __future__ import annotations

import sqlite3
import threading
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


class Unwritable(Exception):
    """The database refuses writes (a read-only file or folder, a full disk): a server must not start on it."""


def check_writable(db: Database, path: str) -> None:
    """Try a write and take it back; raise Unwritable with SQLite's reason when the database refuses it."""
    try:
        db.execute("begin immediate")
        try:
            # Rewriting the header's own value is a real write, and changes nothing once rolled back.
            version = int(db.execute("pragma user_version").fetchone()[0])
            db.execute(f"pragma user_version = {version}")
        finally:
            db.execute("rollback")
    except sqlite3.Error as error:
        raise Unwritable(f"{path}: the database cannot be written ({error}). Answers would not be stored: "
                         "check the file's and its folder's permissions and the free disk space") from None


def init(path: str) -> Database:
    """Open the database and bring its schema up to date."""
    db = connect(path)
    migrations.apply(db)
    return db


class Pool:
    """Idle connections to one database file, lent out one request or socket event at a time.

    A connection comes back only when no transaction is left open on it (an event that failed half-way
    through a write is closed instead), and at most `size` are kept; the rest are closed.
    """

    def __init__(self, path: str, size: int = 16):
        self.path, self.size = path, size
        self.idle: list[Database] = []
        self.lock = threading.Lock()
        self.opened = 0  # for tests and benchmarks: connections opened so far

    def take(self) -> Database:
        """An idle connection, or a new one."""
        with self.lock:
            if self.idle:
                return self.idle.pop()
            self.opened += 1
        return connect(self.path, check_same_thread=False)

    def give(self, db: Database) -> None:
        """Take a connection back after use."""
        if not db.conn.in_transaction:
            with self.lock:
                if len(self.idle) < self.size:
                    self.idle.append(db)
                    return
        db.close()

    def close(self) -> None:
        """Close every idle connection."""
        with self.lock:
            idle, self.idle = self.idle, []
        for db in idle:
            db.close()


def get_db() -> Database:
    """The connection of the current request or socket event, opened (or taken from the pool) on first use."""
    if "db" not in g:
        pool = current_app.extensions.get("workshop.db_pool")
        g.db = pool.take() if pool is not None else connect(current_app.config["DATABASE"])
    return g.db


def close_db(exception: BaseException | None = None) -> None:
    """Close the current connection, or give it back to the pool, if one was opened."""
    db = g.pop("db", None)
    if db is None:
        return
    pool = current_app.extensions.get("workshop.db_pool")
    if pool is not None:
        pool.give(db)
    else:
        db.close()


def init_app(app: Flask, pool: bool = False) -> None:
    """Migrate the database at start and close (or pool) connections after every request and event."""
    init(app.config["DATABASE"]).close()
    if pool:
        app.extensions["workshop.db_pool"] = Pool(app.config["DATABASE"])
    app.teardown_appcontext(close_db)
