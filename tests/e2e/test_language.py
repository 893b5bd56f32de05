"""English in a real browser: the phone page follows ?lang=en, its scripts speak English, and axe's html-lang
rules (part of the WCAG A set) pass."""

from __future__ import annotations

import re

from .pages import (
    DEMO,
    Facilitator,
    Phone,
    expect,
    expect_accessible,
    log_in,
    new_session,
    start_demo_session,
)


def test_english_phone_page_speaks_english_and_declares_it(browsers, server):
    code = new_session(server)
    page = browsers.phone("phone", bypass_csp=True).new_page()  # axe is injected, as in test_accessibility
    page.goto(f"{server.url}/j/{code}?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Before you join")).to_be_visible()  # the demo deck asks consent
    expect(page.locator("#connection")).not_to_have_text("verbinden…")
    expect(page.get_by_text("Your answers are anonymous. Nobody sees who answered what.")).to_be_visible()
    # The profile option the server adds to the deck's own is translated; the deck's options are not.
    expect(page.get_by_text("I'd rather not say").first).to_be_visible()
    expect(page.get_by_text("Politie").first).to_be_visible()
    expect_accessible(page, "the English phone page")
    page.get_by_role("link", name="NL").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Voordat je meedoet")).to_be_visible()
    expect(page.get_by_text("Zeg ik liever niet").first).to_be_visible()
    browsers.watch.assert_clean()


def test_english_control_view_and_projector_translate_the_split_groups_and_note(browsers, server):
    page = browsers.facilitator().new_page()
    log_in(page, server)
    f = Facilitator(page, start_demo_session(page, smallest_group=2))
    phones = [Phone(browsers.phone(f"phone {n}"), f.join_url, gate=False) for n in range(3)]
    for phone, group in zip(phones, ("Politie", "Politie", "Zorg"), strict=True):
        phone.join(group)
    f.open("stellingen", phones)
    for phone in phones:  # a group is the people who voted on the board (docs/privacy.md)
        phone.vote("Hulpverlening is ook politiewerk.", "Eens")
    f.close()  # a live split shows once the question is closed
    f.show_results("stellingen")
    for view in (f.control, f.projector):  # the choice is kept for the facilitator's whole browser
        view.goto(view.url + "?lang=en")
        expect(view.locator("html")).to_have_attribute("lang", "en")
    f.control.locator("#split").select_option(label=DEMO.profile[0]["question"])
    # the server sends the merged group's name and the note in Dutch, as the exports have them ("Overig",
    # "Groepen kleiner dan 2 zijn samengevoegd ..."), with the note's template and values for the screens
    note = "Groups smaller than 2 are merged into 'Other' (Politie, Zorg)."
    for results in (f.control.locator("#control-results"), f.projector.locator(".slide:visible .results")):
        expect(results.locator(".split-group-name")).to_have_text(["Other (n = 3)"])
        expect(results.locator(".split-note")).to_have_text(note)
    status = f.projector.locator(".slide:visible .slide-status")
    expect(status).to_have_text(re.compile(r"^Closed"))
    browsers.watch.assert_clean()
