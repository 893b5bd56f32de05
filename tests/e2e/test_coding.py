"""A researcher codes ten texts by keyboard in the coding view (real chromium)."""

from __future__ import annotations

from workshop import db as database
from workshop import sessions, store
from workshop.coding.texts import codebook_texts

from ..test_coding import CARE, DECK, POLICE
from .pages import expect, log_in


def _codebook(server) -> tuple[int, list[int]]:
    """A session with 12 answers in the server's database, a codebook over it with two codes."""
    from workshop import deck as decks

    db = database.init(str(server.db))
    try:
        session = sessions.start_session(db, decks.parse(DECK, "c.md"), "gemeente", "Zeist", "2026-03-02")
        store.set_question_status(db, session["id"], "goed", "open", None)
        for number, text in enumerate(POLICE + CARE):
            person, _ = store.join_participant(db, session["id"], f"e2e{number}")
            store.set_profile(db, person, {"domein": 0 if number < 6 else 1}, consented=True)
            store.save_response(db, session["id"], person, "goed", [text])
        book = store.create_codebook(db, "GIPZ 2026", [session["id"]], 1)
        codes = [store.add_code(db, book, "bereikbaarheid"), store.add_code(db, book, "informatiedeling")]
        return book, codes
    finally:
        db.close()


def test_ten_texts_coded_by_keyboard(browsers, server, artifacts):
    book, (reach, info) = _codebook(server)
    page = browsers.facilitator().new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, server)
    page.goto(f"{server.url}/f/coding/{book}")
    texts = page.locator(".coded-text")
    expect(texts).to_have_count(12)
    expect(texts.first).to_be_focused()
    # Ten texts: "2" on the ones about sharing information, "1" on the ones about being reachable, "0" else.
    plan = []
    for index in range(10):
        text = texts.nth(index).locator(".text").inner_text()
        keys = (["1"] if "bereikba" in text.lower() else []) + (["2"] if "informatie" in text.lower() else [])
        plan.append((text, keys))
        for key in keys:
            page.keyboard.press(key)
            expect(texts.nth(index).locator(".code-toggle").nth(int(key) - 1)).to_have_attribute(
                "aria-pressed", "true")
        page.keyboard.press("0" if not keys else "j")
        expect(texts.nth(index + 1)).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(texts.nth(8)).to_be_focused()
    page.screenshot(path=str(artifacts / "coding-view.png"))
    expect(page.locator(".coded-text.seen")).to_have_count(10)
    db = database.init(str(server.db))
    try:
        stored = {(row["text_key"], row["code_id"]) for row in store.codings(db, book)}
        by_text = {t.text: t.key for t in codebook_texts(db, store.codebook(db, book)["session_ids"])}
        assert len(store.seen_texts(db, book)) == 10
    finally:
        db.close()
    expected = {(by_text[text], {"1": reach, "2": info}[key]) for text, keys in plan for key in keys}
    assert stored == expected and len(expected) >= 5
    browsers.watch.assert_clean()
