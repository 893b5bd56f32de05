"""Fixtures: a fresh database file per test, the app, HTTP and CLI clients, socket clients, a live server."""

from __future__ import annotations

import pytest

from workshop import accounts, create_app, sessions
from workshop import deck as decks
from workshop.db import init
from workshop.live import FACILITATOR, PARTICIPANT, flush_results, live, socketio

PASSWORD = "correct horse battery"

DECK = """\
---
title: Testdeck
---
# Welkom

---
## Welk domein?

```interaction
kind: choice
id: domein
options: [Politie, Zorg, Gemeente]
```

---
## Samenwerking

```interaction
kind: scale
id: samenwerking
items: [Algemeen, Acuut]
labels: [slecht, goed]
```

---
## Wat verwacht je?

```interaction
kind: open
id: verwachting
answers: 2
```
"""


@pytest.fixture
def app(tmp_path):
    """An app on a fresh database with one facilitator, `admin` (an admin: sessions made without an owner
    are the admins')."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "test.db"),
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "RESULTS_LOOP": False,
        }
    )
    with app.app_context():
        accounts.add(init(app.config["DATABASE"]), "admin", PASSWORD, is_admin=True)
    live.__init__()  # forget connections counted by an earlier test
    yield app


@pytest.fixture
def db(app):
    """A connection to the test database."""
    connection = init(app.config["DATABASE"])
    yield connection
    connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def logged_in(client):
    """An HTTP client logged in as the facilitator."""
    response = client.post("/login", data={"name": "admin", "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session_row(db):
    """A live session started from the test deck."""
    return sessions.start_session(db, decks.parse(DECK, "test.md"), "gemeente", "Utrecht", "2026-11-29")


@pytest.fixture
def phone(app):
    """Make participant socket clients: phone() joins nothing yet; phone(code) joins that session."""
    made = []

    def make(code: str | None = None, token: str | None = None):
        client = socketio.test_client(app, namespace=PARTICIPANT)
        made.append(client)
        if code:
            token = token or f"{len(made):032x}"
            ack = client.emit("join", {"code": code, "token": token}, namespace=PARTICIPANT, callback=True)
            assert ack["ok"], ack
            client.join_ack = ack
        return client

    yield make
    for client in made:
        if client.is_connected(PARTICIPANT):
            client.disconnect(PARTICIPANT)


@pytest.fixture
def presenter(app, logged_in):
    """Make facilitator socket clients (logged in) that watch a session."""
    made = []

    def make(code: str):
        client = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=logged_in)
        made.append(client)
        ack = client.emit("watch", {"code": code}, namespace=FACILITATOR, callback=True)
        assert ack["ok"], ack
        client.watch_ack = ack
        return client

    yield make
    for client in made:
        if client.is_connected(FACILITATOR):
            client.disconnect(FACILITATOR)


@pytest.fixture
def flush(app):
    """Send pending presenter updates now (the server does this a few times a second)."""

    def run():
        with app.app_context():
            flush_results()

    return run


@pytest.fixture
def every_aggregate(monkeypatch):
    """Show aggregates of any number of people (k = 1): for tests of counting with one or two phones, not of
    the five-person rule (docs/privacy.md), which tests/test_small_groups.py and others check."""
    monkeypatch.setattr(sessions, "min_group", lambda session: 1)
