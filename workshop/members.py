"""A session shared with other facilitator accounts: co-facilitators and note-takers. No Flask here.

A co-facilitator runs the session as its owner does (projector, control view, moderation, notes, ending it,
exports); a note-taker (role `notes`) sees it on the dashboard and writes notes, nothing else. Those
responsible for the session (its owner, an admin, its study's people: store._RESPONSIBLE) share it, and
only they: a co-facilitator cannot share it further, move it to a study or delete it. Every share and
unshare is in the session's log; an unshared member's open sockets lose the session (live/logins.py).
"""

from __future__ import annotations

from sqlite_utils import Database

from . import store
from .i18n_marker import N_, Message

# The roles as stored and typed (`workshop session share --role`).
ROLES = ("cofacilitator", "notes")


class MemberError(Message, ValueError):
    """A session could not be shared or unshared; the message says why (a Dutch template and its values)."""


def share(db: Database, session: dict, name: str, role: str, facilitator_id: int | None) -> dict:
    """Share a session with a facilitator by name as co-facilitator or note-taker; their account row."""
    if role not in ROLES:
        raise MemberError(N_("een rol is 'cofacilitator' of 'notes'"))
    row = store.facilitator_by_name(db, (name or "").strip())
    if row is None:
        raise MemberError(N_("geen begeleider met de naam '{name}'"), name=(name or "").strip())
    if row["id"] == session.get("created_by"):
        raise MemberError(N_("{name} is de eigenaar van deze sessie"), name=row["name"])
    store.share_session(db, session["id"], row["id"], role, facilitator_id)
    return row


def unshare(db: Database, session: dict, name_or_id: str | int, facilitator_id: int | None) -> dict:
    """Stop sharing a session with a facilitator (by name, or by id from a form); their account row."""
    row = (store.facilitator_by_id(db, name_or_id) if isinstance(name_or_id, int)
           else store.facilitator_by_name(db, (name_or_id or "").strip()))
    if row is None or not store.unshare_session(db, session["id"], row["id"], facilitator_id):
        raise MemberError(N_("de sessie is niet gedeeld met '{name}'"),
                          name=row["name"] if row else str(name_or_id).strip())
    return row
