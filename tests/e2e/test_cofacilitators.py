"""Two control views of one session in two browsers: the owner presents and opens the board, a co-facilitator
at the back of the room approves a statement; each view shows the other's action, the log names both, and
taking the co-facilitator off ends their view (#20, co-facilitators)."""

from __future__ import annotations

import re

from .pages import Facilitator, Phone, expect, log_in, screenshot, start_demo_session

PASSWORD = "een lang wachtwoord"


def log_in_as(page, server, name: str) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Naam").fill(name)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Nieuwe sessie")).to_be_visible()


def test_two_control_views_moderate_and_present_one_session(browsers, server, artifacts):
    laptop = browsers.facilitator().new_page()
    log_in(laptop, server)
    owner = Facilitator(laptop, start_demo_session(laptop))
    server.cli("user", "add", "pieter", "--password", PASSWORD)
    laptop.reload()
    laptop.get_by_label("Gebruikersnaam").fill("pieter")
    laptop.get_by_role("button", name="Delen").click()
    expect(laptop.locator("#session-members")).to_contain_text("pieter · medebegeleider")

    back_of_the_room = browsers.facilitator().new_page()
    back_of_the_room.set_viewport_size({"width": 1280, "height": 720})
    log_in_as(back_of_the_room, server, "pieter")
    back_of_the_room.goto(f"{server.url}/f/s/{owner.code}/control")
    expect(back_of_the_room.locator("#connection")).to_have_text("")

    phone = Phone(browsers.phone("phone"), owner.join_url)
    phone.join("Politie")
    owner.open("stellingen", [phone])  # the owner presents and opens the board ...
    expect(back_of_the_room.locator("#question-status")).to_have_text("Stem nu op je telefoon")  # ... seen at the back
    phone.add_text("Je eigen stelling", "Stelling toevoegen", "Zorg en politie moeten samen oefenen")
    for view in (owner.control, back_of_the_room):
        expect(view.locator(".queue-item")).to_contain_text(["Zorg en politie moeten samen oefenen"])
    back_of_the_room.locator(".queue-item").get_by_role("button", name="Goedkeuren").click()  # the colleague moderates
    expect(owner.control.locator("#queue")).to_have_text("Niets te beoordelen.")  # ... seen at the front
    expect(owner.show_results("stellingen")).to_contain_text("Zorg en politie moeten samen oefenen")
    screenshot(back_of_the_room, artifacts / "cofacilitator-control.png")

    laptop.reload()
    log = laptop.locator("#session-log tbody tr")
    expect(log.filter(has_text="question_opened")).to_contain_text(["admin"])
    expect(log.filter(has_text="submission_approved")).to_contain_text(["pieter"])
    laptop.locator("#session-members").screenshot(path=artifacts / "session-members.png")

    laptop.locator("#session-members").get_by_role("button", name="niet meer delen").click()
    expect(back_of_the_room.locator("#connection")).to_have_text("Je hebt geen toegang meer tot deze sessie.")
    back_of_the_room.goto(f"{server.url}/f/s/{owner.code}/control")
    assert re.search("404|Not Found|niet gevonden", back_of_the_room.content(), re.I)
    browsers.watch.allow(r"404")  # the refused page
    browsers.watch.assert_clean()
