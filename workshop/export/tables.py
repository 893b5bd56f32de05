"""Answers as data: the tidy long table (csv, xlsx, json), wide sheets, a codebook (docs/data.md). No Flask.

One row per answer item. A participant is a pseudonym by join order ("P001"), never the device token.
Free texts the privacy guard holds (not approved) appear as HELD, never as text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from .. import curation, profiles, sessions, store
from ..interactions import Question, kind_of
from ..interactions.wordcloud import is_stop_entry

HELD = "[niet vrijgegeven]"
NOT_VOTED = "niet in de stemming"  # an idea approved or merged after the vote opened (docs/data.md)
FORMATS = ("csv", "xlsx", "json")
BASE_COLUMNS = ["session", "meeting", "place", "date", "participant"]
ANSWER_COLUMNS = ["question_id", "kind", "round", "item", "value", "answered_at"]
# A spreadsheet reads a cell starting with one of these as a formula (tab and CR can hide one).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHOWN_REVIEWS = (None, "approved")
CODEBOOK_COLUMNS = ("session", "question_id", "kind", "text", "items", "values", "details")
STOP_MARK = " (stop word: not counted)"
# How every aggregate of the other exports is made from these rows (docs/data.md, docs/privacy.md).
RULES = [
    ("k", "per session (sessions: min_group): no aggregate of fewer than k people is shown in a deck, "
          "factsheet, picture, comparison or screen; a question answered by fewer than k shows no result"),
    ("n", "people: who answered the question; on a board who voted on it (passes included); per statement "
          "who voted on that statement; per group who in that group answered or voted"),
    ("groups", "groups under k are merged into 'Overig'; if 'Overig' is still under k the smallest shown "
               "group joins it; tie rule: of equally small groups the one later in the profile question's options "
               "joins first; everyone under k: no split"),
    ("comparisons", "a session with fewer than k respondents to a question is in no series of it, pooled "
                    "ones included; series compare shares, means or mean places, never counts or Borda totals"),
    ("rounding", "halves round up (away from zero), as a spreadsheet's ROUND: 21.25 -> 21.3"),
    ("rounds", "a question asked again has rows per round (column round); every aggregate of the other exports "
               "that does not name a round is of the question's last round, comparisons of sessions included; "
               "k applies per round; a shift between rounds is the difference of the unrounded shares"),
    ("stop words", "word-cloud rows whose item ends in '(stop word: not counted)' are left out of every "
                   "count"),
]
VALUE_MEANING = {
    "profile": "the option chosen at join, as its label; empty: not answered",
    "choice": "1 = chosen, 0 = not chosen; one row per option",
    "scale": "the point chosen on the scale (min..max), or the 'dont_know' label; one row per scale item",
    "points": "points given to the item; one row per item",
    "ranking": "the item's place in the order, 1 = most important; one row per item",
    "roles": "the party chosen for the task (several rows with 'multiple'); empty: none",
    "open": f"the text of the participant's n-th answer (item = n); {HELD} while held by the privacy guard",
    "wordcloud": "the participant's n-th word (item = n), normalised to lower case",
    "statements": "agree / disagree / pass; 'submitted' marks the participant who wrote the statement",
    "qa": "up = an upvote; 'submitted' marks the participant who asked the question",
    "ideas": "dots given to the idea (vote: points), its place (ranking, 1 = first) or 1/0 chosen (choice); "
             "one row per idea voted on ('#id text'); 'submitted' marks the participant who sent an idea, "
             "its item '#id text → idee #N' names the idea N it is part of (rows of kind 'idea'), "
             f"'→ {NOT_VOTED}' one approved after the vote opened",
    "idea": "an idea the vote was on or that was on the list: item = '#id · question', value = its "
            f"text and the submitted ideas it took ('ingediend: #a, #b'); {HELD} for one hidden after the vote "
            f"opened, '[{NOT_VOTED}]' at the end for one that was not on the vote",
    "note": "a meeting note: item = 'slide N' (1 = first) and the question shown, value = the note",
    "log": "a facilitator action from the session's log: item = what (e.g. question_opened), value = its details",
}


@dataclass
class Table:
    """The tidy rows of one or more sessions with their columns and the questions they answer."""

    columns: list[str]
    rows: list[dict[str, Any]]
    sessions: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    # notes and log of the sessions in the long table's columns (record_rows): every format appends them
    records: list[dict[str, Any]] = field(default_factory=list)


# Items per kind: (item, value) pairs of one normalised answer. A kind may define `tidy_items` itself.


def _choice(question: Question, value: list[int]) -> list[tuple[str, Any]]:
    return [(label, int(index in value)) for index, label in enumerate(question.settings["options"])]


def _per_item(question: Question, value: list[int]) -> list[tuple[str, Any]]:
    return list(zip(question.settings["items"], value, strict=False))


def _scale(question: Question, value: list[Any]) -> list[tuple[str, Any]]:
    # "Don't know" is no point of the scale: its label stands in the value column, never a number.
    return [(label, question.settings.get("dont_know") if point is None else point)
            for label, point in zip(question.settings["items"], value, strict=False)]


def _ranking(question: Question, value: list[int]) -> list[tuple[str, Any]]:
    place = {index: position + 1 for position, index in enumerate(value)}
    return [(label, place.get(index, "")) for index, label in enumerate(question.settings["items"])]


def _roles(question: Question, value: list[Any]) -> list[tuple[str, Any]]:
    columns, pairs = question.settings["columns"], []
    for label, entry in zip(question.settings["rows"], value, strict=False):
        chosen = [entry] if isinstance(entry, int) else entry or []
        pairs.extend([(label, columns[c]) for c in chosen] or [(label, "")])
    return pairs


def _texts(question: Question, value: list[str]) -> list[tuple[str, Any]]:
    return [(str(number), text) for number, text in enumerate(value, start=1)]


def _words(question: Question, value: list[str]) -> list[tuple[str, Any]]:
    # A stop word ("de", "en de") is stored but never counted: its row says so, so a reader counts the same.
    return [(f"{number}{STOP_MARK}" if is_stop_entry(word) else str(number), word)
            for number, word in enumerate(value, start=1)]


ITEMS: dict[str, Callable[[Question, Any], list[tuple[str, Any]]]] = {
    "choice": _choice, "scale": _scale, "points": _per_item, "ranking": _ranking, "roles": _roles,
    "open": _texts, "wordcloud": _words,
}


def answer_items(question: Question, value: Any) -> list[tuple[str, Any]]:
    """The (item, value) rows of one answer; a kind unknown here gives its answer as JSON."""
    kind = kind_of(question)
    if hasattr(kind, "tidy_items"):
        return kind.tidy_items(question, value)
    if question.kind in ITEMS:
        return ITEMS[question.kind](question, value)
    return [("", json.dumps(value, ensure_ascii=False))]


# Rows --------------------------------------------------------------------------------------------------


def profile_column(profile_id: str) -> str:
    """The column holding a profile question's answer."""
    return f"profile_{profile_id}"


def pseudonym(number: int) -> str:
    """A participant's name in every export: 'P001' for the first to join a session."""
    return f"P{number:03d}"


def pseudonyms(db: Database, session_ids: list[int]) -> dict[int, str]:
    """Participant id -> pseudonym (by join order in their session), as the data export names them."""
    return {row["id"]: pseudonym(number) for session_id in session_ids
            for number, row in enumerate(store.export_participants(db, session_id), start=1)}


def session_rows(db: Database, session: dict) -> list[dict[str, Any]]:
    """The tidy rows of one session: profile answers, then every question in deck order."""
    deck = sessions.deck_of(session)
    people = store.export_participants(db, session["id"])
    base = {"session": session["code"], "meeting": session["kind"], "place": session["place"],
            "date": session["date"]}
    person = {}
    for number, p in enumerate(people, start=1):
        labels = {profile_column(q["id"]): _label(q, p["profile"].get(q["id"])) for q in deck.profile}
        person[p["id"]] = {**base, "participant": pseudonym(number), **labels}

    def row(participant_id: int, question_id: str, kind: str, item: Any, value: Any, at: str | None,
            round_: int | str = 1) -> dict:
        return {**person[participant_id], "question_id": question_id, "kind": kind, "round": round_, "item": item,
                "value": value, "answered_at": at or ""}

    rows = [row(p["id"], q["id"], "profile", q["question"], person[p["id"]][profile_column(q["id"])],
                p["consented_at"] or p["joined_at"], "")
            for q in deck.profile for p in people]
    answers: dict[str, list[dict]] = {}
    for response in store.export_responses(db, session["id"]):
        answers.setdefault(response["question_id"], []).append(response)
    submitted: dict[str, list[dict]] = {}
    for text in store.export_submissions(db, session["id"]):
        submitted.setdefault(text["question_id"], []).append(text)
    votes: dict[str, list[dict]] = {}
    for vote in store.export_votes(db, session["id"]):
        votes.setdefault(vote["question_id"], []).append(vote)
    for question in deck.questions:
        question = sessions.asked(db, session, question)  # an ideas vote's items are the ideas voted on
        part_of = _idea_links(db, session, question) if kind_of(question).curates else {}
        for text in submitted.get(question.id, []):
            shown = text["text"] if text["status"] == "approved" else HELD
            link = part_of.get(text["id"], "")
            rows.append(row(text["participant_id"], question.id, question.kind, f"#{text['id']} {shown}{link}",
                            "submitted", text["created_at"]))
        for vote in votes.get(question.id, []):
            rows.append(row(vote["participant_id"], question.id, question.kind,
                            f"#{vote['submission_id']} {vote['text']}", vote["vote"], vote["updated_at"]))
        for answer in answers.get(question.id, []):
            held = answer["review"] not in SHOWN_REVIEWS
            for item, value in answer_items(question, answer["value"]):
                rows.append(row(answer["participant_id"], question.id, question.kind, item,
                                HELD if held else value, answer["updated_at"], answer["round"]))
    return rows


def _idea_links(db: Database, session: dict, question: Question) -> dict[int, str]:
    """Per submitted idea, the idea it counts in (' → idee #N'); once the vote is open, NOT_VOTED if not on it."""
    ballot = curation.frozen(db, session["id"], question.id)
    now = curation.idea_of(db, session["id"], question.id)
    if ballot is None:
        return {source: f" → idee #{idea}" for source, idea in now.items()}
    # The vote was on the frozen ballot: a text approved since is not on it.
    links = {source: f" → {NOT_VOTED}" for source in now}
    links.update({source: f" → idee #{idea['id']}" for idea in ballot for source in _source_ids(idea, now)})
    return links


def _source_ids(idea: dict, now: dict[int, int]) -> list[int]:
    """A frozen ballot idea's sources' ids (of a ballot frozen before they were kept: as `now` links them)."""
    if "source_ids" in idea:
        return idea["source_ids"]
    return [source for source, current in now.items() if current == idea["id"]]


def _label(question: dict, index: Any) -> str:
    options = profiles.labels(question)
    return options[index] if isinstance(index, int) and 0 <= index < len(options) else ""


def codebook_entries(session: dict) -> list[dict[str, Any]]:
    """What each question of a session asked and what its values mean."""
    deck = sessions.deck_of(session)
    entries = [{"session": session["code"], "question_id": q["id"], "kind": "profile", "text": q["question"],
                "items": "; ".join(q["options"]), "values": VALUE_MEANING["profile"],
                "details": f"options in this order; k = {sessions.min_group(session)}"} for q in deck.profile]
    for question in deck.questions:
        settings = question.settings
        items = settings.get("options") or settings.get("items") or settings.get("rows") or []
        meaning = VALUE_MEANING.get(question.kind, "the answer as JSON")
        if question.kind == "roles":
            meaning += f" ({'; '.join(settings['columns'])})"
        entries.append({"session": session["code"], "question_id": question.id, "kind": question.kind,
                        "text": question.text, "items": "; ".join(items), "values": meaning,
                        "details": details(question)})
    return entries


def details(question: Question) -> str:
    """What a reader needs besides the rows to redraw a question's chart (each kind's `details`)."""
    return kind_of(question).details(question)


def table(db: Database, rows_of: list[dict], each: Callable[[Iterable], Iterable] = iter) -> Table:
    """The tidy table of several sessions; profile columns are the union of theirs, in order of appearance."""
    profile_ids: list[str] = []
    result = Table([], [])
    for session in each(rows_of):
        for question in sessions.deck_of(session).profile:
            if question["id"] not in profile_ids:
                profile_ids.append(question["id"])
        result.rows.extend(session_rows(db, session))
        result.records.extend(record_rows(db, session))
        result.questions.extend(codebook_entries(session))
        described = {k: session[k] for k in ("code", "title", "kind", "place", "date", "min_group")}
        result.sessions.append({**described, "participants": store.count_participants(db, session["id"])})
    result.columns = [*BASE_COLUMNS, *(profile_column(p) for p in profile_ids), *ANSWER_COLUMNS]
    return result


# The record of the meeting: notes and the facilitators' log, as rows of the long table ------------------

RECORD_KINDS = ("note", "log", "idea")


def _idea_records(db: Database, session: dict, question: Question) -> list[dict]:
    """An ideas question's ideas for the export: {id, text, sources: [ids], voted}.

    While collecting: the list as it is. Once the vote is open: the frozen ballot (an idea hidden since as
    HELD, its votes still counted), then the ideas on the list now that were not on it (voted False).
    """
    listed = curation.ideas(db, session["id"], question.id)
    ballot = curation.frozen(db, session["id"], question.id)
    if ballot is None:
        return [{"id": i["id"], "text": i["text"], "sources": [s["id"] for s in i["sources"]], "voted": True}
                for i in listed]
    now = curation.idea_of(db, session["id"], question.id)
    shown = curation.shown(db, session["id"], question.id, ballot)
    rows = [{"id": idea["id"], "text": HELD if seen["hidden"] else idea["text"],
             "sources": _source_ids(idea, now), "voted": True}
            for idea, seen in zip(ballot, shown, strict=True)]
    on_ballot = {idea["id"] for idea in ballot}
    return rows + [{"id": i["id"], "text": i["text"], "sources": [s["id"] for s in i["sources"]],
                    "voted": False} for i in listed if i["id"] not in on_ballot]


def record_rows(db: Database, session: dict) -> list[dict[str, Any]]:
    """A session's notes and log as long-table rows (kind 'note' or 'log', no participant), in time order."""
    base = {"session": session["code"], "meeting": session["kind"], "place": session["place"],
            "date": session["date"], "participant": ""}
    # question_id stays empty: a filter on a question's id gives its answers only; the note's question is in
    # `item` ("slide 3 · question-id"), an event's in its details.
    rows = [{**base, "question_id": "", "kind": "note",
             "item": " · ".join(str(p) for p in (f"slide {note['slide'] + 1}", note["question_id"]) if p),
             "value": note["text"], "answered_at": note["created_at"], "about": note["question_id"] or ""}
            for note in store.notes(db, session["id"])]
    for question in sessions.deck_of(session).questions:
        if kind_of(question).curates:
            rows.extend({**base, "question_id": "", "kind": "idea", "item": f"#{idea['id']} · {question.id}",
                         "value": f"{idea['text']} (ingediend: {', '.join(f'#{s}' for s in idea['sources'])})"
                                  + ("" if idea["voted"] else f" [{NOT_VOTED}]"),
                         "answered_at": "", "about": question.id}
                        for idea in _idea_records(db, session, question))
    for event in store.session_log(db, session["id"]):
        details = json.dumps(event["data"], ensure_ascii=False) if event["data"] else ""
        who = f"{event['facilitator']}: " if event["facilitator"] else ""
        rows.append({**base, "question_id": "", "kind": "log", "item": event["type"],
                     "value": f"{who}{details}".rstrip(": "), "answered_at": event["at"],
                     "about": (event["data"] or {}).get("question") or ""})
    return rows


def record_sheets(book, data: Table, clean: Callable[[Any], Any]) -> None:
    """Sheets 'notes' and 'log' of a workbook: what was said and what the facilitators did."""
    for kind, title in (("note", "notes"), ("log", "log"), ("idea", "ideas")):
        if kind == "idea" and not any(row["kind"] == "idea" for row in data.records):
            continue  # a sheet of curated ideas only where a session had an ideas question
        page = book.create_sheet(title)
        page.append(["session", "at", "question_id", "slide" if kind == "note" else "what", "text"])
        for row in data.records:
            if row["kind"] == kind:
                page.append([clean(row["session"]), row["answered_at"], clean(row["about"]), clean(row["item"]),
                             clean(row["value"])])


# Files -------------------------------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """A cell value a spreadsheet will not run: text that could start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(data: Table) -> bytes:
    """The long table as CSV (UTF-8 with BOM, comma-separated), formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(data.columns)
    for row in [*data.rows, *data.records]:  # the notes and the log last, as kinds 'note' and 'log'
        writer.writerow([neutralise(row.get(column, "")) for column in data.columns])
    return buffer.getvalue().encode("utf-8-sig")


def to_json(data: Table) -> bytes:
    """The long table as JSON: the sessions, the codebook of their questions, and the rows."""
    document = {"format": "workshop-tidy/1", "columns": data.columns, "sessions": data.sessions,
                "questions": data.questions, "rules": dict(RULES),
                "rows": [{column: row.get(column, "") for column in data.columns}
                         for row in [*data.rows, *data.records]]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def wide(data: Table, code: str) -> tuple[list[str], list[list[Any]]]:
    """One session's answers one row per participant, one column per question item (votes included)."""
    fixed = [c for c in data.columns if c == "participant" or c.startswith("profile_")]
    headers: list[str] = []
    cells: dict[str, dict[str, list[Any]]] = {}
    people: dict[str, dict] = {}
    for row in data.rows:
        if row["session"] != code:
            continue
        people.setdefault(row["participant"], row)
        if row["kind"] == "profile" or row["value"] == "submitted":
            continue
        # a question asked again: a column per round from round 2 on ("samenwerking [round 2]: Acuut")
        question = row["question_id"] + (f" [round {row['round']}]" if str(row.get("round", 1)) not in ("1", "")
                                         else "")
        header = f"{question}: {row['item']}" if row["item"] != "" else question
        if header not in headers:
            headers.append(header)
        cells.setdefault(row["participant"], {}).setdefault(header, []).append(row["value"])
    body = []
    for name, first in people.items():
        values = cells.get(name, {})
        body.append([first.get(c, "") for c in fixed]
                    + [_joined(values.get(h, [])) for h in headers])
    return [*fixed, *headers], body


def _joined(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else "; ".join(str(v) for v in values)


def to_xlsx(data: Table) -> bytes:
    """A workbook: the long sheet, a wide sheet per session, the codebook; formula-like cells neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value: Any) -> Any:
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)) if isinstance(value, str) else value

    book = Workbook()
    sheet = book.active
    sheet.title = "long"
    sheet.append(data.columns)
    for row in [*data.rows, *data.records]:
        sheet.append([clean(row.get(column, "")) for column in data.columns])
    for session in data.sessions:
        headers, body = wide(data, session["code"])
        page = book.create_sheet(f"wide {session['code']}")
        page.append([clean(h) for h in headers])
        for line in body:
            page.append([clean(value) for value in line])
    codebook = book.create_sheet("codebook")
    codebook.append(["column", "meaning"])
    for column, meaning in column_meanings(data.columns):
        codebook.append([column, meaning])
    codebook.append([])
    codebook.append(list(CODEBOOK_COLUMNS))
    for entry in data.questions:
        codebook.append([clean(entry[k]) for k in CODEBOOK_COLUMNS])
    codebook.append([])
    codebook.append(["rule", "meaning"])
    for rule in RULES:
        codebook.append(list(rule))
    record_sheets(book, data, clean)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def column_meanings(columns: list[str]) -> list[tuple[str, str]]:
    """Each column of the long table with what it holds (as in docs/data.md)."""
    fixed = {
        "session": "the session's join code", "meeting": "meeting kind: gemeente, landelijk or anders",
        "place": "municipality or police unit", "date": "date of the meeting (YYYY-MM-DD)",
        "participant": "pseudonym by join order within the session (P001, P002, ...)",
        "question_id": "the question's id in the deck (a profile question's id for kind 'profile')",
        "kind": "the question's kind, or 'profile'", "item": "what in the answer this row is about",
        "round": "the round of the question the answer belongs to: 1, or 2, 3 when it was asked again; "
                 "empty for profile, note and log rows",
        "value": "the value of that item (see the questions below)",
        "answered_at": "when the answer was last changed (UTC, ISO 8601)",
    }
    return [(c, fixed.get(c, f"answer to profile question '{c.removeprefix('profile_')}' (label)"))
            for c in columns]


def codebook_csv(data: Table) -> bytes:
    """The codebook of a CSV export as a CSV of its own: columns, sessions (k), questions and rules."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["section", "name", "meaning", *CODEBOOK_COLUMNS])
    for column, meaning in column_meanings(data.columns):
        writer.writerow(["column", column, meaning])
    for session in data.sessions:
        writer.writerow(["session", session["code"], f"k = {sessions.min_group(session)}; {session['kind']}, "
                         f"{session['place']}, {session['date']}"])
    for entry in data.questions:
        cells = [neutralise(entry[key]) for key in CODEBOOK_COLUMNS]
        writer.writerow(["question", entry["question_id"], "", *cells])
    for name, meaning in RULES:
        writer.writerow(["rule", name, meaning])
    return buffer.getvalue().encode("utf-8-sig")


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}


def export(db: Database, rows_of: list[dict], fmt: str, each: Callable[[Iterable], Iterable] = iter) -> bytes:
    """The tidy export of sessions in a format: csv, xlsx or json."""
    if fmt not in WRITERS:
        raise ValueError(f"unsupported format '{fmt}': use {', '.join(FORMATS)}")
    return WRITERS[fmt](table(db, rows_of, each))
