"""Importing a PowerPoint: titles, nested lists, notes, slide pictures with LibreOffice, and `deck import`."""

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches

from workshop import deck as decks
from workshop import importer
from workshop.cli import cli
from workshop.markdown import render

EXPECTED = """\
---
title: Samenwerking politie en zorg
---

# Samenwerking politie en zorg

Bijeenkomst Utrecht, 29 november

---

## Wat we zagen

- Korte lijnen
  - Wijkagent kent de zorg
    - Vooral in acute situaties
- Informatie delen

Notes:
Vertel over de casus uit Zeist.
Vraag door.

---

## Hoe verder?

Bron: interviews

Notes:
Sluit af.
"""


def make_pptx(*, hidden: int | None = None, extra: list[str] | None = None) -> bytes:
    """Three slides: a title slide, nested bullets with notes, a title with a text box and notes."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "Samenwerking politie en zorg"
    slide.placeholders[1].text = "Bijeenkomst Utrecht, 29 november"
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Wat we zagen"
    body = slide.placeholders[1].text_frame
    body.text = "Korte lijnen"
    items = [("Wijkagent kent de zorg", 1), ("Vooral in acute situaties", 2), ("Informatie delen", 0)]
    for text, level in items + [(line, 0) for line in extra or []]:
        paragraph = body.add_paragraph()
        paragraph.text, paragraph.level = text, level
    slide.notes_slide.notes_text_frame.text = "Vertel over de casus uit Zeist.\nVraag door."
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Hoe verder?"
    slide.shapes.add_textbox(Inches(1), Inches(5), Inches(6), Inches(1)).text_frame.text = "Bron: interviews"
    slide.notes_slide.notes_text_frame.text = "Sluit af."
    if hidden is not None:
        prs.slides[hidden]._element.set("show", "0")
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def pptx_file(tmp_path):
    path = tmp_path / "verslag.pptx"
    path.write_bytes(make_pptx())
    return path


@pytest.fixture
def no_soffice(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)


def test_titles_become_headings_bullets_nested_lists_and_notes(pptx_file, tmp_path, no_soffice):
    result = importer.import_pptx(pptx_file, tmp_path / "verslag.md")
    assert (tmp_path / "verslag.md").read_text() == EXPECTED
    assert (result.slides, result.pictures, result.hidden) == (3, [], 0)


def test_the_imported_deck_passes_the_check(pptx_file, tmp_path, no_soffice):
    importer.import_pptx(pptx_file, tmp_path / "verslag.md")
    parsed = decks.load(tmp_path / "verslag.md")
    assert parsed.title == "Samenwerking politie en zorg"
    notes = ["", "Vertel over de casus uit Zeist.\nVraag door.", "Sluit af."]
    assert [s.notes for s in parsed.slides] == notes
    nested = "<li>Wijkagent kent de zorg\n<ul>\n<li>Vooral in acute situaties</li>"
    assert nested in render(parsed.slides[1].markdown)


def test_without_soffice_the_import_works_and_says_pictures_were_skipped(pptx_file, tmp_path, no_soffice):
    result = importer.import_pptx(pptx_file, tmp_path / "verslag.md")
    assert result.skipped == "LibreOffice ('soffice') is not on PATH"
    assert not (tmp_path / "verslag-files").exists()


def test_text_that_looks_like_markup_stays_text(tmp_path, no_soffice):
    source = tmp_path / "x.pptx"
    lines = ["---", "Notes:", "layout: title", "1. Eerst", "# geen kop", "*ster* en [link](https://x.org)",
             "```", "&amp;", "- streep", "|||"]
    source.write_bytes(make_pptx(extra=lines))
    importer.import_pptx(source, tmp_path / "x.md")
    parsed = decks.load(tmp_path / "x.md")
    assert len(parsed.slides) == 3 and parsed.slides[1].notes.startswith("Vertel")
    html = render(parsed.slides[1].markdown)
    for line in lines:
        assert f"<li>{line.replace('&', '&amp;')}</li>" in html, line


def test_hidden_slides_are_left_out(tmp_path, no_soffice):
    source = tmp_path / "x.pptx"
    source.write_bytes(make_pptx(hidden=1))
    result = importer.import_pptx(source, tmp_path / "x.md")
    assert (result.slides, result.hidden) == (2, 1)
    assert "Wat we zagen" not in (tmp_path / "x.md").read_text()


def test_a_file_that_is_not_a_pptx_is_refused(tmp_path):
    source = tmp_path / "x.pptx"
    source.write_text("hallo")
    with pytest.raises(importer.ImportFailed, match="x.pptx: not a PowerPoint"):
        importer.import_pptx(source, tmp_path / "x.md")
    assert not (tmp_path / "x.md").exists()


def test_deck_import_command_writes_the_deck_and_says_pictures_were_skipped(pptx_file, tmp_path, no_soffice):
    result = CliRunner().invoke(cli, ["deck", "import", str(pptx_file), "-o", str(tmp_path / "v.md")])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {tmp_path / 'v.md'} (3 slides)\n"
    assert result.stderr == "no slide pictures: LibreOffice ('soffice') is not on PATH\n"
    assert (tmp_path / "v.md").read_text() == EXPECTED


@pytest.mark.parametrize(("output", "message"), [
    ("exists.md", "exists already"), ("v.txt", "a deck file ends in .md"), ("nope/v.md", "no such folder"),
])
def test_deck_import_command_refuses_with_one_line(pptx_file, tmp_path, output, message):
    (tmp_path / "exists.md").write_text("# mijn deck\n")
    result = CliRunner().invoke(cli, ["deck", "import", str(pptx_file), "-o", str(tmp_path / output)])
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output
    assert (tmp_path / "exists.md").read_text() == "# mijn deck\n"


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="LibreOffice and pdftoppm draw the slide pictures; optional")
def test_with_soffice_every_slide_gets_its_picture_on_top(tmp_path):
    source = tmp_path / "x.pptx"
    source.write_bytes(make_pptx(hidden=1))
    result = importer.import_pptx(source, tmp_path / "talk.md")
    folder = tmp_path / "talk-files"
    assert result.skipped is None
    assert result.pictures == [folder / "slide-1.png", folder / "slide-3.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in result.pictures)
    parsed = decks.load(tmp_path / "talk.md")
    assert [s.markdown.split("\n")[0] for s in parsed.slides] == ["![](talk-files/slide-1.png)",
                                                                  "![](talk-files/slide-3.png)"]


FIXTURES = Path(__file__).parent / "fixtures"
BOMBS = [
    # 148 KB whose picture part unpacks to 110 MB (python-pptx would read it whole)
    ("zip-bomb.pptx", "zip-bomb.pptx: unpacks to 110 MB, more than a presentation does (at most 100 MB)"),
    # a slide with nine nested entities of ten: "lol" a billion times
    ("entity-bomb.pptx", ("entity-bomb.pptx: ppt/slides/slide1.xml declares XML entities (<!DOCTYPE>), "
                          "which PowerPoint never writes")),
]


@pytest.mark.parametrize(("name", "message"), BOMBS)
def test_a_bomb_is_refused_before_it_is_unpacked(tmp_path, no_soffice, name, message):
    with pytest.raises(importer.ImportFailed) as refused:
        importer.import_pptx(FIXTURES / name, tmp_path / "x.md")
    assert str(refused.value) == message
    command = CliRunner().invoke(cli, ["deck", "import", str(FIXTURES / name), "-o", str(tmp_path / "y.md")])
    assert command.exit_code == 1 and command.stderr == f"Error: {message}\n"
    assert not list(tmp_path.iterdir())


def rezip(path: Path, extra: int = 0, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """The test presentation with `extra` empty parts added, every part packed with `method`."""
    with zipfile.ZipFile(io.BytesIO(make_pptx())) as source, zipfile.ZipFile(path, "w", method) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for number in range(extra):
            target.writestr(f"ppt/extra/{number}.bin", b"")
    return path


def test_too_many_parts_or_an_unusual_packing_is_refused(tmp_path, no_soffice):
    with pytest.raises(importer.ImportFailed, match=r"^many.pptx: 2049 parts, more than a presentation has"):
        importer.import_pptx(rezip(tmp_path / "many.pptx", extra=2000), tmp_path / "x.md")
    # bzip2 turns a few kilobytes into gigabytes in one read, whatever size the zip's directory claims
    with pytest.raises(importer.ImportFailed, match="is packed in a way PowerPoint never uses"):
        importer.import_pptx(rezip(tmp_path / "bz.pptx", method=zipfile.ZIP_BZIP2), tmp_path / "x.md")
    importer.import_pptx(rezip(tmp_path / "ok.pptx", extra=100), tmp_path / "ok.md")  # a normal file passes
