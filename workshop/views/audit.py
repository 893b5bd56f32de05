"""The record of what facilitators did that no store write logs by itself: logins, failed logins, downloads.

Watched from outside the views (after each request) so that the login and export views stay as they are:
a login is known by its response (a redirect: in; 401 or 429: refused), a download by its attachment header.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from .. import sessions, store
from ..db import get_db

bp = Blueprint("audit", __name__)


@bp.after_app_request
def log_facilitator_action(response):
    """Log a login attempt or a download of an export (which file, by whom; never its content)."""
    endpoint = request.endpoint or ""
    if endpoint == "auth.login" and request.method == "POST":
        _log_login(response.status_code)
    elif (response.status_code == 200 and "attachment" in response.headers.get("Content-Disposition", "")
          and current_user.is_authenticated):
        _log_download(endpoint)
    return response


def _log_login(status: int) -> None:
    name = request.form.get("name", "")[:64]
    db = get_db()
    if status in (301, 302, 303):
        row = store.facilitator_by_name(db, name)
        store.log_action(db, "login", None, row["id"] if row else None)
    elif status in (401, 429):
        store.log_action(db, "login_failed", {"name": name, "limited": status == 429}, None)


def _log_download(endpoint: str) -> None:
    db = get_db()
    what = {"export": endpoint.split(".")[-1], "path": request.path}
    if endpoint.startswith("studies."):
        store.log_action(db, "study_exported", what, current_user.id, request.view_args.get("study_id"))
        return
    codes = [request.view_args["code"]] if "code" in (request.view_args or {}) else request.args.getlist("code")
    for code in dict.fromkeys(codes):
        row = store.session_by_code(db, sessions.normalise_code(code))
        if row is not None:
            store.log_event(db, row["id"], "export_downloaded", what, current_user.id)
