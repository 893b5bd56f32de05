"""Every text of a set of sessions that a researcher can code, each with a stable key. No Flask here.

A key names the text's place: "s<session>:<source>:<row id>:<item>", e.g. "s3:response:41:0" for the first
text of answer 41 in session 3. Open answers and word-cloud entries are answers (a word-cloud answer is one
text, its words joined); statements and Q&A questions are board texts; notes are the meeting's notes.
Texts the privacy guard holds (not approved) are left out, as everywhere they could be read.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from .. import sessions, store

# Board texts seeded by the deck are the researchers' own words, not something participants said.
CODED_BOARD_SOURCES = ("participant", "facilitator")


@dataclass(frozen=True)
class Text:
    """One codable text with where it came from."""

    key: str
    session_id: int
    session: str  # the session's title
    source: str  # open, wordcloud, statements, qa, note
    question_id: str
    question: str
    text: str
    participant_id: int | None
    groups: tuple[tuple[str, str], ...] = ()  # (profile question id, the participant's group label)

    def group(self, profile_id: str) -> str | None:
        """The participant's group for one profile question, or None (notes, no answer)."""
        return dict(self.groups).get(profile_id)


def _groups(deck, profile: dict) -> tuple[tuple[str, str], ...]:
    found = []
    for question in deck.profile:
        index = profile.get(question["id"])
        if isinstance(index, int) and 0 <= index < len(question["options"]):
            found.append((question["id"], question["options"][index]))
    return tuple(found)


def session_texts(db: Database, session: dict) -> list[Text]:
    """The codable texts of one session, in the order they were given."""
    deck = sessions.deck_of(session)
    found = store.coding_sources(db, session["id"])
    texts: list[Text] = []
    sid, title = session["id"], session["title"]
    for row in found["responses"]:
        question = deck.question(row["question_id"])
        if question is None or question.kind not in ("open", "wordcloud"):
            continue
        value = row["value"] if isinstance(row["value"], list) else [row["value"]]
        items = [", ".join(value)] if question.kind == "wordcloud" else value
        for item, text in enumerate(items):
            if isinstance(text, str) and text.strip():
                texts.append(Text(f"s{sid}:response:{row['id']}:{item}", sid, title, question.kind,
                                  question.id, question.text, text, row["participant_id"],
                                  _groups(deck, row["profile"])))
    for row in found["submissions"]:
        question = deck.question(row["question_id"])
        if question is None or row["source"] not in CODED_BOARD_SOURCES:
            continue
        texts.append(Text(f"s{sid}:submission:{row['id']}:0", sid, title, question.kind, question.id,
                          question.text, row["text"], row["participant_id"], _groups(deck, row["profile"])))
    for row in found["notes"]:
        question = deck.question(row["question_id"]) if row["question_id"] else None
        texts.append(Text(f"s{sid}:note:{row['id']}:0", sid, title, "note", row["question_id"] or "",
                          question.text if question else "", row["text"], None))
    return texts


def codebook_texts(db: Database, session_ids: list[int]) -> list[Text]:
    """The codable texts of every session of a codebook, session by session."""
    texts: list[Text] = []
    for session_id in session_ids:
        session = store.session_by_id(db, session_id)
        if session is not None:
            texts.extend(session_texts(db, session))
    return texts
