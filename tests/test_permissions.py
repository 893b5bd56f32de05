"""A facilitator acts on the sessions they own; admins on all; a session without an owner is the admins'."""

from workshop import accounts, sessions
from workshop import deck as decks
from workshop.live import FACILITATOR, socketio

from .conftest import DECK, PASSWORD
from .test_live import emit


def login(app, name):
    client = app.test_client()
    assert client.post("/login", data={"name": name, "password": PASSWORD}).status_code == 302
    return client


def test_another_facilitators_session_is_out_of_reach(app, db):
    alice = accounts.add(db, "alice", PASSWORD)
    bob_id = accounts.add(db, "bob", PASSWORD)
    hers = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", facilitator_id=alice)
    ownerless = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Zeist")
    his = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Zeist", facilitator_id=bob_id)
    bob = login(app, "bob")
    for path in (f"/f/s/{hers['code']}", f"/f/s/{hers['code']}/present", f"/f/s/{hers['code']}/control",
                 f"/f/s/{hers['code']}/export/deck.pptx", f"/f/s/{hers['code']}/export/data.csv"):
        assert bob.get(path).status_code == 404, path
    assert bob.get(f"/f/s/{ownerless['code']}").status_code == 404  # once open to every facilitator
    dashboard = bob.get("/f/").text
    assert hers["code"] not in dashboard and ownerless["code"] not in dashboard and his["code"] in dashboard
    assert hers["code"] not in bob.get(f"/f/compare?code={hers['code']}&code={his['code']}").text

    socket = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=bob)
    assert emit(socket, "watch", {"code": hers["code"]}, FACILITATOR) == {"ok": False,
                                                                          "error": "unknown session code"}
    assert emit(socket, "goto", {"code": hers["code"], "slide": 1}, FACILITATOR)["ok"] is False
    assert emit(socket, "watch", {"code": ownerless["code"]}, FACILITATOR)["ok"] is False
    assert emit(socket, "watch", {"code": his["code"]}, FACILITATOR)["ok"]
    socket.disconnect(FACILITATOR)

    assert login(app, "alice").get(f"/f/s/{hers['code']}").status_code == 200
    accounts.add(db, "carol", PASSWORD)
    assert login(app, "carol").get(f"/f/s/{hers['code']}").status_code == 404
    assert login(app, "admin").get(f"/f/s/{ownerless['code']}").status_code == 200  # conftest's admin is one


def test_admins_reach_every_session(app, db):
    alice = accounts.add(db, "alice", PASSWORD)
    accounts.add(db, "boss", PASSWORD, is_admin=True)
    hers = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", facilitator_id=alice)
    assert login(app, "boss").get(f"/f/s/{hers['code']}").status_code == 200


def test_the_first_account_made_at_start_is_an_admin(db):
    from workshop import store

    db.execute("delete from facilitators")
    accounts.ensure_admin(db, "een lang wachtwoord")
    assert store.facilitator_by_name(db, "admin")["is_admin"] == 1


def test_a_session_started_on_the_command_line_has_an_owner(tmp_path):
    import subprocess
    import sys

    from workshop import store
    from workshop.db import init

    db = tmp_path / "w.db"

    def workshop(*args):
        return subprocess.run([sys.executable, "-m", "workshop", "--db", str(db), *args], capture_output=True,
                              text=True, timeout=60)

    new = ("session", "new", "--deck", "tests/fixtures/live.md", "--kind", "gemeente", "--place", "Zeist")
    nobody = workshop(*new)
    assert nobody.returncode == 0 and "owner: none" in nobody.stdout  # no account yet: the admins'
    for name in ("anna", "bert"):
        assert workshop("user", "add", name, "--password", "een lang wachtwoord").returncode == 0
    first = workshop(*new)
    assert "owner: anna (the first facilitator" in first.stdout
    chosen = workshop(*new, "--owner", "bert")
    assert "owner: bert" in chosen.stdout
    unknown = workshop(*new, "--owner", "carla")
    assert unknown.returncode == 1 and "no facilitator named 'carla'" in unknown.stderr

    opened = init(str(db))
    owners = {store.session_by_code(opened, result.stdout.splitlines()[-1])["created_by"]
              for result in (first, chosen)}
    assert owners == {store.facilitator_by_name(opened, n)["id"] for n in ("anna", "bert")}
    handed = workshop("session", "owner", nobody.stdout.splitlines()[-1], "bert")
    assert handed.returncode == 0
    bert = store.facilitator_by_name(opened, "bert")["id"]
    assert store.session_by_code(opened, nobody.stdout.splitlines()[-1])["created_by"] == bert
