"""Ideas, then votes in real browsers: three phones send ideas to the demo deck's pre-moderated ideas question,
the facilitator approves them (and hides one the privacy guard held), merges two in the control view and opens
the vote with one click; the phones divide their dots over the merged list and the projector ranks it."""

from __future__ import annotations

from .pages import DEMO, Facilitator, Phone, expect, expect_bars, log_in, new_session
from .test_session_in_browsers import watch_frames

HELD = "Bel Jan even op 06-12345678"


def test_phones_send_ideas_the_facilitator_merges_two_and_the_room_dot_votes(browsers, server, artifacts):
    code = new_session(server)
    laptop = browsers.facilitator()
    projector_frames = watch_frames(laptop, "/present")
    page = laptop.new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    projector, control = f.projector, f.control
    a, b, c = phones = [Phone(browsers.phone(f"phone {n}"), f.join_url) for n in (1, 2, 3)]
    for phone, group in zip(phones, ("Politie", "Zorg", "Politie"), strict=True):
        phone.join(group)
    f.open("ideeen", phones)
    expect(control.locator("#ask-again")).to_be_hidden()  # an ideas question is not asked again in rounds

    # Collecting: every idea waits for approval (moderation: pre); the guard's reason is told to its sender.
    for phone, text in ((a, "Samen oefenen in de wijk"), (b, "Oefenen met zijn allen"),
                        (c, "Eén nummer voor de wijkagent"), (a, HELD)):
        phone.add_text("Jouw idee", "Idee insturen", text)
        expect(phone.fields.locator(".my-statements li").last).to_have_text(f"{text} – wacht op goedkeuring")
    expect(a.confirm).to_contain_text("telefoonnummer")
    expect(b.page.get_by_role("button", name="Versturen")).to_be_hidden()
    b.page.set_viewport_size({"width": 360, "height": 640})  # the smallest phone we design for
    b.page.screenshot(path=artifacts / "ideas-phone-collect.png")
    results = f.show_results("ideeen")
    expect(results).to_contain_text("Nog geen ideeën.")
    queue = control.locator(".queue-item")
    for text in ("Samen oefenen in de wijk", "Oefenen met zijn allen", "Eén nummer voor de wijkagent"):
        queue.filter(has_text=text).get_by_role("button", name="Goedkeuren").click()
        expect(results.locator(".idea")).to_contain_text([text])
    queue.filter(has_text="06-12345678").get_by_role("button", name="Verbergen").click()
    expect(queue).to_have_count(0)

    # Curating: tick two, give the merged idea its text, merge.
    admin = control.locator("#kind-admin")
    admin.get_by_label("Samen oefenen in de wijk").check()
    admin.get_by_label("Oefenen met zijn allen").check()
    expect(admin.get_by_label("Tekst van het samengevoegde idee")).to_have_value("Samen oefenen in de wijk")
    admin.get_by_label("Tekst van het samengevoegde idee").fill("Samen oefenen")
    admin.get_by_role("button", name="Samenvoegen").click()
    expect(results.locator(".idea")).to_have_text(["Eén nummer voor de wijkagent", "Samen oefenen (2×)"])
    admin.get_by_role("button", name="Ongedaan maken").click()  # undone, then merged again
    expect(results.locator(".idea")).to_have_count(3)
    admin.get_by_label("Samen oefenen in de wijk").check()
    admin.get_by_label("Oefenen met zijn allen").check()
    admin.get_by_label("Tekst van het samengevoegde idee").fill("Samen oefenen")
    admin.get_by_role("button", name="Samenvoegen").click()
    expect(results.locator(".idea")).to_have_text(["Eén nummer voor de wijkagent", "Samen oefenen (2×)"])
    expect(admin.locator(".idea-sources")).to_have_text("ingestuurd: Samen oefenen in de wijk / Oefenen met zijn allen")
    expect(admin.get_by_role("button", name="Ongedaan maken")).to_have_count(1)  # the merged idea only
    control.screenshot(path=artifacts / "ideas-control-merged.png")

    # Voting: one click; the phones get the merged list as a points form of 3 dots, nothing to retype.
    admin.get_by_role("button", name="Stemming openen").click()
    expect(admin).to_contain_text("De stemming is open over 2 ideeën.")
    for phone, dots in ((a, {"Samen oefenen": 3}), (b, {"Samen oefenen": 2, "Eén nummer voor de wijkagent": 1}),
                        (c, {"Samen oefenen": 2, "Eén nummer voor de wijkagent": 1})):
        expect(phone.fields.locator(".points-label")).to_have_text(["Eén nummer voor de wijkagent", "Samen oefenen"])
        expect(phone.fields.get_by_text("Verdeel 3 stippen over de ideeën.")).to_be_visible()
        phone.spread(dots)
        phone.submit()
    b.page.screenshot(path=artifacts / "ideas-phone-vote.png")
    expect(control.locator("#responses")).to_have_text("3")
    expect_bars(results, [("1. Samen oefenen (2×)", "7 stippen"), ("2. Eén nummer voor de wijkagent", "2 stippen")])
    for width, height in ((1920, 1080), (1280, 720), (1024, 768)):
        projector.set_viewport_size({"width": width, "height": height})
        projector.screenshot(path=artifacts / f"ideas-projector-{width}.png")

    # An idea that turns out to name someone can still be hidden during the vote: it keeps its place (the
    # votes are by place) but reads [niet vrijgegeven] on the projector and the phones and takes no more dots.
    ballot = admin.locator("#ideas-ballot")
    ballot.locator("li", has_text="Eén nummer voor de wijkagent").get_by_role("button", name="Verbergen").click()
    expect(results).to_contain_text("[niet vrijgegeven]")
    expect(results).not_to_contain_text("Eén nummer voor de wijkagent")
    expect(b.fields.locator(".points-label")).to_have_text(["[niet vrijgegeven]", "Samen oefenen"])
    expect(b.fields.get_by_role("button", name="Meer stippen voor [niet vrijgegeven]")).to_be_disabled()
    # a text behind the merged idea: left out of what it lists
    ballot.locator(".idea-sources", has_text="Oefenen met zijn allen").get_by_role("button", name="Verbergen").click()
    expect(ballot.locator(".idea-sources")).to_have_text(["ingestuurd: Samen oefenen in de wijk Verbergen"])
    control.screenshot(path=artifacts / "ideas-control-vote-hidden.png")
    f.close()
    assert not [frame for frame in projector_frames if "06-12345678" in frame or "Bel Jan" in frame]
    assert DEMO.question("ideeen").settings["dots"] == 3
    browsers.watch.assert_clean()
