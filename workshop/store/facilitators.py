"""Facilitator accounts: making, finding and removing them, passwords and login epochs."""

from __future__ import annotations

from sqlite_utils import Database

from .shared import _one, now, writing


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
