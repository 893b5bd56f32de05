"""Open facilitator sockets and the login each was opened with, closed when that login ends.

A login ends at logout, a new password or the account's removal (auth.py, accounts.py): the account's login
epoch goes up. Every facilitator event checks the epoch (Flask-Login loads the user per event); a socket that
only listens, such as a projector, is closed here: at once by the process that saw the logout, within a
second by every other process and after a change from the command line.

Access to one session ends the same way: a co-facilitator taken off a session (members.py), a colleague
taken off its study. Every event checks it anyway; a socket still watching that session leaves its rooms
and is told `access_ended`.
"""

from __future__ import annotations

import threading

from flask import current_app

from .. import store
from ..db import get_db
from .core import FACILITATOR, control_room, facilitator_room, socketio

SWEEP_SECONDS = 1.0


class Logins:
    """Facilitator sockets of this process: socket id -> (facilitator id, login epoch)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sockets: dict[str, tuple[int, int]] = {}
        self.watched: dict[str, dict[int, str]] = {}  # socket id -> the sessions it watches (id -> code)
        self.sweeping = False

    def opened(self, sid: str, facilitator_id: int, epoch: int) -> None:
        """Remember a facilitator socket and the login it was opened with."""
        with self.lock:
            self.sockets[sid] = (facilitator_id, epoch)

    def closed(self, sid: str) -> None:
        """Forget a socket."""
        with self.lock:
            self.sockets.pop(sid, None)
            self.watched.pop(sid, None)

    def watching(self, sid: str, session_id: int, code: str) -> None:
        """Remember that a socket watches a session (its rooms are left when access to it ends)."""
        with self.lock:
            if sid in self.sockets:
                self.watched.setdefault(sid, {})[session_id] = code

    def lost(self, db) -> list[tuple[str, int, str]]:
        """The (socket, session id, code) watched by an account that may no longer act on that session."""
        with self.lock:
            watched = {sid: dict(seen) for sid, seen in self.watched.items() if seen and sid in self.sockets}
            owners = {sid: self.sockets[sid][0] for sid in watched}
        gone = []
        for sid, seen in watched.items():
            kept = store.sessions_within_reach(db, owners[sid], sorted(seen))
            gone += [(sid, session_id, code) for session_id, code in seen.items() if session_id not in kept]
        return gone

    def forget(self, sid: str, session_id: int) -> None:
        """Forget that a socket watches a session."""
        with self.lock:
            self.watched.get(sid, {}).pop(session_id, None)

    def of(self, facilitator_id: int) -> list[str]:
        """The open sockets of one account."""
        with self.lock:
            return [sid for sid, (owner, _) in self.sockets.items() if owner == facilitator_id]

    def ended(self, db) -> list[str]:
        """The sockets whose login has ended since they opened (epoch raised, or account removed)."""
        with self.lock:
            sockets = dict(self.sockets)
        if not sockets:
            return []
        epochs = store.login_epochs(db, sorted({owner for owner, _ in sockets.values()}))
        return [sid for sid, (owner, epoch) in sockets.items() if epochs.get(owner) != epoch]


logins = Logins()


def close(sid: str) -> None:
    """Tell a facilitator socket its login ended, and close it."""
    socketio.emit("logged_out", {}, to=sid, namespace=FACILITATOR)
    socketio.server.disconnect(sid, namespace=FACILITATOR)
    logins.closed(sid)


def end_facilitator_sockets(facilitator_id: int) -> None:
    """Close every socket of an account in this process (after its logout)."""
    for sid in logins.of(facilitator_id):
        close(sid)


def close_ended() -> None:
    """Close the sockets of this process whose login has ended."""
    for sid in logins.ended(get_db()):
        close(sid)


def drop_lost_sessions() -> None:
    """Take sockets of this process out of the sessions their account may no longer act on, and tell them."""
    for sid, session_id, code in logins.lost(get_db()):
        for room in (facilitator_room(session_id), control_room(session_id)):
            socketio.server.leave_room(sid, room, namespace=FACILITATOR)
        socketio.emit("access_ended", {"code": code}, to=sid, namespace=FACILITATOR)
        logins.forget(sid, session_id)


def _sweep(app) -> None:
    while True:
        socketio.sleep(SWEEP_SECONDS)
        with app.app_context():
            try:
                close_ended()
                drop_lost_sessions()
            except Exception:  # keep sweeping; each event checks the login anyway
                app.logger.exception("closing ended facilitator sockets failed")


def ensure_sweeping() -> None:
    """Start the once-a-second sweep once per process (not in tests, which call close_ended themselves)."""
    if logins.sweeping or not current_app.config.get("RESULTS_LOOP", True):
        return
    with logins.lock:
        if logins.sweeping:
            return
        logins.sweeping = True
    socketio.start_background_task(_sweep, current_app._get_current_object())
