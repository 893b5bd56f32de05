"""Which phones are connected to a session now: in this process's memory, or in Redis across processes.

With several server processes behind one address (docs/scaling.md), each phone is connected to one of them;
the projector's "connected" count must add them up, so the processes keep the count in Redis. No Flask here.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import defaultdict


class MemoryPresence:
    """Connected sockets per session, for a single server process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sockets: dict[int, set[str]] = defaultdict(set)

    def connect(self, session_id: int, sid: str) -> None:
        """Count a socket as connected to a session."""
        with self.lock:
            self.sockets[session_id].add(sid)

    def disconnect(self, sid: str) -> list[int]:
        """Forget a socket; the sessions it was counted in."""
        with self.lock:
            left = [session_id for session_id, sids in self.sockets.items() if sid in sids]
            for session_id in left:
                self.sockets[session_id].discard(sid)
        return left

    def count(self, session_id: int) -> int:
        """How many sockets are connected to a session."""
        with self.lock:
            return len(self.sockets.get(session_id, ()))

    def heartbeat(self) -> None:
        """Nothing to refresh in memory."""


class RedisPresence:
    """Connected sockets per session in Redis, shared by every server process.

    Each process names its entries after itself and keeps a heartbeat key alive; entries of a process whose
    heartbeat expired (it crashed) are dropped when counting.
    """

    TTL = 30

    def __init__(self, url: str, prefix: str = "workshop") -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.prefix = prefix
        self.process = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.local: dict[str, int] = {}  # this process's sockets -> session id
        self.lock = threading.Lock()
        self.beaten = float("-inf")
        self.heartbeat()

    def _key(self, session_id: int) -> str:
        return f"{self.prefix}:presence:{session_id}"

    def _alive(self, process: str) -> str:
        return f"{self.prefix}:process:{process}"

    BEAT = 1.0  # seconds between two heartbeats; the results loop asks far more often

    def heartbeat(self) -> None:
        """Tell the other processes this one is alive (at most once per BEAT seconds)."""
        at = time.monotonic()
        if at - self.beaten < self.BEAT:
            return
        self.beaten = at
        self.redis.set(self._alive(self.process), 1, ex=self.TTL)

    def connect(self, session_id: int, sid: str) -> None:
        with self.lock:
            self.local[sid] = session_id
        self.redis.hset(self._key(session_id), f"{self.process}:{sid}", 1)

    def disconnect(self, sid: str) -> list[int]:
        with self.lock:
            session_id = self.local.pop(sid, None)
        if session_id is None:
            return []
        self.redis.hdel(self._key(session_id), f"{self.process}:{sid}")
        return [session_id]

    def count(self, session_id: int) -> int:
        fields = [f.decode() for f in self.redis.hkeys(self._key(session_id))]
        processes = sorted({f.split(":", 1)[0] for f in fields})
        alive = dict(zip(processes, self.redis.mget([self._alive(p) for p in processes]) if processes else []))
        dead = [f for f in fields if alive.get(f.split(":", 1)[0]) is None]
        if dead:
            self.redis.hdel(self._key(session_id), *dead)
        return len(fields) - len(dead)
