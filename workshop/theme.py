"""A deck's look on the projector: colours, a logo, a font size scale (front matter `theme:`). No Flask here."""

from __future__ import annotations

import re
from typing import Any

from .i18n_marker import N_, Message

COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
COLOURS = ("accent", "background", "text")
KEYS = (*COLOURS, "logo", "font_scale")


class ThemeError(Message, ValueError):
    """A mistake in a deck's theme: a Dutch template and its values, translated where it is shown."""


def parse(raw: Any) -> dict[str, Any]:
    """Check a deck's `theme` and return it normalised."""
    if not isinstance(raw, dict):
        raise ThemeError(N_("'theme' kent accent, background, text (kleuren zoals #0b5cad), logo en "
                            "font_scale"))
    theme: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS:
            raise ThemeError(N_("onbekende thema-instelling '{key}' (een van {keys})"), key=key,
                             keys=", ".join(KEYS))
        if key in COLOURS:
            if not isinstance(value, str) or not COLOUR.match(value):
                raise ThemeError(N_("thema-instelling {key} moet een kleur zijn zoals #0b5cad, niet {value}"),
                                 key=key, value=repr(value))
            theme[key] = value.lower()
        elif key == "font_scale":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.6 <= value <= 2.0:
                raise ThemeError(N_("thema-instelling font_scale moet een getal van 0.6 tot en met 2.0 zijn"))
            theme[key] = float(value)
        else:
            if not isinstance(value, str) or not value.strip():
                raise ThemeError(N_("thema-instelling logo moet de naam van een afbeelding in de map van het "
                                    "deck zijn"))
            theme[key] = value.strip()
    return theme
