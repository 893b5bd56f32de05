"""The projector is driven from its own keyboard: arrows and space move, o opens/closes, r shows results, q hides
the join banner."""

from __future__ import annotations

from .pages import DEMO, expect, log_in, new_session


def test_projector_keyboard_shortcuts(browsers, server):
    page = browsers.facilitator().new_page()
    log_in(page, server)
    code = new_session(server)
    page.goto(f"{server.url}/f/s/{code}/present")
    expect(page.locator('.slide[data-index="0"]')).to_be_visible()
    target = DEMO.slide_of("rol").index
    for index in range(1, target + 1):
        page.keyboard.press("ArrowRight" if index % 2 else "Space")
        expect(page.locator(f'.slide[data-index="{index}"]')).to_be_visible()
    slide = page.locator(f'.slide[data-index="{target}"]')
    expect(slide.locator(".slide-status")).to_have_text("Nog niet geopend · 0 antwoorden")
    page.keyboard.press("o")
    expect(slide.locator(".slide-status")).to_have_text("Stem nu op je telefoon · 0 antwoorden")
    expect(slide.locator(".results .bar-label")).to_have_count(0)
    page.keyboard.press("r")
    expect(slide.locator(".results .bar-label")).to_have_text(DEMO.question("rol").settings["options"])
    page.keyboard.press("r")
    expect(slide.locator(".results .bar-label")).to_have_count(0)
    page.keyboard.press("o")
    expect(slide.locator(".slide-status")).to_have_text("Gesloten · 0 antwoorden")
    expect(page.locator("#join-banner")).to_be_visible()
    page.keyboard.press("q")
    expect(page.locator("#join-banner")).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f'.slide[data-index="{target - 1}"]')).to_be_visible()
    browsers.watch.assert_clean()


def test_a_large_meeting_shows_the_latest_texts_and_says_how_many_came_before(browsers, server):
    """The server sends a screen the latest 40 texts and how many earlier ones it left out (on_screen)."""
    page = browsers.facilitator().new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{new_session(server)}/present?lang=en")
    expect(page.locator('.slide[data-index="0"]')).to_be_visible()
    shown = page.evaluate("""() => {
        const box = document.createElement("div");
        Workshop.kinds.open.result(box, {id: "v"}, {n: 1240, count: 1240, earlier: 1200,
                                                    answers: Array.from({length: 40}, (_, i) => `tekst ${i}`)});
        return [box.querySelectorAll(".answer-card").length, box.querySelector("p.muted").textContent];
    }""")
    assert shown == [40, "and 1,200 earlier answers"]
    browsers.watch.assert_clean()
