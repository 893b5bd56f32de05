"""A second server process on one database without a shared message queue refuses to start (#16, point 4).

Real starts of `workshop serve` (tests/server.py); with Redis, two processes on one queue start as
tests/test_scaling.py shows.
"""

from __future__ import annotations

import signal

import pytest

from .server import LiveServer
from .test_scaling import redis_url  # noqa: F401  (fixture)


def refused(server: LiveServer) -> str:
    """Start a server that must refuse; its output."""
    with pytest.raises(RuntimeError, match="server did not start"):
        server.start()
    assert server.process.wait(timeout=10) == 1
    return server.log.read_text()


def test_a_second_process_without_a_message_queue_refuses_with_the_reason(tmp_path):
    first = LiveServer(tmp_path).start()
    try:
        second = LiveServer(tmp_path)  # the same database file
        second.log = tmp_path / "second.log"
        output = refused(second)
        assert f"is served already by process {first.process.pid} on " in output
        assert "WORKSHOP_MESSAGE_QUEUE" in output and "Traceback" not in output
        assert first.process.poll() is None  # the first one serves on
    finally:
        first.stop()
    LiveServer(tmp_path).start().stop()  # once it is gone, another may serve the database


def test_a_killed_server_leaves_no_lock_behind(tmp_path):
    first = LiveServer(tmp_path).start()
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)
    LiveServer(tmp_path).start().stop()


def test_with_a_message_queue_several_may_serve_but_not_one_without(tmp_path, redis_url):  # noqa: F811
    queue = {"WORKSHOP_MESSAGE_QUEUE": redis_url}
    first, second = LiveServer(tmp_path, env=queue).start(), LiveServer(tmp_path, env=queue)
    second.log = tmp_path / "second.log"
    try:
        second.start()
        lone = LiveServer(tmp_path)
        lone.log = tmp_path / "lone.log"
        assert "is served already by process" in refused(lone)
        other = LiveServer(tmp_path, env={"WORKSHOP_MESSAGE_QUEUE": redis_url.replace("/0", "/1")})
        other.log = tmp_path / "other.log"
        assert "needs the same queue" in refused(other)
    finally:
        first.stop()
        second.stop()


def test_a_server_with_a_queue_refuses_a_database_served_without_one(tmp_path, redis_url):  # noqa: F811
    first = LiveServer(tmp_path).start()
    try:
        queued = LiveServer(tmp_path, env={"WORKSHOP_MESSAGE_QUEUE": redis_url})
        queued.log = tmp_path / "queued.log"
        assert "without a message queue" in refused(queued)
    finally:
        first.stop()
