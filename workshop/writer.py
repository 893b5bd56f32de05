"""One writer for answers under load: many handlers' writes grouped into one transaction, one commit for all.

With synchronous=FULL every commit waits for the disk. A thousand phones answering within two seconds would
mean a thousand disk flushes. Instead, handlers hand their write to this
writer and wait; the writer takes everything queued, runs it in one transaction, commits once, and only then
wakes each waiting handler with its result. No answer is acknowledged before its commit.

On gevent the batch's statements run on the event loop; only COMMIT, which waits for the disk, goes to
gevent's thread pool. The whole batch used to
run on the pool's thread, which needs the GIL back after every statement and, while the loop is busy, gets it
only once per switch interval (5 ms): in a burst a batch took 100-900 ms for under 1 ms of disk (measured with
py-spy and timings per batch, benchmarks/RESULTS.md, issue 22). COMMIT on the loop itself, as a Node server
with better-sqlite3 does it, measured no faster and stalls every phone while a busy disk flushes.

Each write runs inside its own savepoint (store functions use `store.writing`, which nests), so one failing
write is rolled back alone and its handler gets the exception; the others commit. No Flask here.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from .db import connect


class _Job:
    """One write waiting for the batch it lands in."""

    def __init__(self, function: Callable, args: tuple, done: Any):
        self.function, self.args, self.done = function, args, done
        self.result: Any = None
        self.error: BaseException | None = None


class Writer:
    """Runs `function(db, *args)` calls in batches; `call` returns once the call's batch has committed.

    `make_event` builds what a waiting caller blocks on, `spawn` starts the writer loop, `run_blocking` runs
    COMMIT where blocking is harmless and `pause` waits between two tries for the write lock: plain threads
    by default, gevent's primitives and its thread pool when the server runs on gevent (`for_gevent`).
    """

    MAX_BATCH = 500

    def __init__(self, path: str, make_event: Callable = threading.Event,
                 spawn: Callable = None, run_blocking: Callable = None, pause: Callable = time.sleep):
        self.path = path
        self.make_event = make_event
        self.pause = pause
        self.run_blocking = run_blocking or (lambda function, *args: function(*args))
        self.jobs: list[_Job] = []
        self.lock = threading.Lock()
        self.wake = make_event()
        self.db: Database | None = None
        self.batches = 0  # for tests and benchmarks: how many transactions carried the writes
        (spawn or _thread)(self._loop)

    @classmethod
    def for_gevent(cls, path: str) -> Writer:
        """A writer whose callers and loop are greenlets and whose batches run on gevent's thread pool."""
        import gevent
        import gevent.event

        pool = gevent.get_hub().threadpool
        return cls(path, make_event=gevent.event.Event, spawn=gevent.spawn,
                   run_blocking=lambda function, *args: pool.apply(function, args), pause=gevent.sleep)

    def call(self, function: Callable, *args: Any) -> Any:
        """Run function(db, *args) in the next batch; return its result after the batch committed."""
        job = _Job(function, args, self.make_event())
        with self.lock:
            self.jobs.append(job)
        self.wake.set()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result

    def _loop(self) -> None:
        while True:
            self.wake.wait()
            with self.lock:
                batch, self.jobs = self.jobs[: self.MAX_BATCH], self.jobs[self.MAX_BATCH:]
                if not self.jobs:
                    self.wake.clear()
            if batch:
                self._write(batch)
                for job in batch:
                    job.done.set()

    def _write(self, batch: list[_Job]) -> None:
        if self.db is None:
            # The connection runs one batch at a time: on the writer loop, its COMMIT on the pool.
            self.db = connect(self.path, check_same_thread=False)
            self.db.conn.execute("PRAGMA busy_timeout = 0")  # a locked database answers at once: see _begin
        conn = self.db.conn
        try:
            self._begin(conn)
            try:
                for job in batch:
                    try:  # store functions write in `writing`: a savepoint here, rolled back alone
                        job.result = job.function(self.db, *job.args)
                    except Exception as error:  # noqa: BLE001 - handed to the job's caller
                        job.error = error
                failed = self.run_blocking(_commit, conn)
                if failed is not None:
                    raise failed
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except Exception as error:  # noqa: BLE001 - BEGIN or COMMIT failed: nothing of the batch stored
            for job in batch:
                job.error = job.error or error
                job.result = None
        self.batches += 1

    BUSY_WAIT = 10.0  # seconds a batch waits at most for another process's write lock (SQLite's busy_timeout)
    BUSY_PAUSE = 0.0005  # seconds between two tries: a commit holds the lock for about a millisecond

    def _begin(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE; while another process holds the write lock, try again every BUSY_PAUSE.

        Not SQLite's own busy handler: it sleeps 1, 2, 5, 10 ms and longer between its tries, blocking, so
        it ran on the thread pool. With two processes on one database a tenth of the batches waited, 8 ms
        each on average, for locks held about a millisecond (measured, benchmarks/RESULTS.md, issue 22).
        """
        deadline = None
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                at = time.monotonic()
                deadline = deadline or at + self.BUSY_WAIT
                if at > deadline:
                    raise
                self.pause(self.BUSY_PAUSE)


def _commit(conn: sqlite3.Connection) -> sqlite3.Error | None:
    """COMMIT; a refusal (disk full) is returned, not raised: raised on gevent's pool it is also printed to
    stderr, which on a full disk can itself fail and leave the batch waiting forever (tests/e2e/test_disk_full)."""
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        return error
    return None


def _thread(target: Callable) -> None:
    threading.Thread(target=target, name="workshop-writer", daemon=True).start()
