"""How often each code occurs, per session and per group, with the five-person rule. No Flask here.

A code counts the participants who said something coded with it (a participant with two such texts counts
once), out of the participants who gave any codable text: "6 of 20 (30%)". A text has a code when any coder
applied it (resolve disagreements first: docs/coding.md). A session or a group with fewer than k such
participants is not shown (None), the same rule as every other aggregate. Notes are not anyone's answers:
they are counted apart, as notes.
"""

from __future__ import annotations

from ..numbers import share
from .texts import Text


def _count(texts: list[Text], coded: dict[str, set[int]], codes: list[dict], k: int) -> dict:
    people = {t.participant_id for t in texts if t.participant_id is not None}
    result = {"n": len(people), "codes": {}}
    if len(people) < k:
        result["suppressed"] = True
        return result
    for code in codes:
        with_code = {t.participant_id for t in texts if t.participant_id is not None
                     and code["id"] in coded.get(t.key, set())}
        result["codes"][code["id"]] = {"count": len(with_code), "share": share(len(with_code), len(people))}
    return result


def per_session(texts: list[Text], coded: dict[str, set[int]], codes: list[dict], k: int) -> list[dict]:
    """Per session: its n and each code's count and share; None-free, suppressed sessions marked."""
    sessions: dict[int, list[Text]] = {}
    for text in texts:
        sessions.setdefault(text.session_id, []).append(text)
    rows = []
    for session_id, found in sessions.items():
        notes = [t for t in found if t.source == "note"]
        row = {"session_id": session_id, "session": found[0].session, **_count(found, coded, codes, k)}
        row["notes"] = {code["id"]: sum(code["id"] in coded.get(t.key, set()) for t in notes) for code in codes}
        rows.append(row)
    return rows


def per_group(texts: list[Text], coded: dict[str, set[int]], codes: list[dict], profile_id: str, k: int
              ) -> list[dict]:
    """Per group of a profile question (across the sessions given): n and each code's count and share."""
    groups: dict[str, list[Text]] = {}
    for text in texts:
        label = text.group(profile_id)
        if label is not None:
            groups.setdefault(label, []).append(text)
    return [{"group": label, **_count(found, coded, codes, k)} for label, found in sorted(groups.items())]


def coded_texts(codings: list[dict]) -> dict[str, set[int]]:
    """Text key -> the codes any coder applied to it."""
    found: dict[str, set[int]] = {}
    for row in codings:
        found.setdefault(row["text_key"], set()).add(row["code_id"])
    return found
