"""A native, editable XY scatter chart of items on two scales (the grid kind): numbered points at their mean
position, the deck's scale range and end words on the axes, the quadrants named, a key of the numbers.

No Flask here. pptx.add_chart hands every chart of type "scatter" (interactions/grid.Scatter) to `add_scatter`;
a split puts one series per group in the legend (`grouped`). Points that (nearly) coincide share one label
("3, 5") so no number hides another.
"""

from __future__ import annotations

from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Pt

from .. import palette
from ..interactions.grid import Scatter
from ..numbers import decimal_comma
from .chartdata import TextXyChartData

# Two points closer than this share of each scale's range get one label between them.
NEAR = 0.04
# The chart takes this share of the box's width; the key of numbered items the rest.
CHART_SHARE = 0.64
# The plot inside the chart frame (fractions of the frame): room for the axis titles and the legend.
PLOT = {"x": 0.1, "y": 0.04, "w": 0.86, "h": 0.78}
GUIDE = "#9A9A9A"


def grouped(whole: Scatter, groups: list[tuple[str, Scatter | None, str]]) -> Scatter:
    """The whole room's scatter with one series per group instead: (legend name with n, its chart, colour).

    Items keep the whole room's numbers; a group that placed no item has an empty series.
    """
    points = []
    for name, chart, _ in groups:
        found = {} if chart is None else dict(zip(chart.categories, chart.points[0][1]))
        points.append((name, [found.get(label) for label in whole.categories]))
    return Scatter("scatter", whole.categories, whole.series, whole.number_format, None, whole.numbers, points,
                   whole.x, whole.y, whole.quadrants, [colour for _, _, colour in groups])


def near(a: tuple[float, float], b: tuple[float, float], x: dict, y: dict) -> bool:
    """Whether two points are closer than NEAR of each scale's range on both scales."""
    span_x, span_y = (x["max"] - x["min"]) or 1, (y["max"] - y["min"]) or 1
    return abs(a[0] - b[0]) / span_x < NEAR and abs(a[1] - b[1]) / span_y < NEAR


def shared_labels(positions: list[tuple[float, float] | None], numbers: list[int], x: dict, y: dict
                  ) -> list[str]:
    """A label per point: its number, or for points (nearly) on top of each other one label "3, 5" on the
    first and none on the rest."""
    labels = [""] * len(positions)
    taken: set[int] = set()
    for i, here in enumerate(positions):
        if here is None or i in taken:
            continue
        together = [i] + [j for j in range(i + 1, len(positions)) if positions[j] is not None and j not in taken
                          and near(positions[j], here, x, y)]
        taken.update(together)
        labels[i] = ", ".join(str(numbers[j]) for j in together)
    return labels


def point_labels(chart: Scatter) -> list[list[str]]:
    """The labels of each series' drawn points (shared_labels); where groups' points with the same numbers
    lie on one place, only the last group's (largest) ring carries them."""
    per_series = []
    for _, positions in chart.points:
        numbers = [n for n, p in zip(chart.numbers, positions) if p is not None]
        shown = [p for p in positions if p is not None]
        per_series.append(list(zip(shown, shared_labels(shown, numbers, chart.x, chart.y))))
    labels = []
    for number, points in enumerate(per_series):
        later = [point for series in per_series[number + 1:] for point in series]
        labels.append(["" if text and any(said == text and near(place, there, chart.x, chart.y)
                                          for there, said in later) else text for place, text in points])
    return labels


def axis_title(axis: dict[str, Any]) -> str:
    """'Impact (1 = klein, 5 = groot)', or the label alone without end words."""
    ends = [f"{axis[key]} = {axis[end]}" for key, end in (("min", "low"), ("max", "high")) if axis.get(end)]
    return f"{axis['label']} ({', '.join(ends)})" if ends else axis["label"]


def add_scatter(slide, chart: Scatter, box: tuple[int, int, int, int], name: str, size: int = 14):
    """The scatter chart in the left of a box, the key of numbered items right of it; returns the chart frame."""
    left, top, width, height = box
    chart_width = int(width * CHART_SHARE)
    data = TextXyChartData(number_format="0.0")
    for series_name, positions in chart.points:
        series = data.add_series(series_name or "Gemiddelde")
        for position in positions:
            if position is not None:
                series.add_data_point(*position)
    mid_x, mid_y = (chart.x["min"] + chart.x["max"]) / 2, (chart.y["min"] + chart.y["max"]) / 2
    if chart.quadrants:  # the lines between the quadrants, as two series of two points
        for guide_name, ends in ((" ", ((mid_x, chart.y["min"]), (mid_x, chart.y["max"]))),
                                 ("  ", ((chart.x["min"], mid_y), (chart.x["max"], mid_y)))):
            guide = data.add_series(guide_name)
            for end in ends:
                guide.add_data_point(*end)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, left, top, chart_width, height, data)
    frame.name = name
    frame.shortened = []
    drawn = frame.chart
    drawn.has_title = False
    drawn.font.size = Pt(size)
    for axis, scale in ((drawn.category_axis, chart.x), (drawn.value_axis, chart.y)):
        axis.minimum_scale, axis.maximum_scale = scale["min"], scale["max"]
        axis.major_unit = 1 if scale["max"] - scale["min"] <= 10 else 2
        axis.has_major_gridlines = False
        axis.tick_labels.font.size = Pt(size)
        axis.has_title = True
        axis.axis_title.text_frame.text = axis_title(scale)
        for run in axis.axis_title.text_frame.paragraphs[0].runs:
            run.font.size, run.font.bold = Pt(size), False
    colours = chart.colours or [palette.group(0)]
    plot = drawn.plots[0]
    groups = len(chart.points)
    labels_of = point_labels(chart)
    for number, series in enumerate(plot.series):
        if number >= groups:  # a quadrant line
            series.marker.style = XL_MARKER_STYLE.NONE
            series.format.line.fill.solid()
            series.format.line.fill.fore_color.rgb = RGBColor.from_string(GUIDE[1:])
            series.format.line.width = Pt(1)
            series.smooth = False
            continue
        colour = RGBColor.from_string(colours[number % len(colours)][1:])
        series.format.line.fill.background()  # points only, no line between them
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        marker = series.marker.format
        marker.line.fill.solid()
        if groups > 1:
            # Rings, each group larger than the one before: where groups agree their rings lie inside each
            # other. PowerPoint draws them hollow; LibreOffice fills them and draws the first group on top,
            # so the smaller ring stays in sight there too.
            series.marker.size = min(8 + 4 * number, 22)
            marker.fill.background()
            marker.line.fill.fore_color.rgb = colour
            marker.line.width = Pt(2.25)
        else:
            series.marker.size = 11
            marker.fill.solid()
            marker.fill.fore_color.rgb = colour
            marker.line.fill.fore_color.rgb = RGBColor.from_string(palette.PAPER[1:])
        for index, text in enumerate(labels_of[number]):
            label = series.points[index].data_label
            if not text:
                label.has_text_frame = False
                _hide(label)
                continue
            label.has_text_frame = True
            label.text_frame.text = text
            for run in label.text_frame.paragraphs[0].runs:
                run.font.size, run.font.bold = Pt(size), True
                run.font.color.rgb = colour if groups > 1 else RGBColor.from_string(palette.INK[1:])
            label.position = XL_LABEL_POSITION.RIGHT
    drawn.has_legend = groups > 1
    if groups > 1:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
        drawn.legend.font.size = Pt(size)
        for index in range(groups, len(plot.series)):  # no legend entry for a quadrant line
            _drop_legend_entry(drawn, index)
    plot = _place_plot(drawn, groups > 1)
    if chart.quadrants:
        _quadrant_labels(slide, chart.quadrants, (left, top, chart_width, height), plot, size)
    _key(slide, chart, (left + chart_width, top, width - chart_width, height), size)
    return frame


def _hide(label) -> None:
    """A point without a label of its own (its number is in the label of the point it shares a place with)."""
    element = label._get_or_add_dLbl()
    for tag in ("c:showLegendKey", "c:showVal", "c:showCatName", "c:showSerName", "c:showPercent",
                "c:showBubbleSize"):
        for old in element.findall(qn(tag)):
            old.set("val", "0")


def _drop_legend_entry(chart, index: int) -> None:
    legend = chart.legend._element
    entry = OxmlElement("c:legendEntry")
    idx = OxmlElement("c:idx")
    idx.set("val", str(index))
    delete = OxmlElement("c:delete")
    delete.set("val", "1")
    entry.append(idx)
    entry.append(delete)
    legend.insert(1, entry)  # after c:legendPos, as the schema orders them


def _place_plot(chart, legend: bool) -> dict[str, float]:
    """Fix the plot area (c:manualLayout, inner), so the quadrant labels can be placed over its corners."""
    plot_area = chart._chartSpace.chart.plotArea
    for old in plot_area.findall(qn("c:layout")):
        plot_area.remove(old)
    layout, manual = OxmlElement("c:layout"), OxmlElement("c:manualLayout")
    height = PLOT["h"] - (0.07 if legend else 0)
    for tag, value in (("c:layoutTarget", "inner"), ("c:xMode", "edge"), ("c:yMode", "edge"),
                       ("c:x", PLOT["x"]), ("c:y", PLOT["y"]), ("c:w", PLOT["w"]), ("c:h", height)):
        element = OxmlElement(tag)
        element.set("val", value if isinstance(value, str) else f"{value:.4f}")
        manual.append(element)
    layout.append(manual)
    plot_area.insert(0, layout)
    return {**PLOT, "h": height}


def _quadrant_labels(slide, quadrants: list[str], box: tuple[int, int, int, int], plot: dict[str, float],
                     size: int) -> None:
    """The four quadrant names in the corners of the plot: top left, top right, bottom left, bottom right."""
    left, top, width, height = box
    plot_left, plot_top = left + width * plot["x"], top + height * plot["y"]
    plot_width, plot_height = width * plot["w"], height * plot["h"]
    half_w, half_h = plot_width / 2, Pt(size * 1.6)
    corners = ((plot_left, plot_top, PP_ALIGN.LEFT, MSO_ANCHOR.TOP),
               (plot_left + half_w, plot_top, PP_ALIGN.RIGHT, MSO_ANCHOR.TOP),
               (plot_left, plot_top + plot_height / 2 - half_h, PP_ALIGN.LEFT, MSO_ANCHOR.BOTTOM),
               (plot_left + half_w, plot_top + plot_height / 2 - half_h, PP_ALIGN.RIGHT, MSO_ANCHOR.BOTTOM))
    # The lower two sit just above the bottom edge: inside the plot, clear of the x axis' labels.
    corners = corners[:2] + tuple((x, plot_top + plot_height - half_h, align, anchor)
                                  for x, _, align, anchor in corners[2:])
    for text, (x, y, align, anchor) in zip(quadrants, corners):
        shape = slide.shapes.add_textbox(int(x), int(y), int(half_w), int(half_h))
        shape.name = "quadrant"
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = Pt(6)
        frame.text = text
        paragraph = frame.paragraphs[0]
        paragraph.alignment = align
        for run in paragraph.runs:
            run.font.size, run.font.italic = Pt(size), True
            run.font.color.rgb = RGBColor.from_string("595959")


def _key(slide, chart: Scatter, box: tuple[int, int, int, int], size: int) -> None:
    """The numbered items beside the chart, each with its means and n (the whole room)."""
    left, top, width, height = box
    shape = slide.shapes.add_textbox(left + Pt(8), top, width - Pt(8), height)
    shape.name = "key"
    frame = shape.text_frame
    frame.word_wrap = True
    means = dict(zip(chart.categories, zip(*[values for _, values in chart.series]))) if chart.series else {}
    lines = []
    for number, label, note in zip(chart.numbers, chart.categories, chart.notes or [""] * len(chart.numbers)):
        mean = means.get(label)
        where = f"{decimal_comma(mean[0], 1)} / {decimal_comma(mean[1], 1)}" if mean else ""
        lines.append((f"{number}  ", label, "  " + " · ".join(t for t in (where, note) if t)))
    key_size = Pt(size if len(lines) <= 8 else size - 2)
    head = frame.paragraphs[0]
    head.space_after = Pt(6)
    run = head.add_run()
    run.text = f"Gemiddeld {chart.x['label']} / {chart.y['label']}, n: wie het plaatste"
    run.font.size, run.font.italic = key_size, True
    run.font.color.rgb = RGBColor.from_string("595959")
    for number, label, detail in lines:
        paragraph = frame.add_paragraph()
        paragraph.space_after = Pt(4)
        for text, bold in ((number, True), (label, False), (detail, False)):
            if text:
                run = paragraph.add_run()
                run.text = text
                run.font.size, run.font.bold = key_size, bold
                if detail and text == detail:
                    run.font.color.rgb = RGBColor.from_string("595959")
