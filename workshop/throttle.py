"""Counting failures per key in a moving time window: wrong passwords, wrong join codes. No Flask here.

In memory for one server process; in Redis when several processes share one (docs/scaling.md), so a guesser
cannot spread tries over the processes.
"""

from __future__ import annotations

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


class Throttle:
    """Failures counted per key; `allows` says whether a key has any left under a rule ('10 per 15 minutes')."""

    def __init__(self, storage_uri: str = "memory://"):
        self.storage = storage_from_string(storage_uri)
        self.window = MovingWindowRateLimiter(self.storage)

    @classmethod
    def for_queue(cls, message_queue: str | None) -> Throttle:
        """Counted in the Redis server the processes share, or in this process's memory."""
        if message_queue and message_queue.startswith(("redis://", "rediss://")):
            return cls(message_queue)
        return cls()

    def allows(self, rule: str, *key: str) -> bool:
        """Whether `key` has failures left under `rule` (nothing is counted)."""
        return self.window.test(parse(rule), "workshop", *key)

    def fail(self, rule: str, *key: str) -> None:
        """Count one failure for `key`."""
        self.window.hit(parse(rule), "workshop", *key)

    # Wrong join codes per client address, over pages and sockets: a venue's phones behind one address make
    # far fewer typos; a guesser gets 0.1 tries a second (docs/security.md has the arithmetic).
    WRONG_CODES_COUNT = 60
    WRONG_CODES = f"{WRONG_CODES_COUNT} per 10 minutes"

    def may_try_codes(self, address: str) -> bool:
        """Whether a client address may still look a join code up."""
        return self.allows(self.WRONG_CODES, "code", address)

    def wrong_code(self, address: str) -> None:
        """Count a join code that matched no session."""
        self.fail(self.WRONG_CODES, "code", address)

    def reset(self) -> None:
        """Forget every count (tests)."""
        self.storage.reset()
