"""Browser fixtures: Debian's chromium driven by Playwright, a live server, and a watch on every page.

Playwright never downloads a browser here: it drives /usr/bin/chromium (`apt-get install chromium`).
Without chromium or the playwright package the browser tests skip, except in CI (CI=true), where they fail.
Screenshots and downloads of every run go to test-artifacts/e2e/ (ignored by git); after a UI change, copy
projector.png, control.png, phone.png and phone-board.png from there to docs/screenshots/ for the README.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..server import ROOT, LiveServer

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # reported by the `browser` fixture
    sync_playwright = None

CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags chromium tries to reach Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
ALLOWED_HOST = "127.0.0.1"


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where a skipped browser test would pass unnoticed."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """Debian's chromium, headless, for the browser tests. Playwright's sync API keeps an asyncio loop running
    while it is open, so it closes when they are done: later tests may call asyncio.run()."""
    if sync_playwright is None:
        unavailable("the playwright package is missing (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A workshop server on 127.0.0.1, shared by the tests of a module (each starts its own session)."""
    live = LiveServer(tmp_path_factory.mktemp("e2e-server"), public_url=True)
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and downloads of this run go."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Watch:
    """Collects what should never happen on any page: console errors (CSP violations among them), uncaught
    exceptions, failed requests, and requests to any host but the test server's."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.allowed: list[re.Pattern] = []

    def allow(self, pattern: str) -> None:
        """Expect problems matching `pattern` (a test that takes a phone offline expects failed connections)."""
        self.allowed.append(re.compile(pattern))

    def context(self, context, name: str) -> None:
        context.on("page", lambda page: self.page(page, name))
        context.on("request", lambda request: self.host(request.url, name))
        context.on("requestfailed", lambda request: self.problems.append(
            f"{name}: request failed: {request.method} {request.url} ({request.failure})"))

    def page(self, page, name: str) -> None:
        page.on("console", lambda message: message.type == "error" and self.problems.append(
            f"{name}: console error: {message.text} at {message.location.get('url')}"))
        page.on("pageerror", lambda error: self.problems.append(f"{name}: uncaught: {error}"))
        page.on("websocket", lambda socket: self.host(socket.url, name))

    def host(self, url: str, name: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != ALLOWED_HOST:
            self.problems.append(f"{name}: request to another host: {url}")

    def assert_clean(self) -> None:
        problems = [p for p in self.problems if not any(allowed.search(p) for allowed in self.allowed)]
        assert problems == [], "\n".join(problems)


class Browsers:
    """Browser contexts for one test: a facilitator's laptop and phones, each watched, closed at the end."""

    def __init__(self, browser, watch: Watch):
        self.browser = browser
        self.watch = watch
        self.contexts = []

    def _context(self, name: str, **options):
        context = self.browser.new_context(locale="nl-NL", **options)
        self.watch.context(context, name)
        self.contexts.append(context)
        return context

    def facilitator(self, **options):
        """The facilitator's browser; its pages open at projector size."""
        return self._context("facilitator", viewport=PROJECTOR, accept_downloads=True, **options)

    def phone(self, name: str, **options):
        """A phone-sized touch browser of its own (its own storage, so its own device token)."""
        return self._context(name, **PHONE, **options)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsers(browser):
    """Make watched browser contexts; `browsers.watch.assert_clean()` checks every page they opened."""
    made = Browsers(browser, Watch())
    yield made
    made.close()
