"""Configuration: defaults, then the environment, then a test config given to create_app."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timezone() -> str:
    """The clock every screen and export shows times in (WORKSHOP_TIMEZONE, default Europe/Amsterdam)."""
    return os.environ.get("WORKSHOP_TIMEZONE") or "Europe/Amsterdam"


def defaults() -> dict:
    """The settings a fresh server starts with, read from the environment where set."""
    return {
        # The SQLite file; `--db PATH` on the command line sets WORKSHOP_DB.
        "DATABASE": os.environ.get("WORKSHOP_DB", str(ROOT / "instance" / "workshop.db")),
        "SLIDES_DIR": os.environ.get("WORKSHOP_SLIDES", str(ROOT / "slides")),
        # Without SECRET_KEY the key is kept in the instance folder, so logins survive a restart.
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        # The address phones use to reach this server, e.g. https://workshop.example.org
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").rstrip("/"),
        # Origins allowed to open a Socket.IO connection besides this server's own (comma-separated).
        "ALLOWED_ORIGINS": [o for o in os.environ.get("WORKSHOP_ALLOWED_ORIGINS", "").split(",") if o],
        # How often at most the projector receives a fresh result per question.
        "RESULTS_INTERVAL": float(os.environ.get("WORKSHOP_RESULTS_INTERVAL", "0.25")),
        "ADMIN_PASSWORD": os.environ.get("WORKSHOP_ADMIN_PASSWORD"),
        # threading or gevent (`workshop serve --async-mode`); benchmarks/RESULTS.md says why the default is what it is.
        "ASYNC_MODE": os.environ.get("WORKSHOP_ASYNC_MODE", "threading"),
        # On gevent, answers are written in batches by one writer (writer.py); 0 turns it off, for benchmarks.
        "BATCH_WRITES": os.environ.get("WORKSHOP_BATCH_WRITES", "1") != "0",
        # A Redis URL shared by several server processes, e.g. redis://127.0.0.1:6379/0 (docs/scaling.md).
        "MESSAGE_QUEUE": os.environ.get("WORKSHOP_MESSAGE_QUEUE", ""),
        # Extra words that hold a free text for moderation (one per line), on top of the built-in list.
        "PRIVACY_WORDS": read_words(os.environ.get("WORKSHOP_PRIVACY_WORDS")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("PUBLIC_URL", "").startswith("https://"),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "TESTING": False,
        # Flask-Babel writes times on pages in this zone; the decks' speaker notes use the same (timezone()).
        "BABEL_DEFAULT_TIMEZONE": timezone(),
    }


def secret_key(instance_dir: Path) -> str:
    """A persistent random key in the instance folder, made on first use."""
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def read_words(path: str | None) -> list[str]:
    """The words of a word-list file, one per line ('#' starts a comment); none without a file."""
    if not path:
        return []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
