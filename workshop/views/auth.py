"""Facilitator login and logout."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, login_required, login_user, logout_user

from .. import accounts, store
from ..db import get_db
from ..i18n_marker import N_

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("Log in om verder te gaan.")
login_manager.localize_callback = gettext  # Flask-Login flashes the message in the interface language
# Failed logins per address: enough for typos, too few for guessing. Kept in memory (one venue server).
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])


class Facilitator(UserMixin):
    """The logged-in facilitator as Flask-Login sees it."""

    def __init__(self, row: dict):
        self.id = row["id"]
        self.name = row["name"]


@login_manager.user_loader
def load_user(user_id: str) -> Facilitator | None:
    """The facilitator of a login cookie, if the account still exists."""
    row = store.facilitator_by_id(get_db(), int(user_id)) if user_id.isdigit() else None
    return Facilitator(row) if row else None


def init_app(app) -> None:
    """Register the login manager and the login rate limit."""
    login_manager.init_app(app)
    limiter.init_app(app)


def _too_many(limit) -> Response:
    return make_response(render_template("login.html", too_many=True), 429)


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this server after login."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("facilitator.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], deduct_when=lambda response: response.status_code == 401,
               on_breach=_too_many)
def login():
    """Show the login form, or log a facilitator in."""
    if request.method == "POST":
        row = accounts.check(get_db(), request.form.get("name", ""), request.form.get("password", ""))
        if row:
            login_user(Facilitator(row))
            return redirect(_safe_next(request.args.get("next")))
        flash(gettext("Onbekende naam of verkeerd wachtwoord."), "error")
        return render_template("login.html"), 401
    return render_template("login.html")


@bp.post("/logout")
@login_required
def logout():
    """End the facilitator's login."""
    logout_user()
    return redirect(url_for("auth.login"))
