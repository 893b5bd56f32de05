"""Every query the application makes. No SQL anywhere else.

Functions take a sqlite-utils Database first. Writes that belong together run in one `db.atomic()`
block, and a function that writes returns only after its transaction has committed.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

try:  # stored answers decoded for every projector view (ten a second): orjson in a third of json's time
    from orjson import loads as decode_answer
except ImportError:  # a virtualenv made before orjson was a dependency
    decode_answer = json.loads

@contextmanager
def writing(db: Database):
    """A write transaction: BEGIN IMMEDIATE, or a savepoint inside one already open.

    A plain (deferred) BEGIN reads first and asks for the write lock later; in WAL mode that fails at once
    with "database is locked" when another connection committed in between (the batching writer does, all
    the time). Taking the write lock up front makes SQLite wait its busy timeout instead.
    """
    if db.conn.in_transaction:
        with db.atomic():  # a savepoint: one failing write inside a batch is rolled back alone
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise


def _one(db: Database, sql: str, params: list | dict) -> dict | None:
    """The first row of a query as a dict, or None.

    Used on the paths every phone takes (join, answer): sqlite-utils' `rows_where`, `get` and `update` first
    look the table up and read its columns, three queries where one does.
    """
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return None if row is None else dict(zip([column[0] for column in cursor.description], row))


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Facilitators ------------------------------------------------------------------------------------------


def add_facilitator(db: Database, name: str, password_hash: str, is_admin: bool = False) -> int:
    """Store a new facilitator account; raise ValueError when the name is taken."""
    if facilitator_by_name(db, name):
        raise ValueError(f"a facilitator named '{name}' exists already")
    with writing(db):
        return db["facilitators"].insert(
            {"name": name, "password_hash": password_hash, "created_at": now(), "is_admin": int(is_admin)}
        ).last_pk


def facilitator_by_name(db: Database, name: str) -> dict | None:
    """The facilitator with this name, or None."""
    return next(db["facilitators"].rows_where("name = ?", [name]), None)


def facilitator_by_id(db: Database, facilitator_id: int) -> dict | None:
    """The facilitator with this id, or None."""
    return next(db["facilitators"].rows_where("id = ?", [facilitator_id]), None)


def count_facilitators(db: Database) -> int:
    """How many facilitator accounts exist."""
    return db["facilitators"].count


def facilitators(db: Database) -> list[dict]:
    """Every facilitator account (name, is_admin, how many sessions it owns), oldest first."""
    return list(db.query("select f.id, f.name, f.is_admin, (select count(*) from sessions s where "
                         "s.created_by = f.id) as sessions from facilitators f order by f.id"))


def first_facilitator(db: Database) -> dict | None:
    """The oldest facilitator account (the admin the first start made), or None."""
    return _one(db, "select * from facilitators order by id limit 1", [])


def end_logins(db: Database, facilitator_id: int) -> None:
    """Raise an account's login epoch: every login cookie and socket made before stops working."""
    with writing(db):
        db.execute("update facilitators set auth_epoch = auth_epoch + 1 where id = ?", [facilitator_id])


def set_password(db: Database, facilitator_id: int, password_hash: str) -> None:
    """Give an account a new password and end its logins."""
    with writing(db):
        db.execute("update facilitators set password_hash = ?, auth_epoch = auth_epoch + 1 where id = ?",
                   [password_hash, facilitator_id])


def login_epochs(db: Database, facilitator_ids: list[int]) -> dict[int, int]:
    """The current login epoch of these accounts (an account that no longer exists is left out)."""
    marks = ",".join("?" * len(facilitator_ids))
    return dict(db.execute(f"select id, auth_epoch from facilitators where id in ({marks})",
                           list(facilitator_ids)).fetchall())


def remove_facilitator(db: Database, facilitator_id: int, heir_id: int | None) -> int:
    """Delete an account; its sessions go to `heir_id` (None: to nobody, i.e. admins only); how many moved."""
    with writing(db):
        moved = db.execute("update sessions set created_by = ? where created_by = ?",
                           [heir_id, facilitator_id]).rowcount
        db.execute("update events set facilitator_id = null where facilitator_id = ?", [facilitator_id])
        db.execute("update deck_changes set facilitator_id = null where facilitator_id = ?", [facilitator_id])
        # Studies: the heir owns theirs; shares with the account end; the actions log keeps what, not who.
        db.execute("update studies set created_by = ? where created_by = ?", [heir_id, facilitator_id])
        db.execute("delete from study_members where facilitator_id = ?", [facilitator_id])
        db.execute("delete from session_members where facilitator_id = ?", [facilitator_id])
        db.execute("update session_members set added_by = null where added_by = ?", [facilitator_id])
        db.execute("update study_members set added_by = null where added_by = ?", [facilitator_id])
        db.execute("update actions set facilitator_id = null where facilitator_id = ?", [facilitator_id])
        db.execute("delete from facilitators where id = ?", [facilitator_id])
    return moved


def count_sessions_of(db: Database, facilitator_id: int) -> int:
    """How many sessions this facilitator owns."""
    return db.execute("select count(*) from sessions where created_by = ?", [facilitator_id]).fetchone()[0]


# Sessions ----------------------------------------------------------------------------------------------


def create_session(db: Database, **fields: Any) -> dict:
    """Store a new session (code, title, kind, place, date, deck_source, deck, created_by) and log its start."""
    with writing(db):
        session_id = db["sessions"].insert(
            {**fields, "current_slide": 0, "state": "live", "created_at": now()}
        ).last_pk
        _log(db, session_id, "session_started", {"kind": fields["kind"], "place": fields["place"]},
             fields.get("created_by"))
    return session_by_id(db, session_id)


def session_by_code(db: Database, code: str) -> dict | None:
    """The session with this join code, or None."""
    return _one(db, "select * from sessions where code = ?", [code])


def session_by_id(db: Database, session_id: int) -> dict | None:
    """The session with this id, or None."""
    return _one(db, "select * from sessions where id = ?", [session_id])


def code_exists(db: Database, code: str) -> bool:
    """Whether a session already uses this join code."""
    return session_by_code(db, code) is not None


# Who is responsible for a session (:me a facilitator id, s the session): any admin, its owner, and for a
# session in a study the study's owner and the colleagues it is shared with. They run and export it, share
# it with a co-facilitator or note-taker, move it between studies and delete it. A session without an owner
# (started from the command line) is the admins' until it is put in a study or handed over.
_RESPONSIBLE = """(
    (select is_admin from facilitators where id = :me) = 1
    or s.created_by = :me
    or exists (select 1 from studies st where st.id = s.study_id and st.created_by = :me)
    or exists (select 1 from study_members m where m.study_id = s.study_id and m.facilitator_id = :me)
)"""
# Who may run and export a session: those responsible, and the co-facilitators it is shared with. Nobody
# else: a note-taker of the session only writes notes (_MAY_TAKE_NOTES).
_MAY_ACT = f"""(
    {_RESPONSIBLE}
    or exists (select 1 from session_members sm where sm.session_id = s.id and sm.facilitator_id = :me
               and sm.role = 'cofacilitator')
)"""
_MAY_TAKE_NOTES = f"""(
    {_MAY_ACT}
    or exists (select 1 from session_members sm where sm.session_id = s.id and sm.facilitator_id = :me)
)"""


def list_sessions(db: Database, facilitator_id: int | None = None, study_id: int | None = None,
                  notes_too: bool = False) -> list[dict]:
    """All sessions (or those this facilitator may act on, or those of a study), newest first, with counts.

    With notes_too, also the sessions the facilitator only takes notes in; `runs` says which is which.
    """
    where = ["1 = 1"]
    if facilitator_id is not None:
        where.append(_MAY_TAKE_NOTES if notes_too else _MAY_ACT)
    if study_id is not None:
        where.append("s.study_id = :study")
    return list(
        db.query(
            f"""
            select s.id, s.code, s.title, s.kind, s.place, s.date, s.state, s.created_at, s.retain_until,
                   s.created_by, s.unit, s.facilitators, s.ended_at, s.published, s.study_id, s.min_group,
                   (select name from studies st where st.id = s.study_id) as study,
                   (select count(*) from participants p where p.session_id = s.id) as participants,
                   {_MAY_ACT if facilitator_id is not None else "1"} as runs
            from sessions s where {" and ".join(where)} order by s.created_at desc, s.id desc
            """,
            {"me": facilitator_id, "study": study_id},
        )
    )


def may_act_on_session(db: Database, facilitator_id: int, session_id: int) -> bool:
    """Whether a facilitator may run and export a session (see _MAY_ACT)."""
    return db.execute(f"select 1 from sessions s where s.id = :id and {_MAY_ACT}",
                      {"id": session_id, "me": facilitator_id}).fetchone() is not None


def may_manage_session(db: Database, facilitator_id: int, session_id: int) -> bool:
    """Whether a facilitator is responsible for a session: may share, move and delete it (see _RESPONSIBLE)."""
    return db.execute(f"select 1 from sessions s where s.id = :id and {_RESPONSIBLE}",
                      {"id": session_id, "me": facilitator_id}).fetchone() is not None


def may_take_notes(db: Database, facilitator_id: int, session_id: int) -> bool:
    """Whether a facilitator may write notes in a session: who may act on it, and its note-takers."""
    return db.execute(f"select 1 from sessions s where s.id = :id and {_MAY_TAKE_NOTES}",
                      {"id": session_id, "me": facilitator_id}).fetchone() is not None


def session_members(db: Database, session_id: int) -> list[dict]:
    """The facilitators a session is shared with (co-facilitators and note-takers), by name."""
    return list(db.query(
        "select f.id, f.name, sm.role, sm.added_at from session_members sm "
        "join facilitators f on f.id = sm.facilitator_id where sm.session_id = ? order by f.name", [session_id]))


def share_session(db: Database, session_id: int, member_id: int, role: str, facilitator_id: int | None) -> bool:
    """Share a session with a facilitator as 'cofacilitator' or 'notes' (a new role replaces the old); logged.

    False when they already had that role (nothing changes, nothing logged).
    """
    with writing(db):
        before = _one(db, "select role from session_members where session_id = ? and facilitator_id = ?",
                      [session_id, member_id])
        if before and before["role"] == role:
            return False
        db.execute("insert into session_members (session_id, facilitator_id, role, added_by, added_at) "
                   "values (?, ?, ?, ?, ?) on conflict do update set role = excluded.role",
                   [session_id, member_id, role, facilitator_id, now()])
        name = facilitator_by_id(db, member_id)["name"]
        _log(db, session_id, "session_shared", {"with": name, "role": role}, facilitator_id)
    return True


def unshare_session(db: Database, session_id: int, member_id: int, facilitator_id: int | None) -> bool:
    """Stop sharing a session with a facilitator; logged. False when it was not shared with them."""
    with writing(db):
        row = facilitator_by_id(db, member_id)
        removed = db.execute("delete from session_members where session_id = ? and facilitator_id = ?",
                             [session_id, member_id]).rowcount
        if removed:
            _log(db, session_id, "session_unshared", {"with": row["name"] if row else member_id}, facilitator_id)
    return bool(removed)


def sessions_within_reach(db: Database, facilitator_id: int, session_ids: list[int], notes: bool = False
                          ) -> set[int]:
    """Which of these sessions the facilitator may still act on (with notes: still take notes in)."""
    if not session_ids:
        return set()
    params = {f"s{n}": session_id for n, session_id in enumerate(session_ids)}
    marks = ",".join(f":{name}" for name in params)
    rule = _MAY_TAKE_NOTES if notes else _MAY_ACT
    rows = db.execute(f"select s.id from sessions s where s.id in ({marks}) and {rule}",
                      {**params, "me": facilitator_id}).fetchall()
    return {row[0] for row in rows}


def end_session(db: Database, session_id: int, facilitator_id: int | None) -> None:
    """End a session: joins refused, open questions closed, phones back to following; logged."""
    stamp = now()
    with writing(db):
        db.execute("update question_states set status = 'closed', closed_at = ?, closes_at = null "
                   "where session_id = ? and status = 'open'", [stamp, session_id])
        db.execute("update sessions set state = 'ended', ended_at = ?, pacing = 'presenter', block = null "
                   "where id = ?", [stamp, session_id])
        _log(db, session_id, "session_ended", None, facilitator_id)


def reopen_session(db: Database, session_id: int, facilitator_id: int | None) -> None:
    """Make an ended session live again (joins accepted); logged."""
    with writing(db):
        db.execute("update sessions set state = 'live', ended_at = null where id = ?", [session_id])
        _log(db, session_id, "session_reopened", None, facilitator_id)


def edit_session(db: Database, session_id: int, changes: dict[str, Any], facilitator_id: int | None) -> None:
    """Change a session's metadata (title, kind, unit, place, date, facilitators, published); logs old and new."""
    before = session_by_id(db, session_id)
    changed = {k: v for k, v in changes.items() if before.get(k) != v}
    if not changed:
        return
    with writing(db):
        db["sessions"].update(session_id, changed)
        _log(db, session_id, "session_edited",
             {k: {"from": before.get(k), "to": v} for k, v in changed.items()}, facilitator_id)


def set_owner(db: Database, session_id: int, facilitator_id: int, by: int | None) -> None:
    """Hand a session to another facilitator, and log it."""
    with writing(db):
        db.execute("update sessions set created_by = ? where id = ?", [facilitator_id, session_id])
        _log(db, session_id, "owner_changed", {"owner": facilitator_id}, by)


def set_current_slide(db: Database, session_id: int, index: int, facilitator_id: int | None) -> None:
    """Move a session to a slide and log it."""
    with writing(db):
        db["sessions"].update(session_id, {"current_slide": index})
        _log(db, session_id, "slide_shown", {"slide": index}, facilitator_id)


# Participants ------------------------------------------------------------------------------------------


def join_participant(db: Database, session_id: int, token_hash: str) -> tuple[int, bool]:
    """The participant id for a device token in a session, creating it on first join; (id, is_new)."""
    stamp = now()
    with writing(db):
        row = db.execute("select id from participants where session_id = ? and token_hash = ?",
                         [session_id, token_hash]).fetchone()
        if row:
            db.execute("update participants set last_seen_at = ? where id = ?", [stamp, row[0]])
            return row[0], False
        cursor = db.execute(
            "insert into participants (session_id, token_hash, joined_at, last_seen_at) values (?, ?, ?, ?)",
            [session_id, token_hash, stamp, stamp])
        return cursor.lastrowid, True


def is_participant(db: Database, session_id: int, token_hash: str) -> bool:
    """Whether a device token joined this session before."""
    return db.execute("select 1 from participants where session_id = ? and token_hash = ?",
                      [session_id, token_hash]).fetchone() is not None


def participant(db: Database, participant_id: int) -> dict | None:
    """One participant, with the profile decoded, or None."""
    row = _one(db, "select * from participants where id = ?", [participant_id])
    if row is not None:
        row["profile"] = json.loads(row["profile"]) if row["profile"] else None
    return row


def set_profile(db: Database, participant_id: int, profile: dict[str, int], consented: bool) -> None:
    """Store a participant's profile answers and, when given, the moment they accepted the consent text."""
    with writing(db):
        db.execute("update participants set profile = ?, consented_at = coalesce(?, consented_at) where id = ?",
                   [json.dumps(profile), now() if consented else None, participant_id])


def set_min_group(db: Database, session_id: int, k: int) -> None:
    """Set the smallest group a session shows on its own."""
    with writing(db):
        db["sessions"].update(session_id, {"min_group": k})


def group_sizes(db: Database, session_id: int, profile_id: str) -> dict[int | None, int]:
    """How many participants gave each answer to a profile question (None: not answered)."""
    return dict(db.execute(
        "select json_extract(profile, ?), count(*) from participants where session_id = ? group by 1",
        [_json_path(profile_id), session_id],
    ).fetchall())


def _json_path(key: str) -> str:
    return f'$."{key}"'


def count_participants(db: Database, session_id: int) -> int:
    """How many participants have joined a session."""
    return db.execute("select count(*) from participants where session_id = ?", [session_id]).fetchone()[0]


# Questions ---------------------------------------------------------------------------------------------


def question_states(db: Database, session_id: int) -> dict[str, dict]:
    """Every question of a session that was ever opened: question id -> status, results_visible, times."""
    return {
        row["question_id"]: row for row in db["question_states"].rows_where("session_id = ?", [session_id])
    }


def question_state(db: Database, session_id: int, question_id: str) -> dict:
    """One question's state; a question never opened is 'pending' with results hidden."""
    row = next(
        db["question_states"].rows_where("session_id = ? and question_id = ?", [session_id, question_id]), None
    )
    return row or {"session_id": session_id, "question_id": question_id, "status": "pending",
                   "results_visible": 0, "opened_at": None, "closed_at": None, "closes_at": None,
                   "share_results": 0, "round": 1}


def set_question_status(
    db: Database, session_id: int, question_id: str, status: str, facilitator_id: int | None,
    closes_at: str | None = None,
) -> None:
    """Open (optionally until closes_at) or close a question, and log it."""
    stamp = now()
    if status == "open":
        fields: dict[str, Any] = {"status": "open", "opened_at": stamp, "closes_at": closes_at}
        data = {"question": question_id, **({"closes_at": closes_at} if closes_at else {})}
    else:
        fields, data = {"status": "closed", "closed_at": stamp, "closes_at": None}, {"question": question_id}
    with writing(db):
        _upsert_question_state(db, session_id, question_id, fields)
        _mark_first_close(db, session_id, question_id)
        _log(db, session_id, f"question_{'opened' if status == 'open' else 'closed'}", data, facilitator_id)


def _mark_first_close(db: Database, session_id: int, question_id: str) -> None:
    db.execute("update question_states set first_closed_at = closed_at where session_id = ? and question_id = ? "
               "and first_closed_at is null and status = 'closed'", [session_id, question_id])


def close_expired(db: Database, at: str | None = None) -> list[tuple[int, str]]:
    """Close every question whose countdown has run out; the (session id, question id) pairs closed."""
    at = at or now()
    # Asked several times a second: look first, and only take the write lock when something ran out.
    expired = db.execute(
        "select session_id, question_id from question_states where status = 'open' and closes_at <= ?",
        [at],
    ).fetchall()
    closed = []
    if not expired:
        return closed
    with writing(db):
        for session_id, question_id in expired:
            # Another server process may have closed it a moment ago: only the one that changes it logs it.
            changed = db.execute(
                "update question_states set status = 'closed', closed_at = ?, closes_at = null "
                "where session_id = ? and question_id = ? and status = 'open'",
                [at, session_id, question_id],
            ).rowcount
            if changed:
                _mark_first_close(db, session_id, question_id)
                _log(db, session_id, "question_closed", {"question": question_id, "by": "timer"}, None)
                closed.append((session_id, question_id))
    return closed


def set_share_results(
    db: Database, session_id: int, question_id: str, share: bool, facilitator_id: int | None
) -> None:
    """Show or hide a closed question's results on the phones, and log it."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"share_results": int(share)})
        _log(db, session_id, "results_shared" if share else "results_unshared", {"question": question_id},
             facilitator_id)


def reset_responses(db: Database, session_id: int, question_id: str, facilitator_id: int | None) -> int:
    """Delete every answer of a question's current round (after the facilitator confirmed), log it; how many.

    Earlier rounds are kept: a reset of round 2 must not take away what the room said in round 1.
    """
    with writing(db):
        round_ = _current_round(db, session_id, question_id)
        deleted = db.execute(
            "delete from responses where session_id = ? and question_id = ? and round = ?",
            [session_id, question_id, round_],
        ).rowcount
        _log(db, session_id, "responses_reset", {"question": question_id, "deleted": deleted, "round": round_},
             facilitator_id)
    return deleted


def start_round(db: Database, session_id: int, question_id: str, facilitator_id: int | None,
                closes_at: str | None = None) -> int:
    """Ask a question again: its next round opens (optionally until closes_at) with no answers yet; logged.

    Earlier rounds' answers are not touched. Results go off the projector and the phones until the
    facilitator shows them again, and the new round's split keeps the groups of its own first close.
    Returns the new round's number.
    """
    stamp = now()
    with writing(db):
        round_ = _current_round(db, session_id, question_id) + 1
        _upsert_question_state(db, session_id, question_id, {
            "round": round_, "status": "open", "opened_at": stamp, "closed_at": None, "closes_at": closes_at,
            "first_closed_at": None, "results_visible": 0, "share_results": 0})
        _log(db, session_id, "round_started",
             {"question": question_id, "round": round_, **({"closes_at": closes_at} if closes_at else {})},
             facilitator_id)
    return round_


def _current_round(db: Database, session_id: int, question_id: str) -> int:
    row = db.execute("select round from question_states where session_id = ? and question_id = ?",
                     [session_id, question_id]).fetchone()
    return row[0] if row else 1


def set_pacing(
    db: Database, session_id: int, pacing: str, block: list[str] | None, facilitator_id: int | None
) -> None:
    """Switch between following the presenter and a self-paced block; the block's questions open or close."""
    stamp = now()
    with writing(db):
        previous = session_by_id(db, session_id)
        if pacing == "self":
            for question_id in block or []:
                _upsert_question_state(db, session_id, question_id,
                                       {"status": "open", "opened_at": stamp, "closes_at": None})
        else:
            for question_id in json.loads(previous["block"] or "[]"):
                _upsert_question_state(db, session_id, question_id,
                                       {"status": "closed", "closed_at": stamp, "closes_at": None})
                _mark_first_close(db, session_id, question_id)
        db["sessions"].update(session_id, {"pacing": pacing, "block": json.dumps(block) if block else None})
        _log(db, session_id, "self_paced_started" if pacing == "self" else "self_paced_ended",
             {"questions": block} if block else None, facilitator_id)


def count_finished(db: Database, session_id: int, question_ids: list[str]) -> int:
    """How many participants answered every one of these questions."""
    if not question_ids:
        return 0
    marks = ", ".join("?" for _ in question_ids)
    return db.execute(
        f"""
        select count(*) from (
            select participant_id from responses r
            where session_id = ? and question_id in ({marks}) and r.round = {_CURRENT_ROUND}
            group by participant_id having count(distinct question_id) = ?
        )
        """,
        [session_id, *question_ids, len(question_ids)],
    ).fetchone()[0]


def set_results_visible(
    db: Database, session_id: int, question_id: str, visible: bool, facilitator_id: int | None
) -> None:
    """Show or hide a question's results on the projector and log it."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"results_visible": int(visible)})
        _log(db, session_id, "results_shown" if visible else "results_hidden", {"question": question_id},
             facilitator_id)


def _upsert_question_state(db: Database, session_id: int, question_id: str, fields: dict[str, Any]) -> None:
    exists = db.execute(
        "select 1 from question_states where session_id = ? and question_id = ?", [session_id, question_id]
    ).fetchone()
    if exists:
        db["question_states"].update((session_id, question_id), fields)
    else:
        db["question_states"].insert(
            {"session_id": session_id, "question_id": question_id, "status": "pending", "results_visible": 0,
             **fields}
        )


# Responses ---------------------------------------------------------------------------------------------

# The round a question is in now, for a row `r` of responses: what every screen and aggregate counts unless a
# round is named (a question never opened has no state and no answers; its round is 1).
_CURRENT_ROUND = ("coalesce((select q.round from question_states q where q.session_id = r.session_id "
                  "and q.question_id = r.question_id), 1)")


def _round_is(round_: int | None) -> tuple[str, list]:
    """The condition on r.round for one round (None: the question's current round) and its parameters."""
    return ("r.round = ?", [round_]) if round_ is not None else (f"r.round = {_CURRENT_ROUND}", [])



def save_response(
    db: Database, session_id: int, participant_id: int, question_id: str, value: Any,
    flags: list[dict] | None = None, client_id: str | None = None, round_: int | None = None,
) -> int | None:
    """Store a participant's answer in the question's current round if it is open, replacing an earlier one.

    Returns the answer's revision (1 for a first answer), or None when the question is not open (or, with
    `round_`, no longer in that round). The open-check and the write are one statement, so an answer can
    never land after the question closed or in a round it was not given for. An answer with privacy `flags`
    is held for review: stored, but kept off screens until approved. An answer whose `client_id` is already
    stored for this question (in any round) is a resend: nothing changes.
    """
    stamp = now()
    review, flags_json = ("pending", json.dumps(flags, ensure_ascii=False)) if flags else (None, None)
    with writing(db):
        if client_id is not None:
            stored = db.execute(
                "select revision from responses where session_id = ? and participant_id = ? and question_id = ? "
                "and client_id = ?",
                [session_id, participant_id, question_id, client_id],
            ).fetchone()
            if stored:
                return stored[0]
        cursor = db.execute(
            """
            insert into responses (session_id, participant_id, question_id, value, created_at, updated_at,
                                   revision, review, flags, client_id, round)
            select ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, q.round from question_states q
            where q.session_id = ? and q.question_id = ? and q.status = 'open'
              and (q.closes_at is null or q.closes_at > ?) and (? is null or q.round = ?)
            on conflict (session_id, participant_id, question_id, round) do update
                set value = excluded.value, updated_at = excluded.updated_at, revision = revision + 1,
                    review = excluded.review, flags = excluded.flags, client_id = excluded.client_id
            returning revision
            """,
            [session_id, participant_id, question_id, json.dumps(value, ensure_ascii=False), stamp, stamp,
             review, flags_json, client_id, session_id, question_id, stamp, round_, round_],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def response_values(db: Database, session_id: int, question_id: str, shown_only: bool = True,
                    round_: int | None = None) -> list[Any]:
    """Every stored answer to a question in one round (None: its current one), decoded, in the order they
    were first given.

    With shown_only, answers held by the privacy guard (and not approved) are left out.
    """
    held = "and (review is null or review = 'approved')" if shown_only else ""
    which, params = _round_is(round_)
    return [
        decode_answer(row[0])
        for row in db.execute(
            f"select value from responses r where session_id = ? and question_id = ? and {which} {held} "
            "order by id",
            [session_id, question_id, *params],
        )
    ]


def response_values_by_group(db: Database, session_id: int, question_id: str, profile_id: str,
                             round_: int | None = None) -> list[tuple[int | None, Any]]:
    """The shown answers to a question in one round (None: its current one), each with its participant's
    answer to a profile question."""
    which, params = _round_is(round_)
    return [
        (row[0], decode_answer(row[1]))
        for row in db.execute(
            f"""
            select json_extract(p.profile, ?), r.value from responses r join participants p on p.id = r.participant_id
            where r.session_id = ? and r.question_id = ? and (r.review is null or r.review = 'approved')
              and {which}
            order by r.id
            """,
            [_json_path(profile_id), session_id, question_id, *params],
        )
    ]


def item_people(db: Database, session_id: int, question_id: str, board: bool, round_: int | None = None
                ) -> list[dict]:
    """Who answered a question in one round (None: its current one), or voted on a board's approved texts,
    in order: participant id, profile answers and when they first answered or voted. Held answers are left
    out."""
    if board:
        sql = """
            select v.participant_id as id, p.profile as profile, min(v.created_at) as first_at
            from submission_votes v join submissions s on s.id = v.submission_id
            join participants p on p.id = v.participant_id
            where s.session_id = ? and s.question_id = ? and s.status = 'approved'
            group by v.participant_id order by min(v.rowid)
        """
        params = []
    else:
        which, params = _round_is(round_)
        sql = f"""
            select r.participant_id as id, p.profile as profile, r.created_at as first_at
            from responses r join participants p on p.id = r.participant_id
            where r.session_id = ? and r.question_id = ? and (r.review is null or r.review = 'approved')
              and {which}
            order by r.id
        """
    return [{**row, "profile": json.loads(row["profile"] or "{}")}
            for row in db.query(sql, [session_id, question_id, *params])]


def held_responses(db: Database, session_id: int) -> list[dict]:
    """Answers the privacy guard holds for review in a session, oldest first, with value and flags decoded."""
    return [
        {**row, "value": json.loads(row["value"]), "flags": json.loads(row["flags"] or "[]")}
        for row in db.query(
            "select id, question_id, value, flags, updated_at from responses "
            "where session_id = ? and review = 'pending' order by updated_at",
            [session_id],
        )
    ]


def review_response(db: Database, session_id: int, response_id: int, review: str, value: Any | None,
                    facilitator_id: int | None) -> dict | None:
    """Approve or hide a held answer (optionally with its text edited); the row, or None if not found."""
    row = next(db["responses"].rows_where("id = ? and session_id = ?", [response_id, session_id]), None)
    if row is None:
        return None
    fields: dict[str, Any] = {"review": review}
    if value is not None:
        fields["value"] = json.dumps(value, ensure_ascii=False)
    with writing(db):
        db["responses"].update(response_id, fields)
        _log(db, session_id, f"answer_{'approved' if review == 'approved' else 'hidden'}",
             {"question": row["question_id"], "response": response_id, "edited": value is not None},
             facilitator_id)
    return row


def answers_of(db: Database, session_id: int, participant_id: int) -> dict[str, Any]:
    """One participant's answers in a session, each question's current round: question id -> value."""
    return {
        row[0]: json.loads(row[1])
        for row in db.execute(
            f"select question_id, value from responses r where session_id = ? and participant_id = ? "
            f"and r.round = {_CURRENT_ROUND}",
            [session_id, participant_id],
        )
    }


def earlier_answers_of(db: Database, session_id: int, participant_id: int) -> dict[str, dict]:
    """One participant's answer of the latest earlier round of each question asked again:
    question id -> {"round", "value"} (what Delphi practice shows a participant before they answer again)."""
    earlier: dict[str, dict] = {}
    for question_id, round_, value in db.execute(
        f"select question_id, round, value from responses r where session_id = ? and participant_id = ? "
        f"and r.round < {_CURRENT_ROUND} order by round",
        [session_id, participant_id],
    ):
        earlier[question_id] = {"round": round_, "value": json.loads(value)}
    return earlier


def response_counts(db: Database, session_id: int) -> dict[str, int]:
    """How many participants answered each question of a session (in its current round)."""
    return dict(
        db.execute(
            f"select question_id, count(*) from responses r where session_id = ? and r.round = {_CURRENT_ROUND} "
            "group by question_id",
            [session_id],
        ).fetchall()
    )


def count_respondents(db: Database, session_id: int) -> int:
    """How many participants answered at least one question."""
    return db.execute(
        "select count(distinct participant_id) from responses where session_id = ?", [session_id]
    ).fetchone()[0]


# Submissions: statements on a board, questions in a Q&A ------------------------------------------------


def add_submission(
    db: Database, session_id: int, question_id: str, text: str, source: str, status: str,
    participant_id: int | None = None, flags: list[dict] | None = None, limit: int | None = None,
) -> int | None:
    """Store a new text for a board; None when the participant already reached `limit` texts on it."""
    stamp = now()
    with writing(db):
        if limit is not None and participant_id is not None:
            made = db.execute(
                "select count(*) from submissions where session_id = ? and question_id = ? and participant_id = ?",
                [session_id, question_id, participant_id],
            ).fetchone()[0]
            if made >= limit:
                return None
        return db["submissions"].insert(
            {"session_id": session_id, "question_id": question_id, "participant_id": participant_id,
             "source": source, "text": text, "original_text": text, "status": status,
             "flags": json.dumps(flags, ensure_ascii=False) if flags else None, "answered": 0,
             "created_at": stamp, "moderated_at": stamp if status == "approved" and source != "participant"
             else None}
        ).last_pk


def seed_submissions(db: Database, session_id: int, question_id: str, texts: list[str]) -> None:
    """Put a deck's seeded statements on a board, approved (done once, when the session starts)."""
    for text in texts:
        add_submission(db, session_id, question_id, text, "deck", "approved")


def submission(db: Database, submission_id: int) -> dict | None:
    """One submission, or None."""
    return next(db["submissions"].rows_where("id = ?", [submission_id]), None)


_VOTE_COUNTS = """
    select s.id, s.question_id, s.participant_id, s.source, s.text, s.original_text, s.status, s.flags,
           s.answered, s.created_at,
           coalesce(sum(v.vote = 'agree'), 0) as agree, coalesce(sum(v.vote = 'disagree'), 0) as disagree,
           coalesce(sum(v.vote = 'pass'), 0) as pass, coalesce(sum(v.vote = 'up'), 0) as up,
           count(v.vote) as votes
    from submissions s left join submission_votes v on v.submission_id = s.id
"""


def submissions(db: Database, session_id: int, question_id: str, statuses: tuple[str, ...] = ("approved",)
                ) -> list[dict]:
    """A board's submissions with these statuses, oldest first, each with its vote counts."""
    marks = ", ".join("?" for _ in statuses)
    return list(db.query(
        f"{_VOTE_COUNTS} where s.session_id = ? and s.question_id = ? and s.status in ({marks}) "
        "group by s.id order by s.id",
        [session_id, question_id, *statuses],
    ))


def votes_by_group(db: Database, session_id: int, question_id: str, profile_id: str
                   ) -> list[tuple[int, int | None, str, int]]:
    """Votes on a board's approved submissions counted per group: (submission id, group, vote, count)."""
    return [tuple(row) for row in db.execute(
        """
        select v.submission_id, json_extract(p.profile, ?), v.vote, count(*)
        from submission_votes v join submissions s on s.id = v.submission_id
        join participants p on p.id = v.participant_id
        where s.session_id = ? and s.question_id = ? and s.status = 'approved'
        group by 1, 2, 3
        """,
        [_json_path(profile_id), session_id, question_id],
    )]


def moderation_queue(db: Database, session_id: int) -> list[dict]:
    """Submissions waiting for a facilitator's decision, oldest first, with their privacy flags decoded."""
    return [
        {**row, "flags": json.loads(row["flags"] or "[]")}
        for row in db.query(
            f"{_VOTE_COUNTS} where s.session_id = ? and s.status = 'pending' group by s.id order by s.id",
            [session_id],
        )
    ]


def moderate_submission(db: Database, submission_id: int, status: str, text: str | None,
                        facilitator_id: int | None) -> None:
    """Approve or hide a submission, optionally correcting its text; logged."""
    row = submission(db, submission_id)
    fields: dict[str, Any] = {"status": status, "moderated_at": now()}
    if text is not None:
        fields["text"] = text
    with writing(db):
        db["submissions"].update(submission_id, fields)
        _log(db, row["session_id"], f"submission_{'approved' if status == 'approved' else 'hidden'}",
             {"question": row["question_id"], "submission": submission_id,
              "edited": text is not None and text != row["text"]}, facilitator_id)


def set_answered(db: Database, submission_id: int, answered: bool, facilitator_id: int | None) -> None:
    """Mark a Q&A question answered (or not); logged."""
    row = submission(db, submission_id)
    with writing(db):
        db["submissions"].update(submission_id, {"answered": int(answered)})
        _log(db, row["session_id"], "qa_answered" if answered else "qa_unanswered",
             {"question": row["question_id"], "submission": submission_id}, facilitator_id)


def save_vote(db: Database, submission_id: int, participant_id: int, vote: str | None) -> bool:
    """Store (or with None, take back) a participant's vote on an approved submission of an open question."""
    stamp = now()
    with writing(db):
        target = db.execute(
            """
            select 1 from submissions s join question_states q
              on q.session_id = s.session_id and q.question_id = s.question_id
            join participants p on p.id = ? and p.session_id = s.session_id
            where s.id = ? and s.status = 'approved' and q.status = 'open'
              and (q.closes_at is null or q.closes_at > ?)
            """,
            [participant_id, submission_id, stamp],
        ).fetchone()
        if not target:
            return False
        if vote is None:
            db.execute("delete from submission_votes where submission_id = ? and participant_id = ?",
                       [submission_id, participant_id])
        else:
            db.execute(
                """
                insert into submission_votes (submission_id, participant_id, vote, created_at, updated_at)
                values (?, ?, ?, ?, ?)
                on conflict (submission_id, participant_id) do update
                    set vote = excluded.vote, updated_at = excluded.updated_at
                """,
                [submission_id, participant_id, vote, stamp, stamp],
            )
    return True


def votes_of(db: Database, session_id: int, participant_id: int) -> dict[int, str]:
    """One participant's votes in a session: submission id -> vote."""
    return dict(db.execute(
        "select v.submission_id, v.vote from submission_votes v join submissions s on s.id = v.submission_id "
        "where s.session_id = ? and v.participant_id = ?",
        [session_id, participant_id],
    ).fetchall())


def submissions_of(db: Database, session_id: int, participant_id: int) -> list[dict]:
    """One participant's own submissions in a session, with their moderation status."""
    return list(db.query(
        "select id, question_id, text, status from submissions where session_id = ? and participant_id = ? "
        "order by id",
        [session_id, participant_id],
    ))


def set_split(db: Database, session_id: int, question_id: str, profile_id: str | None,
              facilitator_id: int | None) -> None:
    """Split a question's result on the projector by a profile question (None: not split); logged."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"split_by": profile_id})
        _log(db, session_id, "split", {"question": question_id, "by": profile_id}, facilitator_id)


def set_board_sort(db: Database, session_id: int, question_id: str, sort: str, facilitator_id: int | None) -> None:
    """Choose how the projector orders a board's statements; logged."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"board_sort": sort})
        _log(db, session_id, "board_sorted", {"question": question_id, "sort": sort}, facilitator_id)


def set_focus(db: Database, session_id: int, question_id: str, submission_id: int | None,
              facilitator_id: int | None) -> None:
    """Put one submission in focus on the projector (None: no focus); logged."""
    with writing(db):
        _upsert_question_state(db, session_id, question_id, {"focus": submission_id})
        _log(db, session_id, "focus", {"question": question_id, "submission": submission_id}, facilitator_id)


# Ideas, then votes: curated ideas over submitted ones, the phase and the frozen list (curation.py) --------


def idea_rows(db: Database, session_id: int, question_id: str) -> list[dict]:
    """An ideas question's approved and curated texts (and undone merges), oldest first, with merged_into."""
    return list(db.query(
        "select id, participant_id, source, text, status, merged_into, created_at from submissions "
        "where session_id = ? and question_id = ? and status in ('approved', 'undone') order by id",
        [session_id, question_id],
    ))


def merge_ideas(db: Database, session_id: int, question_id: str, idea_ids: list[int], text: str,
                facilitator_id: int | None) -> int:
    """One curated idea with `text` in place of these ideas (which point to it and stay as they are); logged."""
    stamp = now()
    with writing(db):
        curated = db["submissions"].insert(
            {"session_id": session_id, "question_id": question_id, "participant_id": None, "source": "curated",
             "text": text, "original_text": text, "status": "approved", "flags": None, "answered": 0,
             "created_at": stamp, "moderated_at": stamp}
        ).last_pk
        marks = ", ".join("?" for _ in idea_ids)
        db.execute(f"update submissions set merged_into = ? where session_id = ? and id in ({marks})",
                   [curated, session_id, *idea_ids])
        _log(db, session_id, "ideas_merged", {"question": question_id, "into": curated, "ideas": idea_ids},
             facilitator_id)
    return curated


def edit_curated_idea(db: Database, idea_id: int, text: str, facilitator_id: int | None) -> None:
    """Correct a curated idea's text (a submitted text is never changed here); logged."""
    row = submission(db, idea_id)
    with writing(db):
        db["submissions"].update(idea_id, {"text": text})
        _log(db, row["session_id"], "idea_edited", {"question": row["question_id"], "idea": idea_id},
             facilitator_id)


def undo_merge(db: Database, idea_id: int, facilitator_id: int | None) -> list[int]:
    """Take a curated idea apart: the ideas it took are ideas again, it is kept as 'undone'; logged."""
    row = submission(db, idea_id)
    with writing(db):
        freed = [r[0] for r in db.execute("select id from submissions where merged_into = ? order by id",
                                          [idea_id]).fetchall()]
        db.execute("update submissions set merged_into = null where merged_into = ?", [idea_id])
        db["submissions"].update(idea_id, {"status": "undone"})
        _log(db, row["session_id"], "ideas_unmerged", {"question": row["question_id"], "idea": idea_id,
                                                       "ideas": freed}, facilitator_id)
    return freed


def set_ideas_phase(db: Database, session_id: int, question_id: str, ballot: list[dict] | None,
                    facilitator_id: int | None) -> None:
    """Open the vote on a frozen list of ideas (the question opens too), or with None collect again; logged."""
    with writing(db):
        if ballot is None:
            _upsert_question_state(db, session_id, question_id, {"phase": None, "ballot": None})
            _log(db, session_id, "ideas_collecting", {"question": question_id}, facilitator_id)
            return
        _upsert_question_state(db, session_id, question_id, {
            "phase": "vote", "ballot": json.dumps(ballot, ensure_ascii=False), "status": "open",
            "opened_at": now(), "closes_at": None})
        _log(db, session_id, "ideas_vote_opened", {"question": question_id, "ideas": [i["id"] for i in ballot]},
             facilitator_id)


# Notes -------------------------------------------------------------------------------------------------


def add_note(db: Database, session_id: int, slide: int, question_id: str | None, text: str, author: str) -> dict:
    """Store a time-stamped note on the slide that is showing."""
    with writing(db):
        note_id = db["notes"].insert(
            {"session_id": session_id, "slide": slide, "question_id": question_id, "text": text,
             "author": author, "created_at": now()}
        ).last_pk
    return next(db["notes"].rows_where("id = ?", [note_id]))


def notes(db: Database, session_id: int) -> list[dict]:
    """A session's notes, oldest first."""
    return list(db["notes"].rows_where("session_id = ?", [session_id], order_by="id"))


# Coding: codebooks, codes and each coder's codings (workshop/coding/) ---------------------------------


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
# Deck changes ------------------------------------------------------------------------------------------


def record_deck_change(db: Database, deck: str, action: str, text: str, facilitator_id: int | None,
                       author: str) -> None:
    """Note who created, edited or imported a deck, with the text it has now."""
    with writing(db):
        db["deck_changes"].insert({"deck": deck, "action": action, "facilitator_id": facilitator_id,
                                   "author": author, "at": now(), "text": text})


def deck_changes(db: Database, deck: str, limit: int = 20) -> list[dict]:
    """A deck's recorded changes, newest first."""
    return list(db.query("select * from deck_changes where deck = ? order by id desc limit ?", [deck, limit]))


def deck_change(db: Database, deck: str, change_id: int) -> dict | None:
    """One recorded change of a deck, with its text, or None."""
    return _one(db, "select * from deck_changes where deck = ? and id = ?", [deck, change_id])


def last_deck_changes(db: Database) -> dict[str, dict]:
    """Each deck's most recent change (deck name -> its row without the text)."""
    rows = db.query("select id, deck, action, author, at from deck_changes where id in "
                    "(select max(id) from deck_changes group by deck)")
    return {row["deck"]: row for row in rows}


# Deleting and backing up ------------------------------------------------------------------------------


def delete_session(db: Database, session_id: int, facilitator_id: int | None = None) -> None:
    """Hard-delete a session and everything tied to it, then squeeze the freed pages out of the file.

    What is left is a tombstone in the actions log: which code was deleted, when and by whom, nothing else.
    """
    row = session_by_id(db, session_id)
    with writing(db):
        if row is not None:
            log_action(db, "session_deleted", {"code": row["code"]}, facilitator_id, row.get("study_id"))
        db.execute("delete from submission_votes where submission_id in "
                   "(select id from submissions where session_id = ?)", [session_id])
        # Codings name their texts "s<session>:...": a deleted session's texts leave every codebook.
        for table in ("codings", "coded_texts"):
            db.execute(f"delete from {table} where text_key like ?", [f"s{session_id}:%"])
        db.execute("delete from codebook_sessions where session_id = ?", [session_id])
        for table in ("session_members", "submissions", "responses", "question_states", "notes", "events", "participants"):
            db.execute(f"delete from {table} where session_id = ?", [session_id])
        db.execute("delete from sessions where id = ?", [session_id])
    # secure_delete (db.py) zeroes the freed pages; the checkpoint moves them out of the WAL, VACUUM
    # rebuilds the file so nothing of the session is left in it.
    db.execute("pragma wal_checkpoint(truncate)")
    db.vacuum()
    db.execute("pragma wal_checkpoint(truncate)")


def backup(db: Database, path: str) -> None:
    """Copy the database with SQLite's online backup API (safe while the server writes)."""
    import sqlite3

    target = sqlite3.connect(path)
    try:
        db.conn.backup(target)
    finally:
        target.close()


# Studies -----------------------------------------------------------------------------------------------


# Who may open a study (st): any admin, its owner, the colleagues it is shared with.
_MAY_SEE_STUDY = """(
    (select is_admin from facilitators where id = :me) = 1 or st.created_by = :me
    or exists (select 1 from study_members m where m.study_id = st.id and m.facilitator_id = :me)
)"""


def create_study(db: Database, name: str, description: str | None, facilitator_id: int | None) -> dict:
    """Store a new study; raise ValueError when the name is taken. Logged."""
    if study_by_name(db, name):
        raise ValueError(name)
    with writing(db):
        study_id = db["studies"].insert({"name": name, "description": description, "created_by": facilitator_id,
                                         "created_at": now()}).last_pk
        log_action(db, "study_created", {"name": name}, facilitator_id, study_id)
    return study_by_id(db, study_id)


def study_by_id(db: Database, study_id: int) -> dict | None:
    """The study with this id, or None."""
    return _one(db, "select * from studies where id = ?", [study_id])


def study_by_name(db: Database, name: str) -> dict | None:
    """The study with this name, or None."""
    return _one(db, "select * from studies where name = ?", [name])


def list_studies(db: Database, facilitator_id: int | None = None) -> list[dict]:
    """All studies (or those this facilitator may see), by name, with their number of sessions."""
    mine = f"where {_MAY_SEE_STUDY}" if facilitator_id is not None else ""
    return list(db.query(
        f"""
        select st.*, (select count(*) from sessions s where s.study_id = st.id) as sessions,
               (select name from facilitators f where f.id = st.created_by) as owner
        from studies st {mine} order by st.name
        """,
        {"me": facilitator_id},
    ))


def may_see_study(db: Database, facilitator_id: int, study_id: int) -> bool:
    """Whether a facilitator may open a study, run and export its sessions and share it."""
    return db.execute(f"select 1 from studies st where st.id = :id and {_MAY_SEE_STUDY}",
                      {"id": study_id, "me": facilitator_id}).fetchone() is not None


def set_session_study(db: Database, session_id: int, study_id: int | None, facilitator_id: int | None) -> None:
    """Put a session in a study (None: in none); logged in the session's log."""
    with writing(db):
        db["sessions"].update(session_id, {"study_id": study_id})
        _log(db, session_id, "study_set", {"study": study_id}, facilitator_id)


def study_members(db: Database, study_id: int) -> list[dict]:
    """The colleagues a study is shared with, by name."""
    return list(db.query(
        "select f.id, f.name, m.added_at from study_members m join facilitators f on f.id = m.facilitator_id "
        "where m.study_id = ? order by f.name", [study_id]))


def share_study(db: Database, study_id: int, member_id: int, facilitator_id: int | None) -> None:
    """Share a study with a colleague (again: nothing changes); logged."""
    with writing(db):
        added = db.execute(
            "insert into study_members (study_id, facilitator_id, added_by, added_at) values (?, ?, ?, ?) "
            "on conflict do nothing", [study_id, member_id, facilitator_id, now()]).rowcount
        if added:
            log_action(db, "study_shared", {"with": member_id}, facilitator_id, study_id)


def unshare_study(db: Database, study_id: int, member_id: int, facilitator_id: int | None) -> None:
    """Stop sharing a study with a colleague; logged."""
    with writing(db):
        removed = db.execute("delete from study_members where study_id = ? and facilitator_id = ?",
                             [study_id, member_id]).rowcount
        if removed:
            log_action(db, "study_unshared", {"with": member_id}, facilitator_id, study_id)


# Events ------------------------------------------------------------------------------------------------


def log_event(db: Database, session_id: int, type: str, data: dict | None, facilitator_id: int | None) -> None:
    """Log a facilitator's action on a session (one that changes nothing else, e.g. a download)."""
    with writing(db):
        _log(db, session_id, type, data, facilitator_id)


def log_action(db: Database, type: str, data: dict | None, facilitator_id: int | None,
               study_id: int | None = None) -> None:
    """Log a facilitator's action outside one session: a login, a failed one, a study shared, a deletion."""
    with writing(db):
        db["actions"].insert({"at": now(), "type": type, "data": json.dumps(data, ensure_ascii=False) if data
                              else None, "facilitator_id": facilitator_id, "study_id": study_id})


def actions(db: Database, study_id: int | None = None, limit: int = 500) -> list[dict]:
    """The latest actions outside sessions (of one study, or all), newest first, with the facilitator's name."""
    where = "where a.study_id = :study" if study_id is not None else ""
    return [
        {**row, "data": json.loads(row["data"]) if row["data"] else None}
        for row in db.query(
            f"select a.*, f.name as facilitator from actions a left join facilitators f on f.id = a.facilitator_id "
            f"{where} order by a.id desc limit :limit", {"study": study_id, "limit": limit})
    ]


def session_log(db: Database, session_id: int) -> list[dict]:
    """A session's event log, oldest first, with the facilitator's name and the data decoded."""
    return [
        {**row, "data": json.loads(row["data"]) if row["data"] else None}
        for row in db.query(
            "select e.id, e.at, e.type, e.data, e.facilitator_id, f.name as facilitator from events e "
            "left join facilitators f on f.id = e.facilitator_id where e.session_id = ? order by e.id",
            [session_id])
    ]


def events(db: Database, session_id: int) -> list[dict]:
    """A session's event log, oldest first, with data decoded."""
    return [
        {**row, "data": json.loads(row["data"]) if row["data"] else None}
        for row in db["events"].rows_where("session_id = ?", [session_id], order_by="id")
    ]


def _log(db: Database, session_id: int, type: str, data: dict | None, facilitator_id: int | None) -> None:
    db["events"].insert(
        {"session_id": session_id, "at": now(), "type": type, "data": json.dumps(data) if data else None,
         "facilitator_id": facilitator_id}
    )


# Exports -----------------------------------------------------------------------------------------------


def export_participants(db: Database, session_id: int) -> list[dict]:
    """A session's participants in join order, with the profile decoded (never the token hash)."""
    return [
        {**row, "profile": json.loads(row["profile"]) if row["profile"] else {}}
        for row in db.query(
            "select id, profile, joined_at, consented_at from participants where session_id = ? order by id",
            [session_id],
        )
    ]


def export_responses(db: Database, session_id: int) -> list[dict]:
    """Every answer in a session, every round (held ones too, with their review), value decoded, in answer
    order."""
    return [
        {**row, "value": json.loads(row["value"])}
        for row in db.query(
            "select participant_id, question_id, round, value, review, updated_at from responses "
            "where session_id = ? order by id",
            [session_id],
        )
    ]


def export_submissions(db: Database, session_id: int) -> list[dict]:
    """Every text participants put on a board in a session, any status, oldest first."""
    return list(db.query(
        "select id, question_id, participant_id, text, status, merged_into, created_at from submissions "
        "where session_id = ? and participant_id is not null order by id",
        [session_id],
    ))


def export_votes(db: Database, session_id: int) -> list[dict]:
    """Every vote on an approved submission in a session, with the submission's question and text."""
    return list(db.query(
        """
        select s.id as submission_id, s.question_id, s.text, v.participant_id, v.vote, v.updated_at
        from submission_votes v join submissions s on s.id = v.submission_id
        where s.session_id = ? and s.status = 'approved' order by s.id, v.participant_id
        """,
        [session_id],
    ))
