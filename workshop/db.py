"""Opening the SQLite file: pragmas, migrations, and one connection per request or socket event.

Opening a connection (file, WAL index, five pragmas) costs about a quarter of a millisecond, a tenth of what
the server spends on an answer under load. The gevent server therefore keeps open connections in a
`Pool` and lends one to each request or socket event; other servers open and close one each time.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, g
from sqlite_utils import Database

from .migrations import migrations


def connect(path: str, check_same_thread: bool = True) -> Database:
    """Open the database file with the pragmas every connection needs."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: sqlite3 starts no hidden transactions; store/ groups writes with db.atomic().
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


# One server per database, unless they share a message queue ----------------------------------------------


class ServerClash(RuntimeError):
    """Another server process serves this database, and the two could not share their rooms."""


_claimed: list = []  # the open lock file(s) of this process: the lock lasts as long as the process


def _queue_name(url: str | None) -> str:
    """A message-queue URL without its password, for the lock file and messages."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{parts.path}"


def claim_server(path: str, message_queue: str | None) -> None:
    """Refuse to serve a database another server process serves, unless both share one message queue.

    Two processes on one database without a shared queue split the room silently: phones on one miss the
    other's slide changes and each projector counts half the phones (docs/scaling.md). The claim is an
    advisory lock on `PATH.server` beside the database, held until the process ends (even by kill -9):
    exclusive without a message queue, shared with one. The file records who holds it, for the message.
    """
    if path == ":memory:":
        return
    try:
        import fcntl
    except ImportError:  # not on Windows: no check there
        return
    queue = _queue_name(message_queue)
    lock_path = Path(f"{path}.server")
    lock = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115  (open for the life of the process)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pass
    else:
        lock.truncate(0)
        lock.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "queue": queue,
                               "since": datetime.now(UTC).isoformat(timespec="seconds")}) + "\n")
        lock.flush()
        if queue:
            fcntl.flock(lock, fcntl.LOCK_SH)  # others on the same queue may join
        _claimed.append(lock)
        return
    lock.seek(0)
    try:
        holder = json.loads(lock.readline() or "{}")
    except ValueError:
        holder = {}
    who = (f"process {holder.get('pid', '?')} on {holder.get('host', '?')}, running since "
           f"{holder.get('since', '?')}")
    if queue:
        try:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise ServerClash(f"{path} is served already by {who}, without a message queue. Several processes "
                              "on one database must share one (WORKSHOP_MESSAGE_QUEUE, docs/scaling.md): "
                              "restart that one with it, or stop it.") from None
        if holder.get("queue") not in (None, queue):
            lock.close()
            raise ServerClash(f"{path} is served already by {who} with the message queue {holder['queue']}, "
                              f"not {queue}: every process on one database needs the same queue.")
        _claimed.append(lock)
        return
    lock.close()
    raise ServerClash(f"{path} is served already by {who}. A second process without a shared message queue "
                      "would split the room (phones on one would miss the other's slide changes): stop the other "
                      "one, or give both the same WORKSHOP_MESSAGE_QUEUE (docs/scaling.md).")
