"""The privacy guard: finds personal data and listed words in free text before it can reach a projector.

No Flask, no network. The text is folded first (folding.py: invisible characters out, NFKC, look-alike letters
and digits of other scripts folded), then checked by one small function per detector, listed in DETECTORS:
names, street addresses, dates of birth and ages come from deduce (deidentify.py), the numbers and codes from
our own patterns. Findings are reported in positions of the text as typed. docs/privacy-guard.md says what
each detector flags and why, and how well it does on the Dutch test set.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from . import deidentify
from .folding import fold
from .i18n_marker import N_


@dataclass(frozen=True)
class Finding:
    """One match: what it is, where it is in the checked text, and why it was flagged (Dutch)."""

    kind: str
    start: int
    end: int
    reason: str


DEFAULT_WORDS: frozenset[str] = frozenset(
    {
        # Dutch
        "kanker", "kankerlijer", "kankerhoer", "kut", "kutwijf", "kutzooi", "klote", "klootzak", "lul",
        "hoer", "hoerenjong", "tering", "teringlijer", "tyfus", "tyfuslijer", "pleuris", "godverdomme",
        "godver", "mongool", "debiel", "achterlijke", "idioot", "sukkel", "eikel", "rotzak", "slet", "teef",
        "flikker",
        # English
        "fuck", "fucking", "fucker", "motherfucker", "shit", "bullshit", "bitch", "bastard", "asshole",
        "cunt", "dick", "dickhead", "whore", "slut", "retard", "twat", "wanker", "moron",
    }
)

# A local part is required, so "@politie" alone is a mention, not an address. "(at)", "[at]", " at " and
# "(dot)", "[punt]", " dot " are the ways people write an address so that a filter does not see it.
_AT = r"(?:@|\s?[(\[{<]\s?(?:at|@|apenstaartje)\s?[)\]}>]\s?|\ (?:at|apenstaartje)\ )"
_DOT = r"(?:\.|\s?[(\[{<]\s?(?:dot|punt)\s?[)\]}>]\s?|\ (?:dot|punt)\ )"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]+{_AT}(?:[\w-]+{_DOT})+[a-z]{{2,}}(?![\w-])", re.IGNORECASE
)


def _digits(least: int, most: int | None = None) -> str:
    """A run of least..most digits with at most one space between two digits."""
    return rf"[0-9](?:\ ?[0-9]){{{least - 1},{(most or least) - 1}}}"


# Dutch numbers are 0 + nine digits, of which the area code (6 for mobiles) takes one to three; 0800/0900
# numbers have four to seven after the prefix. A dash, dot or ")" may follow the area code only, so dates
# such as 06-03-2024 and times never match.
_AREA_END = r"(?:\)?\ ?|\ ?-\ ?|\.)"
_PHONE = re.compile(
    r"(?<![\w+])(?<![0-9][.,/-])"
    r"(?:(?:\+31|0031)[ -]?(?:\(0\)[ -]?)?|\(?0)"
    rf"(?:(?:800|900|906|909){_AREA_END}{_digits(4, 7)}"
    rf"|6{_AREA_END}{_digits(8)}"
    rf"|[1-9][0-9]{_AREA_END}{_digits(7)}"
    rf"|[1-9][0-9]{{2}}{_AREA_END}{_digits(6)})"
    r"(?!\w|[.,/-][0-9])"
)

# Nine digits: together, in threes (dots or spaces), or 4-2-3 as printed on passports.
_BSN = re.compile(
    r"(?<![\w.,-])(?:[0-9]{9}|[0-9]{3}([ .])[0-9]{3}\1[0-9]{3}|[0-9]{4}([ .])[0-9]{2}\2[0-9]{3})"
    r"(?!\w|[.,-][0-9])"
)

# Capital letters only: "2023 en" is a year and a word. SA, SD and SS are never issued.
_POSTCODE = re.compile(
    r"(?<![\w-])(?:(?P<before>[0-9]{1,5}[a-zA-Z]?\s*,\s*))?"
    r"[1-9][0-9]{3}\ ?(?!SA|SD|SS)[A-Z]{2}(?!\w)"
    r"(?P<after>,?\ [0-9]{1,5}(?:\ ?[a-zA-Z](?![\w-])|-[0-9a-zA-Z]{1,4})?(?![\w-]))?"
)

# The sidecodes in use since 1951, written with their dashes (A = letter, 9 = digit).
_SIDECODES = (
    "AA-99-99", "99-99-AA", "99-AA-99", "AA-99-AA", "AA-AA-99", "99-AA-AA", "99-AAA-9", "9-AAA-99",
    "AA-999-A", "A-999-AA", "AAA-99-A", "A-99-AAA", "9-AA-999", "999-AA-9",
)


def _sidecode_pattern(sidecode: str) -> str:
    """The regex for one sidecode: runs of A become letters, runs of 9 become digits."""
    def group(run: re.Match[str]) -> str:
        return f"[{'A-Z' if run[0][0] == 'A' else '0-9'}]{{{len(run[0])}}}"

    return re.sub(r"A+|9+", group, sidecode)


_LICENCE_PLATE = re.compile(
    r"(?<![\w-])(?:" + "|".join(map(_sidecode_pattern, _SIDECODES)) + r")(?![\w-])", re.IGNORECASE
)

# Country code, two check digits and 11-30 letters or digits, plain or in groups of four.
_IBAN = re.compile(
    r"(?<!\w)[A-Z]{2}[0-9]{2}(?:\ ?[A-Z0-9]{4}){2,7}(?:\ ?[A-Z0-9]{1,3})?(?!\w)", re.IGNORECASE
)


def _emails(text: str) -> Iterator[Finding]:
    """E-mail addresses, including subdomains and plus-addressing."""
    for match in _EMAIL.finditer(text):
        yield Finding("email", match.start(), match.end(), N_("bevat een e-mailadres"))


# Numbers a meeting of police and care mentions as services, not people: police, Veilig Thuis, 113 Zelfmoord-
# preventie, Meld Misdaad Anoniem, the Kindertelefoon, the national crisis line for the elderly (Sensoor).
PUBLIC_NUMBERS = frozenset({"09008844", "08002000", "0800113", "08007000", "08000432", "09000767"})


def _phones(text: str) -> Iterator[Finding]:
    """Dutch mobile, landline and 0800/0900 numbers, national or with +31/0031, except public services'."""
    for match in _PHONE.finditer(text):
        if re.sub(r"[^0-9]", "", match[0]) not in PUBLIC_NUMBERS:
            yield Finding("phone", match.start(), match.end(), N_("bevat een telefoonnummer"))


def passes_eleven_test(digits: str) -> bool:
    """Whether nine digits pass the BSN eleven-test (the last digit weighs -1) and are not all zeros."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(weight * int(digit) for weight, digit in zip(weights, digits, strict=True))
    return total % 11 == 0 and digits != "000000000"


def _bsns(text: str) -> Iterator[Finding]:
    """Nine-digit numbers that pass the eleven-test."""
    for match in _BSN.finditer(text):
        if passes_eleven_test(re.sub(r"[ .]", "", match[0])):
            yield Finding("bsn", match.start(), match.end(), N_("bevat mogelijk een BSN"))


def _postcodes(text: str) -> Iterator[Finding]:
    """Postcodes (1234 AB), with the house number before (12, 3511 AB) or after (3511 AB 12a) if given."""
    for match in _POSTCODE.finditer(text):
        numbered = match["before"] or match["after"]
        reason = N_("bevat een postcode met huisnummer") if numbered else N_("bevat een postcode")
        yield Finding("postcode", match.start(), match.end(), reason)


def _licence_plates(text: str) -> Iterator[Finding]:
    """Dutch licence plates in any sidecode, written with dashes."""
    for match in _LICENCE_PLATE.finditer(text):
        yield Finding("licence_plate", match.start(), match.end(), N_("bevat een kenteken"))


def passes_mod97(iban: str) -> bool:
    """Whether an IBAN (no spaces) has a valid check: the rearranged number modulo 97 is 1."""
    # isascii: case-insensitive [A-Z] also matches the Kelvin sign, which int(..., 36) refuses.
    if len(iban) < 15 or not (iban.isascii() and iban.isalnum()):
        return False
    rearranged = (iban[4:] + iban[:4]).upper()
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _ibans(text: str) -> Iterator[Finding]:
    """IBANs of any country whose check digits are right."""
    for match in _IBAN.finditer(text):
        candidate = match[0]
        # A word after a spaced IBAN can pass for its last group; drop groups until the check holds.
        while not passes_mod97(candidate.replace(" ", "")) and " " in candidate:
            candidate = candidate.rsplit(" ", 1)[0]
        if passes_mod97(candidate.replace(" ", "")):
            yield Finding("iban", match.start(), match.start() + len(candidate), N_("bevat een IBAN"))


# A file number after the word that names it, or a bare run of seven or more digits (what deduce calls an id),
# unless it is an amount or a count.
_NUMBER_WORD = (
    r"(?:pati[eë]nt|cli[eë]nt|dossier|registratie|zaak|pv|bvh|proces-verbaal|melding|verwijs|ggz|bsn-?loos)"
    r"[\ -]?(?:nummer|nr\.?|no\.?)"
)
_PATIENT_NUMBER = re.compile(
    rf"\b{_NUMBER_WORD}[\ :.#]{{0,3}}(?P<id>[A-Z]{{0,4}}-?[0-9][0-9./-]{{3,}}[0-9A-Z]*)(?![\w-])"
    r"|(?<![\w.,€$-])(?P<bare>[0-9]{7,12})(?![\w.,-]|\ ?(?:euro|eur|€|%|mensen|inwoners|meldingen|keer)\b)",
    re.IGNORECASE,
)


def _patient_numbers(text: str) -> Iterator[Finding]:
    """Patient, client, file and case numbers after the word that names them, and bare runs of 7-12 digits."""
    for match in _PATIENT_NUMBER.finditer(text):
        group = "id" if match["id"] else "bare"
        yield Finding("patient_number", match.start(group), match.end(group),
                      N_("bevat een patiënt- of dossiernummer"))


# A date is personal data when it is a date of birth: after a word that says so, or long enough ago that it
# is no meeting date. A date alone (the next meeting, a law's start) is not.
_BIRTH_WORDS = re.compile(
    r"(?:\bgeb\b\.?|geboren|geboorte\w*|gebdat\w*|\bd\.?o\.?b\b\.?|°|\*)[\s:(]*(?:op\s+)?$", re.IGNORECASE
)
BIRTH_YEARS_AGO = 16


def _year(date: str) -> int | None:
    """The year of a date as written, first or last (two digits are this century if not in the future)."""
    match = re.search(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])", date) or re.search(r"[0-9]{2}$", date.strip())
    if not match:
        return None
    year = int(match[0])
    if len(match[0]) == 2:
        this_century = datetime.date.today().year // 100 * 100
        year += this_century if this_century + year <= datetime.date.today().year else this_century - 100
    return year


def _is_birth_date(text: str, start: int, end: int) -> bool:
    """Whether the date at start..end is said to be a date of birth or lies too long ago for a meeting."""
    if _BIRTH_WORDS.search(text[max(0, start - 30):start]):
        return True
    year = _year(text[start:end])
    return year is not None and year <= datetime.date.today().year - BIRTH_YEARS_AGO


# "tussen 18 en 25 jaar", "van 18 tot 25 jaar": a range of ages is a group, not a person.
_AGE_RANGE = re.compile(r"(?:tussen\s+[0-9]+\s+en|[0-9]+\s*(?:tot|-))\s*$", re.IGNORECASE)

# deduce skips an age after "de" ("de 17-jarige zoon"); "-jarige" describes a person, unless it is an
# anniversary or a collaboration.
_ANNIVERSARY = r"\ (?:samenwerking|bestaan|jubileum|geschiedenis|traditie|ervaring|contract)"
_JARIGE = re.compile(rf"(?<![\w-])[0-9]{{1,3}}-jarige(?!\w|{_ANNIVERSARY})", re.IGNORECASE)
_NOT_A_PERSON = re.compile(rf"[\ -]jarige?{_ANNIVERSARY}", re.IGNORECASE)

# Organisations a meeting names whose words are also surnames or first names in deduce's lists.
NOT_NAMES = (
    "rode kruis", "leger des heils", "veilig thuis", "openbaar ministerie", "politie & wetenschap",
    "zorg en veiligheid", "zorg & veiligheid", "raad voor de kinderbescherming", "de jonge honden",
)
_NOT_NAMES = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, NOT_NAMES)) + r")(?!\w)", re.IGNORECASE)


def _deduce_findings(text: str) -> Iterator[Finding]:
    """Names, street addresses with a house number, dates of birth and ages, as deduce finds them."""
    organisations = [match.span() for match in _NOT_NAMES.finditer(text)]
    for kind, start, end in deidentify.annotate(text):
        if kind == "name":
            if not any(low <= start and end <= high for low, high in organisations):
                yield Finding("name", start, end, N_("bevat een naam"))
        elif kind == "address":
            yield Finding("address", start, end, N_("bevat een adres"))
        elif kind == "date" and _is_birth_date(text, start, end):
            yield Finding("birth_date", start, end, N_("bevat een geboortedatum"))
        elif kind == "age" and not (_AGE_RANGE.search(text[max(0, start - 20):start])
                                    or _NOT_A_PERSON.match(text, end)):
            yield Finding("age", start, end, N_("bevat een leeftijd"))
    for match in _JARIGE.finditer(text):
        yield Finding("age", match.start(), match.end(), N_("bevat een leeftijd"))


@functools.lru_cache(maxsize=64)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """One regex for a word list, longest words first; None for an empty list."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _listed_words(text: str, words: frozenset[str]) -> Iterator[Finding]:
    """Whole words (case-insensitive) from the word list."""
    pattern = _word_pattern(words)
    for match in pattern.finditer(text) if pattern else ():
        yield Finding("word", match.start(), match.end(), N_("bevat een woord van de woordenlijst"))


# Where two findings start at the same place the longer wins; on equal spans, the earlier detector.
DETECTORS: list[Callable[[str], Iterable[Finding]]] = [
    _emails, _ibans, _phones, _bsns, _postcodes, _licence_plates, _patient_numbers,
]


def warm() -> None:
    """Load what the guard needs (deduce's name lists) now, at server start, not on the first answer."""
    deidentify.warm()


def check(text: str, words: Iterable[str] = ()) -> list[Finding]:
    """All findings in a text, sorted by start and not overlapping, in positions of the text as typed."""
    if isinstance(words, str):
        words = [words]
    # Folded before the test for empty: a word of invisible characters only (a byte-order mark before a
    # comment in a words file) would otherwise become an empty pattern, matching between any two spaces.
    word_list = frozenset(word for word in (fold(w).text.strip().lower() for w in words) if word) | DEFAULT_WORDS
    folded = fold(text)
    found = [f for detector in DETECTORS for f in detector(folded.text)]
    found += _listed_words(folded.text, word_list)
    # A pattern is surer than a name list: "Mail José.ÅS@ggz.nl" holds an address, not the name "Mail José".
    found += [f for f in _deduce_findings(folded.text)
              if f.kind != "name" or not any(f.start < g.end and g.start < f.end for g in found)]
    found.sort(key=lambda f: (f.start, f.start - f.end))  # stable: ties keep the detectors' order
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            if finding.end <= kept[-1].end:
                continue
            # "Oudegracht 112, 3511 AW": the postcode overlaps the address; mark the rest of it too.
            start = kept[-1].end
            while start < finding.end and not folded.text[start].isalnum():
                start += 1
            finding = replace(finding, start=start)
        kept.append(finding)
    return [replace(f, start=start, end=end) for f in kept for start, end in [folded.span(f.start, f.end)]]


def is_flagged(text: str, words: Iterable[str] = ()) -> bool:
    """Whether a text has anything the facilitator should see before it is shown."""
    return bool(check(text, words))


def segments(text: str, findings: Iterable[Finding | dict]) -> list[dict]:
    """The text cut into pieces, each marked whether a finding covers it (and why), for the moderation queue.

    Findings may be Finding objects or their stored form (dicts with start, end and reason).
    """
    spans = [f if isinstance(f, dict) else {"start": f.start, "end": f.end, "reason": f.reason} for f in findings]
    pieces: list[dict] = []
    position = 0
    for span in sorted(spans, key=lambda f: (f["start"], f["end"])):
        start, end = max(span["start"], position), min(span["end"], len(text))
        if start >= end:
            continue
        if start > position:
            pieces.append({"text": text[position:start], "flagged": False})
        pieces.append({"text": text[start:end], "flagged": True, "reason": span["reason"]})
        position = end
    if position < len(text):
        pieces.append({"text": text[position:], "flagged": False})
    return pieces


def highlight(text: str, findings: Iterable[Finding]) -> list[tuple[str, bool]]:
    """The text cut into (segment, is_finding) pieces, for rendering findings marked and escaped."""
    return [(piece["text"], piece["flagged"]) for piece in segments(text, findings)]


def flags(texts: list[str], words: Iterable[str] = ()) -> list[dict]:
    """Findings over several texts as JSON-ready dicts, each with `item`, the index of its text."""
    return [
        {"item": index, "kind": f.kind, "start": f.start, "end": f.end, "reason": f.reason}
        for index, text in enumerate(texts)
        for f in check(text, words)
    ]
