"""The deck editor: list, create, edit and import the decks in the slides folder, and serve their pictures.

Decks are named, never addressed by path: a name is 1-64 of `a-z 0-9 - _` and means SLIDES_DIR/NAME.md.
Every facilitator may change every deck (they are the team's shared material, and a session keeps its own
copy); each change made here is recorded with who made it and the text it left, and shown in the editor.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import deck as decks
from .. import importer, store
from ..db import get_db
from ..i18n import translate
from ..i18n_marker import N_
from ..interactions import REGISTRY
from ..interactions.base import Interaction
from ..markdown import IMAGE_SUFFIXES, render_columns
from .facilitator import deck_files

bp = Blueprint("decks", __name__, url_prefix="/f")

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# What a recorded change did, as the pages name it.
ACTIONS = {"created": N_("aangemaakt"), "imported": N_("geïmporteerd"), "edited": N_("bewerkt")}
HISTORY = 20  # changes shown in the editor


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in facilitators only."""


def slides_dir() -> Path:
    """The folder the decks live in."""
    return Path(current_app.config["SLIDES_DIR"]).resolve()


def deck_path(name: str) -> Path:
    """SLIDES_DIR/NAME.md for a valid name, or a 404 page (no paths, no other files)."""
    if not NAME.match(name):
        abort(404)
    return slides_dir() / f"{name}.md"


def image_base() -> str:
    """The URL path the projector and the preview load a deck's pictures from."""
    return url_for("decks.slide_file", path="")


def check(path: Path, text: str) -> dict:
    """What `workshop deck check` says about a text (in the interface language), with the slides as the
    projector renders them."""
    try:
        parsed = decks.parse(text, str(path))
    except decks.DeckErrors as errors:
        return {"ok": False, "errors": [{"line": e.line, "message": translate(e)} for e in errors.errors],
                "slides": []}
    base = image_base()
    return {"ok": True, "errors": [], "slides": [
        {"index": s.index, "line": s.line, "layout": s.layout, "notes": s.notes,
         "html": render_columns(s.columns, base), "question": s.question.to_dict() if s.question else None}
        for s in parsed.slides
    ]}


@bp.get("/decks")
def index():
    """The decks in the slides folder, a form for a new one and one to import a PowerPoint."""
    changed = {name: {**row, "when": when(row["at"])} for name, row in store.last_deck_changes(get_db()).items()}
    return render_template("decks/index.html", decks=deck_files(), changed=changed)


def when(at: str) -> str:
    """A stored UTC time as the pages show it: '2026-11-29 23:55 UTC'."""
    return f"{at[:10]} {at[11:16]} UTC"


def record(name: str, action: str) -> None:
    """Note who made this change to a deck, with the text the file has now."""
    text = deck_path(name).read_bytes().decode("utf-8", errors="replace")
    store.record_deck_change(get_db(), name, action, text, current_user.id, current_user.name)


def history(name: str, text: str) -> tuple[list[dict], bool]:
    """A deck's recorded changes, newest first, with lines added and removed; and whether the file was changed
    outside workshop since the last one."""
    changes = store.deck_changes(get_db(), name, HISTORY + 1)
    shown = []
    for change, before in zip(changes[:HISTORY], [*changes[1:], None]):
        added = removed = 0
        old = before["text"].splitlines() if before else []
        for line in difflib.unified_diff(old, change["text"].splitlines(), lineterm="", n=0):
            if line.startswith("+") and not line.startswith("+++"):
                added += 1
            elif line.startswith("-") and not line.startswith("---"):
                removed += 1
        shown.append({"id": change["id"], "author": change["author"], "when": when(change["at"]),
                      "action": translate(ACTIONS.get(change["action"], change["action"])),
                      "added": added, "removed": removed})
    outside = bool(changes) and changes[0]["text"].replace("\r\n", "\n") != text.replace("\r\n", "\n")
    return shown, outside


@bp.post("/decks")
def create():
    """Make a new deck NAME.md holding a title slide, and open it."""
    name = request.form.get("name", "").strip()
    if not NAME.match(name):
        flash(gettext("Een naam is 1-64 tekens: kleine letters, cijfers, '-' of '_', en begint met een letter "
                      "of cijfer."), "error")
        return redirect(url_for(".index"))
    try:
        with deck_path(name).open("x", encoding="utf-8", newline="") as file:
            file.write(f"---\ntitle: {name}\n---\n\n# {name}\n")
    except FileExistsError:
        flash(gettext("Er is al een deck %(name)s.md.", name=name), "error")
        return redirect(url_for(".index"))
    record(name, "created")
    return redirect(url_for(".edit", name=name))


@bp.post("/decks/import")
def upload():
    """Turn an uploaded PowerPoint into the new deck NAME.md (with a picture per slide when possible)."""
    name = request.form.get("name", "").strip()
    sent = request.files.get("file")
    if not NAME.match(name):
        flash(gettext("Een naam is 1-64 tekens: kleine letters, cijfers, '-' of '_'."), "error")
    elif deck_path(name).exists():
        flash(gettext("Er is al een deck %(name)s.md.", name=name), "error")
    elif sent is None or not sent.filename:
        flash(gettext("Kies een PowerPoint-bestand (.pptx)."), "error")
    else:
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / "upload.pptx"
            sent.save(source)
            try:
                result = importer.import_pptx(source, deck_path(name), Path(sent.filename).stem)
            except importer.ImportFailed as error:
                flash(gettext("Importeren lukt niet: %(error)s", error=error), "error")
                return redirect(url_for(".index"))
        record(name, "imported")
        flash(gettext("%(slides)s dia's geïmporteerd, %(hidden)s verborgen dia's overgeslagen.", slides=result.slides,
                      hidden=result.hidden) if result.hidden
              else gettext("%(slides)s dia's geïmporteerd.", slides=result.slides), "info")
        if result.skipped:
            flash(gettext("Zonder afbeeldingen van de dia's: %(skipped)s.", skipped=result.skipped), "warning")
        return redirect(url_for(".edit", name=name))
    return redirect(url_for(".index"))


@bp.get("/decks/<name>.md")
def edit(name: str):
    """The editor: the source, its mistakes and a preview, with the format's essentials beside it."""
    path = deck_path(name)
    if not path.is_file():
        abort(404)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        flash(gettext("%(name)s.md is geen UTF-8-tekst en kan hier niet bewerkt worden.", name=name), "error")
        return redirect(url_for(".index"))
    return editor(name, text, check(path, text)["errors"])


@bp.post("/decks/<name>.md")
def save(name: str):
    """Write the edited source in one step; refuse a text with mistakes and show them."""
    path = deck_path(name)
    if not path.is_file():
        abort(404)
    text = request.form.get("source")
    if text is None:
        abort(400)
    # Browsers send a textarea's lines with CRLF; keep the line endings the file had.
    text = text.replace("\r\n", "\n")
    if b"\r\n" in path.read_bytes():
        text = text.replace("\n", "\r\n")
    errors = check(path, text)["errors"]
    if errors:
        return editor(name, text, errors, status=422)
    importer.write_atomic(path, text.encode("utf-8"))
    record(name, "edited")
    flash(gettext("%(name)s.md is opgeslagen.", name=name), "info")
    return redirect(url_for(".edit", name=name))


@bp.post("/decks/<name>.md/check")
def validate(name: str):
    """JSON for the editor: the deck's mistakes (as `deck check` reports them) and its slides rendered."""
    path = deck_path(name)
    data = request.get_json(silent=True)
    if not path.is_file() or not isinstance(data, dict) or not isinstance(data.get("source"), str):
        abort(404 if not path.is_file() else 400)
    return jsonify(check(path, data["source"]))


@bp.get("/decks/<name>.md/changes/<int:change_id>")
def version(name: str, change_id: int):
    """The text a deck had after one recorded change, as plain text."""
    deck_path(name)
    change = store.deck_change(get_db(), name, change_id)
    if change is None:
        abort(404)
    response = make_response(change["text"])
    response.mimetype = "text/plain"
    return response


@bp.get("/slides/<path:path>")
def slide_file(path: str):
    """A picture from the slides folder (subfolders too), for the projector and the editor's preview."""
    if not path.lower().endswith(IMAGE_SUFFIXES):
        abort(404)
    return send_from_directory(slides_dir(), path)


def editor(name: str, text: str, errors: list[dict], status: int = 200):
    """The editor page for a text, with its mistakes listed (the script updates them as you type)."""
    kinds = [REGISTRY[k] for k in sorted(REGISTRY)]
    changes, outside = history(name, deck_path(name).read_bytes().decode("utf-8", errors="replace"))
    return render_template("decks/edit.html", name=name, source=text, errors=errors, kinds=kinds,
                           changes=changes, changed_outside=outside,
                           common_settings=Interaction.common_settings, front_matter=decks.FRONT_MATTER_KEYS,
                           layouts=decks.LAYOUTS, column_break=decks.COLUMN_BREAK), status
