"""The privacy guard's names, street addresses, dates of birth, ages and file numbers (deduce and our own
patterns), the meeting's own places and organisations left alone, and its quality on the Dutch test set."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.privacy import check, is_flagged

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import privacy_eval  # the evaluation script reads the same test set


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in check(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Meneer Jan de Vries belde weer", "Meneer Jan de Vries"),
        ("cliënt K. Jansen wil niet", "K. Jansen"),
        ("dhr. P. van den Berg woont alleen", "dhr. P. van den Berg"),
        ("Ik heb Fatima Yilmaz doorverwezen", "Fatima Yilmaz"),
        ("Mevrouw Bakker wil geen hulp", "Mevrouw Bakker"),
        ("Volgens dr. Smit is er geen crisis", "dr. Smit"),
    ],
)
def test_names_with_titles_and_initials_are_found(text, name):
    assert found(text) == [("name", name)]


@pytest.mark.parametrize(
    ("text", "address"),
    [("Hij woont op de Dorpsstraat 3 in Hengelo", "Dorpsstraat 3"),
     ("op de Lindenlaan 44b", "Lindenlaan 44b"), ("woont Oudegracht 112", "Oudegracht 112")],
)
def test_street_with_house_number_is_an_address(text, address):
    assert found(text) == [("address", address)]


@pytest.mark.parametrize(
    ("text", "date"),
    [("geb. 12-03-1980", "12-03-1980"), ("geboren op 3 mei 1975", "3 mei 1975"),
     ("Geboortedatum: 01-02-2015", "01-02-2015"), ("(geb. 9-4-03)", "9-4-03"),
     ("geboren 1980-03-12", "1980-03-12")],
)
def test_a_date_after_a_birth_word_is_a_date_of_birth(text, date):
    assert found(text) == [("birth_date", date)]


def test_a_full_date_long_ago_is_taken_for_a_date_of_birth():
    assert found("sinds 14-07-1992 bekend") == [("birth_date", "14-07-1992")]


def test_a_recent_date_alone_is_not_personal_data():
    this_year = datetime.date.today().year
    for text in (f"Bijeenkomst op 12 maart {this_year}", f"Evaluatie op 15-04-{this_year - 1}",
                 f"Overleg op {this_year}-11-29", f"Overleg {this_year - 2}-03-02",
                 "Het convenant is op 1 januari 2023 ingegaan", "Volgende sessie: 5 juni om 14:00"):
        assert check(text) == [], text


@pytest.mark.parametrize(("text", "age"), [("een 45-jarige man", "45-jarige"), ("Dirk (67 jaar) woont", "67"),
                                           ("De 17-jarige zoon", "17-jarige")])
def test_ages_of_a_person_are_found(text, age):
    assert ("age", age) in found(text)


@pytest.mark.parametrize("text", ["Na 20 jaar in dienst", "Hij is al 3 jaar dakloos",
                                  "mensen tussen 18 en 25 jaar", "het 10-jarige bestaan van het team"])
def test_durations_and_age_ranges_are_not_ages(text):
    assert check(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [("patiëntnummer 7712345", "7712345"), ("Cliëntnummer: 20231187", "20231187"),
     ("Dossiernummer PV2023-0456 loopt", "PV2023-0456"), ("zaaknummer 2023-118734", "2023-118734"),
     ("het gaat om 1187654 bij de crisisdienst", "1187654")],
)
def test_file_numbers_after_their_word_and_long_bare_numbers_are_found(text, number):
    assert found(text) == [("patient_number", number)]


@pytest.mark.parametrize("text", ["1500000 euro subsidie", "12345 meldingen", "in 2023 en 2024"])
def test_amounts_counts_and_years_are_not_file_numbers(text):
    assert check(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "korte lijnen met de wijkagent", "GGZ is 's avonds slecht bereikbaar", "het wijkteam weet vaak meer",
        "Eenheid Oost-Nederland werkt hier al jaren mee", "De burgemeester van Deventer wil een eigen aanpak",
        "In Den Haag is er een speciaal team", "Het sociaal team in Vianen werkt goed",
        "Gemeente De Bilt en gemeente Utrechtse Heuvelrug werken samen", "In Nieuwegein en IJsselstein",
        "Het Rode Kruis helpt in de winter", "Tactus en Iriszorg zien dezelfde cliënten",
        "Meldingen komen binnen via 0900-8844", "Veilig Thuis: 0800-2000",
    ],
)
def test_places_organisations_and_public_numbers_of_the_meeting_are_not_held(text):
    assert check(text) == []


def test_a_surname_that_is_also_a_place_is_a_name_with_a_first_name_or_title():
    assert found("Jan van Deventer belde") == [("name", "Jan van Deventer")]
    assert found("Mevrouw Vianen belde") == [("name", "Mevrouw Vianen")]


@pytest.mark.parametrize("text", ["Mooi", "Winter", "Burgemeester", "Baas in eigen buurt", "Koning klant",
                                  "Goed gesprek. Zomer is drukker"])
def test_an_everyday_word_with_the_capital_of_a_sentence_start_is_not_a_name(text):
    assert check(text) == []


@pytest.mark.parametrize(("text", "name"), [("Visser belde weer", "Visser"), ("Kim belt altijd terug", "Kim"),
                                            ("Mevrouw Roos belde", "Mevrouw Roos"), ("Ik sprak Koning", "Koning")])
def test_a_surname_at_a_sentence_start_or_an_everyday_word_after_a_title_stays_a_name(text, name):
    assert found(text) == [("name", name)]


def test_deduce_logging_stays_off_the_servers_output():
    script = ("import logging\nfrom workshop import privacy\nprivacy.warm()\nroot = logging.getLogger()\n"
              "print(root.handlers, logging.getLevelName(root.level))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            check=False, cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout == "[] WARNING\n", result.stdout + result.stderr


def test_the_test_set_is_large_and_its_marks_are_known_kinds():
    samples = privacy_eval.load()
    assert len(samples) >= 200
    assert {kind for s in samples for kind, _, _ in s.marks} == set(privacy_eval.KINDS)
    assert sum(1 for s in samples if not s.marks) >= 100


def test_on_the_test_set_the_guard_holds_nearly_every_identifier_and_few_meeting_texts():
    samples = privacy_eval.load()
    result = privacy_eval.score(samples, privacy_eval.guard_now)
    marked = sum(result["marked"].values())
    assert sum(result["covered"].values()) / marked >= 0.95
    ordinary = [s.section for s in samples if not s.marks]
    held = sum(result["held"][section] for section in set(ordinary))
    assert held / len(ordinary) <= 0.03
    assert is_flagged("cliënt K. Jansen, geb. 12-03-1980, Kerkstraat 12")


def test_the_guard_loads_and_checks_with_no_network():
    script = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('network used')\n"
        "socket.socket.connect = socket.socket.connect_ex = socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from workshop import privacy\n"
        "privacy.warm()\n"
        "print([f.kind for f in privacy.check('Meneer Jan de Vries, geb. 12-03-1980')])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            check=False, cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.strip() == "['name', 'birth_date']", result.stdout + result.stderr
