"""Kill the server mid-stream: every acknowledged answer survives, phones resend the rest, the session resumes."""

from __future__ import annotations

import threading
import time

import pytest
import socketio

from workshop import store
from workshop.db import init

from .server import LiveServer
from .test_integration import Presenter

PHONES, ANSWERS = 6, 12


class Phone(threading.Thread):
    """Answers one question again and again with new ids; after a lost connection it rejoins and resends."""

    def __init__(self, server: LiveServer, number: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.server, self.number, self.stop = server, number, stop
        self.token = f"{number + 1:032x}"
        self.acked: list[tuple[str, int]] = []  # (answer id, value) in the order acknowledged
        self.client = socketio.Client(reconnection_delay=0.2, reconnection_delay_max=1)
        self.joined = False
        self.client.on("disconnect", self.lost, namespace="/participant")

    def lost(self, *args):
        self.joined = False

    def run(self):
        self.client.connect(self.server.url, namespaces=["/participant"], transports=["websocket"], wait_timeout=10)
        sent = 0
        while sent < ANSWERS and not self.stop.is_set():
            answer_id, value = f"p{self.number}-a{sent}", sent % 4
            try:
                if not self.joined:
                    if not self.client.connected:
                        time.sleep(0.1)
                        continue
                    ack = self.client.call("join", {"code": self.server.code, "token": self.token},
                                           namespace="/participant", timeout=3)
                    self.joined = bool(ack and ack["ok"])
                    continue
                ack = self.client.call("respond", {"question_id": "domein", "value": value, "answer_id": answer_id},
                                       namespace="/participant", timeout=3)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                    socketio.exceptions.SocketIOError):
                self.joined = False  # resend the same answer id after rejoining
                time.sleep(0.1)
                continue
            if ack and ack["ok"]:
                self.acked.append((answer_id, value))
                sent += 1
                time.sleep(0.05)


@pytest.fixture
def server(tmp_path):
    """A real server with a session on tests/fixtures/live.md."""
    live = LiveServer(tmp_path)
    live.start_session()
    yield from live.serving()


def test_acknowledged_answers_survive_a_kill_and_the_session_resumes(server):
    presenter = Presenter(server)
    presenter.call("goto", {"code": server.code, "slide": 1})
    assert presenter.call("open", {"code": server.code, "question_id": "domein", "seconds": 900})["ok"]
    presenter.client.disconnect()

    stop = threading.Event()
    phones = [Phone(server, n, stop) for n in range(PHONES)]
    for phone in phones:
        phone.start()
    deadline = time.monotonic() + 30
    while sum(len(p.acked) for p in phones) < PHONES * 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.process.kill()  # SIGKILL: no shutdown, no flush
    server.process.wait()
    acked_before_kill = {p.number: list(p.acked) for p in phones}
    server.start()

    for phone in phones:
        phone.join(timeout=60)
    stop.set()
    closing = [threading.Thread(target=p.client.disconnect) for p in phones]
    for thread in closing:
        thread.start()
    for thread in closing:
        thread.join()
    assert all(len(p.acked) == ANSWERS for p in phones), [len(p.acked) for p in phones]

    db = init(str(server.db))
    row = store.session_by_code(db, server.code)
    values = {r["participant_id"]: (r["value"], r["client_id"])
              for r in db.query("select participant_id, value, client_id from responses where session_id = ?",
                                [row["id"]])}
    assert len(values) == PHONES  # one row per phone: never counted twice
    assert store.count_participants(db, row["id"]) == PHONES  # a rejoining phone is the same participant
    stored = set(values.values())
    for phone in phones:
        last_id, last_value = phone.acked[-1]
        assert (f"[{last_value}]", last_id) in stored  # the last acknowledged answer is the one stored
    # answers were acknowledged before the kill, and the phones went on after it
    assert sum(len(acked) for acked in acked_before_kill.values()) >= PHONES * 3
    assert sum(len(acked) for acked in acked_before_kill.values()) < PHONES * ANSWERS

    again = Presenter(server)
    view = again.call("watch", {"code": server.code})["state"]
    assert (view["slide"], view["question"]["id"], view["status"]) == (1, "domein", "open")
    assert 0 < view["closes_in"] <= 900
    assert view["responses"] == PHONES
    again.client.disconnect()
