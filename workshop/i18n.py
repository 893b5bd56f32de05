"""Interface language: Dutch by default, English on request (docs/translating.md).

The Dutch texts are the msgids, so a Dutch page needs no catalogue at all. The language is chosen per request:
`?lang=` (kept in the Flask session) wins, then a participant page's deck language (`g.deck_language`), then
Dutch. Socket events use the same session key, which a phone's `join` sets to its page's language.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path

from babel.messages.extract import extract
from flask import Flask, g, request, session
from flask_babel import Babel, format_date, format_time, get_locale, gettext

from . import profiles
from .i18n_marker import Message

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
PACKAGE = Path(__file__).parent
# What the browser shows from a catalogue: every Workshop.t(...) text in the scripts, and the privacy guard's
# reasons, which the control view shows as sent.
JS_SOURCES = [("javascript", path) for path in sorted((PACKAGE / "static" / "js").rglob("*.js"))]
JS_SOURCES.append(("python", PACKAGE / "privacy.py"))

babel = Babel()


def select_locale() -> str:
    """The interface language of this request or socket event."""
    chosen = session.get("language")
    if chosen in LANGUAGES:
        return chosen
    deck_language = g.get("deck_language")
    return deck_language if deck_language in LANGUAGES else DEFAULT


def remember_choice() -> None:
    """Keep a `?lang=` choice for the rest of the visit."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["language"] = chosen


def language() -> str:
    """The interface language as a two-letter code (for <html lang> and the scripts)."""
    return str(get_locale() or DEFAULT)


def translate(message: Message | str) -> str:
    """A Dutch message (a marked text, or a Message error with values) in the interface language."""
    if isinstance(message, Message):
        text = gettext(message.template)
        return text.format(**message.params) if message.params else text
    return gettext(message)


@functools.cache
def js_messages() -> tuple[str, ...]:
    """The Dutch texts the scripts look up with Workshop.t, found with Babel's own extractors."""
    found = []
    for method, path in JS_SOURCES:
        keywords = {"Workshop.t": None} if method == "javascript" else {"N_": None}
        # As babel.cfg: calls inside a template string's `${...}` are found too.
        options = {"parse_template_string": True} if method == "javascript" else {}
        with path.open("rb") as source:
            found += [message for _, message, _, _ in extract(method, source, keywords=keywords, options=options)]
    # Words the server adds to stored data (group labels of a split, its note): scripts show them translated.
    return tuple(dict.fromkeys([*found, *profiles.SPLIT_TEXTS]))


def js_labels() -> list[str]:
    """The Dutch words the server adds to data that scripts show (profiles.SPLIT_TEXTS): Workshop.label
    translates these, and only these, so a deck's own words that happen to equal an interface text stay."""
    return list(profiles.SPLIT_TEXTS)


def js_catalog() -> dict[str, str]:
    """The scripts' catalogue for this request: Dutch text -> translation; empty for Dutch (identity)."""
    if language() == DEFAULT:
        return {}
    return {message: gettext(message) for message in js_messages() if gettext(message) != message}


def local_text(text: str) -> str:
    """A text written from a Dutch template (a profiles.Note: a split's note, a comparison's series, a slide's
    name "dia N"), translated, with the labels profiles.py adds among its values ("Overig") translated too;
    any other text as it is."""
    if not isinstance(text, profiles.Note):
        return text
    params = {name: translate(value) if value in profiles.SPLIT_TEXTS else value
              for name, value in text.message.params.items()}
    return translate(Message(text.message.template, **params))


def local_date(iso: str | None) -> str:
    """A stored YYYY-MM-DD date written out for the interface language (29 november 2026, November 29, 2026)."""
    try:
        return format_date(date.fromisoformat(iso), "long")
    except (TypeError, ValueError):
        return iso or ""


def local_time(iso: str | None) -> str:
    """The time of day of a stored ISO timestamp, for the interface language (14:05, 2:05 PM)."""
    try:
        return format_time(datetime.fromisoformat(iso), "short")
    except (TypeError, ValueError):
        return iso or ""


def init_app(app: Flask) -> None:
    """Choose the language per request and give templates `language`, `js_catalog`, `js_labels`, the switch."""
    babel.init_app(app, locale_selector=select_locale, default_locale=DEFAULT,
                   default_translation_directories=str(PACKAGE / "translations"))
    app.before_request(remember_choice)
    app.add_template_filter(local_text)
    app.add_template_filter(local_date)
    app.add_template_filter(local_time)

    @app.context_processor
    def interface_language():
        return {"language": language(), "languages": LANGUAGES, "js_catalog": js_catalog, "js_labels": js_labels}
