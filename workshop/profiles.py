"""Profile questions asked once at join (e.g. domain, level), and groups that are large enough to show.

No Flask here. A deck declares them in its front matter:

    profile:
      - id: domein
        question: In welk domein werk je?
        options: [Politie, Zorg, Gemeente, Anders]
    consent: Je antwoorden worden anoniem bewaard ...

Every profile question gets the option "Zeg ik liever niet" unless it says `prefer_not: false`.
"""

from __future__ import annotations

import re
from typing import Any, Self

from .i18n_marker import N_, Message

# Labels added to a deck's own words: stored as answers and group names, Dutch in the data and the exports.
PREFER_NOT = N_("Zeg ik liever niet")
UNKNOWN = N_("Onbekend")
OTHER = N_("Overig")
ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
# The notes suppress() writes.
TOO_FEW = N_("Minder dan {k} deelnemers: uitsplitsing niet getoond.")
MERGED = N_("Groepen kleiner dan {k} zijn samengevoegd in '{other}' ({names}).")
AFTER_CLOSE = N_("De uitsplitsing per groep verschijnt als de vraag gesloten is.")
COMBINED = N_(
    "Uitsplitsing niet getoond: naast die naar '{other}' zou ze minder dan {k} deelnemers aanwijzen.")
# What a split result holds in Dutch beside the deck's own words. The projector and control view get the
# result as data (one for every screen in the room) and show these in their language (docs/translating.md).
SPLIT_TEXTS = (PREFER_NOT, UNKNOWN, OTHER, TOO_FEW, MERGED, AFTER_CLOSE, COMBINED)


class ProfileAnswerError(Message, ValueError):
    """A participant's profile answers refused, with a reason fit for the participant."""


class Note(str):
    """A text the server writes from a Dutch template (a split's note, a slide's fallback name): the Dutch
    text, as exports show it, that keeps its template and values in `message`, so a page can show it in its
    own language (i18n.translate).

    `values` are the values as screens get them: a list of labels (`names`) stays a list there, so a screen
    can translate the labels this module adds; in the text and in `message` it is joined with ", ".
    """

    message: Message
    values: dict[str, Any]

    def __new__(cls, template: str, **values) -> Self:
        params = {name: ", ".join(value) if isinstance(value, list) else value
                  for name, value in values.items()}
        note = super().__new__(cls, template.format(**params))
        note.message = Message(template, **params)
        note.values = values
        return note

    def __reduce__(self):
        # A message queue between server processes pickles the views it passes on; str's own way would
        # rebuild the note from its text, taking a brace in a group label for a placeholder.
        return _rebuild_note, (self.message.template, self.values)


def _rebuild_note(template: str, values: dict[str, Any]) -> Note:
    return Note(template, **values)


class ProfileError(Message, ValueError):
    """A mistake in a deck's profile questions: a Dutch template and its values, reported at `profile:`."""


def parse(raw: Any) -> list[dict[str, Any]]:
    """Check a deck's `profile` front matter and return it normalised: [{id, question, options}]."""
    if not isinstance(raw, list) or not raw:
        raise ProfileError(N_("'profile' is een lijst vragen, elk met id, question en options"))
    questions, seen = [], set()
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ProfileError(N_("profielvraag {number} heeft id, question en options nodig"), number=number)
        unknown = set(entry) - {"id", "question", "options", "prefer_not"}
        if unknown:
            raise ProfileError(N_("profielvraag {number}: onbekende instelling '{key}'"), number=number,
                               key=min(unknown, key=str))
        question_id, text, options = entry.get("id"), entry.get("question"), entry.get("options")
        if not isinstance(question_id, str) or not ID.match(question_id):
            raise ProfileError(N_("profielvraag {number}: een id is 1-32 tekens uit a-z 0-9 - _"),
                               number=number)
        if question_id in seen:
            raise ProfileError(N_("profielvraag-id '{id}' komt twee keer voor"), id=question_id)
        seen.add(question_id)
        if not isinstance(text, str) or not text.strip():
            raise ProfileError(N_("profielvraag '{id}' heeft een tekst bij 'question' nodig"), id=question_id)
        if not isinstance(options, list) or len(options) < 2 or not all(isinstance(o, str) for o in options):
            raise ProfileError(N_("profielvraag '{id}' heeft minstens 2 'options' nodig"), id=question_id)
        if len(set(options)) != len(options):
            raise ProfileError(N_("profielvraag '{id}' noemt een antwoord twee keer"), id=question_id)
        if entry.get("prefer_not", True) and PREFER_NOT not in options:
            options = [*options, PREFER_NOT]
        questions.append({"id": question_id, "question": text.strip(), "options": list(options)})
    return questions


def validate(questions: list[dict[str, Any]], answers: Any) -> dict[str, int]:
    """A participant's profile answers (question id -> option index), every question answered."""
    if not isinstance(answers, dict):
        raise ProfileAnswerError(N_("Beantwoord eerst de vragen over jezelf."))
    clean = {}
    for question in questions:
        index = answers.get(question["id"])
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(question["options"]):
            raise ProfileAnswerError(N_("Kies een antwoord bij: {question}"), question=question["question"])
        clean[question["id"]] = index
    if set(answers) - set(clean):
        raise ProfileAnswerError(N_("Onbekende profielvraag."))
    return clean


def labels(question: dict[str, Any]) -> list[str]:
    """The group labels of a profile question, in option order."""
    return list(question["options"])


def suppress(groups: list[dict[str, Any]], k: int) -> tuple[list[dict[str, Any]], Note | None]:
    """Keep groups of at least k; merge the rest into 'Overig' so no small group can be shown or derived.

    `groups` are dicts with at least "label" and "n", in the profile question's option order. Groups smaller
    than k are pooled; when the pool is still smaller than k, the smallest shown groups join it until it
    reaches k (otherwise the total minus the shown groups would reveal the small ones). Tie rule: of equally
    small groups the one later in the option order joins first. A pool of at least k is shown as 'Overig';
    when even all groups together are fewer than k, nothing is shown. Returns (groups to show, note or None).
    """
    position = {id(g): number for number, g in enumerate(groups)}
    ordered = sorted(groups, key=lambda g: (g["n"], -position[id(g)]))
    pooled = [g for g in ordered if 0 < g["n"] < k]
    shown = [g for g in ordered if g["n"] >= k]
    if not pooled:
        return [g for g in groups if any(g is s for s in shown)], None
    while sum(g["n"] for g in pooled) < k and shown:
        pooled.append(shown.pop(0))
    pooled_n = sum(g["n"] for g in pooled)
    if pooled_n < k:
        return [], Note(TOO_FEW, k=k)
    kept = [g for g in groups if any(g is s for s in shown)]
    names = [g["label"] for g in groups if any(g is p for p in pooled)]  # option order, not size order
    return (kept + [{"label": OTHER, "n": pooled_n, "merged": names}],
            Note(MERGED, k=k, other=OTHER, names=names))


def columns(labels: list[str], people: list[dict[str, Any]], k: int, frozen_until: str | None = None
            ) -> tuple[list[dict[str, Any]], Note | None]:
    """The groups a split shows: [{"label", "n", "members": [labels], "people": {ids}}] and a note.

    `people` are {"id", "label", "first_at"}: who answered the item, with their group. Which groups stand
    alone and which are merged into 'Overig' is decided by those who had answered at `frozen_until` (when the
    question first closed), so later answers cannot move a group into or out of 'Overig' between two views;
    the groups are then counted as they are now and merged further if one fell below k.
    """
    def sizes(who: list[dict[str, Any]]) -> list[dict[str, Any]]:
        counted = {label: sum(p["label"] == label for p in who) for label in labels}
        return [{"label": label, "n": counted[label]} for label in labels if counted[label]]

    at_close = [p for p in people if frozen_until is None or (p["first_at"] or "") <= frozen_until]
    shown, _ = suppress(sizes(at_close), k)
    alone = [g["label"] for g in shown if "merged" not in g]
    column_of = {label: (label if label in alone else OTHER) for label in labels}
    now = [{"label": label, "n": sum(column_of[p["label"]] == label for p in people)}
           for label in [*alone, OTHER]]
    final, _ = suppress([g for g in now if g["n"]], k)
    result = []
    for group in final:
        merged = group.get("merged", [group["label"]])
        members = [label for label in labels if column_of[label] in merged]
        result.append({"label": group["label"], "n": group["n"], "members": members,
                       "people": {p["id"] for p in people if p["label"] in members}})
    if not result:
        return [], (Note(TOO_FEW, k=k) if people else None)
    other = next((g for g in result if g["label"] == OTHER), None)
    if other is None:
        return result, None
    names = [label for label in other["members"] if any(p["label"] == label for p in people)]
    return result, Note(MERGED, k=k, other=OTHER, names=names)


def combination_leak(first: list[set], second: list[set], k: int) -> bool:
    """True when two splits of the same answers, set against each other, single out fewer than k people.

    Each split is a list of disjoint sets of people (its shown groups). Whenever a union of one split's
    groups contains a union of the other's, subtracting the two aggregates gives the aggregate of the
    difference; it must hold no one or at least k people.
    """
    def unions(groups: list[set]) -> list[set]:
        if len(groups) > 8:  # too many to combine every way: each group, and all but each group
            everyone = set().union(*groups)
            return groups + [everyone - group for group in groups] + [everyone]
        found = [set()]
        for group in groups:
            found += [u | group for u in found]
        return found[1:]

    for a in unions(first):
        for b in unions(second):
            for big, small in ((a, b), (b, a)):
                if small <= big and 0 < len(big - small) < k:
                    return True
    return False
