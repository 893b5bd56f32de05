"""`ideas`: participants submit short ideas, the facilitator curates the list, then the room votes on it.

The ideas are submissions (moderated and privacy-checked as a statement board's, live/boards.py); the list
and its phase come from curation.asked, as settings "phase" ("collect" or "vote") and "ballot"
([{id, text, sources}]). The vote is an answer like any other, counted by the kind it is voted as: points
(dot-voting with N dots), ranking or choice, whose own validate and aggregate do the work here.
"""

from __future__ import annotations

from typing import Any

from ..i18n_marker import N_
from .base import (
    MODERATION,
    REGISTRY,
    Chart,
    InvalidAnswer,
    Question,
    SpecError,
    SubmissionKind,
    clean_text,
    register,
    whole_number,
)
from .ranking import MAX_ITEMS as MOST_TO_RANK

VOTES = ("points", "ranking", "choice")
# What a chart and a phone call each vote's number per idea.
SCORES = {"points": ("sum", "Stippen"), "ranking": ("borda", "Bordapunten"), "choice": ("count", "Gekozen")}


@register
class Ideas(SubmissionKind):
    name = "ideas"
    description = N_("ideeën verzamelen, samenvoegen en erop stemmen (stippen, rangorde of kiezen)")
    settings = ("vote", "dots", "max", "moderation", "max_length", "per_participant")
    # The votes are answers (one per participant); the ideas themselves are submissions.
    collects = "responses"
    curates = True
    votes = ()

    def parse(self, spec: dict[str, Any]) -> dict[str, Any]:
        vote = spec.get("vote", "points")
        if vote not in VOTES:
            raise SpecError(N_("'{key}' is 'points' (stippen verdelen), 'ranking' (op volgorde) of 'choice' "
                               "(kiezen)"), "vote")
        if "dots" in spec and vote != "points":
            raise SpecError(N_("'dots' geldt alleen bij 'vote: points'"), "dots")
        if "max" in spec and vote != "choice":
            raise SpecError(N_("'max' geldt alleen bij 'vote: choice'"), "max")
        moderation = spec.get("moderation", "pre")
        if moderation not in ("pre", "post"):
            raise SpecError(MODERATION, "moderation")
        settings = {
            "vote": vote,
            "submit": True,
            "moderation": moderation,
            "max_length": whole_number(spec, "max_length", default=120, low=20, high=300),
            "per_participant": whole_number(spec, "per_participant", default=3, low=1, high=20),
        }
        if vote == "points":
            settings["dots"] = whole_number(spec, "dots", default=3, low=1, high=20)
        if vote == "choice":
            settings["max"] = whole_number(spec, "max", default=1, low=1, high=10)
        return settings

    # Collecting -------------------------------------------------------------------------------------------

    def validate_submission(self, question: Question, text: Any) -> str:
        if question.settings.get("phase") == "vote":
            raise InvalidAnswer(N_("Het verzamelen is voorbij: er wordt nu gestemd."))
        return super().validate_submission(question, text)

    def validate_vote(self, question: Question, vote: Any) -> str | None:
        raise InvalidAnswer(N_("Bij deze vraag stem je op de lijst met ideeën."))

    def clean_idea(self, question: Question, text: Any) -> str:
        """A curated idea's text from the facilitator, as a participant's would be cleaned."""
        cleaned = clean_text(text, question.settings["max_length"])
        if len(cleaned) < 3:
            raise InvalidAnswer(N_("Schrijf iets langer."))
        return cleaned

    def ballot_problem(self, question: Question, count: int):
        """Why a list of `count` ideas cannot be voted on as this question votes, or None."""
        if count < 2:
            return InvalidAnswer(N_("Er zijn minstens 2 ideeën nodig om te stemmen."))
        if question.settings["vote"] == "ranking" and count > MOST_TO_RANK:
            return InvalidAnswer(N_("Op volgorde zetten kan met hoogstens {count} ideeën: voeg er eerst samen."),
                                 count=MOST_TO_RANK)
        return None

    # Voting: the kind the vote is cast as does the work ---------------------------------------------------

    def voted_as(self, question: Question) -> Question:
        """The vote as a question of its own kind, the ideas as its items (or options)."""
        texts = [idea["text"] for idea in question.settings.get("ballot") or []]
        vote = question.settings["vote"]
        if vote == "points":
            settings: dict[str, Any] = {"items": texts, "total": question.settings["dots"]}
        elif vote == "ranking":
            settings = {"items": texts}
        else:
            most = max(1, min(question.settings["max"], len(texts)))
            settings = {"options": texts, "multiple": most > 1, "max": most}
        return Question(question.id, vote, question.text, settings)

    def public(self, question: Question) -> dict[str, Any]:
        # Phones get the list only to vote on, as the kind they vote with; while collecting, the settings.
        settings = {k: v for k, v in question.settings.items() if k != "ballot"}
        if question.settings.get("phase") == "vote":
            # a dot vote reads as one: "Verdeel 3 stippen over de ideeën", not points over items (points.js)
            settings["voted_as"] = {**self.voted_as(question).settings,
                                    **({"dots": True} if question.settings["vote"] == "points" else {})}
            # ideas hidden since the vote opened: the phone offers no dots or choice for them (validate)
            hidden = [i for i, idea in enumerate(question.settings.get("ballot") or []) if idea.get("hidden")]
            if hidden:
                settings["voted_as"]["hidden"] = hidden
        return {**question.to_dict(), "settings": settings}

    def validate(self, question: Question, value: Any) -> Any:
        if question.settings.get("phase") != "vote":
            raise InvalidAnswer(N_("Er wordt nog niet gestemd: eerst worden ideeën verzameld."))
        voted = self.voted_as(question)
        value = REGISTRY[voted.kind].validate(voted, value)
        # An idea hidden since the vote opened keeps its place (votes are by index) but takes no new vote;
        # a ranking must place every idea, so a hidden one is placed too.
        hidden = {index for index, idea in enumerate(question.settings.get("ballot") or []) if idea.get("hidden")}
        vote = question.settings["vote"]
        if (vote == "points" and any(value[index] for index in hidden)) or (
                vote == "choice" and any(index in hidden for index in value)):
            raise InvalidAnswer(N_("Dit idee is niet vrijgegeven: stem op een ander idee."))
        return value

    def details(self, question: Question) -> str:
        settings = question.settings
        given = {"points": f"every vote gives out exactly {settings.get('dots')} dots",
                 "ranking": "every vote places all ideas", "choice": f"at most {settings.get('max')} chosen"}
        return f"ideas voted on as {settings['vote']}: {given[settings['vote']]}"

    def aggregate(self, question: Question, values: list[Any]) -> dict[str, Any]:
        ballot = question.settings.get("ballot") or []
        vote = question.settings["vote"]
        voted = self.voted_as(question)
        # Votes mean something only with the list they were cast on: without it (several sessions' votes
        # pooled, each on its own list) nothing is counted.
        counted = REGISTRY[vote].aggregate(voted, values if ballot else [])
        rows = counted["items"] if "items" in counted else counted["options"]
        if vote != "ranking":  # the ranking kind keeps its own order (Borda, first places, list order)
            rows = [{**row, "index": index} for index, row in enumerate(rows)]
        key = SCORES[vote][0]
        ideas = [{**row, "id": ballot[row["index"]]["id"], "text": ballot[row["index"]]["text"],
                  "sources": ballot[row["index"]]["sources"], "curated": ballot[row["index"]].get("curated", False),
                  "score": row[key]} for row in rows]
        if vote != "ranking":
            ideas.sort(key=lambda idea: (-idea["score"], idea["index"]))
        result = {"n": counted["n"], "phase": question.settings.get("phase", "collect"), "vote": vote,
                  "ideas": ideas, "submitted": sum(len(idea["sources"]) for idea in ballot)}
        if vote == "points":
            result["total"] = question.settings["dots"]
        if result["phase"] != "vote":
            result["answers"] = [idea["text"] for idea in ballot]  # no vote yet: the list is the result
        return result

    def chart(self, question: Question, result: dict[str, Any]) -> Chart | None:
        if result.get("phase") != "vote" or not result["ideas"]:
            return None
        label = SCORES[result["vote"]][1]
        return Chart(
            type="bar",
            categories=[idea["text"] for idea in result["ideas"]],
            series=[(label, [idea["score"] for idea in result["ideas"]])],
            # only where an idea took more than one text: "1× ingediend" on every bar says nothing
            notes=[f"{len(idea['sources'])}× ingediend" if len(idea["sources"]) > 1 else ""
                   for idea in result["ideas"]],
        )

    def measure(self, question: Question, reference: dict[str, Any]):
        if reference.get("phase") != "vote":
            return None
        voted, shaped = self.as_voted(question, reference)
        return REGISTRY[voted.kind].measure(voted, shaped)

    def measured(self, question: Question, reference: dict[str, Any], result: dict[str, Any]) -> list:
        voted, shaped = self.as_voted(question, reference)
        return REGISTRY[voted.kind].measured(voted, shaped, self.as_voted(question, result)[1])

    def finding(self, question: Question, result: dict[str, Any]) -> str:
        if result.get("phase") != "vote" or not result.get("n") or not result["ideas"]:
            return ""
        top = result["ideas"][0]
        return f"Meeste stemmen: {top['text']} ({SCORES[result['vote']][1].lower()}: {top['score']})"

    def as_voted(self, question: Question, result: dict[str, Any]) -> tuple[Question, dict[str, Any]]:
        """A result in the shape of the kind it was voted as (for charts that compare groups)."""
        voted = self.voted_as(question)
        key = "options" if voted.kind == "choice" else "items"
        rows = sorted(result["ideas"], key=lambda idea: idea["index"]) if voted.kind == "choice" else result["ideas"]
        return voted, {**result, key: rows}

    def texts_behind(self, question: Question, result: dict[str, Any]) -> list[str]:
        """Per voted idea, the texts participants submitted for it where they differ (the summary deck lists them)."""
        if result.get("phase") != "vote" or result.get("withheld"):
            return []
        lines = []
        for place, idea in enumerate(result["ideas"], start=1):
            lines.append(f"{place}. {idea['text']} ({SCORES[result['vote']][1].lower()}: {idea['score']})")
            if idea["sources"] != [idea["text"]]:  # a text sent as it is voted on is not repeated
                lines.extend(f"   – {text}" for text in idea["sources"])
        return lines

    def tidy_items(self, question: Question, value: Any) -> list[tuple[str, Any]]:
        """A vote's rows in the data export: per idea on the ballot, its dots, place, or 1/0 for chosen."""
        ballot = question.settings.get("ballot") or []
        labels = [f"#{idea['id']} {idea['text']}" for idea in ballot]
        vote = question.settings["vote"]
        if vote == "points":
            return list(zip(labels, value, strict=False))
        if vote == "ranking":
            place = {index: position + 1 for position, index in enumerate(value)}
            return [(label, place.get(index, "")) for index, label in enumerate(labels)]
        return [(label, int(index in value)) for index, label in enumerate(labels)]
