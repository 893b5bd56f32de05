"""Logins end for real, and a guesser's lockout does not lock the right password out (#16, points 8, 9)."""

from __future__ import annotations

import subprocess
import sys

from workshop import accounts, store
from workshop.live import FACILITATOR, close_ended, socketio

from .conftest import PASSWORD
from .test_live import emit


def login(client, name="admin", password=PASSWORD, **kwargs):
    return client.post("/login", data={"name": name, "password": password}, **kwargs)


def cookie_of(client, name="session"):
    return client.get_cookie(name).value


def with_cookie(app, value):
    copy = app.test_client()
    copy.set_cookie("session", value)
    return copy


# Point 9: logout, a new password and removing an account end every login of that account -----------------


def test_a_cookie_copied_before_logout_no_longer_opens_the_dashboard(app, client):
    assert login(client).status_code == 302
    copied = cookie_of(client)
    assert with_cookie(app, copied).get("/f/").status_code == 200
    other_browser = app.test_client()
    assert login(other_browser).status_code == 302

    client.post("/logout")
    assert with_cookie(app, copied).get("/f/").status_code == 302  # to the login page
    assert other_browser.get("/f/").status_code == 302  # logout ends the account's other logins too
    assert login(client).status_code == 302 and client.get("/f/").status_code == 200  # a new login works


def test_an_open_facilitator_socket_is_closed_and_can_no_longer_act_after_logout(app, logged_in, session_row):
    socket = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=logged_in)
    assert emit(socket, "watch", {"code": session_row["code"]}, FACILITATOR)["ok"]
    copy = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=logged_in)

    logged_in.post("/logout")
    assert not socket.is_connected(FACILITATOR) and not copy.is_connected(FACILITATOR)
    assert any(m["name"] == "logged_out" for m in socket.queue)  # told why, then closed


def test_a_socket_of_a_changed_password_stops_acting_at_its_next_event(app, logged_in, session_row, db):
    socket = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=logged_in)
    assert emit(socket, "goto", {"code": session_row["code"], "slide": 1}, FACILITATOR)["ok"]
    accounts.change_password(db, "admin", "een nieuw lang wachtwoord")  # as `workshop user passwd` does
    ack = emit(socket, "goto", {"code": session_row["code"], "slide": 2}, FACILITATOR)
    assert ack == {"ok": False, "error": "log in as a facilitator first"}
    assert store.session_by_id(db, session_row["id"])["current_slide"] == 1
    assert logged_in.get("/f/").status_code == 302


def test_a_listening_socket_of_a_removed_account_is_closed_by_the_sweep(app, db, session_row):
    accounts.add(db, "alice", PASSWORD)
    alice = app.test_client()
    assert login(alice, "alice").status_code == 302
    store.set_owner(db, session_row["id"], store.facilitator_by_name(db, "alice")["id"], None)
    projector = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=alice)
    assert emit(projector, "watch", {"code": session_row["code"]}, FACILITATOR)["ok"]
    with app.app_context():
        close_ended()
    assert projector.is_connected(FACILITATOR)  # nothing ended yet

    accounts.remove(db, "alice", "admin")  # as `workshop user remove alice --sessions-to admin` does
    with app.app_context():
        close_ended()  # the server does this every second
    assert not projector.is_connected(FACILITATOR)
    assert alice.get("/f/").status_code == 302
    admin = store.facilitator_by_name(db, "admin")
    assert store.session_by_id(db, session_row["id"])["created_by"] == admin["id"]


def workshop(*args, db):
    return subprocess.run([sys.executable, "-m", "workshop", "--db", str(db), *args], capture_output=True,
                          text=True, timeout=60)


def test_user_passwd_and_remove_on_the_command_line(tmp_path):
    db = tmp_path / "w.db"
    assert workshop("user", "add", "alice", "--password", "een lang wachtwoord", db=db).returncode == 0
    assert workshop("user", "add", "bob", "--password", "een lang wachtwoord", db=db).returncode == 0
    changed = workshop("user", "passwd", "alice", "--password", "een ander wachtwoord", db=db)
    assert changed.returncode == 0, changed.stderr
    from workshop.db import init

    opened = init(str(db))
    assert accounts.check(opened, "alice", "een ander wachtwoord")
    assert store.facilitator_by_name(opened, "alice")["auth_epoch"] == 1
    assert workshop("user", "add", "baas", "--admin", "--password", "een lang wachtwoord", db=db).returncode == 0
    last = workshop("user", "remove", "baas", "--yes", db=db)
    assert last.returncode == 1 and "last admin" in last.stderr  # ownerless sessions would be no one's
    unknown = workshop("user", "passwd", "nobody", "--password", "een ander wachtwoord", db=db)
    assert unknown.returncode == 1 and "no facilitator named 'nobody'" in unknown.stderr

    started = workshop("session", "new", "--deck", "tests/fixtures/live.md", "--kind", "gemeente",
                       "--place", "X", "--owner", "alice", db=db)
    assert started.returncode == 0, started.stderr
    refused = workshop("user", "remove", "alice", "--yes", db=db)
    assert refused.returncode == 1 and "--sessions-to" in refused.stderr and "Traceback" not in refused.stderr
    removed = workshop("user", "remove", "alice", "--sessions-to", "bob", "--yes", db=db)
    assert removed.returncode == 0 and "1 session(s) now belong to 'bob'" in removed.stdout
    assert store.facilitator_by_name(opened, "alice") is None
    assert "bob  1 sessions" in workshop("user", "list", db=db).stdout


# Point 8: wrong passwords are limited per account and address; the right password still gets in ----------


def fail(client, name="admin", times=10, **kwargs):
    for _ in range(times):
        assert login(client, name, "wrong password", **kwargs).status_code == 401


def test_a_guesser_on_one_account_does_not_lock_out_other_accounts_behind_the_same_address(app, db):
    accounts.add(db, "bob", PASSWORD)
    guesser = app.test_client()
    fail(guesser, "admin")
    assert login(guesser, "admin").status_code == 429  # a browser that never logged in: locked out
    assert login(app.test_client(), "bob").status_code == 302  # the same address, another account


def test_the_right_password_gets_through_on_a_browser_that_logged_in_before(app):
    owner = app.test_client()
    assert login(owner).status_code == 302
    owner.post("/logout")
    fail(app.test_client(), "admin")  # a guesser behind the same proxy address
    assert login(app.test_client()).status_code == 429
    assert login(owner).status_code == 302  # the device cookie: counted on its own


def test_a_device_cookie_has_its_own_limit_and_fits_one_account_only(app, db):
    accounts.add(db, "bob", PASSWORD)
    device = app.test_client()
    assert login(device).status_code == 302
    device.post("/logout")
    assert login(device, "bob").status_code == 302  # the admin's cookie does not count for bob...
    device.post("/logout")
    fail(device, "admin")
    assert login(device, "admin").status_code == 429  # ...and a device is not a way around the limit


def test_forwarded_addresses_count_only_when_a_proxy_is_configured(app, tmp_path):
    spoofing = app.test_client()
    for n in range(10):
        headers = {"X-Forwarded-For": f"10.0.0.{n}"}  # a new address every try: ignored without a proxy
        assert login(spoofing, "admin", "wrong password", headers=headers).status_code == 401
    assert login(spoofing, "admin", headers={"X-Forwarded-For": "10.0.1.1"}).status_code == 429

    from workshop import create_app

    proxied = create_app({**app.config, "DATABASE": app.config["DATABASE"], "PROXY_HOPS": 1})
    behind = proxied.test_client()
    fail(behind, "admin", headers={"X-Forwarded-For": "192.0.2.1"})
    assert login(behind, "admin", headers={"X-Forwarded-For": "192.0.2.1"}).status_code == 429
    colleague = proxied.test_client()  # another person behind the same proxy
    assert login(colleague, "admin", headers={"X-Forwarded-For": "192.0.2.2"}).status_code == 302
