"""The participant's pages: the start page with a code box, and the phone page of a session."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from .. import sessions, store
from ..db import get_db
from ..interactions import kind_of

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


@bp.get("/j/<code>/media/<path:name>")
def media(code: str, name: str):
    """A picture the session's questions show on phones (option images); nothing else from the deck folder."""
    row = store.session_by_code(get_db(), sessions.normalise_code(code))
    if row is None:
        abort(404)
    shown = {file for q in sessions.deck_of(row).questions for file in kind_of(q).files(q)}
    if name not in shown:
        abort(404)
    return send_from_directory(current_app.config["SLIDES_DIR"], name, max_age=3600)
