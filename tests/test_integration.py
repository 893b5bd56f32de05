"""20 phones and a projector against a real server on loopback, following docs/protocol.md."""

from __future__ import annotations

import threading
import time

import pytest
import socketio
from pptx import Presentation

from .server import LiveServer

PHONES = 20


@pytest.fixture
def server(tmp_path):
    """A real server with a session on tests/fixtures/live.md."""
    live = LiveServer(tmp_path)
    live.start_session()
    yield from live.serving()


class Presenter:
    """A facilitator's socket that remembers the last presenter view it received."""

    def __init__(self, server: LiveServer):
        self.http = server.login()
        self.client = socketio.Client(http_session=self.http)
        self.last_view = None
        self.changed = threading.Event()

        @self.client.on("results", namespace="/facilitator")
        def on_results(view):
            self.last_view = view
            self.changed.set()

        self.client.connect(server.url, namespaces=["/facilitator"], transports=["websocket"], wait_timeout=10)

    def call(self, event, payload):
        return self.client.call(event, payload, namespace="/facilitator", timeout=10)

    def wait_for(self, predicate, seconds=20):
        """Wait until a received presenter view satisfies predicate (bounded: the test fails if it never does)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.last_view is not None and predicate(self.last_view):
                return self.last_view
            self.changed.wait(0.2)
            self.changed.clear()
        raise AssertionError(f"no presenter view matched; last was {self.last_view}")


def test_twenty_phones_answer_and_projector_and_export_agree(server, tmp_path):
    presenter = Presenter(server)
    assert presenter.call("watch", {"code": server.code})["ok"]

    phones = []
    for number in range(PHONES):
        phone = socketio.Client()
        phone.connect(server.url, namespaces=["/participant"], wait_timeout=10)
        ack = phone.call("join", {"code": server.code, "token": f"{number:032x}"}, namespace="/participant",
                         timeout=10)
        assert ack["ok"], ack
        phones.append(phone)
    view = presenter.wait_for(lambda v: v["connected"] == PHONES)
    assert view["participants"] == PHONES

    assert presenter.call("goto", {"code": server.code, "slide": 1})["ok"]
    assert presenter.call("open", {"code": server.code, "question_id": "domein"})["ok"]

    acks = [None] * PHONES

    def answer(index):
        acks[index] = phones[index].call("respond", {"question_id": "domein", "value": index % 4},
                                         namespace="/participant", timeout=15)

    threads = [threading.Thread(target=answer, args=(i,)) for i in range(PHONES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(ack and ack["ok"] for ack in acks), acks

    expected = [sum(1 for i in range(PHONES) if i % 4 == option) for option in range(4)]
    view = presenter.wait_for(lambda v: v["responses"] == PHONES)
    assert [o["count"] for o in view["result"]["options"]] == expected

    assert presenter.call("close", {"code": server.code, "question_id": "domein"})["ok"]
    # A client's disconnect waits for its transport to wind down (seconds): all at once, not one by one.
    closing = [threading.Thread(target=c.disconnect) for c in [*phones, presenter.client]]
    for thread in closing:
        thread.start()
    for thread in closing:
        thread.join()

    out = tmp_path / "summary.pptx"
    server.cli("export", "deck", server.code, "-o", str(out))
    charts = [shape.chart for slide in Presentation(out).slides for shape in slide.shapes if shape.has_chart]
    first = charts[0]
    assert list(first.plots[0].categories) == ["Politie", "Zorg", "Gemeente", "Anders"]
    assert [int(v) for v in first.plots[0].series[0].values] == expected


def test_a_cross_origin_handshake_is_refused(server):
    """A page on another site cannot open a socket: no Engine.IO session, so no event reaches a handler.

    (gevent-websocket completes the WebSocket upgrade before Engine.IO checks the origin; Engine.IO then
    closes the socket without its `open` packet.)
    """
    import websocket

    address = server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    for origin, opened in (("http://evil.example", False), (server.url, True)):
        raw = websocket.create_connection(address, origin=origin, timeout=5)
        try:
            first = raw.recv()
        except websocket.WebSocketException:
            first = ""
        finally:
            raw.close()
        assert first.startswith('0{"sid"') is opened, (origin, first)
    same = socketio.Client()
    same.connect(server.url, namespaces=["/participant"], transports=["websocket"], wait_timeout=5)
    assert same.connected
    same.disconnect()


def test_the_server_log_holds_no_answers_tokens_or_payloads(server):
    presenter = Presenter(server)
    presenter.call("goto", {"code": server.code, "slide": 1})
    presenter.call("open", {"code": server.code, "question_id": "domein"})
    token = "f0" * 16
    phone = socketio.Client()
    phone.connect(server.url, namespaces=["/participant"], transports=["websocket"], wait_timeout=10)
    assert phone.call("join", {"code": server.code, "token": token}, namespace="/participant", timeout=10)["ok"]
    assert phone.call("respond", {"question_id": "domein", "value": 2, "answer_id": "geheim-antwoord-42"},
                      namespace="/participant", timeout=10)["ok"]
    # a refused payload too: its content must not be echoed into the log
    phone.call("respond", {"question_id": "domein", "value": "Jansen woont op nummer 12"}, namespace="/participant",
               timeout=10)
    phone.disconnect()
    presenter.client.disconnect()
    server.stop()
    log = server.log.read_text()
    for secret in (token, "geheim-antwoord-42", "Jansen"):
        assert secret not in log
