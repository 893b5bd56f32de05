"""The deck parser: slides, questions, ids, and errors with the right file and line."""

from pathlib import Path

import pytest

from workshop import deck
from workshop.deck import DeckErrors, parse


def errors_of(text: str) -> list[str]:
    with pytest.raises(DeckErrors) as caught:
        parse(text, "x.md")
    return [str(e) for e in caught.value.errors]


def test_demo_deck_shows_every_kind_and_layout():
    from workshop.interactions import REGISTRY

    demo = deck.load("slides/demo.md")
    assert demo.title == "Kennismaken met workshop"
    assert {q.kind for q in demo.questions} == set(REGISTRY)
    assert {s.layout for s in demo.slides} == set(deck.LAYOUTS)
    assert demo.profile and demo.consent


def test_slides_split_on_dashes_and_front_matter_sets_title():
    parsed = parse("---\ntitle: T\nlanguage: en\n---\n# A\n---\n# B\n\ntext\n")
    assert parsed.title == "T" and parsed.language == "en"
    assert [s.markdown.splitlines()[0] for s in parsed.slides] == ["# A", "# B"]
    assert [s.line for s in parsed.slides] == [5, 7]


def test_dashes_inside_a_fenced_block_do_not_split_a_slide():
    parsed = parse("# A\n\n```\n---\n```\n")
    assert len(parsed.slides) == 1


def test_question_text_comes_from_heading_and_id_from_text():
    parsed = parse("## Hoe ervaart u de samenwerking?\n```interaction\nkind: scale\n```\n")
    question = parsed.questions[0]
    assert question.text == "Hoe ervaart u de samenwerking?"
    assert question.id == "hoe-ervaart-u-de-samenwerking"
    assert question.settings["items"] == ["Hoe ervaart u de samenwerking?"]


def test_explicit_id_and_question_win():
    parsed = parse("## Kop\n```interaction\nkind: open\nid: mijn-vraag\nquestion: Iets anders?\n```\n")
    assert (parsed.questions[0].id, parsed.questions[0].text) == ("mijn-vraag", "Iets anders?")


def test_notes_are_kept_apart_from_the_slide():
    parsed = parse("# A\ntekst\nNotes:\nzeg dit\n")
    assert parsed.slides[0].markdown == "# A\ntekst"
    assert parsed.slides[0].notes == "zeg dit"


def test_unknown_kind_is_reported_at_its_line_with_a_suggestion():
    text = "# A\n---\n## B\n\n```interaction\nkind: choise\noptions: [a, b]\n```\n"
    assert errors_of(text) == ["x.md:6: onbekende soort vraag 'choise' (bedoel je 'choice'?)"]


def test_unknown_setting_is_reported_at_its_line():
    text = "## B\n```interaction\nkind: choice\noptions: [a, b]\nmultiple: true\nmaxx: 2\n```\n"
    assert errors_of(text) == ["x.md:6: onbekende instelling 'maxx' bij soort 'choice' (bedoel je 'max'?)"]


def test_yaml_syntax_error_is_mapped_to_the_file_line():
    text = "# A\n---\n## B\n```interaction\nkind: choice\noptions: [a, b\n```\n"
    (message,) = errors_of(text)
    assert message.startswith("x.md:6: YAML-fout in het interaction-blok: ")


def test_all_errors_are_reported_in_line_order():
    text = (
        "---\ntitel: x\n---\n## A\n```interaction\nkind: pol\n```\n---\n"
        "## B\n```interaction\nkind: choice\noptions: [een]\n```\n"
    )
    assert errors_of(text) == [
        "x.md:2: onbekende sleutel bovenaan: 'titel' (bedoel je 'title'?)",
        "x.md:6: onbekende soort vraag 'pol'",
        "x.md:12: 'options' heeft minstens 2 waarden nodig",
    ]


def test_duplicate_ids_are_refused():
    text = "## Vraag\n```interaction\nkind: open\n```\n---\n## Vraag\n```interaction\nkind: open\n```\n"
    assert errors_of(text) == [
        "x.md:8: vraag-id 'vraag' komt al voor (eerst op regel 3); geef een van beide een eigen 'id:'"
    ]


def test_duplicate_options_and_keys_are_refused():
    assert errors_of("## V\n```interaction\nkind: choice\noptions: [a, a]\n```\n") == [
        "x.md:4: 'options' noemt 'a' twee keer"
    ]
    assert errors_of("## V\n```interaction\nkind: open\nkind: open\n```\n") == [
        "x.md:4: het interaction-blok geeft 'kind' twee keer (eerst op regel 3)"
    ]


def test_scale_bounds_are_checked():
    assert errors_of("## V\n```interaction\nkind: scale\nmin: 5\nmax: 3\n```\n") == [
        "x.md:5: de schaal moet oplopen binnen 0..10, niet 5..3"
    ]


def test_unclosed_block_and_empty_deck():
    assert errors_of("## V\n```interaction\nkind: open\n") == [
        "x.md:2: het interaction-blok wordt nergens gesloten met ```"
    ]
    assert errors_of("\n\n") == ["x.md:1: het deck heeft geen dia's"]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DeckErrors) as caught:
        deck.load(tmp_path / "nope.md")
    assert str(caught.value) == f"{tmp_path / 'nope.md'}:0: bestand bestaat niet"


def test_snapshot_round_trips():
    parsed = deck.load("slides/demo.md")
    again = deck.Deck.from_dict(parsed.to_dict())
    assert again.to_dict() == parsed.to_dict()


def test_layouts_are_read_from_the_first_line():
    parsed = parse("layout: title\n# Deel 1\n---\nlayout: columns\n## Links\n|||\n## Rechts\n---\n"
                   "layout: statement\nHulpverlening is ook politiewerk.\n")
    assert [s.layout for s in parsed.slides] == ["title", "columns", "statement"]
    assert parsed.slides[0].markdown == "# Deel 1"
    assert parsed.slides[1].columns == ["## Links", "## Rechts"]
    assert parsed.slides[2].columns == ["Hulpverlening is ook politiewerk."]


def test_unknown_layout_and_columns_without_a_break_are_reported():
    assert errors_of("layout: colums\n# A\n---\nlayout: columns\n# B\n") == [
        "x.md:1: onbekende indeling 'colums' (bedoel je 'columns'?)",
        "x.md:5: een dia met 'columns' heeft tussen de kolommen een regel met alleen |||",
    ]


def test_theme_and_question_defaults_from_the_front_matter():
    parsed = parse("---\ntheme:\n  accent: '#AA3300'\n  font_scale: 1.2\ndefaults:\n  results: live\n"
                   "  moderation: post\n---\n## Bord\n```interaction\nkind: statements\nstatements: [a b c]\n```\n"
                   "---\n## Keuze\n```interaction\nkind: choice\noptions: [a, b]\nresults: hidden\n```\n")
    assert parsed.theme == {"accent": "#aa3300", "font_scale": 1.2}
    board, choice = parsed.questions
    assert board.settings["moderation"] == "post" and board.settings["results"] == "live"
    assert choice.settings["results"] == "hidden"  # a block's own setting wins over the deck's default


def test_theme_and_defaults_mistakes_are_reported():
    assert errors_of("---\ntheme:\n  accent: red\ndefaults:\n  moderaton: post\n---\n# A\n") == [
        "x.md:2: thema-instelling accent moet een kleur zijn zoals #0b5cad, niet 'red'",
        "x.md:4: onbekende instelling in 'defaults': 'moderaton' (bedoel je 'moderation'?)",
    ]
    assert errors_of("## V\n```interaction\nkind: open\nresults: soon\n```\n") == [
        "x.md:4: 'results' is 'hidden' (verborgen tot je ze toont) of 'live' (meteen te zien)"
    ]


def test_a_slide_is_named_by_its_question_heading_or_first_line():
    parsed = parse("# Welkom\n---\nlayout: statement\nHulpverlening is ook politiewerk.\n---\n"
                   "## V?\n```interaction\nkind: open\nquestion: Wat vind jij?\n```\n")
    assert [s.title for s in parsed.slides] == ["Welkom", "Hulpverlening is ook politiewerk.", "Wat vind jij?"]


BOMBS = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(("name", "line"), [("alias-bomb.md", 3), ("alias-bomb-kind.md", 5)])
def test_a_yaml_alias_bomb_is_refused_at_its_first_alias(name, line):
    # Eight nested anchors of nine aliases each would expand to 43 million items (gigabytes) when used.
    with pytest.raises(DeckErrors) as caught:
        deck.load(BOMBS / name)
    assert [str(e) for e in caught.value.errors] == [
        f"{BOMBS / name}:{line}: een verwijzing (*naam) kan niet in een deck: schrijf de waarde zelf uit"]


def test_aliases_are_refused_even_small_ones():
    assert errors_of("---\ndescription: &d Over\ntitle: *d\n---\n# A\n") == [
        "x.md:3: een verwijzing (*naam) kan niet in een deck: schrijf de waarde zelf uit"]


def test_a_title_or_kind_that_is_no_text_is_refused_at_its_line():
    from workshop.interactions import REGISTRY

    assert errors_of("---\ntitle: [a, b]\n---\n# A\n\n```interaction\nkind: {choice: 1}\n```\n") == [
        "x.md:2: 'title' moet een tekst zijn", f"x.md:7: 'kind' is één woord: {', '.join(sorted(REGISTRY))}"]
