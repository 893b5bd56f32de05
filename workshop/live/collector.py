"""CPython's cyclic garbage collector, kept from stalling a burst of answers (the gevent server).

Measured (benchmarks/RESULTS.md, T10a-c and T11a-c): with 2,000 phones connected a full collection
(generation 2) stops the whole process for 50-150 ms, longer as more phones join, and it runs whenever the
heap has grown by a quarter, so one often falls inside a burst of answers and every answer waiting meanwhile
is late by that much.

After every full collection the survivors are frozen (`gc.freeze`): later full collections look only at what
is newer and stay short. Frozen objects are never collected, so the frozen heap is unfrozen and collected as a
whole once it is due (every FULL_EVERY seconds) and the server has been quiet for QUIET seconds: that one long
pause falls where nobody is answering (and after FORCE_AFTER seconds in any case). No Flask here.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


class Collector:
    """Freezes what survives each full collection; collects everything at quiet moments (`tick`)."""

    FULL_EVERY = 600.0  # seconds between two whole-heap collections
    QUIET = 5.0  # seconds without answers or joins before a whole-heap collection may run
    FORCE_AFTER = 1800.0  # a server never quiet that long still collects, so frozen garbage cannot pile up

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.freeze_due = False
        self.last_full = clock()
        self.installed = False

    def install(self) -> None:
        """Start watching the collector (once per process) and freeze what start-up made."""
        if self.installed:
            return
        self.installed = True
        gc.callbacks.append(self._noticed)
        gc.freeze()

    def _noticed(self, phase: str, info: dict) -> None:
        # gc.freeze cannot run inside a collection: the next tick does it.
        if phase == "stop" and info["generation"] == 2:
            self.freeze_due = True

    def tick(self, quiet_for: float) -> str | None:
        """Called a few times a second; what it did ("freeze", "full") or None."""
        at = self.clock()
        since = at - self.last_full
        if (since >= self.FULL_EVERY and quiet_for >= self.QUIET) or since >= self.FORCE_AFTER:
            self.last_full = at
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.freeze_due = False
            return "full"
        if self.freeze_due:
            self.freeze_due = False
            gc.freeze()
            return "freeze"
        return None
