"""Deck syntax for a planned round: a later slide asks an earlier question again (`again: <id>`)."""

import pytest

from workshop import deck as decks

from .conftest import DECK


def again(block: str, before: str = DECK) -> str:
    return before + f"\n---\n## Nog eens\n\n```interaction\n{block}\n```\n"


def mistakes(text: str) -> list[str]:
    with pytest.raises(decks.DeckErrors) as caught:
        decks.parse(text, "t.md")
    return [str(error) for error in caught.value.errors]


def test_a_later_slide_asks_an_earlier_question_as_its_next_round():
    deck = decks.parse(again("again: domein", again("again: domein")), "t.md")
    planned = [(s.question.id, s.round) for s in deck.slides if s.question]
    assert planned == [("domein", 1), ("samenwerking", 1), ("verwachting", 1), ("domein", 2), ("domein", 3)]
    assert deck.slides[4].question == deck.slides[1].question  # the very same question, not a copy with a twist
    assert [q.id for q in deck.questions] == ["domein", "samenwerking", "verwachting"]  # listed once
    assert [s.round for s in decks.Deck.from_dict(deck.to_dict()).slides] == [1, 1, 1, 1, 2, 3]


def test_mistakes_in_a_planned_round_are_reported_at_their_line():
    lines = DECK.count("\n") + 6  # the line of `again:` in the block added below
    assert mistakes(again("again: domien")) == [
        (f"t.md:{lines}: 'again' noemt 'domien', maar geen eerdere dia stelt een vraag met dat id "
         "(bedoel je 'domein'?)")]
    assert mistakes(again("again: domein\nkind: choice")) == [
        (f"t.md:{lines + 1}: bij 'again' hoort geen 'kind': de vraag wordt precies zo opnieuw gesteld als op "
         "haar eerste dia")]
    board = DECK + "\n---\n## S\n\n```interaction\nkind: statements\nid: st\nstatements: [Een, Twee]\n```\n"
    assert mistakes(again("again: st", board))[0].endswith(
        "'st' is een vraag van soort 'statements': die kan niet opnieuw gevraagd worden")
    ideas = DECK + "\n---\n## I\n\n```interaction\nkind: ideas\nid: id\nvote: choice\n```\n"
    assert mistakes(again("again: id", ideas))[0].endswith(
        "'id' is een vraag van soort 'ideas': die kan niet opnieuw gevraagd worden")
    five = again("again: domein", again("again: domein", again("again: domein", again("again: domein"))))
    assert mistakes(again("again: domein", five))[0].endswith("een vraag heeft hoogstens 5 rondes")


def test_a_question_is_asked_again_only_after_it_was_first_asked():
    first = "# Begin\n\n```interaction\nagain: domein\n```\n\n---\n" + DECK.split("---\n", 2)[2]
    assert mistakes(first) == ["t.md:4: 'again' noemt 'domein', maar geen eerdere dia stelt een vraag met dat id"]
