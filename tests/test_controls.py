"""Facilitator controls beyond open/close: countdown, reset, results on phones, self-paced blocks."""

from datetime import UTC, datetime, timedelta

import pytest

from workshop import sessions, store
from workshop.live import FACILITATOR, PARTICIPANT, close_expired_questions

from .test_live import emit, events_named, show_question


def test_countdown_closes_the_question_by_itself(app, db, session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)
    ack = emit(screen, "open", {"code": code, "question_id": "domein", "seconds": 30}, FACILITATOR)
    assert 29 <= ack["state"]["closes_in"] <= 30
    assert events_named(client, "state", PARTICIPANT)[-1]["closes_in"] > 0
    assert emit(client, "respond", {"question_id": "domein", "value": 0})["ok"]

    later = (datetime.now(UTC) + timedelta(seconds=31)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert store.close_expired(db, at=later) == [(session_row["id"], "domein")]
    assert store.question_state(db, session_row["id"], "domein")["status"] == "closed"
    assert store.events(db, session_row["id"])[-1]["data"] == {"question": "domein", "by": "timer"}


def test_answer_after_the_countdown_is_refused_even_before_the_timer_runs(db, session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)
    emit(screen, "open", {"code": code, "question_id": "domein", "seconds": 5}, FACILITATOR)
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    db.execute("update question_states set closes_at = ?", [past])
    assert emit(client, "respond", {"question_id": "domein", "value": 0})["error"] == "deze vraag is gesloten"


def test_expired_questions_are_announced_to_phones(app, db, session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)
    emit(screen, "open", {"code": code, "question_id": "domein", "seconds": 5}, FACILITATOR)
    db.execute("update question_states set closes_at = '2000-01-01T00:00:00.000Z'")
    client.get_received(PARTICIPANT)
    with app.app_context():
        close_expired_questions()
    assert events_named(client, "state", PARTICIPANT)[-1]["status"] == "closed"


def test_countdown_bounds(session_row, presenter):
    screen = presenter(session_row["code"])
    ack = emit(screen, "open", {"code": session_row["code"], "question_id": "domein", "seconds": 2}, FACILITATOR)
    assert ack == {"ok": False, "error": "seconds must be from 5 to 3600"}


def test_reset_deletes_answers_logs_it_and_tells_phones(db, session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    show_question(screen, code, 1, "domein")
    emit(client, "respond", {"question_id": "domein", "value": 0})
    client.get_received(PARTICIPANT)
    ack = emit(screen, "reset", {"code": code, "question_id": "domein"}, FACILITATOR)
    assert ack["deleted"] == 1 and ack["state"]["responses"] == 0
    assert store.response_values(db, session_row["id"], "domein") == []
    assert store.events(db, session_row["id"])[-1]["type"] == "responses_reset"
    assert events_named(client, "reset", PARTICIPANT) == [{"question_id": "domein"}]


@pytest.mark.usefixtures("every_aggregate")
def test_results_reach_phones_only_when_shared_after_closing(session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    client = phone(code)
    show_question(screen, code, 1, "domein")
    emit(client, "respond", {"question_id": "domein", "value": 2})
    emit(screen, "close", {"code": code, "question_id": "domein"}, FACILITATOR)
    assert "result" not in events_named(client, "state", PARTICIPANT)[-1]
    emit(screen, "share", {"code": code, "question_id": "domein", "visible": True}, FACILITATOR)
    shared = events_named(client, "state", PARTICIPANT)[-1]
    assert [o["count"] for o in shared["result"]["options"]] == [0, 0, 1]


def test_self_paced_block_opens_its_questions_and_counts_finishers(db, session_row, phone, presenter):
    code = session_row["code"]
    screen = presenter(code)
    first, second = phone(code), phone(code)
    emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)
    ack = emit(screen, "pace", {"code": code, "mode": "self"}, FACILITATOR)
    assert ack["state"]["pacing"] == "self"
    assert ack["state"]["block"] == ["domein", "samenwerking", "verwachting"]
    state = events_named(first, "state", PARTICIPANT)[-1]
    assert state["mode"] == "self" and [q["status"] for q in state["questions"]] == ["open"] * 3
    for question_id, value in (("domein", 0), ("samenwerking", [3, 4]), ("verwachting", ["x"])):
        assert emit(first, "respond", {"question_id": question_id, "value": value})["ok"]
    emit(second, "respond", {"question_id": "domein", "value": 1})
    view = emit(screen, "watch", {"code": code}, FACILITATOR)["state"]
    assert view["finished"] == 1

    ack = emit(screen, "pace", {"code": code, "mode": "presenter"}, FACILITATOR)
    assert ack["state"]["pacing"] == "presenter"
    assert all(store.question_state(db, session_row["id"], q)["status"] == "closed"
               for q in ("domein", "samenwerking", "verwachting"))
    assert emit(second, "respond", {"question_id": "samenwerking", "value": [1, 1]})["ok"] is False


def test_self_paced_block_must_name_known_questions(session_row, presenter):
    screen = presenter(session_row["code"])
    ack = emit(screen, "pace", {"code": session_row["code"], "mode": "self", "question_ids": ["nope"]},
               FACILITATOR)
    assert ack == {"ok": False, "error": "een blok in zelfstandig tempo heeft bekende vraag-id's nodig"}
    ack = emit(screen, "pace", {"code": session_row["code"], "mode": "self"}, FACILITATOR)
    assert ack["ok"] is False  # slide 0 has no question, so there is no block to start


def test_question_run_stops_at_a_content_slide(db, session_row):
    row = store.session_by_id(db, session_row["id"])
    assert sessions.question_run(row) == []
    store.set_current_slide(db, row["id"], 2, None)
    assert sessions.question_run(store.session_by_id(db, row["id"])) == ["samenwerking", "verwachting"]


def test_live_results_show_on_the_projector_when_the_question_opens(db, presenter):
    from workshop import deck as decks

    row = sessions.start_session(db, decks.parse("## V\n```interaction\nkind: choice\nid: v\noptions: [a, b]\n"
                                                 "results: live\n```\n", "<deck>"), "anders", "X")
    screen = presenter(row["code"])
    ack = emit(screen, "open", {"code": row["code"], "question_id": "v"}, FACILITATOR)
    assert ack["state"]["results_visible"] is True


def test_self_paced_block_keeps_deck_questions_once_in_the_given_order(db, session_row):
    assert sessions.self_paced_block(session_row, ["verwachting", "domein", "verwachting"]) == [
        "verwachting", "domein"]
    with pytest.raises(sessions.SessionError):
        sessions.self_paced_block(session_row, [7])


def test_token_hashes_differ_per_session(db, session_row):
    other = dict(session_row, id=session_row["id"] + 1)
    assert sessions.token_hash(session_row, "a" * 32) != sessions.token_hash(other, "a" * 32)
    assert "a" * 32 not in sessions.token_hash(session_row, "a" * 32)
