"""Deleting a session for good, and backups taken while the server writes."""

import sqlite3
import subprocess
import sys

import pytest

from workshop import sessions, store
from workshop import deck as decks
from workshop.db import init

from .test_cli import ROOT

SECRET = "Unieke-geheime-tekst-7781"


def filled_session(db):
    parsed = decks.parse("## Vraag\n```interaction\nkind: open\nid: v\n```\n---\n## Bord\n"
                         "```interaction\nkind: statements\nid: b\nmoderation: post\n```\n", "d.md")
    row = sessions.start_session(db, parsed, "anders", "Plaats-" + SECRET, "2026-11-29")
    pid, _ = store.join_participant(db, row["id"], "hash")
    store.set_question_status(db, row["id"], "v", "open", None)
    store.set_question_status(db, row["id"], "b", "open", None)
    store.save_response(db, row["id"], pid, "v", [SECRET])
    sid = store.add_submission(db, row["id"], "b", "Stelling " + SECRET, "participant", "approved", pid)
    store.save_vote(db, sid, pid, "agree")
    store.add_note(db, row["id"], 0, "v", "Notitie " + SECRET, "admin")
    return row


def file_bytes(path):
    data = b""
    for suffix in ("", "-wal"):
        try:
            with open(str(path) + suffix, "rb") as handle:
                data += handle.read()
        except FileNotFoundError:
            pass
    return data


def test_deleted_session_leaves_no_trace_in_the_file(tmp_path):
    path = tmp_path / "w.db"
    db = init(str(path))
    keep = sessions.start_session(db, decks.parse("# Blijft\n", "k.md"), "anders", "Zeist", "2026-11-29")
    row = filled_session(db)
    assert SECRET.encode() in file_bytes(path)
    store.delete_session(db, row["id"])
    db.close()
    assert SECRET.encode() not in file_bytes(path)
    again = init(str(path))
    assert store.session_by_code(again, keep["code"]) is not None
    for table in ("participants", "responses", "submissions", "submission_votes", "notes", "events"):
        assert again.execute(f"select count(*) from {table} where "
                             + ("submission_id > 0" if table == "submission_votes" else f"session_id = {row['id']}")
                             ).fetchone()[0] == 0


def test_session_delete_command_and_button(tmp_path, logged_in, app, db):
    row = filled_session(db)
    response = logged_in.post(f"/f/s/{row['code']}/delete", data={"confirm": "wrong"}, follow_redirects=True)
    assert "Typ de code" in response.text and store.session_by_code(db, row["code"])
    response = logged_in.post(f"/f/s/{row['code']}/delete", data={"confirm": row["code"].lower()})
    assert response.status_code == 302 and store.session_by_code(db, row["code"]) is None

    path = tmp_path / "cli.db"
    other = filled_session(init(str(path)))
    result = subprocess.run([sys.executable, "-m", "workshop", "--db", str(path), "session", "delete",
                             other["code"], "--yes"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert store.session_by_code(init(str(path)), other["code"]) is None


def test_backup_restores_every_committed_answer(tmp_path):
    path = tmp_path / "live.db"
    db = init(str(path))
    row = filled_session(db)
    writer = init(str(path))  # another connection keeps writing, as the server would
    pid, _ = store.join_participant(writer, row["id"], "second")
    store.save_response(writer, row["id"], pid, "v", ["tweede"])
    target = tmp_path / "backup.db"
    result = subprocess.run([sys.executable, "-m", "workshop", "--db", str(path), "backup", "-o", str(target)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    restored = sqlite3.connect(target)
    values = sorted(v for (v,) in restored.execute("select value from responses"))
    assert values == sorted(['["tweede"]', f'["{SECRET}"]'])
    again = subprocess.run([sys.executable, "-m", "workshop", "--db", str(path), "backup", "-o", str(target)],
                           capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert again.returncode == 1 and "exists already" in again.stderr


def test_consent_text_tells_the_retention_date_and_purge_deletes_expired(db, phone, runner):
    parsed = decks.parse("---\nconsent: Je doet anoniem mee.\n---\n# Welkom\n", "c.md")
    row = sessions.start_session(db, parsed, "gemeente", "Zeist", "2026-11-29", retain_until="2027-06-30")
    client = phone(row["code"])
    assert client.join_ack["session"]["consent"] == (
        "Je doet anoniem mee.\n\nJe antwoorden worden bewaard tot 30 juni 2027.")
    default = sessions.start_session(db, parsed, "gemeente", "Zeist", "2026-11-29")
    assert default["retain_until"] == "2028-11-28"
    assert [r["code"] for r in sessions.expired(db, today="2027-07-01")] == [row["code"]]
    assert sessions.expired(db, today="2027-06-30") == []


def test_retention_date_and_group_size_are_checked(db):
    parsed = decks.parse("# Welkom\n", "c.md")
    for kwargs, message in (({"retain_until": "2020-01-01"}, "ligt vóór de bijeenkomst"),
                            ({"retain_until": "morgen"}, "JJJJ-MM-DD zijn, niet 'morgen'"),
                            ({"min_group": 1}, "moet 2 tot 50 deelnemers zijn")):
        with pytest.raises(sessions.SessionError, match=message):
            sessions.start_session(db, parsed, "gemeente", "Zeist", "2026-11-29", **kwargs)


def test_purge_command_deletes_sessions_past_their_date(tmp_path):
    path = tmp_path / "p.db"
    db = init(str(path))
    parsed = decks.parse("# Welkom\n", "c.md")
    old = sessions.start_session(db, parsed, "gemeente", "Zeist", "2020-01-01", retain_until="2021-01-01")
    new = sessions.start_session(db, parsed, "gemeente", "Zeist", "2026-11-29")
    result = subprocess.run([sys.executable, "-m", "workshop", "--db", str(path), "session", "purge", "--yes"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "deleted 1 sessions" in result.stdout, result.stderr
    assert store.session_by_code(db, old["code"]) is None and store.session_by_code(db, new["code"])
