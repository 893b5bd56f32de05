"""Sharing one session with other facilitator accounts (co-facilitator, note-taker), and the notes page of
a note-taker's account (members.py has the rules)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import members, sessions, store
from ..db import get_db
from ..i18n import translate
from .facilitator import session_or_404

bp = Blueprint("members", __name__, url_prefix="/f/s/<code>")


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in facilitators only."""


def _responsible_for(code: str) -> dict | None:
    """The session, if this facilitator may share it; else None after saying so (a co-facilitator may not)."""
    row = session_or_404(code)
    if store.may_manage_session(get_db(), current_user.id, row["id"]):
        return row
    flash(gettext("Alleen de eigenaar van de sessie (of een beheerder) kan haar delen."), "error")
    return None


@bp.post("/share")
def share(code: str):
    """Share the session with another facilitator as co-facilitator or note-taker."""
    row = _responsible_for(code)
    if row is not None:
        try:
            member = members.share(get_db(), row, request.form.get("name", ""),
                                   request.form.get("role", "cofacilitator"), current_user.id)
            flash(gettext("Gedeeld met %(name)s.", name=member["name"]), "info")
        except members.MemberError as error:
            flash(translate(error), "error")
    return redirect(url_for("facilitator.session", code=session_or_404(code)["code"]))


@bp.post("/unshare/<int:facilitator_id>")
def unshare(code: str, facilitator_id: int):
    """Stop sharing the session with a facilitator: their pages and open views lose it at once."""
    row = _responsible_for(code)
    if row is not None:
        try:
            member = members.unshare(get_db(), row, facilitator_id, current_user.id)
            flash(gettext("Niet meer gedeeld met %(name)s.", name=member["name"]), "info")
        except members.MemberError as error:
            flash(translate(error), "error")
        from ..live import drop_lost_sessions

        drop_lost_sessions()  # this process's sockets now; the sweep does it within a second elsewhere
    return redirect(url_for("facilitator.session", code=session_or_404(code)["code"]))


@bp.route("/notes", methods=["GET", "POST"])
def notes(code: str):
    """A note-taker's page: the slide on screen, the notes so far, a note on that slide under their name."""
    db = get_db()
    row = store.session_by_code(db, sessions.normalise_code(code))
    if row is None or not store.may_take_notes(db, current_user.id, row["id"]):
        abort(404)  # the same answer as for a session that does not exist
    if request.method == "POST":
        try:
            sessions.add_note(db, row, request.form.get("text", ""), current_user.name)
        except sessions.SessionError as error:
            flash(translate(error), "error")
        return redirect(url_for(".notes", code=row["code"]))
    slide = sessions.current_slide(row)
    return render_template("notes.html", session=row, slide=slide, notes=store.notes(db, row["id"])[::-1],
                           slide_titles={s.index: s.title for s in sessions.deck_of(row).slides},
                           author=current_user.name)
