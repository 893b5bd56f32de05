"""`grid`: each item placed on two scales at once, e.g. impact against feasibility (a 2x2 grid).

The projector shows every item at its mean position with a cross for its spread (one standard deviation
each way) over the four quadrants the deck names; the summary deck draws the same as a native XY scatter
chart (export/scatter.py), pictures as bars of the two means. A participant may leave an item out (no
opinion); an item's n is who placed it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..i18n_marker import N_
from ..numbers import round_half_up
from .base import (
    MEAN,
    WHOLE_NUMBER,
    Chart,
    Interaction,
    InvalidAnswer,
    Measure,
    Question,
    SpecError,
    hide_small_parts,
    option_labels,
    register,
)

MAX_ITEMS = 12
AXES = ("x", "y")


def _axis(spec: dict[str, Any], key: str) -> dict[str, Any]:
    raw = spec.get(key)
    if not isinstance(raw, dict) or not isinstance(raw.get("label"), str) or not raw["label"].strip():
        raise SpecError(N_("'{axis}' is een as met een naam, bijvoorbeeld {example}"), key, axis=key,
                        example="{label: Impact, min: 1, max: 5}")
    low, high = raw.get("min", 1), raw.get("max", 5)
    for bound in (low, high):
        if isinstance(bound, bool) or not isinstance(bound, int):
            raise SpecError(WHOLE_NUMBER, key)
    if not 0 <= low < high <= 10:
        raise SpecError(N_("de schaal moet oplopen binnen 0..10, niet {low}..{high}"), key, low=low, high=high)
    unknown = set(raw) - {"label", "min", "max", "low", "high"}
    if unknown:
        raise SpecError(N_("een as kent label, min, max, low en high, niet {names}"), key,
                        names=", ".join(sorted(map(str, unknown))))
    axis = {"label": raw["label"].strip(), "min": low, "max": high}
    for end in ("low", "high"):  # optional words at the ends: "laag", "hoog"
        if end in raw:
            if not isinstance(raw[end], str):
                raise SpecError(N_("'{axis}' {end} is een tekst"), key, axis=key, end=end)
            axis[end] = raw[end].strip()
    return axis


def _spread(values: list[int], mean: float) -> float | None:
    """The sample standard deviation, None below two values."""
    if len(values) < 2:
        return None
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


@dataclass
class Scatter(Chart):
    """Points on two scales: `points` holds one series per group (its name, a position per category or
    None), `numbers` each category's number in the deck; `series` the two means as bars for pictures."""

    numbers: list[int] = field(default_factory=list)
    points: list[tuple[str, list[tuple[float, float] | None]]] = field(default_factory=list)
    x: dict[str, Any] = field(default_factory=dict)
    y: dict[str, Any] = field(default_factory=dict)
    quadrants: list[str] = field(default_factory=list)
    colours: list[str] | None = None


@register
class Grid(Interaction):
    name = "grid"
    description = N_("onderdelen geplaatst op twee schalen tegelijk, zoals impact tegen haalbaarheid (2x2)")
    settings = ("items", "x", "y", "quadrants")

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        items = option_labels(spec, "items", minimum=1, maximum=MAX_ITEMS)
        quadrants = spec.get("quadrants", [])
        if not isinstance(quadrants, list) or len(quadrants) not in (0, 4) or not all(
                isinstance(q, str) for q in quadrants):
            raise SpecError(N_("'quadrants' noemt de vier vakken: [linksboven, rechtsboven, linksonder, "
                               "rechtsonder]"), "quadrants")
        return {"items": items, "x": _axis(spec, "x"), "y": _axis(spec, "y"),
                "quadrants": [q.strip() for q in quadrants]}

    def validate(self, question: Question, value: Any) -> list[list[int] | None]:
        """An answer is a position [x, y] per item, in item order; null leaves an item out."""
        s = question.settings
        if not isinstance(value, list) or len(value) != len(s["items"]):
            raise InvalidAnswer(N_("Geef een plaats voor elk van de {count} onderdelen."), count=len(s["items"]))
        if all(position is None for position in value):
            raise InvalidAnswer(N_("Plaats ten minste één onderdeel."))
        for position in value:
            if position is None:
                continue
            if not isinstance(position, list) or len(position) != 2:
                raise InvalidAnswer(N_("Een plaats is een paar getallen: [{x}, {y}]."), x=s["x"]["label"],
                                    y=s["y"]["label"])
            for point, axis in zip(position, (s["x"], s["y"])):
                if isinstance(point, bool) or not isinstance(point, int) or not axis["min"] <= point <= axis["max"]:
                    raise InvalidAnswer(N_("{axis} ligt tussen {low} en {high}."), axis=axis["label"],
                                        low=axis["min"], high=axis["max"])
        return [list(position) if position is not None else None for position in value]

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        s = question.settings
        items = []
        for index, label in enumerate(s["items"]):
            placed = [answer[index] for answer in values if answer[index] is not None]
            entry: dict[str, Any] = {"label": label, "n": len(placed)}
            for number, axis in enumerate(AXES):
                points = [p[number] for p in placed]
                mean = sum(points) / len(points) if points else None
                spread = _spread(points, mean) if points else None
                entry[f"mean_{axis}"] = None if mean is None else round_half_up(mean, 2)
                entry[f"sd_{axis}"] = None if spread is None else round_half_up(spread, 2)
            items.append(entry)
        return {"n": len(values), "x": s["x"], "y": s["y"], "quadrants": s["quadrants"], "items": items}

    def withhold(self, question: Question, result: dict[str, Any], k: int) -> dict[str, Any]:
        """Fewer than k people in all: no result. An item fewer than k people placed keeps its n but no
        position (a mean of one person is that person's answer), as a statement with few votes does."""
        result = super().withhold(question, result, k)
        if result.get("withheld"):
            return result
        blank = {f"{part}_{axis}": None for part in ("mean", "sd") for axis in AXES}
        return hide_small_parts(result, "items", k, blank)

    def round_rows(self, question: Question, result: dict[str, Any]):
        """Each item's mean on both scales: where the room put it, in the scales' own points."""
        rows = [(f"{item['label']} · {result[axis]['label']}", item[f"mean_{axis}"])
                for item in result["items"] for axis in AXES]
        # one range for the bars of both scales: from the lower of the two minimums to the higher maximum
        return "mean", rows, (min(result[a]["min"] for a in AXES), max(result[a]["max"] for a in AXES))

    def chart(self, question: Question, result: dict[str, Any]) -> Chart:
        """Each placed item at its mean position, numbered in deck order (pictures draw the means as bars)."""
        placed = [(number, item) for number, item in enumerate(result["items"], start=1)
                  if item["mean_x"] is not None]
        if not placed:  # nothing placed yet: a chart without categories cannot be drawn (python-pptx refuses)
            return None
        return Scatter(
            type="scatter",
            categories=[item["label"] for _, item in placed],
            series=[(f"{result[axis]['label']} (gem.)", [item[f"mean_{axis}"] for _, item in placed])
                    for axis in AXES],
            number_format="0.0",
            notes=[f"n = {item['n']}" for _, item in placed],
            numbers=[number for number, _ in placed],
            points=[("", [(item["mean_x"], item["mean_y"]) for _, item in placed])],
            x=result["x"], y=result["y"], quadrants=list(result.get("quadrants") or []),
        )

    unit = N_("gemiddelde plaats op elke schaal")

    def measure(self, question: Question, reference: dict[str, Any]) -> Measure:
        return Measure([f"{item['label']} · {reference[axis]['label']}" for item in reference["items"]
                        for axis in AXES], MEAN)

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]) -> list:
        found = {item["label"]: item for item in result["items"]}
        means = [found.get(item["label"], {}).get(f"mean_{axis}") for item in reference["items"] for axis in AXES]
        return [None if mean is None else round_half_up(mean, 1) for mean in means]

    def tidy_items(self, question: Question, value: list[Any]) -> list[tuple[str, Any]]:
        """Two rows per item in the data export: its place on the x scale and on the y scale."""
        s = question.settings
        rows = []
        for label, position in zip(s["items"], value, strict=False):
            for number, axis in enumerate(AXES):
                rows.append((f"{label} · {s[axis]['label']}", "" if position is None else position[number]))
        return rows
