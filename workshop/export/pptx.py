"""The summary deck of a session: a title slide, then one slide per question with its result. No Flask here.

Charts are native PowerPoint charts (editable, data inside), drawn from what a kind's `chart()` returns;
a kind whose `chart()` gives None is shown as its answers in text.
"""

from __future__ import annotations

import os
from datetime import date as Date
from typing import IO, Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches, Pt
from sqlite_utils import Database

from .. import sessions, store
from ..interactions import Chart, Question, kind_of

KIND_LABELS = {"gemeente": "Gemeentelijke bijeenkomst", "landelijk": "Landelijke bijeenkomst"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
CHART_TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "stacked": XL_CHART_TYPE.BAR_STACKED_100}
# Layouts of python-pptx's default template.
TITLE_LAYOUT, TITLE_AND_CONTENT_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 5
WIDTH, HEIGHT, MARGIN = Inches(13.333), Inches(7.5), Inches(0.6)
# An open-text slide holds at most 12 answers or 13 lines of 16pt text (about 100 characters a line);
# the rest goes on the next slide.
ANSWERS_PER_SLIDE, LINES_PER_SLIDE, CHARACTERS_PER_LINE = 12, 13, 100


def summary_deck(db: Database, session: dict) -> PresentationType:
    """Build the summary deck of a session: title slide, then one slide (or more) per question."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _title_slide(prs, db, session)
    deck = sessions.deck_of(session)
    for question in deck.questions:
        notes = deck.slide_of(question.id).notes
        _question_slides(prs, question, sessions.result_of(db, session, question), notes)
    return prs


def write_summary_deck(db: Database, session: dict, path_or_file: str | os.PathLike | IO[bytes]) -> None:
    """Save the summary deck of a session to a file path or a binary file object."""
    if isinstance(path_or_file, os.PathLike):
        path_or_file = os.fspath(path_or_file)
    summary_deck(db, session).save(path_or_file)


def dutch_date(iso: str | None) -> str:
    """An ISO date as Dutch text, '2026-11-29' -> '29 november 2026', without depending on a locale."""
    if not iso:
        return ""
    day = Date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# Slides --------------------------------------------------------------------------------------------------


def _title_slide(prs: PresentationType, db: Database, session: dict) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    _place(title, Inches(1.6), Inches(1.8), WIDTH - 2 * Inches(1.6), Inches(1.8))
    _place(subtitle, Inches(1.6), Inches(3.9), WIDTH - 2 * Inches(1.6), Inches(2.2))
    title.text = session["title"]
    participants = store.count_participants(db, session["id"])
    meeting = KIND_LABELS.get(session["kind"], "Bijeenkomst")
    lines = [
        " · ".join(part for part in (meeting, session["place"]) if part),
        dutch_date(session["date"]),
        f"{participants} {'deelnemer' if participants == 1 else 'deelnemers'}",
    ]
    subtitle.text = "\n".join(line for line in lines if line)


def _question_slides(prs: PresentationType, question: Question, result: dict[str, Any], notes: str) -> None:
    chart = kind_of(question).chart(question, result)
    if chart is not None:
        slide = _headed_slide(prs, TITLE_ONLY_LAYOUT, question.text, result)
        _add_chart(slide, chart)
        _add_notes(slide, notes)
        return
    pages = _pages(result["answers"]) if "answers" in result else [["Geen weergave voor deze soort vraag."]]
    for number, page in enumerate(pages, start=1):
        title = question.text if len(pages) == 1 else f"{question.text} ({number}/{len(pages)})"
        slide = _headed_slide(prs, TITLE_AND_CONTENT_LAYOUT, title, result)
        _fill_text(slide.placeholders[1], page or ["Geen antwoorden"])
        if number == 1:
            _add_notes(slide, notes)


def _headed_slide(prs: PresentationType, layout: int, title: str, result: dict[str, Any]):
    slide = prs.slides.add_slide(prs.slide_layouts[layout])
    heading = slide.shapes.title
    _place(heading, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(1.2))
    _write(heading.text_frame, [title], Pt(28 if len(title) > 60 else 36))
    box = slide.shapes.add_textbox(MARGIN, Inches(1.5), Inches(3), Inches(0.4))
    _write(box.text_frame, [f"n = {result.get('n', 0)}"], Pt(16))
    if layout != TITLE_ONLY_LAYOUT:
        _place(slide.placeholders[1], MARGIN, Inches(2.0), WIDTH - 2 * MARGIN, HEIGHT - Inches(2.4))
    return slide


def _add_chart(slide, chart: Chart) -> None:
    data = CategoryChartData(number_format=chart.number_format)
    notes = chart.notes or [""] * len(chart.categories)
    data.categories = [f"{label} ({note})" if note else label for label, note in zip(chart.categories, notes)]
    for name, values in chart.series:
        data.add_series(name, values)
    frame = slide.shapes.add_chart(CHART_TYPES[chart.type], MARGIN, Inches(2.0), WIDTH - 2 * MARGIN,
                                   HEIGHT - Inches(2.4), data)
    drawn = frame.chart
    drawn.has_title = False
    drawn.category_axis.reverse_order = True  # deck order from top to bottom
    drawn.value_axis.has_major_gridlines = False
    # Plain bars carry their counts as labels; a stacked bar keeps its 0-100% axis.
    drawn.value_axis.visible = chart.type == "stacked"
    drawn.plots[0].has_data_labels = True
    labels = drawn.plots[0].data_labels
    labels.show_value = True
    # In a stacked bar an empty segment would still carry a '0' on top of its neighbour.
    labels.number_format = f"{chart.number_format};;;" if chart.type == "stacked" else chart.number_format
    labels.number_format_is_linked = False
    drawn.has_legend = chart.type == "stacked" or len(chart.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False


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


def _fill_text(body, paragraphs: list[str]) -> None:
    lines = _lines(paragraphs)
    # 12pt only for a page holding a single answer too long for 16pt.
    size = 20 if lines <= LINES_PER_SLIDE // 2 else 16 if lines <= LINES_PER_SLIDE else 12
    _write(body.text_frame, paragraphs, Pt(size))
    for paragraph in body.text_frame.paragraphs:
        paragraph.space_after = Pt(4)


def _write(frame, paragraphs: list[str], size: int) -> None:
    """Paragraphs in a text frame, shrunk on overflow; the size is set on the runs, where viewers read it."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    # Paragraph by paragraph: a newline inside an answer becomes a line break, not a new paragraph.
    frame.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        frame.add_paragraph().text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = size


def _add_notes(slide, notes: str) -> None:
    if notes:
        slide.notes_slide.notes_text_frame.text = notes


def _place(shape, left: int, top: int, width: int, height: int) -> None:
    # The default template is 4:3; its placeholders are moved onto the 16:9 page.
    shape.left, shape.top, shape.width, shape.height = left, top, width, height
