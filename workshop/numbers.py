"""One way to round and write numbers on every screen and in every export (docs/data.md). No Flask here.

Halves round away from zero, as a spreadsheet's ROUND does: 21.25 -> 21.3, 2.5 -> 3. Python's round() rounds
halves to even and works on the binary value (round(21.25, 1) == 21.2), so it is never used for figures
that readers see.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, digits: int = 0) -> float:
    """`value` rounded to `digits` decimals, halves away from zero (21.25 -> 21.3)."""
    exponent = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP))


def share(part: float, whole: float, digits: int = 0) -> float | None:
    """`part` as a percentage of `whole`, rounded half up; None when there is nothing to divide by."""
    return round_half_up(100.0 * part / whole, digits) if whole else None


def decimal_comma(value: float | None, digits: int = 1) -> str:
    """A number as Dutch readers write it (3,4), rounded half up; a dash for None."""
    if value is None:
        return "–"
    return f"{round_half_up(value, digits):.{digits}f}".replace(".", ",")
