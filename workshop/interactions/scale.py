"""`scale`: one or more items rated on the same labelled scale, e.g. 1-5."""

from __future__ import annotations

from typing import Any

from ..i18n_marker import N_
from .base import (
    WHOLE_NUMBER,
    Chart,
    InvalidAnswer,
    MeanPerItem,
    Question,
    SpecError,
    decimal_comma,
    hide_small_parts,
    mean as base_mean,
    option_labels,
    percent,
    register,
)


@register
class Scale(MeanPerItem):
    name = "scale"
    description = N_("onderdelen beoordeeld op één schaal met labels (1-5, 1-7, 0-10)")
    settings = ("items", "min", "max", "labels", "dont_know")
    DONT_KNOW = "Weet niet / n.v.t."

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        if "items" in spec:
            items = option_labels(spec, "items", minimum=1)
        else:
            items = [spec["question"]]
        low, high = spec.get("min", 1), spec.get("max", 5)
        for key, bound in (("min", low), ("max", high)):
            if isinstance(bound, bool) or not isinstance(bound, int):
                raise SpecError(WHOLE_NUMBER, key)
        if not 0 <= low < high <= 10:
            raise SpecError(N_("de schaal moet oplopen binnen 0..10, niet {low}..{high}"), "max",
                            low=low, high=high)
        labels = spec.get("labels", {})
        if isinstance(labels, list):
            if len(labels) != 2:
                raise SpecError(N_("'labels' als lijst noemt de twee uiteinden: [laag, hoog]"), "labels")
            labels = {low: labels[0], high: labels[1]}
        if not isinstance(labels, dict):
            raise SpecError(N_("'labels' koppelt punten van de schaal aan teksten, bijvoorbeeld {example}"),
                            "labels", example="{1: oneens, 5: eens}")
        clean = {}
        for point, label in labels.items():
            if isinstance(point, bool) or not isinstance(point, int) or not low <= point <= high:
                raise SpecError(N_("label bij {point} is geen punt van de schaal {low}..{high}"), "labels",
                                point=repr(point), low=low, high=high)
            clean[str(point)] = str(label)
        dont_know = spec.get("dont_know", False)
        if dont_know is True:
            dont_know = self.DONT_KNOW
        if dont_know is not False and (not isinstance(dont_know, str) or not dont_know.strip()):
            raise SpecError(N_("'dont_know' is true (\"{text}\") of de tekst van dat antwoord"), "dont_know",
                            text=self.DONT_KNOW)
        # The answer "don't know / not applicable" is counted apart: it is no point of the scale.
        return {"items": items, "min": low, "max": high, "labels": clean,
                "dont_know": dont_know.strip() if dont_know else None}

    def validate(self, question: Question, value: Any) -> list[int]:
        """An answer is one point per item, in item order; a single number is accepted for one item."""
        items, low, high = question.settings["items"], question.settings["min"], question.settings["max"]
        if isinstance(value, int) and not isinstance(value, bool) and len(items) == 1:
            value = [value]
        if not isinstance(value, list) or len(value) != len(items):
            raise InvalidAnswer(N_("Geef een score voor elk van de {count} onderdelen."), count=len(items))
        for point in value:
            if point is None and question.settings.get("dont_know"):
                continue
            if isinstance(point, bool) or not isinstance(point, int) or not low <= point <= high:
                raise InvalidAnswer(N_("Een score ligt tussen {low} en {high}."), low=low, high=high)
        return list(value)

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        items, low, high = question.settings["items"], question.settings["min"], question.settings["max"]
        points = list(range(low, high + 1))
        result_items = []
        for index, label in enumerate(items):
            counts = [0] * len(points)
            dont_know = 0
            for answer in values:
                if answer[index] is None:
                    dont_know += 1
                else:
                    counts[answer[index] - low] += 1
            n = sum(counts)
            mean = base_mean(sum(p * c for p, c in zip(points, counts)), n, 2)
            result_items.append(
                {
                    "label": label,
                    "n": n,
                    "counts": counts,
                    "percents": [percent(c, n) for c in counts],
                    "mean": mean,
                    "dont_know": dont_know,
                }
            )
        return {"n": len(values), "points": points, "labels": question.settings["labels"], "items": result_items,
                "dont_know": question.settings.get("dont_know")}

    def round_rows(self, question: Question, result: dict[str, Any]):
        """Each item's share of its raters who gave a point above the scale's middle (4-5 of 1-5): the
        measure of agreement Delphi studies compare between rounds."""
        middle = (result["points"][0] + result["points"][-1]) / 2
        upper = [i for i, point in enumerate(result["points"]) if point > middle]
        return "upper", [(item["label"], 100 * sum(item["counts"][i] for i in upper) / item["n"]
                          if item["n"] else None) for item in result["items"]]

    def withhold(self, question: Question, result: dict[str, Any], k: int) -> dict[str, Any]:
        """Fewer than k people in all: no result. An item fewer than k people gave a point (the others said
        'weet niet') keeps its n but shows no counts and no mean."""
        result = super().withhold(question, result, k)
        if result.get("withheld"):
            return result
        points = len(result["points"])
        blank = {"counts": [0] * points, "percents": [0] * points, "mean": None}
        return hide_small_parts(result, "items", k, blank)

    def details(self, question: Question) -> str:
        settings = question.settings
        labels = ", ".join(f"{point} = {label}" for point, label in settings["labels"].items())
        parts = [f"scale {settings['min']}..{settings['max']}", f"labels: {labels}" if labels else "",
                 f"not a point: '{settings['dont_know']}'" if settings.get("dont_know") else ""]
        return "; ".join(p for p in parts if p)

    def chart(self, question: Question, result: dict[str, Any]) -> Chart:
        labels = result["labels"]
        series = []
        for column, point in enumerate(result["points"]):
            name = f"{point} {labels[str(point)]}" if str(point) in labels else str(point)
            series.append((name, [item["counts"][column] for item in result["items"]]))
        return Chart(
            type="stacked",
            categories=[item["label"] for item in result["items"]],
            series=series,
            notes=[f"gem. {decimal_comma(item['mean'])}"
                   + (f" · {result['dont_know'].lower()}: {item['dont_know']}" if result.get("dont_know") else "")
                   for item in result["items"]],
        )

    unit = N_("gemiddelde score op de schaal")

    def finding(self, question: Question, result: dict[str, Any]) -> str:
        rated = [i for i in result["items"] if i["mean"] is not None]
        if not rated:
            return ""
        best, worst = max(rated, key=lambda i: i["mean"]), min(rated, key=lambda i: i["mean"])
        low, high = result["points"][0], result["points"][-1]
        return (f"Best: {best['label']} (gem. {decimal_comma(best['mean'])}); minst: {worst['label']} "
                f"(gem. {decimal_comma(worst['mean'])}), op een schaal van {low} tot {high}")

    def shares(self, question: Question, result: dict[str, Any]) -> list[tuple[str, int, int]]:
        """Per item, its top two points."""
        top = result["points"][-2:]
        # labels name some points ({1: "zeer slecht", 5: "zeer goed"}); keys may have become strings in JSON
        labels = {str(point): label for point, label in (result.get("labels") or {}).items()}
        high = labels.get(str(top[-1]))
        points = " of ".join(map(str, top))
        return [(f"{item['label']}: {points}" + (f" ({high})" if high else ""),
                 sum(item["counts"][-2:]), item["n"]) for item in result["items"]]
