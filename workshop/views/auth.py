"""Facilitator login and logout; how many wrong passwords are allowed, and to whom.

Wrong passwords are limited per account and client address, and per address over all accounts, so a guesser
behind a venue's proxy does not lock the other facilitators there out. A browser that logged in to an account
before carries a signed device cookie: it is limited on its own, so the account's owner still gets in with the
right password while a guesser is locked out (OWASP's "device cookies").
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import accounts, store
from ..db import get_db
from ..i18n_marker import N_

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("Log in om verder te gaan.")
login_manager.localize_callback = gettext  # Flask-Login flashes the message in the interface language

# Wrong passwords: enough for typos, too few for guessing (docs/security.md).
PER_ACCOUNT_AND_ADDRESS = "10 per 15 minutes"
PER_ADDRESS = "100 per 15 minutes"  # over all names: one address cannot try a few passwords on many accounts
PER_DEVICE = "10 per 15 minutes"  # a browser that logged in to this account before, counted on its own
DEVICE_COOKIE = "workshop_device"
DEVICE_DAYS = 180


class Facilitator(UserMixin):
    """The logged-in facilitator as Flask-Login sees it; the cookie holds the id and the login epoch."""

    def __init__(self, row: dict):
        self.id = row["id"]
        self.name = row["name"]
        self.epoch = row["auth_epoch"]

    def get_id(self) -> str:
        return f"{self.id}:{self.epoch}"


@login_manager.user_loader
def load_user(user_id: str) -> Facilitator | None:
    """The facilitator of a login cookie, if the account exists and the login has not ended since."""
    facilitator_id, _, epoch = user_id.partition(":")
    if not (facilitator_id.isdigit() and epoch.isdigit()):
        return None  # a cookie from before login epochs, or forged
    row = store.facilitator_by_id(get_db(), int(facilitator_id))
    return Facilitator(row) if row and row["auth_epoch"] == int(epoch) else None


def init_app(app) -> None:
    """Register the login manager."""
    login_manager.init_app(app)


def _throttle():
    return current_app.extensions["workshop.throttle"]


def _device_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="workshop-device")


def _device(name: str) -> str | None:
    """The id of this browser's device cookie if it logged in to account `name` before, else None."""
    try:
        data = _device_signer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    if isinstance(data, dict) and data.get("name") == name and isinstance(data.get("id"), str):
        return data["id"]
    return None


def _limits(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """The counters a login try for `name` from this client is judged by: (rule, key) pairs."""
    device = _device(name)
    if device:
        return [(PER_DEVICE, ("device", device))]
    address = request.remote_addr or "-"
    return [(PER_ACCOUNT_AND_ADDRESS, ("account", name.lower(), address)), (PER_ADDRESS, ("address", address))]


def _too_many() -> Response:
    return make_response(render_template("login.html", too_many=True), 429)


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this server, else None: what a `next` may send a browser to."""
    # Browsers read a backslash as a slash, so "/\\evil.example" would leave the server like "//evil.example".
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and not urlsplit(target).netloc):
        return target
    return None


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this server after login."""
    return local_path(target) or url_for("facilitator.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form, or log a facilitator in."""
    if request.method != "POST":
        return render_template("login.html")
    name = request.form.get("name", "")[:64]
    limits = _limits(name)
    if not all(_throttle().allows(rule, *key) for rule, key in limits):
        return _too_many()
    row = accounts.check(get_db(), name, request.form.get("password", ""))
    if row is None:
        for rule, key in limits:
            _throttle().fail(rule, *key)
        flash(gettext("Onbekende naam of verkeerd wachtwoord."), "error")
        return render_template("login.html"), 401
    login_user(Facilitator(row))
    response = redirect(_safe_next(request.args.get("next")))
    device = _device(row["name"]) or secrets.token_urlsafe(16)
    response.set_cookie(DEVICE_COOKIE, _device_signer().dumps({"name": row["name"], "id": device}),
                        max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.post("/logout")
@login_required
def logout():
    """End the facilitator's login: this cookie, copies of it, other browsers and open sockets alike."""
    from ..live import end_facilitator_sockets

    store.end_logins(get_db(), current_user.id)
    end_facilitator_sockets(current_user.id)
    logout_user()
    return redirect(url_for("auth.login"))
