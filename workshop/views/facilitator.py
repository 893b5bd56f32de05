"""The facilitator's area: decks to start from, sessions, the session page and its exports."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import accounts, members, sessions, store
from .. import deck as decks
from ..db import get_db
from ..i18n import local_date, local_time, translate
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


# A session's state as pages name it.
STATE_NAMES = {"live": N_("live"), "ended": N_("beëindigd")}


@bp.app_template_filter()
def session_state(state: str) -> str:
    """A session's state (live, ended) in the interface language."""
    return translate(STATE_NAMES[state]) if state in STATE_NAMES else state


@bp.app_template_filter()
def local_date_time(iso: str | None) -> str:
    """A stored timestamp as date and time in the interface language."""
    return f"{local_date((iso or '')[:10])} {local_time(iso)}" if iso else ""


@bp.app_template_filter()
def event_details(data: dict | None) -> str:
    """A log entry's data in one line: key value pairs, as stored (ids and question ids, never answers)."""
    if not data:
        return ""
    return ", ".join(f"{key}: {value}" for key, value in data.items())


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
    """Decks to start a session from, the studies and the sessions so far."""
    return render_template(
        "facilitator/dashboard.html",
        decks=deck_files(),
        sessions=store.list_sessions(get_db(), current_user.id, notes_too=True),
        studies=store.list_studies(get_db(), current_user.id),
        kinds=sessions.MEETING_KINDS,
        chosen_study=request.args.get("study", type=int),
    )


def _study_of_form() -> int | None:
    """The study picked in a form, if this facilitator may use it (else no study)."""
    study_id = request.form.get("study", type=int)
    if study_id and store.may_see_study(get_db(), current_user.id, study_id):
        return study_id
    return None


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
            unit=request.form.get("unit"), facilitators=request.form.get("facilitators"),
            study_id=_study_of_form(),
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
         "status": states.get(q.id, {}).get("status", "pending"),
         # a question asked again: n per round (the count above is its last round's)
         "rounds": [(number, result["n"]) for number, result in sessions.round_results(db, row, q)]
         if (states.get(q.id, {}).get("round") or 1) > 1 else []}
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
        log=store.session_log(db, row["id"]),
        kinds=sessions.MEETING_KINDS,
        studies=store.list_studies(db, current_user.id),
        study=store.study_by_id(db, row["study_id"]) if row.get("study_id") else None,
        published_options=sessions.PUBLISHED,
        responsible=store.may_manage_session(db, current_user.id, row["id"]),
        shared_with=store.session_members(db, row["id"]),
        roles=members.ROLES,
    )


@bp.post("/s/<code>/end")
def end(code: str):
    """End a session: phones see the closing screen, joins are refused, everything stays exportable."""
    row = session_or_404(code)
    if sessions.end_session(get_db(), row, current_user.id):
        tell_phones(row)
        flash(gettext("Sessie %(code)s is beëindigd. Deelnemers zien nu het slotscherm.", code=row["code"]), "info")
    return redirect(url_for(".session", code=row["code"]))


@bp.post("/s/<code>/reopen")
def reopen(code: str):
    """Make an ended session live again (logged)."""
    row = session_or_404(code)
    if sessions.reopen_session(get_db(), row, current_user.id):
        tell_phones(row)
        flash(gettext("Sessie %(code)s is weer open.", code=row["code"]), "info")
    return redirect(url_for(".session", code=row["code"]))


def tell_phones(row: dict) -> None:
    """Let the phones and views of a session know it ended or reopened (phones reload the join page)."""
    from ..live import core

    fresh = store.session_by_id(get_db(), row["id"])
    core.socketio.emit("ended" if fresh["state"] == "ended" else "reopened", {"code": row["code"]},
                       to=core.participant_room(row["id"]), namespace=core.PARTICIPANT)
    core.broadcast_state(fresh)


@bp.post("/s/<code>/edit")
def edit(code: str):
    """Change a session's metadata (kind, municipality or police unit, place, date, facilitators, ...)."""
    row = session_or_404(code)
    changes = {name: request.form.get(name) for name in sessions.EDITABLE if name in request.form}
    if not store.may_manage_session(get_db(), current_user.id, row["id"]):
        changes.pop("published", None)  # what participants see afterwards is for those responsible
    try:
        sessions.edit_session(get_db(), row, changes, current_user.id)
    except sessions.SessionError as error:
        flash(translate(error), "error")
        return redirect(url_for(".session", code=row["code"]))
    if "study" in request.form and store.may_manage_session(get_db(), current_user.id, row["id"]):
        study_id = _study_of_form()
        if study_id != row.get("study_id"):
            store.set_session_study(get_db(), row["id"], study_id, current_user.id)
    flash(gettext("Gegevens van de sessie opgeslagen."), "info")
    return redirect(url_for(".session", code=row["code"]))



@bp.post("/s/<code>/delete")
def delete(code: str):
    """Hard-delete a session after the facilitator typed its code to confirm."""
    row = session_or_404(code)
    if not store.may_manage_session(get_db(), current_user.id, row["id"]):  # a co-facilitator runs, not deletes
        flash(gettext("Alleen de eigenaar van de sessie (of een beheerder) kan haar verwijderen."), "error")
        return redirect(url_for(".session", code=row["code"]))
    if sessions.normalise_code(request.form.get("confirm", "")) != row["code"]:
        flash(gettext("Typ de code van de sessie om te bevestigen dat je hem wilt verwijderen."), "error")
        return redirect(url_for(".session", code=row["code"]))
    store.delete_session(get_db(), row["id"], current_user.id)
    flash(gettext("Sessie %(code)s en alle bijbehorende gegevens zijn verwijderd.", code=row["code"]), "info")
    return redirect(url_for(".dashboard"))
