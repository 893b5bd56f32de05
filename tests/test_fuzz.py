"""Property tests: no payload makes a handler raise or store a malformed row; no deck text breaks the parser."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import deck as decks
from workshop import sessions, store
from workshop.interactions import REGISTRY
from workshop.live import FACILITATOR

from .test_live import emit, show_question

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)
field_names = st.sampled_from(["code", "token", "question_id", "value", "answer_id", "text", "submission_id",
                               "vote", "answers", "consent", "slide", "visible", "seconds", "mode", "by", "x"])
payloads = json_values | st.dictionaries(field_names, json_values, max_size=5)
question_ids = st.sampled_from(["domein", "samenwerking", "verwachting", "nope"])

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def valid_rows(db, session_id):
    deck = sessions.deck_of(store.session_by_id(db, session_id))
    for question in deck.questions:
        kind = REGISTRY[question.kind]
        for value in store.response_values(db, session_id, question.id, shown_only=False):
            assert kind.validate(question, value) == value  # stored answers are normalised and valid


@FUZZ
@given(event=st.sampled_from(["join", "respond", "submit", "vote", "profile"]), payload=payloads,
       question_id=question_ids, value=json_values)
def test_participant_events_never_raise(db, session_row, phone, presenter, event, payload, question_id, value):
    code = session_row["code"]
    screen = presenter(code)
    show_question(screen, code, 1, "domein")
    emit(screen, "open", {"code": code, "question_id": "samenwerking"}, FACILITATOR)
    emit(screen, "open", {"code": code, "question_id": "verwachting"}, FACILITATOR)
    client = phone(code)
    for data in (payload, {"question_id": question_id, "value": value}):
        ack = emit(client, event, data)
        assert isinstance(ack, dict) and isinstance(ack["ok"], bool)
        assert ack["ok"] or isinstance(ack["error"], str)
    valid_rows(db, session_row["id"])


@FUZZ
@given(event=st.sampled_from(["watch", "goto", "open", "close", "results", "share", "reset", "pace", "split",
                              "note", "moderate", "review", "add", "focus", "answered", "sort"]), payload=payloads)
def test_facilitator_events_never_raise(session_row, presenter, event, payload):
    screen = presenter(session_row["code"])
    if isinstance(payload, dict):
        payload = {**payload, "code": session_row["code"]}
    ack = emit(screen, event, payload, FACILITATOR)
    assert isinstance(ack, dict) and isinstance(ack["ok"], bool)
    json.dumps(ack)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*"-`#:\n abc[]{}'\"|>*~\t", "kind: ", "choice", "scale", "interaction",
                                  "options: ", "---\n", "```", "```interaction\n", "\n  - ", "id: ", "max: 9"]),
                max_size=80).map("".join))
def test_deck_parser_never_raises_anything_but_deck_errors(text):
    try:
        decks.parse(text, "fuzz.md")
    except decks.DeckErrors as errors:
        assert all(str(e).startswith("fuzz.md:") for e in errors.errors)
