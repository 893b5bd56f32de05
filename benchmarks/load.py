"""Load benchmark: the real server on loopback, simulated phones and a projector, figures against the targets.

    .venv/bin/python benchmarks/load.py benchmarks/scenarios/small.json [--out results.json]

Starts `workshop --db <tmp> serve --host 127.0.0.1 --port <free>` (WORKSHOP_ADMIN_PASSWORD set), starts a
session from the scenario's deck, logs in a facilitator (a projector socket on /facilitator that `watch`es),
then: phones join over `join_seconds`; the facilitator opens the burst question; the answering share
answers within `burst.seconds`, some change their answer, some drop and rejoin; the facilitator closes the
question and moves on. With `export`, a second session of questions x participants is generated straight into
the database beforehand, and `workshop export deck` of it is timed while the phones answer a second question.
Everything goes to 127.0.0.1 only and every wait is bounded. benchmarks/README.md explains each figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import psutil

from workshop import deck as decks
from workshop import sessions, store
from workshop.db import connect, init
from workshop.interactions import kind_of
from workshop.simulate import VOTES, Behaviour, Presenter, Swarm, percentiles, random_answer

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "benchmark-password"
TARGETS = {"connected": 2000, "burst": 1000, "burst_seconds": 2.0, "ack_p95_ms": 100, "presenter_p95_ms": 300,
           "export_seconds": 5.0, "page_kb": 60}


# The machine and the server ------------------------------------------------------------------------------


def machine() -> dict:
    """What the figures were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "ram_gib": round(psutil.virtual_memory().total / 2**30, 1), "cpu": model,
            "python": platform.python_version(), "platform": platform.platform(),
            "nofile": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]}


def raise_fd_limit(wanted: int) -> None:
    """Raise this process's open-file limit (inherited by the server it starts) as far as the hard limit lets."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard),
                                                    hard))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workshop(*args: str, timeout: float = 300) -> str:
    """Run a `workshop` command; its stdout, or SystemExit with its stderr."""
    result = subprocess.run([sys.executable, "-m", "workshop", *args], capture_output=True, text=True, cwd=ROOT,
                            timeout=timeout, check=False)
    if result.returncode != 0:
        raise SystemExit(f"workshop {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


class Server:
    """`workshop serve` on 127.0.0.1 with the benchmark's database, output in a log file."""

    def __init__(self, db: Path, log: Path, serve_args: list[str], env: dict[str, str]):
        self.db, self.log, self.serve_args, self.env = db, log, serve_args, env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "WORKSHOP_ADMIN_PASSWORD": PASSWORD, "PUBLIC_URL": "", **self.env}
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "workshop", "--db", str(self.db), "serve", "--host", "127.0.0.1",
                 "--port", str(self.port), *self.serve_args],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        raise SystemExit(f"the server did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Redis:
    """A throw-away `redis-server` on loopback for several server processes (docs/scaling.md)."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("--processes needs redis-server (Debian package redis-server)")
        with open(log, "w") as out:
            self.process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.1)
        raise SystemExit(f"redis-server did not start:\n{log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


class Usage:
    """CPU time and peak memory, threads and open files of the server's process trees (and Redis), 5x a second."""

    def __init__(self, *pids: int):
        self.roots = [psutil.Process(pid) for pid in pids]
        self.cpu_by_pid: dict[int, float] = {}
        self.peak_rss = self.peak_threads = self.peak_fds = self.peak_processes = 0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.wait(0.2):
            self.sample()

    def sample(self) -> None:
        rss = threads = fds = count = 0
        tree = []
        for root in self.roots:
            try:
                tree += [root, *root.children(recursive=True)]
            except psutil.Error:
                continue
        with self.lock:
            for process in tree:
                try:
                    with process.oneshot():
                        times = process.cpu_times()
                        self.cpu_by_pid[process.pid] = times.user + times.system
                        rss += process.memory_info().rss
                        threads += process.num_threads()
                        fds += process.num_fds()
                        count += 1
                except psutil.Error:
                    continue
            self.peak_rss, self.peak_threads = max(self.peak_rss, rss), max(self.peak_threads, threads)
            self.peak_fds, self.peak_processes = max(self.peak_fds, fds), max(self.peak_processes, count)

    def cpu(self) -> float:
        """CPU seconds (user + system) of the tree so far."""
        self.sample()
        with self.lock:
            return sum(self.cpu_by_pid.values())

    def stop(self) -> dict:
        self.stopped.set()
        self.thread.join(timeout=5)
        return {"cpu_seconds": round(sum(self.cpu_by_pid.values()), 2), "peak_rss_mib": round(self.peak_rss / 2**20, 1),
                "peak_threads": self.peak_threads, "peak_open_files": self.peak_fds,
                "peak_processes": self.peak_processes}


class Phase:
    """Wall time and server and client CPU seconds of one part of the scenario."""

    def __init__(self, usage: Usage):
        self.usage = usage
        self.wall, self.cpu, self.client = time.monotonic(), usage.cpu(), time.process_time()
        self.machine = psutil.cpu_times()

    def end(self) -> dict:
        wall = time.monotonic() - self.wall
        cpu = self.usage.cpu() - self.cpu
        client = time.process_time() - self.client
        now = psutil.cpu_times()
        busy = (sum(now) - now.idle - now.iowait) - (sum(self.machine) - self.machine.idle - self.machine.iowait)
        return {"wall_seconds": round(wall, 2), "server_cpu_seconds": round(cpu, 2),
                "server_cpu_percent": round(100 * cpu / wall, 1) if wall else None,
                "client_cpu_seconds": round(client, 2),
                # CPU the rest of the machine used meanwhile (other people's work on a shared box), and I/O wait
                "other_cpu_seconds": round(busy - cpu - client, 2),
                "iowait_seconds": round(now.iowait - self.machine.iowait, 2)}


async def loop_lag(samples: list[float], stop: asyncio.Event) -> None:
    """How late the clients' event loop wakes up: the simulated phones' own delay, included in every latency."""
    while not stop.is_set():
        start = time.monotonic()
        await asyncio.sleep(0.05)
        samples.append(time.monotonic() - start - 0.05)


# The export session, generated straight into the database ----------------------------------------------------


EXPORT_KINDS = (
    "kind: choice\noptions: [Politie, Zorg, Gemeente, Anders]",
    "kind: choice\nmultiple: true\nmax: 2\noptions: [Korte lijnen, Taken kennen, Informatie delen, Samen besluiten]",
    "kind: scale\nitems: [Algemeen, Acuut, Nazorg]\nlabels: [slecht, goed]",
    "kind: open\nanswers: 2\nmax_length: 200",
    "kind: wordcloud\nwords: 3",
    "kind: ranking\nitems: [Bereikbaarheid, Informatie delen, Vast aanspreekpunt, Regie]",
    "kind: points\nitems: [Opleiding, Overleg, Afspraken]\ntotal: 100",
    "kind: roles\nrows: [Melding verward gedrag, Huisbezoek, Nazorg na detentie]",
    ("kind: statements\nstatements: [Hulpverlening is ook politiewerk., Zorg moet vaker de regie nemen., "
    "Informatie delen mag sneller.]\nmoderation: post"),
    "kind: qa",
)


def export_deck_source(questions: int) -> str:
    """A deck of `questions` questions cycling through every kind, with a profile."""
    slides = [("---\ntitle: Exporttest\nprofile:\n  - id: domein\n    question: Vanuit welk domein werk je?\n"
              "    options: [Politie, Zorg, Gemeente, Anders]\n---\n# Exporttest\n")]
    for number in range(1, questions + 1):
        spec = EXPORT_KINDS[(number - 1) % len(EXPORT_KINDS)]
        slides.append(f"## Vraag {number}\n\n```interaction\nid: q{number:02d}\n{spec}\n```\n")
    return "\n---\n".join(slides)


def build_export_session(db_path: Path, workdir: Path, questions: int, participants: int, seed: int) -> str:
    """A live session with every question answered by every participant, written with store.py; its code."""
    rng = random.Random(seed)
    source = workdir / "export-deck.md"
    source.write_text(export_deck_source(questions), encoding="utf-8")
    deck = decks.load(source)
    db = init(str(db_path))
    row = sessions.start_session(db, deck, "gemeente", "Exportstad", "2026-11-29")
    with db.atomic():
        ids = []
        for number in range(participants):
            token_hash = hashlib.sha256(f"{row['id']}:{rng.getrandbits(128):032x}".encode()).hexdigest()
            participant_id, _ = store.join_participant(db, row["id"], token_hash)
            store.set_profile(db, participant_id, {"domein": rng.randrange(5)}, consented=False)
            ids.append(participant_id)
        for question in deck.questions:
            kind = kind_of(question)
            store.set_question_status(db, row["id"], question.id, "open", None)
            if question.kind == "qa":
                for asker in ids[:20]:
                    store.add_submission(db, row["id"], question.id, rng.choice(("Wie belt wie bij een crisis?",
                                         "Hoe deel je informatie veilig?", "Wie heeft de regie?")) + f" ({asker})",
                                         "participant", "approved", asker)
            items = [{"id": s["id"], "text": s["text"]} for s in store.submissions(db, row["id"], question.id)]
            public = kind.public(question)
            for participant_id in ids:
                if question.kind in VOTES:
                    for submission_id, vote in VOTES[question.kind](items, rng):
                        store.save_vote(db, submission_id, participant_id, vote)
                else:
                    value = kind.validate(question, random_answer(public, rng))
                    store.save_response(db, row["id"], participant_id, question.id, value)
            store.set_question_status(db, row["id"], question.id, "closed", None)
    db.close()
    return row["code"]


# Page weight ------------------------------------------------------------------------------------------------


class Assets(HTMLParser):
    """The scripts and stylesheets a page references."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.urls.append(attrs["href"])


def page_weight(url: str, code: str) -> dict:
    """The phone page's first load: the page and every script and stylesheet, as served and as gzip -9."""
    page = f"{url}/j/{code}"

    def fetch(address: str) -> tuple[bytes, int, str | None]:
        """The body, the bytes that went over the wire, and the encoding they were sent in."""
        request = urllib.request.Request(address, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            wire, encoding = response.read(), response.headers.get("Content-Encoding")
        return (gzip.decompress(wire) if encoding == "gzip" else wire), len(wire), encoding

    html, sent, encoding = fetch(page)
    parser = Assets()
    parser.feed(html.decode("utf-8"))
    files = [(f"/j/{code}", html, sent, encoding)]
    for asset in dict.fromkeys(parser.urls):
        files.append((asset, *fetch(urljoin(page, asset))))
    rows = [{"file": name, "bytes": len(body), "served_bytes": sent, "gzip9_bytes": len(gzip.compress(body, 9)),
             "served_encoding": encoding} for name, body, sent, encoding in files]
    return {"files": rows, "raw_kb": round(sum(r["bytes"] for r in rows) / 1024, 1),
            "served_kb": round(sum(r["served_bytes"] for r in rows) / 1024, 1),
            "gzip9_kb": round(sum(r["gzip9_bytes"] for r in rows) / 1024, 1),
            "served_compressed": all(r["served_encoding"] == "gzip" for r in rows)}


# Checking what was stored and shown --------------------------------------------------------------------------


def vote_to_presenter(swarm: Swarm, presenter: Presenter, question_id: str) -> dict:
    """Send time of the k-th acknowledged first answer to the first projector `results` view with responses >= k."""
    firsts = sorted((a for a in swarm.answers if a.question_id == question_id and a.first and a.ok),
                    key=lambda a: a.acked)
    views = [v for v in presenter.views if v.event == "results" and v.question_id == question_id]
    latencies, missing = [], 0
    for k, answer in enumerate(firsts, 1):
        shown = next((v for v in views if v.responses >= k and v.at >= answer.sent), None)
        if shown is None:
            missing += 1
        elif answer.attempts == 1:  # a resent answer waited for its phone to come back: not the server's time
            latencies.append(shown.at - answer.sent)
    return {**percentiles(latencies), "never_shown": missing, "results_views": len(views)}


def check_answers(db_path: Path, code: str, swarm: Swarm, question_id: str, final: dict | None,
                  fresh: dict) -> dict:
    """Acknowledged answers against the rows in the database and the projector's last aggregate."""
    db = connect(str(db_path))
    try:
        session = store.session_by_code(db, code)
        question = sessions.deck_of(session).question(question_id)
        stored_result = json.loads(json.dumps(sessions.result_of(db, session, question)))
        rows = db.execute("select p.token_hash, r.value, r.revision from responses r join participants p "
                          "on p.id = r.participant_id where r.session_id = ? and r.question_id = ?",
                          [session["id"], question_id]).fetchall()
    finally:
        db.close()
    by_hash = {hashlib.sha256(f"{session['id']}:{p.token}".encode()).hexdigest(): p.number for p in swarm.phones}
    stored = {by_hash.get(token_hash): (json.loads(value), revision) for token_hash, value, revision in rows}
    acked: dict[int, list] = {}
    for answer in sorted((a for a in swarm.answers if a.question_id == question_id and a.ok and a.event == "respond"),
                         key=lambda a: a.acked):
        acked.setdefault(answer.phone, []).append(answer)
    lost = [n for n in acked if n not in stored]
    unacked_but_stored = [n for n in stored if n not in acked]
    mismatched = [n for n, answers in acked.items() if n in stored and stored[n][0] != answers[-1].ack["value"]]
    # The revision counts the changes the server applied: more than the phone's distinct acknowledged answers
    # means a resend was applied twice.
    double = [n for n, answers in acked.items() if n in stored and stored[n][1] > len(answers)]
    expected = kind_of(question).aggregate(question, [answers[-1].ack["value"] for answers in acked.values()])
    final_result = final.get("result") if final else None
    return {
        "acked": len(acked), "rows": len(rows), "presenter_final": final.get("responses") if final else None,
        "presenter_fresh": fresh.get("responses"), "lost": len(lost), "double": len(double),
        "mismatched": len(mismatched), "stored_without_ack": len(unacked_but_stored),
        "aggregate_matches_rows": final_result == stored_result,
        "aggregate_matches_acks": final_result == json.loads(json.dumps(expected)),
    }


async def time_export(db_path: Path, code: str, out: Path, export: dict) -> dict:
    """`workshop export deck CODE -o out.pptx` as a user runs it: wall time, CPU time, slides and size."""
    from pptx import Presentation

    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "workshop", "--db", str(db_path), "export", "deck", code, "-o", str(out),
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, stderr = await asyncio.wait_for(process.communicate(), 600)
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        return {"error": stderr.decode()[-2000:]}
    return {"seconds": round(seconds, 2),
            "cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2),
            "slides": len(Presentation(out).slides), "kb": round(out.stat().st_size / 1024),
            "questions": export["questions"], "participants": export["participants"]}


async def time_web_export(presenter: Presenter, code: str, out: Path, export: dict) -> dict:
    """The summary deck downloaded from the server by the logged-in facilitator, as from the session page.

    Built inside the server that serves the phones (on its thread pool under gevent): what the phones feel
    of it shows in the phase's latencies.
    """
    import aiohttp
    from pptx import Presentation

    started = time.monotonic()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as http, \
            http.get(f"{presenter.url}/f/s/{code}/export/deck.pptx", headers={"Cookie": presenter.cookie}) as response:
        body = await response.read()
        if response.status != 200:
            return {"error": f"HTTP {response.status}: {body[:300]!r}"}
    seconds = time.monotonic() - started
    out.write_bytes(body)
    return {"seconds": round(seconds, 2), "via": "web", "slides": len(Presentation(out).slides),
            "kb": round(len(body) / 1024), "questions": export["questions"], "participants": export["participants"]}


# The scenario --------------------------------------------------------------------------------------------------


async def answer_question(presenter: Presenter, swarm: Swarm, code: str, question_id: str, slide: int,
                          behaviour: Behaviour, settle: float, during=None) -> dict:
    """Show a question's slide, open it, let the phones answer (while `during` runs), wait, close it."""
    swarm.behaviour = behaviour
    await presenter.call("goto", {"code": code, "slide": slide})
    opened = time.monotonic()
    await presenter.call("open", {"code": code, "question_id": question_id})
    side = await during() if during else None
    settled = await swarm.settle(settle, question_id)
    answers = [a for a in swarm.answers if a.question_id == question_id]
    acked_phones = len({a.phone for a in answers if a.ok})
    final = await presenter.wait_for(
        lambda v: (v.get("question") or {}).get("id") == question_id and v["responses"] >= acked_phones, 15)
    await asyncio.sleep(0.6)  # a trailing coalesced update, if one is still due
    final = presenter.last if (presenter.last.get("question") or {}).get("id") == question_id else final
    await presenter.call("close", {"code": code, "question_id": question_id})
    fresh = (await presenter.call("watch", {"code": code}))["state"]
    firsts = [a.sent for a in answers if a.first]
    return {"settled": settled, "final": final, "fresh": fresh, "side": side,
            "first_answers_sent_over_seconds": round(max(firsts) - min(firsts), 2) if firsts else None,
            "first_answers_sent_after_open_seconds": round(max(firsts) - opened, 2) if firsts else None}


def question_figures(swarm: Swarm, question_id: str) -> dict:
    answers = [a for a in swarm.answers if a.question_id == question_id]
    refused = [a for a in answers if a.ok is False]
    return {
        "first_answers": sum(1 for a in answers if a.first), "changes": sum(1 for a in answers if not a.first),
        "sent": len(answers), "acked": sum(1 for a in answers if a.ok), "refused": len(refused),
        "refusals": sorted({a.error for a in refused})[:5], "unacked": sum(1 for a in answers if a.acked is None),
        "resent": sum(1 for a in answers if a.attempts > 1),
        "dropped_and_rejoined": sum(1 for role in swarm.roles.get(question_id, {}).values() if role.reconnects),
        "ack_latency_ms": percentiles([a.latency for a in answers if a.acked is not None and a.attempts == 1]),
        "resent_ack_latency_ms": percentiles([a.acked - a.sent for a in answers if a.acked and a.attempts > 1]),
    }


def async_mode(serve_help: str, serve_args: list[str]) -> str:
    """The async mode the server runs in: as passed, else serve's default as its --help states it."""
    if "--async-mode" in serve_args:
        return serve_args[serve_args.index("--async-mode") + 1]
    found = re.search(r"--async-mode \[[^\]]*\][^\[]*\[default: (\w+)\]", serve_help)
    return found.group(1) if found else os.environ.get("WORKSHOP_ASYNC_MODE", "threading")


async def run(scenario: dict, workdir: Path, serve_args: list[str], seed: int, mode: str,
              processes: int = 1, export_via: str = "cli") -> dict:
    results: dict = {"scenario": scenario, "machine": machine(), "serve_args": serve_args, "seed": seed,
                     "async_mode": mode, "processes": processes, "export_via": export_via}
    db_path = workdir / "bench.db"
    export = scenario.get("export")
    if export:
        started = time.monotonic()
        export_code = build_export_session(db_path, workdir, export["questions"], export["participants"], seed)
        results["export_data_seconds"] = round(time.monotonic() - started, 1)
    deck_path = ROOT / scenario["deck"]
    code = workshop("--db", str(db_path), "session", "new", "--deck", str(deck_path), "--kind", "gemeente",
                    "--place", "Belastingstad", "--date", "2026-11-29").splitlines()[-1]
    deck = decks.load(deck_path)
    env = dict(scenario.get("env", {}))
    redis = None
    if processes > 1:  # several processes share rooms and events through Redis, as in docs/scaling.md
        redis = Redis(workdir / "redis.log")
        env["WORKSHOP_MESSAGE_QUEUE"] = redis.url
    servers = [Server(db_path, workdir / f"server-{number}.log", serve_args, env) for number in range(processes)]
    for started in servers:
        started.start()
    server = servers[0]
    usage = Usage(*(s.process.pid for s in servers), *([redis.process.pid] if redis else []))
    lag: list[float] = []
    stop_lag = asyncio.Event()
    lag_task = asyncio.ensure_future(loop_lag(lag, stop_lag))
    n = scenario["participants"]
    # Phones spread over every process; the projector on the last one, so with several processes most
    # answers travel to it through Redis.
    swarm = Swarm([s.url for s in servers], code, n, seed=seed, timeout=scenario.get("timeout", 60))
    presenter = Presenter(servers[-1].url, code, timeout=60)
    try:
        if scenario.get("page_weight", True):
            results["page_weight"] = page_weight(server.url, code)
        await presenter.connect("admin", PASSWORD)

        phase = Phase(usage)
        joined = await swarm.join(over=scenario["join_seconds"])
        view = await presenter.wait_for(lambda v: v["connected"] >= joined, 30)
        results["join"] = {**phase.end(), "joined": joined, "failed": n - joined,
                           "presenter_connected": (view or presenter.last or {}).get("connected"),
                           **{k: v for k, v in swarm.report().items() if k.startswith("join_")}}

        burst = scenario["burst"]
        question_id = burst["question"]
        phase = Phase(usage)
        outcome = await answer_question(
            presenter, swarm, code, question_id, deck.slide_of(question_id).index,
            Behaviour(spread=burst["seconds"], answer_share=burst.get("answer_share", 1.0),
                      change_share=burst.get("change_share", 0.0), reconnect_share=burst.get("reconnect_share", 0.0)),
            scenario.get("settle_seconds", 120))
        results["burst"] = {**phase.end(), **question_figures(swarm, question_id),
                            "vote_to_presenter_ms": vote_to_presenter(swarm, presenter, question_id),
                            **{k: v for k, v in outcome.items() if k not in ("final", "fresh", "side")}}
        burst_views = (outcome["final"], outcome["fresh"])

        if export:
            question_id = export["question"]
            out = workdir / "export.pptx"

            async def export_while_live():
                if export_via == "web":
                    return await time_web_export(presenter, export_code, out, export)
                return await time_export(db_path, export_code, out, export)

            phase = Phase(usage)
            outcome = await answer_question(
                presenter, swarm, code, question_id, deck.slide_of(question_id).index,
                Behaviour(spread=n / export["answers_per_second"]), scenario.get("settle_seconds", 120),
                during=export_while_live)
            results["export"] = outcome["side"]
            results["during_export"] = {**phase.end(), **question_figures(swarm, question_id),
                                        "vote_to_presenter_ms": vote_to_presenter(swarm, presenter, question_id),
                                        **{k: v for k, v in outcome.items() if k not in ("final", "fresh", "side")}}
            export_views = (outcome["final"], outcome["fresh"])

        await presenter.call("goto", {"code": code, "slide": len(deck.slides) - 1})  # the facilitator moves on
        if export:  # the same export with the phones connected but quiet: what load adds
            phase = Phase(usage)
            quiet = workdir / "quiet.pptx"
            timed = (await time_web_export(presenter, export_code, quiet, export) if export_via == "web"
                     else await time_export(db_path, export_code, quiet, export))
            results["export_quiet"] = {**timed, **phase.end()}
        results["swarm"] = swarm.report()
    finally:
        stop_lag.set()
        await lag_task
        await swarm.leave(60)
        await presenter.close()
        results["server"] = {**usage.stop(), "processes": processes, "redis": bool(redis)}
        for started in servers:
            started.stop()
        if redis:
            redis.stop()
        results["client_loop_lag_ms"] = percentiles(lag)
    results["burst"]["check"] = check_answers(db_path, code, swarm, scenario["burst"]["question"], *burst_views)
    if export:
        results["during_export"]["check"] = check_answers(db_path, code, swarm, export["question"], *export_views)
    results["targets"] = targets(results)
    return results


def targets(results: dict) -> list[dict]:
    """Where each target stands; one that depends on size is 'n/a' (met: None) when the scenario is smaller."""
    join, burst, check = results["join"], results["burst"], results["burst"]["check"]
    full_size = results["scenario"]["participants"] >= TARGETS["connected"]
    all_counted = (burst["unacked"] == burst["refused"] == check["lost"] == check["double"] == check["mismatched"] == 0
                   and check["presenter_final"] == check["acked"] == check["rows"])
    rows = [
        ("2,000 connected", True,
         f"{join['joined']} joined, {join['failed']} failed, projector counted {join['presenter_connected']}",
         join["joined"] >= TARGETS["connected"] and join["failed"] == 0),
        ("burst of 1,000 in 2 s: all acked, 0 lost, 0 double", True,
         (f"{burst['first_answers']} first answers sent over {burst['first_answers_sent_over_seconds']} s; "
          f"acked {burst['acked']}/{burst['sent']}, refused {burst['refused']}, unacked {burst['unacked']}; "
          f"lost {check['lost']}, double {check['double']}, rows {check['rows']}, projector {check['presenter_final']}"),
         burst["first_answers"] >= TARGETS["burst"] and all_counted),
        ("p95 ack <= 100 ms", True, f"p95 {burst['ack_latency_ms'].get('p95')} ms",
         burst["ack_latency_ms"].get("p95", 1e9) <= TARGETS["ack_p95_ms"]),
        ("p95 vote-to-presenter <= 300 ms", True, f"p95 {burst['vote_to_presenter_ms'].get('p95')} ms",
         burst["vote_to_presenter_ms"].get("p95", 1e9) <= TARGETS["presenter_p95_ms"]),
    ]
    export = results.get("export")
    if export:
        rows.append(("export 40x2000 <= 5 s while live", True,
                     f"{export.get('questions')}x{export.get('participants')}: {export.get('seconds')} s",
                     export.get("seconds", 1e9) <= TARGETS["export_seconds"]))
    page = results.get("page_weight")
    if page:
        # As served when the server compresses every file, else what gzip -9 would make of them.
        weight = page["served_kb"] if page["served_compressed"] else page["gzip9_kb"]
        rows.append(("participant page <= 60 KB gzipped", False,
                     f"{weight} KB {'as served' if page['served_compressed'] else 'gzip -9'}",
                     weight <= TARGETS["page_kb"]))
    return [{"target": target, "measured": measured, "met": met if full_size or not sized else None}
            for target, sized, measured, met in rows]


def report(results: dict) -> str:
    """The figures as a short text for the terminal (and to paste into RESULTS.md)."""
    m, join = results["machine"], results["join"]
    lines = [(f"machine: {m['nproc']} cores, {m['ram_gib']} GiB, {m['cpu']}, Python {m['python']}, "
             f"nofile {m['nofile']}, load average at start {m['loadavg_at_start']}; serve args: "
             f"{' '.join(results['serve_args']) or '(none)'}; server processes: {results.get('processes', 1)}"
             f"{' on Redis' if results.get('processes', 1) > 1 else ''}"),
             (f"join: {join['joined']}/{results['scenario']['participants']} in {join['wall_seconds']} s, "
             f"failed {join['failed']}, join latency {join['join_latency_ms']}, server CPU "
             f"{join['server_cpu_seconds']} s ({join['server_cpu_percent']}%), client CPU {join['client_cpu_seconds']} "
             f"s, other processes {join['other_cpu_seconds']} s; errors {join['join_errors']}")]
    for name in ("burst", "during_export"):
        part = results.get(name)
        if not part:
            continue
        check = part["check"]
        lines += [(f"{name}: {part['first_answers']} first answers (+{part['changes']} changes) sent over "
                  f"{part['first_answers_sent_over_seconds']} s; acked {part['acked']}/{part['sent']}, refused "
                  f"{part['refused']} {part['refusals']}, unacked {part['unacked']}, resent {part['resent']}"),
                  f"  ack latency ms {part['ack_latency_ms']}; resent (from first send) {part['resent_ack_latency_ms']}",
                  f"  vote-to-presenter ms {part['vote_to_presenter_ms']}",
                  (f"  acked {check['acked']} / rows {check['rows']} / projector final {check['presenter_final']} "
                  f"(fresh {check['presenter_fresh']}); lost {check['lost']}, double {check['double']}, mismatched "
                  f"{check['mismatched']}, stored without ack {check['stored_without_ack']}; aggregate = rows "
                  f"{check['aggregate_matches_rows']}, = acks {check['aggregate_matches_acks']}"),
                  (f"  server CPU {part['server_cpu_seconds']} s over {part['wall_seconds']} s "
                  f"({part['server_cpu_percent']}%; {1000 * part['server_cpu_seconds'] / max(1, part['acked']):.1f} ms "
                  f"per acked answer); client CPU {part['client_cpu_seconds']} s; other processes "
                  f"{part['other_cpu_seconds']} s; iowait {part['iowait_seconds']} s")]
    if results.get("export"):
        lines.append(f"export while answering: {results['export']} (data generated in "
                     f"{results.get('export_data_seconds')} s)")
        lines.append(f"export while quiet: {results.get('export_quiet')}")
    if results.get("page_weight"):
        page = results["page_weight"]
        lines.append(f"page: {page['served_kb']} KB as served, {page['gzip9_kb']} KB gzip -9 ({page['raw_kb']} KB raw, "
                     f"{len(page['files'])} files, served compressed: {page['served_compressed']})")
    swarm = results.get("swarm", {})
    lines.append(f"phones: planned drops {swarm.get('drops')}, rejoins {swarm.get('rejoins')}, unplanned "
                 f"disconnects {swarm.get('unplanned_disconnects')}, rejoin errors {swarm.get('rejoin_errors')}")
    lines.append(f"server ({results['async_mode']}): {results['server']}; client loop lag ms "
                 f"{results['client_loop_lag_ms']}")
    verdict = {True: "met", False: "NOT met", None: "n/a at this size"}
    lines += [f"  [{verdict[t['met']]}] {t['target']}: {t['measured']}" for t in results["targets"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", type=Path, help="a file in benchmarks/scenarios/")
    parser.add_argument("--out", type=Path, help="write every figure as JSON here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database and server log (printed)")
    parser.add_argument("--async-mode", help="passed to `workshop serve --async-mode`, when serve has it")
    parser.add_argument("--processes", type=int, default=1,
                        help="server processes sharing the session through a Redis server the benchmark starts "
                             "(docs/scaling.md); phones are spread over them, the projector is on the last")
    parser.add_argument("--export-via", choices=("cli", "web"), default="cli",
                        help="time the export while live as `workshop export deck` in its own process (cli) or as "
                             "the facilitator's download from the server that serves the phones (web)")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="first wait (at most this long) until the 1-minute load average is below 1")
    args = parser.parse_args()
    deadline = time.monotonic() + args.wait_idle
    while os.getloadavg()[0] >= 1 and time.monotonic() < deadline:
        time.sleep(5)
    scenario = json.loads(args.scenario.read_text())
    serve_help = workshop("serve", "--help")
    serve_args = []
    for flag, value in (("--async-mode", args.async_mode),):
        if value is not None:
            if flag not in serve_help:
                raise SystemExit(f"this `workshop serve` has no {flag}")
            serve_args += [flag, str(value)]
    raise_fd_limit(2 * scenario["participants"] + 1024)
    workdir = Path(tempfile.mkdtemp(prefix="workshop-bench-"))
    try:
        results = asyncio.run(run(scenario, workdir, serve_args, args.seed, async_mode(serve_help, serve_args),
                                  args.processes, args.export_via))
    except BaseException:
        for log in sorted(workdir.glob("server-*.log")):
            print(f"{log.name} (last lines):\n{log.read_text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, default=str))
    text = report(results)
    print(text)
    if args.out:
        args.out.write_text(json.dumps({**results, "report": text}, indent=2, default=str))


if __name__ == "__main__":
    main()
