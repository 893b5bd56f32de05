"""`workshop export ...`: every command writes its file; unknown codes, ids, extensions: one-line errors."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Inches

from workshop import db as database
from workshop import deck as decks
from workshop.cli import cli
from workshop.export import factsheet
from workshop.export.pptx import ANSWER_LIMIT

from .test_export_data import RESEARCH_DECK, read_csv, simulate

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def made(tmp_path):
    """A database file with two finished sessions; (path, codes)."""
    path = tmp_path / "w.db"
    connection = database.init(str(path))
    deck = decks.parse(RESEARCH_DECK, "r.md")
    codes = [simulate(connection, deck, "gemeente", "Utrecht", "2026-11-29", {0: 7, 1: 6})["code"],
             simulate(connection, deck, "landelijk", "Den Haag", "2026-12-01", {0: 6, 2: 5}, seed=2)["code"]]
    connection.close()
    return path, codes


def run(path, *args):
    return CliRunner().invoke(cli, ["--db", str(path), *args])


def test_every_export_writes_its_file(made, tmp_path, monkeypatch):
    path, (first, second) = made
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(factsheet.shutil, "which", lambda name: None)
    for args in (("deck", first.lower(), "-o", out / "deck.pptx"),
                 ("compare", first, second, "-o", out / "compare.pptx"),
                 ("factsheet", first, "-o", out / "factsheet.pptx"),
                 ("data", first, second, "-o", out / "data.csv"),
                 ("data", first, "-o", out / "data.xlsx"),
                 ("data", first, "-o", out / "data.json"),
                 ("chart", first, "ervaring", "-o", out / "ervaring.png"),
                 ("chart", first, "rol", "--by", "domein", "-o", out / "rol.svg")):
        result = run(path, "export", *map(str, args))
        assert result.exit_code == 0, result.output
        assert result.stdout.strip().split("\n")[0] == f"wrote {args[-1]}"
    for name in ("deck", "compare", "factsheet"):
        assert len(Presentation(str(out / f"{name}.pptx")).slides) > 0
    assert {r["session"] for r in read_csv((out / "data.csv").read_bytes())} == {first, second}
    codebook = read_csv((out / "data.codebook.csv").read_bytes())  # a CSV's codebook is written beside it
    assert {r["section"] for r in codebook} == {"column", "session", "question", "rule"}
    assert load_workbook(io.BytesIO((out / "data.xlsx").read_bytes())).sheetnames[0] == "long"
    assert (out / "ervaring.png").read_bytes().startswith(b"\x89PNG")
    assert (out / "rol.svg").read_bytes().startswith(b"<svg")
    assert not (out / "factsheet.pdf").exists()


def test_progress_and_missing_libreoffice_go_to_stderr(made, tmp_path, monkeypatch):
    path, (first, _) = made
    monkeypatch.setattr(factsheet.shutil, "which", lambda name: None)
    result = run(path, "export", "factsheet", first, "-o", str(tmp_path / "f.pptx"))
    assert result.exit_code == 0
    assert "no PDF: LibreOffice ('soffice') is not on PATH" in result.stderr
    deck = run(path, "export", "deck", first, "-o", str(tmp_path / "d.pptx"))
    assert "questions" in deck.stderr


def test_deck_with_template(made, tmp_path):
    path, (first, _) = made
    template = Presentation()
    template.slide_width = template.slide_height  # a square page: clearly not the default
    template.save(tmp_path / "org.pptx")
    result = run(path, "export", "deck", first, "-o", str(tmp_path / "d.pptx"), "--template",
                 str(tmp_path / "org.pptx"))
    assert result.exit_code == 0, result.output
    written = Presentation(str(tmp_path / "d.pptx"))
    assert written.slide_width == written.slide_height


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_factsheet_also_as_pdf_with_libreoffice(made, tmp_path):
    path, (first, _) = made
    result = run(path, "export", "factsheet", first, "-o", str(tmp_path / "f.pptx"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF")


def test_errors_are_one_line(made, tmp_path):
    path, (first, _) = made
    bad_template = tmp_path / "bad.pptx"
    bad_template.write_text("geen powerpoint")
    cases = [
        (("deck", "NOPE99", "-o", "x.pptx"), "no session with code 'NOPE99'"),
        (("compare", first, "NOPE99", "-o", "x.pptx"), "no session with code 'NOPE99'"),
        (("factsheet", "NOPE99", "-o", "x.pptx"), "no session with code 'NOPE99'"),
        (("data", first, "NOPE99", "-o", "x.csv"), "no session with code 'NOPE99'"),
        (("chart", "NOPE99", "rol", "-o", "x.png"), "no session with code 'NOPE99'"),
        (("chart", first, "bestaat-niet", "-o", "x.png"), f"session {first} has no question 'bestaat-niet'"),
        (("chart", first, "rol", "--by", "leeftijd", "-o", "x.png"), "has no profile question 'leeftijd'"),
        (("chart", first, "verwachting", "-o", "x.png"), "has no chart to draw"),
        (("data", first, "-o", "x.txt"), "unsupported extension '.txt': use .csv, .xlsx, .json"),
        (("chart", first, "rol", "-o", "x.jpg"), "unsupported extension '.jpg': use .svg, .png"),
        (("deck", first, "-o", "x.pdf"), "unsupported extension '.pdf': use .pptx"),
        (("deck", first, "-o", "x.pptx", "--template", str(bad_template)), "not a PowerPoint (.pptx) file"),
        (("deck", first, "-o", "x.pptx", "--template", str(FIXTURES / "zip-bomb.pptx")),
         "unpacks to 110 MB, more than a presentation does"),
    ]
    for args, message in cases:
        result = run(path, "export", *[str(tmp_path / a) if a.startswith("x.") else a for a in args])
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith("Error: ") and message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_deck_shows_every_answer_only_with_all_answers(tmp_path):
    from .test_export_pptx import answer_paragraphs, many_answers

    path = tmp_path / "many.db"
    connection = database.init(str(path))
    code = many_answers(connection, participants=60)["code"]
    connection.close()
    for flags, count, note in (((), ANSWER_LIMIT + 1, True), (("--all-answers",), 180, False)):
        result = run(path, "export", "deck", code, "-o", str(tmp_path / "d.pptx"), *flags)
        assert result.exit_code == 0, result.output
        paragraphs = [p.text for p in answer_paragraphs(Presentation(str(tmp_path / "d.pptx")))]
        assert len(paragraphs) == count
        assert paragraphs[-1].startswith("… en nog") is note


def test_factsheet_takes_a_template_and_a_source_line(made, tmp_path, monkeypatch):
    path, (first, _) = made
    monkeypatch.setattr(factsheet.shutil, "which", lambda name: None)
    template = Presentation()
    template.slide_width, template.slide_height = Inches(8.27), Inches(11.69)
    template.save(tmp_path / "org.pptx")
    out = tmp_path / "f.pptx"
    result = run(path, "export", "factsheet", first, "-o", str(out), "--template", str(tmp_path / "org.pptx"),
                 "--source", "Onderzoek X, lectoraat Y")
    assert result.exit_code == 0, result.output
    prs = Presentation(str(out))
    assert prs.slide_width == Inches(8.27)
    text = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "Bron: Onderzoek X, lectoraat Y; bijeenkomst in Utrecht op 29 november 2026." in text


def test_a_comparison_per_group_from_the_command_line(made, tmp_path):
    path, (first, second) = made
    out = tmp_path / "police.pptx"
    result = run(path, "export", "compare", first, second, "-o", str(out), "--group", "domein=Politie")
    assert result.exit_code == 0, result.output
    prs = Presentation(str(out))
    assert prs.slides[0].shapes.title.text == "Vergelijking van 2 sessies: alleen Politie"
    series = [s.name for slide in prs.slides for shape in slide.shapes if shape.has_chart
              for plot in shape.chart.plots for s in plot.series]
    # 7 police in Utrecht, 6 in Den Haag (some skip a question): every cell at least k, no one else counted
    sizes = [int(name.rsplit("(n = ", 1)[1].rstrip(")")) for name in series]
    assert series and all(5 <= n <= 7 for n in sizes), series
    bad = run(path, "export", "compare", first, second, "-o", str(out), "--group", "domein=Brandweer")
    assert bad.exit_code != 0 and "not a group every session asks" in bad.output
