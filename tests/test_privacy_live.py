"""A text with a name, sent from a phone, is held: it reaches no projector, deck, factsheet or comparison
until a facilitator approves it, and the moderation queue marks where the name is in the text as typed."""

import io
import json
import subprocess
import sys
import zipfile

from workshop import deck as decks
from workshop import sessions, store
from workshop.export import compare, factsheet, pptx
from workshop.live import FACILITATOR, PARTICIPANT

from .server import ROOT
from .test_boards import control, everything_received, open_slide  # noqa: F401 - control is a fixture
from .test_live import emit, events_named

DECK = """\
# Welkom
---
## Stellingen

```interaction
kind: statements
id: stellingen
statements:
  - Hulpverlening is ook politiewerk
moderation: post
```
---
## Wat valt je op?

```interaction
kind: open
id: opvallend
answers: 2
```
"""

# Cyrillic а and е and a soft hyphen in the name (the input cleaning keeps these; it strips zero-width and
# bidi characters): the guard folds them away, the queue marks the text as typed.
TYPED = "Meneer J\u0430n de V\u00adri\u0435s belde weer over de overlast"
NAME = "J\u0430n de V\u00adri\u0435s"  # as typed: what would leak


def start(db, place="Utrecht"):
    return sessions.start_session(db, decks.parse(DECK, "d.md"), "gemeente", place, "2026-11-29")


def in_pptx(presentation) -> str:
    """Every XML part of a saved presentation (slides, notes, charts), as one string."""
    buffer = io.BytesIO()
    presentation.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                       if name.endswith(".xml"))


def everywhere(db, row, other) -> str:
    """What the deck, the factsheet and the comparison of two sessions contain, as text."""
    row, other = store.session_by_code(db, row["code"]), store.session_by_code(db, other["code"])
    return "\n".join([
        in_pptx(pptx.summary_deck(db, row)),
        in_pptx(pptx.summary_deck(db, row, all_answers=True)),
        in_pptx(factsheet.factsheet(db, row)),
        json.dumps(compare.comparison(db, [row, other]), default=str, ensure_ascii=False),
        in_pptx(compare.compare_deck(db, [row, other])),
    ])


def test_a_name_is_held_off_every_surface_until_approved(db, phone, presenter, control, flush):  # noqa: F811
    row, other = start(db), start(db, "Zeist")
    screen = presenter(row["code"])
    desk = control(row["code"])
    client = phone(row["code"])

    open_slide(screen, row["code"], 1, "stellingen")
    submitted = emit(client, "submit", {"question_id": "stellingen", "text": TYPED})
    assert submitted["submission"]["status"] == "pending" and submitted["held"] == ["bevat een naam"]
    open_slide(screen, row["code"], 2, "opvallend")
    answered = emit(client, "respond", {"question_id": "opvallend", "value": ["goede sfeer", TYPED]})
    assert answered["held"] == ["bevat een naam"]
    flush()
    assert NAME not in everything_received(screen, FACILITATOR)
    assert NAME not in everything_received(client, PARTICIPANT)
    assert NAME not in everywhere(db, row, other)

    queue = events_named(desk, "moderation", FACILITATOR)[-1]["queue"]
    marked = [[s["text"] for s in item.get("segments") or item["texts"][1]["segments"] if s["flagged"]]
              for item in queue]
    assert marked == [[f"Meneer {NAME}"], [f"Meneer {NAME}"]]
    assert {reason for item in queue for reason in item["reasons"]} == {"bevat een naam"}

    for item in queue:
        submission = item["type"] == "submission"
        target = {"submission_id": item["id"]} if submission else {"response_id": item["id"]}
        action = "moderate" if submission else "review"
        assert emit(desk, action, {"code": row["code"], **target, "action": "approve"}, FACILITATOR)["ok"]
    flush()
    assert NAME in everything_received(screen, FACILITATOR)
    assert NAME in everywhere(db, row, other)


def test_the_server_loads_the_name_lists_when_the_app_is_built():
    script = ("from workshop import create_app, deidentify\n"
              "create_app({'TESTING': True, 'DATABASE': ':memory:', 'SECRET_KEY': 'x'})\n"
              "print(deidentify._deduce.cache_info().currsize)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            timeout=120, check=False)
    assert result.stdout.strip().splitlines()[-1] == "1", result.stderr
