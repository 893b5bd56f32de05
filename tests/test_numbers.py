"""One rounding rule for every figure a reader sees (workshop/numbers.py)."""

from workshop.numbers import decimal_comma, round_half_up, share


def test_halves_round_up_as_a_spreadsheet_does():
    assert round(21.25, 1) == 21.2  # what Python's round() does, and why it is not used
    assert round_half_up(21.25, 1) == 21.3
    assert round_half_up(2.5) == 3
    assert round_half_up(0.125, 2) == 0.13
    assert round_half_up(-2.5) == -3


def test_share_is_a_rounded_percentage_and_none_of_nothing():
    assert share(1, 8) == 13  # 12.5 -> 13
    assert share(1, 8, 1) == 12.5
    assert share(17, 80, 1) == 21.3  # 21.25
    assert share(3, 0) is None


def test_decimal_comma_rounds_half_up():
    assert decimal_comma(21.25) == "21,3"
    assert decimal_comma(3.45, 1) == "3,5"
    assert decimal_comma(None) == "–"
