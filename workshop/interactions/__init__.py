"""Interaction kinds: every module in this package is imported here, which registers its kind in REGISTRY.

Adding a kind is adding a module (plus its phone and projector script in static/js/kinds/); nothing else.
"""

import importlib
import pkgutil

from .base import REGISTRY, Chart, InvalidAnswer, Question, SpecError, decimal_comma, kind_of

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "Chart", "InvalidAnswer", "Question", "SpecError", "decimal_comma", "kind_of"]
