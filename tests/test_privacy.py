"""The privacy guard: each detector's hits and near-misses, the word list, highlighting, and odd input."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.privacy import DEFAULT_WORDS, Finding, check, highlight, is_flagged, passes_eleven_test


def found(text: str, words=()) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in check(text, words)]


def kinds(text: str) -> set[str]:
    return {f.kind for f in check(text)}


@pytest.mark.parametrize(
    "address",
    ["jan@politie.nl", "j.de.vries@mail.politie.nl", "jan+workshop@gmail.com", "José.ÅS@ggz.example.org"],
)
def test_email_addresses_are_found_whole(address):
    assert found(f"Mail {address}, graag.") == [("email", address)]


@pytest.mark.parametrize("text", ["Vraag het @politie", "@politie.nl", "jan@localhost", "a @ b.nl"])
def test_mentions_and_half_addresses_are_not_emails(text):
    assert "email" not in kinds(text)


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678", "06 1234 5678", "0612345678", "06 12 34 56 78", "+31 6 12345678", "+31612345678",
        "0031 6 12345678", "+31 (0)6 12345678", "030-1234567", "020 123 4567", "030 - 123 45 67",
        "0318-123456", "(030) 123 4567", "+31 30 123 4567", "0800-1234", "0900 1234", "0900-1234567",
    ],
)
def test_dutch_phone_numbers_are_found_whole(number):
    assert found(f"Bel {number} even.") == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "in 2023 en 2024", "12345 meldingen", "1234567 euro", "op 12-03-2024", "op 06-03-2024 om 10:30",
        "om 09:30 uur", "45% minder", "112 bellen", "3511 AB", "0612345678901", "06-1234567",
        "+32 6 12345678", "versie 0.612345678",
    ],
)
def test_years_counts_dates_times_and_short_numbers_are_not_phones(text):
    assert "phone" not in kinds(text)


def test_two_phone_numbers_in_one_sentence_are_found_apart():
    assert found("06 12345678 of 020 123 4567") == [("phone", "06 12345678"), ("phone", "020 123 4567")]


@pytest.mark.parametrize(
    "bsn", ["111222333", "123456782", "123.456.782", "123 456 782", "1234 56 782", "1234.56.782"]
)
def test_numbers_passing_the_eleven_test_are_possible_bsns(bsn):
    finding = check(f"Zijn BSN is {bsn}.")
    assert [(f.kind, f.reason) for f in finding] == [("bsn", "bevat mogelijk een BSN")]


@pytest.mark.parametrize(
    "text", ["123456789", "000000000", "1234567820", "12345678", "123.456.789", "12-34-56-782"]
)
def test_numbers_failing_the_eleven_test_or_of_another_length_are_not_bsns(text):
    assert "bsn" not in kinds(text)


def test_eleven_test_weighs_the_last_digit_negative():
    assert passes_eleven_test("123456782") and not passes_eleven_test("123456789")
    assert not passes_eleven_test("000000000")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("woont op 3511 AB 12 bij", "3511 AB 12"),
        ("woont op 3511AB 12a bij", "3511AB 12a"),
        ("in 12, 3511 AB Utrecht", "12, 3511 AB"),
        ("3511 AB, 12-2 hoog", "3511 AB, 12-2"),
    ],
)
def test_postcode_with_house_number_is_found_with_the_number(text, span):
    assert [(f.kind, text[f.start : f.end], f.reason) for f in check(text)] == [
        ("postcode", span, "bevat een postcode met huisnummer")
    ]


def test_street_address_and_postcode_are_both_marked():
    text = "Oudegracht 12, 3511 AB Utrecht"
    assert [(f.kind, text[f.start : f.end]) for f in check(text)] == [
        ("address", "Oudegracht 12"), ("postcode", "3511 AB")
    ]


def test_postcode_alone_is_flagged_as_it_narrows_to_a_street():
    assert [(f.kind, f.reason) for f in check("ergens in 3511 AB")] == [("postcode", "bevat een postcode")]


@pytest.mark.parametrize(
    "text", ["1234 SA 12", "1234 SD", "3511 SS 1", "0123 AB 12", "in 2023 en later", "3511 ab 12"]
)
def test_unissued_letters_leading_zero_and_lower_case_are_not_postcodes(text):
    assert "postcode" not in kinds(text)


@pytest.mark.parametrize(
    "plate",
    [
        "12-ABC-3", "AB-123-C", "1-ABC-23", "XX-99-99", "99-XX-99", "99-99-XX", "AB-12-CD", "GBB-12-T",
        "K-12-BBB", "9-XX-999", "999-XX-9", "gbb-12-t",
    ],
)
def test_licence_plates_with_dashes_are_found(plate):
    assert found(f"De auto ({plate}) stond er.") == [("licence_plate", plate)]


@pytest.mark.parametrize(
    "text",
    ["GBB12T", "12ABC3", "covid-19", "12-03-2024", "A-B-C", "T-shirt", "ABC-1234-X", "AB-12-CD-3", "in 2023"],
)
def test_words_years_and_undashed_plates_are_not_licence_plates(text):
    assert "licence_plate" not in kinds(text)


@pytest.mark.parametrize(
    "iban",
    ["NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "nl91abna0417164300", "DE89 3704 0044 0532 0130 00",
     "BE68539007547034", "GB82WEST12345698765432"],
)
def test_ibans_with_a_valid_check_are_found(iban):
    assert found(f"Maak over naar {iban} voor vrijdag.") == [("iban", iban)]


@pytest.mark.parametrize(
    "text", ["NL92ABNA0417164300", "NL91 ABNA 0417 1643 01", "DE88370400440532013000", "NL91ABNA"]
)
def test_ibans_with_a_wrong_check_are_not_found(text):
    assert "iban" not in kinds(text)


def test_default_word_list_matches_whole_words_in_any_case():
    assert found("Wat een KANKER idee, kut!") == [("word", "KANKER"), ("word", "kut")]
    assert found("kanker-zooi") == [("word", "kanker")]


def test_words_inside_longer_words_are_not_flagged():
    assert check("kankerbestrijding en catering in de kuthoek, Dickens, shitake") == []


def test_extra_words_are_added_to_the_defaults():
    assert found("die Bolle is een rund, shit", words=["rund", " BOLLE "]) == [
        ("word", "Bolle"), ("word", "rund"), ("word", "shit")
    ]
    assert found("éénling", words=["éénling"]) == [("word", "éénling")]


def test_a_single_string_is_one_extra_word_not_letters():
    assert found("rund of r", words="rund") == [("word", "rund")]


def test_a_listed_word_of_invisible_characters_only_matches_nothing():
    # A words file saved with a byte-order mark before its first comment gives the word "\ufeff".
    assert check("hallo , daar!", words=["\ufeff", "\u200b"]) == []


def test_default_words_are_a_short_lowercase_list():
    assert 30 <= len(DEFAULT_WORDS) <= 60
    assert all(word == word.lower().strip() and word for word in DEFAULT_WORDS)


def test_findings_are_sorted_and_each_has_a_dutch_reason():
    text = "Kut, mail jan@x.nl of bel 0612345678, IBAN NL91ABNA0417164300, auto 12-ABC-3, BSN 111222333."
    findings = check(text)
    assert [f.kind for f in findings] == ["word", "email", "phone", "iban", "licence_plate", "bsn"]
    assert [f.reason for f in findings] == [
        "bevat een woord van de woordenlijst", "bevat een e-mailadres", "bevat een telefoonnummer",
        "bevat een IBAN", "bevat een kenteken", "bevat mogelijk een BSN",
    ]


def test_overlapping_findings_keep_the_longest():
    assert found("shit@politie.nl") == [("email", "shit@politie.nl")]
    assert found("+31 612345678") == [("phone", "+31 612345678")]


def test_is_flagged_says_whether_anything_was_found():
    assert is_flagged("bel 06-12345678")
    assert is_flagged("wat een rund", words=["rund"])
    assert not is_flagged("In 2023 kregen we 12345 meldingen, 45% meer dan op 12-03-2022 om 10:30.")


def test_highlight_splits_text_into_marked_and_plain_pieces():
    text = "bel 06-12345678 of mail a@b.nl"
    assert highlight(text, check(text)) == [
        ("bel ", False), ("06-12345678", True), (" of mail ", False), ("a@b.nl", True)
    ]
    assert highlight("niets", []) == [("niets", False)]
    assert highlight("", []) == []


def test_highlight_tolerates_overlapping_and_out_of_range_findings():
    findings = [Finding("word", 2, 6, "r"), Finding("word", 0, 4, "r"), Finding("word", 8, 99, "r")]
    assert highlight("abcdefghij", findings) == [("abcd", True), ("ef", True), ("gh", False), ("ij", True)]


noisy_text = st.text(alphabet=st.sampled_from("0123456789 -.,+()@:%ABCDNLSXabcéK\u212a\u017f\n")) | st.text()


@given(noisy_text, st.lists(st.text(), max_size=3))
def test_check_never_raises_and_returns_ordered_spans_inside_the_text(text, words):
    findings = check(text, words)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:]))
    assert "".join(piece for piece, _ in highlight(text, findings)) == text
