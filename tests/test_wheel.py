"""The wheel runs without the checkout: built with `python -m build`, installed into a fresh virtualenv and
started from an empty folder, it serves a whole session from a shipped deck (docs/install.md)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import requests
import socketio
from pptx import Presentation

from workshop import config
from workshop.cli import cli

from .server import ADMIN_PASSWORD, ROOT, collect_sockets, free_port

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def run(command: list, **options) -> subprocess.CompletedProcess:
    """A command's result; its output in the assertion message when it fails."""
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **options)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def source_files() -> list[str]:
    """The checkout's files as a fresh clone would have them once committed: tracked or new, never ignored."""
    if not (ROOT / ".git").exists():
        pytest.skip("builds from a git checkout")
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT).stdout
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def clean_tree(target: Path, npm_ci: bool) -> Path:
    """A copy of the checkout without generated files (no .mo, no static/vendor, no egg-info left from earlier
    builds), with the socket.io client of `npm ci` or without it."""
    names = source_files() + (["node_modules/socket.io-client/" + name
                               for name in ("dist/socket.io.min.js", "package.json", "LICENSE")] if npm_ci else [])
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel built from it, as `python -m build` makes them (in this virtualenv)."""
    tree = clean_tree(tmp_path_factory.mktemp("tree"), npm_ci=True)
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, tree], timeout=300)
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """The bin folder of a fresh virtualenv outside the checkout with the wheel installed (pip's cache helps)."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", venv], timeout=120)
    wheel = next(dist.glob("workshop-*.whl"))
    run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-compile", wheel],
        timeout=600)
    return venv / "bin"


def user_env(home: Path) -> dict:
    """A user's environment: its own home (so its own data folder) and none of this test run's settings."""
    keep = {name: os.environ[name] for name in ("PATH", "LANG", "SYSTEMROOT") if name in os.environ}
    return {**keep, "HOME": str(home), "WORKSHOP_ADMIN_PASSWORD": ADMIN_PASSWORD}


def test_the_wheel_holds_templates_translations_client_and_decks(dist):
    wheel = zipfile.ZipFile(next(dist.glob("workshop-*.whl")))
    names = wheel.namelist()
    assert "workshop/templates/login.html" in names
    assert "workshop/translations/en/LC_MESSAGES/messages.mo" in names
    assert {f"workshop/slides/{p.name}" for p in (ROOT / "slides").glob("*.md")} <= set(names)
    client = wheel.read("workshop/static/vendor/socket.io.min.js")
    assert client == (ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js").read_bytes()
    assert not [name for name in names if name.endswith(".map") or "__pycache__" in name]
    # every file of the package in git (code, scripts, export templates ...), so a new data file is not lost
    package = [name for name in source_files() if name.startswith("workshop/")]
    assert package and set(package) <= set(names)


def test_a_checkout_keeps_its_data_in_instance_and_its_decks_in_slides(monkeypatch):
    for name in ("WORKSHOP_DB", "WORKSHOP_DECKS", "WORKSHOP_SLIDES"):
        monkeypatch.delenv(name, raising=False)
    assert config.CHECKOUT and config.TEMPLATES == ROOT / "templates"
    settings = config.defaults()
    assert settings["DATABASE"] == str(ROOT / "instance" / "workshop.db")
    assert settings["SLIDES_DIR"] == str(ROOT / "slides")


def test_the_systemd_unit_starts_a_command_that_exists():
    unit = (ROOT / "docs" / "workshop@.service").read_text(encoding="utf-8")
    start = re.search(r"^ExecStart=/opt/workshop/bin/workshop (.*)$", unit, re.M).group(1)
    name, *options = start.replace("%i", "5001").split()
    assert name == "serve"
    settings = cli.get_command(None, "serve").make_context("serve", options).params
    assert (settings["host"], settings["port"]) == ("127.0.0.1", 5001)
    assert {"WORKSHOP_DB", "WORKSHOP_DECKS"} <= set(re.findall(r"^Environment=(\w+)=", unit, re.M))


def test_a_build_without_npm_ci_fails_clearly(tmp_path):
    tree = clean_tree(tmp_path / "tree", npm_ci=False)
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir",
                             str(tmp_path / "out"), str(tree)], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "node_modules/socket.io-client/dist/socket.io.min.js is missing: run `npm ci` first" in (
        result.stdout + result.stderr)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.whl"))


def test_version_and_decks_from_any_folder(installed, tmp_path):
    assert run([installed / "workshop", "--version"], cwd=tmp_path).stdout.strip() == f"workshop {VERSION}"
    # `workshop simulate` needs aiohttp: the extra is spelled as the pip of a fresh virtualenv finds it
    run([installed / "python", "-c", "import aiohttp"], cwd=tmp_path)
    listed = run([installed / "workshop", "decks"], cwd=tmp_path, env=user_env(tmp_path / "home")).stdout
    data = tmp_path / "home" / ".local" / "share" / "workshop"
    assert f"Deck folder {data / 'decks'}: not there yet" in listed
    for deck in (ROOT / "slides").glob("*.md"):
        assert deck.name in listed
    elsewhere = tmp_path / "mine"
    elsewhere.mkdir()
    (elsewhere / "eigen.md").write_text("---\ntitle: Mijn eigen deck\n---\n\n# Hallo\n", encoding="utf-8")
    listed = run([installed / "workshop", "--decks", elsewhere, "decks"], cwd=tmp_path,
                 env=user_env(tmp_path / "home")).stdout
    assert "eigen.md                 Mijn eigen deck (1 slides, 0 questions)" in listed


class Served:
    """`workshop serve` of the installed wheel, started from an empty folder as a user would."""

    def __init__(self, bin_dir: Path, tmp_path: Path):
        self.home = tmp_path / "home"
        self.folder = tmp_path / "empty"
        self.folder.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "serve.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [str(bin_dir / "workshop"), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=self.folder, env=user_env(self.home), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/", timeout=1)
                return
            except requests.ConnectionError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"the installed server did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        collect_sockets()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        collect_sockets()


@pytest.fixture
def served(installed, tmp_path):
    server = Served(installed, tmp_path)
    yield server
    server.stop()


def form_token(http: requests.Session, url: str) -> str:
    """The CSRF token of a page's form, as a browser sends it back."""
    page = http.get(url, timeout=10)
    assert page.status_code == 200, page.text[:2000]
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_the_installed_server_runs_a_session_from_a_shipped_deck(served):
    data = served.home / ".local" / "share" / "workshop"
    printed = served.log.read_text()
    assert f"Database: {data / 'workshop.db'}" in printed
    assert f"Secret key: {data / 'secret_key'}" in printed
    assert f"Made the deck folder {data / 'decks'} with the example decks" in printed
    assert list(served.folder.iterdir()) == []  # nothing written where it was started

    http = requests.Session()
    response = http.post(served.url + "/login", data={"name": "admin", "password": ADMIN_PASSWORD,
                                                      "csrf_token": form_token(http, served.url + "/login")},
                         allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    dashboard = http.get(served.url + "/f/", timeout=10).text
    assert "Kennismaken met workshop" in dashboard
    response = http.post(served.url + "/f/sessions", data={
        "deck": "demo.md", "kind": "gemeente", "place": "Utrecht", "date": "2026-11-29",
        "csrf_token": form_token(http, served.url + "/f/")}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    code = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert http.get(served.url + "/static/vendor/socket.io.min.js", timeout=10).status_code == 200

    # Five phones: results never show fewer people than the session's smallest group (5 by default).
    answers = [2, 2, 2, 0, 1]
    presenter = socketio.Client(http_session=http)
    phones = [socketio.Client() for _ in answers]
    try:
        presenter.connect(served.url, namespaces=["/facilitator"], transports=["websocket"], wait_timeout=10)
        for number, phone in enumerate(phones):
            phone.connect(served.url, namespaces=["/participant"], transports=["websocket"], wait_timeout=10)
            joined = phone.call("join", {"code": code, "token": f"{number:032x}"}, namespace="/participant",
                                timeout=10)
            assert joined["ok"] and joined["session"]["title"] == "Kennismaken met workshop", joined
            assert phone.call("profile", {"answers": {"domein": number % 2}, "consent": True},
                              namespace="/participant", timeout=10) == {"ok": True, "needs": []}
        for event, payload in (("watch", {"code": code}), ("goto", {"code": code, "slide": 3}),
                               ("open", {"code": code, "question_id": "rol"})):
            ack = presenter.call(event, payload, namespace="/facilitator", timeout=10)
            assert ack["ok"], (event, ack)
        for phone, value in zip(phones, answers):
            ack = phone.call("respond", {"question_id": "rol", "value": value}, namespace="/participant",
                             timeout=10)
            assert ack["ok"], ack
        assert presenter.call("close", {"code": code, "question_id": "rol"}, namespace="/facilitator",
                              timeout=10)["ok"]
    finally:
        for client in (*phones, presenter):
            client.disconnect()

    response = http.get(f"{served.url}/f/s/{code}/export/deck.pptx", timeout=60)
    assert response.status_code == 200, served.log.read_text()
    deck = Presentation(BytesIO(response.content))
    charts = {shape.chart.plots[0].categories[0]: shape.chart
              for slide in deck.slides for shape in slide.shapes if shape.has_chart}
    role = charts["Beleid"].plots[0]
    assert list(role.categories) == ["Beleid", "Management", "Uitvoering"]
    assert [int(v) for v in role.series[0].values] == [1, 1, 3]
