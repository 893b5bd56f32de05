"""Ending a session in a browser: the control view's button, the phone's closing screen, joining refused."""

from __future__ import annotations

from .pages import Facilitator, Phone, expect, log_in, screenshot, start_demo_session


def test_ending_in_the_control_view_sends_phones_to_the_closing_screen(browsers, server, artifacts):
    laptop = browsers.facilitator()
    page = laptop.new_page()
    log_in(page, server)
    f = Facilitator(page, start_demo_session(page))
    phone = Phone(browsers.phone("phone"), f.join_url)
    phone.join("Politie")

    f.control.get_by_role("button", name="Sessie beëindigen").click()
    expect(f.control.locator("#session-state")).to_contain_text("Beëindigd op")  # back on the session page
    expect(phone.page.get_by_role("heading", name="Bedankt voor je bijdrage!")).to_be_visible()
    expect(phone.page.locator("#answer-form")).to_have_count(0)
    screenshot(phone.page, artifacts / "phone-ended.png")

    late = browsers.phone("late").new_page()
    late.goto(f.join_url)
    expect(late.get_by_role("heading", name="Bedankt voor je bijdrage!")).to_be_visible()

    f.control.get_by_role("button", name="Sessie heropenen").click()
    expect(f.control.locator("#session-state")).to_contain_text("Live")
    late.reload()
    expect(late.locator("#connection")).to_have_text("verbonden")
    browsers.watch.assert_clean()
