"""The contract every interaction kind fulfils, and the registry of kinds.

A kind is one module in this package with one subclass of `Interaction`, registered with `@register`.
Nothing outside the kind's module knows what its settings or answers look like: the deck parser calls
`parse`, the live layer calls `validate` and `aggregate`, the exporter calls `chart`; splits and comparisons
call `measure` and `measured`, the factsheet `finding`, the infographic `shares`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..i18n_marker import N_, Message
from ..numbers import decimal_comma, round_half_up, share  # noqa: F401 - decimal_comma for the kinds


class InvalidAnswer(Message, ValueError):
    """An answer refused by a kind: a Dutch template and its values, translated for the participant."""


class SpecError(Message, ValueError):
    """A setting in a deck refused by a kind: a Dutch template and its values, translated where it is shown.

    `key` names the setting, so the parser can give its line; it is also a value of the template, as {key}.
    """

    def __init__(self, template: str, key: str | None = None, **params):
        super().__init__(template, key=key, **params)
        self.key = key


@dataclass
class Question:
    """One interaction as asked in a session: stable id, kind, the prompt and kind-specific settings."""

    id: str
    kind: str
    text: str
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form kept in a session's deck snapshot."""
        return {"id": self.id, "kind": self.kind, "text": self.text, "settings": self.settings}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        """Rebuild a question from its snapshot form."""
        return cls(id=data["id"], kind=data["kind"], text=data["text"], settings=dict(data["settings"]))


@dataclass
class Chart:
    """What an export draws for a result: categories along one axis, one or more named series."""

    type: str  # "bar" (one series or clustered) or "stacked" (series stack to 100%)
    categories: list[str]
    series: list[tuple[str, list[float]]]
    number_format: str = "0"
    # A short note per category shown beside its label, e.g. a scale item's mean ("gem. 3,4").
    notes: list[str] | None = None


PERCENT = "0%"  # a compared value that is a share (0.42 shows as 42%)
MEAN = "0.0"  # a compared value that is a mean, one decimal


@dataclass
class Measure:
    """What a split or comparison sets side by side: the categories (from the whole room's result) and
    how a value reads, a share (PERCENT) or a mean (MEAN)."""

    categories: list[str]
    number_format: str


class Interaction:
    """Base class of a kind. Subclasses set `name` and `description` and implement the four methods."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    # Where the kind's data lives: "responses" (one answer per participant) or "submissions".
    collects: ClassVar[str] = "responses"
    # Settings every kind accepts; a kind lists its own in `settings`.
    common_settings: ClassVar[tuple[str, ...]] = ("kind", "id", "question", "results")
    settings: ClassVar[tuple[str, ...]] = ()
    # Whether a result counts or averages answers (withheld under k people) or lists texts as written.
    aggregates: ClassVar[bool] = True
    # Whether the question changes while it runs (ideas: its curated list and phase; curation.asked gives
    # the question as it stands, which validate and aggregate then receive).
    curates: ClassVar[bool] = False
    # Whether a question of the kind can be asked again in a later round (workshop/rounds.py).
    rounds: ClassVar[bool] = True

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Check a deck's settings for this kind and return the normalised settings; raise SpecError."""
        raise NotImplementedError

    def validate(self, question: Question, value: Any) -> Any:
        """Return the normalised answer, or raise InvalidAnswer with a reason fit for the participant."""
        raise NotImplementedError

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        """Summarise the stored answers as JSON for the projector and the exports.

        Every result has "n", the number of participants who answered; the rest is the kind's own.
        """
        raise NotImplementedError

    def chart(self, question: Question, result: dict[str, Any]) -> Chart | None:
        """The chart an export draws for an aggregate, or None when the result is text."""
        raise NotImplementedError

    # Groups or sessions side by side (splits, comparisons) go by share, mean or mean place, never by raw
    # counts, so groups of 6 and 20 people read alike. `unit` says what a compared value means (Dutch; the
    # comparison page translates it).
    unit: ClassVar[str] = ""

    def compared(self, question: Question, values: list[Any]) -> dict[str, Any]:
        """The aggregate a comparison of sessions sets side by side; a kind that lists texts adds counts."""
        return self.aggregate(question, values)

    def measure(self, question: Question, reference: dict[str, Any]) -> Measure | None:
        """The categories groups are compared on, from the whole room's result; None: not compared."""
        return None

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]
                 ) -> list[float | None]:
        """One group's values in the categories of `measure` (None where it has nothing to show)."""
        return []

    def details(self, question: Question) -> str:
        """What a reader of the data export needs besides the rows to redraw the chart (the codebook's
        `details`): order, range, labels, stop words; '' when the rows say it all."""
        return ""

    def finding(self, question: Question, result: dict[str, Any]) -> str:
        """A result in one plain Dutch line, the number a reader remembers (factsheets); '' if none."""
        return ""

    def shares(self, question: Question, result: dict[str, Any]) -> list[tuple[str, int, int]]:
        """What a result says as shares: (item text, people for it, people asked) (the infographic)."""
        return []

    def withhold(self, question: Question, result: dict[str, Any], k: int) -> dict[str, Any]:
        """The result as it may leave the server: an aggregate of fewer than k people is withheld.

        A withheld result has the kind's empty shape, the real n, "withheld": True and k, so every screen
        and export can say why it shows nothing.
        """
        if not self.aggregates or result["n"] >= k or result["n"] == 0:
            return result  # zero people: nothing about anyone
        return {**self.aggregate(question, []), "n": result["n"], "withheld": True, "k": k}

    def on_screen(self, question: Question, result: dict[str, Any]) -> dict[str, Any]:
        """The part of an aggregate live screens get (projector, phones with shared results).

        Exports use the whole aggregate. A kind whose aggregate grows with every participant (texts, words)
        keeps what a screen can show, so a view does not grow to megabytes at a conference.
        """
        return result

    def texts_behind(self, question: Question, result: dict[str, Any]) -> list[str]:
        """Lines a summary deck lists after the result's chart (an idea's submitted texts); none by default."""
        return []

    def public(self, question: Question) -> dict[str, Any]:
        """What a participant's phone needs to show the question (no results, no other answers)."""
        return question.to_dict()

    def files(self, question: Question) -> list[str]:
        """Pictures in the deck's folder that the question shows (checked by the deck parser, served to phones)."""
        return []

    def free_text(self, question: Question, value: Any) -> list[str]:
        """The texts in a normalised answer that the privacy guard must check before they reach a screen."""
        return []

    def compare_groups(self, question: Question, groups: dict[str, dict[str, Any]], k: int = 5,
                       mixed: frozenset[str] = frozenset()) -> dict[str, Any] | None:
        """A kind's own comparison of group results (label -> aggregate), e.g. where groups agree; or None.

        A group counts for an item only with at least k people; `mixed` groups ('Overig') are never named.
        """
        return None

    def round_rows(self, question: Question, result: dict[str, Any]) -> tuple[str, list] | None:
        """What a comparison of rounds sets side by side for one round's aggregate: (basis, [(label, value)]),
        and for a mean the scale's (low, high) as a third element.

        The basis names the measure (rounds.BASES: a share in percent, or a mean); values are unrounded (None
        where nobody answered). None when the kind shows each round on its own (texts, words).
        """
        return None


class MeanPerItem(Interaction):
    """A kind compared by a mean per item (scale, points, ranking): `compared_mean` names it in an item."""

    compared_mean: ClassVar[str] = "mean"

    def measure(self, question: Question, reference: dict[str, Any]) -> Measure:
        return Measure([i["label"] for i in reference["items"]], MEAN)

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]) -> list:
        return item_values(reference, result, self.compared_mean)


class SubmissionKind(Interaction):
    """A kind whose items are texts that participants submit and everyone votes on (boards, Q&A).

    Submissions and votes are stored apart from answers; `aggregate` receives the approved submissions,
    each with its vote counts (one key per vote value, and "votes" in all).
    """

    collects: ClassVar[str] = "submissions"
    # A board's texts and votes belong to no round: the room votes on the same texts all along.
    rounds: ClassVar[bool] = False
    votes: ClassVar[tuple[str, ...]] = ()
    # Seed texts are taken from this deck setting, when the kind has one.
    seed_setting: ClassVar[str | None] = None

    def validate(self, question: Question, value: Any) -> Any:
        raise InvalidAnswer(N_("Bij deze vraag stem je per tekst."))

    def people(self, rows: list[dict], voters: set[int]) -> int:
        """A board's n: the people who voted on it."""
        return len(voters)

    def validate_submission(self, question: Question, text: Any) -> str:
        """A participant's new text, cleaned; raise InvalidAnswer when the board does not take it."""
        if not question.settings.get("submit", True):
            raise InvalidAnswer(N_("Bij deze vraag kun je zelf niets toevoegen."))
        cleaned = clean_text(text, question.settings["max_length"])
        if len(cleaned) < 3:
            raise InvalidAnswer(N_("Schrijf iets langer."))
        return cleaned

    def validate_vote(self, question: Question, vote: Any) -> str | None:
        """A vote on a submission, or None to take one's vote back."""
        if vote is None or vote in self.votes:
            return vote
        raise InvalidAnswer(N_("Onbekende stem."))

    def phone_items(self, question: Question, rows: list[dict]) -> list[dict[str, Any]]:
        """The approved submissions as phones see them (texts to vote on; no counts unless the kind says)."""
        return [{"id": row["id"], "text": row["text"]} for row in rows]

    def status_for_new(self, question: Question, flagged: bool) -> str:
        """Where a participant's new text goes: straight on the board, or to the moderation queue first."""
        return "pending" if flagged or question.settings.get("moderation") == "pre" else "approved"


REGISTRY: dict[str, Interaction] = {}


def register(cls: type[Interaction]) -> type[Interaction]:
    """Class decorator: make a kind available under its `name`."""
    REGISTRY[cls.name] = cls()
    return cls


def kind_of(question: Question) -> Interaction:
    """The kind object that handles a question."""
    return REGISTRY[question.kind]


# Helpers shared by kinds -------------------------------------------------------------------------------

# Setting checks that more than one kind makes, worded once (each takes the setting's name as {key}).
WHOLE_NUMBER = N_("'{key}' moet een heel getal zijn")
TRUE_OR_FALSE = N_("'{key}' moet true of false zijn")
TOO_MANY = N_("'{key}' heeft hoogstens {limit} waarden")
MODERATION = N_("'{key}' is 'pre' (eerst goedkeuren) of 'post' (meteen tonen)")
MAX_ONLY_WITH_MULTIPLE = N_("'max' geldt alleen bij 'multiple: true'")
MAX_CHOICES = N_("'max' moet een heel getal van 1 tot en met {count} zijn")


def option_labels(spec: dict[str, Any], key: str = "options", minimum: int = 2, maximum: int | None = None
                  ) -> list[str]:
    """A list of distinct, non-empty labels from a deck setting, at least `minimum`, at most `maximum`."""
    raw = spec.get(key)
    if raw is None:
        raise SpecError(N_("'{key}' ontbreekt: geef een lijst van minstens {minimum}"), key, minimum=minimum)
    if not isinstance(raw, list):
        raise SpecError(N_("'{key}' moet een lijst zijn"), key)
    labels = []
    for item in raw:
        if isinstance(item, (dict, list)) or item is None:
            raise SpecError(N_("elke waarde in '{key}' moet een korte tekst zijn"), key)
        label = str(item).strip()
        if not label:
            raise SpecError(N_("'{key}' heeft een lege waarde"), key)
        if label in labels:
            raise SpecError(N_("'{key}' noemt '{label}' twee keer"), key, label=label)
        labels.append(label)
    if len(labels) < minimum:
        raise SpecError(N_("'{key}' heeft minstens {minimum} waarden nodig"), key, minimum=minimum)
    if maximum is not None and len(labels) > maximum:
        raise SpecError(TOO_MANY, key, limit=maximum)
    return labels


def whole_number(spec: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    """An integer setting within bounds."""
    value = spec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(WHOLE_NUMBER, key)
    if not low <= value <= high:
        raise SpecError(N_("'{key}' moet tussen {low} en {high} liggen"), key, low=low, high=high)
    return value


def percent(part: int, whole: int) -> float:
    """A percentage rounded half up to one decimal (numbers.py), 0 when there is nothing to divide by."""
    return share(part, whole, 1) or 0.0


def hide_small_parts(result: dict[str, Any], key: str, k: int, blank: dict[str, Any]) -> dict[str, Any]:
    """A result whose parts (`key`: items, rows) answered by 1 to k-1 people keep their n but show `blank`
    instead of what they say, marked hidden: a part's mean or counts of one person are that person's answer."""
    if all(part["n"] == 0 or part["n"] >= k for part in result[key]):
        return result
    parts = [{**part, **blank, "hidden": True} if 0 < part["n"] < k else part for part in result[key]]
    return {**result, key: parts, "k": k}


def fraction(count: float, whole: float) -> float | None:
    """A share as a fraction for a chart (0.42 for 42%, rounded as numbers.share); None of nobody."""
    shown = share(count, whole)
    return None if shown is None else shown / 100


def item_values(reference: dict[str, Any], result: dict[str, Any], key: str) -> list[float | None]:
    """A group's `key` (a mean) per item of the whole room's result, one decimal; None where it has none."""
    found = {i["label"]: i[key] for i in result["items"]}
    return [None if found.get(i["label"]) is None else round_half_up(found[i["label"]], 1)
            for i in reference["items"]]


def mean(total: float, n: int, digits: int) -> float | None:
    """An average rounded half up (numbers.py); None when no one answered."""
    return round_half_up(total / n, digits) if n else None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters nobody sees that change what others see: direction marks, embeddings, overrides and isolates
# (a right-to-left override shows "gpj.exe" as "exe.jpg"), and zero-width spaces, joiners and the like that
# make two equal-looking texts differ (a word counted twice, a flagged word slipping past the guard).
_INVISIBLE = re.compile("[\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A zero-width joiner is kept between emoji only, where it builds one picture (a woman + a staff of Asclepius).
_EMOJI = "\u00a9\u00ae\u203c-\u3299\ufe0f\U0001f000-\U0001faff"
_STRAY_JOINER = re.compile(f"(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])")


def strip_invisible(text: str) -> str:
    """A text without direction overrides and zero-width characters (a joiner between emoji stays)."""
    return _STRAY_JOINER.sub("", _INVISIBLE.sub("", text))


def clean_text(value: Any, max_length: int) -> str:
    """Normalise a participant's free text: NFC, no control or invisible characters, trimmed, bounded length."""
    if not isinstance(value, str):
        raise InvalidAnswer(N_("Antwoord moet tekst zijn."))
    text = strip_invisible(_CONTROL.sub("", unicodedata.normalize("NFC", value))).strip()
    text = re.sub(r"[ \t]+", " ", text)
    if len(text) > max_length:
        raise InvalidAnswer(N_("Antwoord is te lang (maximaal {max_length} tekens)."), max_length=max_length)
    return text
