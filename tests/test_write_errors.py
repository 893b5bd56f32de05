"""A full disk or a read-only database is never silent: error acks, a banner for the facilitator, no start."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from workshop import accounts, sessions, store
from workshop import writer as writers
from workshop.db import connect, init
from workshop.live import FACILITATOR

from .test_boards import control  # noqa: F401 - a fixture
from .test_live import emit, events_named, show_question

NOT_SAVED = {"ok": False, "error": "Niet opgeslagen, probeer het opnieuw.", "retry": True}
ANSWER = "Korte lijnen met de wijkagent"


def disk_full(*args, **kwargs):
    raise sqlite3.OperationalError("database or disk is full")


def answers(db, session_id):
    return store.response_values(db, session_id, "verwachting", shown_only=False)


def test_a_full_disk_acks_not_saved_and_the_control_view_hears_of_it(db, session_row, phone, control,  # noqa: F811
                                                                   monkeypatch, caplog):
    code = session_row["code"]
    desk = control(code)
    show_question(desk, code, 3, "verwachting")
    client = phone(code)
    monkeypatch.setattr(store, "save_response", disk_full)
    with caplog.at_level(logging.INFO):
        ack = emit(client, "respond", {"question_id": "verwachting", "value": [ANSWER], "answer_id": "a1"})
    assert ack == NOT_SAVED
    (banner,) = events_named(desk, "storage", FACILITATOR)
    assert banner["ok"] is False and banner["at"] > 0
    assert "participant_respond: the database refused a write: database or disk is full" in caplog.text
    assert ANSWER not in caplog.text
    assert answers(db, session_row["id"]) == []


def test_a_read_only_database_through_the_batching_writer_keeps_the_answer_for_a_resend(
        app, db, session_row, phone, presenter, monkeypatch):
    code = session_row["code"]
    show_question(presenter(code), code, 3, "verwachting")
    client = phone(code)

    def read_only(path, check_same_thread=True):
        db = connect(path, check_same_thread)
        db.execute("pragma query_only = on")  # SQLite itself refuses every write, as on a read-only file
        return db

    monkeypatch.setattr(writers, "connect", read_only)
    app.extensions["workshop.writer"] = writers.Writer(app.config["DATABASE"])
    try:
        payload = {"question_id": "verwachting", "value": [ANSWER], "answer_id": "a1"}
        assert emit(client, "respond", payload) == NOT_SAVED
        assert answers(db, session_row["id"]) == []
        monkeypatch.setattr(writers, "connect", connect)  # the disk is writable again; the phone sends it again
        app.extensions["workshop.writer"] = writers.Writer(app.config["DATABASE"])
        assert emit(client, "respond", payload)["ok"]
        assert emit(client, "respond", payload)["ok"]  # a second resend is recognised, not stored twice
        assert answers(db, session_row["id"]) == [[ANSWER]]
    finally:
        app.extensions.pop("workshop.writer")


def test_a_facilitators_button_answers_when_the_database_refuses(session_row, control, monkeypatch):  # noqa: F811
    code = session_row["code"]
    desk = control(code)
    monkeypatch.setattr(store, "set_question_status", disk_full)
    ack = emit(desk, "open", {"code": code, "question_id": "domein"}, FACILITATOR)
    assert ack == NOT_SAVED
    assert len(events_named(desk, "storage", FACILITATOR)) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_nobody() -> list[str]:
    """The command prefix that drops root's rights: root writes to a read-only file anyway."""
    if os.getuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only file is writable to root")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_the_server_refuses_to_start_on_a_read_only_database():
    folder = Path(tempfile.mkdtemp(prefix="workshop-ro-"))
    try:
        folder.chmod(0o777)  # the folder stays writable (the secret key goes there); only the file is read-only
        path = folder / "workshop.db"
        made = init(str(path))
        accounts.add(made, "admin", "correct horse battery")  # an earlier start made the first account
        made.close()
        path.chmod(0o444)
        started = subprocess.run(
            [*as_nobody(), sys.executable, "-m", "workshop", "--db", str(path), "serve", "--host", "127.0.0.1",
             "--port", str(free_port())],
            capture_output=True, text=True, timeout=60, cwd=folder, check=False,
            env={**os.environ, "HOME": str(folder)})
        assert started.returncode == 1
        assert started.stderr.startswith(f"Error: {path}: the database cannot be written "
                                         "(attempt to write a readonly database).")
        assert "Traceback" not in started.stderr
    finally:
        shutil.rmtree(folder)


def test_a_page_whose_write_the_database_refuses_says_so(logged_in, db, monkeypatch, caplog):
    monkeypatch.setattr(sessions, "start_session", disk_full)
    response = logged_in.post("/f/sessions", data={"deck": "demo.md", "kind": "gemeente", "place": "Zeist",
                                                   "date": "2026-11-29"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "10"
    assert response.text.startswith("Niet opgeslagen: de database kan nu niet schrijven")
    assert "the database refused a request: database or disk is full" in caplog.text
    assert "Zeist" not in caplog.text
