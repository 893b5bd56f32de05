"""`open`: short free-text answers, a few per participant."""

from __future__ import annotations

from typing import Any

from ..i18n_marker import N_
from .base import Chart, Interaction, InvalidAnswer, Question, clean_text, register, whole_number

SCREEN_ANSWERS = 40  # texts a projector shows at once; more are in the exports


@register
class Open(Interaction):
    name = "open"
    description = N_("korte antwoorden in eigen woorden, een paar per deelnemer")
    settings = ("answers", "max_length")
    aggregates = False  # texts as written, each checked by the privacy guard; none is counted

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        return {
            "answers": whole_number(spec, "answers", default=1, low=1, high=10),
            "max_length": whole_number(spec, "max_length", default=280, low=10, high=2000),
        }

    def validate(self, question: Question, value: Any) -> list[str]:
        """An answer is the participant's whole list of texts; sending it again replaces the list."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise InvalidAnswer(N_("Antwoord moet tekst zijn."))
        limit = question.settings["answers"]
        texts = [t for t in (clean_text(v, question.settings["max_length"]) for v in value) if t]
        if not texts:
            raise InvalidAnswer(N_("Schrijf eerst een antwoord."))
        if len(texts) > limit:
            raise InvalidAnswer(N_("Je kunt hoogstens {limit} antwoorden geven."), limit=limit)
        return texts

    def free_text(self, question: Question, value: list[str]) -> list[str]:
        return value

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        answers = [text for texts in values for text in texts]
        return {"n": len(values), "count": len(answers), "answers": answers}

    def on_screen(self, question: Question, result: dict[str, Any]) -> dict[str, Any]:
        """The latest SCREEN_ANSWERS texts; `earlier` says how many more there are."""
        answers = result["answers"]
        if len(answers) <= SCREEN_ANSWERS:
            return result
        return {**result, "answers": answers[-SCREEN_ANSWERS:], "earlier": len(answers) - SCREEN_ANSWERS}

    def chart(self, question: Question, result: dict[str, Any]) -> Chart | None:
        return None
