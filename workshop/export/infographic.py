"""One page across a study or chosen sessions, for a report or a wall: SVG from a template, PNG and PDF. No Flask.

What the page shows is computed here (`data`); how it looks is the template, an SVG file with Jinja
placeholders that a researcher may copy and change (docs/study.md). Every share is of answers pooled over
the sessions, rounded half up (numbers.py); nothing is shown for fewer than k answers or participants:
groups are merged or left out as profiles.suppress says, results and group contrasts need k answers.
"""

from __future__ import annotations

import textwrap
from datetime import date as Date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from sqlite_utils import Database

from .. import palette, profiles, sessions, store
from ..consensus import two_prop_test
from ..interactions import Question, kind_of
from ..interactions.base import Interaction
from ..numbers import share
from .pptx import dutch_date

TEMPLATE = Path(__file__).with_name("infographic.svg")
FORMATS = ("svg", "png", "pdf")
PNG_DPI = 200  # sharp on a screen, good enough to print at A3
TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
KIND_NAMES = {"gemeente": "Gemeentelijke bijeenkomsten", "landelijk": "Landelijke bijeenkomsten",
              "anders": "Andere bijeenkomsten"}
# The profile question that splits participants into groups, and the two groups whose answers are set side
# by side ("where police and care agree and differ"); the CLI and the template's callers may choose others.
PROFILE = "domein"
CONTRAST = ("Politie", "Zorg")
TOP_RESULTS = 6
TOP_CONTRASTS = 3
Z_TWO_SIDED_90 = 1.6449  # police and care differ either way
# Two groups "agree" on an item when their shares differ by at most this many percentage points and the
# difference is not significant (consensus.two_prop_test, with pol.is's pseudo-counts, two-sided 90%: |z| >=
# 1.6449); they "differ" when it is significant.
AGREE_WITHIN = 10


class InfographicError(ValueError):
    """The infographic cannot be made (no sessions, an unreadable template); the message says why."""


def _pooled_result(db: Database, rows: list[dict], question: Question) -> dict[str, Any]:
    from .compare import pooled, values_of

    asked = [row for row in rows if sessions.deck_of(row).question(question.id) is not None]
    return kind_of(question).aggregate(question, pooled(question, [values_of(db, r, question) for r in asked]))


def _questions(rows: list[dict]) -> list[Question]:
    """Every question asked in the sessions (the first deck's wording), of a kind that gives shares."""
    found: dict[str, Question] = {}
    for row in rows:
        for question in sessions.deck_of(row).questions:
            if type(kind_of(question)).shares is not Interaction.shares and question.id not in found:
                found[question.id] = question
    return list(found.values())


def key_results(db: Database, rows: list[dict], k: int, top: int = TOP_RESULTS) -> list[dict[str, Any]]:
    """The largest shares across all sessions (at most two per question), each from at least k answers."""
    found = []
    for question in _questions(rows):
        result = _pooled_result(db, rows, question)
        items = [(text, hits, n) for text, hits, n in kind_of(question).shares(question, result) if n >= k]
        items.sort(key=lambda item: -item[1] / item[2])
        for text, hits, n in items[:2]:
            found.append({"question": question.text, "question_id": question.id, "item": text,
                          "hits": hits, "n": n, "share": share(hits, n)})
    found.sort(key=lambda r: (-r["share"], r["question_id"]))
    return found[:top]


def contrasts(db: Database, rows: list[dict], k: int, profile_id: str = PROFILE,
              pair: tuple[str, str] = CONTRAST, top: int = TOP_CONTRASTS) -> dict[str, list[dict]]:
    """Where two groups (police and care) agree and differ over all sessions, each side from k or more answers."""
    from .. import studies

    items = []
    for question in _questions(rows):
        split = studies.pooled_by_group(db, rows, question, profile_id)
        by_label = {g["label"]: g for g in split["groups"] if not g["merged"]}
        if not all(label in by_label for label in pair):
            continue
        first, second = ({text: (hits, n) for text, hits, n in kind_of(question).shares(question, by_label[label]["result"])}
                         for label in pair)
        for text, (hits_a, n_a) in first.items():
            hits_b, n_b = second.get(text, (0, 0))
            if n_a < k or n_b < k:
                continue
            a, b = share(hits_a, n_a), share(hits_b, n_b)
            z = two_prop_test(hits_a, hits_b, n_a, n_b)
            items.append({"question": question.text, "question_id": question.id, "item": text,
                          "a": a, "b": b, "n_a": n_a, "n_b": n_b, "gap": abs(a - b), "z": z})
    differ = sorted((i for i in items if abs(i["z"]) >= Z_TWO_SIDED_90), key=lambda i: (-i["gap"], i["item"]))
    agree = sorted((i for i in items if abs(i["z"]) < Z_TWO_SIDED_90 and i["gap"] <= AGREE_WITHIN),
                   key=lambda i: (-min(i["a"], i["b"]), i["item"]))
    return {"agree": agree[:top], "differ": differ[:top]}


def participants(db: Database, rows: list[dict], k: int, profile_id: str = PROFILE) -> list[dict[str, Any]]:
    """Per meeting kind: sessions, participants, and participants per group (small groups merged or left out)."""
    kinds = []
    for meeting in sessions.MEETING_KINDS:
        members = [row for row in rows if row["kind"] == meeting]
        if not members:
            continue
        sizes: dict[str, int] = {}
        order: list[str] = []
        for row in members:
            question = sessions.deck_of(row).profile_question(profile_id)
            if question is None:
                continue
            labels = profiles.labels(question)
            order += [label for label in labels if label not in order]
            for index, n in store.group_sizes(db, row["id"], profile_id).items():
                label = labels[index] if isinstance(index, int) and 0 <= index < len(labels) else profiles.UNKNOWN
                sizes[label] = sizes.get(label, 0) + n
        order += [label for label in sizes if label not in order]
        shown, note = profiles.suppress([{"label": l, "n": sizes[l]} for l in order if sizes.get(l)], k)
        total = sum(store.count_participants(db, row["id"]) for row in members)
        kinds.append({"kind": meeting, "name": KIND_NAMES[meeting], "sessions": len(members), "participants": total,
                      "groups": [{"label": str(g["label"]), "n": g["n"]} for g in shown],
                      "note": str(note) if note else ""})
    return kinds


def data(db: Database, rows: list[dict], title: str | None = None, profile_id: str = PROFILE,
         pair: tuple[str, str] = CONTRAST) -> dict[str, Any]:
    """Everything the template shows, computed from what is stored (k applied)."""
    if not rows:
        raise InfographicError("an infographic needs at least one session")
    rows = sorted(rows, key=lambda r: (r["date"] or "", r["place"], r["code"]))
    k = max(sessions.min_group(row) for row in rows)
    by_kind = participants(db, rows, k, profile_id)
    labels: list[str] = []
    for entry in by_kind:
        labels += [g["label"] for g in entry["groups"] if g["label"] not in labels]
    colours = {label: palette.group(i) for i, label in enumerate(label for label in labels
                                                                  if label != str(profiles.OTHER))}
    colours[str(profiles.OTHER)] = "#8C8C8C"
    for label in pair:
        colours.setdefault(label, palette.group(len(colours)))
    days = [row["date"] for row in rows if row["date"]]
    return {
        "title": title or "Alle bijeenkomsten",
        "k": k,
        "sessions": len(rows),
        "participants": sum(entry["participants"] for entry in by_kind),
        "period": _period(days),
        "by_kind": by_kind,
        "colours": colours,
        "results": key_results(db, rows, k),
        "pair": list(pair),
        "contrasts": contrasts(db, rows, k, profile_id, pair),
        "places": [{"code": r["code"], "kind": r["kind"], "unit": r.get("unit") or "", "place": r["place"],
                    "date": _day(r["date"]), "participants": store.count_participants(db, r["id"])} for r in rows],
        "made": _day(Date.today().isoformat()),
    }


def _day(iso: str | None) -> str:
    """Dates as every export writes them: '2 maart 2026'."""
    return dutch_date(iso)


def _period(days: list[str]) -> str:
    if not days:
        return ""
    first, last = min(days), max(days)
    return _day(first) if first == last else f"{_day(first)} – {_day(last)}"


# Drawing -----------------------------------------------------------------------------------------------


def _wrap(text: Any, width: int, lines: int = 2) -> list[str]:
    """Text broken into at most `lines` lines of about `width` characters, the last one cut with '…'."""
    wrapped = textwrap.wrap(str(text), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def _environment(folder: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["wrap"] = _wrap
    env.filters["ink_on"] = palette.ink_on
    env.globals["palette"] = palette
    return env


def svg(content: dict[str, Any], template: str | Path | None = None) -> str:
    """The infographic as SVG text, drawn by a template (default: infographic.svg beside this module)."""
    path = Path(template) if template else TEMPLATE
    if not path.is_file():
        raise InfographicError(f"{path}: no such template file")
    try:
        return _environment(path.parent).get_template(path.name).render(**content)
    except (TemplateError, TypeError, ValueError, KeyError, AttributeError) as error:  # a researcher's template
        raise InfographicError(f"{path}: {type(error).__name__}: {error}") from None


def convert(text: str, fmt: str) -> bytes:
    """SVG text as svg, png (A3 at PNG_DPI: 2339 x 3307 pixels) or pdf bytes."""
    if fmt == "svg":
        return text.encode("utf-8")
    import cairosvg

    if fmt == "png":
        return cairosvg.svg2png(bytestring=text.encode("utf-8"), dpi=PNG_DPI)
    if fmt == "pdf":
        return cairosvg.svg2pdf(bytestring=text.encode("utf-8"))
    raise InfographicError(f"unsupported format '{fmt}': use {', '.join(FORMATS)}")


def render(db: Database, rows: list[dict], fmt: str = "svg", title: str | None = None,
           template: str | Path | None = None) -> bytes:
    """The infographic of sessions in a format (svg, png, pdf)."""
    if fmt not in FORMATS:
        raise InfographicError(f"unsupported format '{fmt}': use {', '.join(FORMATS)}")
    return convert(svg(data(db, rows, title), template), fmt)
