"""Sessions: starting, finding, ending and editing them, and who may run, manage or take notes in one."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from .facilitators import facilitator_by_id
from .shared import _log, _one, now, writing


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
