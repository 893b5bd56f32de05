"""The `workshop` command, run as a user runs it: a real process, one-line errors, no tracebacks."""

import subprocess
import sys
from pathlib import Path

from pptx import Presentation

ROOT = Path(__file__).resolve().parent.parent


def workshop(*args, db=None, input=None):
    command = [sys.executable, "-m", "workshop", *(["--db", str(db)] if db else []), *args]
    return subprocess.run(command, capture_output=True, text=True, input=input, cwd=ROOT, timeout=60)


def test_deck_check_passes_the_shipped_decks():
    decks = sorted(str(p) for p in (ROOT / "slides").glob("*.md"))
    result = workshop("deck", "check", *decks)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deck_check_prints_every_error_with_its_line(tmp_path):
    bad = tmp_path / "x.md"
    bad.write_text("# Welkom\n---\n## Vraag\n\n```interaction\nkind: pol\n```\n---\n## B\n"
                   "```interaction\nkind: choice\noptons: [a, b]\n```\n")
    result = workshop("deck", "check", str(bad))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{bad}:6: onbekende soort vraag 'pol'",
        f"{bad}:11: 'options' ontbreekt: geef een lijst van minstens 2",
        f"{bad}:12: onbekende instelling 'optons' bij soort 'choice' (bedoel je 'options'?)",
    ]
    assert "Traceback" not in result.stderr


def test_session_new_list_and_export(tmp_path):
    db = tmp_path / "w.db"
    result = workshop("session", "new", "--deck", "slides/demo.md", "--kind", "gemeente", "--place", "Zeist",
                      "--date", "2026-11-29", db=db)
    assert result.returncode == 0, result.stderr
    code = result.stdout.splitlines()[-1]
    assert len(code) == 9
    listing = workshop("session", "list", db=db)
    assert code in listing.stdout and "Zeist" in listing.stdout
    out = tmp_path / "out.pptx"
    exported = workshop("export", "deck", code.lower(), "-o", str(out), db=db)
    assert exported.returncode == 0, exported.stderr
    texts = [shape.text_frame.text for shape in Presentation(out).slides[0].shapes if shape.has_text_frame]
    assert any("Zeist" in text for text in texts)


def test_errors_are_one_line_without_traceback(tmp_path):
    db = tmp_path / "w.db"
    for args in (
        ("export", "deck", "NOPE99", "-o", str(tmp_path / "x.pptx")),
        ("session", "new", "--deck", "slides/demo.md", "--kind", "gemeente", "--place", "X", "--date", "29-11"),
        ("session", "new", "--deck", "missing.md", "--kind", "gemeente", "--place", "X"),
    ):
        result = workshop(*args, db=db)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("Error: "), result.stderr


def test_user_add_then_login_works(tmp_path):
    db = tmp_path / "w.db"
    result = workshop("user", "add", "onderzoeker", "--password", "een lang wachtwoord", db=db)
    assert result.returncode == 0, result.stderr
    again = workshop("user", "add", "onderzoeker", "--password", "een lang wachtwoord", db=db)
    assert again.returncode == 1 and "exists already" in again.stderr
    short = workshop("user", "add", "ander", "--password", "kort", db=db)
    assert short.returncode == 1 and "at least 10" in short.stderr

    from workshop import accounts
    from workshop.db import init

    assert accounts.check(init(str(db)), "onderzoeker", "een lang wachtwoord")["name"] == "onderzoeker"
    assert accounts.check(init(str(db)), "onderzoeker", "fout") is None


def test_user_add_admin_makes_an_admin(tmp_path):
    from workshop import store
    from workshop.db import init

    db = tmp_path / "w.db"
    assert workshop("user", "add", "baas", "--admin", "--password", "een lang wachtwoord", db=db).returncode == 0
    assert workshop("user", "add", "lid", "--password", "een lang wachtwoord", db=db).returncode == 0
    opened = init(str(db))
    assert store.facilitator_by_name(opened, "baas")["is_admin"] == 1
    assert store.facilitator_by_name(opened, "lid")["is_admin"] == 0
