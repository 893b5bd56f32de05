"""`wordcloud`: a few short words per participant; the projector sizes each by how many gave it."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from ..i18n_marker import N_
from .base import (
    PERCENT,
    Chart,
    Interaction,
    InvalidAnswer,
    Measure,
    Question,
    fraction,
    register,
    share,
    strip_invisible,
    whole_number,
)

# A "word" may be a short phrase such as "korte lijnen".
WORDS_PER_ENTRY = 3
# The export's bar chart stays readable with this many bars.
CHART_WORDS = 15
SCREEN_WORDS = 100  # words a live screen gets (the cloud draws at most MAX_WORDS of them, wordcloud.js)

# Words that say nothing on their own in a word cloud. Kept modest on purpose: "niet", "samen" or "geen"
# can carry the point of an answer and are not listed.
STOP_WORDS = frozenset(
    """
    de het een en of van in op te aan met voor om bij tot naar uit door over als dan dat die dit deze
    is zijn was waren wordt worden ben bent heb hebt heeft hebben kan kunnen moet moeten zal zou
    ik je jij u we wij ze zij hij haar hem ons onze mijn jouw uw hun men me mij
    er hier daar nu ook nog wel al maar want dus toch zo heel erg
    the a an and or of to in on at for with by from as is are was were be been it its
    i you we they he she this that these those my your our their me us
    """.split()
)

ONLY_STOP_WORDS = N_("Kies woorden die iets zeggen: woorden als 'de', 'en' of 'the' tellen niet mee.")

_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_word(text: str) -> str:
    """A participant's word as counted: NFC, lower-case, no surrounding punctuation, single spaces."""
    text = strip_invisible(_CONTROL.sub(" ", unicodedata.normalize("NFC", text))).lower()
    text = _SPACE.sub(" ", text)
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def is_stop_entry(text: str) -> bool:
    """True when every word of an entry is a stop word ("de", "en de", "the")."""
    return all(word in STOP_WORDS for word in text.split(" "))


def words_shares(measure: Measure | None, result: dict[str, Any]) -> list[float | None]:
    """Per word of `measure`, the share of a group's respondents who gave it."""
    counts = {w["text"]: w["count"] for w in result["words"]}
    return [fraction(counts.get(word, 0), result.get("n") or 0) for word in (measure.categories if measure else [])]


@register
class Wordcloud(Interaction):
    name = "wordcloud"
    description = N_("een paar korte woorden per deelnemer, getoond als woordwolk")
    settings = ("words", "max_length")

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        return {
            "words": whole_number(spec, "words", default=3, low=1, high=3),
            "max_length": whole_number(spec, "max_length", default=30, low=5, high=60),
        }

    def validate(self, question: Question, value: Any) -> list[str]:
        """An answer is the participant's list of words, normalised, each once; a single text is one word."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidAnswer(N_("Antwoord moet tekst zijn."))
        limit, max_length = question.settings["words"], question.settings["max_length"]
        words = list(dict.fromkeys(w for w in (normalise_word(v) for v in value) if w))
        if not words:
            raise InvalidAnswer(N_("Schrijf eerst een woord."))
        if len(words) > limit:
            template = N_("Geef hoogstens {limit} woord.") if limit == 1 else N_("Geef hoogstens {limit} woorden.")
            raise InvalidAnswer(template, limit=limit)
        for word in words:
            if len(word) > max_length:
                raise InvalidAnswer(N_("Een woord is te lang (maximaal {max_length} tekens)."), max_length=max_length)
            if word.count(" ") >= WORDS_PER_ENTRY:
                raise InvalidAnswer(N_("Gebruik hoogstens {count} woorden per vakje."), count=WORDS_PER_ENTRY)
        if all(is_stop_entry(word) for word in words):
            raise InvalidAnswer(ONLY_STOP_WORDS)
        return words

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        counts = Counter(word for words in values for word in set(words) if not is_stop_entry(word))
        ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        return {"n": len(values), "words": [{"text": text, "count": count} for text, count in ranked]}

    def on_screen(self, question: Question, result: dict[str, Any]) -> dict[str, Any]:
        """The SCREEN_WORDS most frequent words: a cloud of thousands of words is unreadable anyway."""
        if len(result["words"]) <= SCREEN_WORDS:
            return result
        words = result["words"]
        return {**result, "words": words[:SCREEN_WORDS], "other_words": len(words) - SCREEN_WORDS}

    def details(self, question: Question) -> str:
        return "stop words (not counted): " + " ".join(sorted(STOP_WORDS))

    def chart(self, question: Question, result: dict[str, Any]) -> Chart | None:
        top = result["words"][:CHART_WORDS]
        if not top:
            return None  # a chart needs at least one category
        return Chart(
            type="bar",
            categories=[word["text"] for word in top],
            series=[("Aantal", [word["count"] for word in top])],
        )

    unit = N_("procent van wie antwoordde dat dit woord noemde")

    def measure(self, question: Question, reference: dict[str, Any]) -> Measure | None:
        chart = self.chart(question, reference)
        return Measure(list(chart.categories), PERCENT) if chart else None

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]) -> list:
        return words_shares(self.measure(question, reference), result)

    def finding(self, question: Question, result: dict[str, Any]) -> str:
        if not result.get("words"):
            return ""
        top, n = result["words"][0], result["n"]
        return f"Meest genoemd: '{top['text']}' ({share(top['count'], n):.0f}% van {n})"
