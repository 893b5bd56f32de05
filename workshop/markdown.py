"""Slide Markdown to HTML. Raw HTML in a deck is shown as text, never passed through. No Flask here.

Images are files in the deck's folder: `![alt](pictures/x.png)`. The renderer prefixes their source with
the address the server serves that folder from, and drops any other source, so a slide never makes a
browser ask another host for anything.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it import MarkdownIt

from .i18n_marker import N_, Message

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable("table")


def image_problem(src: str) -> Message | None:
    """Why an image source is not a file in the deck's folder (a Dutch template and values), or None."""
    path = unquote(src)
    if not path.strip():
        return Message(N_("een afbeelding heeft een bestandsnaam nodig: ![tekst](plaatje.png)"))
    if SCHEME.match(path) or path.startswith(("/", "\\")) or "\\" in path:
        return Message(N_("afbeelding '{src}': afbeeldingen zijn bestanden in de map van het deck"), src=path)
    if ".." in path.split("/"):
        return Message(N_("afbeelding '{src}': afbeeldingen zijn bestanden in de map van het deck ('..' mag "
                          "niet)"), src=path)
    if any(ord(c) < 32 for c in path):
        return Message(N_("de bestandsnaam van een afbeelding bevat een stuurteken"))
    if not path.lower().endswith(IMAGE_SUFFIXES):
        return Message(N_("afbeelding '{src}' is geen plaatje (gebruik {suffixes})"), src=path,
                       suffixes=", ".join(IMAGE_SUFFIXES))
    return None


def images(text: str) -> list[tuple[int, str]]:
    """The images in a Markdown text: (0-based line, file name as written, percent-decoded)."""
    lines = text.split("\n")
    found = []
    for token in _md.parse(text):
        if token.type != "inline" or not token.children:
            continue
        first, last = token.map if token.map else (0, 1)
        for child in token.children:
            if child.type != "image":
                continue
            src = child.attrGet("src") or ""
            path = unquote(src)
            line = next((n for n in range(first, min(last, len(lines)))
                         if src in lines[n] or path in lines[n]), first)
            found.append((line, path))
    return found


def _image(self, tokens, idx, options, env):
    token = tokens[idx]
    src = token.attrGet("src") or ""
    base = env.get("image_base")
    if image_problem(src) is None and base is not None:
        token.attrSet("src", base.rstrip("/") + "/" + src)
    elif image_problem(src) is not None:
        del token.attrs["src"]  # never a request to another host, nor outside the deck's folder
    return self.image(tokens, idx, options, env)


_md.add_render_rule("image", _image)


def render(text: str, image_base: str | None = None) -> str:
    """HTML for a slide's Markdown body; picture sources are prefixed with `image_base` (a URL path)."""
    return _md.render(text, {"image_base": image_base})


def render_columns(columns: list[str], image_base: str | None = None) -> str:
    """HTML for a slide's columns, each in a div.column, as the projector shows them."""
    return "".join(f'<div class="column">{render(part, image_base)}</div>' for part in columns)
