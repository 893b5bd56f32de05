"""What the browser tests do with the pages: log in, start a session, drive the control view, answer on phones,
and check a page with axe-core. Shared by the test modules of tests/e2e/."""

from __future__ import annotations

import json
import re
import sqlite3

from workshop import deck as decks

from ..server import ADMIN_PASSWORD, ROOT
from .conftest import unavailable

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips or fails with a clear message
    expect = None

CONTROL = {"width": 1280, "height": 720}
DEMO = decks.load(ROOT / "slides" / "demo.md")
SAVED = re.compile(r"^Je antwoord is opgeslagen")
NOT_OPEN = "De vraag is nog niet geopend."
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class AckGate:
    """Sits on a phone's WebSocket and can hold the server's acks, to show what the phone does before one."""

    def __init__(self, context):
        self.holding = False
        self.held = []
        self.delivered: list[str] = []  # every message from the server that reached the page
        context.route_web_socket(re.compile(r"/socket\.io/"), self.route)

    def route(self, page_side) -> None:
        server_side = page_side.connect_to_server()
        page_side.on_message(server_side.send)

        def to_page(message):
            # A participant ack: 4 (engine.io message) 3 (socket.io ack) /participant,<id>[...]
            if self.holding and isinstance(message, str) and message.startswith("43/participant,"):
                self.held.append((page_side, message))
            else:
                self.delivered.append(str(message))
                page_side.send(message)

        server_side.on_message(to_page)

    def release(self) -> None:
        self.holding = False
        for page_side, message in self.held:
            self.delivered.append(str(message))
            page_side.send(message)
        self.held.clear()

    def drop(self) -> None:
        """Lose the held acks, as when the connection breaks before they arrive."""
        self.holding = False
        self.held.clear()

    def acks(self, question_id: str) -> list[str]:
        """The acks of stored answers to this question that reached the page."""
        answer = re.escape(f'"question_id": "{question_id}"').replace(r"\ ", " ?")
        stored = re.compile(r"^43/participant,\d*\[\{.*" + answer + '.*"revision"')
        return [message for message in self.delivered if stored.match(message)]


class Phone:
    """A participant's phone: its own browser context, on the session's join URL."""

    def __init__(self, context, join_url: str, gate: bool = True):
        self.gate = AckGate(context) if gate else None
        self.page = context.new_page()
        self.page.goto(join_url)
        self.confirm = self.page.locator("#confirm")
        self.error = self.page.locator("#error")
        self.fields = self.page.locator("#answer-fields")
        self.expect_connected()

    def expect_connected(self) -> None:
        expect(self.page.locator("#connection")).to_have_text("verbonden")

    def join(self, profile: str, consent: bool = True) -> None:
        """Accept the consent text and answer the profile question on the intro screen."""
        intro = self.page.locator("#intro")
        expect(intro).to_be_visible()
        expect(self.page.locator("#consent-text")).to_contain_text("Dit is een demonstratie.")
        if consent:
            self.page.get_by_label("Ik heb dit gelezen en doe mee").check()
        self.page.get_by_role("group", name=DEMO.profile[0]["question"]).get_by_label(profile, exact=True).check()
        self.page.get_by_role("button", name="Meedoen").tap()
        if consent:
            expect(intro).to_be_hidden()

    def expect_question(self, text: str, status: str | None) -> None:
        """The phone shows this question; `status` is the closed/pending notice, None while it is open."""
        expect(self.page.locator("#question-text")).to_have_text(text)
        if status is None:
            expect(self.page.locator("#closed")).to_be_hidden()
        else:
            expect(self.page.locator("#closed")).to_have_text(status)

    def choose(self, *labels: str) -> None:
        for label in labels:
            self.fields.get_by_label(label, exact=True).check()

    def rate(self, scores: dict[str, int]) -> None:
        for item, score in scores.items():
            self.fields.get_by_role("group", name=item).get_by_label(str(score), exact=True).check()

    def write(self, *texts: str, label: str = "Antwoord {} van 3") -> None:
        for number, text in enumerate(texts, start=1):
            self.fields.get_by_label(label.format(number), exact=True).fill(text)

    def assign(self, tasks: dict[str, str]) -> None:
        """Roles: pick the party that takes care of each task."""
        for task, party in tasks.items():
            row = self.fields.locator("fieldset").filter(has=self.page.locator("legend", has_text=task))
            row.get_by_label(party, exact=True).check()

    def rank(self, order: list[str]) -> None:
        """Ranking: move items with the arrow buttons until the list reads `order`."""
        items = self.fields.locator(".ranking-label")
        for position, label in enumerate(order):
            while (current := items.all_inner_texts().index(label)) > position:
                self.fields.get_by_role("button", name=f"Zet {label} hoger").tap()
                expect(items.nth(current - 1)).to_have_text(label)
        expect(items).to_have_text(order)

    def place(self, places: dict[str, tuple[int, int]], axes: tuple[str, str]) -> None:
        """Grid: put each item at (x, y) on the two named scales."""
        for item, position in places.items():
            for axis, point in zip(axes, position):
                group = self.fields.get_by_role("radiogroup", name=f"{item}: {axis}")
                group.get_by_label(str(point), exact=True).check()

    def spread(self, points: dict[str, int]) -> None:
        for item, value in points.items():
            self.fields.get_by_label(item, exact=True).fill(str(value))

    def vote(self, statement: str, button: str) -> None:
        """Statement board: vote on the statement the card shows now."""
        card = self.fields.locator(".statement-card")
        expect(card.locator(".statement-text")).to_have_text(statement)
        card.get_by_role("button", name=button, exact=True).tap()
        expect(card).not_to_contain_text(statement)  # the next statement, or "done"

    def add_text(self, label: str, button: str, text: str) -> None:
        """Statement board or Q&A: send an own text."""
        self.fields.get_by_label(label, exact=True).fill(text)
        self.fields.get_by_role("button", name=button).tap()

    def submit(self, gated: bool = True) -> None:
        """Send the form; the phone says 'sending' while the ack is held, and 'saved' only once it arrives."""
        button = self.page.get_by_role("button", name="Versturen")
        if not gated or self.gate is None:
            button.tap()
        else:
            self.gate.holding = True
            button.tap()
            wait_until(self.page, lambda: self.gate.held, "the server's ack of this answer")
            expect(self.confirm).to_have_text("Versturen…")
            self.gate.release()
        expect(self.confirm).to_have_text(SAVED)
        expect(self.error).to_be_hidden()


class Facilitator:
    """The facilitator's laptop: the session page, the projector view and the control view."""

    def __init__(self, page, code: str):
        self.page = page
        self.code = code
        self.projector = open_view(page, "Projectorweergave")
        self.control = open_view(page, "Bediening")
        self.control.set_viewport_size(CONTROL)
        self.join_url = self.projector.locator("#join-url").inner_text()

    def slide(self) -> int:
        """The 0-based index of the slide the control view shows."""
        text = self.control.locator("#slide-number").inner_text()
        return int(re.match(r"dia (\d+)", text).group(1)) - 1

    def go_to(self, target: int) -> None:
        """Step to slide `target` with the control view's next button; the projector shows only that slide."""
        for index in range(self.slide() + 1, target + 1):
            self.control.get_by_role("button", name="Volgende dia").click()
            expect(self.control.locator("#slide-number")).to_have_text(f"dia {index + 1} van {len(DEMO.slides)}")
            expect(self.projector.locator(".slide:visible")).to_have_count(1)
            expect(self.projector.locator(f'.slide[data-index="{index}"]')).to_be_visible()

    def open(self, question_id: str, phones=(), timer: str | None = None, slide=None) -> None:
        """Go to the question's slide (or `slide`, e.g. one that asks it again), where phones show it as not yet
        open (or closed, before a planned round), and open it."""
        slide = slide or DEMO.slide_of(question_id)
        self.go_to(slide.index)
        text = DEMO.question(question_id).text
        for phone in phones:  # before a planned round: round 1 as it is (open, or closed)
            if slide.round == 1:
                phone.expect_question(text, NOT_OPEN)
            else:
                expect(phone.page.locator("#question-text")).to_have_text(text)
        # The control view keeps the last time limit chosen: set it every time.
        self.control.get_by_label("Tijdslimiet").select_option(label=timer or "geen")
        if slide.round == 1:
            self.control.get_by_role("button", name="Vraag openen").click()
            expect(self.control.locator("#question-status")).to_have_text("Stem nu op je telefoon")
        else:  # a slide that asks the question again opens its next round (deck: 'again:')
            self.control.get_by_role("button", name=f"Ronde {slide.round} openen").click()
            expect(self.control.locator("#question-status")).to_have_text(
                f"Ronde {slide.round} · Stem nu op je telefoon")
        for phone in phones:
            phone.expect_question(text, None)

    def close(self) -> None:
        self.control.get_by_role("button", name="Vraag sluiten").click()
        expect(self.control.locator("#question-status")).to_have_text("Gesloten")

    def show_results(self, question_id: str, responses: int | None = None, slide=None):
        """Show the current question's results; the results area of its slide (or `slide`) on the projector."""
        if responses is not None:
            expect(self.control.locator("#responses")).to_have_text(str(responses))
        self.control.get_by_role("button", name="Resultaten tonen").click()
        expect(self.control.get_by_role("button", name="Resultaten verbergen")).to_be_visible()
        current = self.projector.locator(f'.slide[data-index="{(slide or DEMO.slide_of(question_id)).index}"]')
        expect(current).to_be_visible()
        if responses is not None:
            answers = "antwoord" if responses == 1 else "antwoorden"
            expect(current.locator(".slide-status")).to_have_text(re.compile(rf" · {responses} {answers}$"))
        return current.locator(".results")


def screenshot(page, path) -> None:
    """The whole page in one viewport, so a sticky bar stays at the bottom (a full-page shot repeats it)."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"],
                            "height": page.evaluate("document.documentElement.scrollHeight")})
    page.screenshot(path=path)
    page.set_viewport_size(size)


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


def start_demo_session(page, smallest_group: int | None = None) -> str:
    """Start a session from slides/demo.md with the dashboard form; its code."""
    page.get_by_label("Deck").select_option("demo.md")
    page.get_by_label("Soort bijeenkomst").select_option("gemeente")
    page.get_by_label("Plaats (gemeente of eenheid)").fill("Utrecht")
    page.get_by_label("Datum").fill("2026-11-29")
    if smallest_group is not None:
        page.get_by_label("Kleinste groep die apart getoond wordt").fill(str(smallest_group))
    page.get_by_role("button", name="Sessie starten").click()
    expect(page).to_have_url(re.compile(r"/f/s/\w+$"))
    return page.url.rsplit("/", 1)[1]


def new_session(server, every_aggregate: bool = True) -> str:
    """A session of the demo deck made on the command line; its code.

    With `every_aggregate` its k is 1, so a result of one or two phones shows: these tests drive screens with
    a few browsers, not the five-person rule (tests/test_small_groups.py); the product never allows k < 2.
    """
    code = server.cli("session", "new", "--deck", "slides/demo.md", "--kind", "gemeente",
                      "--place", "Utrecht", "--date", "2026-11-29").splitlines()[-1]
    if every_aggregate:
        db = sqlite3.connect(str(server.db))
        try:
            with db:
                db.execute("update sessions set min_group = 1 where code = ?", [code])
        finally:
            db.close()
    return code


def open_view(page, link: str):
    """Open the projector or control view from the session page (each opens in a new tab)."""
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=link).click()
    view = opened.value
    view.wait_for_load_state()
    return view


def expect_bars(results, rows: list[tuple[str, str]]) -> None:
    expect(results.locator(".bar-label")).to_have_text([label for label, _ in rows])
    expect(results.locator(".bar-value")).to_have_text([value for _, value in rows])


def stored(server, code: str, question_id: str) -> list[tuple]:
    """(value, revision) of every answer to a question the live server's database holds (read-only)."""
    db = sqlite3.connect(f"file:{server.db}?mode=ro", uri=True)
    try:
        rows = db.execute("select r.value, r.revision from responses r join sessions s on s.id = r.session_id "
                          "where s.code = ? and r.question_id = ?", [code, question_id]).fetchall()
    finally:
        db.close()
    return [(json.loads(value), revision) for value, revision in rows]


def axe_violations(page, selector: str | None = None) -> list[str]:
    """Run axe-core with the WCAG 2.1 A and AA rules on the page; one line per violation and element."""
    if not AXE.exists():
        unavailable(f"{AXE.relative_to(ROOT)} is missing (make setup, or npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # Colours are measured as drawn: let a word fading in finish first (one redrawn meanwhile is cancelled).
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
    violations = page.evaluate(
        """([context, tags]) => axe.run(context ? document.querySelector(context) : document,
                                        {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
             .then((r) => r.violations.map((v) => ({id: v.id, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))})))""",
        [selector, WCAG_AA],
    )
    return [f"{v['id']} ({v['help']}): {node}" for v in violations for node in v["nodes"]]


def expect_accessible(page, what: str, selector: str | None = None) -> None:
    problems = axe_violations(page, selector)
    assert not problems, f"axe finds problems on {what}:\n" + "\n".join(problems)
