"""The projector view, the control view and the join QR code of a session."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_login import login_required
from markupsafe import Markup

from .. import palette, qr, sessions
from ..i18n import translate
from ..i18n_marker import N_
from ..markdown import render_columns
from .facilitator import session_or_404

bp = Blueprint("present", __name__, url_prefix="/f/s/<code>")

# Question kinds as the interface names them (control.js has the same Dutch names for the control view).
KIND_NAMES = {
    "choice": N_("Meerkeuze"), "scale": N_("Schaal"), "open": N_("Open vraag"), "wordcloud": N_("Woordwolk"),
    "statements": N_("Stellingen"), "roles": N_("Wie zorgt voor wat"), "ranking": N_("Rangorde"),
    "points": N_("Punten verdelen"), "qa": N_("Vragen uit de zaal"), "grid": N_("Kwadrantenschema"),
    "ideas": N_("Ideeën en stemmen"),
}


@bp.app_template_filter()
def question_kind(kind: str) -> str:
    """A question kind in the interface language; an unknown kind by its id."""
    return translate(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


@bp.record_once
def add_palette_route(state) -> None:
    """/palette.css is for every page, phones included: an app route, outside this blueprint's login."""
    state.app.add_url_rule("/palette.css", "palette_css", palette_css)


def palette_css() -> Response:
    """The one palette (workshop/palette.py) as CSS custom properties and classes."""
    return Response(palette.css(), mimetype="text/css", headers={"Cache-Control": "public, max-age=300"})


@bp.before_request
@login_required
def require_login():
    """The projector and control views are for logged-in facilitators only."""


def join_url(code: str) -> tuple[str, str | None]:
    """The URL phones open to join, and a warning when it may not reach them."""
    base, warning = qr.join_base(current_app.config["PUBLIC_URL"], request.host_url)
    return f"{base}{url_for('participant.join', code=code)}", warning


def slides_html(row: dict) -> list[dict]:
    """Every slide of the session rendered once, for the projector to switch between without a reload."""
    return [
        {"index": s.index, "html": Markup(render_columns(s.columns, url_for("decks.slide_file", path=""))),
         "notes": s.notes, "layout": s.layout, "question": s.question.to_dict() if s.question else None}
        for s in sessions.deck_of(row).slides
    ]


@bp.get("/present")
def projector(code: str):
    """The full-screen 16:9 projector view with the join banner."""
    row = session_or_404(code)
    url, warning = join_url(row["code"])
    theme = dict(sessions.deck_of(row).theme)
    if theme.get("logo"):
        theme["logo"] = url_for("decks.slide_file", path=theme["logo"])
    return render_template("present/projector.html", session=row, slides=slides_html(row), join_url=url,
                           warning=warning, code=sessions.pretty_code(row["code"]), theme=theme)


@bp.get("/control")
def control(code: str):
    """The facilitator's remote: current and next slide, question and results controls."""
    row = session_or_404(code)
    url, _ = join_url(row["code"])
    return render_template("present/control.html", session=row, slides=slides_html(row), join_url=url,
                           code=sessions.pretty_code(row["code"]))


@bp.get("/qr.svg")
def qr_svg(code: str):
    """The join QR code as SVG."""
    row = session_or_404(code)
    url, _ = join_url(row["code"])
    return Response(qr.svg(url), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})
