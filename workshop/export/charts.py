"""Charts for exports: results of several groups (or sessions) in one chart, and any chart as SVG or PNG.

No Flask here. The native PowerPoint charts are drawn by pptx.py from the same `Chart` objects.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..interactions import Chart, Question, kind_of
from ..numbers import decimal_comma, round_half_up

# Okabe-Ito: told apart by colour-blind readers too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999", "#000000")
FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)
WIDTH, PAD = 1000, 24
PICTURE_FORMATS = ("svg", "png")


def named(label: str, n: int) -> str:
    """A group's or session's name with its size, as series and categories show it."""
    return f"{label} (n = {n})"


def grouped_chart(question: Question, reference: dict[str, Any], groups: list[tuple[str, dict[str, Any]]],
                  by_share: bool = False) -> Chart | None:
    """One chart of a question's results for several groups, in the categories of the `reference` result.

    When every group's chart has the reference's categories and the kind draws plain bars, the result is a
    clustered bar with one series per group. Otherwise (stacked kinds, or categories that depend on the
    answers such as a word cloud's words) each bar is a category of one group, "category · group".
    """
    kind = kind_of(question)
    # groups of different sizes are compared by shares, means or mean ranks (Interaction.share_chart)
    chart_of = kind.share_chart if by_share else kind.chart
    base = chart_of(question, reference)
    if base is None or not groups:
        return None
    charts = [(name, chart_of(question, result)) for name, result in groups]
    same = all(c is None or set(c.categories) == set(base.categories) for _, c in charts)
    if base.type == "bar" and same:
        series = []
        for name, chart in charts:
            for number, (series_name, _) in enumerate(base.series):
                values = dict(zip(chart.categories, chart.series[number][1])) if chart else {}
                label = name if len(base.series) == 1 else f"{name} · {series_name}"
                series.append((label, [values.get(c, 0) for c in base.categories]))
        return Chart("bar", list(base.categories), series, base.number_format)
    order = list(base.categories)
    for _, chart in charts:
        order += [c for c in (chart.categories if chart else []) if c not in order]
    categories, notes, columns = [], [], [[] for _ in base.series]
    for category in order:
        for name, chart in charts:
            if chart is None or category not in chart.categories:
                continue
            at = chart.categories.index(category)
            categories.append(f"{category} · {name}")
            notes.append(chart.notes[at] if chart.notes else "")
            for number, column in enumerate(columns):
                column.append(chart.series[number][1][at] if number < len(chart.series) else 0)
    series = [(name, column) for (name, _), column in zip(base.series, columns)]
    return Chart(base.type, categories, series, base.number_format, notes if any(notes) else None)


def participants_chart(groups: list[dict[str, Any]]) -> Chart:
    """Participants per group (already suppressed) as a bar chart."""
    return Chart("bar", [g["label"] for g in groups], [("Deelnemers", [g["n"] for g in groups])])


def formatted(value: float, number_format: str) -> str:
    """A chart value as its labels show it (Dutch decimal comma)."""
    return decimal_comma(value, 1) if number_format == "0.0" else f"{round_half_up(value):.0f}"


# Pictures ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _font(size: int):
    from PIL import ImageFont

    for path in FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _width(text: str, size: int) -> float:
    return _font(size).getlength(text)


def _fit(text: str, size: int, room: float) -> str:
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def layout(chart: Chart, title: str = "", subtitle: str = "") -> tuple[int, list[tuple]]:
    """Drawing operations ("rect", x, y, w, h, colour) and ("text", x, y, s, size, anchor, colour)."""
    ops: list[tuple] = []
    y = PAD
    for text, size in ((title, 22), (subtitle, 14)):
        if text:
            y += size + 4
            ops.append(("text", PAD, y, _fit(text, size, WIDTH - 2 * PAD), size, "start", "#222222"))
    y += 16
    notes = chart.notes or [""] * len(chart.categories)
    labels = [f"{c} ({n})" if n else c for c, n in zip(chart.categories, notes)]
    label_room = min(WIDTH * 0.4, max((_width(t, 14) for t in labels), default=0) + 12)
    left, right = PAD + label_room, WIDTH - PAD - 56
    stacked = chart.type == "stacked"
    peak = max((v for _, values in chart.series for v in values), default=0) or 1
    for index, label in enumerate(labels):
        rows = 1 if stacked else len(chart.series)
        height = rows * 20
        shown = _fit(label, 14, label_room - 12)
        ops.append(("text", left - 10, y + height / 2 + 5, shown, 14, "end", "#222222"))
        if stacked:
            total = sum(values[index] for _, values in chart.series)
            ops.append(("rect", left, y, right - left, 18, "#EEEEEE"))
            x = left
            for number, (_, values) in enumerate(chart.series):
                width = (right - left) * values[index] / total if total else 0
                if width > 0:
                    ops.append(("rect", x, y, width, 18, PALETTE[number % len(PALETTE)]))
                if width >= 28:
                    ink = "#FFFFFF" if number % len(PALETTE) in (0, 5, 8) else "#111111"
                    value = formatted(values[index], chart.number_format)
                    ops.append(("text", x + width / 2, y + 14, value, 12, "middle", ink))
                x += width
        else:
            for number, (_, values) in enumerate(chart.series):
                top = y + number * 20
                width = (right - left) * values[index] / peak
                ops.append(("rect", left, top, max(width, 1), 16, PALETTE[number % len(PALETTE)]))
                value = formatted(values[index], chart.number_format)
                ops.append(("text", left + width + 6, top + 13, value, 12, "start", "#222222"))
        y += height + 12
    if len(chart.series) > 1:
        x, y = PAD, y + 8
        for number, (name, _) in enumerate(chart.series):
            room = _width(name, 13) + 34
            if x + room > WIDTH - PAD and x > PAD:
                x, y = PAD, y + 22
            ops.append(("rect", x, y, 13, 13, PALETTE[number % len(PALETTE)]))
            ops.append(("text", x + 19, y + 12, name, 13, "start", "#222222"))
            x += room
        y += 22
    return int(y + PAD), ops


def to_svg(chart: Chart, title: str = "", subtitle: str = "") -> bytes:
    """A chart as a standalone SVG picture."""
    height, ops = layout(chart, title, subtitle)
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
              f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif">'),
             '<rect width="100%" height="100%" fill="#FFFFFF"/>']
    for op in ops:
        if op[0] == "rect":
            _, x, y, w, h, colour = op
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>')
        else:
            _, x, y, text, size, anchor, colour = op
            parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
                         f'fill="{colour}">{escape(text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts).encode("utf-8")


def to_png(chart: Chart, title: str = "", subtitle: str = "") -> bytes:
    """A chart as a PNG picture (drawn with Pillow, which python-pptx brings along)."""
    from PIL import Image, ImageDraw

    height, ops = layout(chart, title, subtitle)
    image = Image.new("RGB", (WIDTH, height), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    anchors = {"start": "ls", "end": "rs", "middle": "ms"}
    for op in ops:
        if op[0] == "rect":
            _, x, y, w, h, colour = op
            draw.rectangle([x, y, x + w, y + h], fill=colour)
        else:
            _, x, y, text, size, anchor, colour = op
            draw.text((x, y), text, font=_font(size), fill=colour, anchor=anchors[anchor])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def picture(chart: Chart, fmt: str, title: str = "", subtitle: str = "") -> bytes:
    """A chart as a picture in a format: svg or png."""
    if fmt not in PICTURE_FORMATS:
        raise ValueError(f"unsupported picture format '{fmt}': use {' or '.join(PICTURE_FORMATS)}")
    return (to_svg if fmt == "svg" else to_png)(chart, title, subtitle)


def question_picture(db, session: dict, question_id: str, fmt: str, by: str | None = None) -> bytes:
    """A question's result (or, with `by`, its split per group of a profile question) as SVG or PNG.

    Raises ValueError with a one-line message for an unknown question or profile question, or a result
    that has no chart (open answers).
    """
    from .. import sessions

    deck = sessions.deck_of(session)
    question = deck.question(question_id)
    if question is None:
        raise ValueError(f"session {session['code']} has no question '{question_id}'")
    result = sessions.result_of(db, session, question)
    if result.get("withheld"):
        raise ValueError(f"question '{question_id}' has fewer than {result['k']} respondents: no picture")
    subtitle = f"n = {result['n']}"
    if by is None:
        chart = kind_of(question).chart(question, result)
    else:
        split = sessions.split_result(db, session, question, by)
        if split is None:
            raise ValueError(f"session {session['code']} has no profile question '{by}'")
        groups = [(named(g["label"], g["n"]), g["result"]) for g in split["groups"]]
        chart = grouped_chart(question, result, groups)
        subtitle = " · ".join(t for t in (subtitle, f"per groep: {split['question']}", split["note"]) if t)
    if chart is None:
        raise ValueError(f"question '{question_id}' has no chart to draw (groups too small, or text answers)")
    return picture(chart, fmt, question.text, subtitle)
