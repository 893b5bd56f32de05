"""Ideas, then votes: the list a facilitator curates from the ideas participants submitted. No Flask here.

A submitted idea is a submission (moderated and privacy-checked as a statement is, live/boards.py). The
facilitator merges duplicates into a curated idea (a submission of its own, source 'curated', that the merged
ones point to) and corrects typos in curated ideas; a participant's text is never changed here. A merge can
be undone. One click freezes the list as the ballot the room votes on (interactions/ideas.py).
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import store
from .i18n_marker import N_, Message
from .interactions import InvalidAnswer, Question, kind_of


# What a screen, phone or deck shows for an idea on the ballot that was hidden after the vote opened.
HIDDEN = "[niet vrijgegeven]"


class CurationError(Message, ValueError):
    """A curation step refused: a Dutch template and its values, translated for the facilitator."""


def ideas(db: Database, session_id: int, question_id: str) -> list[dict]:
    """The curated list now: each idea not merged away, with the submitted texts behind it (oldest first).

    An idea is {id, text, curated, sources: [{id, text}]}; a participant's idea is its own only source.
    """
    rows = store.idea_rows(db, session_id, question_id)
    # A merged idea that was hidden (moderation) no longer holds the ideas it took: they are on the list again.
    holders = {row["id"] for row in rows if row["status"] == "approved"}
    for row in rows:
        if row["merged_into"] not in holders:
            row["merged_into"] = None
    children: dict[int, list[dict]] = {}
    for row in rows:
        if row["merged_into"] is not None:
            children.setdefault(row["merged_into"], []).append(row)

    def sources(row: dict) -> list[dict]:
        if row["source"] != "curated":
            return [{"id": row["id"], "text": row["text"]}]
        return [source for child in children.get(row["id"], []) for source in sources(child)]

    listed = [{"id": row["id"], "text": row["text"], "curated": row["source"] == "curated",
               "sources": sources(row)}
              for row in rows if row["status"] == "approved" and row["merged_into"] is None]
    # A curated idea whose every source was hidden would show a hidden text again, in the facilitator's words.
    return [idea for idea in listed if idea["sources"] or not idea["curated"]]


def idea_of(db: Database, session_id: int, question_id: str) -> dict[int, int]:
    """Each submitted idea's id -> the id of the idea it is part of now (itself when not merged)."""
    return {source["id"]: idea["id"] for idea in ideas(db, session_id, question_id) for source in idea["sources"]}


def frozen(db: Database, session_id: int, question_id: str) -> list[dict] | None:
    """The ballot as it was frozen when the vote opened (None while collecting), hidden texts included."""
    state = store.question_state(db, session_id, question_id)
    return json.loads(state["ballot"]) if state.get("phase") == "vote" and state.get("ballot") else None


def shown(db: Database, session_id: int, question_id: str, ballot: list[dict]) -> list[dict]:
    """The frozen ballot as it may be shown: an idea hidden since is HIDDEN, a hidden source is left out.

    Its ideas keep their places (a vote is by index); an idea is hidden when its own text was hidden or, a
    curated one, when no source of it is still approved (its words are a hidden text's words).
    """
    approved = {row["id"]: row["text"] for row in store.idea_rows(db, session_id, question_id)
                if row["status"] == "approved"}
    texts = set(approved.values())
    result = []
    for idea in ballot:
        if "source_ids" in idea:
            kept = [(i, t) for i, t in zip(idea["source_ids"], idea["sources"], strict=False) if i in approved]
        else:  # a ballot frozen before its sources' ids were kept: by text
            kept = [(None, t) for t in idea["sources"] if t in texts]
        hidden = idea["id"] not in approved or (idea.get("curated") and not kept)
        if hidden:
            kept = []
        result.append({**idea, "text": HIDDEN if hidden else idea["text"], "hidden": bool(hidden),
                       "sources": [t for _, t in kept]})
        if "source_ids" in idea:
            result[-1]["source_ids"] = [i for i, _ in kept]
    return result


def asked(db: Database, session_id: int, question: Question) -> Question:
    """The question as it stands now: its phase and its ideas (the frozen ballot once the vote is open)."""
    state = store.question_state(db, session_id, question.id)
    if state.get("phase") == "vote":
        ballot = shown(db, session_id, question.id, json.loads(state["ballot"]))
    else:
        # the sources' ids are frozen with their texts: a source hidden later is known by its id
        ballot = [{"id": i["id"], "text": i["text"], "curated": i["curated"],
                   "sources": [s["text"] for s in i["sources"]],
                   "source_ids": [s["id"] for s in i["sources"]]}
                  for i in ideas(db, session_id, question.id)]
    return Question(question.id, question.kind, question.text,
                    {**question.settings, "phase": state.get("phase") or "collect", "ballot": ballot})


def _text(question: Question, text: str) -> str:
    try:
        return kind_of(question).clean_idea(question, text)
    except InvalidAnswer as invalid:
        raise CurationError(invalid.template, **invalid.params) from None


def _collecting(db: Database, session_id: int, question: Question) -> None:
    if store.question_state(db, session_id, question.id).get("phase") == "vote":
        raise CurationError(N_("De stemming is open: de lijst met ideeën ligt vast."))


def merge(db: Database, session_id: int, question: Question, idea_ids: list[int], text: str,
          facilitator_id: int | None) -> int:
    """Merge ideas of the current list into one with `text` (one idea: correct its text); the new idea's id."""
    _collecting(db, session_id, question)
    current = {idea["id"]: idea for idea in ideas(db, session_id, question.id)}
    chosen = list(dict.fromkeys(idea_ids))
    if not chosen or any(i not in current for i in chosen):
        raise CurationError(N_("Kies ideeën uit de lijst."))
    text = _text(question, text)
    if len(chosen) == 1 and current[chosen[0]]["curated"]:
        store.edit_curated_idea(db, chosen[0], text, facilitator_id)  # a typo in a merged idea: no new one
        return chosen[0]
    return store.merge_ideas(db, session_id, question.id, chosen, text, facilitator_id)


def undo(db: Database, session_id: int, question: Question, idea_id: int, facilitator_id: int | None
         ) -> list[int]:
    """Undo a merge or a correction: the ideas it took are on the list again; their ids."""
    _collecting(db, session_id, question)
    current = {idea["id"]: idea for idea in ideas(db, session_id, question.id)}
    if idea_id not in current or not current[idea_id]["curated"]:
        raise CurationError(N_("Alleen een samengevoegd of aangepast idee kan terug."))
    return store.undo_merge(db, idea_id, facilitator_id)


def open_vote(db: Database, session_id: int, question: Question, facilitator_id: int | None) -> list[dict]:
    """Freeze the current list as the ballot and open the vote on it; the ballot."""
    _collecting(db, session_id, question)
    ballot = asked(db, session_id, question).settings["ballot"]
    problem = kind_of(question).ballot_problem(question, len(ballot))
    if problem:
        raise CurationError(problem.template, **problem.params)
    store.set_ideas_phase(db, session_id, question.id, ballot, facilitator_id)
    return ballot


def collect_again(db: Database, session_id: int, question: Question, facilitator_id: int | None) -> None:
    """Back from the vote to collecting, only while nobody has voted (a vote's indexes need its ballot)."""
    if store.response_counts(db, session_id).get(question.id):
        raise CurationError(N_("Er is al gestemd: de lijst kan niet meer veranderen."))
    store.set_ideas_phase(db, session_id, question.id, None, facilitator_id)
