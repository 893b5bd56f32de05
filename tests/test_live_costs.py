"""What keeps answers cheap and quick under load (benchmarks/RESULTS.md): pooled connections, one cookie
decode per socket, no repeated readiness queries, views paced by a gap, no needless write locks, writes
through the batching writer, screens capped, exports off the event loop, garbage collection out of bursts."""

import sqlite3

import pytest
from flask.sessions import SecureCookieSessionInterface

from workshop import create_app, store
from workshop.db import Pool, connect, get_db
from workshop.live import FACILITATOR, live
from workshop.live.core import LiveState

from .test_live import emit, events_named, show_question


def test_the_pool_lends_a_connection_again_and_closes_one_left_in_a_transaction(tmp_path):
    pool = Pool(str(tmp_path / "pool.db"), size=1)
    first = pool.take()
    pool.give(first)
    assert pool.take() is first and pool.opened == 1
    first.conn.execute("BEGIN")  # an event that failed half-way through a write
    pool.give(first)
    second = pool.take()
    assert second is not first and pool.opened == 2
    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("select 1")  # closed, not lent out again
    third = pool.take()
    pool.give(second)
    pool.give(third)  # more than `size`: closed
    assert pool.idle == [second]
    with pytest.raises(sqlite3.ProgrammingError):
        third.execute("select 1")
    pool.close()


def test_the_gevent_server_reuses_connections_between_requests(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "g.db"), "SECRET_KEY": "t",
                      "ASYNC_MODE": "gevent", "BATCH_WRITES": False, "RESULTS_LOOP": False})
    pool = app.extensions["workshop.db_pool"]
    for _ in range(3):
        with app.app_context():
            get_db().execute("select 1")
    assert pool.opened == 1
    pool.close()


def test_the_session_cookie_is_decoded_once_per_socket_not_per_event(session_row, phone, presenter,
                                                                     monkeypatch):
    calls = []
    decode = SecureCookieSessionInterface.open_session

    def counting(self, app, request):
        calls.append(request.path)
        return decode(self, app, request)

    monkeypatch.setattr(SecureCookieSessionInterface, "open_session", counting)
    screen = presenter(session_row["code"])  # logged in: its socket session comes from the cookie
    show_question(screen, session_row["code"], 1, "domein")
    client = phone(session_row["code"])
    calls.clear()
    for value in (0, 1, 2, 0):
        assert emit(client, "respond", {"question_id": "domein", "value": value})["ok"]
    assert emit(screen, "close", {"code": session_row["code"], "question_id": "domein"}, FACILITATOR)["ok"]
    assert calls == []


def test_a_ready_phone_is_not_asked_about_consent_and_profile_again(session_row, phone, presenter,
                                                                    monkeypatch):
    show_question(presenter(session_row["code"]), session_row["code"], 1, "domein")
    client = phone(session_row["code"])
    assert emit(client, "respond", {"question_id": "domein", "value": 0})["ok"]

    def no_more(*args):
        raise AssertionError("participant read again")

    monkeypatch.setattr(store, "participant", no_more)
    assert emit(client, "respond", {"question_id": "domein", "value": 1})["ok"]


def test_a_stream_of_answers_reaches_the_projector_at_most_once_per_gap(session_row, phone, presenter, app):
    now = [1000.0]
    live.clock = lambda: now[0]  # also the phones' rate limit's clock: set before they connect
    code = session_row["code"]
    screen = presenter(code)
    show_question(screen, code, 1, "domein")
    clients = [phone(code) for _ in range(3)]

    def flush():
        with app.app_context():
            from workshop.live import flush_results

            flush_results(gap=0.25)
        return [view["responses"] for view in events_named(screen, "results", FACILITATOR)]

    flush()  # whatever the setup marked
    assert emit(clients[0], "respond", {"question_id": "domein", "value": 0})["ok"]
    now[0] += 0.3
    assert flush() == [1]  # the first answer after a quiet spell goes out at once
    assert emit(clients[1], "respond", {"question_id": "domein", "value": 0})["ok"]
    now[0] += 0.1
    assert flush() == []  # too soon after the last view: held back, still marked
    assert emit(clients[2], "respond", {"question_id": "domein", "value": 0})["ok"]
    now[0] += 0.2
    assert flush() == [3]
    assert flush() == []  # nothing new


def test_take_changed_keeps_sessions_inside_the_gap_marked():
    state = LiveState()
    now = [10.0]
    state.clock = lambda: now[0]
    state.mark_changed(1)
    assert state.last_change == 10.0  # how long the server has been quiet is counted from here
    assert state.take_changed(gap=1.0)[0] == {1}
    state.mark_changed(1)
    state.mark_changed(2)
    now[0] += 0.5
    assert state.take_changed(gap=1.0)[0] == {2}
    now[0] += 0.5
    assert state.take_changed(gap=1.0)[0] == {1}


def test_phones_get_fresh_counts_at_most_once_per_gap_too():
    """Q&A upvotes refresh every phone of a session: 2,000 phones must not get that twenty times a second."""
    state = LiveState()
    now = [10.0]
    state.clock = lambda: now[0]
    state.mark_phones_changed(1)
    assert state.take_changed(gap=1.0)[1] == {1}
    state.mark_phones_changed(1)
    now[0] += 0.5
    assert state.take_changed(gap=1.0)[1] == set()
    now[0] += 0.5
    assert state.take_changed(gap=1.0)[1] == {1}
    assert state.take_changed(gap=1.0) == (set(), set())


def test_looking_for_expired_questions_takes_no_write_lock_when_none_expired(db, session_row, tmp_path):
    other = connect(db.conn.execute("pragma database_list").fetchone()[2])
    other.conn.execute("BEGIN IMMEDIATE")  # the batching writer in the middle of a batch
    try:
        db.conn.execute("PRAGMA busy_timeout = 0")
        assert store.close_expired(db) == []  # would raise "database is locked" with a write transaction
    finally:
        other.conn.execute("ROLLBACK")
        other.close()


DECK_WITH_PROFILE = """\
---
title: Schrijven
profile:
  - id: domein
    question: In welk domein werk je?
    options: [Politie, Zorg]
consent: Je antwoorden worden anoniem bewaard.
---
## Stellingen

```interaction
kind: statements
id: stellingen
moderation: post
```

---
## Wat verwacht je?

```interaction
kind: open
id: verwachting
```
"""


def test_what_phones_write_goes_through_the_batching_writer(app, db, phone, presenter):
    """Join, profile, answers and board texts commit in the writer's batches, not on the event loop."""
    from workshop import deck as decks
    from workshop import sessions
    from workshop.writer import Writer

    writer = Writer(app.config["DATABASE"])
    through = []
    call = writer.call
    writer.call = lambda function, *args: (through.append(function.__name__), call(function, *args))[1]
    app.extensions["workshop.writer"] = writer
    row = sessions.start_session(db, decks.parse(DECK_WITH_PROFILE, "b.md"), "gemeente", "Utrecht",
                                 "2026-11-29")
    screen = presenter(row["code"])
    show_question(screen, row["code"], 0, "stellingen")
    client = phone(row["code"])
    assert emit(client, "profile", {"answers": {"domein": 0}, "consent": True})["ok"]
    assert emit(client, "submit", {"question_id": "stellingen", "text": "Samen oefenen helpt."})["ok"]
    item = events_named(client, "state", "/participant")[-1]["items"][0]
    assert emit(client, "vote", {"submission_id": item["id"], "vote": "agree"})["ok"]
    assert through == ["join_participant", "set_profile", "add_submission", "save_vote"]
    assert writer.batches == 4


def test_an_event_gives_its_pooled_connection_back_while_its_write_waits_for_the_batch(tmp_path):
    """A thousand answers waiting at once held a thousand connections: the pool ran dry and every answer
    opened one (the largest cost per answer in the burst's profile, benchmarks/RESULTS.md)."""
    from workshop.live.core import write

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "g.db"), "SECRET_KEY": "t",
                      "ASYNC_MODE": "gevent", "BATCH_WRITES": False, "RESULTS_LOOP": False})
    pool = app.extensions["workshop.db_pool"]
    idle_while_waiting = []

    class Writer:
        def call(self, function, *args):
            idle_while_waiting.append(len(pool.idle))
            return function(connect(app.config["DATABASE"]), *args)

    app.extensions["workshop.writer"] = Writer()
    with app.app_context():
        get_db().execute("select 1")  # the event's reads took a connection from the pool
        assert write(lambda db: db.execute("select 2").fetchone()[0]) == 2
        get_db().execute("select 3")  # and one after its write: the same one, from the pool again
    assert idle_while_waiting == [1] and pool.opened == 1
    pool.close()


def test_screens_get_the_latest_texts_and_the_exports_every_one(db, session_row):
    from workshop import sessions
    from workshop.interactions.open import SCREEN_ANSWERS

    store.set_question_status(db, session_row["id"], "verwachting", "open", None)
    for number in range(SCREEN_ANSWERS + 5):
        participant_id, _ = store.join_participant(db, session_row["id"], f"hash{number}")
        store.save_response(db, session_row["id"], participant_id, "verwachting", [f"tekst {number}"])
    store.set_current_slide(db, session_row["id"], 3, None)
    row = store.session_by_id(db, session_row["id"])
    view = sessions.presenter_view(db, row)
    assert view["responses"] == SCREEN_ANSWERS + 5
    assert view["result"]["answers"] == [f"tekst {n}" for n in range(5, SCREEN_ANSWERS + 5)]
    assert view["result"]["earlier"] == 5
    question = sessions.deck_of(row).question("verwachting")
    assert len(sessions.result_of(db, row, question)["answers"]) == SCREEN_ANSWERS + 5  # what exports use


def test_a_word_cloud_screen_gets_the_most_frequent_words_only():
    from workshop import deck as decks
    from workshop.interactions import kind_of
    from workshop.interactions.wordcloud import SCREEN_WORDS

    question = decks.parse("## W\n```interaction\nkind: wordcloud\nid: w\n```\n", "w.md").question("w")
    kind = kind_of(question)
    result = kind.aggregate(question, [["vaak"]] * 3 + [[f"woord{n}"] for n in range(SCREEN_WORDS + 10)])
    shown = kind.on_screen(question, result)
    assert shown["words"][0] == {"text": "vaak", "count": 3}
    assert len(shown["words"]) == SCREEN_WORDS and shown["other_words"] == 11


def test_on_the_gevent_server_exports_run_off_the_event_loop(tmp_path, monkeypatch):
    """A 2,000-person deck takes seconds to build; meanwhile the event loop must keep serving phones."""
    import io
    import threading

    from pptx import Presentation

    from workshop import accounts, sessions
    from workshop import deck as decks
    from workshop.db import init
    from workshop.export import charts, compare, factsheet, pptx, tables

    from .conftest import DECK, PASSWORD

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "g.db"), "SECRET_KEY": "t",
                      "WTF_CSRF_ENABLED": False, "ASYNC_MODE": "gevent", "BATCH_WRITES": False,
                      "RESULTS_LOOP": False})
    db = init(app.config["DATABASE"])
    accounts.add(db, "admin", PASSWORD, is_admin=True)  # sessions without an owner are for admins
    deck = decks.parse(DECK, "t.md")
    code, other = (sessions.start_session(db, deck, "gemeente", place, "2026-11-29")["code"]
                   for place in ("Utrecht", "Zeist"))
    db.close()
    threads = {}
    built = ((pptx, "summary_deck"), (tables, "export"), (factsheet, "factsheet"),
             (charts, "question_picture"), (compare, "comparison"))
    for module, name in built:
        original = getattr(module, name)

        def recording(*args, original=original, name=name, **kwargs):
            threads[name] = threading.get_ident()
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, recording)
    client = app.test_client()
    assert client.post("/login", data={"name": "admin", "password": PASSWORD}).status_code == 302
    deck = client.get(f"/f/s/{code}/export/deck.pptx")
    assert deck.status_code == 200 and Presentation(io.BytesIO(deck.data)).slides
    for url in (f"/f/s/{code}/export/data.csv", f"/f/s/{code}/export/factsheet.pptx",
                f"/f/s/{code}/export/chart/domein.png", f"/f/compare?code={code}&code={other}"):
        assert client.get(url).status_code == 200, url
    assert set(threads) == {name for _, name in built}
    assert threading.get_ident() not in threads.values()
    app.extensions["workshop.db_pool"].close()


def test_a_split_screen_caps_each_group_like_the_whole(db):
    from workshop import deck as decks
    from workshop import sessions
    from workshop.interactions.open import SCREEN_ANSWERS

    row = sessions.start_session(db, decks.parse(DECK_WITH_PROFILE, "s.md"), "gemeente", "Utrecht",
                                 "2026-11-29")
    store.set_current_slide(db, row["id"], 1, None)
    store.set_question_status(db, row["id"], "verwachting", "open", None)
    for number in range(2 * (SCREEN_ANSWERS + 3)):
        participant_id, _ = store.join_participant(db, row["id"], f"hash{number}")
        store.set_profile(db, participant_id, {"domein": number % 2}, consented=False)
        store.save_response(db, row["id"], participant_id, "verwachting", [f"tekst {number}"])
    store.set_question_status(db, row["id"], "verwachting", "closed", None)  # a live split waits for close
    store.set_split(db, row["id"], "verwachting", "domein", None)
    view = sessions.presenter_view(db, store.session_by_id(db, row["id"]))
    groups = view["split"]["groups"]
    assert [g["label"] for g in groups] == ["Politie", "Zorg"]
    assert all(len(g["result"]["answers"]) == SCREEN_ANSWERS and g["result"]["earlier"] == 3 for g in groups)


def test_exports_have_threads_of_their_own_apart_from_the_writers(tmp_path):
    """A queue of downloads must not hold up the batching writer, which runs on gevent's hub pool."""
    import gevent

    from workshop.views import research

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "g.db"), "SECRET_KEY": "t",
                      "ASYNC_MODE": "gevent", "BATCH_WRITES": False, "RESULTS_LOOP": False})
    with app.test_request_context():
        assert research.off_loop(lambda a, b: a + b, 2, 3) == 5
    pool = app.extensions["workshop.export_pool"]
    assert pool is not gevent.get_hub().threadpool and pool.maxsize == research.EXPORT_THREADS
    pool.kill()
    app.extensions["workshop.db_pool"].close()


@pytest.fixture
def collector():
    import gc

    from workshop.live.collector import Collector

    now = [100.0]
    made = Collector(clock=lambda: now[0])
    made.now = now
    yield made
    if made._noticed in gc.callbacks:
        gc.callbacks.remove(made._noticed)
    gc.unfreeze()


def test_what_survives_a_full_collection_is_frozen_so_the_next_ones_stay_short(collector):
    import gc

    collector.install()
    assert gc.get_freeze_count() > 0  # what start-up made
    gc.unfreeze()
    assert collector.tick(quiet_for=0) is None
    gc.collect(1)
    assert collector.tick(quiet_for=0) is None  # a young collection changes nothing
    gc.collect()
    assert collector.tick(quiet_for=0) == "freeze" and gc.get_freeze_count() > 0
    assert collector.tick(quiet_for=0) is None


def test_the_whole_heap_is_collected_only_when_due_and_quiet(collector):
    import gc

    collector.install()
    collector.now[0] += collector.FULL_EVERY
    assert collector.tick(quiet_for=collector.QUIET - 1) is None  # answers are coming in: wait
    cycles = [[] for _ in range(10_000)]
    for cycle in cycles:
        cycle.append(cycle)  # garbage only the cyclic collector frees, frozen with the rest
    gc.freeze()
    del cycles, cycle
    before = gc.get_freeze_count()
    assert collector.tick(quiet_for=collector.QUIET) == "full"
    assert gc.get_freeze_count() < before - 9_000  # the frozen cycles were collected before freezing again
    assert collector.tick(quiet_for=collector.QUIET) is None  # not due again for FULL_EVERY
    collector.now[0] += collector.FORCE_AFTER
    assert collector.tick(quiet_for=0) == "full"  # never quiet: collected all the same


def test_socket_events_get_a_request_context_without_url_routing(app):
    """Flask-SocketIO makes a request context per event from the handshake's /socket.io/ path, which no route
    matches: binding, matching and raising NotFound for it was a fifth of the CPU per answer (issue 22)."""
    from flask.globals import request_ctx

    with app.test_request_context("/socket.io/", query_string={"EIO": "4", "transport": "websocket"}):
        assert request_ctx.url_adapter is None
    with app.test_request_context("/login"):
        assert request_ctx.url_adapter is not None and request_ctx.request.endpoint == "auth.login"


def test_socket_packets_are_json_as_before():
    from workshop.live import FastJSON

    assert FastJSON.dumps({"ok": True, 7: "é"}) == '{"ok":true,"7":"é"}'
    assert FastJSON.dumps({"id": 2**64}) == '{"id":18446744073709551616}'  # beyond orjson: the standard encoder
    assert FastJSON.loads('{"value": [1, 2.5, "x"]}') == {"value": [1, 2.5, "x"]}
    with pytest.raises(ValueError, match="too large"):  # Engine.IO's limit on digits, kept
        FastJSON.loads("[" + "9" * 101 + "]")


def test_websocket_frames_are_unmasked_as_before_and_bad_utf8_still_closes_the_socket():
    import os

    from geventwebsocket import websocket

    from workshop import _gevent

    original = websocket.Header.mask_payload
    header = websocket.Header(fin=True, opcode=1)
    for length in (0, 1, 3, 4, 5, 90, 1000):
        header.mask, header.length, payload = os.urandom(4), length, os.urandom(length)
        assert _gevent.unmask(header, payload) == bytes(original(header, payload))
    _gevent.speed_up_websockets()
    try:
        assert websocket.Header.unmask_payload is _gevent.unmask
        closed = []

        class Probe(websocket.WebSocket):
            def __init__(self):
                pass

            def close(self, code=1000, message=b""):
                closed.append(code)

        with pytest.raises(UnicodeDecodeError):
            Probe()._decode_bytes(b"\xff\xfe")  # what the skipped check would have refused
        assert closed[0] == 1007
    finally:
        websocket.Header.mask_payload = websocket.Header.unmask_payload = original
