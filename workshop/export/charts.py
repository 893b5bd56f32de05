"""Charts for exports: each kind's chart in the shared palette, groups or sessions side by side, pictures.

No Flask here. The native PowerPoint charts are drawn by pptx.py from the same `Drawn` charts.
A split or a comparison puts the groups (or sessions) in the legend, one colour each, and the question's
items as categories; it compares them by share, mean or mean place (each kind's `measure`), never by raw counts, so groups
of 6 and 20 people read alike.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .. import palette, profiles
from ..interactions import Chart, Question, kind_of
from ..interactions.base import PERCENT
from ..interactions.statements import VOTE_LABELS
from ..numbers import decimal_comma, round_half_up

FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)
WIDTH, PAD = 1000, 24
PICTURE_FORMATS = ("svg", "png")
# The most bars a reader follows in one chart: 11 statements by 3 groups go on two slides, 5 options
# by 4 sessions on one.
MOST_BARS = 24
# A pooled series ("Alle gemeentelijke sessies") is set apart from the sessions in a dark grey.
POOLED_COLOUR = "#4D4D4D"
# A merged group ('Overig') is no group of its own: the neutral grey of the palette.
OTHER_COLOUR = palette.VOTE["pass"]


@dataclass
class Drawn(Chart):
    """A chart as the exports draw it: the kind's chart plus a colour per series and what a value means."""

    colours: list[str] | None = None
    unit: str = ""


def named(label: str, n: int) -> str:
    """A group's or session's name with its size, as a legend shows it: 'Politie (n = 9)'."""
    return f"{label} (n = {n})"


def drawn(question: Question, chart: Chart | None) -> Drawn | None:
    """A kind's chart in the shared palette: votes in their colours, scales ordered, other series by group."""
    if chart is None or not chart.categories:  # a chart needs a category (a grid nobody placed has none)
        return None
    if chart.type == "scatter":  # points, in their own colours (export/scatter.py)
        return chart
    count = len(chart.series)
    if question.kind == "statements" and count == len(VOTE_LABELS):
        colours = [palette.VOTE[vote] for vote in VOTE_LABELS]
    elif question.kind == "scale":
        colours = palette.ordinal(count)
    else:
        colours = [palette.group(number) for number in range(count)]
    return Drawn(chart.type, list(chart.categories), list(chart.series), chart.number_format, chart.notes,
                 colours)


def group_colour(label: str, order: list[str]) -> str:
    """A group's colour from its place among a profile question's options, the same on every slide."""
    if label in order:
        return palette.group(order.index(label))
    return OTHER_COLOUR if label == profiles.OTHER else palette.group(len(order))


# Groups side by side -------------------------------------------------------------------------------------


def grouped_chart(question: Question, reference: dict[str, Any], groups: list[tuple[str, dict[str, Any]]],
                  colours: list[str] | None = None) -> Drawn | None:
    """One chart of a question for several groups or sessions: the groups as series, the items as categories.

    `groups`: (legend name with its n, result); `colours`: one per group (default: the group palette).
    """
    kind = kind_of(question)
    measure = kind.measure(question, reference) if groups else None
    if measure is None or not measure.categories:
        return None
    series = [(name, kind.measured(question, reference, result)) for name, result in groups]
    colours = colours or [palette.group(number) for number in range(len(groups))]
    return Drawn("bar", measure.categories, series, measure.number_format, None, colours, kind.unit)


def split_chart(question: Question, result: dict[str, Any], split: dict[str, Any], order: list[str]
                ) -> Drawn | None:
    """A split (sessions.split_result) as one chart: each group in its colour from the profile's `order`."""
    groups = [(named(g["label"], g["n"]), g["result"]) for g in split["groups"]]
    return grouped_chart(question, result, groups, [group_colour(g["label"], order) for g in split["groups"]])


def pages(chart: Drawn, most: int = MOST_BARS) -> list[Drawn]:
    """A chart of many bars as several charts of at most `most` bars each (whole categories, in order)."""
    per_page = max(most // max(len(chart.series), 1), 1)
    count = len(chart.categories)
    if count <= per_page:
        return [chart]
    parts = -(-count // per_page)
    size = -(-count // parts)  # spread evenly: 11 statements as 6 + 5, not 9 + 2
    return [Drawn(chart.type, chart.categories[i:i + size], [(n, v[i:i + size]) for n, v in chart.series],
                  chart.number_format, chart.notes[i:i + size] if chart.notes else None, chart.colours,
                  chart.unit)
            for i in range(0, count, size)]


def participants_chart(groups: list[dict[str, Any]]) -> Drawn:
    """Participants per group (already suppressed) as a bar chart."""
    return Drawn("bar", [g["label"] for g in groups], [("Deelnemers", [g["n"] for g in groups])],
                 colours=[palette.group(0)])


def formatted(value: float | None, number_format: str) -> str:
    """A chart value as its labels show it (Dutch decimal comma, halves up); empty when there is none."""
    if value is None:
        return ""
    if number_format == PERCENT:
        return f"{round_half_up(100 * value):.0f}%"
    return decimal_comma(value, 1) if number_format == "0.0" else f"{round_half_up(value):.0f}"


def category_labels(chart: Chart) -> list[str]:
    """The categories with their notes, as the axis shows them: 'In het algemeen (gem. 3,0)'."""
    notes = chart.notes or [""] * len(chart.categories)
    return [f"{label} ({note})" if note else label for label, note in zip(chart.categories, notes)]


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


def wrapped(text: str, size: int, room: float) -> list[str]:
    """A text broken into lines of at most `room` pixels at a font size; a word longer than that is split."""
    lines: list[str] = []
    for word in text.split():
        while _width(word, size) > room:  # a very long word: break it where it no longer fits
            cut = max(1, max(i for i in range(1, len(word) + 1) if _width(word[:i], size) <= room or i == 1))
            lines.append(word[:cut])
            word = word[cut:]
        if lines and _width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _colours(chart: Chart) -> list[str]:
    given = getattr(chart, "colours", None) or []
    return [given[n] if n < len(given) else palette.group(n) for n in range(len(chart.series))]


def layout(chart: Chart, title: str = "", subtitle: str = "", written=formatted) -> tuple[int, list[tuple]]:
    """Drawing operations ("rect", x, y, w, h, colour) and ("text", x, y, s, size, anchor, colour).

    Nothing is cut: titles, category labels and legend names wrap onto as many lines as they need.
    """
    ops: list[tuple] = []
    y = PAD
    for text, size in ((title, 22), (subtitle, 14)):
        for line in wrapped(text, size, WIDTH - 2 * PAD) if text else []:
            y += size + 6
            ops.append(("text", PAD, y, line, size, "start", palette.INK))
    unit = getattr(chart, "unit", "")
    if unit:
        y += 20
        ops.append(("text", PAD, y, unit, 13, "start", "#555555"))
    y += 16
    labels = category_labels(chart)
    label_room = min(WIDTH * 0.4, max((_width(t, 14) for t in labels), default=0) + 12)
    left, right = PAD + label_room, WIDTH - PAD - 56
    stacked = chart.type == "stacked"
    colours = _colours(chart)
    peak = max((v for _, vs in chart.series for v in vs if v is not None), default=0) or 1
    for index, label in enumerate(labels):
        lines = wrapped(label, 14, label_room - 12)
        bars = 20 if stacked else 20 * len(chart.series)
        height = max(bars, 18 * len(lines))
        first = y + height / 2 - 18 * (len(lines) - 1) / 2 + 5
        for number, line in enumerate(lines):
            ops.append(("text", left - 10, first + 18 * number, line, 14, "end", palette.INK))
        top = y + (height - bars) / 2
        if stacked:
            total = sum(values[index] or 0 for _, values in chart.series)
            ops.append(("rect", left, top, right - left, 18, "#EEEEEE"))
            x = left
            for number, (_, values) in enumerate(chart.series):
                width = (right - left) * (values[index] or 0) / total if total else 0
                if width > 0:
                    ops.append(("rect", x, top, width, 18, colours[number]))
                if width >= 28:
                    value = written(values[index], chart.number_format)
                    ink = palette.ink_on(colours[number])
                    ops.append(("text", x + width / 2, top + 14, value, 12, "middle", ink))
                x += width
        else:
            for number, (_, values) in enumerate(chart.series):
                row = top + number * 20
                width = (right - left) * (values[index] or 0) / peak
                ops.append(("rect", left, row, max(width, 1), 16, colours[number]))
                value = written(values[index], chart.number_format) or "–"
                ops.append(("text", left + width + 6, row + 13, value, 12, "start", palette.INK))
        y += height + 12
    if len(chart.series) > 1:
        x, y = PAD, y + 8
        for number, (name, _) in enumerate(chart.series):
            lines = wrapped(str(name), 13, WIDTH - 2 * PAD - 19)
            room = max(_width(line, 13) for line in lines) + 34
            if x + room > WIDTH - PAD and x > PAD:
                x, y = PAD, y + 22
            ops.append(("rect", x, y, 13, 13, colours[number]))
            for at, line in enumerate(lines):
                ops.append(("text", x + 19, y + 12 + 18 * at, line, 13, "start", palette.INK))
            y += 18 * (len(lines) - 1)
            x += room
        y += 22
    return int(y + PAD), ops


def to_svg(chart: Chart, title: str = "", subtitle: str = "", written=formatted, fluid: bool = False,
           label: str = "") -> bytes:
    """A chart as a standalone SVG picture; `fluid`: as wide as its container (for a page), no fixed size.

    `label` names the picture for screen readers when it has no title of its own.
    """
    height, ops = layout(chart, title, subtitle, written)
    size = "" if fluid else f'width="{WIDTH}" height="{height}" '
    name = label or title
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" {size}role="img" '
              + (f'aria-label="{escape(name, {chr(34): "&quot;"})}" ' if name else "")
              + f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif">'),
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
    if result.get("withheld"):  # fewer than k people answered (docs/privacy.md)
        raise ValueError(f"question '{question_id}' has fewer than {result['k']} respondents: no picture")
    subtitle = f"n = {result['n']}"
    if by is None:
        chart = drawn(question, kind_of(question).chart(question, result))
    else:
        split = sessions.split_result(db, session, question, by)
        if split is None:
            raise ValueError(f"session {session['code']} has no profile question '{by}'")
        chart = split_chart(question, result, split, profiles.labels(deck.profile_question(by)))
        subtitle = " · ".join(t for t in (f"per groep: {split['question']}", split["note"]) if t)
    if chart is None:
        raise ValueError(f"question '{question_id}' has no chart to draw (groups too small, or text answers)")
    return picture(chart, fmt, question.text, subtitle)
