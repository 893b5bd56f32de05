"""Slide Markdown to HTML. Raw HTML in a deck is shown as text, never passed through. No Flask here."""

from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable("table")


def render(text: str) -> str:
    """HTML for a slide's Markdown body."""
    return _md.render(text)
