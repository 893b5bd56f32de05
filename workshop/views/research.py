"""The research exports in the facilitator's area: downloads per session and the comparison of sessions."""

from __future__ import annotations

import dataclasses
import io
import tempfile
from pathlib import Path

from flask import Blueprint, abort, current_app, g, render_template, request, send_file
from flask_babel import format_decimal, format_percent, gettext
from markupsafe import Markup
from flask_login import current_user, login_required

from .. import accounts, sessions, store
from ..db import get_db
from ..export import charts, compare, factsheet, pptx, tables
from ..i18n import local_date, local_text
from ..numbers import round_half_up
from .facilitator import session_or_404

bp = Blueprint("research", __name__, url_prefix="/f")

EXPORT_THREADS = 2  # downloads built at once on the gevent server; more wait (see off_loop)

TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8", "json": "application/json", "svg": "image/svg+xml", "png": "image/png",
    "pdf": "application/pdf",
}


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in facilitators only."""


def _download(data: bytes, fmt: str, name: str):
    return send_file(io.BytesIO(data), mimetype=TYPES[fmt], as_attachment=True, download_name=f"{name}.{fmt}")


def _saved(prs) -> bytes:
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def off_loop(build, *args):
    """Run an export (seconds of CPU for a large session) where it cannot stall live sessions.

    On the gevent server every phone and projector is served by one event loop; an export run there would
    hold all of them for its whole length. It runs on a thread instead, and the event loop keeps getting its
    turn at the interpreter every few milliseconds. The threads are the exports' own (EXPORT_THREADS; more
    downloads wait their turn): the hub's pool runs the batching writer, whose commits must never queue
    behind a deck. Other servers run the export directly.
    """
    if current_app.config.get("ASYNC_MODE") != "gevent":
        return build(*args)
    pool = current_app.extensions.get("workshop.export_pool")
    if pool is None:
        from gevent.threadpool import ThreadPool

        pool = current_app.extensions.setdefault("workshop.export_pool", ThreadPool(EXPORT_THREADS))
    try:
        return pool.apply(build, args)
    except BaseException:
        # The request may end (killed, timed out) while the thread still reads from this request's
        # connection: never lend that connection out again; it is dropped once the thread lets go of it.
        g.pop("db", None)
        raise


def _deck_bytes(db, row) -> bytes:
    return _saved(pptx.summary_deck(db, row))


def _compare_bytes(db, rows, group=None) -> bytes:
    return _saved(compare.compare_deck(db, rows, group=group))


def _group(rows: list[dict]) -> tuple[str, str] | None:
    """The group a comparison is limited to (?group=domein=Politie), or None; 404 for one not asked."""
    try:
        return compare.group_of(request.args.get("group"), rows)
    except ValueError:
        abort(404)


def _name(row: dict, what: str) -> str:
    return f"workshop-{row['code']}-{row['date']}-{what}"


def local_number(value: float | None, number_format: str) -> str:
    """A chart value written for the interface language (12,5 or 12.5; 33%), rounded as the deck's labels."""
    if value is None:
        return "–"
    if number_format == charts.PERCENT:
        return format_percent(round_half_up(value, 2), "#,##0%")
    digits = 1 if number_format == "0.0" else 0
    return format_decimal(round_half_up(value, digits), "#,##0.0" if digits else "#,##0")


def _relabel(sessions_shown: list[dict]):
    """A function writing the sessions' labels ('Zeist 2 maart 2026') in a text with the interface's dates."""
    local = {s["label"]: f"{s['place']} {local_date(s['date'])}".strip() for s in sessions_shown}
    order = sorted(local, key=len, reverse=True)

    def relabel(text) -> str:
        text = local_text(text)
        for label in order:
            text = text.replace(label, local[label])
        return text

    return relabel


def _local_chart(chart, relabel):
    """A comparison chart for the page: series names (with their dates) and unit in the interface language."""
    unit = gettext(chart.unit) if chart.unit else ""
    return charts.Drawn(chart.type, chart.categories, [(relabel(n), v) for n, v in chart.series],
                        chart.number_format, chart.notes, chart.colours, unit)


def _selected() -> list[dict]:
    """The sessions picked on the comparison page (?code=...&code=...), unknown codes left out."""
    db = get_db()
    codes = dict.fromkeys(request.args.getlist("code"))
    rows = [store.session_by_code(db, sessions.normalise_code(code)) for code in codes]
    return [row for row in rows if row is not None and accounts.may_act(db, current_user.id, row)]


@bp.get("/s/<code>/export/deck.pptx")
def deck(code: str):
    """The summary deck of a session."""
    row = session_or_404(code)
    return _download(off_loop(_deck_bytes, get_db(), row), "pptx", _name(row, "samenvatting"))


@bp.get("/s/<code>/export/factsheet.<fmt>")
def factsheet_file(code: str, fmt: str):
    """The one-page factsheet of a session, as pptx or (when LibreOffice is installed) PDF."""
    row = session_or_404(code)
    if fmt not in ("pptx", "pdf"):
        abort(404)
    prs = off_loop(factsheet.factsheet, get_db(), row, current_app.config["PRIVACY_WORDS"])
    if fmt == "pptx":
        return _download(off_loop(_saved, prs), "pptx", _name(row, "factsheet"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factsheet.pptx"
        prs.save(path)
        pdf = factsheet.to_pdf(path)
        if pdf is None:
            return "Geen PDF: LibreOffice (soffice) ontbreekt op de server. Download de .pptx.", 503
        return _download(pdf.read_bytes(), "pdf", _name(row, "factsheet"))


@bp.get("/s/<code>/export/data.<fmt>")
def data(code: str, fmt: str):
    """A session's answers as tidy data: csv, xlsx or json."""
    row = session_or_404(code)
    if fmt not in tables.FORMATS:
        abort(404)
    return _download(off_loop(tables.export, get_db(), [row], fmt), fmt, _name(row, "data"))


@bp.get("/s/<code>/export/chart/<question_id>.<fmt>")
def chart(code: str, question_id: str, fmt: str):
    """One question's result as a picture (svg or png); ?by=PROFILE splits it by a profile question."""
    row = session_or_404(code)
    if fmt not in charts.PICTURE_FORMATS:
        abort(404)
    try:
        picture = off_loop(charts.question_picture, get_db(), row, question_id, fmt,
                            request.args.get("by") or None)
    except ValueError:
        abort(404)
    return _download(picture, fmt, _name(row, question_id))


@bp.get("/compare")
def comparison():
    """Pick sessions with checkboxes; the questions they share as simple bars, and the deck to download."""
    db = get_db()
    chosen = _selected()
    group = _group(chosen) if len(chosen) >= 2 else None
    result = off_loop(compare.comparison, db, chosen, iter, group) if len(chosen) >= 2 else None
    if result:
        relabel = _relabel(result["sessions"])
        for partial in result["partial"]:
            partial["asked_in"] = [relabel(label) for label in partial["asked_in"]]
        for item in result["questions"]:
            if item["chart"]:
                chart = _local_chart(item["chart"], relabel)
                item["unit"] = chart.unit
                # the unit stands once, in the line above the chart
                bare = dataclasses.replace(chart, unit="")
                svg = charts.to_svg(bare, written=local_number, fluid=True, label=item["question"].text)
                item["svg"] = Markup(svg.decode())
                item["table"] = compare.html_table(chart, local_number)
            item["notes"] = [(meeting, relabel(note)) for meeting, note in item["notes"]]
    return render_template("research/compare.html", sessions=store.list_sessions(db, current_user.id),
                           chosen={row["code"] for row in chosen}, result=result,
                           query=[("code", row["code"]) for row in chosen]
                           + ([("group", "=".join(group))] if group else []))


@bp.get("/compare.pptx")
def comparison_deck():
    """The comparison deck of the sessions picked (?code=...&code=...)."""
    chosen = _selected()
    if not chosen:
        abort(404)
    return _download(off_loop(_compare_bytes, get_db(), chosen, _group(chosen)), "pptx",
                     "workshop-vergelijking")


@bp.get("/compare/data.<fmt>")
def comparison_data(fmt: str):
    """The tidy data of the sessions picked, in one file."""
    chosen = _selected()
    if not chosen or fmt not in tables.FORMATS:
        abort(404)
    return _download(off_loop(tables.export, get_db(), chosen, fmt), fmt, "workshop-data")
