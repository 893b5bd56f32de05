"""Accessibility in real browsers (docs/accessibility.md): axe-core's WCAG 2.1 A/AA rules on every page, touch
targets and keyboard access on the phone, reduced motion, and projector text readable from the back of the room.

axe-core comes from node_modules (package.json); the pages' CSP allows only their own scripts, so the contexts
that run axe bypass it (the other browser tests keep it and fail on any CSP violation).
"""

from __future__ import annotations

import pytest

from .pages import (
    DEMO,
    Facilitator,
    Phone,
    expect,
    expect_accessible,
    log_in,
    new_session,
)

TOUCH_TARGET = 44  # px, WCAG 2.5.5 (AAA): every control a participant taps on a phone
# Smallest text on the projector, in CSS px at each resolution (docs/accessibility.md).
PROJECTOR_TEXT = {(1920, 1080): {"body": 24, "heading": 36}, (1280, 720): {"body": 16, "heading": 24}}

CONTROLS = """() => {
  // checkVisibility also leaves out what a closed <details> holds
  const shown = (el) => el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0;
  return [...document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]")]
    .filter((el) => !el.disabled && el.tabIndex >= 0 && shown(el));
}"""

DESCRIBE = """(el) => {
  const name = el.getAttribute("aria-label") || (el.labels && el.labels.length && el.labels[0].textContent)
    || (el.matches("button, a, summary") && el.textContent) || "";
  return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.type ? "[" + el.type + "]" : ""}`
    + ` "${name.trim().replace(/\\s+/g, " ").slice(0, 50)}"`;
}"""


def small_targets(page) -> list[str]:
    """Controls smaller than TOUCH_TARGET in either direction; a radio button or checkbox is tapped through its
    label, so the label is its target."""
    return page.evaluate(f"""(minimum) => {{
      const describe = {DESCRIBE};
      return ({CONTROLS})().map((el) => {{
        const target = el.matches("input[type=radio], input[type=checkbox]") && el.labels.length ? el.labels[0] : el;
        const box = target.getBoundingClientRect();
        return box.width < minimum || box.height < minimum
          ? `${{describe(el)}}: ${{Math.round(box.width)}} x ${{Math.round(box.height)}} px` : null;
      }}).filter(Boolean);
    }}""", TOUCH_TARGET)


# The focused control (tagged by keyboard_gaps) and the contrast of its focus ring with the background around it
# (WCAG 1.4.11: 3:1); 0 without a ring of at least 2 px.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el.dataset.tabWalk === undefined) return null;
  const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map((c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(el);
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return {index: Number(el.dataset.tabWalk), ring: 0};
  let around = el.parentElement;
  while (around && rgb(getComputedStyle(around).backgroundColor)[3] === 0) around = around.parentElement;
  const background = around ? rgb(getComputedStyle(around).backgroundColor) : [255, 255, 255];
  const [a, b] = [luminance(rgb(style.outlineColor)), luminance(background)].sort((x, y) => y - x);
  return {index: Number(el.dataset.tabWalk), ring: (a + 0.05) / (b + 0.05)};
}"""


def keyboard_gaps(page) -> list[str]:
    """Controls that Tab never reaches, that have no name, or that show no focus ring when reached."""
    described = page.evaluate(f"""() => {{
      const describe = {DESCRIBE};
      return ({CONTROLS})().map((el, index) => {{
        el.dataset.tabWalk = index;
        const named = (el.labels && el.labels.length) || el.getAttribute("aria-label")
          || el.getAttribute("aria-labelledby") || (el.matches("button, a, summary") && el.textContent.trim());
        return {{what: describe(el), group: el.type === "radio" ? el.name : null, named: Boolean(named)}};
      }});
    }}""")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached, unringed, first = set(), [], None
    # A date field takes three Tabs (day, month, year): walk until focus comes round to where it started.
    for _ in range(3 * len(described) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if focused["index"] == first and len(reached) > 1:
            break
        first = focused["index"] if first is None else first
        reached.add(focused["index"])
        if focused["ring"] < 3:
            unringed.append(f"{described[focused['index']]['what']} ({focused['ring']:.1f}:1)")
    groups_reached = {described[i]["group"] for i in reached if described[i]["group"]}
    gaps = [f"not reachable with Tab: {c['what']}" for i, c in enumerate(described)
            if i not in reached and not (c["group"] and c["group"] in groups_reached)]
    gaps += [f"no accessible name: {c['what']}" for c in described if not c["named"]]
    gaps += [f"no focus ring of 3:1 against the background: {what}" for what in sorted(set(unringed))]
    return gaps


def check_phone(page, what: str) -> None:
    """axe, touch targets and keyboard access of what a phone shows now."""
    expect_accessible(page, what)
    assert not (problems := small_targets(page)), f"touch targets under {TOUCH_TARGET} px on {what}:\n" + \
        "\n".join(problems)
    assert not (problems := keyboard_gaps(page)), f"keyboard problems on {what}:\n" + "\n".join(problems)


def answer(phone: Phone, question_id: str) -> None:
    """Give some answer to any kind of the demo deck."""
    s = DEMO.question(question_id).settings
    kind = DEMO.question(question_id).kind
    if kind == "choice":
        phone.choose(s["options"][0])
    elif kind == "scale":
        phone.rate({item: s["max"] for item in s["items"]})
    elif kind == "open":
        phone.write("Korte lijnen")
    elif kind == "wordcloud":
        phone.write("vertrouwen", label="Woord {}")
    elif kind == "roles":
        phone.assign({row: s["columns"][0] for row in s["rows"]})
    elif kind == "points":
        phone.spread({s["items"][0]: s["total"]})
    elif kind == "grid":
        phone.place({s["items"][0]: (s["x"]["max"], s["y"]["min"])}, (s["x"]["label"], s["y"]["label"]))
    if kind in ("statements", "qa", "ideas"):
        return
    phone.submit(gated=False)


def test_phone_pages_pass_axe_have_large_targets_and_work_with_the_keyboard(browsers, server):
    code = new_session(server)
    context = browsers.phone("phone", bypass_csp=True)
    start = context.new_page()
    start.goto(server.url + "/")
    check_phone(start, "the join page")
    browsers.watch.allow(r"status of 404 \(NOT FOUND\) at http://[\d.:]+/j/ZZZZZZ$")  # as it should be
    start.get_by_label("Typ de code die je op het scherm ziet").fill("zzz zzz")
    start.get_by_role("button", name="Meedoen").tap()
    expect(start.get_by_role("heading", name="Deze code kennen we niet")).to_be_visible()
    check_phone(start, "the page for an unknown code")

    laptop = browsers.facilitator()
    page = laptop.new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    phone = Phone(context, f.join_url, gate=False)
    expect(phone.page.locator("#intro")).to_be_visible()
    check_phone(phone.page, "the intro screen (consent and profile)")
    phone.join("Zorg", consent=False)
    expect(phone.page.locator("#intro-error")).to_be_visible()
    expect_accessible(phone.page, "the intro screen with its error")
    phone.join("Zorg")
    expect(phone.page.locator("#waiting")).to_be_visible()
    expect_accessible(phone.page, "the waiting screen")

    for question in DEMO.questions:
        f.open(question.id, [phone])
        check_phone(phone.page, f"the phone's {question.kind} question ({question.id})")
        answer(phone, question.id)
        if question.kind == "statements":
            phone.vote(question.settings["statements"][0], "Eens")
            phone.add_text("Je eigen stelling", "Stelling toevoegen", "Samen oefenen helpt.")
            expect(phone.confirm).to_be_visible()
            check_phone(phone.page, "the statement board after a vote and an own statement")
            phone.fields.get_by_role("button", name="Toon als lijst").tap()
            check_phone(phone.page, "the statement board as a list")
        elif question.kind == "qa":
            phone.add_text("Jouw vraag", "Vraag stellen", "Wie belt wie?")
            expect(phone.fields.locator(".qa-item")).to_have_count(1)
            check_phone(phone.page, "the Q&A with a question")
        else:
            expect_accessible(phone.page, f"the phone's {question.kind} question after answering")
        if question.kind == "scale":  # results shared on the phone once the question is closed
            f.close()
            f.control.get_by_role("button", name="Uitslag op telefoons tonen").click()
            expect(phone.page.locator("#shared-results .stack-bar")).to_have_count(len(question.settings["items"]))
            expect_accessible(phone.page, "results shared on the phone")
    browsers.watch.assert_clean()


def test_facilitator_pages_pass_axe_and_work_with_the_keyboard(browsers, server):
    laptop = browsers.facilitator(bypass_csp=True)
    page = laptop.new_page()
    page.goto(server.url + "/login")
    expect_accessible(page, "the login page")
    assert not (gaps := keyboard_gaps(page)), "\n".join(gaps)
    log_in(page, server)
    code = new_session(server)
    page.reload()
    expect_accessible(page, "the dashboard")
    assert not (gaps := keyboard_gaps(page)), "\n".join(gaps)
    page.goto(f"{server.url}/f/s/{code}")
    expect_accessible(page, "the session page")
    assert not (gaps := keyboard_gaps(page)), "\n".join(gaps)
    note_link = page.get_by_label("Link voor de notulist").input_value()

    f = Facilitator(page, code)
    expect_accessible(f.control, "the control view")
    expect_accessible(f.projector, "the projector's title slide")
    phones = [Phone(browsers.phone(f"phone {n}"), f.join_url, gate=False) for n in (1, 2)]
    for phone, group in zip(phones, ("Politie", "Zorg"), strict=True):
        phone.join(group)
    # every colour of the scale, in the control view's small print and at both projector sizes
    f.open("ervaren-samenwerking", phones)
    items = DEMO.question("ervaren-samenwerking").settings["items"]
    for phone, scores in zip(phones, ([1, 2, 3], [4, 5, 4]), strict=True):
        phone.rate(dict(zip(items, scores, strict=True)))
        phone.submit(gated=False)
    f.show_results("ervaren-samenwerking", responses=2)
    expect(f.control.locator("#control-results .stack-part")).to_have_text(
        ["1: 1", "", "", "4: 1", "", "", "2: 1", "", "", "5: 1", "", "", "3: 1", "4: 1", ""])
    expect_accessible(f.control, "the control view with a scale's results")
    for size in PROJECTOR_TEXT:
        f.projector.set_viewport_size({"width": size[0], "height": size[1]})
        expect_accessible(f.projector, f"the projector with a scale's results at {size[0]}x{size[1]}")

    f.open("stellingen", phones)
    phones[0].add_text("Je eigen stelling", "Stelling toevoegen", "Bel me op 06-12345678 als het misgaat.")
    phones[1].vote(DEMO.question("stellingen").settings["statements"][0], "Oneens")
    expect(f.control.locator(".queue-item mark")).to_have_text("06-12345678")
    f.show_results("stellingen")
    f.control.get_by_label("Uitsplitsen naar").select_option(label=DEMO.profile[0]["question"])
    expect(f.control.locator(".split-note")).to_be_visible()
    expect_accessible(f.control, "the control view with a moderation queue and a split result")
    assert not (gaps := keyboard_gaps(f.control)), "\n".join(gaps)
    expect_accessible(f.projector, "the projector with a split statement board")

    page.goto(note_link)
    expect(page.get_by_role("heading", name=f"Notities bij {DEMO.title}")).to_be_visible()
    expect_accessible(page, "the note taker's page")
    assert not (gaps := keyboard_gaps(page)), "\n".join(gaps)
    browsers.watch.assert_clean()


SLIDE_TEXT = """() => {
  const slide = document.querySelector(".slide:not([hidden])");
  const texts = [];
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    // Word cloud words are sized by how often they were given (their list is in the image's label).
    if (!node.textContent.trim() || !el.getClientRects().length || el.closest(".wordcloud")) continue;
    const role = el.closest(".slide-body h1, .slide-body h2") ? "heading" : "body";
    texts.push({role, size: parseFloat(getComputedStyle(el).fontSize), text: node.textContent.trim().slice(0, 40)});
  }
  for (const el of document.querySelectorAll(".join-text, .join-count")) {
    texts.push({role: "body", size: parseFloat(getComputedStyle(el).fontSize), text: "join banner: " + el.textContent.trim().slice(0, 30)});
  }
  return texts;
}"""


@pytest.mark.parametrize("size", list(PROJECTOR_TEXT), ids=["1920x1080", "1280x720"])
def test_projector_text_is_large_enough_for_the_back_of_the_room(browsers, server, size):
    code = new_session(server)
    laptop = browsers.facilitator(bypass_csp=True)
    page = laptop.new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    f.projector.set_viewport_size({"width": size[0], "height": size[1]})
    phone = Phone(browsers.phone("phone"), f.join_url, gate=False)
    phone.join("Anders")
    minimum = PROJECTOR_TEXT[size]
    too_small = []
    for slide in DEMO.slides:
        f.go_to(slide.index)
        if slide.question:
            f.open(slide.question.id, [phone], slide=slide)
            answer(phone, slide.question.id)
            if slide.question.kind == "statements":
                phone.vote(slide.question.settings["statements"][0], "Eens")
                phone.vote(slide.question.settings["statements"][1], "Oneens")
            f.show_results(slide.question.id, slide=slide)
        for text in f.projector.evaluate(SLIDE_TEXT):
            if text["size"] < minimum[text["role"]]:
                too_small.append(f"slide {slide.index + 1}: {text['role']} {text['size']:.1f} px: {text['text']}")
        expect_accessible(f.projector, f"projector slide {slide.index + 1} at {size[0]}x{size[1]}")
    assert not too_small, f"text under {minimum} px at {size[0]}x{size[1]}:\n" + "\n".join(too_small)
    browsers.watch.assert_clean()


MOVING = """(selector) => [...document.querySelectorAll(selector)].flatMap((el) => {
  const style = getComputedStyle(el);
  const moves = style.animationName !== "none"
    || style.transitionDuration.split(",").some((d) => parseFloat(d) > 0);
  return moves ? [`${el.className}: animation ${style.animationName}, transition ${style.transitionDuration}`] : [];
})"""


def test_results_do_not_move_when_reduced_motion_is_asked_for(browsers, server):
    code = new_session(server)
    laptop = browsers.facilitator()
    page = laptop.new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    phone = Phone(browsers.phone("phone"), f.join_url, gate=False)
    phone.join("Politie")
    views = [(f.projector, ".slide:not([hidden]) .results, .slide:not([hidden]) .results *"),
             (f.control, "#control-results, #control-results *")]

    # Without a preference, bars glide and new words fade in: the check below can see motion.
    f.open("goede-samenwerking", [phone])
    answer(phone, "goede-samenwerking")
    f.show_results("goede-samenwerking", responses=1)
    for view, results in views:
        expect(view.locator(".bar-fill").first).to_be_attached()
        assert view.evaluate(MOVING, results), "no motion without reduced motion: the check would pass anyway"
    f.open("woord-samenwerking", [phone])
    f.show_results("woord-samenwerking")
    answer(phone, "woord-samenwerking")
    expect(f.projector.locator(".wordcloud-word.wordcloud-new")).to_have_text("vertrouwen")

    for view, _ in views:
        view.emulate_media(reduced_motion="reduce")
    phone.write("vertrouwen", "samen", label="Woord {}")
    phone.submit(gated=False)
    for view, results in views:
        expect(view.locator(".wordcloud-word")).to_have_count(2)
        assert view.evaluate(MOVING, results) == []
        assert view.evaluate("document.getAnimations().length") == 0
    f.open("rangorde", [phone])
    answer(phone, "rangorde")
    f.show_results("rangorde", responses=1)
    for view, results in views:
        expect(view.locator(results.split(",")[0] + " .bar-fill")).to_have_count(3)
        assert view.evaluate(MOVING, results) == []
        assert view.evaluate("document.getAnimations().length") == 0
    browsers.watch.assert_clean()
