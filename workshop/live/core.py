"""What every handler module shares: the SocketIO object, rooms, payload checks, the coalescing loop.

Two namespaces (docs/protocol.md): `/participant` for phones, `/facilitator` for the projector and control
views of logged-in facilitators. Participants are in room `p:<session id>`, facilitators in `f:<session id>`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import traceback
from typing import Any

from engineio import json as engineio_json
from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from flask_socketio import SocketIO

from .. import accounts, sessions, store
from ..db import close_db, get_db
from ..i18n import translate
from ..i18n_marker import N_, Message
from ..interactions import kind_of
from ..presence import MemoryPresence
from .collector import Collector

try:
    import orjson
except ImportError:  # a virtualenv made before orjson was a dependency (pyproject.toml): the standard encoder
    orjson = None

socketio = SocketIO()
log = logging.getLogger(__name__)

PARTICIPANT = "/participant"
FACILITATOR = "/facilitator"
SOCKET_PATH = "/socket.io"


def participant_room(session_id: int) -> str:
    """The room every phone of a session is in."""
    return f"p:{session_id}"


def facilitator_room(session_id: int) -> str:
    """The room of a session's projector and control views."""
    return f"f:{session_id}"


def control_room(session_id: int) -> str:
    """The room of a session's control views only: the moderation queue never goes to a projector."""
    return f"c:{session_id}"


def fail(message: str) -> dict:
    """The ack of a refused request."""
    return {"ok": False, "error": message}


# A write the database refused (full disk, read-only file): the phone keeps the answer and sends it again.
NOT_SAVED = N_("Niet opgeslagen, probeer het opnieuw.")
# A request that failed for a reason of the server's own (a bug): logged, without anything the payload held.
FAILED = N_("Dat lukte niet, probeer het opnieuw.")
# SQLite's integers: a larger id names nothing, and Python's sqlite3 cannot even send it (OverflowError).
INT64 = (-(2**63), 2**63 - 1)


class Refused(Message):
    """A request refused with a message for the sender's ack (translated there; see i18n_marker.Message)."""

    @classmethod
    def because(cls, error: Exception) -> Refused:
        """Refuse with a domain error's message, keeping the template and values of a Message (InvalidAnswer)."""
        if isinstance(error, Message):
            return cls(error.template, **error.params)
        return cls(str(error))


class SocketSessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session, not decoded again for every socket event.

    Flask-SocketIO runs each event in a request context, for which Flask decodes the session cookie, and then
    swaps in the socket's own session: a copy of the cookie session made at its first event and kept in the
    socket's environ (`saved_session`). From then on the decoded cookie is thrown away unread, so it is not
    decoded at all.
    """

    def open_session(self, app, request):
        if "saved_session" in request.environ:
            return self.session_class()
        return super().open_session(app, request)


class SocketAwareFlask(Flask):
    """Flask, without URL routing for the request context Flask-SocketIO makes around every socket event.

    That context is built from the socket's handshake (path /socket.io/), which no route matches: binding the
    URL map, matching and raising NotFound for it cost about a fifth of the server's CPU per answer in a burst
    (profiled, benchmarks/RESULTS.md, issue 22). Socket handlers build no URLs and read no view arguments.
    """

    def create_url_adapter(self, request):
        if request is not None and request.environ.get("PATH_INFO", "").startswith(SOCKET_PATH):
            return None
        return super().create_url_adapter(request)


class FastJSON:
    """The JSON of Socket.IO packets: orjson's encoder (a tenth of the standard one's time for an ack), the
    standard decoder built once with Engine.IO's limit on integer digits (a new one was built per packet)."""

    _decoder = json.JSONDecoder(parse_int=engineio_json._safe_int)

    @staticmethod
    def dumps(data, **_options) -> str:
        if orjson is not None:
            try:
                return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode()
            except TypeError:  # what orjson cannot write (an integer beyond 64 bits) the standard encoder can
                pass
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def loads(cls, text, **_options):
        return cls._decoder.decode(text.decode() if isinstance(text, bytes) else text)


# Connected phones and pending result updates ------------------------------------------------------------


class LiveState:
    """What this process tracks: connected phones (presence.py), results waiting to be sent, rate buckets."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.presence = MemoryPresence()  # RedisPresence when several processes share a message queue
        self.changed: set[int] = set()  # sessions whose presenter view is out of date
        self.sent: dict[int, float] = {}  # session id -> when its last presenter view was sent
        self.phones_sent: dict[int, float] = {}  # session id -> when its phones last got fresh counts
        self.phones_changed: set[int] = set()  # sessions whose phones show counts that are out of date
        self.loop_started = False
        self.buckets: dict[str, tuple[float, float]] = {}  # socket id -> (tokens, last refill)
        self.clock = time.monotonic
        self.last_change = self.clock()  # the last answer, vote, join or leave: how long the server is quiet

    # A phone may send RATE events a second, in bursts of up to BURST: plenty for a person, not for a script.
    RATE, BURST = 5.0, 20.0

    def allow(self, sid: str) -> bool:
        """Take one token from a socket's bucket; False when it is empty."""
        with self.lock:
            at = self.clock()
            tokens, last = self.buckets.get(sid, (self.BURST, at))
            tokens = min(self.BURST, tokens + (at - last) * self.RATE)
            if tokens < 1:
                self.buckets[sid] = (tokens, at)
                return False
            self.buckets[sid] = (tokens - 1, at)
            return True

    def mark_changed(self, session_id: int) -> None:
        """Note that a session's projector needs a fresh result; sent by the next flush."""
        with self.lock:
            self.changed.add(session_id)
            self.last_change = self.clock()

    def mark_phones_changed(self, session_id: int) -> None:
        """Note that a session's phones show counts (Q&A upvotes) that need refreshing."""
        with self.lock:
            self.phones_changed.add(session_id)
            self.last_change = self.clock()

    def take_changed(self, gap: float = 0.0) -> tuple[set[int], set[int]]:
        """The sessions marked since the last call: (presenter views, phone views).

        With a gap, a session whose view went out less than `gap` seconds ago stays marked for a later call:
        the first change after a quiet spell goes out on the next tick, a stream of changes at most once per
        gap (for the projector and, separately, for the phones).
        """
        with self.lock:
            at = self.clock()
            presenter = self._due(self.changed, self.sent, at, gap)
            return presenter, self._due(self.phones_changed, self.phones_sent, at, gap)

    @staticmethod
    def _due(marked: set[int], sent: dict[int, float], at: float, gap: float) -> set[int]:
        due = {s for s in marked if at - sent.get(s, float("-inf")) >= gap}
        marked -= due
        for session_id in due:
            sent[session_id] = at
        return due

    def connect(self, session_id: int, sid: str) -> None:
        """Count a phone as connected to a session."""
        self.presence.connect(session_id, sid)
        self.mark_changed(session_id)

    def disconnect(self, sid: str) -> None:
        """Forget a phone's connection and its rate bucket."""
        with self.lock:
            self.buckets.pop(sid, None)
        for session_id in self.presence.disconnect(sid):
            self.mark_changed(session_id)

    def count(self, session_id: int) -> int:
        """How many phones are connected to a session (over all server processes)."""
        return self.presence.count(session_id)


live = LiveState()
collector = Collector()


def close_expired_questions() -> None:
    """Close questions whose countdown ran out and tell their phones and projectors."""
    db = get_db()
    for session_id in {session_id for session_id, _ in store.close_expired(db)}:
        broadcast_state(store.session_by_id(db, session_id))


def flush_results(gap: float = 0.0) -> None:
    """Send each changed session's presenter view to its facilitators, at most once per `gap` seconds."""
    db = get_db()
    changed, phones = live.take_changed(gap)
    for session_id in changed:
        row = store.session_by_id(db, session_id)
        if row is not None:
            view = sessions.presenter_view(db, row, live.count(session_id))
            socketio.emit("results", view, to=facilitator_room(session_id), namespace=FACILITATOR)
    for session_id in phones:
        row = store.session_by_id(db, session_id)
        if row is not None:
            socketio.emit("state", sessions.participant_view(db, row), to=participant_room(session_id),
                          namespace=PARTICIPANT)


# Seconds between two looks at which sessions need a fresh presenter view: a view that falls due waits up to
# this long on top of the interval (issue 22: vote-to-projector p95 within 150 ms at a 0.1 s interval).
RESULTS_TICK = 0.02


def _results_loop(app) -> None:
    # A session's projector gets at most one view per RESULTS_INTERVAL; the loop ticks more often, so a
    # view is not held back by up to a whole interval after a quiet spell (vote-to-projector latency).
    interval = app.config["RESULTS_INTERVAL"]
    tick = min(interval, RESULTS_TICK)
    while True:
        socketio.sleep(tick)
        with app.app_context():
            try:
                live.presence.heartbeat()
                close_expired_questions()
                flush_results(gap=interval)
                collector.tick(quiet_for=live.clock() - live.last_change)
            except Exception:  # keep the loop alive; the next change sends a fresh view anyway
                app.logger.exception("sending results failed")


def ensure_results_loop() -> None:
    """Start the coalescing loop once per process (not in tests, which call flush_results themselves)."""
    if live.loop_started or not current_app.config.get("RESULTS_LOOP", True):
        return
    with live.lock:
        if live.loop_started:
            return
        live.loop_started = True
    collector.install()
    socketio.start_background_task(_results_loop, current_app._get_current_object())


# Helpers -----------------------------------------------------------------------------------------------


def write(function, *args):
    """Run a store write: through the batching writer when the server has one (gevent), else directly."""
    writer = current_app.extensions.get("workshop.writer")
    if writer is None:
        return function(get_db(), *args)
    # The event's pooled connection goes back while it waits for the batch: in a burst a thousand events wait
    # at once, and each held its own, so the pool ran dry and every answer opened (and closed) a connection
    # (a quarter of a millisecond each: the largest cost per answer in the profile, benchmarks/RESULTS.md).
    close_db()
    return writer.call(function, *args)


def fields(data: Any, optional: dict[str, type | None] | None = None, **required: type) -> dict:
    """Check an event payload: an object with the required fields, maybe the optional ones, nothing else.

    An optional field typed None may hold any JSON value (an answer; its kind checks it).
    """
    optional = optional or {}
    if not isinstance(data, dict):
        raise Refused("payload must be an object")
    unknown = set(data) - set(required) - set(optional)
    if unknown:
        raise Refused(f"unknown field '{sorted(unknown)[0]}'")
    for name, kind in [*required.items(), *((n, k) for n, k in optional.items() if n in data)]:
        value = data.get(name)
        if kind is not None and (not isinstance(value, kind) or isinstance(value, bool) and kind is not bool):
            raise Refused(f"field '{name}' is missing or not a {kind.__name__}")
        if kind is int and not INT64[0] <= value <= INT64[1]:
            raise Refused(f"field '{name}' is out of range")
    return data


def session_by_code(code: str) -> dict:
    row = store.session_by_code(get_db(), sessions.normalise_code(code))
    if row is None:
        raise Refused("unknown session code")
    return row


def acting_on(session_id: int) -> None:
    """Note which session this event is about: a failed write there is shown on its control views."""
    g.live_session_id = session_id


def storage_failed(event: str, error: sqlite3.Error) -> dict:
    """The ack of a write the database refused; the session's control views show a banner ("storage")."""
    # SQLite's own words ("database or disk is full"); never a value, as every query binds its values.
    log.error("%s: the database refused a write: %s", event, error)
    session_id = g.get("live_session_id")
    if session_id is not None:
        socketio.emit("storage", {"ok": False, "at": time.time()}, to=control_room(session_id),
                      namespace=FACILITATOR)
    return {**fail(translate(NOT_SAVED)), "retry": True}


def handler(function):
    """Answer every event with an ack, whatever its payload: Refused and failures become an error ack.

    Phones are rate-limited. An event with more than one argument is refused. Nothing of a payload reaches
    the log: a failure is logged with its event, its type and where it happened, not with its message.
    """

    def wrapper(data=None, *extra):
        if request.namespace == PARTICIPANT and not live.allow(request.sid):
            return fail(translate(N_("Te veel verzoeken tegelijk. Wacht even en probeer het opnieuw.")))
        try:
            if extra:
                raise Refused("an event carries one payload")
            return function(data)
        except Refused as refused:
            return fail(translate(refused))
        except sqlite3.Error as error:
            return storage_failed(function.__name__, error)
        except Exception as error:  # noqa: BLE001 - a bug: the sender gets an ack, the log its place
            where = "".join(traceback.format_tb(error.__traceback__))
            log.error("%s failed with %s at\n%s", function.__name__, type(error).__name__, where)
            return fail(translate(FAILED))

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def needs(deck, me: dict) -> list[str]:
    needs = []
    if deck.consent and not me["consented_at"]:
        needs.append("consent")
    if deck.profile and me["profile"] is None:
        needs.append("profile")
    return needs


def joined_session(ready: bool = True) -> tuple[dict, int]:
    """The session and participant of this socket; with ready, only once consent and profile are given."""
    who = session.get("participant")
    if not who:
        raise Refused("join a session first")
    acting_on(who["session_id"])
    row = store.session_by_id(get_db(), who["session_id"])
    # Consent and profile, once given, stay given: a socket that was ready once is not asked again.
    if ready and not who.get("ready"):
        if needs(sessions.deck_of(row), store.participant(get_db(), who["participant_id"])):
            raise Refused(N_("Geef eerst toestemming en beantwoord de vragen over jezelf."))
        who["ready"] = True
    return row, who["participant_id"]


def board_question(row: dict, question_id: Any):
    question = sessions.deck_of(row).question(question_id) if isinstance(question_id, str) else None
    if question is None or kind_of(question).collects != "submissions" and not kind_of(question).curates:
        raise Refused("unknown question")
    return sessions.asked(get_db(), row, question)


def facilitated_session(data, optional: dict | None = None, **types: type) -> tuple[dict, dict]:
    if not current_user.is_authenticated:
        raise Refused("log in as a facilitator first")
    data = fields(data, optional, code=str, **types)
    row = session_by_code(data["code"])
    if not accounts.may_act(get_db(), current_user.id, row):
        raise Refused("unknown session code")  # the same answer as for a code that does not exist
    acting_on(row["id"])
    return row, data


ENDED = N_("Deze sessie is beëindigd; heropen haar eerst.")


def running(row: dict) -> None:
    """Refuse what would set an ended session's phones answering again (open, reset, self-paced); reading,
    notes and moderation stay possible after the end."""
    if row["state"] == "ended":
        raise Refused(ENDED)


def broadcast_state(row: dict) -> dict:
    """After a facilitator's change: phones get the new question state, facilitators the new view."""
    db = get_db()
    row = store.session_by_id(db, row["id"])
    socketio.emit("state", sessions.participant_view(db, row), to=participant_room(row["id"]),
                  namespace=PARTICIPANT)
    view = sessions.presenter_view(db, row, live.count(row["id"]))
    socketio.emit("state", view, to=facilitator_room(row["id"]), namespace=FACILITATOR)
    return view


def send_moderation(row: dict) -> None:
    socketio.emit("moderation", sessions.moderation_view(get_db(), row), to=control_room(row["id"]),
                  namespace=FACILITATOR)


def facilitated_question(data, optional: dict | None = None, **types: type) -> tuple[dict, dict, Any]:
    """A facilitator's request about one question of a session: (session row, checked payload, question)."""
    row, data = facilitated_session(data, optional, question_id=str, **types)
    question = sessions.deck_of(row).question(data["question_id"])
    if question is None:
        raise Refused("unknown question")
    return row, data, question
