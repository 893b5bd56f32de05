"""A PowerPoint (.pptx) turned into a Markdown deck: titles, text, lists, tables, notes. No Flask here.

Each slide's title becomes a heading, its text paragraphs and lists (nested by bullet level) Markdown, its
speaker notes a `Notes:` section. Where LibreOffice (`soffice`) and `pdftoppm` are installed, every slide is
also drawn as a picture, kept beside the deck in `NAME-files/slide-N.png` and shown at the top of its
slide, so the original design survives. Hidden slides are left out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.oxml.ns import qn

from . import deck as decks

PICTURE_DPI = 80
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
LISTS = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.VERTICAL_BODY,
         PP_PLACEHOLDER.VERTICAL_OBJECT)
FURNITURE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.HEADER)
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
ENTITY = re.compile(r"&(?=#?\w+;)")
BLOCK_START = re.compile(r"^([-+=]|\d{1,9}[.)])(\s|$)")
DECK_LINE = re.compile(r"^((?:notes|layout)\s*):", re.IGNORECASE)
# A .pptx is a zip file. Its directory is checked before anything is unpacked: a 1 MB zip can hold a part that
# unpacks to a gigabyte, which python-pptx would read into memory whole. A real deck of 16 MB (the upload
# limit) unpacks to a few tens of megabytes: its pictures are compressed already.
MAX_PARTS = 2000
MAX_UNPACKED = 100 * 1024 * 1024  # bytes, all parts together
# PowerPoint writes parts stored or deflated. Other methods (bzip2, lzma) are refused: Python's zipfile
# unpacks a whole chunk of them at once, so a few kilobytes of bzip2 can become gigabytes in one step.
COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ImportFailed(Exception):
    """A file that cannot be imported; the message says why in one line."""


@dataclass
class Imported:
    """What an import wrote: the deck, its slide pictures, and why there are none when there are none."""

    deck: Path
    slides: int
    pictures: list[Path] = field(default_factory=list)
    skipped: str | None = None
    hidden: int = 0


def import_pptx(source: str | Path, output: str | Path, fallback_title: str | None = None) -> Imported:
    """Write the deck for a .pptx to `output` (NAME.md), with slide pictures in NAME-files/ when possible."""
    source, output = Path(source), Path(output)
    prs = open_presentation(source)
    slides = list(prs.slides)
    shown = [number for number, slide in enumerate(slides, start=1) if not is_hidden(slide)]
    folder = output.parent / f"{output.stem}-files"
    pictures, skipped = render_pictures(source, folder, shown, len(slides))
    links = {number: quote(f"{folder.name}/{path.name}") for number, path in pictures.items()}
    text = to_markdown(prs, links, fallback_title or source.stem)
    try:
        decks.parse(text, str(output))
    except decks.DeckErrors as errors:  # a bug here, not in the file: say so rather than write a broken deck
        raise ImportFailed(f"the imported deck does not pass the check:\n{errors}") from None
    write_atomic(output, text.encode("utf-8"))
    return Imported(output, len(shown), sorted(pictures.values()), skipped, len(slides) - len(shown))


def open_presentation(source: Path):
    """The presentation in a .pptx file, or ImportFailed."""
    try:
        check_package(source)
        return Presentation(str(source))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, etree.LxmlError):
        raise ImportFailed(f"{source.name}: not a PowerPoint (.pptx) file") from None


def check_package(source: Path) -> None:
    """Refuse a zip bomb or an XML entity bomb before python-pptx reads the file (ImportFailed)."""
    with zipfile.ZipFile(source) as package:
        parts = package.infolist()
        if len(parts) > MAX_PARTS:
            raise ImportFailed(f"{source.name}: {len(parts)} parts, more than a presentation has "
                               f"(at most {MAX_PARTS})")
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED:
            raise ImportFailed(f"{source.name}: unpacks to {unpacked // 2**20} MB, more than a presentation "
                               f"does (at most {MAX_UNPACKED // 2**20} MB)")
        for part in parts:
            if part.compress_type not in COMPRESSIONS:
                raise ImportFailed(f"{source.name}: {part.filename} is packed in a way PowerPoint never uses")
            # Reading is safe now: zipfile stops a deflated part at its declared size (and then checks it).
            if part.filename.endswith((".xml", ".rels")) and _declares_entities(package.read(part)):
                raise ImportFailed(f"{source.name}: {part.filename} declares XML entities (<!DOCTYPE>), "
                                   f"which PowerPoint never writes")


def _declares_entities(xml: bytes) -> bool:
    """Whether an XML part has a document type declaration, where entities (and entity bombs) live."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if xml.startswith(bom):
            xml = xml.decode(encoding, "replace").encode("utf-8")
    return b"<!DOCTYPE" in xml or b"<!ENTITY" in xml


def is_hidden(slide) -> bool:
    """Whether the slide is hidden in the presentation."""
    return slide._element.get("show") in ("0", "false")


def to_markdown(prs, pictures: dict[int, str] | None = None, fallback_title: str = "Geïmporteerd") -> str:
    """The deck source for a presentation; `pictures` maps slide numbers to their picture's file name."""
    pictures = pictures or {}
    parts = []
    title = None
    for number, slide in enumerate(prs.slides, start=1):
        if is_hidden(slide):
            continue
        slide_title = _title_of(slide)
        if not parts:
            title = slide_title
        parts.append(_slide(slide, number, slide_title, "#" if not parts else "##", pictures.get(number)))
    meta = yaml.safe_dump({"title": title or fallback_title}, allow_unicode=True, width=10**6)
    return f"---\n{meta}---\n\n" + "\n\n---\n\n".join(parts) + "\n"


def _title_of(slide) -> str | None:
    for shape in slide.placeholders:
        if shape.placeholder_format.type in TITLES and shape.has_text_frame:
            text = " ".join(shape.text_frame.text.replace("\v", " ").split())
            if text:
                return text
    return None


def _slide(slide, number: int, title: str | None, heading: str, picture: str | None) -> str:
    blocks = []
    if picture:
        blocks.append(f"![]({picture})")
    if title:
        blocks.append(f"{heading} {_inline(title)}")
    for shape in sorted(_shapes(slide.shapes), key=lambda s: (s.top or 0, s.left or 0)):
        blocks.extend(_shape_blocks(shape))
    if not blocks:
        blocks.append(f"{heading} Dia {number}")
    notes = _notes(slide)
    if notes:
        blocks.append("Notes:\n" + notes)
    return "\n\n".join(blocks)


def _shapes(shapes):
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _shape_blocks(shape) -> list[str]:
    kind = shape.placeholder_format.type if shape.is_placeholder else None
    if kind in TITLES or kind in FURNITURE:
        return []
    if shape.has_table:
        return [_table(shape.table)]
    if not shape.has_text_frame:
        return []
    blocks, items, level = [], [], -1
    for paragraph in shape.text_frame.paragraphs:
        lines = [line.strip() for line in paragraph.text.replace("\n", "\v").split("\v")]
        if not any(lines):
            continue
        if _is_bullet(paragraph, kind in LISTS):
            level = min(paragraph.level, level + 1)
            indent = "  " * level
            items.append(indent + "- " + f"\\\n{indent}  ".join(_line(line) for line in lines if line))
        else:
            if items:
                blocks.append("\n".join(items))
                items, level = [], -1
            blocks.append("\\\n".join(_line(line) for line in lines if line))
    if items:
        blocks.append("\n".join(items))
    return blocks


def _is_bullet(paragraph, in_list_placeholder: bool) -> bool:
    properties = paragraph._p.pPr
    if properties is not None:
        if properties.find(qn("a:buNone")) is not None:
            return False
        if properties.find(qn("a:buChar")) is not None or properties.find(qn("a:buAutoNum")) is not None:
            return True
    return in_list_placeholder or paragraph.level > 0


def _table(table) -> str:
    rows = [[_inline(" ".join(cell.text.split())) for cell in row.cells] for row in table.rows]
    lines = ["| " + " | ".join(cells) + " |" for cells in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines)


def _notes(slide) -> str:
    if not slide.has_notes_slide or slide.notes_slide.notes_text_frame is None:
        return ""
    lines = slide.notes_slide.notes_text_frame.text.replace("\v", "\n").strip().split("\n")
    # The notes are shown as plain text; only lines the deck format reads as structure are changed.
    return "\n".join("----" if line.strip() == "---" else "\\" + line if decks.FENCE.match(line.strip())
                     else line for line in lines)


def _inline(text: str) -> str:
    """Text with the characters Markdown reads as markup escaped."""
    return ENTITY.sub(r"\\&", INLINE_SPECIAL.sub(r"\\\1", text))


def _line(text: str) -> str:
    """One line of text, escaped so that Markdown and the deck format read it as a plain paragraph line."""
    text = _inline(text)
    if BLOCK_START.match(text) or re.fullmatch(r"[-=\s]{3,}", text):
        match = re.match(r"^\d+", text)
        text = text[:match.end()] + "\\" + text[match.end():] if match else "\\" + text
    return DECK_LINE.sub(r"\1\\:", text)


def render_pictures(source: Path, folder: Path, shown: list[int],
                    total: int) -> tuple[dict[int, Path], str | None]:
    """Draw the shown slides as PNG files in `folder` (slide-N.png); or none, and the reason."""
    if shutil.which("soffice") is None:
        return {}, "LibreOffice ('soffice') is not on PATH"
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return {}, "pdftoppm (poppler-utils) is not on PATH"
    from .export.factsheet import to_pdf

    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "deck.pptx"
        shutil.copyfile(source, copy)
        try:
            pdf = to_pdf(copy)
            if pdf is None:
                return {}, "LibreOffice could not convert the file"
            subprocess.run([pdftoppm, "-png", "-r", str(PICTURE_DPI), str(pdf), str(Path(work) / "page")],
                           capture_output=True, timeout=240, check=False)
        except (subprocess.SubprocessError, OSError) as error:
            return {}, f"drawing the slides failed: {error}"
        pages = sorted(Path(work).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if len(pages) == total:
            pages = [pages[number - 1] for number in shown]
        if len(pages) != len(shown):
            return {}, f"LibreOffice drew {len(pages)} pages for {len(shown)} slides"
        folder.mkdir(parents=True, exist_ok=True)
        pictures = {}
        for number, page in zip(shown, pages):
            pictures[number] = folder / f"slide-{number}.png"
            shutil.move(page, pictures[number])
    return pictures, None


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace a file in one step (a temporary file beside it, then os.replace): never half a file."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
