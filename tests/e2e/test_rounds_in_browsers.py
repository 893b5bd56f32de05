"""Rounds in real browsers: phones answer round 1, the facilitator asks again from the control view, the phones
answer round 2 beside their own earlier answer, and the projector sets both rounds side by side. Then the
round comparisons of every kind that has one, filled by 24 phones, fit the projector at three sizes.

Screenshots go to test-artifacts/e2e/ (rounds-*); docs/screenshots/projector-rounds.png is
rounds-fit-keuze-1920.png."""

from __future__ import annotations

import random
import re

from workshop import deck as decks
from workshop.simulate import random_answer

from ..server import ROOT
from .largest import PHONES, Phones, Presenter
from .pages import DEMO, Facilitator, Phone, expect, log_in, new_session
from .test_projector_fit import HEADING_FLOOR, MEASURE, SETTLED, SIZES, TEXT_FLOOR

ROLES = DEMO.question("rol").settings["options"]  # Beleid, Management, Uitvoering
FIXTURE = decks.load(ROOT / "tests" / "fixtures" / "rounds.md")


def test_phones_answer_again_and_the_projector_shows_both_rounds(browsers, server, artifacts):
    page = browsers.facilitator().new_page()
    log_in(page, server)
    code = new_session(server)  # k = 1: three phones show a result
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    phones = [Phone(browsers.phone(f"phone {n}"), f.join_url) for n in (1, 2, 3)]
    for phone, group in zip(phones, ("Politie", "Zorg", "Politie"), strict=True):
        phone.join(group)

    # Round 1: Beleid, Beleid, Management.
    f.open("rol", phones)
    for phone, role in zip(phones, ("Beleid", "Beleid", "Management"), strict=True):
        phone.choose(role)
        phone.submit(gated=False)
    expect(f.control.locator("#ask-again")).to_have_text("Opnieuw vragen — ronde 2")
    f.close()

    # The control view asks again (after a confirmation); every phone gets the question again, empty.
    f.control.once("dialog", lambda dialog: dialog.accept())
    f.control.get_by_role("button", name="Opnieuw vragen — ronde 2").click()
    expect(f.control.locator("#question-status")).to_have_text("Ronde 2 · Stem nu op je telefoon")
    expect(f.control.locator("#responses")).to_have_text("0")
    for phone, earlier in zip(phones, ("Beleid", "Beleid", "Management"), strict=True):
        expect(phone.page.locator("#round-label")).to_have_text("Ronde 2")
        expect(phone.page.locator("#earlier-answer")).to_have_text(f"Jouw antwoord in ronde 1: {earlier}")
        expect(phone.page.locator("#closed")).to_be_hidden()
        expect(phone.confirm).to_be_hidden()
        expect(phone.fields.locator("input:checked")).to_have_count(0)
    phone = phones[0].page
    phone.set_viewport_size({"width": 360, "height": 640})
    phone.screenshot(path=artifacts / "rounds-phone-360.png")

    # Round 2: Beleid, Management, Management.
    for phone_, role in zip(phones, ("Beleid", "Management", "Management"), strict=True):
        phone_.choose(role)
        phone_.submit(gated=False)
    f.control.get_by_role("button", name="Vraag sluiten").click()
    expect(f.control.locator("#question-status")).to_have_text("Ronde 2 · Gesloten")
    results = f.show_results("rol", responses=3)
    expect(results.locator(".rounds-legend li")).to_have_text(["Ronde 1 (n = 3)", "Ronde 2 (n = 3)"])
    expect(results.locator(".round-label")).to_have_text(ROLES)
    # Beleid 67% -> 33%, Management 33% -> 67%, Uitvoering 0% -> 0%.
    expect(results.locator(".round-shift")).to_have_text(["▼ −33 pp", "▲ +33 pp", "= 0 pp"])
    expect(results.locator(".round-row").first.locator(".bar-value")).to_have_text(["67%", "33%"])
    expect(f.projector.locator(".slide:visible .slide-status")).to_have_text(re.compile(r"^Ronde 2 · Gesloten"))
    f.projector.screenshot(path=artifacts / "rounds-projector-1920.png")
    f.control.screenshot(path=artifacts / "rounds-control.png")
    # Shared with the phones: each sees round 2 beside round 1 under the question.
    f.control.get_by_role("button", name="Uitslag op telefoons tonen").click()
    shared = phones[0].page.locator("#shared-results")
    expect(shared.locator(".rounds-legend li")).to_have_text(["Ronde 1 (n = 3)", "Ronde 2 (n = 3)"])
    expect(shared.locator(".round-shift")).to_have_text(["▼ −33 pp", "▲ +33 pp", "= 0 pp"])
    phones[0].page.screenshot(path=artifacts / "rounds-phone-shared-360.png")
    # Round 1 is kept: the session page counts each round.
    page.goto(f"{server.url}/f/s/{code}")
    expect(page.get_by_role("row").filter(has_text=DEMO.question("rol").text)).to_contain_text(
        "(ronde 1: 3; ronde 2: 3)")
    browsers.watch.assert_clean()


def test_round_comparisons_fit_the_projector_at_three_sizes(browsers, server, artifacts):
    code = server.start_session(deck="tests/fixtures/rounds.md")
    presenter = Presenter(server, code)
    phones = Phones(server, code)
    rng = random.Random(5)
    page = browsers.facilitator().new_page()
    log_in(page, server)
    problems = []
    try:
        # Every question answered by 24 phones on its slide (round 1), then again on its 'again:' slide.
        for slide in FIXTURE.slides:
            if slide.question is None:
                continue
            question = slide.question
            state = presenter.call("goto", {"slide": slide.index})["state"]
            assert presenter.call("open", {"question_id": question.id})["state"]["round"] == slide.round
            spec = {"id": question.id, "kind": question.kind, "settings": state["question"]["settings"]}
            for number in range(PHONES):
                phones.call(number, "respond", {"question_id": question.id, "value": random_answer(spec, rng)})
            presenter.call("close", {"question_id": question.id})
        page.goto(f"{server.url}/f/s/{code}/present")
        for slide in FIXTURE.slides:
            if slide.question is None or slide.round == 1:
                continue
            presenter.call("goto", {"slide": slide.index})
            view = presenter.call("results", {"question_id": slide.question.id, "visible": True})["state"]
            assert view["rounds"] and [r["n"] for r in view["rounds"]["rounds"]] == [PHONES, PHONES]
            shown = page.locator(f'.slide[data-index="{slide.index}"]')
            expect(shown.locator(".rounds-legend li")).to_have_count(2)
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate(SETTLED)
                page.screenshot(path=artifacts / f"rounds-fit-{slide.question.id}-{width}.png")
                found = page.evaluate(MEASURE, [TEXT_FLOOR, HEADING_FLOOR])
                problems += [f"{slide.question.id} at {width}x{height}: {p}" for p in found]
            page.set_viewport_size({"width": 1920, "height": 1080})
    finally:
        phones.close()
        presenter.close()
    assert not problems, "\n".join(problems[:12])
    browsers.watch.assert_clean()


def test_a_planned_round_after_a_skipped_one_waits_for_it_in_the_control_view(browsers, server, artifacts,
                                                                             tmp_path):
    deck = tmp_path / "derde-ronde.md"
    deck.write_text((ROOT / "tests" / "fixtures" / "rounds.md").read_text(encoding="utf-8")
                    + "\n---\n\n## Een derde keer\n\n```interaction\nagain: keuze\n```\n", encoding="utf-8")
    third = len(FIXTURE.slides)  # the slide added: round 3 of `keuze`, whose round-2 slide is skipped
    code = server.start_session(deck=str(deck))
    page = browsers.facilitator().new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    presenter = Presenter(server, code)
    try:
        presenter.call("goto", {"slide": FIXTURE.slide_of("keuze").index})
        presenter.call("open", {"question_id": "keuze"})
        presenter.call("close", {"question_id": "keuze"})
        presenter.call("goto", {"slide": third})
    finally:
        presenter.close()
    control = f.control
    opens = control.locator("#open-question")
    # The button names the slide's round and does not start another one: round 2 is asked first.
    expect(opens).to_have_text("Ronde 3 openen")
    expect(opens).to_be_disabled()
    expect(control.locator("#round-note")).to_have_text(
        "Deze dia vraagt ronde 3, maar de vraag is nog in ronde 1. Vraag hem eerst opnieuw als ronde 2; "
        "daarna opent deze dia ronde 3.")
    control.screenshot(path=artifacts / "rounds-control-skipped.png")
    control.once("dialog", lambda dialog: dialog.accept())
    control.get_by_role("button", name="Opnieuw vragen — ronde 2").click()
    expect(control.locator("#question-status")).to_have_text("Ronde 2 · Stem nu op je telefoon")
    expect(control.locator("#round-note")).to_be_hidden()
    expect(opens).to_be_enabled()
    opens.click()
    expect(control.locator("#question-status")).to_have_text("Ronde 3 · Stem nu op je telefoon")
    # Round 3 is the slide's own: the button cannot start a fourth.
    expect(opens).to_have_text("Vraag openen")
    expect(opens).to_be_disabled()
    browsers.watch.assert_clean()
