"""`choice`: pick one option, or several up to a maximum."""

from __future__ import annotations

from typing import Any

from ..i18n_marker import N_
from ..markdown import image_problem
from .base import (
    MAX_CHOICES,
    MAX_ONLY_WITH_MULTIPLE,
    PERCENT,
    TRUE_OR_FALSE,
    Chart,
    Interaction,
    InvalidAnswer,
    Measure,
    Question,
    SpecError,
    fraction,
    option_labels,
    percent,
    register,
    share,
)

DESCRIPTION_LIMIT = 200  # characters of an option's description


@register
class Choice(Interaction):
    name = "choice"
    description = N_("één antwoord, of meerdere tot een maximum")
    settings = ("options", "multiple", "max")

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        raw = spec.get("options")
        details = None
        if isinstance(raw, list) and any(isinstance(option, dict) for option in raw):
            # Options may carry a short description or a picture: {label, description, image}.
            details = [self._details(option) for option in raw]
            spec = {**spec, "options": [o["label"] if isinstance(o, dict) else o for o in raw]}
        options = option_labels(spec, "options", minimum=2)
        multiple = spec.get("multiple", False)
        if not isinstance(multiple, bool):
            raise SpecError(TRUE_OR_FALSE, "multiple")
        if "max" in spec and not multiple:
            raise SpecError(MAX_ONLY_WITH_MULTIPLE, "max")
        maximum = spec.get("max", len(options)) if multiple else 1
        if isinstance(maximum, bool) or not isinstance(maximum, int) or not 1 <= maximum <= len(options):
            raise SpecError(MAX_CHOICES, "max", count=len(options))
        settings = {"options": options, "multiple": multiple, "max": maximum}
        if details and any(details):
            settings["details"] = details
        return settings

    @staticmethod
    def _details(option: Any) -> dict[str, str] | None:
        if not isinstance(option, dict):
            return None
        unknown = set(option) - {"label", "description", "image"}
        if unknown or "label" not in option:
            raise SpecError(N_("een optie met details is {form}"), "options",
                            form="{label, description, image}")
        details = {}
        for key in ("description", "image"):
            value = option.get(key)
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                raise SpecError(N_("de {setting} van een optie moet een tekst zijn"), "options", setting=key)
            details[key] = value.strip()
        problem = image_problem(details["image"]) if "image" in details else None
        if problem:
            raise SpecError(problem.template, "options", **problem.params)
        if len(details.get("description", "")) > DESCRIPTION_LIMIT:
            raise SpecError(N_("de description van een optie is hoogstens {limit} tekens"), "options",
                            limit=DESCRIPTION_LIMIT)
        return details or None

    def files(self, question: Question) -> list[str]:
        return [d["image"] for d in question.settings.get("details") or [] if d and d.get("image")]

    def validate(self, question: Question, value: Any) -> list[int]:
        """An answer is a list of option indexes (a single index is accepted for single choice)."""
        options = question.settings["options"]
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list) or not value:
            raise InvalidAnswer(N_("Kies een antwoord."))
        if any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < len(options) for v in value):
            raise InvalidAnswer(N_("Dit antwoord hoort niet bij de vraag."))
        chosen = sorted(set(value))
        if len(chosen) > question.settings["max"]:
            if question.settings["max"] == 1:
                raise InvalidAnswer(N_("Kies één antwoord."))
            raise InvalidAnswer(N_("Kies hoogstens {max} antwoorden."), max=question.settings["max"])
        return chosen

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        options = question.settings["options"]
        counts = [0] * len(options)
        for chosen in values:
            for index in chosen:
                counts[index] += 1
        n = len(values)
        return {
            "n": n,
            "options": [
                {"label": label, "count": count, "percent": percent(count, n)}
                for label, count in zip(options, counts)
            ],
        }

    def round_rows(self, question: Question, result: dict[str, Any]):
        """Each option's share of the round's respondents."""
        n = result["n"]
        return "percent", [(o["label"], 100 * o["count"] / n if n else None) for o in result["options"]]

    def details(self, question: Question) -> str:
        settings = question.settings
        return "options in this order; " + ("several may be chosen, at most " + str(settings["max"])
                                            if settings["multiple"] else "one may be chosen")

    def chart(self, question: Question, result: dict[str, Any]) -> Chart:
        return Chart(
            type="bar",
            categories=[o["label"] for o in result["options"]],
            series=[("Aantal", [o["count"] for o in result["options"]])],
        )

    unit = N_("procent van wie antwoordde")

    def measure(self, question: Question, reference: dict[str, Any]) -> Measure:
        return Measure([o["label"] for o in reference["options"]], PERCENT)

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]) -> list:
        counts = {o["label"]: o["count"] for o in result["options"]}
        return [fraction(counts.get(o["label"], 0), result.get("n") or 0) for o in reference["options"]]

    def finding(self, question: Question, result: dict[str, Any]) -> str:
        n = result.get("n") or 0
        if not n:
            return ""
        top = max(result["options"], key=lambda o: o["count"])
        return f"Meest gekozen: {top['label']} ({share(top['count'], n):.0f}% van {n})"

    def shares(self, question: Question, result: dict[str, Any]) -> list[tuple[str, int, int]]:
        return [(f"{option['label']} (gekozen bij: {question.text})", option["count"], result["n"])
                for option in result["options"]]
