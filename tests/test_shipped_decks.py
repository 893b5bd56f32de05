"""Each shipped deck runs end to end in a session: every slide shown, every question opened and answered."""

import random
from pathlib import Path

import pytest

from workshop import deck as decks
from workshop import sessions
from workshop.live import FACILITATOR, PARTICIPANT
from workshop.simulate import ANSWERS, VOTES

from .test_live import emit, events_named

SLIDES = Path(__file__).resolve().parent.parent / "slides"


@pytest.mark.parametrize("name", sorted(p.name for p in SLIDES.glob("*.md")))
def test_a_shipped_deck_runs_end_to_end(db, phone, presenter, flush, name):
    parsed = decks.load(SLIDES / name)
    row = sessions.start_session(db, parsed, "gemeente", "Utrecht", "2026-11-29")
    screen = presenter(row["code"])
    rng = random.Random(7)
    client = phone(row["code"])
    if client.join_ack["needs"]:
        profile = {p["id"]: 0 for p in parsed.profile}
        assert emit(client, "profile", {"answers": profile, "consent": True})["ok"]
    answered = 0
    for slide in parsed.slides:
        assert emit(screen, "goto", {"code": row["code"], "slide": slide.index}, FACILITATOR)["ok"]
        if slide.question is None:
            continue
        assert emit(screen, "open", {"code": row["code"], "question_id": slide.question.id}, FACILITATOR)["ok"]
        state = events_named(client, "state", PARTICIPANT)[-1]
        assert state["question"]["id"] == slide.question.id and state["status"] == "open"
        assert state["round"] == slide.round  # a slide that asks a question again opens its next round
        if slide.question.kind in VOTES:
            for submission_id, vote in VOTES[slide.question.kind](state["items"], rng):
                assert emit(client, "vote", {"submission_id": submission_id, "vote": vote})["ok"]
            if slide.question.settings.get("submit", True) and slide.question.settings.get("per_participant", 1):
                ack = emit(client, "submit", {"question_id": slide.question.id, "text": "Een eigen tekst hier"})
                assert ack["ok"], ack
        else:
            if slide.question.kind == "ideas":  # ideas first, approved where moderated; then the vote opens
                for text in ("Samen oefenen in de wijk", "Eén telefoonnummer voor alles"):
                    sent = emit(client, "submit", {"question_id": slide.question.id, "text": text})
                    assert sent["ok"], sent
                    assert emit(screen, "moderate", {"code": row["code"], "submission_id": sent["submission"]["id"],
                                                     "action": "approve"}, FACILITATOR)["ok"]
                opened = emit(screen, "ideas_phase", {"code": row["code"], "question_id": slide.question.id,
                                                      "phase": "vote"}, FACILITATOR)
                assert opened["ok"], opened
                state = events_named(client, "state", PARTICIPANT)[-1]
            value = ANSWERS[slide.question.kind](state["question"]["settings"], rng)
            ack = emit(client, "respond", {"question_id": slide.question.id, "value": value})
            assert ack["ok"], (slide.question.id, value, ack)
        answered += 1
        assert emit(screen, "close", {"code": row["code"], "question_id": slide.question.id}, FACILITATOR)["ok"]
    assert answered == len([s for s in parsed.slides if s.question]) >= len(parsed.questions) > 0
    flush()
