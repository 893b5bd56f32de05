"""Configuration: defaults, then the environment, then a test config given to create_app."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
# A checkout (`make run`, `make test`) keeps its layout: templates/ and slides/ beside the package, the data
# in instance/. An installed wheel carries the templates and the example decks inside the package (setup.py puts
# them there) and keeps its data in the user's data folder, wherever it is started from (docs/install.md).
CHECKOUT = (ROOT / "pyproject.toml").is_file() and (ROOT / "templates").is_dir()
TEMPLATES = ROOT / "templates" if CHECKOUT else PACKAGE / "templates"
EXAMPLE_DECKS = ROOT / "slides" if CHECKOUT else PACKAGE / "slides"


def data_dir() -> Path:
    """Where the database, its secret key and the decks live by default: instance/ in a checkout, else the
    per-user data folder (~/.local/share/workshop on Linux)."""
    if CHECKOUT:
        return ROOT / "instance"
    import platformdirs

    return Path(platformdirs.user_data_dir("workshop", appauthor=False))


def deck_dir() -> Path:
    """The deck folder: $WORKSHOP_DECKS, else slides/ in a checkout, else `decks` in the data folder."""
    # WORKSHOP_SLIDES is the older name of the same setting.
    chosen = os.environ.get("WORKSHOP_DECKS") or os.environ.get("WORKSHOP_SLIDES")
    if chosen:
        return Path(chosen)
    return EXAMPLE_DECKS if CHECKOUT else data_dir() / "decks"


def prepare_decks(folder: Path) -> bool:
    """Make a missing deck folder with copies of the example decks (which stay untouched by upgrades and
    edits); whether it was made."""
    if folder.exists():
        return False
    # Copied aside, then renamed into place: two processes starting together (docs/install.md) make it once.
    partial = folder.with_name(f".{folder.name}.{os.getpid()}")
    shutil.copytree(EXAMPLE_DECKS, partial)
    try:
        partial.rename(folder)
    except OSError:  # another process was first
        shutil.rmtree(partial)
        return False
    return True


def timezone() -> str:
    """The clock every screen and export shows times in (WORKSHOP_TIMEZONE, default Europe/Amsterdam)."""
    return os.environ.get("WORKSHOP_TIMEZONE") or "Europe/Amsterdam"


def defaults() -> dict:
    """The settings a fresh server starts with, read from the environment where set."""
    return {
        # The SQLite file; `--db PATH` on the command line sets WORKSHOP_DB.
        "DATABASE": os.environ.get("WORKSHOP_DB") or str(data_dir() / "workshop.db"),
        # The decks the dashboard starts sessions from and the editor writes; `--decks` sets WORKSHOP_DECKS.
        "SLIDES_DIR": str(deck_dir()),
        # Without SECRET_KEY the key is kept beside the database (secret_key_file): logins survive a restart.
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        # The address phones use to reach this server, e.g. https://workshop.example.org
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").rstrip("/"),
        # Origins allowed to open a Socket.IO connection besides this server's own (comma-separated).
        "ALLOWED_ORIGINS": [o for o in os.environ.get("WORKSHOP_ALLOWED_ORIGINS", "").split(",") if o],
        # How often at most the projector receives a fresh result per question.
        "RESULTS_INTERVAL": float(os.environ.get("WORKSHOP_RESULTS_INTERVAL", "0.1")),
        "ADMIN_PASSWORD": os.environ.get("WORKSHOP_ADMIN_PASSWORD"),
        # threading or gevent (`workshop serve --async-mode`); benchmarks/RESULTS.md says why the default is what it is.
        "ASYNC_MODE": os.environ.get("WORKSHOP_ASYNC_MODE", "threading"),
        # On gevent, answers are written in batches by one writer (writer.py); 0 turns it off, for benchmarks.
        "BATCH_WRITES": os.environ.get("WORKSHOP_BATCH_WRITES", "1") != "0",
        # A Redis URL shared by several server processes, e.g. redis://127.0.0.1:6379/0 (docs/scaling.md).
        "MESSAGE_QUEUE": os.environ.get("WORKSHOP_MESSAGE_QUEUE", ""),
        # How many reverse proxies in front add X-Forwarded-For/-Proto; 0 (default): the headers are ignored,
        # since anyone could send them. Login and join-code limits count per client address (docs/security.md).
        "PROXY_HOPS": int(os.environ.get("WORKSHOP_PROXY_HOPS", "0") or 0),
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


def secret_key_file(database: str) -> Path:
    """The file that keeps the secret key when SECRET_KEY is not set: beside the database."""
    return Path(database).resolve().parent / "secret_key"


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
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()  # -sig: a byte-order mark (Notepad) is no word
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
