"""The simulator (workshop/simulate.py) and `workshop simulate` against a real server on loopback."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import sqlite3
import subprocess
import sys

import pytest

from workshop import deck as decks
from workshop.interactions import kind_of
from workshop.simulate import VOTES, Behaviour, Presenter, Swarm, open_entries, random_answer

from .server import ADMIN_PASSWORD, ROOT, LiveServer

PHONES = 10


@pytest.fixture
def server(tmp_path):
    """A real server with a session on tests/fixtures/live.md."""
    live = LiveServer(tmp_path)
    live.start_session()
    yield from live.serving()


def stored_answers(server: LiveServer, question_id: str) -> dict[str, tuple[list, int]]:
    """token hash -> (stored value, revision) of every stored answer to a question."""
    with sqlite3.connect(server.db) as db:
        rows = db.execute(
            "select p.token_hash, r.value, r.revision from responses r join participants p on p.id = r.participant_id "
            "where r.question_id = ?", [question_id]).fetchall()
    return {token_hash: (json.loads(value), revision) for token_hash, value, revision in rows}


def token_hash(server: LiveServer, token: str) -> str:
    with sqlite3.connect(server.db) as db:
        session_id = db.execute("select id from sessions where code = ?", [server.code]).fetchone()[0]
    return hashlib.sha256(f"{session_id}:{token}".encode()).hexdigest()


async def open_question(server: LiveServer, question_id: str = "domein", slide: int = 1) -> Presenter:
    presenter = Presenter(server.url, server.code)
    await presenter.connect("admin", ADMIN_PASSWORD)
    await presenter.call("goto", {"code": server.code, "slide": slide})
    await presenter.call("open", {"code": server.code, "question_id": question_id})
    return presenter


def test_random_answers_are_valid_for_every_kind_of_the_demo_deck():
    rng = random.Random(1)
    questions = decks.load(ROOT / "slides" / "demo.md").questions
    assert {q.kind for q in questions} >= {"choice", "scale", "open", "wordcloud", "ranking", "points", "roles"}
    for question in questions:
        if question.kind in VOTES or question.kind == "ideas":  # ideas: below, once the vote is open
            continue
        public = kind_of(question).public(question)
        for _ in range(50):
            kind_of(question).validate(question, random_answer(public, rng))


@pytest.mark.parametrize("vote", ["points", "ranking", "choice"])
def test_random_votes_on_ideas_are_valid_once_the_vote_is_open(vote):
    rng = random.Random(3)
    question = next(q for q in decks.load(ROOT / "slides" / "demo.md").questions if q.kind == "ideas")
    settings = {k: v for k, v in question.settings.items() if k not in ("dots", "max")}
    settings.update({"vote": vote, **({"dots": 3} if vote == "points" else {}), **({"max": 2} if vote == "choice"
                                                                                   else {})})
    ballot = [{"id": n, "text": f"idee {n}", "sources": [f"idee {n}"]} for n in range(4)]
    voting = question.__class__(question.id, "ideas", question.text, {**settings, "phase": "vote", "ballot": ballot})
    public = kind_of(voting).public(voting)
    assert random_answer({**public, "settings": {**public["settings"], "phase": "collect"}}, rng) is None
    for _ in range(50):
        kind_of(voting).validate(voting, random_answer(public, rng))


def test_votes_go_to_the_items_of_a_board():
    rng = random.Random(2)
    items = [{"id": 17, "text": "a"}, {"id": 18, "text": "b"}]
    votes = VOTES["statements"](items, rng)
    assert {submission for submission, _ in votes} == {17, 18}
    assert all(vote in ("agree", "disagree", "pass") for _, vote in votes)
    assert all(vote == "up" and submission in (17, 18) for submission, vote in VOTES["qa"](items, rng))


def test_open_entries_follow_presenter_and_self_paced_states():
    question = {"id": "q", "kind": "choice"}
    assert open_entries({"mode": "presenter", "question": question, "status": "open"})[0]["question"] == question
    assert open_entries({"mode": "presenter", "question": question, "status": "pending"}) == []
    assert open_entries({"mode": "presenter", "question": None, "status": None}) == []
    block = {"mode": "self", "question": None, "questions": [{"question": question, "status": "open"},
                                                              {"question": {"id": "r"}, "status": "closed"}]}
    assert [e["question"]["id"] for e in open_entries(block)] == ["q"]


def test_phones_join_answer_change_reconnect_and_every_answer_is_stored_once(server):
    behaviour = Behaviour(spread=0.5, change_share=0.3, reconnect_share=0.2)

    async def rehearsal():
        swarm = Swarm(server.url, server.code, PHONES, behaviour, seed=7)
        joined = await swarm.join()
        presenter = await open_question(server)
        settled = await swarm.settle(timeout=60)
        view = await presenter.wait_for(lambda v: v["responses"] == PHONES, timeout=20)
        await presenter.call("close", {"code": server.code, "question_id": "domein"})
        await swarm.leave()
        await presenter.close()
        return joined, settled, swarm, view

    joined, settled, swarm, view = asyncio.run(rehearsal())
    report = swarm.report()
    assert joined == PHONES, report["join_errors"]
    assert settled
    assert report["answers_refused"] == 0 and report["answers_unacked"] == 0, report
    assert report["drops"] == 2 and report["rejoins"] == 2
    assert report["answers_acked"] == PHONES + 3  # three phones changed their answer once

    stored = stored_answers(server, "domein")
    assert len(stored) == PHONES
    for phone in swarm.phones:
        acked = [a for a in swarm.answers if a.phone == phone.number and a.ok]
        value, revision = stored[token_hash(server, phone.token)]
        assert value == acked[-1].ack["value"]  # the last acknowledged answer is the one stored
        assert revision == len(acked)  # a resend with the same answer_id is not a second change
    counts = [0, 0, 0, 0]
    for value, _ in stored.values():
        counts[value[0]] += 1
    assert view is not None and [o["count"] for o in view["result"]["options"]] == counts


def test_simulate_command_answers_the_open_question_and_stops_by_itself(server):
    presenter = None

    async def prepare():
        nonlocal presenter
        presenter = await open_question(server)
        await presenter.close()

    asyncio.run(prepare())
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "simulate", server.code, "--participants", "5", "--answer-rate", "20",
         "--url", server.url, "--answers", "5", "--duration", "60", "--seed", "3"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "joined 5 of 5" in result.stdout
    assert "answers acked 5, refused 0" in result.stdout
    assert len(stored_answers(server, "domein")) == 5


def test_simulate_command_reports_an_unknown_code(server):
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "simulate", "NOPE42", "--participants", "2", "--url", server.url,
         "--duration", "60"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert "join failed 2x" in result.stdout and "unknown session code" in result.stdout


def test_phones_spread_over_several_server_addresses_and_each_keeps_its_own():
    swarm = Swarm(["http://a:1/", "http://b:2"], "ABCDEF", 5)
    assert [phone.url for phone in swarm.phones] == ["http://a:1", "http://b:2"] * 2 + ["http://a:1"]
    assert Swarm("http://a:1/", "ABCDEF", 2).phones[1].url == "http://a:1"
