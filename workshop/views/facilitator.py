"""The facilitator's area: decks to start from, sessions, the session page and its exports."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import accounts, sessions, store
from .. import deck as decks
from ..db import get_db
from ..i18n import translate
from ..i18n_marker import N_
from .notes import note_taker_token

bp = Blueprint("facilitator", __name__, url_prefix="/f")
# The meeting kinds (sessions.MEETING_KINDS) as pages name them; they are stored and typed in Dutch.
MEETING_KIND_NAMES = {"gemeente": N_("gemeente"), "landelijk": N_("landelijk"), "anders": N_("anders")}


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in facilitators only."""


def deck_files() -> list[dict]:
    """The decks in the slides folder with their titles, or the error that keeps each from starting."""
    found = []
    for path in sorted(Path(current_app.config["SLIDES_DIR"]).glob("*.md")):
        try:
            parsed = decks.load(path)
            found.append({"file": path.name, "title": parsed.title, "questions": len(parsed.questions),
                          "slides": len(parsed.slides), "errors": []})
        except decks.DeckErrors as errors:
            found.append({"file": path.name, "title": path.stem, "errors": located(errors)})
    return found


@bp.app_template_filter()
def meeting_kind(kind: str) -> str:
    """A session's meeting kind in the interface language."""
    return translate(MEETING_KIND_NAMES[kind]) if kind in MEETING_KIND_NAMES else kind


def located(errors: decks.DeckErrors) -> list[str]:
    """A deck's mistakes as `deck check` prints them (FILE:LINE: message), in the interface language."""
    return [f"{error.path}:{error.line}: {translate(error)}" for error in errors.errors]


def session_or_404(code: str) -> dict:
    """The session with this code, if this facilitator may act on it; else a 404 page (no hint it exists)."""
    row = store.session_by_code(get_db(), sessions.normalise_code(code))
    if row is None or not accounts.may_act(get_db(), current_user.id, row):
        abort(404)
    return row


@bp.get("/")
def dashboard():
    """Decks to start a session from, and the sessions so far."""
    return render_template(
        "facilitator/dashboard.html",
        decks=deck_files(),
        sessions=store.list_sessions(get_db(), current_user.id),
        kinds=sessions.MEETING_KINDS,
    )


@bp.post("/sessions")
def start():
    """Start a session from a deck in the slides folder."""
    name = request.form.get("deck", "")
    known = {d["file"] for d in deck_files() if not d["errors"]}
    if name not in known:
        flash(gettext("Kies een geldig deck."), "error")
        return redirect(url_for(".dashboard"))
    try:
        parsed = decks.load(Path(current_app.config["SLIDES_DIR"]) / name)
        row = sessions.start_session(
            get_db(), parsed, request.form.get("kind", ""), request.form.get("place", ""),
            request.form.get("date") or None, request.form.get("title") or None, current_user.id,
            _whole(request.form.get("min_group"), 5), request.form.get("retain_until") or None,
        )
    except decks.DeckErrors as errors:  # the file changed since the dashboard listed it
        flash("\n".join(located(errors)), "error")
        return redirect(url_for(".dashboard"))
    except sessions.SessionError as error:
        flash(translate(error), "error")
        return redirect(url_for(".dashboard"))
    return redirect(url_for(".session", code=row["code"]))


def _whole(text: str | None, default: int) -> int:
    """A form's number, or 0 (refused downstream with a clear message) when it is not one."""
    try:
        return int(text) if text else default
    except ValueError:
        return 0


@bp.get("/s/<code>")
def session(code: str):
    """One session: links to its projector and control views, its numbers and exports."""
    row = session_or_404(code)
    db = get_db()
    deck = sessions.deck_of(row)
    states = store.question_states(db, row["id"])
    # The count the projector shows: the aggregate's n (boards and Q&A count who voted or wrote, held texts wait).
    questions = [
        {"id": q.id, "text": q.text, "kind": q.kind, "responses": sessions.result_of(db, row, q)["n"],
         "status": states.get(q.id, {}).get("status", "pending")}
        for q in deck.questions
    ]
    return render_template(
        "facilitator/session.html",
        session=row,
        code=sessions.pretty_code(row["code"]),
        participants=store.count_participants(db, row["id"]),
        questions=questions,
        note_link=url_for("notes.note_taker", token=note_taker_token(row), _external=True),
        notes=store.notes(db, row["id"]),
    )



@bp.post("/s/<code>/delete")
def delete(code: str):
    """Hard-delete a session after the facilitator typed its code to confirm."""
    row = session_or_404(code)
    if sessions.normalise_code(request.form.get("confirm", "")) != row["code"]:
        flash(gettext("Typ de code van de sessie om te bevestigen dat je hem wilt verwijderen."), "error")
        return redirect(url_for(".session", code=row["code"]))
    store.delete_session(get_db(), row["id"])
    flash(gettext("Sessie %(code)s en alle bijbehorende gegevens zijn verwijderd.", code=row["code"]), "info")
    return redirect(url_for(".dashboard"))
