"""Exports of a session: summary decks and data tables. No Flask here."""
