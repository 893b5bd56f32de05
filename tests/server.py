"""A real workshop server in its own process on loopback, for integration and browser tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "integration-password"


def collect_sockets() -> None:
    """Close what socket.io clients left behind when their server was killed, outside any test's warnings.

    A client whose server died keeps its socket until garbage collection; collected later, it would raise its
    ResourceWarning inside whichever test happens to be running.
    """
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`workshop serve` on 127.0.0.1 with its own database file, started and stopped by a test."""

    def __init__(self, tmp_path: Path, public_url: bool = False, env: dict | None = None):
        self.db = tmp_path / "live.db"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # A projector opened on 127.0.0.1 otherwise offers this machine's network address, which a server
        # listening on loopback cannot answer; browser tests want the join URL to be the server's own.
        self.public_url = self.url if public_url else ""
        self.env = env or {}
        self.log = tmp_path / "server.log"
        self.process: subprocess.Popen | None = None

    def start_session(self, deck: str = "tests/fixtures/live.md", place: str = "Amersfoort") -> str:
        """Start a session from a deck with the CLI; keep its join code on the server as `code`."""
        self.code = self.cli("session", "new", "--deck", deck, "--kind", "gemeente", "--place", place,
                             "--date", "2026-11-29").splitlines()[-1]
        return self.code

    def cli(self, *args: str) -> str:
        """Run a `workshop` command on the same database; its stdout."""
        result = subprocess.run([sys.executable, "-m", "workshop", "--db", str(self.db), *args],
                                capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self) -> LiveServer:
        env = {**os.environ, "WORKSHOP_ADMIN_PASSWORD": ADMIN_PASSWORD, "PUBLIC_URL": self.public_url, **self.env}
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "workshop", "--db", str(self.db), "serve", "--host", "127.0.0.1",
                 "--port", str(self.port)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        # 60 s: before it listens the server loads the privacy guard's name lists (1-2 s on an idle machine,
        # 5-6 s and a start of 20 s in all on a 2-core machine at load 11: docs/privacy-guard.md).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/", timeout=1)
                return self
            except requests.ConnectionError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        collect_sockets()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        collect_sockets()

    def serving(self):
        """Start, yield itself, stop: the body of a fixture."""
        self.start()
        try:
            yield self
        finally:
            self.stop()

    def login(self, name: str = "admin", password: str = ADMIN_PASSWORD) -> requests.Session:
        """A requests session logged in as a facilitator (CSRF token read from the form, as a browser does)."""
        http = requests.Session()
        form = http.get(self.url + "/login", timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        response = http.post(self.url + "/login", data={"name": name, "password": password, "csrf_token": token},
                             allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return http
