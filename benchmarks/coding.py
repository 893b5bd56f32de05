"""How fast the coding view is with a large study: 2,000 texts (python benchmarks/coding.py [TEXTS]).

Builds a session of TEXTS open answers in a temporary database, then times, with Flask's test client
(no network): loading the coding view, applying a code (one keypress), and the report page with themes.
Prints the median of 5 runs of each.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop import accounts, create_app, sessions, store  # noqa: E402
from workshop import deck as decks  # noqa: E402
from workshop.coding.texts import codebook_texts  # noqa: E402
from workshop.db import init  # noqa: E402

DECK = "---\ntitle: Groot\n---\n## Wat gaat goed?\n\n```interaction\nkind: open\nid: goed\nanswers: 1\n```\n"
WORDS = ("korte lijnen wijkagent bereikbaar avond GGZ crisisdienst informatie delen privacy regie casus overleg "
         "zorgmijder vertrouwen huisarts wachtlijst escalatie veiligheidshuis wijkteam samenwerking").split()


def timed(call, runs: int = 5) -> float:
    """The median time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(count: int = 2000) -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app({"TESTING": True, "DATABASE": str(folder / "b.db"), "SECRET_KEY": "b",
                      "WTF_CSRF_ENABLED": False, "RESULTS_LOOP": False})
    db = init(app.config["DATABASE"])
    accounts.add(db, "admin", "benchmark password", is_admin=True)
    session = sessions.start_session(db, decks.parse(DECK, "b.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_question_status(db, session["id"], "goed", "open", None)
    words = __import__("random").Random(1)
    for number in range(count):
        person, _ = store.join_participant(db, session["id"], f"b{number}")
        store.save_response(db, session["id"], person, "goed", [" ".join(words.sample(WORDS, 6))])
    book = store.create_codebook(db, "Groot", [session["id"]], 1)
    code = store.add_code(db, book, "bereikbaarheid")
    key = codebook_texts(db, [session["id"]])[0].key
    client = app.test_client()
    client.post("/login", data={"name": "admin", "password": "benchmark password"})
    view = timed(lambda: client.get(f"/f/coding/{book}"))
    toggle = timed(lambda: client.post(f"/f/coding/{book}/apply", json={"text_key": key, "code_id": code, "on": True}))
    report = timed(lambda: client.get(f"/f/coding/{book}/report"), runs=3)
    print(f"{count} texts: coding view {view:.0f} ms, apply a code {toggle:.0f} ms, report with themes {report:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
