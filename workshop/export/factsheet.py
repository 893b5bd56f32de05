"""The factsheet: one A4 portrait page about a municipality's meeting, as pptx and (with LibreOffice) PDF.

No Flask here. The page names the study, place and date; says who took part; shows the most telling results
as small native charts, each with its finding in one line; where the groups agree and differ on the
statements (consensus.py's rules, through summary.agreement_lines / difference_lines); a few quotes from
approved statements and open answers; a footnote on method and the study's source line (docs/exports.md).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches, Pt
from sqlite_utils import Database

from .. import privacy, sessions, store
from ..interactions import kind_of
from .charts import drawn
from .pptx import Builder, add_chart, dutch_date, write
from .summary import agreement_lines, difference_lines, participant_groups

PAGE = (Inches(7.5), Inches(10.83))  # PowerPoint's "A4 paper" page
CHARTS, QUOTES, STATEMENT_LINES = 4, 3, 3
QUOTE_LENGTH = (20, 160)
GREY = RGBColor(0x44, 0x44, 0x44)


def telling_questions(db: Database, session: dict) -> list[tuple]:
    """The questions to chart: most respondents first (deck order on ties), at least k of them, no boards."""
    k = sessions.min_group(session)
    found = []
    for position, question in enumerate(sessions.deck_of(session).questions):
        kind = kind_of(question)
        if kind.collects == "submissions":
            continue
        result = sessions.result_of(db, session, question)
        chart = drawn(question, kind.chart(question, result))
        if chart is not None and result["n"] >= k:
            found.append((-result["n"], position, question, result, chart))
    return [(q, r, c) for _, _, q, r, c in sorted(found, key=lambda f: f[:2])[:CHARTS]]


def statement_lines(db: Database, session: dict) -> tuple[list[str], list[str], str]:
    """Where groups agree and where they differ on the first board that splits, with the groups it compares.

    When no board splits into groups of at least k, no lines and one honest sentence instead.
    """
    deck = sessions.deck_of(session)
    k = sessions.min_group(session)
    boards = [q for q in deck.questions if q.kind == "statements"]
    for question in boards:
        for profile in deck.profile:
            split = sessions.split_result(db, session, question, profile["id"])
            if split and split.get("comparison"):
                groups = ", ".join(f"{g['label']} ({g['n']})" for g in split["groups"])
                return (agreement_lines(split["comparison"])[:STATEMENT_LINES],
                        difference_lines(split["comparison"])[:STATEMENT_LINES],
                        f"Groepen: {groups}.")
    if not boards:
        return [], [], ""
    return [], [], (f"Per groep vergelijken kon niet: geen twee groepen hadden minstens {k} deelnemers die "
                    "over de stellingen stemden.")


def quotes(db: Database, session: dict, words: Iterable[str] = ()) -> list[str]:
    """A few texts participants wrote: approved statements and shown open answers, never Q&A questions.

    Each passes the privacy guard now; taken in turn from each question in deck order.
    """
    pools = []
    for question in sessions.deck_of(session).questions:
        if question.kind == "statements":
            rows = store.submissions(db, session["id"], question.id)
            texts = [r["text"] for r in rows if r["participant_id"] and r["source"] == "participant"]
        elif question.kind == "open":
            texts = [t for value in store.response_values(db, session["id"], question.id) for t in value]
        else:
            continue  # Q&A questions are addressed to the team, not findings; other kinds have no texts
        low, high = QUOTE_LENGTH
        unique = list(dict.fromkeys(t.strip() for t in texts))
        pools.append([t for t in unique if low <= len(t) <= high and not privacy.is_flagged(t, list(words))])
    chosen: list[str] = []
    while len(chosen) < QUOTES and any(pools):
        for pool in pools:
            if pool and len(chosen) < QUOTES:
                chosen.append(pool.pop(0))
    return chosen


def title_of(session: dict) -> str:
    """'GIPZ · Zeist · 2 maart 2026': the study (front matter `study`, else the deck title), place, date."""
    deck = sessions.deck_of(session)
    study = deck.meta.get("study") or session["title"]
    return " · ".join(t for t in (study, session["place"], dutch_date(session["date"])) if t)


def source_of(session: dict, source: str | None = None) -> str:
    """The source line: given, or the deck's `source`, else the study and the meeting; never the software."""
    deck = sessions.deck_of(session)
    text = source or deck.meta.get("source") or deck.meta.get("study") or session["title"]
    meeting = " ".join(t for t in (f"bijeenkomst in {session['place']}" if session["place"] else "",
                                   f"op {dutch_date(session['date'])}" if session["date"] else "") if t)
    return f"Bron: {text}" + (f"; {meeting}." if meeting else ".")


def method_note(session: dict) -> str:
    """The footnote on method, in plain Dutch."""
    k = sessions.min_group(session)
    return (f"Zo kwamen deze cijfers tot stand. Deelnemers antwoordden anoniem op hun telefoon; we vroegen "
            f"geen namen. Groepen van minder dan {k} mensen tonen we niet apart: die tellen mee onder "
            f"'Overig' of in het totaal. Of groepen het met elkaar eens zijn, berekenen we met een kleine "
            f"correctie voor kleine aantallen (smoothing), zodat één stem geen conclusie maakt; de "
            f"percentages zijn de gewone aandelen. Teksten staan hier alleen als ze zijn vrijgegeven en geen "
            f"herkenbare gegevens bevatten.")


def factsheet(db: Database, session: dict, words: Iterable[str] = (), template=None,
              source: str | None = None) -> PresentationType:
    """The one-page factsheet of a session (A4 portrait, or the page of an organisation's `template`)."""
    builder = Builder(template, size=PAGE)
    page = Page(builder)
    slide = builder.slide("blank", "")
    for placeholder in list(slide.placeholders):  # a template's blank layout may still carry a title
        placeholder._element.getparent().remove(placeholder._element)
    participants = store.count_participants(db, session["id"])
    y = page.text(slide, page.y(0.3), page.y(0.5), [title_of(session)], 20, bold=True)
    y = page.text(slide, y, page.y(0.3), [f"{session['title']} · {participants} deelnemers"], 10,
                  colour=GREY)
    y = page.section(slide, y, "Wie deden mee", who_took_part(db, session, participants), 9)
    charts = telling_questions(db, session)
    if charts:
        y = page.text(slide, y + page.y(0.08), page.y(0.3), ["Belangrijkste uitkomsten"], 12, bold=True)
        gap = page.x(0.2)
        cell_width, cell_height = (page.width - gap) // 2, page.y(2.45)
        for number, (question, result, chart) in enumerate(charts):
            x = page.left + (number % 2) * (cell_width + gap)
            top = y + (number // 2) * cell_height
            page.text(slide, top, page.y(0.36), [f"{question.text} (n = {result['n']})"], 8, bold=True, x=x,
                      width=cell_width)
            page.text(slide, top + page.y(0.36), page.y(0.3), [kind_of(question).finding(question, result)], 7, x=x,
                      width=cell_width, colour=GREY)
            chart.notes = None  # the finding above says what a note would; short labels stay readable
            add_chart(slide, chart, (x, top + page.y(0.66), cell_width, cell_height - page.y(0.74)),
                      f"factsheet:{question.id}", largest=8, longest=70)
        y += ((len(charts) + 1) // 2) * cell_height
    agree, differ, groups = statement_lines(db, session)
    if agree or differ or groups:
        y = page.text(slide, y + page.y(0.05), page.y(0.3), ["Waar de groepen het eens zijn, en waar niet"],
                      12, bold=True)
        if groups:
            y = page.text(slide, y, page.y(0.22), [groups], 8, colour=GREY)
        if agree or differ:
            half = (page.width - page.x(0.2)) // 2
            page.text(slide, y, page.y(1.1), ["Eens", *agree], 8, width=half, headed=True)
            page.text(slide, y, page.y(1.1), ["Verschillen", *differ], 8, x=page.left + half + page.x(0.2),
                      width=half, headed=True)
            y += page.y(1.1)
    said = quotes(db, session, words)
    if said:
        y = page.section(slide, y, "Wat deelnemers schreven", [f"“{text}”" for text in said], 8,
                         height=page.y(0.2) * len(said) + page.y(0.1))
    bottom = builder.height - page.y(0.25)
    y = page.text(slide, max(y + page.y(0.05), bottom - page.y(0.8)), page.y(0.55), [method_note(session)], 7,
                  colour=GREY)
    page.text(slide, y, page.y(0.22), [source_of(session, source)], 7, bold=True, colour=GREY)
    return builder.prs


def who_took_part(db: Database, session: dict, participants: int) -> list[str]:
    """Participants per group of each profile question when k allows; otherwise one honest sentence."""
    lines = []
    for profile in sessions.deck_of(session).profile:
        shown, note = participant_groups(db, session, profile)
        if len(shown) >= 2:
            merged = next((g for g in shown if "merged" in g), None)
            parts = " · ".join(f"{g['label']} {g['n']}" for g in shown)
            extra = f" ('{merged['label']}': {', '.join(merged['merged'])} samen)" if merged else ""
            lines.append(f"{profile['question']} {parts}{extra}")
        else:
            k = sessions.min_group(session)
            lines.append(f"{profile['question']} De groepen waren te klein om apart te tonen (minder dan {k} "
                         "per groep).")
    return lines or [f"{participants} deelnemers."]


class Page:
    """Positions on the factsheet's page: inches on A4, scaled to a template's page."""

    def __init__(self, builder: Builder):
        self.sx, self.sy = builder.width / PAGE[0], builder.height / PAGE[1]
        self.left, self.width = self.x(0.45), builder.width - 2 * self.x(0.45)

    def x(self, inches: float) -> int:
        """A horizontal distance in A4 inches, on this page."""
        return int(Inches(inches) * self.sx)

    def y(self, inches: float) -> int:
        """A vertical distance in A4 inches, on this page."""
        return int(Inches(inches) * self.sy)

    def section(self, slide, y: int, heading: str, lines: list[str], size: int, height: int | None = None
                ) -> int:
        """A heading and its lines; returns where the next goes."""
        y = self.text(slide, y + self.y(0.05), self.y(0.3), [heading], 12, bold=True)
        return self.text(slide, y, height or int(self.y(0.19) * (len(lines) + 0.5)), lines, size)

    def text(self, slide, top: int, height: int, paragraphs: list[str], size: int, bold: bool = False,
             x: int | None = None, width: int | None = None, colour: RGBColor | None = None,
             headed: bool = False) -> int:
        """A text box (bold, or only its first line bold); returns where the next goes."""
        box = slide.shapes.add_textbox(self.left if x is None else x, top, width or self.width, height)
        write(box.text_frame, paragraphs, Pt(size))
        for number, paragraph in enumerate(box.text_frame.paragraphs):
            for run in paragraph.runs:
                run.font.bold = bold or (headed and number == 0)
                run.font.color.rgb = colour or RGBColor(0x1B, 0x1F, 0x24)
        return top + height


def to_pdf(pptx_path: str | Path) -> Path | None:
    """Convert a pptx to PDF beside it with LibreOffice; None when `soffice` is not on PATH."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    source = Path(pptx_path).resolve()
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
                       capture_output=True, timeout=240, check=False)
    pdf = source.with_suffix(".pdf")
    return pdf if pdf.exists() else None
