"""Small helpers the kind tests share: build a question from deck settings, read a refusal, emit with an ack."""

from __future__ import annotations

import pytest

from workshop.interactions import REGISTRY, InvalidAnswer, Question
from workshop.live import PARTICIPANT


def make_question(kind: str, text: str = "V?", question_id: str = "v", **spec) -> Question:
    """A question of a kind, its settings parsed as the deck parser would."""
    settings = REGISTRY[kind].parse({"kind": kind, "question": text, **spec})
    return Question(id=question_id, kind=kind, text=text, settings=settings)


def refused(question: Question, value) -> str:
    """The reason a kind gives for refusing an answer (fails when it accepts it)."""
    with pytest.raises(InvalidAnswer) as caught:
        REGISTRY[question.kind].validate(question, value)
    return str(caught.value)


def emit(client, event, payload, namespace=PARTICIPANT):
    """Send an event from a Socket.IO test client and return its ack."""
    return client.emit(event, payload, namespace=namespace, callback=True)
