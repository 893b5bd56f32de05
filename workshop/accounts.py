"""Facilitator accounts: passwords hashed with scrypt, the first admin account. No Flask here."""

from __future__ import annotations

import re
import secrets

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from . import store

NAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
# Checked against when a name is unknown, so a login takes as long whether or not the name exists.
_DUMMY_HASH = generate_password_hash("not a password", method="scrypt")


class AccountError(ValueError):
    """An account could not be made; the message says why."""


def add(db: Database, name: str, password: str, is_admin: bool = False) -> int:
    """Create a facilitator account (an admin may act on every session)."""
    if not NAME.match(name):
        raise AccountError("a name is 2-64 letters, digits or . _ @ -")
    try:
        facilitator_id = store.add_facilitator(db, name, _checked_password(password), is_admin)
    except ValueError as error:
        raise AccountError(str(error)) from None
    store.log_action(db, "account_added", {"name": name, "admin": is_admin}, None)
    return facilitator_id


def _checked_password(password: str) -> str:
    if len(password) < 10:
        raise AccountError("a password needs at least 10 characters")
    return generate_password_hash(password, method="scrypt")


def named(db: Database, name: str) -> dict:
    """The account with this name, or AccountError."""
    row = store.facilitator_by_name(db, name)
    if row is None:
        raise AccountError(f"no facilitator named '{name}'")
    return row


def change_password(db: Database, name: str, password: str) -> None:
    """Give an account a new password; every login of that account ends (cookies and sockets)."""
    store.set_password(db, named(db, name)["id"], _checked_password(password))
    store.log_action(db, "password_changed", {"name": name}, None)


def remove(db: Database, name: str, heir: str | None = None) -> int:
    """Delete an account, ending its logins; its sessions go to `heir` (required when it has any).

    Returns how many sessions were handed over.
    """
    row = named(db, name)
    heir_row = named(db, heir) if heir else None
    if heir_row and heir_row["id"] == row["id"]:
        raise AccountError("a facilitator cannot hand their sessions to themselves")
    if row["is_admin"] and not any(f["is_admin"] for f in store.facilitators(db) if f["id"] != row["id"]):
        raise AccountError(f"'{name}' is the last admin: make another one first (workshop user add NAME --admin)")
    owned = store.count_sessions_of(db, row["id"])
    if owned and heir_row is None:
        raise AccountError(f"'{name}' owns {owned} session(s): say who takes them over (--sessions-to NAME)")
    moved = store.remove_facilitator(db, row["id"], heir_row["id"] if heir_row else None)
    store.log_action(db, "account_removed", {"name": name, "sessions_to": heir, "sessions": moved}, None)
    return moved


def check(db: Database, name: str, password: str) -> dict | None:
    """The facilitator whose name and password these are, or None."""
    row = store.facilitator_by_name(db, name)
    if row is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return row if check_password_hash(row["password_hash"], password) else None


def new_password() -> str:
    """A random password that is easy to type from a console."""
    return secrets.token_urlsafe(12)


def ensure_admin(db: Database, password: str | None = None) -> str | None:
    """Create user `admin` when no facilitator exists; return the password if one was generated."""
    if store.count_facilitators(db):
        return None
    generated = None if password else new_password()
    add(db, "admin", password or generated, is_admin=True)
    return generated


def may_act(db: Database, facilitator_id: int, session: dict) -> bool:
    """Whether a facilitator may run or read a session: starter, admin, study colleague, co-facilitator
    (store._MAY_ACT); a note-taker may not."""
    return store.may_act_on_session(db, facilitator_id, session["id"])
