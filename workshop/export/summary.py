"""The summary deck of a session, slide by slide (built with the toolkit in pptx.py). No Flask here.

Title; participants per group of each profile question; per question its chart, the split chart per
profile question when at least two groups are large enough, and for statement boards where the groups
agree and where they differ; the facilitator's notes as speaker notes; a methods section at the end.
Groups smaller than the session's k are merged as profiles.suppress says, on every slide.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pptx.util import Inches, Pt
from sqlite_utils import Database

from .. import config, palette, profiles, rounds, sessions, store
from ..deck import Deck
from ..interactions import Chart, Question, kind_of
from . import scatter
from .charts import Drawn, group_colour, named, participants_chart, split_chart
from .pptx import (Builder, Each, add_chart, add_notes, chart_slides, question_slides, session_title,
                   text_slides, title_slide, with_full_texts, write)

METHOD_ROWS = 10


def build(builder: Builder, db: Database, session: dict, each: Each = iter, answer_limit: int | None = None
          ) -> None:
    """Add every slide of a session's summary to a presentation being built (text answers up to a limit)."""
    deck = sessions.deck_of(session)
    notes = session_notes(db, session, deck)
    add_notes(title_slide(builder, session["title"], session_title(db, session)), notes.get(None, ""))
    for profile in deck.profile:
        participants_slide(builder, db, session, profile)
    results: dict[str, dict] = {}
    states = store.question_states(db, session["id"])
    for question in each(deck.questions):
        result = results[question.id] = sessions.result_of(db, session, question)
        spoken = "\n\n".join(t for t in (deck.slide_of(question.id).notes, notes.get(question.id)) if t)
        last = (states.get(question.id) or {}).get("round") or 1
        # a question asked again: its own slide shows the last round, the next one every round side by side
        shown = question if last == 1 else Question(question.id, question.kind, f"{question.text} (ronde {last})",
                                                    question.settings)
        question_slides(builder, shown, result, spoken, answer_limit)
        if last > 1:
            rounds_slide(builder, db, session, question)
        behind = kind_of(question).texts_behind(question, result)
        if behind:
            text_slides(builder, f"{question.text}: wat deelnemers indienden", behind)
        for profile in deck.profile:
            split = sessions.split_result(db, session, question, profile["id"])
            if split and len(split["groups"]) >= 2:
                split_slide(builder, question, result, split, profiles.labels(profile))
            if split and split.get("comparison") and "agree" in split["comparison"]:
                board_slide(builder, question, split)
    for codebook_id in store.codebooks_of_session(db, session["id"]):
        codes_slide(builder, db, session, codebook_id)
    methods_slides(builder, db, session, deck, results)


def rounds_chart(question: Question, comparison: dict) -> Drawn | None:
    """The rounds of a question as a clustered bar chart by share (or mean): a series per round with its n,
    the earlier rounds lighter, each option's shift from the round before the last beside its label.
    Rounds answered by fewer than k people are left out; None when no round is left."""
    shown = [(number, r) for number, r in enumerate(comparison["rounds"]) if not r["withheld"]]
    if not shown or not comparison["rows"]:
        return None
    series = [(f"Ronde {r['round']} (n = {r['n']})", [row["values"][number] for row in comparison["rows"]])
              for number, r in shown]
    notes = [rounds.shift_text(comparison, row["shift"]) for row in comparison["rows"]]
    return Drawn("bar", [row["label"] for row in comparison["rows"]], series, "0.0",
                 notes if any(notes) else None, palette.rounds(len(series)),
                 rounds.BASIS_TEXT[comparison["basis"]])


def rounds_slide(builder: Builder, db: Database, session: dict, question: Question) -> None:
    """Every round of a question asked again, side by side by share, with n per round (k per round)."""
    comparison = rounds.compare(question, sessions.round_results(db, session, question))
    if comparison is None:  # texts and words: each round's answers are in the data export
        return
    numbers = [str(r["round"]) for r in comparison["rounds"]]
    title = f"{question.text}: ronde {', '.join(numbers[:-1])} en {numbers[-1]}"
    left_out = [f"ronde {r['round']}: minder dan {r['k']} antwoorden, niet getoond"
                for r in comparison["rounds"] if r["withheld"]]
    chart = rounds_chart(question, comparison)
    shift = (f"verschuiving t.o.v. ronde {numbers[-2]}" + ("" if comparison["basis"] == "mean"
                                                          else " in procentpunten (pp)"))
    line = " · ".join([rounds.BASIS_TEXT[comparison["basis"]], *([shift] if chart and chart.notes else []),
                       *left_out])
    if chart is None:
        builder.body(builder.headed(title, line), ["Geen ronde met genoeg antwoorden om te tonen."], None,
                     Inches(0.5))
        return
    chart_slides(builder, title, line, chart, f"rounds:{question.id}")


def codes_slide(builder: Builder, db: Database, session: dict, codebook_id: int) -> None:
    """How many participants said something coded with each code (docs/coding.md), when anything is coded."""
    from ..coding import counts
    from ..coding.texts import session_texts

    codings = store.codings(db, codebook_id)
    codes = store.codes(db, codebook_id)
    texts = session_texts(db, session)
    keys = {t.key for t in texts}
    if not codes or not any(row["text_key"] in keys for row in codings):
        return
    k = sessions.min_group(session)
    [found] = counts.per_session(texts, counts.coded_texts(codings), codes, k) or [{"n": 0, "suppressed": True}]
    book = store.codebook(db, codebook_id)
    title = f"Codes in wat deelnemers zeiden: {book['name']}"
    if found.get("suppressed"):
        slide = builder.headed(title, f"Minder dan {k} deelnemers met een tekst: niet getoond.")
        return
    slide = builder.headed(title, f"Deelnemers met ten minste één tekst met de code, van n = {found['n']} "
                                  "deelnemers met een tekst (%)")
    chart = Chart("bar", [c["name"] for c in codes], [("Deelnemers (%)", [found["codes"][c["id"]]["share"]
                                                                          for c in codes])],
                  notes=[f"{found['codes'][c['id']]['count']} van {found['n']}" for c in codes])
    frame = add_chart(slide, chart, builder.content_box(slide, Inches(0.5)), f"codes:{codebook_id}")
    add_notes(slide, with_full_texts("", frame.shortened))


def participant_groups(db: Database, session: dict, profile: dict) -> tuple[list[dict], str | None]:
    """Participants per answer to a profile question, small groups merged (profiles.suppress)."""
    labels = profiles.labels(profile)
    counted: dict[str, int] = {}
    for group, n in store.group_sizes(db, session["id"], profile["id"]).items():
        label = labels[group] if isinstance(group, int) and 0 <= group < len(labels) else profiles.UNKNOWN
        counted[label] = counted.get(label, 0) + n
    candidates = [{"label": label, "n": counted[label]} for label in [*labels, profiles.UNKNOWN]
                  if counted.get(label)]
    return profiles.suppress(candidates, sessions.min_group(session))


def participants_slide(builder: Builder, db: Database, session: dict, profile: dict) -> None:
    """Participants per group of one profile question, as a chart (nothing shown below k in all)."""
    groups, note = participant_groups(db, session, profile)
    total = store.count_participants(db, session["id"])
    slide = builder.headed(f"Deelnemers: {profile['question']}",
                           " · ".join(t for t in (f"n = {total}", note) if t))
    if groups:
        add_chart(slide, participants_chart(groups), builder.content_box(slide, Inches(0.5)),
                  f"participants:{profile['id']}")


def split_slide(builder: Builder, question: Question, result: dict, split: dict, order: list[str]) -> None:
    """A question's result per group of a profile question (groups in the legend), on readable slides."""
    whole = kind_of(question).chart(question, result)
    if whole is not None and whole.type == "scatter":  # points per group on the same two scales
        scatter_split_slide(builder, question, whole, split, order)
        return
    chart = split_chart(question, result, split, order)
    if chart is None:
        return
    line = " · ".join(t for t in (f"Per groep: {split['question']}", chart.unit, split["note"]) if t)
    chart_slides(builder, question.text, line, chart, f"split:{question.id}:{split['by']}")


def scatter_split_slide(builder: Builder, question: Question, whole, split: dict, order: list[str]) -> None:
    """A grid per group: one series of points per group (groups below k merged as everywhere), one slide."""
    kind = kind_of(question)
    groups = [(named(g["label"], g["n"]), kind.chart(question, g["result"]), group_colour(g["label"], order))
              for g in split["groups"]]
    slide = builder.headed(question.text, " · ".join(
        t for t in (f"Per groep: {split['question']}", "gemiddelde plaats op elke schaal", split["note"]) if t))
    add_chart(slide, scatter.grouped(whole, groups), builder.content_box(slide, Inches(0.5)),
              f"split:{question.id}:{split['by']}")


def board_slide(builder: Builder, question: Question, split: dict) -> None:
    """Where the groups agree and where they differ on a statement board, with the group sizes."""
    comparison, groups = split["comparison"], split["groups"]
    sizes = ", ".join(named(g["label"], g["n"]) for g in groups)
    slide = builder.headed(question.text, " · ".join(t for t in (f"Groepen: {sizes}", split["note"]) if t))
    left, top, width, height = builder.content_box(slide, Inches(0.5))
    half = (width - Inches(0.3)) // 2
    columns = ((left, "Waar de groepen het over eens zijn", agreement_lines(comparison)),
               (left + half + Inches(0.3), "Waar ze verschillen", difference_lines(comparison)))
    for x, heading, lines in columns:
        box = slide.shapes.add_textbox(x, top, half, height)
        write(box.text_frame, [heading, *lines], Pt(14))
        box.text_frame.paragraphs[0].runs[0].font.bold = True


def agreement_lines(comparison: dict) -> list[str]:
    """Statements every group agrees (or disagrees) with, as consensus.py decides, with raw shares and n."""
    lines = [f"Samen eens: {s['text']} ({group_shares(s['groups'])})" for s in comparison["agree"]]
    lines += [f"Samen oneens: {s['text']} ({group_shares(s['groups'])})" for s in comparison["disagree"]]
    return lines or ["Geen stelling waarover alle groepen het eens zijn."]


def difference_lines(comparison: dict) -> list[str]:
    """Statements on which one group differs from the rest of the room (consensus.py), raw shares and n."""
    lines = []
    for s in comparison["differ"]:
        group, rest = s["lines"]
        verb = "eens" if s["vote"] == "agree" else "oneens"
        lines.append(f"{s['text']} — {group['label']} vaker {verb} ({percent_of(group)}) dan "
                     f"{rest['label']} ({percent_of(rest)})")
    return lines or ["Geen duidelijke verschillen tussen de groepen."]


def percent_of(line: dict) -> str:
    """'80% van 10': a raw share and the number of people it is a share of."""
    return f"{line['share']:.0f}% van {line['n']}"


def group_shares(lines: list[dict]) -> str:
    """'Politie 80% van 10, Zorg 75% van 8': each group's raw share of a vote on one statement."""
    return ", ".join(f"{line['label']} {percent_of(line)}" for line in lines)


# Notes and methods ---------------------------------------------------------------------------------------


def local_time(iso: str | None) -> str:
    """A stored UTC time as clock time in the zone the screens use (config.timezone()), '14:05'."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(config.timezone())
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - no time zone data: UTC, as Babel does
        zone = UTC
    return moment.astimezone(zone).strftime("%H:%M")


def session_notes(db: Database, session: dict, deck: Deck) -> dict[str | None, str]:
    """The facilitator's notes per question (None: notes taken on a slide without a question)."""
    lines: dict[str | None, list[str]] = {}
    for note in store.notes(db, session["id"]):
        key = note["question_id"] if note["question_id"] and deck.question(note["question_id"]) else None
        where = "" if key else f"dia {note['slide'] + 1}, "
        author = f"{note['author']}: " if note.get("author") else ""
        lines.setdefault(key, []).append(f"{local_time(note['created_at'])} {where}{author}{note['text']}")
    return {key: "Notities uit de sessie:\n" + "\n".join(texts) for key, texts in lines.items()}


def open_times(db: Database, session: dict) -> dict[str, list[list[str | None]]]:
    """When each question was open, from the event log: question id -> [[opened, closed or None], ...]."""
    spans: dict[str, list[list[str | None]]] = {}

    def opened(question_id: str, at: str) -> None:
        if not spans.get(question_id) or spans[question_id][-1][1] is not None:
            spans.setdefault(question_id, []).append([at, None])

    def closed(question_id: str, at: str) -> None:
        if spans.get(question_id) and spans[question_id][-1][1] is None:
            spans[question_id][-1][1] = at

    for event in store.events(db, session["id"]):
        data = event["data"] or {}
        if event["type"] in ("question_opened", "round_started"):
            opened(data["question"], event["at"])
        elif event["type"] == "question_closed":
            closed(data["question"], event["at"])
        elif event["type"] == "self_paced_started":
            for question_id in data.get("questions") or []:
                opened(question_id, event["at"])
        elif event["type"] == "self_paced_ended":
            for question_id in list(spans):
                closed(question_id, event["at"])
    for question_id, state in store.question_states(db, session["id"]).items():
        if question_id not in spans and state.get("opened_at"):
            spans[question_id] = [[state["opened_at"], state.get("closed_at")]]
    return spans


def methods_slides(builder: Builder, db: Database, session: dict, deck: Deck, results: dict[str, dict]
                   ) -> None:
    """How the numbers came about: who took part, the small-group rule, when each question was open.

    `results`: every question's result by id, as the question slides computed them (each is a pass over
    all its answers, so not computed twice).
    """
    k = sessions.min_group(session)
    participants = store.count_participants(db, session["id"])
    respondents = store.count_respondents(db, session["id"])
    slide = builder.slide("content", "Verantwoording")
    builder.body(slide, [
        f"{participants} deelnemers, van wie {respondents} minstens één vraag beantwoordden.",
        (f"Groepen kleiner dan {k} staan nergens apart: ze zijn samengevoegd in '{profiles.OTHER}', zo nodig "
         "met de kleinste andere groep, zodat geen kleine groep is af te leiden."),
        "Open antwoorden die de privacy-check tegenhield en die niet zijn vrijgegeven, tellen niet mee.",
        f"Tijden in Nederlandse tijd. Sessiecode {session['code']}.",
    ], None if builder.templated else Pt(18))
    times = open_times(db, session)
    rows = []
    for question in deck.questions:
        n = results[question.id]["n"]
        spans = "; ".join(f"{local_time(a)}–{local_time(b) if b else 'niet gesloten'}"
                          for a, b in times.get(question.id, [])) or "niet geopend"
        rows.append([question.text, question.kind, str(n), spans])
    pages = [rows[i:i + METHOD_ROWS] for i in range(0, len(rows), METHOD_ROWS)]
    for number, page in enumerate(pages, start=1):
        title = "Verantwoording: vragen" + (f" ({number}/{len(pages)})" if len(pages) > 1 else "")
        slide = builder.slide("title_only", title)
        left, top, width, _ = builder.content_box(slide, Inches(0.2))
        shape = slide.shapes.add_table(len(page) + 1, 4, left, top, width, Inches(0.4) * (len(page) + 1))
        shape.name = "methods"
        table = shape.table
        for column, share in enumerate((0.52, 0.12, 0.08, 0.28)):
            table.columns[column].width = int(width * share)
        for r, cells in enumerate([["Vraag", "Soort", "n", "Open"], *page]):
            for c, text in enumerate(cells):
                frame = table.cell(r, c).text_frame
                frame.text = text
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(12)
