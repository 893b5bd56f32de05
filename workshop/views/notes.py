"""The note-taker's page: a link a second person opens on a laptop to note the discussion, no account needed.

The link carries a token signed with the server's secret key for one session; it allows adding notes to
that session and nothing else. It names how many people had been taken off the session when it was made:
taking someone off (a co-facilitator or note-taker who may have copied the link) makes a new link, and the
old one stops working.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from .. import sessions, store
from ..db import get_db
from ..i18n import translate
from ..i18n_marker import N_

bp = Blueprint("notes", __name__)
# A note without a name is stored under this Dutch word, as the exports show it; screens translate it
# (the filter below, and static/js/control.js).
DEFAULT_AUTHOR = N_("notulist")


@bp.app_template_filter()
def note_author(name: str) -> str:
    """Who wrote a note, in the interface language when it is the note taker's default name."""
    return translate(DEFAULT_AUTHOR) if name == DEFAULT_AUTHOR else name


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="note-taker")


def note_taker_token(session_row: dict) -> str:
    """The token of a session's note-taker link (a new one after each unsharing)."""
    return _serializer().dumps({"session": session_row["id"], "code": session_row["code"],
                                "links": _links(session_row)})


def _links(session_row: dict) -> int:
    """How many times the session was unshared: the generation of its note-taker link (0 before any)."""
    return sum(event["type"] == "session_unshared" for event in store.events(get_db(), session_row["id"]))


def _session_of(token: str) -> dict:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        abort(404)
    row = store.session_by_id(get_db(), data.get("session"))
    if row is None or row["code"] != data.get("code") or data.get("links", 0) != _links(row):
        abort(404)
    return row


@bp.route("/n/<token>", methods=["GET", "POST"])
def note_taker(token: str):
    """Show the slide on screen and the notes so far; add a note to that slide."""
    row = _session_of(token)
    db = get_db()
    if request.method == "POST":
        try:
            sessions.add_note(db, row, request.form.get("text", ""), request.form.get("author", "").strip()[:40]
                              or DEFAULT_AUTHOR)
        except sessions.SessionError as error:
            flash(translate(error), "error")
        return redirect(url_for(".note_taker", token=token))
    row = store.session_by_id(db, row["id"])
    slide = sessions.current_slide(row)
    return render_template("notes.html", session=row, slide=slide, notes=store.notes(db, row["id"])[::-1],
                           slide_titles={s.index: s.title for s in sessions.deck_of(row).slides})
