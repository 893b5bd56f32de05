"""PowerPoint exports: the slide toolkit (16:9 default page or an organisation's template), the summary deck.

No Flask here. Charts are native PowerPoint charts (editable, data inside), drawn from what a kind's
`chart()` returns; a kind whose `chart()` gives None is shown as its answers in text. Every chart frame is
named ("chart:<question>", "split:<question>:<profile>", ...) so a reader can find it without guessing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date as Date
from typing import IO, Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches, Pt
from sqlite_utils import Database

from .. import palette, store
from ..interactions import Chart, Question, kind_of
from .chartdata import TextChartData
from .charts import category_labels, drawn, pages
from .scatter import add_scatter

KIND_LABELS = {"gemeente": "Gemeentelijke bijeenkomst", "landelijk": "Landelijke bijeenkomst"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
CHART_TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "stacked": XL_CHART_TYPE.BAR_STACKED_100}
WIDTH, HEIGHT, MARGIN = Inches(13.333), Inches(7.5), Inches(0.6)
TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
CONTENT = {PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY}
DECORATION = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
# An open-text slide holds at most 12 answers or 13 lines of 16pt text (about 100 characters a line);
# the rest goes on the next slide.
ANSWERS_PER_SLIDE, LINES_PER_SLIDE, CHARACTERS_PER_LINE = 12, 13, 100
# A summary shows a question's first 150 answers: all of them for a meeting of 40 people with 3 answers each
# (the GIPZ decks' most), whatever their length. A count, not a number of pages, so long answers never cut
# such a meeting short. The rest are in the data export; `all_answers` shows every one.
ANSWER_LIMIT = 150
# A category label longer than this is shortened on a slide (the full text goes in the notes); the
# average width of a character in DejaVu Sans / Calibri, in ems, to estimate how labels wrap.
LABEL_LENGTH, AVERAGE_CHARACTER, SMALLEST = 110, 0.6, 6
# Values written the Dutch way (3,2), as the slides' text does, in a viewer of any language (LCID 0413).
DUTCH = "[$-413]"
Each = Callable[[Iterable], Iterable]


class Builder:
    """A presentation being built: the default template on a 16:9 page, or an organisation's own template.

    With a template its slides are removed and its layouts are chosen by their placeholder types (a title
    slide, title only, title and content), so the master's look, logo and page size are kept.
    """

    def __init__(self, template: str | os.PathLike | IO[bytes] | None = None,
                 size: tuple[int, int] | None = None):
        self.templated = template is not None
        self.prs = Presentation(template) if self.templated else Presentation()
        if self.templated:
            listed = self.prs.slides._sldIdLst
            for slide_id in list(listed):
                self.prs.part.drop_rel(slide_id.rId)
                listed.remove(slide_id)
        else:
            self.prs.slide_width, self.prs.slide_height = size or (WIDTH, HEIGHT)
        self.width, self.height = self.prs.slide_width, self.prs.slide_height
        self._layouts: dict[str, Any] = {}
        package = self.prs.part.package
        package.next_partname = PartNames(package)

    def layout(self, want: str):
        """The first layout fit for "title", "title_only", "content" or "blank", by its placeholder types."""
        # Looked up once per kind of slide: reading every layout's placeholders for each slide cost more
        # than the slide itself.
        if want not in self._layouts:
            self._layouts[want] = self._first_layout(want)
        return self._layouts[want]

    def _first_layout(self, want: str):
        def types(layout) -> list:
            return [ph.placeholder_format.type for ph in layout.placeholders
                    if ph.placeholder_format.type not in DECORATION]

        fits = {
            "title": lambda t: PP_PLACEHOLDER.CENTER_TITLE in t and PP_PLACEHOLDER.SUBTITLE in t,
            "title_only": lambda t: len(t) == 1 and t[0] in TITLES,
            "content": lambda t: len(t) == 2 and bool(TITLES & set(t)) and PP_PLACEHOLDER.OBJECT in t,
            "blank": lambda t: not t,
        }
        subtitled = CONTENT | {PP_PLACEHOLDER.SUBTITLE}
        fallbacks = {"title": lambda t: bool(TITLES & set(t)) and bool(subtitled & set(t)),
                     "title_only": lambda t: bool(TITLES & set(t)),
                     "content": lambda t: bool(TITLES & set(t)) and bool(CONTENT & set(t)),
                     "blank": lambda t: bool(TITLES & set(t))}
        layouts = list(self.prs.slide_layouts)
        for test in (fits[want], fallbacks[want], lambda t: True):
            for layout in layouts:
                if test(types(layout)):
                    return layout
        raise ValueError("the template has no slide layouts")

    def slide(self, want: str, title: str):
        """A new slide from a layout, its title written (on the default page: placed and sized for 16:9)."""
        slide = self.prs.slides.add_slide(self.layout(want))
        heading = slide.shapes.title
        if heading is not None:
            if not self.templated and want != "title":
                _place(heading, MARGIN, Inches(0.3), self.width - 2 * MARGIN, Inches(1.2))
            fixed = not self.templated and want != "title"
            write(heading.text_frame, [title], Pt(28 if len(title) > 60 else 36) if fixed else None)
        # A chart slide keeps only its title; other slides their title, subtitle and one content placeholder.
        kept = TITLES if want == "title_only" else TITLES | CONTENT | {PP_PLACEHOLDER.SUBTITLE}
        for placeholder in list(slide.placeholders):
            if placeholder.placeholder_format.type not in kept:
                placeholder._element.getparent().remove(placeholder._element)
        return slide

    def headed(self, title: str, line: str = ""):
        """A title-only slide with a short line under the title (e.g. "n = 12"); returns the slide."""
        slide = self.slide("title_only", title)
        left, top, width, _ = self.content_box(slide)
        box = slide.shapes.add_textbox(left, top, width, Inches(0.4))
        write(box.text_frame, [line or " "], Pt(16))
        return slide

    def content_box(self, slide, below: int = 0) -> tuple[int, int, int, int]:
        """The free area under a slide's title: (left, top, width, height)."""
        heading = slide.shapes.title
        if heading is not None and heading.top is not None:
            left, top, width = heading.left, heading.top + heading.height, heading.width
        else:
            left, top, width = MARGIN, MARGIN, self.width - 2 * MARGIN
        top += below
        return left, top, width, max(self.height - top - Inches(0.4), Inches(1))

    def body(self, slide, paragraphs: list[str], size: int | None = None, below: int = 0):
        """Text in the slide's content placeholder (moved `below` down), or in a text box under the title.

        Returns the text frame written.
        """
        placeholder = next((p for p in slide.placeholders if p.placeholder_format.type in CONTENT), None)
        if placeholder is None:
            placeholder = slide.shapes.add_textbox(*self.content_box(slide, Inches(0.1) + below))
        elif not self.templated:
            _place(placeholder, MARGIN, Inches(2.0), self.width - 2 * MARGIN, self.height - Inches(2.4))
        elif below:
            top, height = placeholder.top, placeholder.height
            placeholder.top, placeholder.height = top + below, max(height - below, Inches(1))
        write(placeholder.text_frame, paragraphs or [" "], size)
        for paragraph in placeholder.text_frame.paragraphs:
            paragraph.space_after = Pt(4)
        return placeholder.text_frame


class PartNames:
    """A package's next free part name ("/ppt/charts/chart%d.xml"), from the names in use gathered once.

    Stands in for python-pptx's `next_partname` on one package: that one visits every part of the
    package for each new chart, chart workbook and notes page, so a deck's charts cost parts × charts.
    Every part such a template names is created through here, so remembering what was handed out keeps
    the names unique.
    """

    def __init__(self, package):
        self.package = package
        self.used: set[str] | None = None

    def __call__(self, template: str) -> PackURI:
        if self.used is None:
            self.used = {str(part.partname) for part in self.package.iter_parts()}
        number = 1
        while template % number in self.used:
            number += 1
        self.used.add(template % number)
        return PackURI(template % number)


def add_chart(slide, chart: Chart, box: tuple[int, int, int, int], name: str, largest: int = 16,
              longest: int = LABEL_LENGTH):
    """A native chart in a box, every category label shown and sized to fit; values as data labels.

    Colours come from the chart (charts.drawn / grouped_chart: the shared palette); a legend when there is
    more than one series. Labels longer than `longest` characters are shortened with an ellipsis: the frame's
    `shortened` lists (shown, full text) for the notes or a table.
    """
    if chart.type == "scatter":  # a grid's points on two scales
        return add_scatter(slide, chart, box, name)
    legend = chart.type == "stacked" or len(chart.series) > 1
    bars = 1 if chart.type == "stacked" else len(chart.series)
    names = [str(n) for n, _ in chart.series] if legend else []
    # The longest label that fits at the smallest size: shortened a little at a time until every label fits.
    while True:
        labels, shortened = shortened_labels(category_labels(chart), longest)
        size, share = fit(labels, names, box[2], box[3], bars, chart.type == "stacked", largest)
        if size or longest <= 30:
            size = size or SMALLEST
            break
        longest -= 10
    data = TextChartData(number_format=chart.number_format)
    data.categories = labels
    for series_name, values in chart.series:
        data.add_series(str(series_name), values)
    frame = slide.shapes.add_chart(CHART_TYPES[chart.type], *box, data)
    frame.name = name
    drawn = frame.chart
    drawn.has_title = False
    stacked = chart.type == "stacked"
    drawn.font.size = Pt(size)
    category = drawn.category_axis
    category.reverse_order = True  # deck order from top to bottom
    category.tick_labels.font.size = Pt(size)
    every_label(category)
    drawn.value_axis.has_major_gridlines = False
    # Plain bars carry their values as labels; a stacked bar keeps its 0-100% axis.
    drawn.value_axis.visible = stacked
    drawn.value_axis.tick_labels.font.size = Pt(size)
    plot = drawn.plots[0]
    plot.gap_width = 40 if stacked or len(chart.series) > 1 else 60
    if not stacked:
        plot.overlap = 0
    plot.has_data_labels = True
    labels_of = plot.data_labels
    labels_of.show_value = True
    labels_of.font.size = Pt(size)
    # In a stacked bar an empty segment would still carry a '0' on top of its neighbour.
    labels_of.number_format = f"{DUTCH}{chart.number_format};;;" if stacked else DUTCH + chart.number_format
    labels_of.number_format_is_linked = False
    colours = getattr(chart, "colours", None) or []
    for number, series in enumerate(plot.series):
        colour = colours[number] if number < len(colours) else palette.group(number)
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(colour[1:])
        series.invert_if_negative = False
        if stacked:  # a value inside its bar, in black or white, whichever reads on the colour
            series.data_labels.font.size = Pt(size)
            series.data_labels.font.color.rgb = RGBColor.from_string(palette.ink_on(colour)[1:])
            series.data_labels.number_format = f"{DUTCH}{chart.number_format};;;"
            series.data_labels.number_format_is_linked = False
            series.data_labels.show_value = True
    drawn.has_legend = legend
    if legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
        drawn.legend.font.size = Pt(size)
    place_plot(drawn, share, size, box, legend, stacked, len(chart.series))
    frame.shortened = shortened
    return frame


def shortened_labels(labels: list[str], longest: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Labels of at most `longest` characters (cut at a word, with '…'), and the (shown, full) pairs cut."""
    shown, cut = [], []
    for label in labels:
        if len(label) <= longest:
            shown.append(label)
            continue
        short = label[:longest - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
        shown.append(short)
        cut.append((short, label))
    return shown, cut


def label_lines(text: str, size: float, width: float) -> int:
    """How many lines a label takes at a font size in a width (points), breaking at spaces."""
    per_line = max(int(width / (AVERAGE_CHARACTER * size)), 1)
    lines, used = 1, 0
    for word in text.split():
        needed = len(word) + (1 if used else 0)
        if used and used + needed > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += needed
        lines += (len(word) - 1) // per_line if len(word) > per_line else 0
    return lines


def fit(labels: list[str], legend: list[str], width: int, height: int, bars: int, stacked: bool, largest: int
        ) -> tuple[int, float]:
    """The font size (points) at which every label fits its row (0: none does), and the labels' share."""
    width_pt, height_pt = width / 12700, height / 12700
    longest = max((len(label) for label in labels), default=1)
    share = min(0.45, max(0.14, (longest * AVERAGE_CHARACTER * largest + 14) / width_pt))
    room = width_pt * share - 10
    for size in range(largest, SMALLEST - 1, -1):
        legend_width = sum(len(name) * AVERAGE_CHARACTER * size + 2 * size for name in legend)
        legend_rows = -(-legend_width // (width_pt * 0.9)) if legend else 0
        plot = height_pt - legend_rows * size * 1.5 - (size * 1.8 if stacked else 0) - 8
        row = plot / max(len(labels), 1)
        tallest = max((label_lines(label, size, room) for label in labels), default=1)
        if row >= max(tallest * size * 1.2, bars * size * 1.15 + size * 0.5):
            return size, share
    return 0, share


def every_label(axis) -> None:
    """Show every category label (c:tickLblSkip 1): LibreOffice and PowerPoint otherwise skip crowded ones."""
    element = axis._element
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    skip = OxmlElement("c:tickLblSkip")
    skip.set("val", "1")
    single = element.find(qn("c:noMultiLvlLbl"))
    if single is None:
        single = OxmlElement("c:noMultiLvlLbl")
        element.append(single)
    single.set("val", "1")
    single.addprevious(skip)


def place_plot(chart, share: float, size: int, box: tuple[int, int, int, int], legend: bool, stacked: bool,
               series: int) -> None:
    """Fix the plot area inside the chart (c:manualLayout, inner): the labels get `share` of the width."""
    height_pt = box[3] / 12700
    top = (size * 2.2 if stacked else 4) / height_pt
    bottom = (size * 1.6 * (1 + series // 4) + 6 if legend else 4) / height_pt
    plot_area = chart._chartSpace.chart.plotArea
    for old in plot_area.findall(qn("c:layout")):
        plot_area.remove(old)
    layout = OxmlElement("c:layout")
    manual = OxmlElement("c:manualLayout")
    for tag, value in (("c:layoutTarget", "inner"), ("c:xMode", "edge"), ("c:yMode", "edge"),
                       ("c:x", share), ("c:y", top), ("c:w", 1 - share - 0.07), ("c:h", 1 - top - bottom)):
        element = OxmlElement(tag)
        element.set("val", value if isinstance(value, str) else f"{max(value, 0.01):.4f}")
        manual.append(element)
    layout.append(manual)
    plot_area.insert(0, layout)


def write(frame, paragraphs: list[str], size: int | None) -> None:
    """Paragraphs in a text frame, shrunk on overflow; the size is set on the runs, where viewers read it."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    # Paragraph by paragraph: a newline inside an answer becomes a line break, not a new paragraph.
    frame.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        frame.add_paragraph().text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            if size:
                run.font.size = size


def chart_slides(builder: Builder, title: str, line: str, chart: Chart, name: str) -> None:
    """A chart on as many slides as its bars need ('title (1/2)'), the full text of shortened labels in notes."""
    parts = pages(chart)
    for number, part in enumerate(parts, start=1):
        several = len(parts) > 1
        slide = builder.headed(f"{title} ({number}/{len(parts)})" if several else title, line)
        frame = add_chart(slide, part, builder.content_box(slide, Inches(0.5)),
                          f"{name}:{number}" if several else name)
        add_notes(slide, with_full_texts("", frame.shortened))


def with_full_texts(notes: str, shortened: list[tuple[str, str]]) -> str:
    """Speaker notes followed by the full text of every label the chart shortened."""
    if not shortened:
        return notes
    full = "Volledige teksten:\n" + "\n".join(f"- {text}" for _, text in shortened)
    return f"{notes}\n\n{full}" if notes else full


def add_notes(slide, notes: str) -> None:
    """Speaker notes on a slide (none when empty)."""
    if notes:
        slide.notes_slide.notes_text_frame.text = notes


def _place(shape, left: int, top: int, width: int, height: int) -> None:
    # The default template is 4:3; its placeholders are moved onto the 16:9 page.
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def dutch_date(iso: str | None) -> str:
    """An ISO date as Dutch text, '2026-11-29' -> '29 november 2026', without depending on a locale."""
    if not iso:
        return ""
    day = Date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def meeting_line(session: dict) -> str:
    """'Gemeentelijke bijeenkomst · Utrecht'."""
    parts = (KIND_LABELS.get(session["kind"], "Bijeenkomst"), session["place"])
    return " · ".join(part for part in parts if part)


def title_slide(builder: Builder, title: str, lines: list[str]):
    """The opening slide: a title and a few lines under it."""
    slide = builder.slide("title", title)
    subtitle = next((p for p in slide.placeholders if p.placeholder_format.type not in TITLES), None)
    if not builder.templated:
        _place(slide.shapes.title, Inches(1.6), Inches(1.8), builder.width - 2 * Inches(1.6), Inches(1.8))
    if subtitle is None:
        subtitle = slide.shapes.add_textbox(*builder.content_box(slide, Inches(0.2)))
    elif not builder.templated:
        _place(subtitle, Inches(1.6), Inches(3.9), builder.width - 2 * Inches(1.6), Inches(2.2))
    subtitle.text_frame.text = "\n".join(line for line in lines if line)
    return slide


# The summary deck ----------------------------------------------------------------------------------------


def summary_deck(db: Database, session: dict, template=None, each: Each = iter,
                 all_answers: bool = False) -> PresentationType:
    """The summary deck: title, participants per group, per question its chart and split charts, methods.

    Text answers: the first ANSWER_LIMIT per question, or with `all_answers` every one.
    """
    from . import summary

    builder = Builder(template)
    summary.build(builder, db, session, each, None if all_answers else ANSWER_LIMIT)
    return builder.prs


def write_summary_deck(db: Database, session: dict, path_or_file: str | os.PathLike | IO[bytes],
                       template=None, each: Each = iter, all_answers: bool = False) -> None:
    """Save the summary deck of a session to a file path or a binary file object."""
    if isinstance(path_or_file, os.PathLike):
        path_or_file = os.fspath(path_or_file)
    summary_deck(db, session, template, each, all_answers).save(path_or_file)


def question_slides(builder: Builder, question: Question, result: dict[str, Any], notes: str,
                    limit: int | None = None) -> list:
    """A question's result: one chart slide, or its (first `limit`) answers as text over several slides."""
    title = question.text
    if result.get("withheld"):  # fewer than k people answered: no chart, no counts (docs/privacy.md)
        slide = builder.headed(title, f"n = {result['n']}")
        builder.body(slide, [withheld_line(result)], None, Inches(0.5))
        add_notes(slide, notes)
        return [slide]
    chart = drawn(question, kind_of(question).chart(question, result))
    if chart is not None:
        slide = builder.headed(title, f"n = {result.get('n', 0)}")
        frame = add_chart(slide, chart, builder.content_box(slide, Inches(0.5)), f"chart:{question.id}")
        add_notes(slide, with_full_texts(notes, frame.shortened))
        return [slide]
    if "answers" in result:
        shown = result["answers"] if limit is None else result["answers"][:limit]
        left_out = len(result["answers"]) - len(shown)
        pages = _pages(shown + [left_out_note(left_out)] if left_out else shown)
    else:
        # A kind that draws a chart has none only when nobody answered yet (a grid with no item placed).
        empty = "Nog geen antwoorden." if not result.get("n") else "Geen weergave voor deze soort vraag."
        left_out, pages = 0, [[empty]]
    slides = []
    for number, page in enumerate(pages, start=1):
        heading = title if len(pages) == 1 else f"{title} ({number}/{len(pages)})"
        slide = builder.slide("content", heading)
        box = slide.shapes.add_textbox(*builder.content_box(slide)[:3], Inches(0.4))
        write(box.text_frame, [f"n = {result.get('n', 0)}"], Pt(16))
        lines = _lines(page)
        size = Pt(20 if lines <= LINES_PER_SLIDE // 2 else 16 if lines <= LINES_PER_SLIDE else 12)
        frame = builder.body(slide, page or ["Geen antwoorden"], None if builder.templated else size,
                             Inches(0.45))
        if left_out and number == len(pages):
            for run in frame.paragraphs[-1].runs:
                run.font.italic = True
        if number == 1:
            add_notes(slide, notes)
        slides.append(slide)
    return slides


def text_slides(builder: Builder, title: str, lines: list[str]) -> list:
    """Lines of text over as many slides as they need (each line on exactly one)."""
    pages = _pages(lines)
    slides = []
    for number, page in enumerate(pages, start=1):
        slide = builder.slide("content", title if len(pages) == 1 else f"{title} ({number}/{len(pages)})")
        size = Pt(20 if _lines(page) <= LINES_PER_SLIDE // 2 else 16 if _lines(page) <= LINES_PER_SLIDE else 12)
        builder.body(slide, page, None if builder.templated else size)
        slides.append(slide)
    return slides


def withheld_line(result: dict[str, Any]) -> str:
    """Why a result is not shown: fewer than k people answered (Interaction.withhold)."""
    return f"Minder dan {result['k']} deelnemers antwoordden: de uitkomst wordt niet getoond."


def left_out_note(count: int) -> str:
    """The last line of a question's capped answers: how many more there are, and where to find them."""
    more = f"{count:,}".replace(",", ".")  # Dutch thousands: 2.850
    which = "antwoord dat niet in deze samenvatting staat" if count == 1 else \
        "antwoorden die niet in deze samenvatting staan"
    return (f"… en nog {more} {which}. "
            "Alle antwoorden staan in de data-export (xlsx/csv: workshop export data).")


def _pages(answers: list[str]) -> list[list[str]]:
    """Answers split over slides by count and length; every answer lands on exactly one page."""
    pages: list[list[str]] = [[]]
    for answer in answers:
        page = pages[-1]
        if page and (len(page) >= ANSWERS_PER_SLIDE or _lines(page + [answer]) > LINES_PER_SLIDE):
            pages.append(page := [])
        page.append(answer)
    return pages


def _lines(paragraphs: list[str]) -> int:
    return sum(1 + len(text) // CHARACTERS_PER_LINE + text.count("\n") for text in paragraphs)


def session_title(db: Database, session: dict) -> list[str]:
    """The lines under a session's title: meeting and place, date, participants."""
    participants = store.count_participants(db, session["id"])
    return [meeting_line(session), dutch_date(session["date"]),
            f"{participants} {'deelnemer' if participants == 1 else 'deelnemers'}"]

