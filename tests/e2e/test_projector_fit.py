"""Every result of every kind fits the projector, whole or with an honest "en N meer", at three projector
sizes, with the largest content we expect (tests/fixtures/largest.md, filled through the protocol by
largest.py), and split by a profile question into four groups. Then the control view on a 1366x768 laptop and
the phone pages at 360x640 with the same session. The floors are those of docs/accessibility.md.

Screenshots of every step go to test-artifacts/e2e/ (fit-*, control-*, phone-*); after a change to the
projector, copy fit-stellingen-1920.png, fit-rollen-1920.png and fit-schaal-split-1920.png to
docs/screenshots/ as projector-statements.png, projector-roles.png and projector-split.png (the README shows them)."""

from __future__ import annotations

import re

import pytest

from .largest import DECK, PHONES, Presenter, fill
from .pages import expect, log_in

SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
TEXT_FLOOR = 1 / 45  # of the screen height: 24 px at 1080, 16 px at 720 (docs/accessibility.md)
HEADING_FLOOR = 1 / 30
QUESTIONS = [slide.question.id for slide in DECK.slides if slide.question]

# Problems on the slide that shows: any element outside the screen, under the join banner, or cut off by the
# results area (which never scrolls); text under the floor; the countdown over the title; an "en N meer" list
# whose shown and hidden items do not add up.
MEASURE = """([textFloor, headingFloor]) => {
  const slide = document.querySelector(".slide:not([hidden])");
  const results = slide.querySelector(".results");
  const banner = document.getElementById("join-banner");
  const bottom = banner && banner.checkVisibility() ? banner.getBoundingClientRect().top : innerHeight;
  const area = results ? results.getBoundingClientRect() : null;
  const problems = [];
  const name = (node) => `${node.tagName.toLowerCase()}.${String(node.className).split(" ")[0]} `
    + `"${node.textContent.trim().replace(/\\s+/g, " ").slice(0, 40)}"`;
  for (const node of slide.querySelectorAll("*")) {
    if (!node.checkVisibility({visibilityProperty: true})) continue;
    const box = node.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;
    const px = (n) => Math.round(n);
    if (box.left < -1 || box.top < -1 || box.right > innerWidth + 1 || box.bottom > bottom + 1) {
      problems.push(`off screen or under the banner (bottom ${px(bottom)}): ${name(node)} at `
        + `${px(box.left)},${px(box.top)}-${px(box.right)},${px(box.bottom)}`);
    } else if (results && results.contains(node) && (box.left < area.left - 1 || box.right > area.right + 1
               || box.top < area.top - 1 || box.bottom > area.bottom + 1)) {
      problems.push(`cut off by the results area: ${name(node)}`);
    }
    const text = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
    if (!text) continue;
    const size = parseFloat(getComputedStyle(node).fontSize);
    const heading = node.closest(".slide-body h1, .slide-body h2");
    const floor = (heading ? headingFloor : textFloor) * innerHeight;
    if (size < floor - 0.5) {
      problems.push(`text of ${size.toFixed(1)} px < ${floor.toFixed(1)} px: ${name(node)}`);
    }
  }
  const timer = slide.querySelector(".slide-countdown");
  const title = slide.querySelector(".slide-body h1, .slide-body h2");
  if (timer && title && timer.checkVisibility()) {
    const [a, b] = [timer.getBoundingClientRect(), title.getBoundingClientRect()];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
      problems.push("countdown over the title");
    }
  }
  for (const list of results ? results.querySelectorAll("[data-total]") : []) {
    const shown = list.querySelectorAll(
      ":scope > .fit-item:not([hidden]), :scope > tbody > .fit-item:not([hidden])").length;
    const more = list.parentElement.querySelector(`[data-more-of="${list.dataset.list}"]`);
    const hidden = more && more.checkVisibility() ? Number(more.dataset.hidden) : 0;
    if (shown + hidden !== Number(list.dataset.total)) {
      problems.push(`${list.dataset.list}: ${shown} shown + ${hidden} more != ${list.dataset.total}`);
    }
  }
  if (results && !results.children.length) problems.push("no result drawn");
  for (const node of banner && banner.checkVisibility() ? banner.querySelectorAll("*") : []) {
    const box = node.getBoundingClientRect();
    if (box.width && (box.left < -1 || box.right > innerWidth + 1 || box.bottom > innerHeight + 1)) {
      problems.push(`join banner off screen: ${name(node)}`);
    }
  }
  return problems;
}"""

# A few frames: a word cloud redraws in the frame after its area changed size.
SETTLED = """() => new Promise((done) => {
  let frames = 4;
  const next = () => (--frames ? requestAnimationFrame(next) : done());
  requestAnimationFrame(next);
})"""


@pytest.fixture(scope="module")
def filled(server):
    """A session of tests/fixtures/largest.md with every question answered by PHONES phones."""
    code = server.start_session(deck="tests/fixtures/largest.md")
    fill(server, code)
    return code


def show(projector, presenter, question_id: str, split: str | None) -> None:
    """Put a question's results on the projector, split or not, and wait until they are drawn."""
    presenter.goto(question_id)
    presenter.call("results", {"question_id": question_id, "visible": True})
    presenter.call("split", {"question_id": question_id, "by": split})
    slide = projector.locator(f'.slide[data-index="{DECK.slide_of(question_id).index}"]')
    expect(slide).to_be_visible()
    expect(slide.locator(".results > *").first).to_be_attached()
    if split:
        expect(slide.locator(".results")).to_contain_text("Uitgesplitst naar")
    else:
        expect(slide.locator(".results")).not_to_contain_text("Uitgesplitst naar")
    projector.evaluate(SETTLED)


def test_every_result_fits_the_projector_at_three_sizes(browsers, server, filled, artifacts):
    page = browsers.facilitator().new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{filled}/present")
    expect(page.locator(".slide:visible")).to_have_count(1)
    presenter = Presenter(server, filled)
    problems = []
    try:
        # While people join (before the first question): the large join layout, its QR code over a third
        # of the screen's height; `j` switches to the slim bar and back, `q` hides the banner and the slide
        # grows.
        presenter.call("goto", {"slide": 0})
        banner, qr = page.locator("#join-banner"), page.locator("#join-banner .qr")
        stage = page.locator("#stage")
        expect(banner).to_have_class(re.compile(r"\blarge\b"))
        assert qr.bounding_box()["height"] >= 1080 / 3
        for width, height in SIZES:  # the title slide fits above the large banner
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate(SETTLED)
            page.screenshot(path=artifacts / f"fit-join-{width}.png")
            found = page.evaluate(MEASURE, [TEXT_FLOOR, HEADING_FLOOR])
            problems += [f"title slide at {width}x{height}: {p}" for p in found]
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.keyboard.press("j")
        expect(banner).not_to_have_class(re.compile(r"\blarge\b"))
        assert banner.bounding_box()["height"] <= 0.12 * 1080
        page.keyboard.press("q")
        expect(banner).to_be_hidden()
        assert stage.bounding_box()["height"] == 1080
        page.keyboard.press("q")
        page.keyboard.press("j")
        expect(banner).to_have_class(re.compile(r"\blarge\b"))
        page.keyboard.press("j")
        for question_id in QUESTIONS:
            for split in (None, "domein"):
                show(page, presenter, question_id, split)
                for width, height in SIZES:
                    page.set_viewport_size({"width": width, "height": height})
                    page.evaluate(SETTLED)
                    where = f"{question_id}{' split' if split else ''} at {width}x{height}"
                    name = f"fit-{question_id}{'-split' if split else ''}-{width}.png"
                    page.screenshot(path=artifacts / name)
                    problems += [f"{where}: {p}" for p in page.evaluate(MEASURE, [TEXT_FLOOR, HEADING_FLOOR])]
                page.set_viewport_size({"width": 1920, "height": 1080})
    finally:
        presenter.close()
    # the first three problems of each result and size are enough to see what is wrong
    shown, seen = [], {}
    for problem in problems:
        where = problem.split(":")[0]
        seen[where] = seen.get(where, 0) + 1
        if seen[where] <= 3:
            shown.append(problem)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(shown)
    browsers.watch.assert_clean()


KIND_NAMES = {"choice": "Meerkeuze", "scale": "Schaal", "open": "Open vraag", "wordcloud": "Woordwolk",
              "statements": "Stellingen", "roles": "Wie zorgt voor wat", "ranking": "Rangorde",
              "points": "Punten verdelen", "qa": "Vragen uit de zaal", "grid": "Kwadrantenschema",
              "ideas": "Ideeën en stemmen"}

# The control view at rest: what the facilitator needs without scrolling (above the previous/next bar), result
# text of 14 px or more, and, scrolled to the end, no control under the bar.
CONTROL = """() => {
  const problems = [];
  window.scrollTo(0, 0);
  const bar = () => document.querySelector(".control-nav").getBoundingClientRect();
  for (const selector of ["#current", "#notes", "#next", "#open-question", "#close-question",
                          "#toggle-results", "#prev", "#next-slide"]) {
    const node = document.querySelector(selector);
    if (!node || !node.checkVisibility()) { problems.push(`${selector} is not shown`); continue; }
    const box = node.getBoundingClientRect();
    const limit = node.closest(".control-nav") ? innerHeight : bar().top;
    if (box.top < 0 || box.bottom > limit + 1 || box.right > innerWidth + 1) {
      const at = `${Math.round(box.top)}-${Math.round(box.bottom)}, bar at ${Math.round(bar().top)}`;
      problems.push(`${selector} needs scrolling: ${at}`);
    }
  }
  for (const node of document.querySelectorAll("#control-results *")) {
    if (!node.checkVisibility()) continue;
    const text = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
    const size = parseFloat(getComputedStyle(node).fontSize);
    if (text && size < 13.95) {
      problems.push(`result text of ${size} px: ${node.className} "${node.textContent.slice(0, 30)}"`);
    }
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  for (const node of document.querySelectorAll("button, select, input, textarea, summary")) {
    if (node.closest(".control-nav") || !node.checkVisibility()) continue;
    const box = node.getBoundingClientRect();
    if (box.bottom > bar().top + 1 && box.top < bar().bottom - 1) {
      problems.push(`under the bar: ${node.id || node.textContent.trim()}`);
    }
  }
  window.scrollTo(0, 0);
  return problems;
}"""

# A phone's shared result: starts in view, no sideways scrolling of the page, text of 14 px or more.
PHONE = """() => {
  const problems = [];
  window.scrollTo(0, 0);
  const results = document.getElementById("shared-results");
  if (!results.checkVisibility()) return ["no shared result"];
  const top = results.getBoundingClientRect().top;
  if (top > innerHeight * 0.6) problems.push(`result starts at ${Math.round(top)} px`);
  const wide = document.documentElement.scrollWidth;
  if (wide > innerWidth + 1) problems.push(`page ${wide} px wide`);
  for (const node of results.querySelectorAll("*")) {
    if (!node.checkVisibility()) continue;
    const text = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
    const size = parseFloat(getComputedStyle(node).fontSize);
    if (text && size < 13.95) {
      problems.push(`text of ${size} px: ${node.className} "${node.textContent.slice(0, 30)}"`);
    }
  }
  return problems;
}"""


def test_control_view_session_page_and_phones_with_the_largest_session(browsers, server, filled, artifacts):
    presenter = Presenter(server, filled)
    laptop = browsers.facilitator().new_page()
    log_in(laptop, server)
    problems = []
    try:
        # the session page counts what the projector counts, and names the kinds
        counts = {}
        for question_id in QUESTIONS:
            counts[question_id] = presenter.goto(question_id)["responses"]
        laptop.goto(f"{server.url}/f/s/{filled}")
        for slide in DECK.slides:
            if slide.question is None:
                continue
            row = laptop.get_by_role("row").filter(has_text=slide.question.text)
            question = slide.question
            expect(row.get_by_role("cell")).to_have_text(
                [question.text, KIND_NAMES[question.kind], re.compile(".+"), str(counts[question.id])])
        assert counts["stellingen"] == PHONES and counts["vragen"] > 0

        control = laptop
        control.set_viewport_size({"width": 1366, "height": 768})
        control.goto(f"{server.url}/f/s/{filled}/control")
        presenter.call("goto", {"slide": 0})
        expect(control.locator("#notes p")).to_have_count(2)  # the deck's two paragraphs, not its line breaks
        for question_id in QUESTIONS:
            presenter.goto(question_id)
            presenter.call("results", {"question_id": question_id, "visible": True})
            presenter.call("split", {"question_id": question_id, "by": None})
            kind = DECK.question(question_id).kind
            expect(control.locator("#question-kind")).to_have_text(KIND_NAMES[kind])
            expect(control.locator("#control-results > *").first).to_be_attached()
            control.evaluate(SETTLED)
            control.screenshot(path=artifacts / f"control-{question_id}.png")
            problems += [f"control, {question_id}: {p}" for p in control.evaluate(CONTROL)]

        phone = browsers.phone("phone 360").new_page()
        phone.set_viewport_size({"width": 360, "height": 640})
        phone.goto(f"{server.url}/j/{filled}")
        phone.get_by_label("Ik heb dit gelezen en doe mee").check()
        phone.get_by_label("Politie", exact=True).check()
        phone.get_by_role("button", name="Meedoen").tap()
        expect(phone.locator("#intro")).to_be_hidden()
        for question_id in QUESTIONS:
            presenter.goto(question_id)
            presenter.call("share", {"question_id": question_id, "visible": True})
            expect(phone.locator("#question-text")).to_have_text(DECK.question(question_id).text)
            expect(phone.locator("#shared-results > *").first).to_be_attached()
            phone.evaluate(SETTLED)
            phone.screenshot(path=artifacts / f"phone-{question_id}.png")
            problems += [f"phone, {question_id}: {p}" for p in phone.evaluate(PHONE)]

        # a points form's complaint goes as soon as the points add up; after closing only the true message
        presenter.goto("punten")
        presenter.call("open", {"question_id": "punten"})
        items = DECK.question("punten").settings["items"]
        fields = phone.locator("#answer-fields")
        fields.get_by_label(items[0], exact=True).fill("60")
        phone.get_by_role("button", name="Versturen").tap()
        expect(phone.locator("#error")).to_have_text("Je hebt 60 van de 100 punten verdeeld.")
        fields.get_by_label(items[1], exact=True).fill("40")
        expect(phone.locator("#error")).to_be_hidden()
        phone.get_by_role("button", name="Versturen").tap()
        expect(phone.locator("#confirm")).to_contain_text("zolang de vraag openstaat")
        presenter.call("close", {"question_id": "punten"})
        expect(phone.locator("#closed")).to_have_text("Deze vraag is gesloten.")
        expect(phone.locator("#confirm")).to_have_text("Je antwoord is opgeslagen.")
    finally:
        presenter.close()
    assert not problems, "\n".join(problems)
    browsers.watch.assert_clean()
