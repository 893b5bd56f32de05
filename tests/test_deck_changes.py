"""Every facilitator may change every deck, and who changed what is recorded and shown (#16, point 10)."""

from __future__ import annotations

import io
import shutil

from workshop import accounts, store

from .conftest import PASSWORD
from .test_editor import slides  # noqa: F401  (fixture)
from .test_importer import make_pptx


def log_in(app, name):
    client = app.test_client()
    assert client.post("/login", data={"name": name, "password": PASSWORD}).status_code == 302
    return client


def test_who_changed_which_deck_is_recorded_and_shown(app, db, slides, monkeypatch):  # noqa: F811
    accounts.add(db, "alice", PASSWORD)
    alice, admin = log_in(app, "alice"), log_in(app, "admin")
    assert alice.post("/f/decks", data={"name": "zeist"}).status_code == 302
    saved = admin.post("/f/decks/zeist.md", data={"source": "---\ntitle: Zeist\n---\n\n# Zeist\n\nwelkom\n"})
    assert saved.status_code == 302
    monkeypatch.setattr(shutil, "which", lambda name: None)
    upload = {"name": "verslag", "file": (io.BytesIO(make_pptx()), "Verslag.pptx")}
    assert alice.post("/f/decks/import", data=upload).status_code == 302

    changes = store.deck_changes(db, "zeist")
    assert [(c["action"], c["author"]) for c in changes] == [("edited", "admin"), ("created", "alice")]
    assert "welkom" in changes[0]["text"] and "welkom" not in changes[1]["text"]
    assert [(c["action"], c["author"]) for c in store.deck_changes(db, "verslag")] == [("imported", "alice")]

    page = alice.get("/f/decks/zeist.md").text
    history = page[page.index('id="changes"'):]
    assert history.index("admin") < history.index("alice")  # newest first
    assert "bewerkt" in history and "aangemaakt" in history and "+4 −2" in history
    listing = alice.get("/f/decks").text
    row = listing[listing.index("zeist.md</code>"):]
    assert "admin, " in row[:row.index("</tr>")]

    version = alice.get(f"/f/decks/zeist.md/changes/{changes[1]['id']}")
    assert version.mimetype == "text/plain" and version.text == "---\ntitle: zeist\n---\n\n# zeist\n"
    assert alice.get(f"/f/decks/verslag.md/changes/{changes[1]['id']}").status_code == 404  # another deck's


def test_a_change_outside_workshop_is_pointed_out(logged_in, slides):  # noqa: F811
    assert logged_in.post("/f/decks", data={"name": "zeist"}).status_code == 302
    assert "buiten workshop gewijzigd" not in logged_in.get("/f/decks/zeist.md").text
    (slides / "zeist.md").write_text("# Anders\n", encoding="utf-8")
    assert "buiten workshop gewijzigd" in logged_in.get("/f/decks/zeist.md").text
