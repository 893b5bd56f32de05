"""`roles`: "wie zorgt voor wat" - for each task or situation, which party takes care of it."""

from __future__ import annotations

from typing import Any

from ..i18n_marker import N_
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
    hide_small_parts,
    option_labels,
    percent,
    register,
    share,
)

DEFAULT_COLUMNS = ["Politie", "Zorg", "Gemeente", "Samen", "Niemand"]
MAX_ROWS, MAX_COLUMNS = 15, 8


def _is_index(value: Any, count: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < count


@register
class Roles(Interaction):
    name = "roles"
    description = N_("per taak de partij (of partijen) die ervoor zorgt")
    settings = ("rows", "columns", "multiple", "max")

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        rows = option_labels(spec, "rows", minimum=2, maximum=MAX_ROWS)
        columns = (option_labels(spec, "columns", minimum=2, maximum=MAX_COLUMNS) if "columns" in spec
                   else list(DEFAULT_COLUMNS))
        multiple = spec.get("multiple", False)
        if not isinstance(multiple, bool):
            raise SpecError(TRUE_OR_FALSE, "multiple")
        if "max" in spec and not multiple:
            raise SpecError(MAX_ONLY_WITH_MULTIPLE, "max")
        maximum = spec.get("max", len(columns)) if multiple else 1
        if isinstance(maximum, bool) or not isinstance(maximum, int) or not 1 <= maximum <= len(columns):
            raise SpecError(MAX_CHOICES, "max", count=len(columns))
        return {"rows": rows, "columns": columns, "multiple": multiple, "max": maximum}

    def validate(self, question: Question, value: Any) -> list[Any]:
        """An answer has one entry per row: a column index, or with `multiple` a list of them.

        Every row must be answered; an entry of None (or an empty list) counts as a row left open.
        """
        s = question.settings
        rows, count = s["rows"], len(s["columns"])
        if not isinstance(value, list) or len(value) != len(rows):
            raise InvalidAnswer(N_("Dit antwoord hoort niet bij de vraag."))
        answer: list[Any] = []
        for entry in value:
            if s["multiple"]:
                if _is_index(entry, count):
                    entry = [entry]
                if entry is None:
                    entry = []
                if not isinstance(entry, list) or not all(_is_index(i, count) for i in entry):
                    raise InvalidAnswer(N_("Dit antwoord hoort niet bij de vraag."))
                answer.append(sorted(set(entry)))
            else:
                if entry is not None and not _is_index(entry, count):
                    raise InvalidAnswer(N_("Dit antwoord hoort niet bij de vraag."))
                answer.append(entry)
        missing = sum(entry is None or entry == [] for entry in answer)
        if missing:
            raise InvalidAnswer(N_("Kies bij elke taak wie ervoor zorgt (nog {missing} open)."), missing=missing)
        if s["multiple"]:
            for label, chosen in zip(rows, answer):
                if len(chosen) > s["max"]:
                    if s["max"] == 1:
                        raise InvalidAnswer(N_('Kies bij "{label}" één partij.'), label=label)
                    raise InvalidAnswer(N_('Kies bij "{label}" hoogstens {max} partijen.'), label=label, max=s["max"])
        return answer

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        rows, columns = question.settings["rows"], question.settings["columns"]
        result_rows = []
        for index, label in enumerate(rows):
            counts = [0] * len(columns)
            answered = 0
            for answer in values:
                chosen = answer[index]
                chosen = [chosen] if isinstance(chosen, int) else chosen or []
                answered += bool(chosen)
                for column in chosen:
                    counts[column] += 1
            most = max(counts)
            result_rows.append(
                {
                    "label": label,
                    "n": answered,
                    "counts": counts,
                    # Of the row's respondents: with `multiple` a row's percentages add up to more than 100.
                    "percents": [percent(c, answered) for c in counts],
                    "top": [columns[i] for i, c in enumerate(counts) if most and c == most],
                }
            )
        return {"n": len(values), "columns": list(columns), "rows": result_rows}

    def withhold(self, question: Question, result: dict[str, Any], k: int) -> dict[str, Any]:
        """Fewer than k people in all: no result. A task fewer than k people answered keeps its n but shows
        no counts and no party named most."""
        result = super().withhold(question, result, k)
        if result.get("withheld"):
            return result
        columns = len(result["columns"])
        blank = {"counts": [0] * columns, "percents": [0] * columns, "top": []}
        return hide_small_parts(result, "rows", k, blank)

    def details(self, question: Question) -> str:
        return f"rows and parties in this order; parties: {'; '.join(question.settings['columns'])}"

    def chart(self, question: Question, result: dict[str, Any]) -> Chart:
        rows = result["rows"]
        series = [(column, [row["counts"][i] for row in rows]) for i, column in enumerate(result["columns"])]
        return Chart(
            type="stacked",
            categories=[row["label"] for row in rows],
            series=series,
            notes=[f"meest: {' / '.join(row['top'])}" if row["top"] else "" for row in rows],
        )

    unit = N_("procent dat de meest gekozen partij noemt")

    def measure(self, question: Question, reference: dict[str, Any]) -> Measure:
        return Measure([f"{row['label']}: {row['top'][0]}" if row["top"] else row["label"]
                        for row in reference["rows"]], PERCENT)

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]) -> list:
        """Per task, the share of the group naming the party the whole room named most."""
        rows = {row["label"]: row for row in result["rows"]}
        columns = list(reference["columns"])
        shown = []
        for row in reference["rows"]:
            mine = rows.get(row["label"])
            if not row["top"] or mine is None or not mine["n"]:
                shown.append(None)
            else:
                shown.append(fraction(mine["counts"][columns.index(row["top"][0])], mine["n"]))
        return shown

    def finding(self, question: Question, result: dict[str, Any]) -> str:
        clear = [r for r in result["rows"] if r["top"] and r["n"]]
        if not clear:
            return ""
        row = max(clear, key=lambda r: max(r["counts"]) / r["n"])
        return (f"Duidelijkst: {row['label']} — {' / '.join(row['top'])} "
                f"({share(max(row['counts']), row['n']):.0f}%)")
