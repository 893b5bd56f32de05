"""The factsheet: one A4 portrait page about a municipality's meeting, as pptx and (with LibreOffice) PDF.

No Flask here. The page shows the meeting, participants per group, the most telling results as small
native charts, where groups agree and differ on the statements, and a few quotes. The rules are in
docs/exports.md: the charts are the (at most four) questions with the most respondents, at least k.
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
from .pptx import Builder, add_chart, dutch_date, meeting_line, write
from .summary import agreement_lines, difference_lines, participant_groups

PAGE = (Inches(7.5), Inches(10.83))  # PowerPoint's "A4 paper" page
LEFT, WIDTH = Inches(0.45), Inches(6.6)
CHARTS, QUOTES, STATEMENT_LINES = 4, 4, 3
QUOTE_LENGTH = (20, 160)
GREY = RGBColor(0x55, 0x55, 0x55)


def telling_questions(db: Database, session: dict) -> list[tuple]:
    """The questions to chart: most respondents first (deck order on ties), at least k of them, no boards."""
    k = session.get("min_group") or 5
    found = []
    for position, question in enumerate(sessions.deck_of(session).questions):
        kind = kind_of(question)
        if kind.collects == "submissions":
            continue
        result = sessions.result_of(db, session, question)
        chart = kind.chart(question, result)
        if chart is not None and result["n"] >= k:
            found.append((-result["n"], position, question, result, chart))
    return [(q, r, c) for _, _, q, r, c in sorted(found, key=lambda f: f[:2])[:CHARTS]]


def statement_lines(db: Database, session: dict) -> tuple[list[str], list[str], str]:
    """Where groups agree and where they differ on the first board that splits; else the most agreed ones."""
    deck = sessions.deck_of(session)
    k = session.get("min_group") or 5
    boards = [q for q in deck.questions if q.kind == "statements"]
    for question in boards:
        for profile in deck.profile:
            split = sessions.split_result(db, session, question, profile["id"])
            if split and split.get("comparison"):
                return (agreement_lines(split["comparison"], split["groups"])[:STATEMENT_LINES],
                        difference_lines(split["comparison"])[:STATEMENT_LINES],
                        f"per groep: {split['question']}")
    ranked = []
    for question in boards:
        for s in sessions.result_of(db, session, question)["statements"]:
            if s["votes"] >= k:
                share = round(100 * s["agree_share"])
                ranked.append((-s["agree_share"], f"{s['text']} ({share}% eens, n = {s['votes']})"))
    note = f"uitsplitsing naar groep niet getoond (groepen kleiner dan {k})" if deck.profile else ""
    return [text for _, text in sorted(ranked)[:STATEMENT_LINES]], [], note


def quotes(db: Database, session: dict, words: Iterable[str] = ()) -> list[str]:
    """A few shown texts (open answers, participants' approved statements) that pass the privacy guard now."""
    pools = []
    for question in sessions.deck_of(session).questions:
        if kind_of(question).collects == "submissions":
            rows = store.submissions(db, session["id"], question.id)
            texts = [r["text"] for r in rows if r["participant_id"]]
        elif question.kind == "open":
            texts = [t for value in store.response_values(db, session["id"], question.id) for t in value]
        else:
            continue
        low, high = QUOTE_LENGTH
        pools.append([t for t in texts if low <= len(t) <= high and not privacy.is_flagged(t, list(words))])
    chosen: list[str] = []
    while len(chosen) < QUOTES and any(pools):
        for pool in pools:
            if pool and len(chosen) < QUOTES:
                chosen.append(pool.pop(0))
    return chosen


def factsheet(db: Database, session: dict, words: Iterable[str] = ()) -> PresentationType:
    """The one-page factsheet of a session (A4 portrait)."""
    builder = Builder(size=PAGE)
    slide = builder.slide("blank", "")
    k = session.get("min_group") or 5
    participants = store.count_participants(db, session["id"])
    y = _text(slide, Inches(0.35), Inches(0.6), [session["title"]], 20, bold=True)
    y = _text(slide, y, Inches(0.3), [" · ".join([meeting_line(session), dutch_date(session["date"]),
                                                   f"{participants} deelnemers"])], 11)
    groups = []
    for profile in sessions.deck_of(session).profile:
        shown, note = participant_groups(db, session, profile)
        parts = " · ".join(f"{g['label']} {g['n']}" for g in shown) or note
        groups.append(f"{profile['question']} {parts}")
    if groups:
        y = _section(slide, y, "Wie deden mee", groups, 9)
    charts = telling_questions(db, session)
    if charts:
        y = _text(slide, y + Inches(0.1), Inches(0.3), ["Uitkomsten"], 12, bold=True)
        cell_width, cell_height = (WIDTH - Inches(0.2)) // 2, Inches(2.35)
        for number, (question, result, chart) in enumerate(charts):
            x = LEFT + (number % 2) * (cell_width + Inches(0.2))
            top = y + (number // 2) * cell_height
            _text(slide, top, Inches(0.4), [f"{question.text} (n = {result['n']})"], 9, bold=True, x=x,
                  width=cell_width)
            add_chart(slide, chart, (x, top + Inches(0.4), cell_width, cell_height - Inches(0.5)),
                      f"factsheet:{question.id}", font_size=7)
        y += ((len(charts) + 1) // 2) * cell_height
    agree, differ, note = statement_lines(db, session)
    if agree or differ:
        y = _text(slide, y + Inches(0.05), Inches(0.3), ["Stellingen" + (f" ({note})" if note else "")], 12,
                  bold=True)
        half = (WIDTH - Inches(0.2)) // 2
        _text(slide, y, Inches(1.3), ["Eens", *agree], 8, x=LEFT, width=half, headed=True)
        if differ:
            _text(slide, y, Inches(1.3), ["Verschillen", *differ], 8, x=LEFT + half + Inches(0.2), width=half,
                  headed=True)
        y += Inches(1.35)
    said = quotes(db, session, words)
    if said:
        y = _section(slide, y, "Uitspraken", [f"“{text}”" for text in said], 8, height=Inches(1.2))
    source = (f"Bron: workshop, sessie {session['code']}. Groepen kleiner dan {k} zijn samengevoegd in "
              "'Overig'; alleen vrijgegeven teksten.")
    _text(slide, PAGE[1] - Inches(0.45), Inches(0.3), [source], 7, colour=GREY)
    return builder.prs


def _section(slide, y: int, heading: str, lines: list[str], size: int, height: int | None = None) -> int:
    y = _text(slide, y + Inches(0.05), Inches(0.3), [heading], 12, bold=True)
    return _text(slide, y, height or Inches(0.2) * (len(lines) + 1), lines, size)


def _text(slide, top: int, height: int, paragraphs: list[str], size: int, bold: bool = False,
          x: int = LEFT, width: int = WIDTH, colour: RGBColor | None = None, headed: bool = False) -> int:
    """A text box at a height on the page (bold, or only its first line bold); returns where the next goes."""
    box = slide.shapes.add_textbox(x, top, width, height)
    write(box.text_frame, paragraphs, Pt(size))
    for number, paragraph in enumerate(box.text_frame.paragraphs):
        for run in paragraph.runs:
            run.font.bold = bold or (headed and number == 0)
            if colour is not None:
                run.font.color.rgb = colour
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
