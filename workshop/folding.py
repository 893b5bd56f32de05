"""Folding a text for the privacy guard: the disguises undone, with a map back to the text as typed.

The guard checks the folded text and reports positions in the typed one, so the moderation queue marks the
right characters. The text itself is stored as typed. No Flask, no network.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Invisible characters that split a number or word without showing: zero-width space/joiners, word joiner,
# byte-order mark, soft hyphen, Mongolian vowel separator, and the bidi marks, embeddings, overrides and
# isolates.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# Cyrillic and Greek letters that look like Latin ones (Unicode's confusables, the ones a keyboard offers).
LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕԁһԛԝӏґ" "АВЕКМНОРСТХУІЈЅԌԚԜ"
    "αβεικνορτυχ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhqwlr" "ABEKMHOPCTXYIJSGQW"
    "abeiknoptux" "ABEZHIKMNOPTYX",
)

# Dashes and minus signs that NFKC leaves alone: a phone number or plate written with them is still one.
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the span of the typed text it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The typed text's span for the folded span start..end (end exclusive, start < end)."""
        return self.starts[start], self.ends[end - 1]


def _clusters(text: str):
    """Each base character with the combining marks after it, and where it starts."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, text[start:index]
            start = index


def _fold_char(char: str) -> str:
    """One folded character: decimal digits of any script to 0-9, dashes to '-', look-alikes to Latin."""
    if char in DASHES:
        return "-"
    if char.isdecimal() and not char.isascii():
        return str(unicodedata.decimal(char, "")) or char
    if char.isspace():
        return " "
    return char.translate(LOOK_ALIKES)


def fold(text: str) -> Folded:
    """The text without invisible characters, NFKC-normalised, with digits, dashes and look-alikes folded."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, cluster in _clusters(text):
        kept = "".join(char for char in cluster if char not in INVISIBLE)
        if not kept:
            continue
        # NFKC may turn one cluster into several characters ("ﬁ" -> "fi"): each maps to the whole cluster.
        for char in unicodedata.normalize("NFKC", kept):
            for folded in _fold_char(char):
                pieces.append(folded)
                starts.append(start)
                ends.append(start + len(cluster))
    return Folded("".join(pieces), tuple(starts), tuple(ends))
