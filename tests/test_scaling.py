"""Two server processes on one Redis message queue serve one session: an answer sent to process A reaches the
projector connected to process B and is stored once (docs/scaling.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sqlite3
import time

import pytest
import socketio

from workshop import store
from workshop.db import init

from .server import LiveServer, free_port
from .test_integration import Presenter


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/run installs it (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    client.close()
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def two_servers(tmp_path, redis_url):
    env = {"WORKSHOP_MESSAGE_QUEUE": redis_url}
    first = LiveServer(tmp_path, env=env)
    second = LiveServer(tmp_path, env=env)  # the same database file
    code = first.cli("session", "new", "--deck", "tests/fixtures/live.md", "--kind", "landelijk",
                     "--place", "Eenheid Oost").splitlines()[-1]
    # one phone's answer is counted across processes here, not the five-person rule: k = 1 (test database only)
    db = sqlite3.connect(str(first.db))
    with db:
        db.execute("update sessions set min_group = 1 where code = ?", [code])
    db.close()
    first.start()
    second.start()
    first.code = second.code = code
    yield first, second
    first.stop()
    second.stop()


def test_an_answer_to_process_a_reaches_the_projector_on_process_b_once(two_servers):
    a, b = two_servers
    presenter = Presenter(b)
    assert presenter.call("watch", {"code": b.code})["ok"]

    phone = socketio.Client()
    states = []
    phone.on("state", states.append, namespace="/participant")
    phone.connect(a.url, namespaces=["/participant"], transports=["websocket"], wait_timeout=10)
    assert phone.call("join", {"code": a.code, "token": "e" * 32}, namespace="/participant", timeout=10)["ok"]
    presenter.wait_for(lambda v: v["connected"] == 1)  # counted on A, seen from B

    assert presenter.call("goto", {"code": b.code, "slide": 1})["ok"]
    assert presenter.call("open", {"code": b.code, "question_id": "domein"})["ok"]
    deadline = time.monotonic() + 10
    while not any(s["status"] == "open" for s in states) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert states and states[-1]["question"]["id"] == "domein"  # B's change reached the phone on A

    ack = phone.call("respond", {"question_id": "domein", "value": 1, "answer_id": "x1"}, namespace="/participant",
                     timeout=10)
    assert ack["ok"]
    view = presenter.wait_for(lambda v: v["responses"] == 1)
    assert [o["count"] for o in view["result"]["options"]] == [0, 1, 0, 0]

    phone.disconnect()
    presenter.wait_for(lambda v: v["connected"] == 0)
    presenter.client.disconnect()
    db = init(str(a.db))
    row = store.session_by_code(db, a.code)
    assert store.response_values(db, row["id"], "domein") == [[1]]


def test_phones_of_a_crashed_process_stop_counting(redis_url):
    from workshop.presence import RedisPresence

    alive, crashed = RedisPresence(redis_url, prefix="t"), RedisPresence(redis_url, prefix="t")
    alive.connect(1, "a1")
    crashed.connect(1, "b1")
    crashed.connect(1, "b2")
    assert alive.count(1) == 3
    crashed.redis.delete(crashed._alive(crashed.process))  # its heartbeat expires: the process is gone
    assert alive.count(1) == 1
    assert alive.disconnect("a1") == [1] and alive.count(1) == 0


def test_the_redis_heartbeat_is_sent_at_most_once_a_second(redis_url, monkeypatch):
    from workshop.presence import RedisPresence

    presence = RedisPresence(redis_url, prefix="beat")
    sent = []
    monkeypatch.setattr(presence.redis, "set", lambda *args, **kwargs: sent.append(args))
    for _ in range(20):
        presence.heartbeat()
    assert sent == []  # the constructor's beat was just now
    presence.beaten -= presence.BEAT
    presence.heartbeat()
    assert len(sent) == 1

