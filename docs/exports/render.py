"""Render the pictures docs/exports.md shows: each export of the realistic GIPZ session, through LibreOffice.

Run from the checkout after changing an export: `.venv/bin/python docs/exports/render.py` (needs soffice and
pdftoppm). It builds the session of tests/gipz_session.py in a temporary database, writes every export,
converts the decks to PDF and keeps one small PNG per export in docs/exports/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.gipz_session import gipz_session  # noqa: E402
from workshop import db as database  # noqa: E402
from workshop.export import charts, compare, factsheet, pptx  # noqa: E402

# (file in docs/exports, the export, the page of it to show, its width in pixels)
PAGES = [("summary-statements.png", "summary", "chart:stellingen-politierol", 640),
         ("summary-split.png", "summary", "split:ervaren-samenwerking:domein", 640),
         ("factsheet.png", "factsheet", None, 560),
         ("compare.png", "compare", "compare:belangrijkste-politietaak", 640),
         ("compare-open.png", "compare", "compare:werkt-goed-beter:1", 640)]


def slide_of(path: Path, name: str | None) -> int:
    """The 1-based number of the slide holding the chart frame `name` (the first slide for None)."""
    from pptx import Presentation

    if name is None:
        return 1
    for number, slide in enumerate(Presentation(str(path)).slides, start=1):
        if any(shape.name == name for shape in slide.shapes):
            return number
    raise SystemExit(f"no chart '{name}' in {path.name}")


def main() -> None:
    """Write docs/exports/*.png."""
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        raise SystemExit("needs LibreOffice (soffice) and poppler (pdftoppm)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = database.init(str(work / "docs.db"))
        zeist = gipz_session(db)
        others = [gipz_session(db, seed=8, place="Utrecht", date="2026-03-09"),
                  gipz_session(db, seed=9, place="Amersfoort", date="2026-03-16")]
        pptx.summary_deck(db, zeist).save(work / "summary.pptx")
        factsheet.factsheet(db, zeist).save(work / "factsheet.pptx")
        compare.compare_deck(db, [zeist, *others]).save(work / "compare.pptx")
        for name in ("summary", "factsheet", "compare"):
            subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(work), str(work / f"{name}.pptx")],
                           capture_output=True, check=True, timeout=300)
        for target, export, frame, width in PAGES:
            number = slide_of(work / f"{export}.pptx", frame)
            stem = work / f"{export}-{number}"
            subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(number), "-l", str(number),
                            "-singlefile", str(work / f"{export}.pdf"), str(stem)], check=True)
            small(Image.open(f"{stem}.png"), width).save(HERE / target, optimize=True)
        picture = charts.question_picture(db, zeist, "stellingen-politierol", "png", by="domein")
        (work / "picture.png").write_bytes(picture)
        small(Image.open(work / "picture.png"), 560).save(HERE / "chart-picture.png", optimize=True)
        db.close()
        if shutil.which("chromium"):
            comparison_page(work, [zeist, *others])


def comparison_page(work: Path, chosen: list[dict]) -> None:
    """The web comparison page of the sessions, its first question, as chromium shows it (styles inlined)."""
    import re

    from workshop import accounts, create_app
    from workshop.db import init

    app = create_app({"TESTING": True, "DATABASE": str(work / "docs.db"), "SECRET_KEY": "docs",
                      "WTF_CSRF_ENABLED": False, "RESULTS_LOOP": False})
    with app.app_context():
        accounts.add(init(app.config["DATABASE"]), "docs", "docs-wachtwoord-123", is_admin=True)
    client = app.test_client()
    client.post("/login", data={"name": "docs", "password": "docs-wachtwoord-123"})
    html = client.get("/f/compare?" + "&".join(f"code={s['code']}" for s in chosen)).get_data(as_text=True)
    css = ""
    for link in re.findall(r'href="(/[^"]+\.css)"', html):
        response = client.get(link)
        css += response.get_data(as_text=True)
        response.close()
    html = re.sub(r"<link[^>]+stylesheet[^>]*>", "", html).replace("</head>", f"<style>{css}</style></head>")
    (work / "page.html").write_text(html, encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--hide-scrollbars", "--window-size=1100,1900",
                    f"--screenshot={work / 'page.png'}", (work / "page.html").as_uri()], capture_output=True,
                   check=True, timeout=120)
    page = Image.open(work / "page.png")
    small(page.crop((0, 690, 1100, 1760)), 560).save(HERE / "compare-page.png", optimize=True)


def small(image: Image.Image, width: int) -> Image.Image:
    """A picture scaled to a width, in a palette of 64 colours to keep the file small."""
    height = round(image.height * width / image.width)
    return image.convert("RGB").resize((width, height), Image.LANCZOS).quantize(64)


if __name__ == "__main__":
    main()
