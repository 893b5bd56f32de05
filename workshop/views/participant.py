"""The participant's pages: the start page with a code box, and the phone page of a session."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from .. import sessions, store
from ..db import get_db

bp = Blueprint("participant", __name__)


@bp.get("/")
def index():
    """Type a join code (or go there from ?code=...)."""
    code = sessions.normalise_code(request.args.get("code", ""))
    if code:
        return redirect(url_for(".join", code=code))
    return render_template("participant/index.html")


@bp.get("/j/<code>")
def join(code: str):
    """The phone page of a session; an unknown code gets a clear message."""
    normal = sessions.normalise_code(code)
    row = store.session_by_code(get_db(), normal)
    if row is None:
        return render_template("participant/unknown.html", code=code), 404
    if normal != code:
        return redirect(url_for(".join", code=normal))
    g.deck_language = sessions.deck_of(row).language  # the interface follows the deck unless ?lang= chose
    return render_template("participant/session.html", session=row)
