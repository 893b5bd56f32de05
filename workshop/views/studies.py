"""The study pages: a study's sessions and shared questions, its comparisons, sharing, its exports."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from markupsafe import Markup

from .. import sessions, store, studies
from ..db import get_db
from ..export import charts, compare, infographic
from ..i18n import translate
from ..i18n_marker import N_
from .facilitator import session_or_404
from .research import local_number, off_loop  # exports run where they cannot stall live sessions

bp = Blueprint("studies", __name__, url_prefix="/f/studies")

COMPARISON_NAMES = {
    "gemeente": N_("Alle gemeentelijke sessies"),
    "landelijk": N_("Alle landelijke sessies"),
    "gemeente-landelijk": N_("Gemeentelijk tegenover landelijk"),
    "alle": N_("Alle sessies"),
}


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in facilitators only."""


def study_or_404(study_id: int) -> dict:
    """The study with this id, if this facilitator may see it; else a 404 (no hint it exists)."""
    row = store.study_by_id(get_db(), study_id)
    if row is None or not store.may_see_study(get_db(), current_user.id, study_id):
        abort(404)
    return row


@bp.post("/")
def create():
    """Make a study from the dashboard; its page opens."""
    try:
        row = studies.create(get_db(), request.form.get("name", ""), current_user.id)
    except studies.StudyError as error:
        flash(translate(error), "error")
        return redirect(url_for("facilitator.dashboard"))
    return redirect(url_for(".study", study_id=row["id"]))


@bp.get("/<int:study_id>")
def study(study_id: int):
    """A study: its sessions, the questions they share, comparisons, colleagues and downloads."""
    row = study_or_404(study_id)
    db = get_db()
    listed = studies.study_sessions(db, row)
    rows = studies.full_rows(db, listed)
    own = {s["code"] for s in listed}
    return render_template(
        "facilitator/study.html",
        study=row,
        sessions=listed,
        shared=studies.shared_questions(rows),
        comparisons=[(name, translate(COMPARISON_NAMES[name]), codes) for name, codes in studies.comparison_codes(rows).items()],
        profiles=studies.profile_ids(rows),
        members=store.study_members(db, row["id"]),
        owner=store.facilitator_by_id(db, row["created_by"]) if row["created_by"] else None,
        others=[s for s in store.list_sessions(db, current_user.id) if s["code"] not in own
                and store.may_manage_session(db, current_user.id, s["id"])],  # not a co-facilitator's
        log=store.actions(db, row["id"], limit=100),
    )


@bp.post("/<int:study_id>/sessions")
def add_session(study_id: int):
    """Put one of this facilitator's sessions in the study."""
    row = study_or_404(study_id)
    session = session_or_404(request.form.get("code", ""))
    try:
        studies.add_session(get_db(), row, session, current_user.id)
    except studies.StudyError as error:
        flash(translate(error), "error")
    else:
        flash(gettext("Sessie %(code)s hoort nu bij deze studie.", code=session["code"]), "info")
    return redirect(url_for(".study", study_id=study_id))


@bp.post("/<int:study_id>/share")
def share(study_id: int):
    """Share the study with a colleague, who may then run and export its sessions."""
    row = study_or_404(study_id)
    try:
        colleague = studies.share(get_db(), row, request.form.get("name", ""), current_user.id)
    except studies.StudyError as error:
        flash(translate(error), "error")
    else:
        flash(gettext("Gedeeld met %(name)s.", name=colleague["name"]), "info")
    return redirect(url_for(".study", study_id=study_id))


@bp.post("/<int:study_id>/unshare/<int:facilitator_id>")
def unshare(study_id: int, facilitator_id: int):
    """Stop sharing the study with a colleague."""
    row = study_or_404(study_id)
    try:
        studies.unshare(get_db(), row, facilitator_id, current_user.id)
    except studies.StudyError as error:
        flash(translate(error), "error")
    return redirect(url_for(".study", study_id=study_id))


@bp.get("/<int:study_id>/groups/<profile_id>")
def groups(study_id: int, profile_id: str):
    """Per shared question, the groups of a profile question (e.g. police, care) pooled over the study."""
    row = study_or_404(study_id)
    db = get_db()
    rows = studies.full_rows(db, studies.study_sessions(db, row))
    if profile_id not in {p["id"] for p in studies.profile_ids(rows)}:
        abort(404)
    result = studies.group_comparison(db, rows, profile_id)
    for item in result["questions"]:  # drawn as the comparison page draws its charts
        if item["chart"]:
            item["svg"] = Markup(charts.to_svg(item["chart"], written=local_number, fluid=True).decode())
            item["table"] = compare.html_table(item["chart"], local_number)
    return render_template("facilitator/study_groups.html", study=row, result=result)


def _chosen_rows(study: dict) -> list[dict]:
    """The study's sessions, or those picked with ?code=... (only codes in the study)."""
    db = get_db()
    rows = studies.full_rows(db, studies.study_sessions(db, study))
    codes = {sessions.normalise_code(c) for c in request.args.getlist("code")}
    return [r for r in rows if r["code"] in codes] if codes else rows


@bp.get("/<int:study_id>/infographic.<fmt>")
def infographic_file(study_id: int, fmt: str):
    """The infographic of the study (or the sessions picked with ?code=...): svg, png or pdf."""
    row = study_or_404(study_id)
    if fmt not in infographic.FORMATS:
        abort(404)
    rows = _chosen_rows(row)
    if not rows:
        abort(404)
    data = off_loop(infographic.render, get_db(), rows, fmt, row["name"])
    return send_file(io.BytesIO(data), mimetype=infographic.TYPES[fmt], as_attachment=True,
                     download_name=f"workshop-{_slug(row['name'])}-infographic.{fmt}")


@bp.get("/<int:study_id>/export.zip")
def archive(study_id: int):
    """Everything of the study in one download: data in three formats, the comparison deck, the infographic."""
    row = study_or_404(study_id)
    rows = _chosen_rows(row)
    data = off_loop(studies.archive, get_db(), row, rows)
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"workshop-{_slug(row['name'])}.zip")


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "studie"
