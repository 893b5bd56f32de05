"""Ideas, then votes: the facilitator curates the submitted ideas and opens the vote (curation.py).

Participants submit ideas with `submit` and vote with `respond`, as on boards and for every kind.
"""

from __future__ import annotations

from flask_login import current_user

from .. import curation
from ..db import get_db
from ..interactions import kind_of
from .core import FACILITATOR, Refused, broadcast_state, facilitated_question, handler, live, running, socketio


def ideas_question(data, optional: dict | None = None, **types: type):
    """A facilitator's request about an ideas question: (session row, checked payload, question)."""
    row, data, question = facilitated_question(data, optional, **types)
    if not kind_of(question).curates:
        raise Refused("unknown question")
    return row, data, question


def curated(step):
    """Run a curation step; its refusal goes back in the ack, its change to every screen."""
    try:
        done = step()
    except curation.CurationError as error:
        raise Refused.because(error) from None
    return done


@socketio.on("ideas_merge", namespace=FACILITATOR)
@handler
def facilitator_merge_ideas(data):
    """Merge ideas into one with the text given (one idea: correct its text); the ideas merged stay as sent."""
    row, data, question = ideas_question(data, ideas=list, text=str)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in data["ideas"]):
        raise Refused("ideas is a list of idea ids")
    idea_id = curated(lambda: curation.merge(get_db(), row["id"], question, data["ideas"], data["text"],
                                             current_user.id))
    return {"ok": True, "idea": idea_id, "state": broadcast_state(row)}


@socketio.on("ideas_undo", namespace=FACILITATOR)
@handler
def facilitator_undo_merge(data):
    """Undo a merge (or a correction): the ideas it took are on the list again."""
    row, data, question = ideas_question(data, idea=int)
    freed = curated(lambda: curation.undo(get_db(), row["id"], question, data["idea"], current_user.id))
    return {"ok": True, "ideas": freed, "state": broadcast_state(row)}


@socketio.on("ideas_phase", namespace=FACILITATOR)
@handler
def facilitator_ideas_phase(data):
    """Open the vote on the list as it is now ('vote'), or go back to collecting while nobody voted."""
    row, data, question = ideas_question(data, phase=str)
    if data["phase"] not in ("vote", "collect"):
        raise Refused("phase is 'vote' or 'collect'")
    if data["phase"] == "vote":
        running(row)  # opening the vote opens the question: not on an ended session
        curated(lambda: curation.open_vote(get_db(), row["id"], question, current_user.id))
    else:
        curated(lambda: curation.collect_again(get_db(), row["id"], question, current_user.id))
    live.mark_changed(row["id"])
    return {"ok": True, "state": broadcast_state(row)}
