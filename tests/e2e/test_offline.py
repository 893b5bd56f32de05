"""A phone that loses its connection: answers wait in its outbox, go out once it is back, and are stored once."""

from __future__ import annotations

from .pages import DEMO, SAVED, Facilitator, Phone, expect, log_in, new_session, stored, wait_until

OFFLINE = "geen verbinding – je antwoorden worden bewaard en straks verstuurd"
QUEUED = "Wordt verstuurd zodra er weer verbinding is…"


def test_an_answer_given_offline_is_sent_when_the_phone_is_back_and_stored_once(browsers, server):
    browsers.watch.allow("ERR_INTERNET_DISCONNECTED")  # the phone's reconnect attempts while offline
    code = new_session(server)
    laptop = browsers.facilitator()
    page = laptop.new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    context = browsers.phone("phone")
    phone = Phone(context, f.join_url)
    phone.join("Gemeente")
    connection = phone.page.locator("#connection")
    failed = []  # the phone's failed attempts to reconnect
    phone.page.on("console", lambda message: "ERR_INTERNET_DISCONNECTED" in message.text and failed.append(message))

    f.open("goede-samenwerking", [phone])
    context.set_offline(True)
    expect(connection).to_have_text(OFFLINE)
    expect(connection).to_have_attribute("data-state", "offline")
    phone.choose("Korte lijnen", "Samen besluiten")
    phone.page.get_by_role("button", name="Versturen").tap()
    expect(phone.confirm).to_have_text(QUEUED)
    expect(phone.error).to_be_hidden()
    failures_before = len(failed)
    wait_until(phone.page, lambda: len(failed) > failures_before, "a reconnect attempt that fails offline")
    expect(connection).to_have_text(OFFLINE)
    assert stored(server, code, "goede-samenwerking") == []
    expect(f.control.locator("#responses")).to_have_text("0")

    context.set_offline(False)
    expect(connection).to_have_text("verbonden")
    expect(phone.confirm).to_have_text(SAVED)
    expect(f.control.locator("#responses")).to_have_text("1")
    assert stored(server, code, "goede-samenwerking") == [([0, 3], 1)]
    assert len(phone.gate.acks("goede-samenwerking")) == 1

    phone.page.reload()
    phone.expect_connected()
    phone.expect_question(DEMO.question("goede-samenwerking").text, None)
    for label in ("Korte lijnen", "Samen besluiten"):
        expect(phone.fields.get_by_label(label)).to_be_checked()
    expect(phone.fields.get_by_label("Informatie delen")).not_to_be_checked()
    expect(phone.confirm).to_have_text(SAVED)

    # The connection breaks after the server stored an answer but before its ack arrived: the phone sends it
    # again after the reload, and the server keeps it once.
    f.open("ervaren-samenwerking", [phone])
    scores = dict(zip(DEMO.question("ervaren-samenwerking").settings["items"], [2, 3, 4], strict=True))
    phone.rate(scores)
    phone.gate.holding = True
    phone.page.get_by_role("button", name="Versturen").tap()
    wait_until(phone.page, lambda: phone.gate.held, "the server's ack of this answer")
    expect(phone.confirm).to_have_text("Versturen…")
    assert stored(server, code, "ervaren-samenwerking") == [([2, 3, 4], 1)]
    phone.gate.drop()
    phone.page.reload()
    phone.expect_connected()
    phone.expect_question(DEMO.question("ervaren-samenwerking").text, None)
    for item, score in scores.items():
        expect(phone.fields.get_by_role("group", name=item).get_by_label(str(score), exact=True)).to_be_checked()
    expect(phone.confirm).to_have_text(SAVED)
    assert len(phone.gate.acks("ervaren-samenwerking")) == 1
    assert stored(server, code, "ervaren-samenwerking") == [([2, 3, 4], 1)]
    expect(f.control.locator("#responses")).to_have_text("1")
    browsers.watch.assert_clean()


def test_an_answer_of_round_one_that_waited_offline_is_not_taken_for_round_two(browsers, server):
    browsers.watch.allow("ERR_INTERNET_DISCONNECTED")
    code = new_session(server)
    page = browsers.facilitator().new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    context = browsers.phone("phone")
    phone = Phone(context, f.join_url)
    phone.join("Gemeente")
    connection = phone.page.locator("#connection")

    # The server stores the round-1 answer, but the connection breaks before its ack arrives and stays down
    # while the facilitator asks the question again: the answer is still in the phone's outbox.
    f.open("rol", [phone])
    phone.choose("Beleid")
    phone.gate.holding = True
    phone.page.get_by_role("button", name="Versturen").tap()
    wait_until(phone.page, lambda: phone.gate.held, "the server's ack of this answer")
    context.set_offline(True)
    expect(connection).to_have_text(OFFLINE)
    phone.gate.drop()
    assert stored(server, code, "rol") == [([0], 1)]
    f.close()
    f.control.once("dialog", lambda dialog: dialog.accept())
    f.control.get_by_role("button", name="Opnieuw vragen — ronde 2").click()
    expect(f.control.locator("#question-status")).to_have_text("Ronde 2 · Stem nu op je telefoon")

    # Back online the phone shows round 2 unanswered, with its round-1 answer beside it; it never reads the
    # round-1 answer (or an ack of it) as its round-2 answer, and sends nothing for round 1.
    context.set_offline(False)
    expect(connection).to_have_text("verbonden")
    expect(phone.page.locator("#round-label")).to_have_text("Ronde 2")
    expect(phone.page.locator("#earlier-answer")).to_have_text("Jouw antwoord in ronde 1: Beleid")
    expect(phone.fields.locator("input:checked")).to_have_count(0)
    expect(phone.confirm).to_be_hidden()
    expect(phone.error).to_be_hidden()
    assert phone.page.evaluate(f"localStorage.getItem('workshop-outbox-{code}')") == "{}"
    expect(f.control.locator("#responses")).to_have_text("0")

    # Its round-2 answer goes out and counts in round 2; round 1 keeps its own.
    phone.choose("Management")
    phone.submit()
    expect(f.control.locator("#responses")).to_have_text("1")
    assert sorted(stored(server, code, "rol")) == [([0], 1), ([1], 1)]
    browsers.watch.assert_clean()


def test_an_ack_of_round_one_that_arrives_after_round_two_started_is_not_taken_for_round_two(browsers, server):
    code = new_session(server)
    page = browsers.facilitator().new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    phone = Phone(browsers.phone("phone"), f.join_url)
    phone.join("Gemeente")
    f.open("rol", [phone])
    phone.choose("Beleid")
    # The server stores the answer in round 1; its ack is slow, and arrives after the facilitator asked again.
    phone.gate.holding = True
    phone.page.get_by_role("button", name="Versturen").tap()
    wait_until(phone.page, lambda: phone.gate.held, "the server's ack of this answer")
    f.control.once("dialog", lambda dialog: dialog.accept())
    f.control.get_by_role("button", name="Opnieuw vragen — ronde 2").click()
    expect(phone.page.locator("#round-label")).to_have_text("Ronde 2")
    phone.gate.release()
    expect(phone.page.locator("#earlier-answer")).to_have_text("Jouw antwoord in ronde 1: Beleid")
    expect(phone.fields.locator("input:checked")).to_have_count(0)
    expect(phone.confirm).to_be_hidden()
    expect(phone.error).to_be_hidden()
    assert stored(server, code, "rol") == [([0], 1)]
    browsers.watch.assert_clean()
