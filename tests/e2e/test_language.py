"""English in a real browser: the phone page follows ?lang=en, its scripts speak English, and axe's html-lang
rules (part of the WCAG A set) pass."""

from __future__ import annotations

from .pages import expect, expect_accessible, new_session


def test_english_phone_page_speaks_english_and_declares_it(browsers, server):
    code = new_session(server)
    page = browsers.phone("phone", bypass_csp=True).new_page()  # axe is injected, as in test_accessibility
    page.goto(f"{server.url}/j/{code}?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Before you join")).to_be_visible()  # the demo deck asks consent
    expect(page.locator("#connection")).not_to_have_text("verbinden…")
    expect(page.get_by_text("Your answers are anonymous. Nobody sees who answered what.")).to_be_visible()
    expect_accessible(page, "the English phone page")
    page.get_by_role("link", name="NL").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Voordat je meedoet")).to_be_visible()
    browsers.watch.assert_clean()
