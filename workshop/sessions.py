"""Sessions as the domain sees them: join codes, starting from a deck, the deck snapshot. No Flask here."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import UTC, datetime, timedelta
from datetime import date as Date
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from . import curation, privacy, profiles, rounds, store
from .deck import Deck, Slide
from .i18n_marker import N_, Message
from .interactions import Question, kind_of

MEETING_KINDS = ("gemeente", "landelijk", "anders")
# No 0/O, 1/I/L, 5/S or 2/Z: a code must survive being read aloud and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
# Three groups of three, 'K7M 4PQ X3R': 27^9 = 7.6e12 codes, too many to guess a live one (docs/security.md).
# Sessions started before have six; their codes keep working (a code is looked up as it is stored).
CODE_LENGTH = 9
# Without a date of its own a session's data is kept this long after the meeting (two years: long enough
# for a research project's analysis and publication; docs/privacy.md).
RETENTION_DAYS = 730


class SessionError(Message, ValueError):
    """A session could not be started or found; the message says why (a Dutch template marked with N_ and its
    values: str() is the Dutch text, the interface translates it)."""


def new_code(db: Database) -> str:
    """A join code no session uses yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not store.code_exists(db, code):
            return code


def normalise_code(text: str) -> str:
    """A code as typed (any case, with spaces or dashes) in its stored form."""
    return re.sub(r"[\s\-_.]", "", text or "").upper()


def pretty_code(code: str) -> str:
    """A code split in groups of three for reading aloud: 'K7M 4PQ X3R' (older codes: 'K7M 4PQ')."""
    return " ".join(code[at:at + 3] for at in range(0, len(code), 3))


def start_session(
    db: Database,
    deck: Deck,
    kind: str,
    place: str,
    date: str | None = None,
    title: str | None = None,
    facilitator_id: int | None = None,
    min_group: int = 5,
    retain_until: str | None = None,
    unit: str | None = None,
    facilitators: str | None = None,
    study_id: int | None = None,
) -> dict:
    """Start a live session from a parsed deck, keeping a snapshot of it; return the session row.

    Its data is kept until `retain_until` (default: RETENTION_DAYS after the meeting), which participants
    are told in the consent text.
    """
    if kind not in MEETING_KINDS:
        raise SessionError(N_("soort bijeenkomst moet een van {kinds} zijn, niet '{kind}'"),
                           kinds=", ".join(MEETING_KINDS), kind=kind)
    place = (place or "").strip()
    if not place:
        raise SessionError(N_("geef de plaats: de gemeente of politie-eenheid"))
    if date:
        try:
            date = Date.fromisoformat(date).isoformat()
        except ValueError:
            raise SessionError(N_("datum moet JJJJ-MM-DD zijn, niet '{date}'"), date=date) from None
    if not 2 <= min_group <= 50:
        raise SessionError(N_("de kleinste groep die apart getoond wordt moet 2 tot 50 deelnemers zijn"))
    meeting_day = Date.fromisoformat(date) if date else Date.today()
    if retain_until:
        try:
            retain_until = Date.fromisoformat(retain_until).isoformat()
        except ValueError:
            raise SessionError(N_("'gegevens bewaren tot' moet JJJJ-MM-DD zijn, niet '{date}'"),
                               date=retain_until) from None
        if retain_until < meeting_day.isoformat():
            raise SessionError(N_("'gegevens bewaren tot' ligt vóór de bijeenkomst"))
    row = store.create_session(
        db,
        code=new_code(db),
        min_group=min_group,
        retain_until=retain_until or (meeting_day + timedelta(days=RETENTION_DAYS)).isoformat(),
        title=(title or deck.title).strip(),
        kind=kind,
        place=place,
        date=date or Date.today().isoformat(),
        deck_source=deck.source,
        deck=json.dumps(deck.to_dict(), ensure_ascii=False),
        created_by=facilitator_id,
        unit=(unit or "").strip() or None,
        facilitators=(facilitators or "").strip() or None,
        study_id=study_id,
    )
    for question in deck.questions:
        seed = getattr(kind_of(question), "seed_setting", None)
        if seed and question.settings.get(seed):
            store.seed_submissions(db, row["id"], question.id, question.settings[seed])
    return row


def deck_of(session: dict) -> Deck:
    """The deck snapshot a session runs on (parsed once per session and kept)."""
    return _snapshot(session["code"], session["created_at"], session["deck"])


@lru_cache(maxsize=64)
def _snapshot(code: str, created_at: str, deck_json: str) -> Deck:
    return Deck.from_dict(json.loads(deck_json))


def current_slide(session: dict) -> Slide:
    """The slide a session is showing."""
    slides = deck_of(session).slides
    return slides[min(session["current_slide"], len(slides) - 1)]


def seconds_left(state: dict, at: datetime | None = None) -> float | None:
    """Seconds until an open question's countdown closes it, or None without a countdown."""
    if state.get("status") != "open" or not state.get("closes_at"):
        return None
    closes = datetime.fromisoformat(state["closes_at"].replace("Z", "+00:00"))
    return max(0.0, round((closes - (at or datetime.now(UTC))).total_seconds(), 1))


def closes_at(seconds: int, at: datetime | None = None) -> str:
    """The stored form of 'this many seconds from now'."""
    moment = (at or datetime.now(UTC)) + timedelta(seconds=seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def planned_round(session: dict, question: Question) -> int:
    """The round of `question` the slide showing plans (a deck's 'again:' slide), else 1."""
    slide = current_slide(session)
    return slide.round if slide.question is not None and slide.question.id == question.id else 1


def block_of(session: dict) -> list[str]:
    """The question ids of a session's self-paced block (empty when phones follow the presenter)."""
    return json.loads(session["block"]) if session.get("pacing") == "self" and session.get("block") else []


def asked(db: Database, session: dict, question: Question) -> Question:
    """The question as it stands now: an ideas question with its phase and list (curation.py), else itself."""
    return curation.asked(db, session["id"], question) if kind_of(question).curates else question


def _phone_question(db: Database, session: dict, question: Question, states: dict) -> dict:
    state = states.get(question.id) or store.question_state(db, session["id"], question.id)
    question = asked(db, session, question)
    kind = kind_of(question)
    entry = {"question": kind.public(question), "status": state["status"], "closes_in": seconds_left(state),
             "round": state.get("round") or 1}
    if kind.collects == "submissions":
        entry["items"] = kind.phone_items(question, store.submissions(db, session["id"], question.id))
    if state["status"] == "closed" and state.get("share_results"):
        result = result_of(db, session, question)
        # fewer than k answered: no result at all (a screen would draw the empty shape as zeros)
        entry["result"] = None if result.get("withheld") else kind.on_screen(question, result)
        entry["withheld"] = {"n": result["n"], "k": result["k"]} if result.get("withheld") else None
        if not result.get("withheld") and (state.get("round") or 1) > 1:  # the panel sees where it moved
            entry["rounds"] = rounds_view(db, session, question, state, result)
    return entry


def participant_view(db: Database, session: dict) -> dict:
    """What every phone in a session shows now: the current question, or the self-paced block."""
    states = store.question_states(db, session["id"])
    block = block_of(session)
    if block:
        deck = deck_of(session)
        return {"mode": "self", "slide": session["current_slide"], "question": None, "status": None,
                "questions": [_phone_question(db, session, deck.question(qid), states) for qid in block]}
    question = current_slide(session).question
    if question is None:
        return {"mode": "presenter", "slide": session["current_slide"], "question": None, "status": None}
    return {"mode": "presenter", "slide": session["current_slide"], **_phone_question(db, session, question, states)}


def min_group(session: dict) -> int:
    """k: the fewest people any aggregate of the session may show (docs/privacy.md)."""
    return session.get("min_group") or 5


def result_of(db: Database, session: dict, question: Question, round_: int | None = None) -> dict:
    """A question's aggregate result, computed from what is stored and cleared for screens and exports:
    n counts people, and an aggregate of fewer than k people is withheld (Interaction.withhold). Of one
    round (None: the question's current, i.e. last, round): the k rule holds per round."""
    question = asked(db, session, question)
    return kind_of(question).withhold(question, uncleared_result(db, session, question, round_=round_),
                                      min_group(session))


def round_results(db: Database, session: dict, question: Question, since: int = 1) -> list[tuple[int, dict]]:
    """(round, cleared result) of each round of a question from round `since` to its current one."""
    current = store.question_state(db, session["id"], question.id).get("round") or 1
    return [(number, result_of(db, session, question, round_=number))
            for number in range(max(1, since), current + 1)]


def rounds_view(db: Database, session: dict, question: Question, state: dict, result: dict) -> dict | None:
    """On screens from round 2 on: the round before set beside the current one (`result`), per option or
    item (rounds.compare); None in round 1 and for kinds that show each round on its own."""
    current = state.get("round") or 1
    if current < 2:
        return None
    before = result_of(db, session, question, round_=current - 1)
    return rounds.compare(question, [(current - 1, before), (current, result)])


def uncleared_result(db: Database, session: dict, question: Question, group: tuple[str, str] | None = None,
                     compared: bool = False, round_: int | None = None) -> dict:
    """A question's aggregate with n in people, before the k rule: for code that applies the rule itself.

    With `group` (profile question id, label) only that group's answers or votes count; `compared` gives the
    aggregate comparisons of sessions use (Interaction.compared); with `round_` only that round's answers
    (None: the current round).
    """
    question = asked(db, session, question)
    values, n = answers(db, session, question, group, round_)
    kind = kind_of(question)
    return {**(kind.compared if compared else kind.aggregate)(question, values), "n": n}


def answers(db: Database, session: dict, question: Question, group: tuple[str, str] | None = None,
            round_: int | None = None) -> tuple[list, int]:
    """The shown answers to a question (a board's approved texts with their vote counts) and n, the people
    who gave them; with `group` (profile question id, label) only that group's; of one round (None: the
    current one; boards have no rounds)."""
    kind = kind_of(question)
    labels: dict[int, str] = {}
    if group:
        profile_question = deck_of(session).profile_question(group[0])
        labels = dict(enumerate(profiles.labels(profile_question))) if profile_question else {}
    if kind.collects == "submissions":
        rows = store.submissions(db, session["id"], question.id)
        people = store.item_people(db, session["id"], question.id, board=True)
        if group is None:
            return rows, kind.people(rows, {p["id"] for p in people})
        votes = _votes_by_label(db, session, question, group[0], labels).get(group[1], {})
        members = {p["id"] for p in people if labels.get(p["profile"].get(group[0])) == group[1]}
        return _board_rows(rows, [votes], kind.votes), len(members)
    if group is None:
        values = store.response_values(db, session["id"], question.id, round_=round_)
    else:
        given = store.response_values_by_group(db, session["id"], question.id, group[0], round_)
        values = [value for index, value in given if labels.get(index) == group[1]]
    return values, len(values)


def split_result(db: Database, session: dict, question: Question, profile_id: str, live: bool = False
                 ) -> dict | None:
    """A question's result per group of a profile question, small groups merged or left out (profiles.py).

    A group's n is the people who answered the question (voted on the board). The groups are those of the
    moment the question first closed; on a live screen (`live`) a split shows only once the question is
    closed. A split that, set against the split by another profile question, would single out fewer than
    k people is not shown.
    """
    deck = deck_of(session)
    profile_question = deck.profile_question(profile_id)
    if profile_question is None:
        return None
    question = asked(db, session, question)
    kind, k = kind_of(question), min_group(session)
    state = store.question_state(db, session["id"], question.id)
    split = {"by": profile_id, "question": profile_question["question"], "k": k, "groups": [],
             "comparison": None}
    if live and state["status"] != "closed":
        return _with_note(split, profiles.Note(profiles.AFTER_CLOSE))
    people = store.item_people(db, session["id"], question.id, board=kind.collects == "submissions")
    frozen = state.get("first_closed_at") if state["status"] == "closed" else None
    columns, note = _columns(profile_question, people, k, frozen)
    for other in deck.profile:
        if other["id"] != profile_id and columns:
            their, _ = _columns(other, people, k, frozen)
            ours, theirs = [c["people"] for c in columns], [c["people"] for c in their]
            if their and profiles.combination_leak(ours, theirs, k):
                return _with_note(split, profiles.Note(profiles.COMBINED, other=other["question"], k=k))
    labels = profiles.labels(profile_question)
    label_of = dict(enumerate(labels))
    if kind.collects == "submissions":
        votes = _votes_by_label(db, session, question, profile_id, label_of)
        rows = store.submissions(db, session["id"], question.id)
        for column in columns:
            values = _board_rows(rows, [votes.get(label, {}) for label in column["members"]], kind.votes)
            split["groups"].append({"label": column["label"], "n": column["n"],
                                    "result": {**kind.aggregate(question, values), "n": column["n"]}})
        _hide_small_cells(split["groups"], k)
    else:
        answers = [(label_of.get(group, profiles.UNKNOWN), value) for group, value in
                   store.response_values_by_group(db, session["id"], question.id, profile_id)]
        for column in columns:
            # in the room's order of answering, never group by group: 'Overig' must not show who is who
            values = [value for label, value in answers if label in column["members"]]
            split["groups"].append({"label": column["label"], "n": column["n"],
                                    "result": kind.aggregate(question, values)})
    for group in split["groups"]:
        group["result"] = kind.withhold(question, group["result"], k)
    mixed = frozenset({profiles.OTHER})
    real = {g["label"]: g["result"] for g in split["groups"]}
    if len(real) >= 2:
        split["comparison"] = kind.compare_groups(question, real, k, mixed)
    return _with_note(split, note)


def _with_note(split: dict, note: profiles.Note | None) -> dict:
    # the note in Dutch, as the exports write it; screens show its template and values in their language
    return {**split, "note": note, "note_template": note.message.template if note else None,
            "note_values": note.values if note else None}


def _columns(profile_question: dict, people: list[dict], k: int, frozen: str | None) -> tuple[list, Any]:
    labels = [*profiles.labels(profile_question), profiles.UNKNOWN]
    label_of = dict(enumerate(labels[:-1]))
    who = [{"id": p["id"], "first_at": p["first_at"],
            "label": label_of.get(p["profile"].get(profile_question["id"]), profiles.UNKNOWN)}
           for p in people]
    return profiles.columns(labels, who, k, frozen)


def _votes_by_label(db: Database, session: dict, question: Question, profile_id: str,
                    label_of: dict[int, str]) -> dict[str, dict[int, dict[str, int]]]:
    """Per group label, per submission, the votes of that group."""
    counts: dict[str, dict[int, dict[str, int]]] = {}
    for submission_id, group, vote, count in store.votes_by_group(db, session["id"], question.id, profile_id):
        per = counts.setdefault(label_of.get(group, profiles.UNKNOWN), {}).setdefault(submission_id, {})
        per[vote] = per.get(vote, 0) + count
    return counts


def _board_rows(rows: list[dict], groups: list[dict[int, dict[str, int]]], votes: tuple[str, ...]
                ) -> list[dict]:
    """A board's approved submissions with only these groups' votes counted."""
    merged = []
    for row in rows:
        counts = {v: sum(g.get(row["id"], {}).get(v, 0) for g in groups) for v in votes}
        merged.append({**row, **counts, "votes": sum(counts.values())})
    return merged


def _hide_small_cells(groups: list[dict], k: int) -> None:
    """Leave out of a group's board the texts fewer than k of its members voted on, and more where needed
    so that the room's count minus the shown groups never gives fewer than k (profiles.suppress per text)."""
    items = {s["id"] for g in groups for s in g["result"].get("statements", g["result"].get("questions", []))}
    for item in items:
        cells = []
        for group in groups:
            found = next((s for s in _items(group["result"]) if s["id"] == item), None)
            cells.append({"label": group["label"], "n": found["votes"] if found else 0})
        shown, _ = profiles.suppress(cells, k)
        keep = {c["label"] for c in shown if "merged" not in c}
        for group in groups:
            key = "statements" if "statements" in group["result"] else "questions"
            if key in group["result"] and group["label"] not in keep:
                group["result"][key] = [s for s in group["result"][key] if s["id"] != item]


def _items(result: dict) -> list[dict]:
    return result.get("statements", result.get("questions", []))


def moderation_view(db: Database, session: dict) -> dict:
    """What only the control view sees: texts waiting for approval, with the privacy findings marked."""
    deck = deck_of(session)
    queue = []
    for row in store.moderation_queue(db, session["id"]):
        question = deck.question(row["question_id"])
        queue.append({"type": "submission", "id": row["id"], "question_id": row["question_id"],
                      "question": question.text if question else row["question_id"], "text": row["text"],
                      "reasons": sorted({f["reason"] for f in row["flags"]}),
                      "segments": privacy.segments(row["text"], row["flags"])})
    for row in store.held_responses(db, session["id"]):
        question = deck.question(row["question_id"])
        texts = kind_of(question).free_text(question, row["value"]) if question else []
        flags_by_text: dict[int, list] = {}
        for flag in row["flags"]:
            flags_by_text.setdefault(flag.get("item", 0), []).append(flag)
        queue.append({"type": "answer", "id": row["id"], "question_id": row["question_id"],
                      "question": question.text if question else row["question_id"],
                      "texts": [{"text": t, "segments": privacy.segments(t, flags_by_text.get(i, []))}
                                for i, t in enumerate(texts)],
                      "reasons": sorted({f["reason"] for f in row["flags"]})})
    return {"code": session["code"], "queue": queue}


def presenter_view(db: Database, session: dict, connected: int = 0) -> dict:
    """What the projector and the control view show now, results included."""
    deck = deck_of(session)
    slide = current_slide(session)
    question = slide.question
    view = {
        "code": session["code"],
        "slide": slide.index,
        "slides": len(deck.slides),
        "participants": store.count_participants(db, session["id"]),
        "connected": connected,
        "question": None,
        "status": None,
        "results_visible": False,
        "responses": 0,
        "result": None,
        # {"n", "k"} when fewer than k answered: the screen shows no result (docs/privacy.md)
        "withheld": None,
        "closes_in": None,
        "focus": None,
        "board_sort": "board",
        "split": None,
        "profile": [{"id": p["id"], "question": p["question"]} for p in deck.profile],
        "share_results": False,
        "round": 1,  # the question's current round; from round 2 on, `rounds` sets the one before beside it
        "rounds": None,
        "may_ask_again": False,
        "planned_round": slide.round,  # the round this slide asks for (deck: 'again:'), 1 on other slides
        "pacing": session.get("pacing") or "presenter",
        "block": block_of(session),
        "finished": store.count_finished(db, session["id"], block_of(session)),
    }
    if question is not None:
        question = asked(db, session, question)
        state = store.question_state(db, session["id"], question.id)
        result = result_of(db, session, question)
        kind = kind_of(question)
        by = state.get("split_by")
        split = split_result(db, session, question, by, live=True) if by else None
        for group in (split or {}).get("groups", []):
            group["result"] = kind.on_screen(question, group["result"])  # each group, like the whole
        view.update(
            question=question.to_dict(),
            status=state["status"],
            results_visible=bool(state["results_visible"]),
            share_results=bool(state.get("share_results")),
            closes_in=seconds_left(state),
            focus=state.get("focus"),
            board_sort=state.get("board_sort") or "board",
            responses=result["n"],
            result=None if result.get("withheld") else kind.on_screen(question, result),
            withheld={"n": result["n"], "k": result["k"]} if result.get("withheld") else None,
            split=split,
            round=state.get("round") or 1,
            may_ask_again=kind.rounds,  # boards, Q&A and ideas belong to no round (rounds.py)
            rounds=rounds_view(db, session, question, state, result),
        )
    return view


def token_hash(session: dict, token: str) -> str:
    """What is stored of a device token: a hash bound to the session, so devices are unlinkable across sessions."""
    return hashlib.sha256(f"{session['id']}:{token}".encode()).hexdigest()


def self_paced_block(session: dict, question_ids: list | None) -> list[str]:
    """The questions of a self-paced block: those named, or the run of question slides from the current one.

    Raises SessionError when the block is empty or names a question the deck does not have.
    """
    block = question_ids or question_run(session)
    deck = deck_of(session)
    if not block or any(not isinstance(q, str) or deck.question(q) is None for q in block):
        raise SessionError(N_("een blok in zelfstandig tempo heeft bekende vraag-id's nodig"))
    return list(dict.fromkeys(block))


def question_run(session: dict) -> list[str]:
    """The questions on consecutive question slides from the current one: a natural self-paced block."""
    run = []
    for slide in deck_of(session).slides[session["current_slide"]:]:
        if slide.question is None:
            break
        run.append(slide.question.id)
    return run


def add_note(db: Database, session: dict, text: str, author: str) -> dict:
    """Note what was said while the current slide shows; raise SessionError for an empty or long note."""
    text = (text or "").strip()
    if not text:
        raise SessionError(N_("een notitie is leeg"))
    if len(text) > 4000:
        raise SessionError(N_("een notitie is hoogstens {max} tekens"), max=4000)
    slide = current_slide(session)
    return store.add_note(db, session["id"], slide.index, slide.question.id if slide.question else None, text,
                          author)


def consent_text(session: dict) -> str | None:
    """The deck's consent text with the session's retention date, as participants see it."""
    text = deck_of(session).consent
    if not text:
        return None
    day = Date.fromisoformat(session["retain_until"]) if session.get("retain_until") else None
    return f"{text.strip()}\n\nJe antwoorden worden bewaard tot {dutch_date(day)}." if day else text.strip()


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def dutch_date(day: Date) -> str:
    """29 november 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def expired(db: Database, today: str | None = None) -> list[dict]:
    """Sessions whose retention date has passed."""
    today = today or Date.today().isoformat()
    return [row for row in store.list_sessions(db) if row.get("retain_until") and row["retain_until"] < today]


# Lifecycle: ending, reopening, metadata ----------------------------------------------------------------

# What participants see at the join link once a session has ended (besides the thank-you).
PUBLISHED = ("", "results", "factsheet")
EDITABLE = ("title", "kind", "unit", "place", "date", "facilitators", "published")


def end_session(db: Database, session: dict, facilitator_id: int | None) -> bool:
    """End a live session (joins refused, open questions closed, data kept); False when it had ended already."""
    if session["state"] == "ended":
        return False
    store.end_session(db, session["id"], facilitator_id)
    return True


def reopen_session(db: Database, session: dict, facilitator_id: int | None) -> bool:
    """Make an ended session live again; False when it was live."""
    if session["state"] != "ended":
        return False
    store.reopen_session(db, session["id"], facilitator_id)
    return True


def edit_session(db: Database, session: dict, changes: dict, facilitator_id: int | None) -> dict:
    """Check and store new metadata for a session (only the EDITABLE fields given); the updated row.

    Raises SessionError with the reason when a value is not acceptable; nothing is stored then.
    """
    clean: dict = {}
    for name, value in changes.items():
        if name not in EDITABLE or value is None:
            continue
        value = value.strip() if isinstance(value, str) else value
        if name == "kind" and value not in MEETING_KINDS:
            raise SessionError(N_("soort bijeenkomst moet een van {kinds} zijn, niet '{kind}'"),
                               kinds=", ".join(MEETING_KINDS), kind=value)
        if name in ("title", "place") and not value:
            raise SessionError(N_("titel en plaats mogen niet leeg zijn"))
        if name == "date":
            try:
                value = Date.fromisoformat(value).isoformat()
            except ValueError:
                raise SessionError(N_("datum moet JJJJ-MM-DD zijn, niet '{date}'"), date=value) from None
        if name == "published" and value not in PUBLISHED:
            raise SessionError(N_("publiceren kan alleen als: {options}"), options=", ".join(PUBLISHED[1:]))
        if isinstance(value, str) and len(value) > 200:
            raise SessionError(N_("'{field}' is hoogstens {max} tekens"), field=name, max=200)
        clean[name] = value
    store.edit_session(db, session["id"], clean, facilitator_id)
    return store.session_by_id(db, session["id"])


def submissions_by_group(db: Database, session: dict, question: Question, profile_id: str,
                         label_of: dict[int, str]) -> dict[str, list[dict]]:
    """Per group label, a board's approved submissions with only that group's votes (for pooling in a study)."""
    rows = store.submissions(db, session["id"], question.id)
    votes = _votes_by_label(db, session, question, profile_id, label_of)
    return {label: _board_rows(rows, [per], kind_of(question).votes) for label, per in votes.items()}


# Kinds whose results are the participants' own words: never on the public page after a session.
TEXT_KINDS = ("open", "qa", "wordcloud")


def published_results(db: Database, session: dict) -> list[dict]:
    """The questions whose results an ended, published session shows at its join link: charts only, n >= k."""
    if session["state"] != "ended" or session.get("published") not in ("results", "factsheet"):
        return []
    k = min_group(session)
    shown = []
    for question in deck_of(session).questions:
        if question.kind in TEXT_KINDS:
            continue
        result = result_of(db, session, question)
        if result["n"] >= k and kind_of(question).chart(question, result) is not None:
            shown.append({"id": question.id, "text": question.text, "n": result["n"]})
    return shown
