"""A study groups sessions (e.g. "GIPZ 2026"): making one, its sessions, sharing it, results across it. No Flask.

A session belongs to at most one study. Sharing a study with a colleague lets them run and export every
session in it (store._MAY_ACT); nobody else gets access through the study. Results across sessions are
pooled per group of a profile question (all police, all care, ...) with the five-person rule applied to the
pooled groups (profiles.suppress), so a group too small in every session stays hidden when pooled too.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from sqlite_utils import Database

from . import profiles, sessions, store
from .i18n_marker import N_, Message
from .interactions import Question, kind_of

NAME_MAX = 100
# The comparisons the study page offers: a name and which meeting kinds take part.
COMPARISONS = {
    "gemeente": ("gemeente",),
    "landelijk": ("landelijk",),
    "gemeente-landelijk": ("gemeente", "landelijk"),
    "alle": sessions.MEETING_KINDS,
}


class StudyError(Message, ValueError):
    """A study could not be made, found or shared; the message says why (a Dutch template and its values)."""


def create(db: Database, name: str, facilitator_id: int | None, description: str | None = None) -> dict:
    """Make a study with a unique name; the facilitator making it owns it (None from the command line)."""
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise StudyError(N_("een studie heeft een naam van 1 tot {max} tekens"), max=NAME_MAX)
    try:
        return store.create_study(db, name, description, facilitator_id)
    except ValueError:
        raise StudyError(N_("er is al een studie '{name}'"), name=name) from None


def find(db: Database, name_or_id: str) -> dict:
    """A study by its name or number, or StudyError."""
    text = (name_or_id or "").strip()
    row = store.study_by_id(db, int(text)) if text.isdigit() else None
    row = row or store.study_by_name(db, text)
    if row is None:
        raise StudyError(N_("geen studie '{name}'"), name=text)
    return row


def may_manage(db: Database, study: dict, facilitator_id: int | None) -> bool:
    """Whether a facilitator may take sessions out of a study or remove its colleagues: its owner or an admin.

    Colleagues run and export a study's sessions; they cannot move them into a study of their own (which
    would take them from the owner) nor remove each other. The command line (None) may do anything.
    """
    if facilitator_id is None or study["created_by"] == facilitator_id:
        return True
    row = store.facilitator_by_id(db, facilitator_id)
    return bool(row and row["is_admin"])


def add_session(db: Database, study: dict, session: dict, facilitator_id: int | None) -> None:
    """Put a session in a study (moving it out of another one, if its owner may); logged in the session's log."""
    if session.get("study_id") == study["id"]:
        return
    if facilitator_id is not None and not store.may_manage_session(db, facilitator_id, session["id"]):
        # a co-facilitator runs the session; moving it into a study of their own would make it theirs
        raise StudyError(N_("alleen wie verantwoordelijk is voor sessie {code} kan haar in een studie zetten"),
                         code=session["code"])
    current = store.study_by_id(db, session["study_id"]) if session.get("study_id") else None
    if current is not None and not may_manage(db, current, facilitator_id):
        raise StudyError(N_("sessie {code} hoort bij de studie '{name}'; alleen wie die studie beheert kan haar "
                            "daaruit halen"), code=session["code"], name=current["name"])
    store.set_session_study(db, session["id"], study["id"], facilitator_id)


def share(db: Database, study: dict, colleague: str, facilitator_id: int | None) -> dict:
    """Share a study with a colleague (a facilitator's name); their account row."""
    row = store.facilitator_by_name(db, (colleague or "").strip())
    if row is None:
        raise StudyError(N_("geen begeleider met de naam '{name}'"), name=colleague)
    store.share_study(db, study["id"], row["id"], facilitator_id)
    return row


def unshare(db: Database, study: dict, colleague_id: int, facilitator_id: int | None) -> None:
    """Stop sharing a study with a colleague: its owner or an admin does, or a colleague leaves."""
    if colleague_id != facilitator_id and not may_manage(db, study, facilitator_id):
        raise StudyError(N_("alleen wie de studie beheert kan collega's eruit halen"))
    store.unshare_study(db, study["id"], colleague_id, facilitator_id)


def study_sessions(db: Database, study: dict) -> list[dict]:
    """A study's sessions in meeting order (date, place)."""
    return sorted(store.list_sessions(db, study_id=study["id"]), key=lambda s: (s["date"] or "", s["place"]))


def full_rows(db: Database, rows: list[dict]) -> list[dict]:
    """The stored session rows (with their deck snapshots) of listed sessions."""
    return [store.session_by_id(db, row["id"]) for row in rows]


def shared_questions(rows: list[dict]) -> list[dict]:
    """The questions asked in two or more sessions (same id and kind), with the sessions that asked them."""
    found: dict[str, dict] = {}
    for row in rows:
        for question in sessions.deck_of(row).questions:
            entry = found.setdefault(question.id, {"id": question.id, "text": question.text,
                                                   "kind": question.kind, "asked_in": [], "kinds": set()})
            entry["asked_in"].append(row["code"])
            entry["kinds"].add(question.kind)
    return [{**entry, "kinds": sorted(entry["kinds"])} for entry in found.values() if len(entry["asked_in"]) >= 2]


def comparison_codes(rows: list[dict]) -> dict[str, list[str]]:
    """For each comparison on the study page, the codes of the sessions it compares (two or more, else none)."""
    sets = {}
    for name, kinds in COMPARISONS.items():
        codes = [row["code"] for row in rows if row["kind"] in kinds]
        needs_both = name == "gemeente-landelijk"
        if len(codes) >= 2 and (not needs_both or {r["kind"] for r in rows if r["code"] in codes} >= set(kinds)):
            sets[name] = codes
    return sets


def profile_ids(rows: list[dict]) -> list[dict]:
    """The profile questions every session asks (same id), to pool groups across sessions by."""
    decks = [sessions.deck_of(row) for row in rows]
    if not decks:
        return []
    common = [q for q in decks[0].profile if all(d.profile_question(q["id"]) for d in decks[1:])]
    return [{"id": q["id"], "question": q["question"]} for q in common]


def k_of(rows: list[dict]) -> int:
    """The smallest group shown across sessions: the strictest of theirs."""
    return max((sessions.min_group(row) for row in rows), default=sessions.min_group({}))


def _group_values(db: Database, row: dict, question: Question, profile_id: str) -> tuple[dict, dict]:
    """One session's values of a question per group label, and the groups' sizes."""
    profile_question = sessions.deck_of(row).profile_question(profile_id)
    label_of = dict(enumerate(profiles.labels(profile_question)))
    if kind_of(question).collects == "submissions":
        values = sessions.submissions_by_group(db, row, question, profile_id, label_of)
        sizes = {label_of.get(g, profiles.UNKNOWN): n
                 for g, n in store.group_sizes(db, row["id"], profile_id).items()}
        return values, sizes
    values: dict[str, list] = {}
    for group, value in store.response_values_by_group(db, row["id"], question.id, profile_id):
        values.setdefault(label_of.get(group, profiles.UNKNOWN), []).append(value)
    return values, {label: len(v) for label, v in values.items()}


def pooled_by_group(db: Database, rows: list[dict], question: Question, profile_id: str) -> dict[str, Any]:
    """A question's result per group pooled over sessions (all police, all care...), small groups merged.

    Returns {"k", "groups": [{"label", "n", "result"}], "note"}; "note" says what was merged or left out.
    """
    from .export.compare import pooled

    lists: dict[str, list[list]] = {}
    sizes: dict[str, int] = {}
    order: list[str] = []
    for row in rows:
        deck = sessions.deck_of(row)
        if deck.question(question.id) is None or deck.profile_question(profile_id) is None:
            continue
        order += [label for label in profiles.labels(deck.profile_question(profile_id)) if label not in order]
        values, counted = _group_values(db, row, question, profile_id)
        for label, group_values in values.items():
            lists.setdefault(label, []).append(group_values)
        for label, n in counted.items():
            sizes[label] = sizes.get(label, 0) + n
    order += [label for label in sizes if label not in order]
    k = k_of(rows)
    candidates = [{"label": label, "n": sizes[label]} for label in order if sizes.get(label)]
    shown, note = profiles.suppress(candidates, k)
    kind = kind_of(question)
    groups = []
    for group in shown:
        members = group.get("merged", [group["label"]])
        values = pooled(question, [v for label in members for v in lists.get(label, [])])
        groups.append({"label": group["label"], "n": group["n"], "result": kind.compared(question, values),
                       "merged": "merged" in group})
    return {"k": k, "groups": groups, "note": note}


def group_comparison(db: Database, rows: list[dict], profile_id: str) -> dict[str, Any]:
    """Per question asked in two or more sessions: the groups of a profile question pooled over the sessions."""
    from .export.charts import grouped_chart, named
    from .export.compare import pooled, values_of

    items = []
    for entry in shared_questions(rows):
        if len(entry["kinds"]) != 1:
            continue
        asked = [row for row in rows if row["code"] in entry["asked_in"]]
        question = sessions.deck_of(asked[0]).question(entry["id"])
        split = pooled_by_group(db, asked, question, profile_id)
        overall = kind_of(question).compared(question, pooled(question, [values_of(db, r, question) for r in asked]))
        series = [(named(g["label"], g["n"]), g["result"]) for g in split["groups"]]
        items.append({"question": question, "n": overall["n"], "asked_in": entry["asked_in"], "note": split["note"],
                      "chart": grouped_chart(question, overall, series) if series else None})
    return {"k": k_of(rows), "profile": profile_id, "questions": items}


def archive(db: Database, study: dict, rows: list[dict]) -> bytes:
    """Everything of a study in one zip: the data (csv, xlsx, json), the comparison deck, the infographic."""
    from .export import compare, infographic, tables

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for fmt in tables.FORMATS:
            bundle.writestr(f"data.{fmt}", tables.export(db, rows, fmt))
        if len(rows) >= 2:
            deck = io.BytesIO()
            compare.compare_deck(db, rows).save(deck)
            bundle.writestr("vergelijking.pptx", deck.getvalue())
        if rows:
            bundle.writestr("infographic.svg", infographic.render(db, rows, title=study["name"]))
        bundle.writestr("sessies.txt", "\n".join(
            f"{r['code']}\t{r['kind']}\t{r.get('unit') or ''}\t{r['place']}\t{r['date']}\t{r['state']}" for r in rows)
            + "\n")
    return buffer.getvalue()
