"""Coding: codebooks, codes and each coder's codings (workshop/coding/)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from .shared import _one, now, writing


def create_codebook(db: Database, name: str, session_ids: list[int], facilitator_id: int | None,
                    study_id: int | None = None) -> int:
    """A new codebook over these sessions; its id."""
    with writing(db):
        codebook_id = db["codebooks"].insert(
            {"name": name, "study_id": study_id, "created_by": facilitator_id, "created_at": now()}
        ).last_pk
        db["codebook_sessions"].insert_all({"codebook_id": codebook_id, "session_id": s} for s in session_ids)
    return codebook_id


def codebook(db: Database, codebook_id: int) -> dict | None:
    """One codebook with the ids of its sessions, or None."""
    row = _one(db, "select * from codebooks where id = ?", [codebook_id])
    if row is not None:
        # A study's codebook covers the study's sessions as they are now, later ones included.
        row["session_ids"] = [r[0] for r in db.execute(
            "select session_id from codebook_sessions where codebook_id = :id "
            "union select id from sessions where study_id is not null and study_id = :study order by 1",
            {"id": codebook_id, "study": row["study_id"]})]
    return row


def codebooks(db: Database) -> list[dict]:
    """Every codebook, newest first, with its number of codes and sessions."""
    return list(db.query(
        """
        select b.*, (select count(*) from codes c where c.codebook_id = b.id) as codes,
               (select count(*) from codebook_sessions s where s.codebook_id = b.id) as sessions
        from codebooks b order by b.id desc
        """
    ))


def codebooks_of_session(db: Database, session_id: int) -> list[int]:
    """The ids of the codebooks that cover a session (named in it, or its study's)."""
    return [row[0] for row in db.execute(
        "select id from codebooks where id in (select codebook_id from codebook_sessions where session_id = :s) "
        "or (study_id is not null and study_id = (select study_id from sessions where id = :s)) order by id",
        {"s": session_id})]


def add_code(db: Database, codebook_id: int, name: str, description: str = "", parent_id: int | None = None
             ) -> int:
    """A new code in a codebook; its id."""
    with writing(db):
        return db["codes"].insert(
            {"codebook_id": codebook_id, "parent_id": parent_id, "name": name, "description": description,
             "memo": "", "created_at": now()}
        ).last_pk


def update_code(db: Database, code_id: int, fields: dict[str, Any]) -> None:
    """Rename a code, or change its description, memo or parent; its id stays."""
    with writing(db):
        db["codes"].update(code_id, fields)


def codes(db: Database, codebook_id: int) -> list[dict]:
    """A codebook's codes in the order they were made."""
    return list(db["codes"].rows_where("codebook_id = ?", [codebook_id], order_by="id"))


def set_coding(db: Database, codebook_id: int, code_id: int, text_key: str, coder_id: int, on: bool) -> None:
    """Apply a code to a text for one coder (or take it off); the text counts as seen by that coder."""
    stamp = now()
    with writing(db):
        if on:
            db.execute("insert or ignore into codings (codebook_id, code_id, text_key, coder_id, created_at) "
                       "values (?, ?, ?, ?, ?)", [codebook_id, code_id, text_key, coder_id, stamp])
        else:
            db.execute("delete from codings where code_id = ? and text_key = ? and coder_id = ?",
                       [code_id, text_key, coder_id])
        db.execute("insert or ignore into coded_texts (codebook_id, text_key, coder_id, at) values (?, ?, ?, ?)",
                   [codebook_id, text_key, coder_id, stamp])


def mark_seen(db: Database, codebook_id: int, text_key: str, coder_id: int) -> None:
    """Record that a coder went through a text and found no code for it."""
    with writing(db):
        db.execute("insert or ignore into coded_texts (codebook_id, text_key, coder_id, at) values (?, ?, ?, ?)",
                   [codebook_id, text_key, coder_id, now()])


def codings(db: Database, codebook_id: int) -> list[dict]:
    """Every coding of a codebook: code, text and coder."""
    return list(db.query(
        "select code_id, text_key, coder_id, created_at from codings where codebook_id = ? "
        "order by text_key, code_id, coder_id", [codebook_id]))


def seen_texts(db: Database, codebook_id: int) -> list[dict]:
    """Which coder has been through which text of a codebook."""
    return list(db.query("select text_key, coder_id from coded_texts where codebook_id = ?", [codebook_id]))


def coders(db: Database, codebook_id: int) -> list[dict]:
    """The facilitators who coded in a codebook, with their names."""
    return list(db.query(
        "select distinct f.id, f.name from coded_texts t join facilitators f on f.id = t.coder_id "
        "where t.codebook_id = ? order by f.id", [codebook_id]))


def coding_sources(db: Database, session_id: int) -> dict[str, list[dict]]:
    """What can be coded in a session: shown answers, approved board texts and notes, each with its profile."""
    return {
        "responses": [
            {**row, "value": json.loads(row["value"]), "profile": json.loads(row["profile"] or "{}")}
            for row in db.query(
                "select r.id, r.question_id, r.value, r.participant_id, p.profile from responses r "
                "join participants p on p.id = r.participant_id where r.session_id = ? "
                "and (r.review is null or r.review = 'approved') order by r.id", [session_id])
        ],
        "submissions": [
            {**row, "profile": json.loads(row["profile"] or "{}")}
            for row in db.query(
                "select s.id, s.question_id, s.text, s.participant_id, s.source, p.profile from submissions s "
                "left join participants p on p.id = s.participant_id where s.session_id = ? "
                "and s.status = 'approved' order by s.id", [session_id])
        ],
        "notes": list(db.query("select id, question_id, slide, text from notes where session_id = ? order by id",
                               [session_id])),
    }
