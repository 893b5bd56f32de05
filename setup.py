"""The build hook: a wheel carries everything the server needs, so an installed server fetches nothing.

The checkout keeps its layout (templates/ and slides/ at the top, the socket.io client in node_modules/ from
`npm ci`, translations as .po files); building a wheel puts into the package:
- templates/ as workshop/templates and slides/ as workshop/slides (the example decks),
- the socket.io client that package-lock.json pins, as workshop/static/vendor/socket.io.min.js,
- the translations compiled to .mo files.
An editable install (`make setup`) skips this: it runs from the checkout, where `make` does the same.
The rest of the configuration is in pyproject.toml; docs/install.md says how to build and install.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist
from setuptools.errors import FileError

HERE = Path(__file__).resolve().parent
CLIENT = "node_modules/socket.io-client"
# What the sdist takes from node_modules, so that a wheel builds from it without npm.
CLIENT_FILES = ("dist/socket.io.min.js", "package.json", "LICENSE")


def socketio_client() -> Path:
    """The socket.io client folder `npm ci` installed, at the version package-lock.json pins; else an error."""
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"][CLIENT]["version"]
    folder = HERE / CLIENT
    missing = [name for name in CLIENT_FILES if not (folder / name).is_file()]
    if missing:
        raise FileError(f"{CLIENT}/{missing[0]} is missing: run `npm ci` first (the wheel carries the "
                        f"socket.io client {pinned} that package-lock.json pins)")
    installed = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        raise FileError(f"{CLIENT} is version {installed}, package-lock.json pins {pinned}: "
                        "run `npm ci` first")
    return folder


def compile_translations(source: Path, target: Path) -> None:
    """Every .po file under source compiled to a .mo file at its place under target (as `pybabel compile`)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(source.rglob("*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as file:
            catalog = read_po(file)
        with mo.open("wb") as file:
            write_mo(file, catalog)


class BuildPy(build_py):
    """build_py, then templates, example decks, socket.io client and compiled translations into the package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        package = Path(self.build_lib) / "workshop"
        for folder in ("templates", "slides"):
            shutil.rmtree(package / folder, ignore_errors=True)  # nothing left from an earlier build
            shutil.copytree(HERE / folder, package / folder)
        vendor = package / "static" / "vendor"
        vendor.mkdir(parents=True, exist_ok=True)
        client = socketio_client()
        shutil.copyfile(client / "dist" / "socket.io.min.js", vendor / "socket.io.min.js")
        shutil.copyfile(client / "LICENSE", vendor / "socket.io-client.LICENSE")
        compile_translations(HERE / "workshop" / "translations", package / "translations")


class Sdist(sdist):
    """sdist, refused without the pinned socket.io client (MANIFEST.in takes it from node_modules)."""

    def run(self) -> None:
        socketio_client()
        super().run()


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
