"""One session, several facilitator accounts: a co-facilitator runs it with its owner, a note-taker only
writes notes, and taking someone off a session ends their access, open sockets too (#20, co-facilitators)."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time

import pytest

from workshop import accounts, members, sessions, store, studies
from workshop import deck as decks
from workshop.live import FACILITATOR, drop_lost_sessions, socketio

from .conftest import PASSWORD
from .test_boards import BOARD_DECK
from .test_live import emit, events_named

UNKNOWN = {"ok": False, "error": "unknown session code"}


def login(app, name):
    client = app.test_client()
    assert client.post("/login", data={"name": name, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def team(app, db):
    """alice owns a session with a statement board (pre-moderated); bob co-facilitates, nina takes notes."""
    ids = {name: accounts.add(db, name, PASSWORD) for name in ("alice", "bob", "nina", "olga")}
    row = sessions.start_session(db, decks.parse(BOARD_DECK.format(moderation="pre"), "b.md"), "gemeente",
                                 "Utrecht", "2026-11-29", facilitator_id=ids["alice"])
    members.share(db, row, "bob", "cofacilitator", ids["alice"])
    members.share(db, row, "nina", "notes", ids["alice"])
    return row, ids


@pytest.fixture
def runner(app):
    """The `workshop` command on the test database, as a real process (as from a terminal beside the server)."""

    def run(args):
        result = subprocess.run([sys.executable, "-m", "workshop", "--db", app.config["DATABASE"], *args],
                                capture_output=True, text=True, timeout=60)
        result.output = result.stdout + result.stderr
        return result

    return run


@pytest.fixture
def sockets(app):
    made = []

    def control(http, code):
        client = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=http)
        made.append(client)
        ack = emit(client, "watch", {"code": code, "role": "control"}, FACILITATOR)
        return client, ack

    yield control
    for client in made:
        if client.is_connected(FACILITATOR):
            client.disconnect(FACILITATOR)


def test_two_facilitators_run_one_session_and_the_log_names_each(app, db, team, sockets, phone):
    row, ids = team
    code = row["code"]
    alice, alice_ack = sockets(login(app, "alice"), code)
    bob, bob_ack = sockets(login(app, "bob"), code)
    assert alice_ack["ok"] and bob_ack["ok"], bob_ack

    # alice presents: the board's slide, opened; bob's control view follows
    assert emit(alice, "goto", {"code": code, "slide": 1}, FACILITATOR)["ok"]
    assert emit(alice, "open", {"code": code, "question_id": "stellingen"}, FACILITATOR)["ok"]
    seen_by_bob = events_named(bob, "state", FACILITATOR)
    assert seen_by_bob[-1]["slide"] == 1 and seen_by_bob[-1]["status"] == "open"

    # a phone adds a statement: both control views get it in their queue; bob approves it
    client = phone(code)
    submitted = emit(client, "submit", {"question_id": "stellingen", "text": "Zorg moet vaker de regie nemen"})
    assert submitted["submission"]["status"] == "pending"
    queues = [events_named(view, "moderation", FACILITATOR)[-1]["queue"] for view in (alice, bob)]
    assert all(q and q[0]["id"] == submitted["submission"]["id"] for q in queues)
    approved = emit(bob, "moderate", {"code": code, "submission_id": submitted["submission"]["id"],
                                      "action": "approve"}, FACILITATOR)
    assert approved["ok"], approved
    assert events_named(alice, "moderation", FACILITATOR)[-1]["queue"] == []  # alice sees bob's decision
    # and a note of each, to both control views, under each one's name
    assert emit(bob, "note", {"code": code, "text": "zaal is het eens"}, FACILITATOR)["ok"]
    assert [n["author"] for n in events_named(alice, "note", FACILITATOR)] == ["bob"]

    log = store.session_log(db, row["id"])
    who = {(e["type"], e["facilitator"]) for e in log}
    assert {("slide_shown", "alice"), ("question_opened", "alice"), ("submission_approved", "bob"),
            ("session_shared", "alice")} <= who
    page = login(app, "alice").get(f"/f/s/{code}").text
    assert "submission_approved" in page and "<td>bob</td>" in page and "<td>alice</td>" in page

    # bob may end the session, like its owner
    assert login(app, "bob").post(f"/f/s/{code}/end").status_code == 302
    assert store.session_by_id(db, row["id"])["state"] == "ended"
    assert ("session_ended", "bob") in {(e["type"], e["facilitator"]) for e in store.session_log(db, row["id"])}


def test_a_note_taker_account_reaches_only_the_notes_page(app, db, team, sockets):
    row, ids = team
    code = row["code"]
    nina = login(app, "nina")
    dashboard = nina.get("/f/").text
    assert code in dashboard and f"/f/s/{code}/notes" in dashboard
    for path in (f"/f/s/{code}", f"/f/s/{code}/present", f"/f/s/{code}/control", f"/f/s/{code}/qr.svg",
                 f"/f/s/{code}/export/deck.pptx", f"/f/s/{code}/export/data.csv"):
        assert nina.get(path).status_code == 404, path
    for path in (f"/f/s/{code}/end", f"/f/s/{code}/edit", f"/f/s/{code}/delete", f"/f/s/{code}/share"):
        assert nina.post(path, data={"confirm": code, "title": "x", "name": "nina"}).status_code == 404, path
    assert store.session_by_id(db, row["id"])["state"] == "live"
    assert nina.get(f"/f/compare?code={code}").text.count(code) == 0

    socket, ack = sockets(nina, code)
    assert ack == UNKNOWN  # as for a session that does not exist
    for event, payload in (("watch", {"role": "present"}), ("goto", {"slide": 1}),
                           ("open", {"question_id": "stellingen"}), ("note", {"text": "mag niet"}),
                           ("moderate", {"submission_id": 1, "action": "approve"}),
                           ("split", {"question_id": "stellingen", "by": None})):
        assert emit(socket, event, {"code": code, **payload}, FACILITATOR) == UNKNOWN, event

    page = nina.get(f"/f/s/{code}/notes")
    assert page.status_code == 200 and "nina" in page.text
    assert nina.post(f"/f/s/{code}/notes", data={"text": "de zaal twijfelt"}).status_code == 302
    assert [(n["author"], n["text"]) for n in store.notes(db, row["id"])] == [("nina", "de zaal twijfelt")]
    assert login(app, "olga").get(f"/f/s/{code}/notes").status_code == 404  # nobody else
    assert nina.get("/f/s/ABCDEFGHJ/notes").status_code == 404


def test_only_those_responsible_share_or_delete_a_session(app, db, team):
    row, ids = team
    code = row["code"]
    bob = login(app, "bob")
    assert bob.get(f"/f/s/{code}").status_code == 200
    bob.post(f"/f/s/{code}/share", data={"name": "olga", "role": "cofacilitator"})
    bob.post(f"/f/s/{code}/unshare/{ids['nina']}")
    bob.post(f"/f/s/{code}/delete", data={"confirm": code})
    assert store.session_by_id(db, row["id"]) is not None
    assert [(m["name"], m["role"]) for m in store.session_members(db, row["id"])] == [
        ("bob", "cofacilitator"), ("nina", "notes")]
    assert 'id="share-session"' not in bob.get(f"/f/s/{code}").text

    alice = login(app, "alice")
    assert 'id="share-session"' in alice.get(f"/f/s/{code}").text
    alice.post(f"/f/s/{code}/share", data={"name": "olga", "role": "notes"})
    assert "geen begeleider met de naam" in alice.post(
        f"/f/s/{code}/share", data={"name": "nobody"}, follow_redirects=True).text
    assert "een rol is" in alice.post(f"/f/s/{code}/share", data={"name": "olga", "role": "boss"},
                                      follow_redirects=True).text
    assert "olga" in {m["name"] for m in store.session_members(db, row["id"])}


def test_taking_a_co_facilitator_off_ends_their_pages_and_their_open_socket(app, db, team, sockets):
    row, ids = team
    code = row["code"]
    alice_http = login(app, "alice")
    bob_http = login(app, "bob")
    alice, _ = sockets(alice_http, code)
    bob, ack = sockets(bob_http, code)
    assert ack["ok"]
    bob.get_received(FACILITATOR)

    assert alice_http.post(f"/f/s/{code}/unshare/{ids['bob']}").status_code == 302
    assert events_named(bob, "access_ended", FACILITATOR) == [{"code": code}]
    assert emit(alice, "goto", {"code": code, "slide": 2}, FACILITATOR)["ok"]
    assert events_named(bob, "state", FACILITATOR) == []  # no longer in the session's rooms
    assert emit(bob, "goto", {"code": code, "slide": 0}, FACILITATOR) == UNKNOWN
    assert store.session_by_id(db, row["id"])["current_slide"] == 2
    assert bob_http.get(f"/f/s/{code}").status_code == 404 and code not in bob_http.get("/f/").text
    assert ("session_unshared", "alice") in {(e["type"], e["facilitator"]) for e in store.session_log(db, row["id"])}


def test_unsharing_from_the_command_line_reaches_an_open_socket_through_the_sweep(app, db, team, sockets, runner):
    row, ids = team
    code = row["code"]
    projector, ack = sockets(login(app, "bob"), code)
    assert ack["ok"]
    with app.app_context():
        drop_lost_sessions()
    assert events_named(projector, "access_ended", FACILITATOR) == []  # nothing lost yet

    result = runner(["session", "unshare", code, "bob"])
    assert result.returncode == 0 and "no longer shared with bob" in result.output
    with app.app_context():
        drop_lost_sessions()  # the server does this every second
    assert events_named(projector, "access_ended", FACILITATOR) == [{"code": code}]

    again = runner(["session", "unshare", code, "bob"])
    assert again.returncode == 1 and "niet gedeeld met 'bob'" in again.output and "Traceback" not in again.output


def test_session_share_on_the_command_line(app, db, team, runner):
    row, ids = team
    code = row["code"]
    result = runner(["session", "share", code, "olga", "--role", "notes"])
    assert result.returncode == 0, result.output
    assert ("olga", "notes") in {(m["name"], m["role"]) for m in store.session_members(db, row["id"])}
    promoted = runner(["session", "share", code, "olga"])  # the default role: co-facilitator
    assert promoted.returncode == 0 and "(cofacilitator)" in promoted.output
    assert store.may_act_on_session(db, ids["olga"], row["id"])
    assert runner(["session", "share", code, "alice"]).returncode == 1  # the owner already
    unknown = runner(["session", "share", code, "nobody"])
    assert unknown.returncode == 1 and "geen begeleider met de naam 'nobody'" in unknown.output


def test_a_removed_account_leaves_the_sessions_shared_with_it(app, db, team):
    row, ids = team
    accounts.remove(db, "bob")
    accounts.remove(db, "nina")
    assert store.session_members(db, row["id"]) == []
    store.delete_session(db, row["id"])  # and a session shared with someone can be deleted
    assert store.session_by_id(db, row["id"]) is None


def test_a_co_facilitator_cannot_take_a_session_into_a_study_of_their_own(app, db, team):
    row, ids = team
    bob = login(app, "bob")
    own = studies.create(db, "Bobs studie", ids["bob"])
    assert f'value="{row["code"]}"' not in bob.get(f"/f/studies/{own['id']}").text  # not offered
    reply = bob.post(f"/f/studies/{own['id']}/sessions", data={"code": row["code"]}, follow_redirects=True)
    assert "alleen wie verantwoordelijk is voor sessie" in reply.text
    assert store.session_by_id(db, row["id"])["study_id"] is None
    assert not store.may_manage_session(db, ids["bob"], row["id"])  # so bob still cannot share or delete it
    # what participants see after the session stays the choice of those responsible
    bob.post(f"/f/s/{row['code']}/edit", data={"published": "results"})
    assert store.session_by_id(db, row["id"])["published"] != "results"
    assert 'id="edit-published"' not in bob.get(f"/f/s/{row['code']}").text


def test_taking_someone_off_the_session_makes_a_new_note_taker_link(app, db, team):
    from workshop.views.notes import note_taker_token

    row, ids = team
    with app.test_request_context():
        before = note_taker_token(row)
    anonymous = app.test_client()
    assert anonymous.get(f"/n/{before}").status_code == 200
    login(app, "alice").post(f"/f/s/{row['code']}/unshare/{ids['bob']}")  # bob may have copied the link
    assert anonymous.get(f"/n/{before}").status_code == 404
    with app.test_request_context():
        after = note_taker_token(row)
    assert after != before and anonymous.get(f"/n/{after}").status_code == 200


def test_the_signed_note_taker_link_keeps_working(app, db, team):
    from workshop.views.notes import note_taker_token

    row, ids = team
    with app.test_request_context():
        token = note_taker_token(row)
    anonymous = app.test_client()
    assert anonymous.post(f"/n/{token}", data={"text": "via de link", "author": "Piet"}).status_code == 302
    assert ("Piet", "via de link") in {(n["author"], n["text"]) for n in store.notes(db, row["id"])}



# The same with python-socketio clients against a real server: two logins, two control views, a phone. -------


class Control:
    """A facilitator's control-view socket on a real server that keeps every event it receives."""

    def __init__(self, server, code: str, name: str, password: str):
        import socketio as client_io

        self.code, self.events, self.lock = code, [], threading.Lock()
        self.client = client_io.Client(http_session=server.login(name, password))
        for event in ("state", "moderation", "access_ended"):
            self.client.on(event, self._keeper(event), namespace="/facilitator")
        self.client.connect(server.url, namespaces=["/facilitator"], transports=["websocket"], wait_timeout=10)
        assert self.call("watch", {"role": "control"})["ok"]

    def _keeper(self, name):
        def keep(data):
            with self.lock:
                self.events.append((name, data))
        return keep

    def call(self, event: str, payload: dict) -> dict:
        return self.client.call(event, {"code": self.code, **payload}, namespace="/facilitator", timeout=10)

    def wait_for(self, name: str, predicate, seconds: float = 20):
        """The first `name` event whose payload satisfies predicate (bounded: fails if none comes)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                found = [data for event, data in self.events if event == name and predicate(data)]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"no {name} event matched; got {[e for e, _ in self.events]}")


def test_two_facilitators_on_a_real_server_share_one_session(tmp_path):
    import socketio as client_io

    from .server import ADMIN_PASSWORD, LiveServer

    server = LiveServer(tmp_path)
    deck = tmp_path / "board.md"
    deck.write_text(BOARD_DECK.format(moderation="pre"), encoding="utf-8")
    server.start()
    views, phone = [], client_io.Client()
    try:
        code = server.start_session(deck=str(deck))  # owned by admin, the first account
        server.cli("user", "add", "bob", "--password", PASSWORD)
        server.cli("session", "share", code, "bob")
        admin = Control(server, code, "admin", ADMIN_PASSWORD)
        bob = Control(server, code, "bob", PASSWORD)
        views += [admin, bob]
        assert admin.call("goto", {"slide": 1})["ok"] and admin.call("open", {"question_id": "stellingen"})["ok"]
        bob.wait_for("state", lambda view: view["slide"] == 1 and view["status"] == "open")

        phone.connect(server.url, namespaces=["/participant"], transports=["websocket"], wait_timeout=10)
        assert phone.call("join", {"code": code, "token": "c" * 32}, namespace="/participant", timeout=10)["ok"]
        sent = phone.call("submit", {"question_id": "stellingen", "text": "Samen oefenen helpt echt"},
                          namespace="/participant", timeout=10)["submission"]
        bob.wait_for("moderation", lambda m: [i["id"] for i in m["queue"]] == [sent["id"]])
        assert bob.call("moderate", {"submission_id": sent["id"], "action": "approve"})["ok"]
        admin.wait_for("moderation", lambda m: m["queue"] == [])  # the front of the room sees it decided

        log = server.cli("log", code)
        assert re.search(r"admin\s+question_opened", log) and re.search(r"bob\s+submission_approved", log)

        server.cli("session", "unshare", code, "bob")  # from a terminal: the server's sweep tells bob's socket
        bob.wait_for("access_ended", lambda data: data == {"code": code}, seconds=10)
        assert bob.call("goto", {"slide": 0}) == UNKNOWN
    finally:
        for view in views:
            view.client.disconnect()
        if phone.connected:
            phone.disconnect()
        server.stop()
