"""Dutch by default, English on request: catalogue, locale choice, socket acks, the scripts' catalogue, dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from workshop import deck as decks
from workshop import sessions
from workshop.i18n import js_messages
from workshop.live import PARTICIPANT, socketio

CATALOGUE = Path(__file__).parents[1] / "workshop" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def catalog_json(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="workshop-i18n">(.*?)</script>', page, re.DOTALL)
    return json.loads(found.group(1))


def test_english_catalogue_translates_every_message():
    with CATALOGUE.open("rb") as source:
        catalog = read_po(source)
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not untranslated
    for message in catalog:  # the same placeholders on both sides, or formatting fails for English only
        if message.id:
            assert sorted(re.findall(r"\{\w+\}|%\(\w+\)s", message.id)) == sorted(
                re.findall(r"\{\w+\}|%\(\w+\)s", message.string)), message.id


def test_english_catalogue_is_compiled():
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        assert read_mo(compiled)["Meedoen"].string == "Join"


def test_pages_are_dutch_by_default(client, session_row):
    for path in ("/", "/login", f"/j/{session_row['code']}"):
        page = client.get(path).text
        assert '<html lang="nl">' in page
    assert catalog_json(client.get(f"/j/{session_row['code']}").text) == {}  # identity: Dutch is the source
    assert "Meedoen" in client.get("/").text


def test_lang_parameter_switches_to_english_and_is_remembered(client, session_row):
    page = client.get("/?lang=en").text
    assert '<html lang="en">' in page and "Type the code you see on the screen" in page
    assert "Log in for facilitators" in client.get("/login").text
    phone_page = client.get(f"/j/{session_row['code']}").text
    assert '<html lang="en">' in phone_page and "Your answers are anonymous" in phone_page
    assert "Meedoen" in client.get("/?lang=nl").text


def test_language_switch_links_both_languages(client):
    page = client.get("/login").text
    assert 'href="/login?lang=en"' in page and 'href="/login?lang=nl"' in page


def test_english_deck_gives_an_english_phone_page(client, db):
    row = sessions.start_session(db, decks.parse("---\nlanguage: en\n---\n# Hello\n", "en.md"), "anders", "X")
    page = client.get(f"/j/{row['code']}").text
    assert '<html lang="en">' in page and "Please wait: the next question" in page
    assert '<html lang="nl">' in client.get(f"/j/{row['code']}?lang=nl").text


def test_english_page_embeds_the_scripts_catalogue(client, session_row):
    catalog = catalog_json(client.get(f"/j/{session_row['code']}?lang=en").text)
    assert catalog["Je antwoord is opgeslagen."] == "Your answer has been saved."
    assert catalog["bevat een e-mailadres"] == "contains an email address"
    assert set(catalog) <= set(js_messages())


def test_scripts_texts_are_found_for_the_catalogue():
    messages = js_messages()
    assert "Vraag {number} van {count} · {done} beantwoord" in messages  # participant.js
    assert "Kies hoogstens {max} antwoorden." in messages  # kinds/choice.js
    assert "dia {number}" in messages  # control.js
    # Calls inside a template string's `${...}` (parse_template_string, as in babel.cfg).
    assert {"staat op het bord", "gem. plaats {rank}", "{count} van {n}"} <= set(messages)


def join(app, code: str, token: str, language: str | None = None):
    client = socketio.test_client(app, namespace=PARTICIPANT)
    payload = {"code": code, "token": token, **({"language": language} if language else {})}
    assert client.emit("join", payload, namespace=PARTICIPANT, callback=True)["ok"]
    return client


def refusal(client, value) -> str:
    ack = client.emit("respond", {"question_id": "domein", "value": value}, namespace=PARTICIPANT, callback=True)
    assert ack["ok"] is False
    return ack["error"]


def test_split_note_keeps_the_exports_dutch_text_and_its_template_for_pages(app):
    from workshop import profiles
    from workshop.i18n import translate

    _, note = profiles.suppress([{"label": "Politie", "n": 6}, {"label": "Zeg ik liever niet", "n": 2}], 5)
    assert note == "Groepen kleiner dan 5 zijn samengevoegd in 'Overig' (Politie, Zeg ik liever niet)."
    assert note.values == {"k": 5, "other": "Overig", "names": ["Politie", "Zeg ik liever niet"]}
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()  # the comparison page translates the note's message
        assert translate(note.message) == (
            "Groups smaller than 5 are merged into 'Overig' (Politie, Zeg ik liever niet).")


def test_pages_that_show_split_labels_carry_their_translations(logged_in, client, session_row):
    """The labels and note the server adds to a split (or a profile form) are in the scripts' catalogue."""
    from workshop import profiles

    code = session_row["code"]
    for page in (logged_in.get(f"/f/s/{code}/control?lang=en"), logged_in.get(f"/f/s/{code}/present?lang=en"),
                 client.get(f"/j/{code}?lang=en")):
        english = catalog_json(page.text)
        assert english[profiles.MERGED] == "Groups smaller than {k} are merged into '{other}' ({names})."
        assert english[profiles.TOO_FEW] == "Fewer than {k} participants: breakdown not shown."
        assert [english[label] for label in (profiles.OTHER, profiles.UNKNOWN, profiles.PREFER_NOT)] == [
            "Other", "Unknown", "I'd rather not say"]
        # Only these are translated as labels: a deck's option "Gesloten" stays, though scripts say it too.
        labels = re.search(r'<script type="application/json" id="workshop-labels">(.*?)</script>', page.text)
        assert json.loads(labels.group(1)) == list(profiles.SPLIT_TEXTS)
    assert catalog_json(logged_in.get(f"/f/s/{code}/control?lang=nl").text) == {}


def test_a_slide_without_a_name_is_called_slide_n_in_the_interface_language(logged_in, db):
    untitled = decks.parse("Notes:\nalleen notities\n---\n# B\n", "d.md")
    row = sessions.start_session(db, untitled, "anders", "X")
    assert sessions.deck_of(row).slides[0].title == "dia 1"  # what the deck and the exports call it
    session_page = logged_in.get(f"/f/s/{row['code']}").text
    note_taker = re.search(r'value="http://localhost(/n/[^"]+)"', session_page).group(1)
    logged_in.post(note_taker, data={"text": "Stil moment", "author": "An"})
    assert "<strong>dia 1: dia 1</strong>" in logged_in.get(note_taker + "?lang=nl").text
    english = logged_in.get(note_taker + "?lang=en").text
    assert "<strong>slide 1: slide 1</strong>" in english and "· slide 1: slide 1 · An</p>" in english


def test_refused_answer_speaks_the_language_the_phone_joined_with(app, session_row, presenter):
    code = session_row["code"]
    screen = presenter(code)
    assert screen.emit("goto", {"code": code, "slide": 1}, namespace="/facilitator", callback=True)["ok"]
    assert screen.emit("open", {"code": code, "question_id": "domein"}, namespace="/facilitator", callback=True)["ok"]
    english, dutch = join(app, code, "e" * 32, "en"), join(app, code, "d" * 32)
    assert refusal(english, 7) == "This answer does not belong to the question."
    assert refusal(dutch, 7) == "Dit antwoord hoort niet bij de vraag."


def test_refused_answer_with_values_is_filled_in_after_translation(app):
    from workshop.i18n import translate
    from workshop.interactions import InvalidAnswer

    error = InvalidAnswer("Kies hoogstens {max} antwoorden.", max=2)
    assert str(error) == "Kies hoogstens 2 antwoorden."
    with app.test_request_context("/"):
        assert translate(error) == "Kies hoogstens 2 antwoorden."
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        assert translate(error) == "Choose at most 2 answers."


def test_profile_mistakes_in_a_deck_are_translated_like_the_parsers_own(app):
    from workshop.i18n import translate

    with pytest.raises(decks.DeckErrors) as caught:
        decks.parse("---\nprofile:\n  - id: domein\n    question: D?\n    options: [A]\n---\n# a\n", "p.md")
    (error,) = caught.value.errors
    assert str(error) == "p.md:2: profielvraag 'domein' heeft minstens 2 'options' nodig"
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        assert translate(error) == "profile question 'domein' needs at least 2 'options'"


def test_kind_theme_and_picture_mistakes_are_dutch_and_translated_for_english_pages(app):
    from workshop.i18n import translate

    text = ("---\ntheme:\n  font_scale: 9\n---\n# A\n\n![x](kaart.pdf)\n---\n"
            "## V\n```interaction\nkind: scale\nmin: 5\nmax: 3\n```\n")
    with pytest.raises(decks.DeckErrors) as caught:
        decks.parse(text, "t.md")
    assert [str(e) for e in caught.value.errors] == [
        "t.md:2: thema-instelling font_scale moet een getal van 0.6 tot en met 2.0 zijn",
        "t.md:7: afbeelding 'kaart.pdf' is geen plaatje (gebruik .png, .jpg, .jpeg, .gif, .svg, .webp)",
        "t.md:13: de schaal moet oplopen binnen 0..10, niet 5..3",
    ]
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        assert [translate(e) for e in caught.value.errors] == [
            "theme font_scale must be a number from 0.6 to 2.0",
            "image 'kaart.pdf' is not a picture (use .png, .jpg, .jpeg, .gif, .svg, .webp)",
            "the scale must run upwards within 0..10, not 5..3",
        ]


def test_unsupported_join_language_is_ignored(app, session_row):
    client = join(app, session_row["code"], "f" * 32, "fr")
    assert refusal(client, 7) == "Dit antwoord hoort niet bij de vraag."


def test_dates_are_written_for_the_interface_language(logged_in, session_row):
    assert "29 november 2026" in logged_in.get("/f/").text
    assert "November 29, 2026" in logged_in.get("/f/?lang=en").text


def test_facilitator_pages_speak_english_on_request(logged_in, session_row):
    code = session_row["code"]
    dashboard = logged_in.get("/f/?lang=en").text
    assert "New session" in dashboard and "Start session" in dashboard and "Nieuwe sessie" not in dashboard
    page = logged_in.get(f"/f/s/{code}").text
    assert "Projector view" in page and "Delete permanently" in page and "Definitief verwijderen" not in page
    assert "Nieuwe sessie" in logged_in.get("/f/?lang=nl").text


def test_session_page_names_meeting_kind_statuses_and_note_taker_in_the_interface_language(logged_in, db,
                                                                                          session_row):
    from workshop import store

    store.set_question_status(db, session_row["id"], "domein", "open", None)
    store.set_question_status(db, session_row["id"], "samenwerking", "open", None)
    store.set_question_status(db, session_row["id"], "samenwerking", "closed", None)
    page = f"/f/s/{session_row['code']}"
    note_taker = re.search(r'value="http://localhost(/n/[^"]+)"', logged_in.get(page).text).group(1)
    logged_in.post(note_taker, data={"text": "Goed begin", "author": ""})
    assert [n["author"] for n in store.notes(db, session_row["id"])] == ["notulist"]  # as the exports show it
    dutch = logged_in.get(page).text
    assert "<p>gemeente · Utrecht" in dutch and "· notulist:</span> Goed begin" in dutch
    statuses = re.compile(r'<td class="question-kind">([^<]+)</td><td>([^<]+)</td>')
    assert [status for _, status in statuses.findall(dutch)] == ["Open", "Gesloten", "Nog niet geopend"]
    assert "Meerkeuze" in [kind for kind, _ in statuses.findall(dutch)]  # kinds by name, not by their ids
    english = logged_in.get(page + "?lang=en").text
    assert "<p>municipal · Utrecht" in english and "· note-taker:</span> Goed begin" in english
    assert [status for _, status in statuses.findall(english)] == ["Open", "Closed", "Not opened yet"]
    assert "Multiple choice" in [kind for kind, _ in statuses.findall(english)]
    assert '<option value="gemeente">municipal</option>' in logged_in.get("/f/").text
    assert "· note-taker</p>" in logged_in.get(note_taker).text


def test_control_view_and_projector_speak_english_on_request(logged_in, session_row):
    code = session_row["code"]
    control = logged_in.get(f"/f/s/{code}/control?lang=en").text
    assert "Open question" in control and "Save note" in control and "Vraag openen" not in control
    assert catalog_json(control)["Resultaten verbergen"] == "Hide results"  # control.js
    projector = logged_in.get(f"/f/s/{code}/present").text
    assert "Join at" in projector and "QR code to join" in projector and "Doe mee op" not in projector
    assert catalog_json(projector)["Stem nu op je telefoon"] == "Vote now on your phone"  # present.js


def test_flash_messages_follow_the_language(logged_in, session_row):
    page = logged_in.post("/f/sessions?lang=en", data={"deck": "nope.md"}, follow_redirects=True).text
    assert "Choose a valid deck." in page
    page = logged_in.post("/f/sessions?lang=nl", data={"deck": "nope.md"}, follow_redirects=True).text
    assert "Kies een geldig deck." in page
