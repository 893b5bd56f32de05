"""Rounds in the store: a question asked again keeps every earlier round's answers, untouched."""

from workshop import store
from workshop.migrations import migrations


def ask(db, sid, question_id="domein"):
    store.set_question_status(db, sid, question_id, "open", None)


def close(db, sid, question_id="domein"):
    store.set_question_status(db, sid, question_id, "closed", None)


def rows(db, sid):
    return [(r["participant_id"], r["round"], r["value"], r["revision"])
            for r in db.query("select * from responses where session_id = ? order by id", [sid])]


def test_round_two_answers_are_kept_beside_round_one(db, session_row):
    sid = session_row["id"]
    first, _ = store.join_participant(db, sid, "h1")
    second, _ = store.join_participant(db, sid, "h2")
    ask(db, sid)
    assert store.save_response(db, sid, first, "domein", [0]) == 1
    assert store.save_response(db, sid, second, "domein", [1]) == 1
    close(db, sid)
    before = rows(db, sid)
    assert store.start_round(db, sid, "domein", None) == 2
    assert rows(db, sid) == before  # starting a round touches no answer
    assert store.question_state(db, sid, "domein")["round"] == 2
    assert store.question_state(db, sid, "domein")["status"] == "open"
    assert store.response_values(db, sid, "domein") == []  # the new round starts empty
    # The same participant answers again: a second row (round 2), the first one stays as it was.
    assert store.save_response(db, sid, first, "domein", [2]) == 1
    assert store.save_response(db, sid, first, "domein", [1]) == 2
    assert rows(db, sid) == [*before, (first, 2, "[1]", 2)]
    assert store.response_values(db, sid, "domein") == [[1]]
    assert store.response_values(db, sid, "domein", round_=1) == [[0], [1]]
    assert store.answers_of(db, sid, first) == {"domein": [1]}
    assert store.answers_of(db, sid, second) == {}
    assert store.earlier_answers_of(db, sid, second) == {"domein": {"round": 1, "value": [1]}}
    assert [p["id"] for p in store.item_people(db, sid, "domein", board=False, round_=1)] == [first, second]
    assert [e["data"] for e in store.events(db, sid) if e["type"] == "round_started"] == [
        {"question": "domein", "round": 2}]


def test_an_answer_meant_for_an_earlier_round_is_not_stored_in_the_new_one(db, session_row):
    sid = session_row["id"]
    pid, _ = store.join_participant(db, sid, "h1")
    ask(db, sid)
    store.start_round(db, sid, "domein", None)
    assert store.save_response(db, sid, pid, "domein", [0], round_=1) is None
    assert store.save_response(db, sid, pid, "domein", [0], round_=2) == 1
    assert rows(db, sid) == [(pid, 2, "[0]", 1)]


def test_a_resend_is_recognised_in_its_own_round_and_after_the_next_began(db, session_row):
    sid = session_row["id"]
    pid, _ = store.join_participant(db, sid, "h1")
    ask(db, sid)
    assert store.save_response(db, sid, pid, "domein", [0], client_id="a1") == 1
    assert store.save_response(db, sid, pid, "domein", [0], client_id="a1") == 1
    store.start_round(db, sid, "domein", None)
    # The round-1 answer sent again (a phone that was offline): recognised, not stored as a round-2 answer.
    assert store.save_response(db, sid, pid, "domein", [0], client_id="a1") == 1
    assert store.response_values(db, sid, "domein") == []
    assert store.save_response(db, sid, pid, "domein", [2], client_id="b1") == 1
    assert store.save_response(db, sid, pid, "domein", [2], client_id="b1") == 1
    assert rows(db, sid) == [(pid, 1, "[0]", 1), (pid, 2, "[2]", 1)]


def test_a_reset_deletes_only_the_current_round(db, session_row):
    sid = session_row["id"]
    pid, _ = store.join_participant(db, sid, "h1")
    ask(db, sid)
    store.save_response(db, sid, pid, "domein", [0])
    store.start_round(db, sid, "domein", None)
    store.save_response(db, sid, pid, "domein", [1])
    assert store.reset_responses(db, sid, "domein", None) == 1
    assert rows(db, sid) == [(pid, 1, "[0]", 1)]
    assert store.events(db, sid)[-1]["data"] == {"question": "domein", "deleted": 1, "round": 2}


def test_a_new_round_hides_results_and_forgets_the_first_close(db, session_row):
    sid = session_row["id"]
    ask(db, sid)
    store.set_results_visible(db, sid, "domein", True, None)
    store.set_share_results(db, sid, "domein", True, None)
    close(db, sid)
    assert store.question_state(db, sid, "domein")["first_closed_at"]
    store.start_round(db, sid, "domein", None)
    state = store.question_state(db, sid, "domein")
    assert (state["results_visible"], state["share_results"], state["first_closed_at"]) == (0, 0, None)


def test_the_self_paced_count_uses_the_current_round(db, session_row):
    sid = session_row["id"]
    pid, _ = store.join_participant(db, sid, "h1")
    ask(db, sid)
    store.save_response(db, sid, pid, "domein", [0])
    assert store.count_finished(db, sid, ["domein"]) == 1
    store.start_round(db, sid, "domein", None)
    assert store.count_finished(db, sid, ["domein"]) == 0


def test_answers_from_before_rounds_are_round_one(tmp_path):
    from sqlite_utils import Database

    db = Database(tmp_path / "old.db")
    steps = migrations._migrations
    rounds = next(i for i, step in enumerate(steps) if step.name == "m0020_answer_rounds")
    for step in steps[:rounds]:
        step.fn(db)
    db["sessions"].insert({"id": 1, "code": "X", "title": "t", "kind": "anders", "deck": "{}", "current_slide": 0,
                           "state": "live"})
    db["participants"].insert({"id": 1, "session_id": 1, "token_hash": "h"})
    db["question_states"].insert({"session_id": 1, "question_id": "q", "status": "closed", "results_visible": 0})
    db["responses"].insert({"session_id": 1, "participant_id": 1, "question_id": "q", "value": "[1]",
                            "revision": 1})
    steps[rounds].fn(db)  # the step on its own, as `init` applies it to an older file
    assert db.execute("select round from responses").fetchall() == [(1,)]
    assert db.execute("select round from question_states").fetchall() == [(1,)]
    assert store.response_values(db, 1, "q") == [[1]]
