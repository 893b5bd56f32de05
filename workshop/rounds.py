"""Rounds: a question asked again after the discussion (Delphi), and its rounds set side by side. No Flask.

Every answer belongs to a round of its question (store/responses.py); a question's state holds the round it is in now,
and every screen and aggregate counts that round unless a round is named. A new round starts empty and never
touches the answers of earlier ones. This module says when a question may be asked again and compares the
aggregates of its rounds, per option or item, by the measure its kind names (`Interaction.round_rows`).
"""

from __future__ import annotations

from typing import Any

from .i18n_marker import N_, Message
from .interactions import Question, kind_of
from .numbers import round_half_up

# Round 2, sometimes 3: Delphi panels rarely need more, and every round is a bar per option on the projector.
MAX_ROUNDS = 5

# What a comparison's values are (the kind chooses), each with its decimals:
#   percent: share of the round's respondents who chose the option (choice)
#   upper:   share of an item's raters who gave a point above the scale's middle, 4-5 of 1-5 (scale)
#   points:  share of all points given in the round (points)
#   score:   Borda points as a share of the most an item could get, 100 = everyone put it first (ranking)
#   mean:    the mean in the scale's own points (grid)
BASES = {"percent": 1, "upper": 1, "points": 1, "score": 1, "mean": 2}

# What the values are, as the summary deck writes it under a round chart (exports are Dutch).
BASIS_TEXT = {
    "percent": "aandeel van wie antwoordde (%)",
    "upper": "aandeel dat boven het midden van de schaal koos (%)",
    "points": "aandeel van alle gegeven punten (%)",
    "score": "score van 0 tot 100 (100 = iedereen zette het bovenaan)",
    "mean": "gemiddelde op de schaal",
}

NOT_FOR_KIND = N_("Deze vraag kan niet opnieuw gevraagd worden: bij een stellingenbord, vragen uit de zaal of "
                  "ideeën stemt de zaal op ingediende teksten, die bij geen ronde horen.")
NOT_OPENED = N_("Open de vraag eerst: een nieuwe ronde volgt op een eerdere.")
TOO_MANY = N_("Een vraag heeft hoogstens {max} rondes.")
# A deck's 'again:' slide for round 3 while the question is in round 1 (its round-2 slide was skipped): rounds
# are counted as asked, so opening it would start round 2 under a slide that says round 3.
SKIPPED = N_("Deze dia vraagt ronde {planned}, maar de vraag is nog in ronde {round}. Vraag hem eerst opnieuw "
             "als ronde {next}; daarna opent deze dia ronde {planned}.")


class RoundError(Message, ValueError):
    """A new round was refused; the message says why (a Dutch template and its values)."""


def check_new_round(question: Question, state: dict, planned: int | None = None) -> None:
    """Raise RoundError when a question cannot be asked again now (its kind, never opened, too many rounds,
    or a `planned` round (a deck's 'again:' slide) that is not the next one)."""
    if not kind_of(question).rounds:
        raise RoundError(NOT_FOR_KIND)
    if state["status"] == "pending":
        raise RoundError(NOT_OPENED)
    current = state.get("round") or 1
    if current >= MAX_ROUNDS:
        raise RoundError(TOO_MANY, max=MAX_ROUNDS)
    if planned is not None and planned != current + 1:
        raise RoundError(SKIPPED, planned=planned, round=current, next=current + 1)


def compare(question: Question, results: list[tuple[int, dict[str, Any]]]) -> dict[str, Any] | None:
    """The rounds of a question side by side: per option or item the value of every round and the shift from
    the round before the last to the last (in percentage points, or in scale points for a mean).

    `results` are (round, aggregate cleared by the k rule) oldest first. A withheld round (fewer than k
    answered in it) has no values. None when the kind shows each round on its own (texts, words).
    """
    kind = kind_of(question)
    basis, scale, rounds, tables, labels = None, (0, 100), [], [], []
    for number, result in results:
        found = kind.round_rows(question, result)
        if found is None:
            return None
        basis, rows, *rest = found
        scale = rest[0] if rest else scale
        labels = [label for label, _ in rows]
        withheld = bool(result.get("withheld"))
        rounds.append({"round": number, "n": result["n"], "withheld": withheld,
                       "k": result.get("k") if withheld else None})
        tables.append({} if withheld else dict(rows))
    digits = BASES[basis]
    compared = []
    for label in labels:
        exact = [table.get(label) for table in tables]
        before, last = (exact[-2], exact[-1]) if len(exact) >= 2 else (None, None)
        # from the unrounded values, as a reader recomputing it from the data export gets it
        shift = round_half_up(last - before, digits) if before is not None and last is not None else None
        compared.append({"label": label, "values": [None if v is None else round_half_up(v, digits) for v in exact],
                         "shift": shift})
    return {"basis": basis, "digits": digits, "range": list(scale), "rounds": rounds, "rows": compared}


def shift_text(comparison: dict[str, Any], shift: float | None) -> str:
    """A shift as a deck writes it beside its option: '+16,7 pp', '−0,40' (a mean), '' when there is none."""
    if shift is None:
        return ""
    digits = comparison["digits"]
    sign = "+" if shift > 0 else "−" if shift < 0 else "±"
    number = f"{abs(shift):.{digits}f}".replace(".", ",")
    return f"{sign}{number}{'' if comparison['basis'] == 'mean' else ' pp'}"
