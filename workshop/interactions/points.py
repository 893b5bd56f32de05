"""`points`: divide a fixed budget of points (100 by default) over the items."""

from __future__ import annotations

from typing import Any

from ..i18n_marker import N_
from .base import (
    Chart,
    InvalidAnswer,
    MeanPerItem,
    Question,
    decimal_comma,
    mean,
    option_labels,
    register,
    whole_number,
)

MAX_ITEMS = 10


@register
class Points(MeanPerItem):
    name = "points"
    description = N_("een budget aan punten, verdeeld over de onderdelen")
    settings = ("items", "total")

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        items = option_labels(spec, "items", minimum=2, maximum=MAX_ITEMS)
        return {"items": items, "total": whole_number(spec, "total", default=100, low=10, high=1000)}

    def validate(self, question: Question, value: Any) -> list[int]:
        """An answer is the points per item, in item order, adding up to exactly the total."""
        count, total = len(question.settings["items"]), question.settings["total"]
        if not isinstance(value, list) or len(value) != count:
            raise InvalidAnswer(N_("Verdeel de punten over alle {count} onderdelen."), count=count)
        if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in value):
            raise InvalidAnswer(N_("Punten zijn hele getallen van 0 of meer."))
        given = sum(value)
        if given != total:
            raise InvalidAnswer(N_("Je hebt {given} van de {total} punten verdeeld."), given=given, total=total)
        return list(value)

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        n = len(values)
        items = []
        for index, label in enumerate(question.settings["items"]):
            given = sum(answer[index] for answer in values)
            items.append({"label": label, "mean": mean(given, n, 1), "sum": given})
        return {"n": n, "total": question.settings["total"], "items": items}

    def round_rows(self, question: Question, result: dict[str, Any]):
        """Each item's share of all points given in the round."""
        given = result["n"] * result["total"]
        return "points", [(item["label"], 100 * item["sum"] / given if given else None) for item in result["items"]]

    def details(self, question: Question) -> str:
        return f"items in this order; every answer gives out exactly {question.settings['total']} points"

    def chart(self, question: Question, result: dict[str, Any]) -> Chart:
        return Chart(
            type="bar",
            categories=[item["label"] for item in result["items"]],
            series=[("Gemiddeld aantal punten", [item["mean"] for item in result["items"]])],
            number_format="0.0",
        )

    unit = N_("gemiddeld aantal punten")

    def finding(self, question: Question, result: dict[str, Any]) -> str:
        scored = [i for i in result["items"] if i["mean"] is not None]
        if not scored:
            return ""
        top = max(scored, key=lambda i: i["mean"])
        return f"Meeste punten: {top['label']} (gemiddeld {decimal_comma(top['mean'])} van {result['total']})"
