"""Names, street addresses, dates and ages in Dutch text, found by deduce (Dutch clinical de-identification).

deduce ships lookup lists of Dutch first names, surnames, streets, places and care institutions. Its default
start-up loads all of them (about 10 s and 1 GB here, after a one-off build of 80 s that writes into the
installed package). The guard needs only the name lists and deduce's patterns: street names are found by their
ending (-straat, -laan, -gracht ...) with a house number, and places and institutions are what a meeting talks
about, not personal data. So this module builds deduce with the small lists only: about 1 s and 60 MB, once
per process, nothing written to disk, no network. It uses deduce's loader functions, hence the exact version
pin.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
import re
from collections.abc import Iterator
from importlib import resources

# deduce's annotators the guard does not use: places and institutions are not personal data; phone numbers,
# e-mail, BSN, postcodes and long numbers are the guard's own detectors (which also see through disguises).
UNUSED_ANNOTATORS = (
    "placename", "street_lookup", "hospital", "institution", "url", "bsn", "phone", "email", "identifier",
    "postal_code", "postbus",
)

# deduce's tags (after its own merging) and the guard's kinds.
KINDS = {"persoon": "name", "locatie": "address", "datum": "date", "leeftijd": "age"}


def _import_deduce():
    """Import deduce without the DEBUG logging to stdout that it switches on for the whole process."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import deduce  # noqa: F401 - imported for its side effect, which is undone here

    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@functools.cache
def _deduce():
    """The deduce pipeline with the name lists only (built once per process)."""
    _import_deduce()
    import docdeid as dd
    from deduce import lookup_struct_loader as loaders
    from deduce.data.lookup.src import all_lists
    from deduce.deduce import _LOOKUP_LIST_PATH, Deduce, _DeduceProcessorLoader
    from deduce.lookup_structs import load_raw_itemsets

    class NamesOnly(Deduce):
        """Deduce without the street, place and institution lookups."""

        def __init__(self) -> None:  # replaces Deduce's loader, which loads every list
            dd.DocDeid.__init__(self)
            config = dict(self._initialize_config(load_base_config=True, user_config=None))
            config["annotators"] = {
                name: spec for name, spec in config["annotators"].items() if name not in UNUSED_ANNOTATORS
            }
            self.config = config
            tokenizer = self._initialize_tokenizer(_LOOKUP_LIST_PATH)
            self.tokenizers = {"default": tokenizer}
            wanted = [name for name in all_lists if name.startswith(("names/", "whitelist/"))]
            raw = load_raw_itemsets(base_path=_LOOKUP_LIST_PATH, subdirs=wanted)
            structs = dd.ds.DsCollection()
            for name in ("initial", "interfix_surname"):
                structs[name] = dd.ds.LookupSet()
                structs[name].add_items_from_iterable(raw[name])
            structs["prefix"] = loaders.load_prefix_lookup(raw)
            structs["interfix"] = loaders.load_interfix_lookup(raw)
            structs["whitelist"] = loaders.load_whitelist_lookup(raw)
            structs["first_name"] = loaders.load_first_name_lookup(raw, tokenizer)
            structs["surname"] = loaders.load_surname_lookup(raw, tokenizer)
            structs["eponymous_disease"] = loaders.load_eponymous_disease_lookup(raw, tokenizer)
            self.lookup_structs = structs
            self.processors = _DeduceProcessorLoader().load(
                config=self.config, extras={"tokenizer": tokenizer, "ds": structs}
            )

    return NamesOnly()


@functools.cache
def place_names() -> frozenset[str]:
    """Dutch place and municipality names (lower case), from deduce's lists."""
    _import_deduce()
    from deduce.deduce import _LOOKUP_LIST_PATH
    from deduce.lookup_structs import load_raw_itemsets

    raw = load_raw_itemsets(base_path=_LOOKUP_LIST_PATH, subdirs=["locations/lst_placename"])
    return frozenset(name.lower() for name in raw["placename"])


# How often a word must occur in pyspellchecker's Dutch frequency list (from subtitles) to count as an
# everyday word: "mooi", "winter", "burgemeester", "baas", "koning" do; the surnames "bakker", "visser" and
# the first names "kim", "bas" do not.
COMMON_WORD_COUNT = 2000


@functools.cache
def common_words() -> frozenset[str]:
    """Everyday Dutch words (lower case), from pyspellchecker's Dutch word frequencies."""
    with resources.as_file(resources.files("spellchecker") / "resources" / "nl.json.gz") as path:
        counts = json.loads(gzip.decompress(path.read_bytes()))
    return frozenset(word for word, count in counts.items() if count >= COMMON_WORD_COUNT)


def warm() -> None:
    """Build deduce now (at server start), so the first answer does not wait for it."""
    _deduce()
    place_names()
    common_words()


# "burgemeester van Deventer", "in Den Haag", "De Bilt": many Dutch places are surnames too (Vianen,
# IJsselstein), and deduce, without its place list, reads them as names. Meetings name places all the time.
_PLACE = re.compile(r"(?P<preposition>(?:van|uit|in)\s+)?(?P<place>.+)", re.IGNORECASE)


def _is_place(span: str) -> bool:
    """Whether a span deduce calls a name is a place (`van Deventer`, `in Den Haag`, `Vianen`).

    A capital `Van Deventer` stays a name: that is how a surname starts a sentence.
    """
    match = _PLACE.fullmatch(span)
    if not match or span.startswith("Van "):
        return False
    place = match["place"].lower()
    return place in place_names() or place.removeprefix("de ").removeprefix("den ") in place_names()


def _is_capitalised_word(text: str, start: int, span: str) -> bool:
    """Whether a one-word name is an everyday word with the capital of a sentence's start (`Mooi`, `Winter`).

    Phones capitalise the first letter, and deduce reads a capital as a sign of a name; word-cloud words and
    short answers are one such word. After a title or an initial, or inside a sentence, a name stays a name.
    """
    at_start = not text[:start].strip() or text[:start].rstrip()[-1] in ".!?:;"
    return at_start and " " not in span and span.lower() in common_words()


def annotate(text: str) -> Iterator[tuple[str, int, int]]:
    """deduce's names, street addresses, dates and ages in a text, as (kind, start, end)."""
    for annotation in _deduce().deidentify(text).annotations:
        kind = KINDS.get(annotation.tag)
        if kind is None or (kind == "name" and (_is_place(annotation.text) or _is_capitalised_word(
                text, annotation.start_char, annotation.text))):
            continue
        yield kind, annotation.start_char, annotation.end_char
