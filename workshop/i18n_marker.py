"""Marking user-facing Dutch texts in Flask-free code, so pybabel finds them and the boundary translates them.

Domain modules (interactions, privacy, deck, sessions) never import Flask: they mark a text with `N_` and raise
a `Message` error that keeps the Dutch template and its values apart. The web and socket layers translate the
template with flask_babel and fill in the values (workshop/i18n.py).
"""

from __future__ import annotations


def N_(text: str) -> str:
    """Mark a text for extraction; it stays Dutch here."""
    return text


class Message(Exception):
    """An error whose text is a Dutch template plus named values; str() is the filled-in Dutch text."""

    def __init__(self, template: str, **params):
        super().__init__(template.format(**params) if params else template)
        self.template = template
        self.params = params
