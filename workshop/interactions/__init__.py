"""Interaction kinds: importing this package registers every kind in REGISTRY."""

from . import choice, open, scale  # noqa: F401  (registers the kinds)
from .base import REGISTRY, Chart, InvalidAnswer, Question, SpecError, kind_of

__all__ = ["REGISTRY", "Chart", "InvalidAnswer", "Question", "SpecError", "kind_of"]
