"""Studies: grouping sessions, and who may open one."""

from __future__ import annotations

from sqlite_utils import Database

from .events import log_action
from .shared import _log, _one, now, writing

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
