"""`open`: short free-text answers, a few per participant."""

from __future__ import annotations

import re
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
    clean_text,
    register,
    whole_number,
)
from .wordcloud import STOP_WORDS, normalise_word, words_shares

SCREEN_ANSWERS = 40  # texts a projector shows at once; more are in the exports
# Comparisons of sessions count the words people used: a word counts once per person, stop words and words
# under three letters do not count, and a word fewer than FEWEST_PEOPLE used in all compared sessions together
# is never a category (it may be a name the privacy guard did not know; it says nothing about a group either).
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
SHORTEST_WORD = 3
FEWEST_PEOPLE = 5  # as the default k: a word two people wrote, one in each of two sessions, may be a name
COMPARED_WORDS = 10  # words per comparison: 10 words by 4 sessions already fill two slides


@register
class Open(Interaction):
    name = "open"
    description = N_("korte antwoorden in eigen woorden, een paar per deelnemer")
    settings = ("answers", "max_length")
    aggregates = False  # texts as written, each checked by the privacy guard; none is counted

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        return {
            "answers": whole_number(spec, "answers", default=1, low=1, high=10),
            "max_length": whole_number(spec, "max_length", default=280, low=10, high=2000),
        }

    def validate(self, question: Question, value: Any) -> list[str]:
        """An answer is the participant's whole list of texts; sending it again replaces the list."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise InvalidAnswer(N_("Antwoord moet tekst zijn."))
        limit = question.settings["answers"]
        texts = [t for t in (clean_text(v, question.settings["max_length"]) for v in value) if t]
        if not texts:
            raise InvalidAnswer(N_("Schrijf eerst een antwoord."))
        if len(texts) > limit:
            raise InvalidAnswer(N_("Je kunt hoogstens {limit} antwoorden geven."), limit=limit)
        return texts

    def free_text(self, question: Question, value: list[str]) -> list[str]:
        return value

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        answers = [text for texts in values for text in texts]
        return {"n": len(values), "count": len(answers), "answers": answers}

    def on_screen(self, question: Question, result: dict[str, Any]) -> dict[str, Any]:
        """The latest SCREEN_ANSWERS texts; `earlier` says how many more there are."""
        answers = result["answers"]
        if len(answers) <= SCREEN_ANSWERS:
            return result
        return {**result, "answers": answers[-SCREEN_ANSWERS:], "earlier": len(answers) - SCREEN_ANSWERS}

    def details(self, question: Question) -> str:
        return (f"comparisons count words once per person: lower case, runs of letters (joined by - or '), "
                f"{SHORTEST_WORD} letters or more, not a stop word; charted: the {COMPARED_WORDS} words most "
                f"people used in the compared sessions together (ties alphabetical), each by {FEWEST_PEOPLE} or "
                f"more people; stop words: " + " ".join(sorted(STOP_WORDS)))

    def chart(self, question: Question, result: dict[str, Any]) -> Chart | None:
        return None

    unit = N_("procent van wie antwoordde dat dit woord gebruikte")

    def compared(self, question: Question, values: list[Any]) -> dict[str, Any]:
        """The texts, and per word the number of people whose answers use it (compared by share)."""
        counts = Counter(word for texts in values for word in words_of(texts))
        ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        return {**self.aggregate(question, values),
                "words": [{"text": text, "count": count} for text, count in ranked]}

    def measure(self, question: Question, reference: dict[str, Any]) -> Measure | None:
        """The COMPARED_WORDS words most people used in all compared sessions (each by FEWEST_PEOPLE or more)."""
        words = [w["text"] for w in reference.get("words", []) if w["count"] >= FEWEST_PEOPLE][:COMPARED_WORDS]
        return Measure(words, PERCENT) if words else None

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]) -> list:
        return words_shares(self.measure(question, reference), result)


def words_of(texts: list[str]) -> set[str]:
    """The words one person's answers use, as counted: lower-case, no stop words, three letters or more."""
    found = set()
    for text in texts:
        for word in _WORD.findall(normalise_word(text)):
            if len(word) >= SHORTEST_WORD and word not in STOP_WORDS:
                found.add(word)
    return found
