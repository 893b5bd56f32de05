"""`statements`: a statement board. Seeded and participants' own statements; agree / disagree / pass on each."""

from __future__ import annotations

from typing import Any

from .. import consensus
from ..numbers import round_half_up
from ..i18n_marker import N_
from .base import (
    MODERATION,
    PERCENT,
    TRUE_OR_FALSE,
    Chart,
    Measure,
    Question,
    SpecError,
    SubmissionKind,
    fraction,
    register,
    whole_number,
)

VOTE_LABELS = {"agree": "Eens", "disagree": "Oneens", "pass": "Weet niet / n.v.t."}


@register
class Statements(SubmissionKind):
    name = "statements"
    description = N_("een stellingenbord: eens / oneens / weet niet, bij vooraf gegeven stellingen en die "
                     "van deelnemers")
    settings = ("statements", "submit", "moderation", "max_length", "per_participant")
    votes = ("agree", "disagree", "pass")
    seed_setting = "statements"

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        seeds = spec.get("statements", [])
        if not isinstance(seeds, list) or any(not isinstance(s, str) or not s.strip() for s in seeds):
            raise SpecError(N_("'{key}' moet een lijst teksten zijn"), "statements")
        if len(set(seeds)) != len(seeds):
            raise SpecError(N_("'{key}' noemt een stelling twee keer"), "statements")
        submit = spec.get("submit", True)
        if not isinstance(submit, bool):
            raise SpecError(TRUE_OR_FALSE, "submit")
        if not seeds and not submit:
            raise SpecError(N_("een bord heeft 'statements' nodig, of 'submit: true' zodat deelnemers ze "
                               "toevoegen"), "statements")
        moderation = spec.get("moderation", "pre")
        if moderation not in ("pre", "post"):
            raise SpecError(MODERATION, "moderation")
        return {
            "statements": [s.strip() for s in seeds],
            "submit": submit,
            "moderation": moderation,
            "max_length": whole_number(spec, "max_length", default=200, low=20, high=500),
            "per_participant": whole_number(spec, "per_participant", default=3, low=0, high=20),
        }

    def public(self, question: Question) -> dict[str, Any]:
        # Seeds reach phones as submissions (with ids to vote on), not as settings.
        public = question.to_dict()
        public["settings"] = {k: v for k, v in question.settings.items() if k != "statements"}
        return public

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        statements = []
        for row in values:
            counts = {vote: row.get(vote, 0) or 0 for vote in self.votes}
            total = sum(counts.values())
            statements.append(
                {"id": row["id"], "text": row["text"], "source": row["source"], "votes": total, **counts,
                 "agree_share": round_half_up(counts["agree"] / total, 3) if total else None}
            )
        # n is the board's voters; sessions.result_of sets it (people), this is a floor for a bare call
        voters = max((s["votes"] for s in statements), default=0)
        return {"n": voters, "statements": statements}

    def withhold(self, question: Question, result: dict[str, Any], k: int) -> dict[str, Any]:
        """A statement fewer than k people voted on is left out (its text is on the phones, not its votes)."""
        def shown(statement: dict) -> bool:
            return statement["votes"] == 0 or statement["votes"] >= k

        if all(shown(s) for s in result["statements"]) and (result["n"] >= k or result["n"] == 0):
            return result
        kept = [s for s in result["statements"] if shown(s)] if result["n"] >= k else []
        return {**result, "statements": kept, "withheld_statements": len(result["statements"]) - len(kept),
                "k": k, **({"withheld": True} if result["n"] < k else {})}

    def compare_groups(self, question: Question, groups: dict[str, dict[str, Any]], k: int = 5,
                       mixed: frozenset[str] = frozenset()) -> dict[str, Any] | None:
        """Where the groups agree and where they differ (consensus.py)."""
        by_statement: dict[int, dict[str, dict[str, int]]] = {}
        statements = {}
        for label, result in groups.items():
            for statement in result["statements"]:
                if statement.get("hidden"):
                    continue  # fewer than k of the group voted on it: the group does not count here
                statements[statement["id"]] = {"id": statement["id"], "text": statement["text"]}
                by_statement.setdefault(statement["id"], {})[label] = {v: statement[v] for v in self.votes}
        return consensus.summarise(list(statements.values()), by_statement, k, mixed=mixed)

    def chart(self, question: Question, result: dict[str, Any]) -> Chart | None:
        statements = result["statements"]
        if not statements:
            return None
        return Chart(
            type="stacked",
            categories=[s["text"] for s in statements],
            series=[(label, [s[vote] for s in statements]) for vote, label in VOTE_LABELS.items()],
            notes=[f"n = {s['votes']}" for s in statements],
        )

    unit = N_("procent eens, van wie over de stelling stemde")

    def measure(self, question: Question, reference: dict[str, Any]) -> Measure | None:
        texts = [s["text"] for s in reference["statements"]]
        return Measure(texts, PERCENT) if texts else None

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]) -> list:
        """Per statement, the group's share agreeing; None where it is hidden or nobody voted."""
        found = {s["text"]: s for s in result["statements"]}
        shown = []
        for statement in reference["statements"]:
            mine = found.get(statement["text"])
            hidden = mine is None or mine.get("hidden") or not mine["votes"]
            shown.append(None if hidden else fraction(mine["agree"], mine["votes"]))
        return shown

    def shares(self, question: Question, result: dict[str, Any]) -> list[tuple[str, int, int]]:
        return [(s["text"], s["agree"], s["votes"]) for s in result["statements"]]
