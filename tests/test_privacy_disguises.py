"""The privacy guard sees through disguises (invisible characters, look-alike letters, other digits, "(at)")
and still marks the text as typed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.folding import fold
from workshop.privacy import check

ZWSP, ZWJ, WJ, SHY, NBSP, NNBSP = "\u200b", "\u200d", "\u2060", "\u00ad", "\u00a0", "\u202f"

# (disguised text, kind it must be found as, the part of the text as typed that must be marked)
DISGUISES = [
    (f"bel 06{ZWSP}12345678", "phone", f"06{ZWSP}12345678"),
    ("bel ０６－１２３４５６７８", "phone", "０６－１２３４５６７８"),
    ("mail jan(at)politie.nl", "email", "jan(at)politie.nl"),
    (f"woont in 1234{NBSP}AB", "postcode", f"1234{NBSP}AB"),
    ("wat een k\u0430nker idee", "word", "k\u0430nker"),  # Cyrillic а
    ("mail jan[at]politie.nl", "email", "jan[at]politie.nl"),
    ("mail jan {at} politie {dot} nl", "email", "jan {at} politie {dot} nl"),
    ("mail jan at politie dot nl", "email", "jan at politie dot nl"),
    ("mail jan＠politie.nl", "email", "jan＠politie.nl"),  # full-width @
    ("bel 06\u201312345678", "phone", "06\u201312345678"),  # en dash
    ("bel 06\u2011 1234 5678", "phone", "06\u2011 1234 5678"),  # non-breaking hyphen
    (f"bel 06{SHY}12345678", "phone", f"06{SHY}12345678"),
    ("bel 06\u202a12345678\u202c nu", "phone", "06\u202a12345678"),  # bidi embedding
    (f"BSN 111{WJ}222{WJ}333", "bsn", f"111{WJ}222{WJ}333"),
    ("BSN １１１２２２３３３", "bsn", "１１１２２２３３３"),
    ("bel 𝟎𝟔𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "phone", "𝟎𝟔𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖"),  # mathematical digits
    ("bel ٠٦١٢٣٤٥٦٧٨", "phone", "٠٦١٢٣٤٥٦٧٨"),  # Arabic-Indic digits
    (f"woont in 1234{NNBSP}AB", "postcode", f"1234{NNBSP}AB"),
    ("woont in １２３４ＡＢ", "postcode", "１２３４ＡＢ"),
    (f"IBAN NL91{NBSP}ABNA{NBSP}0417{NBSP}1643{NBSP}00", "iban",
     f"NL91{NBSP}ABNA{NBSP}0417{NBSP}1643{NBSP}00"),
    ("auto 12\u2013ABC\u20133", "licence_plate", "12\u2013ABC\u20133"),
    (f"Meneer Jan de V{ZWSP}ries belde", "name", f"Meneer Jan de V{ZWSP}ries"),
    ("wat een K\u0410NKER idee", "word", "K\u0410NKER"),  # Cyrillic А
    ("Meneer J\u0430n de Vri\u0435s belde", "name", "Meneer J\u0430n de Vri\u0435s"),  # Cyrillic а and е
    (f"mail jan{ZWJ}@politie.nl", "email", f"jan{ZWJ}@politie.nl"),
    ("wat een idi\u03bfot", "word", "idi\u03bfot"),  # Greek ο
]


@pytest.mark.parametrize(("text", "kind", "span"), DISGUISES, ids=[repr(d[0]) for d in DISGUISES])
def test_each_disguise_is_seen_through_and_marked_as_typed(text, kind, span):
    assert [(f.kind, text[f.start : f.end]) for f in check(text)] == [(kind, span)]


def test_there_are_at_least_the_24_disguises_of_the_issue():
    assert len(DISGUISES) >= 24


def test_folding_maps_every_folded_character_back_into_the_typed_text():
    typed = f"a{ZWSP}b ﬁ e\u0301 ０"
    folded = fold(typed)
    assert folded.text == "ab fi é 0"
    assert folded.span(0, 2) == (0, 3)  # "ab" covers the zero-width space between them
    assert typed[slice(*folded.span(3, 5))] == "ﬁ"
    assert typed[slice(*folded.span(6, 7))] == "e\u0301"


def test_the_text_itself_is_not_changed_by_checking():
    typed = f"06{ZWSP}12345678"
    findings = check(typed)
    assert typed == f"06{ZWSP}12345678" and (findings[0].start, findings[0].end) == (0, 11)


def test_extra_words_are_folded_too():
    assert [f.kind for f in check("die rund", words=["ｒｕｎｄ"])] == ["word"]


@given(st.text())
def test_folded_spans_are_ordered_and_inside_the_typed_text(text):
    folded = fold(text)
    assert len(folded.starts) == len(folded.ends) == len(folded.text)
    assert all(0 <= s < e <= len(text) for s, e in zip(folded.starts, folded.ends, strict=True))
    assert list(folded.starts) == sorted(folded.starts)
