"""`ranking`: put every item in order of importance; results as mean rank and Borda score."""

from __future__ import annotations

from typing import Any

from ..i18n_marker import N_
from .base import Chart, InvalidAnswer, MeanPerItem, Question, decimal_comma, mean, option_labels, register

MAX_ITEMS = 10


@register
class Ranking(MeanPerItem):
    name = "ranking"
    description = N_("alle onderdelen op volgorde; gemiddelde plaats en Borda-score per onderdeel")
    settings = ("items",)

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        items = option_labels(spec, "items", minimum=3, maximum=MAX_ITEMS)
        return {"items": items}

    def validate(self, question: Question, value: Any) -> list[int]:
        """An answer is the whole order as item indexes, most important first."""
        count = len(question.settings["items"])
        if not isinstance(value, list):
            raise InvalidAnswer(N_("Zet alle {count} onderdelen op volgorde."), count=count)
        if any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < count for v in value):
            raise InvalidAnswer(N_("Dit antwoord hoort niet bij de vraag."))
        if len(set(value)) != len(value):
            raise InvalidAnswer(N_("Elk onderdeel mag maar één keer in de volgorde staan."))
        if len(value) != count:
            raise InvalidAnswer(N_("Zet alle {count} onderdelen op volgorde."), count=count)
        return list(value)

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        labels = question.settings["items"]
        count, n = len(labels), len(values)
        rank_sums, borda, first = [0] * count, [0] * count, [0] * count
        for order in values:
            for position, index in enumerate(order):
                rank_sums[index] += position + 1
                borda[index] += count - 1 - position
            first[order[0]] += 1
        items = [
            {
                "label": label,
                "index": index,
                "mean_rank": mean(rank_sums[index], n, 2),
                "borda": borda[index],
                "borda_mean": mean(borda[index], n, 2),
                "first": first[index],
            }
            for index, label in enumerate(labels)
        ]
        # Equal Borda totals mean equal mean ranks; more first places then decides, then deck order.
        items.sort(key=lambda item: (-item["borda"], -item["first"], item["index"]))
        return {"n": n, "items": items}

    def round_rows(self, question: Question, result: dict[str, Any]):
        """Each item's Borda points as a share of the most it could get (100: everyone put it first), in
        deck order."""
        top = result["n"] * (len(result["items"]) - 1)
        items = sorted(result["items"], key=lambda item: item["index"])
        return "score", [(item["label"], 100 * item["borda"] / top if top else None) for item in items]

    def details(self, question: Question) -> str:
        return f"items in this order; every answer places all {len(question.settings['items'])}"

    def chart(self, question: Question, result: dict[str, Any]) -> Chart:
        items = result["items"]
        notes = [f"gem. plaats {decimal_comma(item['mean_rank'])}" for item in items] if result["n"] else None
        return Chart(
            type="bar",
            categories=[item["label"] for item in items],
            series=[("Bordapunten", [item["borda"] for item in items])],
            number_format="0",
            notes=notes,
        )

    unit = N_("gemiddelde plaats (1 = belangrijkst)")
    compared_mean = "mean_rank"

    def finding(self, question: Question, result: dict[str, Any]) -> str:
        ranked = [i for i in result["items"] if i["mean_rank"] is not None]
        if not ranked:
            return ""
        top = min(ranked, key=lambda i: i["mean_rank"])
        return f"Bovenaan: {top['label']} (gemiddelde plaats {decimal_comma(top['mean_rank'])})"
