"""One writer for answers under load: many handlers' writes grouped into one transaction, off the event loop.

With synchronous=FULL every commit waits for the disk. A thousand phones answering within two seconds would
mean a thousand disk flushes, each stalling gevent's event loop. Instead, handlers hand their write to this
writer and wait; the writer takes everything queued, runs it in one transaction on a real OS thread, commits
once, and only then wakes each waiting handler with its result. No answer is acknowledged before its commit.

Each write runs inside its own savepoint (store functions use `store.writing`, which nests), so one failing
write is rolled back alone and its handler gets the exception; the others commit. No Flask here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from .db import connect
from .store import writing


class _Job:
    """One write waiting for the batch it lands in."""

    def __init__(self, function: Callable, args: tuple, done: Any):
        self.function, self.args, self.done = function, args, done
        self.result: Any = None
        self.error: BaseException | None = None


class Writer:
    """Runs `function(db, *args)` calls in batches; `call` returns once the call's batch has committed.

    `make_event` builds what a waiting caller blocks on, `spawn` starts the writer loop, `run_blocking` runs
    a batch where blocking is harmless: plain threads by default, gevent's primitives and its thread pool
    when the server runs on gevent (`for_gevent`).
    """

    MAX_BATCH = 500

    def __init__(self, path: str, make_event: Callable = threading.Event,
                 spawn: Callable = None, run_blocking: Callable = None):
        self.path = path
        self.make_event = make_event
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
                   run_blocking=lambda function, *args: pool.apply(function, args))

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
                self.run_blocking(self._write, batch)
                for job in batch:
                    job.done.set()

    def _write(self, batch: list[_Job]) -> None:
        if self.db is None:
            # Opened here, on the thread that writes: the connection only ever runs one batch at a time.
            self.db = connect(self.path, check_same_thread=False)
        try:
            with writing(self.db):
                for job in batch:
                    try:
                        job.result = job.function(self.db, *job.args)
                    except Exception as error:  # this write is rolled back alone (its savepoint)
                        job.error = error
        except Exception as error:  # the commit itself failed: nothing of the batch is stored
            for job in batch:
                job.error = job.error or error
        self.batches += 1


def _thread(target: Callable) -> None:
    threading.Thread(target=target, name="workshop-writer", daemon=True).start()
