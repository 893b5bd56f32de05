"""Side by side: this project (one process; two on Redis) and a minimal Node socket.io server (issue 22).

    .venv/bin/python benchmarks/compare.py [--servers node,one,two] [--repeat 3] [--out compare.json]

Needs `npm ci` in benchmarks/node-reference first (better-sqlite3 builds from source there; README.md).
For each server in turn, in one command: start it on loopback with a fresh database and the session of
`benchmarks/decks/compare.md`, run `benchmarks/node-reference/load.mjs` (phones and a projector with the
official socket.io-client over WebSocket) against it, stop it, and read the figures. The phones join over
10 s, then answer three choice questions, each phone once at a uniformly random moment of the burst: 1,000
in 2 s, 2,000 in 1 s, 2,000 in 0.2 s (saturated). Server CPU and memory come from load.py's sampler (the
process tree, with Redis); memory per phone: the servers' RSS with every phone connected minus before the
joins, per phone. With --repeat the servers take turns (node, one, two, node, ...); the table shows medians.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import PASSWORD, ROOT, Redis, Server, Usage, free_port, machine, raise_fd_limit, workshop

from workshop import deck as decks
from workshop.interactions import kind_of

REFERENCE = ROOT / "benchmarks" / "node-reference"
DECK = ROOT / "benchmarks" / "decks" / "compare.md"
PHONES, JOIN_SECONDS = 2000, 10
# (name, question id, slide, answers, seconds): every phone answers a question once, so one question a burst
BURSTS = [("steady", "samenwerking", 1, 1000, 2.0), ("burst", "nodig", 2, 2000, 1.0),
          ("saturated", "regie", 3, 2000, 0.2)]
SERVERS = {"node": "Node reference", "node-batch": "Node reference, group commit",
           "one": "this project, 1 process", "two": "this project, 2 processes on Redis"}
INTERVAL = "0.1"  # projector views at most every 100 ms, on every server


class NodeServer:
    """benchmarks/node-reference/server.mjs on loopback with its own database."""

    def __init__(self, workdir: Path, session: dict, commit: str = "each"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        (workdir / "session.json").write_text(json.dumps(session), encoding="utf-8")
        self.log = workdir / "node.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                ["node", "server.mjs", "--port", str(self.port), "--db", str(workdir / "ref.db"),
                 "--session", str(workdir / "session.json"), "--interval", INTERVAL, "--commit", commit],
                cwd=REFERENCE, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise SystemExit(f"the Node reference did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def node_session(code: str) -> dict:
    """The compare deck as the Node reference serves it: the questions as our phones see them."""
    deck = decks.load(DECK)
    return {"code": code, "title": deck.title, "k": 5, "profile": deck.profile, "consent": deck.consent,
            "slides": [{"question": kind_of(s.question).public(s.question) if s.question else None}
                       for s in deck.slides]}


def login_cookie(url: str) -> str:
    """A facilitator's login cookie, logging in through the form as a browser does (CSRF token and all)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(url + "/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"name": "admin", "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(url + "/login", data=body, timeout=30).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (not idle, not waiting for the disk) since it started."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - times.iowait


def rss(usage: Usage) -> int:
    """The resident memory of the server tree (all processes and Redis) now, in bytes."""
    usage.sample()
    total = 0
    for root in usage.roots:
        for process in [root, *root.children(recursive=True)]:
            total += process.memory_info().rss
    return total


def run_one(name: str, workdir: Path, seed: int, phones: int = PHONES) -> dict:
    """Start one server, drive it with load.mjs, stop it; its figures."""
    workdir.mkdir(parents=True)
    stop, pids, cookie = [], [], None
    db = workdir / "bench.db"
    if name.startswith("node"):
        code = "BENCH0001"
        server = NodeServer(workdir, node_session(code), "batch" if name == "node-batch" else "each")
        urls, pids, stop = [server.url], [server.process.pid], [server.stop]
    else:
        code = workshop("--db", str(db), "session", "new", "--deck", str(DECK), "--kind", "gemeente",
                        "--place", "Vergelijkstad", "--date", "2026-11-30").splitlines()[-1]
        env = {"WORKSHOP_RESULTS_INTERVAL": INTERVAL}
        if name == "two":
            redis = Redis(workdir / "redis.log")
            env["WORKSHOP_MESSAGE_QUEUE"] = redis.url
            stop.append(redis.stop)
            pids.append(redis.process.pid)
        servers = [Server(db, workdir / f"server-{n}.log", [], env) for n in range(2 if name == "two" else 1)]
        for server in servers:
            server.start()
            stop.insert(0, server.stop)
            pids.insert(0, server.process.pid)
        urls = [s.url for s in servers]
        cookie = login_cookie(urls[-1])
    plan = {"urls": urls, "code": code, "cookie": cookie, "phones": phones, "join_seconds": JOIN_SECONDS,
            "seed": seed, "profile": {"domein": 1}, "settle_seconds": 60,
            "bursts": [{"name": b, "question": q, "slide": s, "answers": n * phones // PHONES, "seconds": t}
                       for b, q, s, n, t in BURSTS]}
    (workdir / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    usage = Usage(*pids)
    marks: dict[str, dict] = {}
    result: dict = {}
    try:
        client = subprocess.Popen(["node", "load.mjs", str(workdir / "plan.json")], cwd=REFERENCE,
                                  stdout=subprocess.PIPE, text=True)
        phones = psutil.Process(client.pid)
        for line in client.stdout:
            event = json.loads(line)
            if event["event"] == "phase":
                times = phones.cpu_times()
                marks[event["name"]] = {"cpu": usage.cpu(), "rss": rss(usage), "wall": time.monotonic(),
                                        "client_cpu": times.user + times.system,
                                        "machine_busy": busy_seconds()}
            elif event["event"] == "result":
                result = event
        if client.wait() != 0 or not result:
            raise SystemExit(f"load.mjs failed against {name} (exit {client.returncode})")
    finally:
        result["server"] = usage.stop()
        for done in stop:
            done()
    result["memory_per_phone_kib"] = round((marks["join-sampled"]["rss"] - marks["join-start"]["rss"]) / 1024
                                           / max(1, result["joined"]), 1)
    result["join_cpu_seconds"] = round(marks["join-end"]["cpu"] - marks["join-start"]["cpu"], 2)
    for burst in result["bursts"]:
        begin, end = marks[f"{burst['name']}-start"], marks[f"{burst['name']}-end"]
        burst["server_cpu_seconds"] = round(end["cpu"] - begin["cpu"], 2)
        burst["client_cpu_seconds"] = round(end["client_cpu"] - begin["client_cpu"], 2)
        # CPU the rest of the machine used meanwhile: other people's work on a shared machine shows here
        burst["other_cpu_seconds"] = round(end["machine_busy"] - begin["machine_busy"]
                                           - burst["server_cpu_seconds"]
                                           - burst["client_cpu_seconds"], 2)
        per_answer = burst["server_cpu_seconds"] / max(1, burst["acked"])
        burst["server_cpu_ms_per_answer"] = round(1000 * per_answer, 2)
    if not name.startswith("node"):
        result["check"] = check_rows(db, code)
    else:
        result["check"] = check_rows(workdir / "ref.db", None)
    return result


def check_rows(db: Path, code: str | None) -> dict:
    """Rows per question in the server's database afterwards: compared with the acks (0 lost, 0 double)."""
    import sqlite3

    connection = sqlite3.connect(db)
    if code is None:
        rows = dict(connection.execute("select question_id, count(*) from responses group by question_id"))
        revisions = connection.execute("select max(revision) from responses").fetchone()[0]
    else:
        (session_id,) = connection.execute("select id from sessions where code = ?", [code]).fetchone()
        rows = dict(connection.execute("select question_id, count(*) from responses where session_id = ? "
                                       "group by question_id", [session_id]))
        revisions = connection.execute("select max(revision) from responses where session_id = ?",
                                       [session_id]).fetchone()[0]
    connection.close()
    return {"rows": rows, "max_revision": revisions}


def summary(result: dict) -> dict:
    """The figures of the issue's table, from one run of one server."""
    bursts = {b["name"]: b for b in result["bursts"]}
    lost = sum(b["acked"] - result["check"]["rows"].get(b["question"], 0) for b in result["bursts"])
    return {
        "join_p95_ms": result["join_latency_ms"].get("p95"), "joined": result["joined"],
        "memory_per_phone_kib": result["memory_per_phone_kib"],
        "steady_ack_p95_ms": bursts["steady"]["ack_latency_ms"].get("p95"),
        "steady_projector_p95_ms": bursts["steady"]["vote_to_projector_ms"].get("p95"),
        "burst_answers_per_second": bursts["burst"]["answers_per_second"],
        "burst_ack_p95_ms": bursts["burst"]["ack_latency_ms"].get("p95"),
        "saturated_answers_per_second": bursts["saturated"]["answers_per_second"],
        "saturated_ack_p95_ms": bursts["saturated"]["ack_latency_ms"].get("p95"),
        "cpu_ms_per_answer": bursts["saturated"]["server_cpu_ms_per_answer"],
        "client_cpu_ms_per_answer": round(1000 * bursts["saturated"]["client_cpu_seconds"]
                                          / max(1, bursts["saturated"]["acked"]), 2),
        "other_cpu_seconds": round(sum(b["other_cpu_seconds"] for b in result["bursts"]), 2),
        "acked": sum(b["acked"] for b in result["bursts"]),
        "planned": sum(b["planned"] for b in result["bursts"]),
        "lost": lost, "double": int((result["check"]["max_revision"] or 1) > 1),
        "projector_final_ok": all(b["projector_final"] == b["acked"] for b in result["bursts"]),
    }


def table(runs: dict[str, list[dict]]) -> str:
    """The issue's table: medians over the runs of each server, ratios to the Node reference."""
    med = {name: {key: statistics.median(s[key] for s in sums) if isinstance(sums[0][key], (int, float))
                  else sums[-1][key] for key in sums[0]}
           for name, sums in ((n, [summary(r) for r in rs]) for n, rs in runs.items())}
    node = med.get("node")

    def ratio(name: str, key: str) -> str:
        if not node or name == "node" or not node[key]:
            return ""
        return f" ({med[name][key] / node[key]:.2f}x)"

    names = list(med)
    lines = ["| scenario | " + " | ".join(SERVERS[n] for n in names) + " |", "|---" * (len(names) + 1) + "|"]
    rows = [
        ("1,000 answers in 2 s: p95 ack / p95 vote-to-projector",
         lambda n: f"{med[n]['steady_ack_p95_ms']:g} ms / {med[n]['steady_projector_p95_ms']:g} ms"),
        ("2,000 answers in 1 s: answers/s, p95 ack",
         lambda n: f"{med[n]['burst_answers_per_second']:,.0f}/s{ratio(n, 'burst_answers_per_second')}, "
                   f"{med[n]['burst_ack_p95_ms']:g} ms"),
        ("2,000 answers in 0.2 s (saturated): answers/s",
         lambda n: f"{med[n]['saturated_answers_per_second']:,.0f}/s"
                   f"{ratio(n, 'saturated_answers_per_second')}"),
        ("CPU per answer, saturated: server (all processes, Redis) / phones (load.mjs)",
         lambda n: f"{med[n]['cpu_ms_per_answer']:g} ms / {med[n]['client_cpu_ms_per_answer']:g} ms"),
        ("CPU other processes used during the bursts (a shared machine)",
         lambda n: f"{med[n]['other_cpu_seconds']:g} s"),
        ("2,000 joins in 10 s: p95 join ack", lambda n: f"{med[n]['join_p95_ms']:g} ms"),
        ("memory per connected phone (server RSS delta / phones)",
         lambda n: f"{med[n]['memory_per_phone_kib']:g} KiB"),
        ("acked / planned; lost; double; projector final = acked",
         lambda n: f"{med[n]['acked']:g}/{med[n]['planned']:g}; {med[n]['lost']:g}; {med[n]['double']:g}; "
                   f"{med[n]['projector_final_ok']}"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(n) for n in names) + " |")
    runs_count = {n: len(rs) for n, rs in runs.items()}
    return "\n".join(lines) + f"\n(medians of {runs_count} runs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default="node,one,two", help="which servers, in order: node, one, two")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of every server; the table shows medians")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phones", type=int, default=PHONES,
                        help="fewer phones for a quick try (the answers scale with them)")
    parser.add_argument("--out", type=Path, help="every figure of every run as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the databases and logs (printed)")
    args = parser.parse_args()
    names = [n.strip() for n in args.servers.split(",") if n.strip()]
    if unknown := set(names) - set(SERVERS):
        raise SystemExit(f"unknown server {min(unknown)!r}: choose from {', '.join(SERVERS)}")
    if shutil.which("node") is None:
        raise SystemExit("compare.py needs node (Debian package nodejs)")
    if not (REFERENCE / "node_modules" / "better-sqlite3").exists():
        raise SystemExit(f"first run `npm ci` in {REFERENCE} (benchmarks/README.md)")
    raise_fd_limit(2 * PHONES + 1024)
    workdir = Path(tempfile.mkdtemp(prefix="workshop-compare-"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=False).stdout.strip()
    at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    started = {"machine": machine(), "commit": commit, "at": at}
    runs: dict[str, list[dict]] = {n: [] for n in names}
    try:
        for round_ in range(args.repeat):
            for name in names:
                load = [round(x, 2) for x in os.getloadavg()]
                try:
                    result = run_one(name, workdir / f"{name}-{round_}", args.seed + round_, args.phones)
                except (SystemExit, Exception) as error:  # noqa: BLE001 - a failed run must not lose the rest
                    print(f"{name} round {round_ + 1}: FAILED: {error}", flush=True)
                    continue
                result["loadavg_at_start"] = load
                runs[name].append(result)
                s = summary(result)
                figures = ", ".join(f"{k} {v}" for k, v in s.items())
                print(f"{name} round {round_ + 1}: load {load}; {figures}", flush=True)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    m = started["machine"]
    print(f"\nmachine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}, load average at start "
          f"{m['loadavg_at_start']}; commit {started['commit']}; {started['at']}")
    text = table({name: done for name, done in runs.items() if done})
    print(text)
    if args.out:
        args.out.write_text(json.dumps({**started, "runs": runs, "table": text}, indent=2, default=str))


if __name__ == "__main__":
    main()
