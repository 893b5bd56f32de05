"""`qa`: participants ask questions and upvote others'; the facilitator marks them answered or hides them."""

from __future__ import annotations

from typing import Any

from ..i18n_marker import N_
from .base import MODERATION, Chart, Question, SpecError, SubmissionKind, register, whole_number


@register
class QA(SubmissionKind):
    name = "qa"
    description = N_("vragen uit de zaal, waar iedereen voor kan stemmen")
    settings = ("moderation", "max_length", "per_participant")
    votes = ("up",)
    aggregates = False  # each question is shown as asked; upvote counts are public in the room

    def people(self, rows: list[dict], voters: set[int]) -> int:
        """A Q&A's n: the people who asked or upvoted."""
        return len(voters | {row["participant_id"] for row in rows if row.get("participant_id")})

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        moderation = spec.get("moderation", "post")
        if moderation not in ("pre", "post"):
            raise SpecError(MODERATION, "moderation")
        return {
            "submit": True,
            "moderation": moderation,
            "max_length": whole_number(spec, "max_length", default=300, low=20, high=1000),
            "per_participant": whole_number(spec, "per_participant", default=5, low=1, high=50),
        }

    def phone_items(self, question: Question, rows: list[dict]) -> list[dict[str, Any]]:
        # Upvote counts are public in a Q&A, as on the projector: it is how the room sets the order.
        return [{"id": q["id"], "text": q["text"], "votes": q["votes"], "answered": q["answered"]}
                for q in self.aggregate(question, rows)["questions"]]

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        questions = sorted(
            ({"id": row["id"], "text": row["text"], "votes": row.get("up", 0) or 0,
              "answered": bool(row.get("answered"))} for row in values),
            key=lambda q: (q["answered"], -q["votes"], q["id"]),
        )
        askers = len({row["participant_id"] for row in values if row.get("participant_id")})
        return {
            "n": askers,
            "questions": questions,
            "answers": [f"{q['text']} ({q['votes']} stemmen{', beantwoord' if q['answered'] else ''})"
                        for q in questions],
        }

    def chart(self, question: Question, result: dict[str, Any]) -> Chart | None:
        return None
