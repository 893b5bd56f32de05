"""A deck's look on the projector: colours, a logo, a font size scale (front matter `theme:`). No Flask here."""

from __future__ import annotations

import re
from typing import Any

COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
COLOURS = ("accent", "background", "text")
KEYS = (*COLOURS, "logo", "font_scale")


class ThemeError(ValueError):
    """A mistake in a deck's theme."""


def parse(raw: Any) -> dict[str, Any]:
    """Check a deck's `theme` and return it normalised."""
    if not isinstance(raw, dict):
        raise ThemeError("'theme' takes accent, background, text (colours like #0b5cad), logo and font_scale")
    theme: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS:
            raise ThemeError(f"unknown theme setting '{key}' (one of {', '.join(KEYS)})")
        if key in COLOURS:
            if not isinstance(value, str) or not COLOUR.match(value):
                raise ThemeError(f"theme {key} must be a colour like #0b5cad, not {value!r}")
            theme[key] = value.lower()
        elif key == "font_scale":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.6 <= value <= 2.0:
                raise ThemeError("theme font_scale must be a number from 0.6 to 2.0")
            theme[key] = float(value)
        else:
            if not isinstance(value, str) or not value.strip():
                raise ThemeError("theme logo must be the name of an image file in the deck's folder")
            theme[key] = value.strip()
    return theme
