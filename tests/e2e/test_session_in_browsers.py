"""A whole session in real browsers: facilitator, projector and control view, three phones, the export."""

from __future__ import annotations

import re

from pptx import Presentation

from workshop import deck as decks

from ..server import ADMIN_PASSWORD, ROOT

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips or fails with a clear message
    expect = None

CONTROL = {"width": 1280, "height": 720}
DEMO = decks.load(ROOT / "slides" / "demo.md")
SAVED = re.compile(r"^Je antwoord is opgeslagen")
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'


class AckGate:
    """Sits on a phone's WebSocket and can hold the server's acks, to show what the phone does before one."""

    def __init__(self, context):
        self.holding = False
        self.held = []
        context.route_web_socket(re.compile(r"/socket\.io/"), self.route)

    def route(self, page_side) -> None:
        server_side = page_side.connect_to_server()
        page_side.on_message(server_side.send)

        def to_page(message):
            # A participant ack: 4 (engine.io message) 3 (socket.io ack) /participant,<id>[...]
            if self.holding and isinstance(message, str) and message.startswith("43/participant,"):
                self.held.append((page_side, message))
            else:
                page_side.send(message)

        server_side.on_message(to_page)

    def release(self) -> None:
        self.holding = False
        for page_side, message in self.held:
            page_side.send(message)
        self.held.clear()


class Phone:
    """A participant's phone: its own browser context, on the session's join URL."""

    def __init__(self, context, join_url: str):
        self.gate = AckGate(context)
        self.page = context.new_page()
        self.page.goto(join_url)
        self.confirm = self.page.locator("#confirm")
        expect(self.page.locator("#connection")).to_have_text("verbonden")

    def expect_question(self, text: str, status: str | None) -> None:
        """The phone shows this question; `status` is the closed/pending notice, None while it is open."""
        expect(self.page.locator("#question-text")).to_have_text(text)
        if status is None:
            expect(self.page.locator("#closed")).to_be_hidden()
            expect(self.page.get_by_role("button", name="Versturen")).to_be_enabled()
        else:
            expect(self.page.locator("#closed")).to_have_text(status)

    def choose(self, *labels: str) -> None:
        for label in labels:
            self.page.get_by_label(label, exact=True).check()

    def rate(self, scores: dict[str, int]) -> None:
        for item, score in scores.items():
            self.page.get_by_role("group", name=item).get_by_label(str(score), exact=True).check()

    def write(self, *texts: str) -> None:
        for number, text in enumerate(texts, start=1):
            self.page.get_by_label(f"Antwoord {number} van 3").fill(text)

    def submit(self) -> None:
        """Send the form; the phone says 'sending' while the ack is held, and 'saved' only once it arrives."""
        self.gate.holding = True
        self.page.get_by_role("button", name="Versturen").tap()
        wait_until(self.page, lambda: self.gate.held, "the server's ack of this answer")
        expect(self.confirm).to_have_text("Versturen…")
        self.gate.release()
        expect(self.confirm).to_have_text(SAVED)
        expect(self.page.locator("#error")).to_be_hidden()


def wait_until(page, condition, what: str, seconds: float = 10) -> None:
    """Let Playwright deliver events until condition() holds (bounded: fails when it never does)."""
    for _ in range(int(seconds * 20)):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"gave up waiting for {what}")


def log_in(page, server) -> None:
    page.goto(server.url + "/f/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Naam").fill("admin")
    page.get_by_label("Wachtwoord").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Nieuwe sessie")).to_be_visible()


def start_demo_session(page) -> str:
    """Start a session from slides/demo.md with the dashboard form; its code."""
    page.get_by_label("Deck").select_option("demo.md")
    page.get_by_label("Soort bijeenkomst").select_option("gemeente")
    page.get_by_label("Plaats (gemeente of eenheid)").fill("Utrecht")
    page.get_by_label("Datum").fill("2026-11-29")
    page.get_by_role("button", name="Sessie starten").click()
    expect(page).to_have_url(re.compile(r"/f/s/\w+$"))
    return page.url.rsplit("/", 1)[1]


def open_view(page, link: str):
    """Open the projector or control view from the session page (each opens in a new tab)."""
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=link).click()
    view = opened.value
    view.wait_for_load_state()
    return view


def go_to(control, projector, target: int) -> None:
    """Step to slide `target` with the control view's next button; the projector shows only that slide."""
    current = int(re.match(r"dia (\d+)", control.locator("#slide-number").inner_text()).group(1)) - 1
    for index in range(current + 1, target + 1):
        control.get_by_role("button", name="Volgende dia").click()
        expect(control.locator("#slide-number")).to_have_text(f"dia {index + 1} van {len(DEMO.slides)}")
        expect(projector.locator(".slide:visible")).to_have_count(1)
        expect(projector.locator(f'.slide[data-index="{index}"]')).to_be_visible()


def open_question(control, projector, phones, question_id: str) -> None:
    """Go to the question's slide, where phones show it as not yet open, and open it."""
    go_to(control, projector, DEMO.slide_of(question_id).index)
    text = DEMO.question(question_id).text
    for phone in phones:
        phone.expect_question(text, "De vraag is nog niet geopend.")
    control.get_by_role("button", name="Vraag openen").click()
    expect(control.locator("#question-status")).to_have_text("Stem nu op je telefoon")
    for phone in phones:
        phone.expect_question(text, None)
        expect(phone.confirm).to_be_hidden()


def show_results(control, projector, question_id: str, responses: int):
    """Show the current question's results; the projector's results area of its slide."""
    expect(control.locator("#responses")).to_have_text(str(responses))
    control.get_by_role("button", name="Resultaten tonen").click()
    expect(control.get_by_role("button", name="Resultaten verbergen")).to_be_visible()
    current = projector.locator(f'.slide[data-index="{DEMO.slide_of(question_id).index}"]')
    expect(current).to_be_visible()
    expect(current.locator(".slide-status")).to_have_text(f"Stem nu op je telefoon · {responses} antwoorden")
    return current.locator(".results")


def expect_bars(results, rows: list[tuple[str, str]]) -> None:
    expect(results.locator(".bar-label")).to_have_text([label for label, _ in rows])
    expect(results.locator(".bar-value")).to_have_text([value for _, value in rows])


def test_three_phones_answer_every_kind_and_the_summary_has_their_counts(browsers, server, artifacts):
    laptop = browsers.facilitator()
    page = laptop.new_page()
    log_in(page, server)
    code = start_demo_session(page)
    projector = open_view(page, "Projectorweergave")
    control = open_view(page, "Bediening")
    control.set_viewport_size(CONTROL)
    join_url = projector.locator("#join-url").inner_text()
    assert join_url == f"{server.url}/j/{code}"

    a, b, c = phones = [Phone(browsers.phone(f"phone {n}"), join_url) for n in (1, 2, 3)]
    expect(projector.locator("#connected")).to_have_text("3")
    expect(control.locator("#participants")).to_have_text("3")
    expect(a.page.locator("#waiting")).to_be_visible()
    expect(projector.locator(".slide:visible")).to_have_count(1)
    expect(projector.get_by_role("heading", name="Welkom bij deze sessie")).to_be_visible()
    expect(control.get_by_role("button", name="Vraag openen")).to_be_hidden()

    # choice, one answer; the third phone changes its mind, which replaces its answer
    open_question(control, projector, phones, "domein")
    a.choose("Politie")
    a.submit()
    b.choose("Zorg")
    b.submit()
    c.choose("Politie")
    c.submit()
    expect(control.locator("#responses")).to_have_text("3")
    expect(projector.locator('.slide:visible .results')).to_be_empty()
    c.choose("Zorg")
    c.submit()
    results = show_results(control, projector, "domein", responses=3)
    expect_bars(results, [("Politie", "1 (33%)"), ("Zorg", "2 (67%)"), ("Gemeente", "0 (0%)"),
                          ("Anders", "0 (0%)")])
    expect_bars(control.locator("#control-results"), [("Politie", "1 (33%)"), ("Zorg", "2 (67%)"),
                                                      ("Gemeente", "0 (0%)"), ("Anders", "0 (0%)")])
    projector.screenshot(path=artifacts / "projector.png")
    control.screenshot(path=artifacts / "control.png", full_page=True)

    # choice, at most two; a phone reloads and still sees its choices
    open_question(control, projector, phones, "goede-samenwerking")
    a.choose("Korte lijnen", "Informatie delen")
    a.submit()
    b.choose("Korte lijnen")
    b.submit()
    c.choose("Elkaars taken kennen", "Korte lijnen", "Duidelijke regie")
    c.page.get_by_role("button", name="Versturen").tap()
    expect(c.page.locator("#error")).to_have_text("Kies hoogstens 2 antwoorden.")
    expect(c.confirm).to_be_hidden()
    c.page.get_by_label("Duidelijke regie").uncheck()
    c.submit()
    a.page.reload()
    expect(a.page.locator("#connection")).to_have_text("verbonden")
    a.expect_question("Wat kenmerkt een goede samenwerking voor jou?", None)
    for label in ("Korte lijnen", "Informatie delen"):
        expect(a.page.get_by_label(label)).to_be_checked()
    for label in ("Elkaars taken kennen", "Samen besluiten", "Duidelijke regie"):
        expect(a.page.get_by_label(label)).not_to_be_checked()
    expect(a.confirm).to_have_text(SAVED)
    results = show_results(control, projector, "goede-samenwerking", responses=3)
    expect_bars(results, [("Korte lijnen", "3 (100%)"), ("Elkaars taken kennen", "1 (33%)"),
                          ("Informatie delen", "1 (33%)"), ("Samen besluiten", "0 (0%)"),
                          ("Duidelijke regie", "0 (0%)")])

    # scale, three items
    items = ["In het algemeen", "Bij acute situaties", "Bij langdurige zorg"]
    open_question(control, projector, phones, "ervaren-samenwerking")
    for phone, scores in [(a, [4, 2, 3]), (b, [5, 2, 4]), (c, [4, 1, 3])]:
        phone.rate(dict(zip(items, scores, strict=True)))
        phone.submit()
    b.page.screenshot(path=artifacts / "phone.png")
    results = show_results(control, projector, "ervaren-samenwerking", responses=3)
    expect(results.locator(".scale-result-label")).to_have_text([
        "In het algemeen · gemiddeld 4,3 (n = 3)",
        "Bij acute situaties · gemiddeld 1,7 (n = 3)",
        "Bij langdurige zorg · gemiddeld 3,3 (n = 3)",
    ])
    stacks = results.get_by_role("img")
    expect(stacks).to_have_count(3)
    for index, counts in enumerate(["1: 0, 2: 0, 3: 0, 4: 2, 5: 1", "1: 1, 2: 2, 3: 0, 4: 0, 5: 0",
                                    "1: 0, 2: 0, 3: 2, 4: 1, 5: 0"]):
        expect(stacks.nth(index)).to_have_attribute("aria-label", counts)
    expect(stacks.first.locator(".stack-part")).to_have_text(["", "", "", "4: 2", "5: 1"])

    # open, up to three answers; a reload keeps what was written
    answers = {a: ["Snel ter plaatse", "Rustig blijven"], b: ["Samenwerken met de zorg"],
               c: ["Snel ter plaatse", "Deskundigheid", "Nazorg regelen"]}
    open_question(control, projector, phones, "verwachting-politie")
    written = [text for texts in answers.values() for text in texts]
    for phone, texts in answers.items():
        phone.write(*texts)
        phone.submit()
    b.page.reload()
    expect(b.page.locator("#connection")).to_have_text("verbonden")
    expect(b.page.get_by_label("Antwoord 1 van 3")).to_have_value("Samenwerken met de zorg")
    expect(b.page.get_by_label("Antwoord 2 van 3")).to_have_value("")
    results = show_results(control, projector, "verwachting-politie", responses=3)
    expect(results.locator(".answer-card")).to_have_count(6)
    assert sorted(results.locator(".answer-card").all_inner_texts()) == sorted(written)
    control.get_by_role("button", name="Vraag sluiten").click()
    b.expect_question(DEMO.question("verwachting-politie").text, "Deze vraag is gesloten.")
    expect(b.page.get_by_role("button", name="Versturen")).to_be_disabled()

    go_to(control, projector, len(DEMO.slides) - 1)
    expect(control.get_by_role("button", name="Vraag openen")).to_be_hidden()
    for phone in phones:
        expect(phone.page.locator("#waiting")).to_be_visible()

    # the summary deck, downloaded from the session page
    page.reload()
    for question_id in ("domein", "goede-samenwerking", "ervaren-samenwerking", "verwachting-politie"):
        row = page.get_by_role("row").filter(has_text=DEMO.question(question_id).text)
        expect(row.locator("td").last).to_have_text("3")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Samenvatting (.pptx)").click()
    assert downloaded.value.suggested_filename == f"workshop-{code}-2026-11-29.pptx"
    deck_path = artifacts / "summary.pptx"
    downloaded.value.save_as(deck_path)
    check_summary_deck(deck_path, written)

    browsers.watch.assert_clean()


def check_summary_deck(path, open_answers: list[str]) -> None:
    slides = list(Presentation(path).slides)
    title = "\n".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert "Utrecht" in title and "3 deelnemers" in title
    charts = {slide.shapes.title.text: shape.chart for slide in slides for shape in slide.shapes
              if shape.has_chart}
    def series(chart):
        return {s.name: list(s.values) for s in chart.plots[0].series}

    assert series(charts["Vanuit welk domein werk je?"]) == {"Aantal": [1, 2, 0, 0]}
    assert series(charts["Wat kenmerkt een goede samenwerking voor jou?"]) == {"Aantal": [3, 1, 1, 0, 0]}
    assert series(charts["Hoe ervaar je de samenwerking tussen politie en zorg?"]) == {
        "1 slecht": [0, 1, 0], "2": [0, 2, 0], "3": [0, 0, 2], "4": [2, 0, 1], "5 uitstekend": [1, 0, 0],
    }
    open_slide = next(slide for slide in slides if slide.shapes.title.text.startswith("Wat verwacht jij"))
    assert sorted(open_slide.placeholders[1].text_frame.text.split("\n")) == sorted(open_answers)


def test_an_answer_with_markup_shows_as_text_and_runs_nothing(browsers, server):
    code = server.cli("session", "new", "--deck", "slides/demo.md", "--kind", "gemeente",
                      "--place", "Utrecht", "--date", "2026-11-29").splitlines()[-1]
    laptop = browsers.facilitator()
    page = laptop.new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    projector = open_view(page, "Projectorweergave")
    control = open_view(page, "Bediening")
    phone = Phone(browsers.phone("phone"), projector.locator("#join-url").inner_text())
    open_question(control, projector, [phone], "verwachting-politie")
    phone.write(XSS)
    phone.submit()
    on_projector = show_results(control, projector, "verwachting-politie", responses=1)
    for results in (on_projector, control.locator("#control-results")):
        expect(results.locator(".answer-card")).to_have_text([XSS])
        expect(results.locator("img, script")).to_have_count(0)
    phone.page.reload()
    expect(phone.page.get_by_label("Antwoord 1 van 3")).to_have_value(XSS)
    for view in (page, projector, control, phone.page):
        assert view.evaluate("window.__xss") is None
    browsers.watch.assert_clean()

