"""The moderation queue in a browser: a statement with a name and a phone number is held, each finding is
marked where it is and named in the control view's language, and the projector never shows it."""

from __future__ import annotations

from .pages import DEMO, Facilitator, Phone, expect, log_in, screenshot, start_demo_session

# A Cyrillic а in the first name: the queue marks the name as typed.
HELD = "Meneer J\u0430n de Vries belde weer, zijn nummer is 06-12345678"


def test_the_queue_marks_and_names_what_the_guard_found(browsers, server, artifacts):
    laptop = browsers.facilitator()
    page = laptop.new_page()
    log_in(page, server)
    f = Facilitator(page, start_demo_session(page))
    phone = Phone(browsers.phone("phone"), f.join_url)
    phone.join("Politie")
    f.open("stellingen", [phone])
    phone.add_text("Je eigen stelling", "Stelling toevoegen", HELD)
    expect(phone.confirm).to_have_text("Je tekst wordt eerst bekeken door de begeleider "
                                       "(bevat een naam, bevat een telefoonnummer).")

    item = f.control.locator(".queue-item").filter(has_text="06-12345678")
    expect(item.locator("mark")).to_have_text(["Meneer J\u0430n de Vries", "06-12345678"])
    expect(item.locator("mark").first).to_have_attribute("title", "bevat een naam")
    expect(item.locator(".warning")).to_have_text("bevat een naam, bevat een telefoonnummer")
    screenshot(f.control, artifacts / "privacy-queue.png")
    expect(f.projector.locator("body")).not_to_contain_text("Vries")

    f.control.goto(f.control.url.split("?")[0] + "?lang=en")
    item = f.control.locator(".queue-item").filter(has_text="06-12345678")
    expect(item.locator(".warning")).to_have_text("contains a name, contains a phone number")
    expect(item.locator("mark").last).to_have_attribute("title", "contains a phone number")
    screenshot(f.control, artifacts / "privacy-queue-en.png")
    assert DEMO.question("stellingen").text
