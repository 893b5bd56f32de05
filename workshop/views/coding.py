"""Coding in the browser: codebooks, the coding view, agreement, themes, counts and the exports."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from .. import accounts, store, studies
from ..coding import agreement, codebook, counts, suggest
from ..coding import tables as coding_tables
from ..coding.texts import codebook_texts
from ..db import get_db
from ..export import qdpx
from ..i18n import translate
from ..i18n_marker import N_
from .auth import local_path
from .research import off_loop  # k-means and exports run where they cannot stall live sessions

bp = Blueprint("coding", __name__, url_prefix="/f/coding")
SOURCES = {"open": N_("Open antwoord"), "wordcloud": N_("Woordwolk"), "statements": N_("Stelling"),
           "qa": N_("Vraag (Q&A)"), "note": N_("Notitie")}


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in facilitators only."""


def _may_use(db, book: dict) -> bool:
    """Whether this facilitator may act on every session of a codebook; one without sessions (all deleted,
    or a study's before its first) is its maker's, an admin's or the study's, never everyone's."""
    if not book["session_ids"]:
        me = store.facilitator_by_id(db, current_user.id)
        return bool(book["created_by"] == current_user.id or (me and me["is_admin"]) or (
            book["study_id"] and store.may_see_study(db, current_user.id, book["study_id"])))
    sessions = [store.session_by_id(db, i) for i in book["session_ids"]]
    return all(s and accounts.may_act(db, current_user.id, s) for s in sessions)


def _book_or_404(codebook_id: int) -> dict:
    """The codebook, if this facilitator may use it (_may_use); else 404."""
    db = get_db()
    book = store.codebook(db, codebook_id)
    if book is None or not _may_use(db, book):
        abort(404)
    return book


@bp.get("/")
def index():
    """The codebooks this facilitator may use, and a form for a new one."""
    db = get_db()
    mine = [s for s in store.list_sessions(db, current_user.id) if accounts.may_act(db, current_user.id, s)]
    visible = []
    for book in store.codebooks(db):
        found = store.codebook(db, book["id"])
        if _may_use(db, found):
            visible.append({**book, "titles": [store.session_by_id(db, i)["title"] for i in found["session_ids"]]})
    return render_template("coding/index.html", codebooks=visible, sessions=mine,
                           studies=store.list_studies(db, current_user.id), chosen=request.args.get("study", ""))


@bp.post("/")
def create():
    """Start a codebook over the chosen sessions."""
    db = get_db()
    name = " ".join(request.form.get("name", "").split())[:120]
    study_id = request.form.get("study", "")
    if study_id.isdigit():  # a study's codebook: its sessions, now and later
        if not store.may_see_study(db, current_user.id, int(study_id)):
            abort(404)
        study = store.study_by_id(db, int(study_id))
        book = store.create_codebook(db, name or study["name"], [], current_user.id, study_id=study["id"])
        return redirect(url_for(".code_texts", codebook_id=book))
    ids = []
    for value in request.form.getlist("session"):
        session = store.session_by_id(db, int(value)) if value.isdigit() else None
        if session is None or not accounts.may_act(db, current_user.id, session):
            abort(404)
        ids.append(session["id"])
    if not name or not ids:
        flash(translate(N_("Geef het codeboek een naam en kies ten minste één sessie.")), "error")
        return redirect(url_for(".index"))
    return redirect(url_for(".code_texts", codebook_id=store.create_codebook(db, name, ids, current_user.id)))


def _filtered(texts, args):
    for key, attribute in (("session", "session_id"), ("question", "question_id"), ("source", "source")):
        if args.get(key):
            texts = [t for t in texts if str(getattr(t, attribute)) == args[key]]
    if args.get("group") and "=" in args["group"]:
        profile, label = args["group"].split("=", 1)
        texts = [t for t in texts if t.group(profile) == label]
    return texts


@bp.get("/<int:codebook_id>")
def code_texts(codebook_id: int):
    """Every text of the codebook's sessions, filterable, with this coder's codes; keys 1-9 apply codes."""
    book = _book_or_404(codebook_id)
    db = get_db()
    texts = codebook_texts(db, book["session_ids"])
    shown = _filtered(texts, request.args)
    mine: dict[str, set[int]] = {}
    for row in store.codings(db, codebook_id):
        if row["coder_id"] == current_user.id:
            mine.setdefault(row["text_key"], set()).add(row["code_id"])
    seen = {r["text_key"] for r in store.seen_texts(db, codebook_id) if r["coder_id"] == current_user.id}
    if request.args.get("todo"):
        shown = [t for t in shown if t.key not in seen]
    filters = {
        "session": sorted({(str(t.session_id), t.session) for t in texts}),
        "question": sorted({(t.question_id, t.question or t.question_id) for t in texts if t.question_id}),
        "source": sorted({(t.source, translate(SOURCES[t.source])) for t in texts}),
        "group": sorted({(f"{p}={g}", g) for t in texts for p, g in t.groups}),
    }
    return render_template("coding/code.html", book=book, codes=store.codes(db, codebook_id), texts=shown,
                           total=len(texts), mine=mine, seen=seen, filters=filters, sources=SOURCES,
                           done=len(seen & {t.key for t in texts}))


@bp.post("/<int:codebook_id>/apply")
def apply(codebook_id: int):
    """Apply or take off one code on one text for the logged-in coder (JSON), or mark a text as seen."""
    book = _book_or_404(codebook_id)
    db = get_db()
    data = request.get_json(silent=True) or {}
    key, code_id = data.get("text_key"), data.get("code_id")
    if not isinstance(key, str) or key not in {t.key for t in codebook_texts(db, book["session_ids"])}:
        return jsonify(ok=False, error=translate(N_("Deze tekst hoort niet bij dit codeboek."))), 400
    if code_id is None:
        store.mark_seen(db, codebook_id, key, current_user.id)
        return jsonify(ok=True)
    # `True in {1}` holds in Python: a JSON true or 1.0 is no code id.
    if (type(code_id) is not int or code_id not in {c["id"] for c in store.codes(db, codebook_id)}
            or not isinstance(data.get("on"), bool)):
        return jsonify(ok=False, error=translate(N_("Deze code bestaat niet in dit codeboek."))), 400
    store.set_coding(db, codebook_id, code_id, key, current_user.id, data["on"])
    return jsonify(ok=True)


@bp.post("/<int:codebook_id>/codes")
def add_code(codebook_id: int):
    """Add a code, or with `code_id` rename it or change its description and memo."""
    _book_or_404(codebook_id)
    form = request.form
    try:
        if form.get("code_id", "").isdigit():
            codebook.edit_code(get_db(), codebook_id, int(form["code_id"]), name=form.get("name"),
                               description=form.get("description"), memo=form.get("memo"))
        else:
            parent = form.get("parent", "")
            codebook.add_code(get_db(), codebook_id, form.get("name", ""), form.get("description", ""),
                              int(parent) if parent.isdigit() else None)
    except codebook.CodebookError as error:
        flash(translate(error), "error")
    return redirect(local_path(request.form.get("next")) or url_for(".code_texts", codebook_id=codebook_id))


@bp.post("/<int:codebook_id>/import")
def import_codes(codebook_id: int):
    """Add the codes of an uploaded CSV codebook."""
    _book_or_404(codebook_id)
    upload = request.files.get("file")
    try:
        data = upload.read(1_000_000).decode("utf-8") if upload else ""
        added = codebook.import_csv(get_db(), codebook_id, data)
        flash(translate(N_("{count} codes toegevoegd.")).format(count=added), "info")
    except UnicodeDecodeError:
        flash(translate(N_("Het bestand is geen UTF-8-tekst.")), "error")
    except codebook.CodebookError as error:
        flash(translate(error), "error")
    return redirect(url_for(".code_texts", codebook_id=codebook_id))


@bp.get("/<int:codebook_id>/report")
def report(codebook_id: int):
    """Agreement between coders, the disagreements to resolve, code counts and candidate themes."""
    book = _book_or_404(codebook_id)
    db = get_db()
    codes = store.codes(db, codebook_id)
    codings = store.codings(db, codebook_id)
    texts = codebook_texts(db, book["session_ids"])
    found = agreement.report(agreement.decisions(codings, store.seen_texts(db, codebook_id), [c["id"] for c in codes]))
    names = {r["id"]: r["name"] for r in store.coders(db, codebook_id)}
    for difference in found["disagreements"]:
        difference["yes"] = [names.get(c, c) for c in difference["applied_by"]]
        difference["no"] = [names.get(c, c) for c in difference["not_by"]]
    k = studies.k_of([store.session_by_id(db, i) for i in book["session_ids"]])
    coded = counts.coded_texts(codings)
    profiles = sorted({p for t in texts for p, _ in t.groups})
    return render_template(
        "coding/report.html", book=book, codes={c["id"]: c for c in codes}, agreement=found, k=k,
        coders=names, coder_names=[names.get(c, c) for c in found["coders"]], texts={t.key: t for t in texts},
        per_session=counts.per_session(texts, coded, codes, k),
        per_group={p: counts.per_group(texts, coded, codes, p, k) for p in profiles},
        themes=off_loop(suggest.themes, [(t.key, t.text) for t in texts if t.source != "note"]))


@bp.get("/<int:codebook_id>/<any(codebook, codes, codings, xlsx, qdpx):part>")
def download(codebook_id: int, part: str):
    """The codebook (CSV), the codes and text-code tables (CSV or both as .xlsx), or the REFI-QDA project."""
    _book_or_404(codebook_id)
    db = get_db()
    name = f"codeboek-{codebook_id}"
    if part == "codebook":
        data, kind, name = codebook.to_csv(db, codebook_id).encode("utf-8-sig"), "text/csv", f"{name}.csv"
    elif part in ("codes", "codings"):
        code_rows, coding_rows = off_loop(coding_tables.rows, db, codebook_id)
        data = (coding_tables.to_csv(code_rows, coding_tables.CODE_COLUMNS) if part == "codes"
                else coding_tables.to_csv(coding_rows, coding_tables.CODING_COLUMNS))
        kind, name = "text/csv", f"{name}-{part}.csv"
    elif part == "xlsx":
        data = off_loop(coding_tables.to_xlsx, db, codebook_id)
        kind, name = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{name}.xlsx"
    else:
        data, kind, name = off_loop(qdpx.build, db, codebook_id), "application/zip", f"{name}.qdpx"
    return send_file(io.BytesIO(data), mimetype=kind, as_attachment=True, download_name=name)
