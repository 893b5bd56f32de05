"""The participant's pages: the start page with a code box, and the phone page of a session.

Wrong codes count against the client's address, on these pages and in the socket's `join` alike
(throttle.py): past the limit every code is refused for a while, a right one too, so the answer tells a
guesser nothing.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    send_from_directory,
    url_for,
)

from .. import sessions, store
from ..db import get_db
from ..interactions import kind_of

bp = Blueprint("participant", __name__)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


class TooManyWrongCodes(Exception):
    """This address typed too many codes that match no session; it may try again in a few minutes."""


def find_session(code: str) -> dict | None:
    """The session with this code as typed, or None; counts a miss, refuses while this address has too many."""
    throttle, address = current_app.extensions["workshop.throttle"], request.remote_addr or "-"
    if not throttle.may_try_codes(address):
        raise TooManyWrongCodes
    row = store.session_by_code(get_db(), sessions.normalise_code(code))
    if row is None:
        throttle.wrong_code(address)
    return row


@bp.errorhandler(TooManyWrongCodes)
def too_many_wrong_codes(error):
    return render_template("participant/unknown.html", too_many=True), 429


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
    row = find_session(code)
    if row is None:
        return render_template("participant/unknown.html", code=code), 404
    if normal != code:
        return redirect(url_for(".join", code=normal))
    g.deck_language = sessions.deck_of(row).language  # the interface follows the deck unless ?lang= chose
    if row["state"] == "ended":
        return render_template("participant/ended.html", session=row,
                               results=sessions.published_results(get_db(), row))
    return render_template("participant/session.html", session=row)


@bp.get("/j/<code>/results/<question_id>.svg")
def published_chart(code: str, question_id: str):
    """A result the facilitator published after the session ended (charts only, groups of k or more)."""
    from ..export import charts

    row = store.session_by_code(get_db(), sessions.normalise_code(code))
    if row is None or question_id not in {r["id"] for r in sessions.published_results(get_db(), row)}:
        abort(404)
    picture = charts.question_picture(get_db(), row, question_id, "svg")
    return Response(picture, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=300"})


@bp.get("/j/<code>/factsheet.<fmt>")
def published_factsheet(code: str, fmt: str):
    """The session's factsheet, when the facilitator published it after the session ended."""
    from ..export import factsheet

    row = store.session_by_code(get_db(), sessions.normalise_code(code))
    if row is None or row["state"] != "ended" or row.get("published") != "factsheet" or fmt not in ("pdf", "pptx"):
        abort(404)
    prs = factsheet.factsheet(get_db(), row, current_app.config["PRIVACY_WORDS"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factsheet.pptx"
        prs.save(path)
        pdf = factsheet.to_pdf(path) if fmt == "pdf" else None
        data, kind = (pdf.read_bytes(), "application/pdf") if pdf else (path.read_bytes(), PPTX)
    name = f"factsheet-{row['code']}.{'pdf' if pdf else 'pptx'}"
    return send_file(io.BytesIO(data), mimetype=kind, as_attachment=True, download_name=name)


@bp.get("/j/<code>/media/<path:name>")
def media(code: str, name: str):
    """A picture the session's questions show on phones (option images); nothing else from the deck folder."""
    row = find_session(code)
    if row is None:
        abort(404)
    shown = {file for q in sessions.deck_of(row).questions for file in kind_of(q).files(q)}
    if name not in shown:
        abort(404)
    return send_from_directory(current_app.config["SLIDES_DIR"], name, max_age=3600)
