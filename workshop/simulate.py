"""Simulated phones (and a projector) that follow docs/protocol.md: rehearsals and the load benchmark.

`Swarm` runs N phones as python-socketio AsyncClients over websockets in one asyncio loop. Each phone joins
with a random 32-hex token, gives consent and a random profile when the join ack `needs` it, follows `state`
and answers every open question after a random delay with a valid random answer for its kind (statements and
Q&A: votes on the `items`). Every answer carries an `answer_id`; a phone that drops its connection rejoins
with the same token and resends what was not acknowledged with the same `answer_id`, so nothing counts twice.
Every answer is recorded: send time, ack time, ok or the refusal.

Used by `workshop simulate` (a facilitator's rehearsal) and by benchmarks/load.py. Needs the asyncio client
of python-socketio (`python-socketio[asyncio_client]`, which brings aiohttp); the server never imports this.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import re
import signal
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import socketio

PARTICIPANT = "/participant"
FACILITATOR = "/facilitator"


class _QuietClose(logging.Filter):
    """Drop the engine.io client's error for a transport it closes itself; the swarm counts the disconnects."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "packet queue is empty" not in record.getMessage()


logging.getLogger("engineio.client").addFilter(_QuietClose())

# What a client call can fail with: refused (RuntimeError below), timed out, or no connection.
CLIENT_ERRORS = (socketio.exceptions.SocketIOError, RuntimeError, OSError, TimeoutError)

# Short Dutch texts no privacy rule flags (no digits, addresses or names): open answers and word-cloud words.
TEXTS = (
    "Korte lijnen tussen wijkagent en wijkteam",
    "Samen optrekken bij een crisis",
    "Elkaars taken beter kennen",
    "Meer tijd voor overleg",
    "Informatie sneller delen",
    "Een vast aanspreekpunt in de wijk",
    "Duidelijke afspraken over de regie",
)
WORDS = ("samenwerking", "vertrouwen", "korte lijnen", "overleg", "regie", "informatie", "bereikbaar",
         "duidelijkheid", "respect", "tijd", "kennis", "netwerk", "nazorg", "veiligheid")


# Random valid answers, one function per kind ------------------------------------------------------------


def _choice(settings: dict, rng: random.Random) -> list[int]:
    count = len(settings["options"])
    if settings.get("multiple"):
        return sorted(rng.sample(range(count), rng.randint(1, settings.get("max", count))))
    return [rng.randrange(count)]


def _scale(settings: dict, rng: random.Random) -> list[int]:
    return [rng.randint(settings["min"], settings["max"]) for _ in settings["items"]]


def _open(settings: dict, rng: random.Random) -> list[str]:
    texts = rng.sample(TEXTS, rng.randint(1, min(settings["answers"], len(TEXTS))))
    return [text[: settings["max_length"]].strip() for text in texts]


def _wordcloud(settings: dict, rng: random.Random) -> list[str]:
    fitting = [word for word in WORDS if len(word) <= settings["max_length"]]
    return rng.sample(fitting, rng.randint(1, settings["words"]))


def _ranking(settings: dict, rng: random.Random) -> list[int]:
    return rng.sample(range(len(settings["items"])), len(settings["items"]))


def _points(settings: dict, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, settings["total"]) for _ in range(len(settings["items"]) - 1))
    bounds = [0, *cuts, settings["total"]]
    return [high - low for low, high in pairwise(bounds)]


def _roles(settings: dict, rng: random.Random) -> list[Any]:
    columns = len(settings["columns"])
    if settings.get("multiple"):
        return [sorted(rng.sample(range(columns), rng.randint(1, settings.get("max", columns))))
                for _ in settings["rows"]]
    return [rng.randrange(columns) for _ in settings["rows"]]


def _grid(settings: dict, rng: random.Random) -> list[list[int] | None]:
    """A place on both scales for each item; now and then an item left out, never all of them."""
    x, y = settings["x"], settings["y"]
    places = [None if rng.random() < 0.1 else [rng.randint(x["min"], x["max"]), rng.randint(y["min"], y["max"])]
              for _ in settings["items"]]
    if all(place is None for place in places):
        places[0] = [x["min"], y["max"]]
    return places


def _ideas(settings: dict, rng: random.Random) -> Any:
    """A vote on the ideas as the kind it is cast as; None while ideas are still collected (phones send them)."""
    if settings.get("phase") != "vote":
        return None
    return ANSWERS[settings["vote"]](settings["voted_as"], rng)


ANSWERS: dict[str, Callable[[dict, random.Random], Any]] = {
    "choice": _choice, "scale": _scale, "open": _open, "wordcloud": _wordcloud, "ranking": _ranking,
    "points": _points, "roles": _roles, "grid": _grid, "ideas": _ideas,
}


def _statement_votes(items: list[dict], rng: random.Random) -> list[tuple[int, str]]:
    chosen = rng.sample(items, min(len(items), 8))
    return [(item["id"], rng.choice(("agree", "disagree", "pass"))) for item in chosen]


def _qa_votes(items: list[dict], rng: random.Random) -> list[tuple[int, str]]:
    return [(item["id"], "up") for item in rng.sample(items, min(len(items), rng.randint(1, 3)))]


# Boards are answered with votes on their items, not with `respond`.
VOTES: dict[str, Callable[[list[dict], random.Random], list[tuple[int, str]]]] = {
    "statements": _statement_votes, "qa": _qa_votes,
}


def random_answer(question: dict, rng: random.Random) -> Any:
    """A valid random `respond` value for a question as phones receive it (id, kind, text, settings)."""
    return ANSWERS[question["kind"]](question["settings"], rng)


def open_entries(state: dict | None) -> list[dict]:
    """The question entries of a phone's `state` that are open now (presenter mode or a self-paced block)."""
    if not state:
        return []
    entries = state.get("questions") if state.get("mode") == "self" else [state]
    return [e for e in entries or [] if e.get("question") and e.get("status") == "open"]


# What is recorded ---------------------------------------------------------------------------------------


@dataclass
class JoinRecord:
    """One phone's way in: connect, `join` (and `profile` when needed)."""

    phone: int
    started: float
    joined: float | None = None
    error: str | None = None


@dataclass
class AnswerRecord:
    """One answer (or vote) as a phone sent it, and its acknowledgement."""

    phone: int
    question_id: str
    event: str  # "respond" or "vote"
    payload: dict
    first: bool  # the phone's first answer to this question (not a change, not a vote)
    sent: float  # when first sent
    last_sent: float = 0.0
    acked: float | None = None
    ok: bool | None = None
    error: str | None = None
    ack: dict | None = None
    attempts: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def answer_id(self) -> str:
        return self.payload.get("answer_id") or f"vote-{id(self)}"

    @property
    def latency(self) -> float | None:
        """Seconds from the last send to the ack."""
        return None if self.acked is None else self.acked - self.last_sent


@dataclass
class Behaviour:
    """How phones answer a question that opens; read when a phone first sees the question open."""

    spread: float = 2.0  # answers are spread uniformly over this many seconds after the question opens
    answer_share: float = 1.0  # share of the phones that answer
    change_share: float = 0.0  # share of the answering phones that change their answer once acknowledged
    reconnect_share: float = 0.0  # share of the answering phones that drop right after sending, then rejoin


@dataclass(frozen=True)
class Role:
    answers: bool = False
    changes: bool = False
    reconnects: bool = False


def percentiles(values: list[float]) -> dict[str, Any]:
    """n, p50, p95, p99 and max of durations in seconds, as milliseconds (nearest rank); empty: only n."""
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    return {"n": len(ordered), **{f"p{p}": round(rank(p) * 1000, 1) for p in (50, 95, 99)},
            "max": round(ordered[-1] * 1000, 1)}


# Phones -------------------------------------------------------------------------------------------------


class Phone:
    """One simulated participant: a socket, a device token, and the answers it sent."""

    def __init__(self, swarm: Swarm, number: int, rng: random.Random):
        self.swarm, self.number, self.rng = swarm, number, rng
        self.token = f"{rng.getrandbits(128):032x}"
        self.client = socketio.AsyncClient(reconnection_attempts=5, handle_sigint=False,
                                           request_timeout=swarm.timeout)
        self.client.on("connect", self._on_connect, namespace=PARTICIPANT)
        self.client.on("disconnect", self._on_disconnect, namespace=PARTICIPANT)
        self.client.on("state", self._on_state, namespace=PARTICIPANT)
        self.client.on("reset", self._on_reset, namespace=PARTICIPANT)
        # a question asked again (a new round) is answered again, as after a reset
        self.client.on("round", self._on_reset, namespace=PARTICIPANT)
        self.join_record: JoinRecord | None = None
        self.ready = False  # joined, consent and profile given: may answer
        self.joined_once = False
        self.state: dict | None = None
        self.state_events = 0
        self.seen: set[str] = set()  # questions this phone has decided about
        self.stored: dict[str, Any] = {}  # its own answers as the last join ack listed them
        self.pending: dict[str, AnswerRecord] = {}  # sent, not acknowledged: resent after a rejoin
        self.drops = 0
        self.rejoins = 0
        self.tasks: dict[asyncio.Task, str | None] = {}  # running task -> the question it answers, if any

    @property
    def url(self) -> str:
        """The server address this phone always connects to."""
        return self.swarm.urls[self.number % len(self.swarm.urls)]

    async def start(self) -> bool:
        """Connect and join; False (with the reason in join_record) when either fails."""
        self.join_record = JoinRecord(self.number, time.monotonic())
        try:
            await self.client.connect(self.url, transports=["websocket"], namespaces=[PARTICIPANT],
                                      wait_timeout=self.swarm.timeout)
            await self._join()
        except CLIENT_ERRORS as error:  # a refused join, a timeout, a connection error: all count as failed
            self.join_record.error = f"{type(error).__name__}: {error}"[:200]
            return False
        self.join_record.joined = time.monotonic()
        return True

    async def _call(self, event: str, payload: dict) -> dict:
        ack = await self.client.call(event, payload, namespace=PARTICIPANT, timeout=self.swarm.timeout)
        if not isinstance(ack, dict) or not ack.get("ok"):
            raise RuntimeError(f"{event} refused: {ack.get('error') if isinstance(ack, dict) else ack}")
        return ack

    async def _join(self) -> None:
        events = self.state_events
        ack = await self._call("join", {"code": self.swarm.code, "token": self.token})
        if self.state_events == events:  # no `state` came while joining: the ack's is the latest
            self.state = ack.get("state")
        needs = ack.get("needs") or []
        if needs:
            payload: dict[str, Any] = {}
            profile = ack["session"].get("profile") or []
            if profile:
                payload["answers"] = {p["id"]: self.rng.randrange(len(p["options"])) for p in profile}
            if "consent" in needs:
                payload["consent"] = True
            await self._call("profile", payload)
        self.stored = ack.get("answers") or {}
        self.joined_once = self.ready = True
        for record in list(self.pending.values()):
            await self._send(record)
        self._follow(self.state)

    async def _on_connect(self) -> None:
        if self.joined_once:  # back after a drop or a reconnection: join again, resend what is pending
            self._spawn(self._rejoin())

    async def _on_disconnect(self, reason: Any = None) -> None:
        if self.ready and not self.swarm.stopping:  # not one this phone chose: the server or the transport's
            self.swarm.disconnects[str(reason)] += 1
        self.ready = False

    async def _rejoin(self) -> None:
        try:
            await self._join()
            self.rejoins += 1
        except CLIENT_ERRORS as error:
            self.swarm.rejoin_errors[f"{type(error).__name__}: {error}"[:200]] += 1

    async def _on_state(self, state: dict) -> None:
        self.state = state
        self.state_events += 1
        if self.ready:
            self._follow(state)

    async def _on_reset(self, data: dict) -> None:
        question_id = data.get("question_id") if isinstance(data, dict) else None
        self.seen.discard(question_id)
        self.stored.pop(question_id, None)

    def _spawn(self, coroutine, question_id: str | None = None) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks[task] = question_id
        task.add_done_callback(lambda done: self.tasks.pop(done, None))

    def _follow(self, state: dict | None) -> None:
        for entry in open_entries(state):
            question_id = entry["question"]["id"]
            if question_id in self.seen:
                continue
            self.seen.add(question_id)
            role = self.swarm.role(question_id, self.number)
            if role.answers and question_id not in self.stored:
                self._spawn(self._answer(question_id, role), question_id)

    def _entry(self, question_id: str) -> dict | None:
        """The question's entry in the latest state, if it is still open."""
        return next((e for e in open_entries(self.state) if e["question"]["id"] == question_id), None)

    async def _answer(self, question_id: str, role: Role) -> None:
        behaviour = self.swarm.behaviour
        await asyncio.sleep(self.rng.uniform(0, behaviour.spread))
        entry = self._entry(question_id)
        if entry is None or self.swarm.stopping:
            return
        question = entry["question"]
        if question["kind"] in VOTES:
            for submission_id, vote in VOTES[question["kind"]](entry.get("items") or [], self.rng):
                await self._send(self._record("vote", question_id, {"submission_id": submission_id, "vote": vote},
                                              first=False))
            return
        if question["kind"] == "ideas" and question["settings"].get("phase") != "vote":
            text = self.rng.choice(TEXTS)[: question["settings"]["max_length"]].strip()
            await self._send(self._record("submit", question_id, {"question_id": question_id, "text": text},
                                          first=False))
            return
        first = self._record("respond", question_id, self._respond(question), first=True)
        await self._send(first)
        if role.reconnects:
            await self._drop_and_return()
        if role.changes:
            try:
                await asyncio.wait_for(first.done.wait(), self.swarm.timeout)
            except TimeoutError:
                return
            await asyncio.sleep(self.rng.uniform(0, behaviour.spread))
            if first.ok and self._entry(question_id) is not None and not self.swarm.stopping:
                await self._send(self._record("respond", question_id, self._respond(question), first=False))

    def _respond(self, question: dict) -> dict:
        return {"question_id": question["id"], "value": random_answer(question, self.rng),
                "answer_id": uuid.UUID(int=self.rng.getrandbits(128)).hex}

    def _record(self, event: str, question_id: str, payload: dict, first: bool) -> AnswerRecord:
        record = AnswerRecord(self.number, question_id, event, payload, first, sent=time.monotonic())
        self.swarm.answers.append(record)
        return record

    async def _send(self, record: AnswerRecord) -> None:
        record.attempts += 1
        record.last_sent = time.monotonic()
        self.pending[record.answer_id] = record
        with contextlib.suppress(*CLIENT_ERRORS):  # not connected: stays pending, goes again after the rejoin
            await self.client.emit(record.event, record.payload, namespace=PARTICIPANT,
                                   callback=lambda ack=None: self._acked(record, ack))

    def _acked(self, record: AnswerRecord, ack: Any) -> None:
        if record.acked is not None:
            return
        record.acked = time.monotonic()
        record.ack = ack if isinstance(ack, dict) else {"ok": False, "error": repr(ack)}
        record.ok = bool(record.ack.get("ok"))
        record.error = None if record.ok else str(record.ack.get("error"))
        self.pending.pop(record.answer_id, None)
        record.done.set()
        self.swarm.acked(record)

    async def _drop_and_return(self) -> None:
        """Lose the connection right after sending (the ack is lost), come back, rejoin and resend."""
        self.ready = False
        self.drops += 1
        await self.client.disconnect()
        await asyncio.sleep(self.rng.uniform(0.2, 1.0))
        try:
            await self.client.connect(self.url, transports=["websocket"], namespaces=[PARTICIPANT],
                                      wait_timeout=self.swarm.timeout)
        except CLIENT_ERRORS as error:
            self.swarm.rejoin_errors[f"{type(error).__name__}: {error}"[:200]] += 1

    async def stop(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        with contextlib.suppress(*CLIENT_ERRORS):
            await self.client.disconnect()


class Swarm:
    """N phones in one session: join them, let them answer as questions open, report what happened."""

    def __init__(self, url: str | list[str], code: str, participants: int, behaviour: Behaviour | None = None,
                 seed: int | None = None, timeout: float = 30.0):
        # Several addresses: server processes sharing one session (docs/scaling.md); phone k uses address
        # k mod n, as a sticky load balancer would spread them.
        self.urls = [u.rstrip("/") for u in ([url] if isinstance(url, str) else url)]
        self.url, self.code, self.timeout = self.urls[0], code, timeout
        self.behaviour = behaviour or Behaviour()
        self.seed = random.randrange(2**32) if seed is None else seed
        rng = random.Random(self.seed)
        self.phones = [Phone(self, number, random.Random(rng.getrandbits(64))) for number in range(participants)]
        self.answers: list[AnswerRecord] = []
        self.roles: dict[str, dict[int, Role]] = {}
        self.rejoin_errors: Counter[str] = Counter()
        self.disconnects: Counter[str] = Counter()  # unplanned, by reason
        self.acked_ok = 0
        self.on_ack: Callable[[AnswerRecord], None] | None = None
        self.stopping = False

    def role(self, question_id: str, number: int) -> Role:
        """What a phone does with a question: chosen once per question, exact shares, reproducible by seed."""
        if question_id not in self.roles:
            b = self.behaviour
            order = random.Random(f"{self.seed}:{question_id}").sample(range(len(self.phones)), len(self.phones))
            answering = order[: round(b.answer_share * len(order))]
            changing = round(b.change_share * len(answering))
            dropping = round(b.reconnect_share * len(answering))
            roles = {n: Role(answers=True) for n in answering}
            roles.update({n: Role(True, changes=True) for n in answering[:changing]})
            roles.update({n: Role(True, reconnects=True) for n in answering[changing: changing + dropping]})
            self.roles[question_id] = roles
        return self.roles[question_id].get(number, Role())

    def acked(self, record: AnswerRecord) -> None:
        if record.ok:
            self.acked_ok += 1
        if self.on_ack:
            self.on_ack(record)

    async def join(self, over: float = 0.0) -> int:
        """Start every phone, spread evenly over `over` seconds; the number that joined."""
        step = over / len(self.phones) if self.phones else 0

        async def start(phone: Phone) -> bool:
            await asyncio.sleep(phone.number * step)
            return await phone.start()

        return sum(await asyncio.gather(*(start(phone) for phone in self.phones)))

    def busy(self, question_id: str | None = None) -> bool:
        """True while a phone still waits to answer (the question), or waits for an ack (to an answer to it)."""
        return any(
            any(question_id in (None, q) for q in phone.tasks.values())
            or any(question_id in (None, r.question_id) for r in phone.pending.values())
            for phone in self.phones)

    async def settle(self, timeout: float, question_id: str | None = None) -> bool:
        """Wait (at most `timeout` seconds) until every phone has answered (the question) and has its acks."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.busy(question_id):
                return True
            await asyncio.sleep(0.1)
        return not self.busy(question_id)

    async def leave(self, timeout: float = 30.0) -> None:
        """Disconnect every phone at once (a disconnect waits for its transport), bounded in time."""
        self.stopping = True
        try:
            await asyncio.wait_for(asyncio.gather(*(phone.stop() for phone in self.phones)), timeout)
        except TimeoutError:
            pass

    def report(self) -> dict[str, Any]:
        """What happened: joins, answers acknowledged, refused and lost, ack latencies (ms)."""
        joins = [p.join_record for p in self.phones if p.join_record]
        joined = [j for j in joins if j.joined is not None]
        answers = self.answers
        acked = [a for a in answers if a.ok]
        refused = [a for a in answers if a.ok is False]
        return {
            "participants": len(self.phones),
            "joined": len(joined),
            "join_failed": len(joins) - len(joined),
            "join_errors": dict(Counter(j.error for j in joins if j.error).most_common(5)),
            "join_latency_ms": percentiles([j.joined - j.started for j in joined]),
            "answers_sent": len(answers),
            "answers_acked": len(acked),
            "answers_refused": len(refused),
            "answers_unacked": sum(1 for a in answers if a.acked is None),
            "refusals": dict(Counter(a.error for a in refused).most_common(5)),
            "resent": sum(1 for a in answers if a.attempts > 1),
            "drops": sum(p.drops for p in self.phones),
            "rejoins": sum(p.rejoins for p in self.phones),
            "rejoin_errors": dict(self.rejoin_errors.most_common(5)),
            "unplanned_disconnects": dict(self.disconnects),
            "ack_latency_ms": percentiles([a.latency for a in answers if a.acked is not None and a.attempts == 1]),
        }


def summary_line(report: dict) -> str:
    """The report in two lines for a terminal."""
    latency = report["ack_latency_ms"]
    timing = (f"; ack p50 {latency['p50']} ms, p95 {latency['p95']} ms, max {latency['max']} ms"
              if latency["n"] else "")
    refusals = "".join(f"\n  refused {count}x: {reason}" for reason, count in report["refusals"].items())
    errors = "".join(f"\n  join failed {count}x: {reason}" for reason, count in report["join_errors"].items())
    return (f"joined {report['joined']} of {report['participants']}; answers acked {report['answers_acked']}, "
            f"refused {report['answers_refused']}, unacknowledged {report['answers_unacked']}{timing}"
            f"{errors}{refusals}")


# A facilitator's projector -------------------------------------------------------------------------------


@dataclass
class View:
    """A presenter view as received: when, and the figures the benchmark compares."""

    at: float
    event: str
    question_id: str | None
    status: str | None
    responses: int
    connected: int
    participants: int


class Presenter:
    """A logged-in facilitator's projector socket that keeps every presenter view it receives."""

    def __init__(self, url: str, code: str, timeout: float = 30.0):
        self.url, self.code, self.timeout = url.rstrip("/"), code, timeout
        self.client = socketio.AsyncClient(reconnection=False, handle_sigint=False, request_timeout=timeout)
        self.views: list[View] = []
        self.last: dict | None = None
        self.cookie = ""
        self.client.on("results", self._on_view("results"), namespace=FACILITATOR)
        self.client.on("state", self._on_view("state"), namespace=FACILITATOR)

    def _on_view(self, event: str):
        async def handler(view: dict) -> None:
            self.last = view
            question = view.get("question") or {}
            self.views.append(View(time.monotonic(), event, question.get("id"), view.get("status"),
                                   view.get("responses") or 0, view.get("connected") or 0,
                                   view.get("participants") or 0))
        return handler

    async def connect(self, name: str, password: str) -> dict:
        """Log in (reading the CSRF token from the form, as a browser does), connect and `watch`."""
        import aiohttp
        from yarl import URL

        jar = aiohttp.CookieJar(unsafe=True)  # keep cookies of an IP address such as 127.0.0.1
        async with aiohttp.ClientSession(cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=self.timeout)) as http:
            async with http.get(self.url + "/login") as response:
                form = await response.text()
            token = re.search(r'name="csrf_token" value="([^"]+)"', form)
            if token is None:
                raise RuntimeError("no CSRF token in the login form")
            data = {"name": name, "password": password, "csrf_token": token.group(1)}
            async with http.post(self.url + "/login", data=data, allow_redirects=False) as response:
                if response.status != 302:
                    raise RuntimeError(f"login failed with HTTP {response.status}")
            cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in jar.filter_cookies(URL(self.url)).items())
        self.cookie = cookie  # the facilitator's login, for downloads (benchmarks/load.py)
        await self.client.connect(self.url, headers={"Cookie": cookie}, transports=["websocket"],
                                  namespaces=[FACILITATOR], wait_timeout=self.timeout)
        return await self.call("watch", {"code": self.code})

    async def call(self, event: str, payload: dict) -> dict:
        """Send a facilitator event; its ack (RuntimeError when refused)."""
        ack = await self.client.call(event, payload, namespace=FACILITATOR, timeout=self.timeout)
        if not ack.get("ok"):
            raise RuntimeError(f"{event} refused: {ack.get('error')}")
        return ack

    async def wait_for(self, predicate: Callable[[dict], bool], timeout: float) -> dict | None:
        """The first received view (from now on, or the last one) that satisfies predicate; None on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.last is not None and predicate(self.last):
                return self.last
            await asyncio.sleep(0.05)
        return None

    async def close(self) -> None:
        with contextlib.suppress(*CLIENT_ERRORS):
            await asyncio.wait_for(self.client.disconnect(), self.timeout)


# The rehearsal command ------------------------------------------------------------------------------------


async def rehearse(url: str, code: str, participants: int, answer_rate: float, duration: float | None = None,
                   answers: int | None = None, change_share: float = 0.0, reconnect_share: float = 0.0,
                   seed: int | None = None, echo: Callable[[str], None] = print) -> dict:
    """N phones join a running session and answer every question as it opens, until Ctrl-C, `duration`
    seconds or `answers` acknowledged answers; the swarm's report."""
    behaviour = Behaviour(spread=participants / answer_rate, change_share=change_share,
                          reconnect_share=reconnect_share)
    swarm = Swarm(url, code, participants, behaviour, seed)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGINT, stop.set)
        handles_sigint = True
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or not a Unix loop
        handles_sigint = False
    if answers is not None:
        swarm.on_ack = lambda record: swarm.acked_ok >= answers and stop.set()
    started = time.monotonic()
    try:
        joining = asyncio.ensure_future(swarm.join(over=participants / 50))
        waiting = asyncio.ensure_future(stop.wait())
        await asyncio.wait({joining, waiting}, timeout=duration, return_when=asyncio.FIRST_COMPLETED)
        if joining.done() and joining.result() == 0:
            echo(f"no phone could join {code}")
        elif joining.done():
            echo(f"{joining.result()} of {participants} phones joined {code}; they answer each question as it "
                 f"opens (about {answer_rate:g} answers a second). Ctrl-C stops.")
            left = None if duration is None else max(0.0, duration - (time.monotonic() - started))
            await asyncio.wait({waiting}, timeout=left)
        waiting.cancel()
        joining.cancel()
    finally:
        if handles_sigint:
            loop.remove_signal_handler(signal.SIGINT)
        await swarm.leave()
    return swarm.report()
