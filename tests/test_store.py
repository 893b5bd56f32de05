"""The store: answers replaced not doubled, refused when closed, events logged."""

from workshop import store


def open_question(db, session_row, question_id="domein"):
    store.set_question_status(db, session_row["id"], question_id, "open", None)


def test_second_answer_replaces_first(db, session_row):
    sid = session_row["id"]
    pid, new = store.join_participant(db, sid, "h1")
    assert new
    open_question(db, session_row)
    assert store.save_response(db, sid, pid, "domein", [0]) == 1
    assert store.save_response(db, sid, pid, "domein", [2]) == 2
    assert store.response_values(db, sid, "domein") == [[2]]
    assert store.answers_of(db, sid, pid) == {"domein": [2]}


def test_answer_to_a_question_that_is_not_open_is_not_stored(db, session_row):
    sid = session_row["id"]
    pid, _ = store.join_participant(db, sid, "h1")
    assert store.save_response(db, sid, pid, "domein", [0]) is None
    open_question(db, session_row)
    store.set_question_status(db, sid, "domein", "closed", None)
    assert store.save_response(db, sid, pid, "domein", [0]) is None
    assert store.response_values(db, sid, "domein") == []


def test_same_token_joins_as_same_participant(db, session_row):
    first, _ = store.join_participant(db, session_row["id"], "h1")
    again, new = store.join_participant(db, session_row["id"], "h1")
    assert (again, new) == (first, False)
    assert store.count_participants(db, session_row["id"]) == 1


def test_facilitator_actions_are_logged(db, session_row):
    sid = session_row["id"]
    open_question(db, session_row)
    store.set_results_visible(db, sid, "domein", True, None)
    store.set_current_slide(db, sid, 2, None)
    store.set_question_status(db, sid, "domein", "closed", None)
    types = [e["type"] for e in store.events(db, sid)]
    assert types == ["session_started", "question_opened", "results_shown", "slide_shown", "question_closed"]
    assert store.events(db, sid)[1]["data"] == {"question": "domein"}


def test_schema_is_migrated_once(app, db):
    from workshop.db import init

    init(app.config["DATABASE"]).close()
    names = [row["name"] for row in db["_sqlite_migrations"].rows]
    from workshop.migrations import migrations

    # Every step recorded once, in the order the module declares them, the first ones as they always were.
    assert names == [step.name for step in migrations._migrations]
    assert names[:9] == ["m0001_initial", "m0002_controls", "m0003_submissions", "m0004_profiles", "m0005_notes",
                         "m0006_answer_ids", "m0007_board_sort", "m0008_retention", "m0009_admins"]
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_database_of_the_first_schema_upgrades_without_loss(tmp_path):
    from workshop import deck as decks
    from workshop import sessions
    from workshop.db import connect, init
    from workshop.migrations import migrations

    path = str(tmp_path / "old.db")
    old = connect(path)
    migrations.apply(old, stop_before="m0002_controls")
    old["sessions"].insert({"code": "ABCDEF", "title": "Oud", "kind": "gemeente", "place": "Zeist",
                            "date": "2021-03-01", "deck": decks.parse("# A\n").to_dict().__repr__(),
                            "current_slide": 0, "state": "live", "created_at": "2021-03-01T10:00:00.000Z"})
    old.close()
    upgraded = init(path)
    row = store.session_by_code(upgraded, "ABCDEF")
    assert (row["title"], row["pacing"], row["block"]) == ("Oud", "presenter", None)
    assert sessions.block_of(row) == []
