"""Every export of a realistic GIPZ session, rendered by LibreOffice to PDF, shows every label of every chart.

LibreOffice (like PowerPoint) leaves out category labels it finds crowded; the exports size their charts and
fonts so it need not, and tell it to show each one. The PDF's text (pdftotext) must hold every category label
of every chart, page by page. Without soffice or pdftotext the test skips, except in CI (CI=true), where it
fails: .ci/run installs both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from pptx import Presentation

from workshop.export import compare, factsheet, pptx

from .gipz_session import gipz_session
from .test_export_data import db  # noqa: F401 - a fixture


def tools_or_skip() -> None:
    """Skip on a machine without LibreOffice or poppler; fail in CI, where a skip would pass unseen."""
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{' and '.join(missing)} not installed (Debian: libreoffice-impress, poppler-utils)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def rendered(path) -> list[str]:
    """The text of each page of a pptx as LibreOffice renders it to PDF, whitespace collapsed."""
    with_profile = f"-env:UserInstallation={(path.parent / 'lo-profile').as_uri()}"
    subprocess.run(["soffice", with_profile, "--headless", "--convert-to", "pdf",
                    "--outdir", str(path.parent), str(path)], capture_output=True, timeout=300, check=True)
    pdf = path.with_suffix(".pdf")
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", pages, re.M)[1])
    return [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout.split())
            for n in range(1, count + 1)]


def labels_per_slide(path) -> list[list[str]]:
    """The category labels of every chart on each slide, as the pptx holds them."""
    return [[" ".join(str(c).split()) for shape in slide.shapes if shape.has_chart
             for c in shape.chart.plots[0].categories] for slide in Presentation(str(path)).slides]


# A value label ('12', '67%', '3,1') the PDF's text may place between two lines of a wrapped label.
VALUE = re.compile(r"^\d+([.,]\d+)?%?$")


def shown(label: str, words: list[str]) -> bool:
    """Whether a label's words stand in the page's words in order, with at most value labels between them."""
    wanted = label.split()
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        at, found = start + 1, 1
        while found < len(wanted) and at < len(words):
            if words[at] == wanted[found]:
                found += 1
            elif not VALUE.match(words[at]):
                break
            at += 1
        if found == len(wanted):
            return True
    return False


def missing_labels(path) -> list[tuple[int, str]]:
    """(slide number, label) for every chart label the rendered PDF leaves out."""
    pages = rendered(path)
    wanted = labels_per_slide(path)
    assert len(pages) == len(wanted), "one PDF page per slide"
    return [(number, label) for number, (text, labels) in enumerate(zip(pages, wanted), start=1)
            for label in labels if not shown(label, text.split())]


@pytest.fixture
def zeist(db):  # noqa: F811
    return gipz_session(db)


def test_the_realistic_session_has_what_the_exports_must_carry(db, zeist):  # noqa: F811
    from workshop import sessions

    deck = sessions.deck_of(zeist)
    board = next(q for q in deck.questions if q.kind == "statements")
    assert len(sessions.result_of(db, zeist, board)["statements"]) >= 10
    split = sessions.split_result(db, zeist, board, "domein")
    assert len(split["groups"]) >= 2


def test_summary_deck_shows_every_label_in_libreoffice(db, zeist, tmp_path):  # noqa: F811
    tools_or_skip()
    path = tmp_path / "samenvatting.pptx"
    pptx.summary_deck(db, zeist).save(path)
    assert sum(len(labels) for labels in labels_per_slide(path)) > 120
    assert missing_labels(path) == []


def test_factsheet_shows_every_label_in_libreoffice(db, zeist, tmp_path):  # noqa: F811
    tools_or_skip()
    path = tmp_path / "factsheet.pptx"
    factsheet.factsheet(db, zeist).save(path)
    assert sum(len(labels) for labels in labels_per_slide(path)) >= 15
    assert missing_labels(path) == []


def test_comparison_deck_shows_every_label_in_libreoffice(db, zeist, tmp_path):  # noqa: F811
    tools_or_skip()
    utrecht = gipz_session(db, seed=8, place="Utrecht", date="2026-03-09")
    amersfoort = gipz_session(db, seed=9, place="Amersfoort", date="2026-03-16")
    path = tmp_path / "vergelijking.pptx"
    compare.compare_deck(db, [zeist, utrecht, amersfoort]).save(path)
    assert sum(len(labels) for labels in labels_per_slide(path)) > 40
    assert missing_labels(path) == []


def test_the_grid_scatter_shows_its_numbers_quadrants_and_key_in_libreoffice(db, tmp_path):  # noqa: F811
    from .test_kind_grid import EIGHT, eight_items

    tools_or_skip()
    path = tmp_path / "grid.pptx"
    pptx.summary_deck(db, eight_items(db)).save(path)
    pages = [page for page in rendered(path) if page.startswith("Waar zetten we op in?")]
    assert len(pages) == 2  # the whole room and the split by domain
    items = re.search(r"items: \[(.*?)\]", EIGHT, re.S)[1].split(",")
    for page in pages:
        for text in ("Impact (1 = klein, 5 = groot)", "Haalbaarheid (1 = moeilijk, 5 = makkelijk)", "Later",
                     "Snel doen", "Niet doen", "Groot project", "1, 8", "5, 6", *(i.strip() for i in items)):
            assert text in page, text
    assert "n = 30" in pages[0]
    assert all(f"{group} (n = 10)" in pages[1] for group in ("Politie", "Zorg", "Gemeente"))
