"""Sessions that end and reopen, their metadata, what the join link shows afterwards, the log of it all."""

from __future__ import annotations

import io
import json
import zipfile

from click.testing import CliRunner
from openpyxl import load_workbook

from workshop import sessions, store
from workshop.cli import cli
from workshop.export import tables
from workshop.live import FACILITATOR, PARTICIPANT, socketio

from .test_export_data import read_csv
from .test_live import emit


def run(app, *args):
    """The `workshop` command on the test database."""
    return CliRunner().invoke(cli, ["--db", app.config["DATABASE"], *args])


def answer(db, row, question_id="domein", value=(0,), people=1, start=0):
    """Open a question and let `people` participants answer it; the question is closed afterwards."""
    store.set_question_status(db, row["id"], question_id, "open", None)
    for number in range(start, start + people):
        person, _ = store.join_participant(db, row["id"], f"token-{number}")
        store.save_response(db, row["id"], person, question_id, list(value))
    store.set_question_status(db, row["id"], question_id, "closed", None)


def test_ending_refuses_joins_closes_questions_and_keeps_exports(app, db, logged_in, session_row, phone):
    code = session_row["code"]
    answer(db, session_row, people=3)
    store.set_question_status(db, session_row["id"], "samenwerking", "open", None)
    present = phone(code)
    assert logged_in.post(f"/f/s/{code}/end").status_code == 302
    assert any(message["name"] == "ended" for message in present.get_received(PARTICIPANT))

    row = store.session_by_code(db, code)
    assert row["state"] == "ended" and row["ended_at"]
    assert store.question_state(db, row["id"], "samenwerking")["status"] == "closed"
    late = socketio.test_client(app, namespace=PARTICIPANT)
    ack = emit(late, "join", {"code": code, "token": "f" * 32})
    assert ack["ok"] is False and "ended" in ack["error"]
    page = app.test_client().get(f"/j/{code}")
    assert page.status_code == 200 and "Bedankt voor je bijdrage" in page.text and "answer-form" not in page.text
    rows = read_csv(logged_in.get(f"/f/s/{code}/export/data.csv").data)
    assert len([r for r in rows if r["question_id"] == "domein" and r["item"] == "Politie"]) == 3
    assert "Sessie heropenen" in logged_in.get(f"/f/s/{code}").text


def test_reopening_accepts_joins_again_and_is_logged(app, db, logged_in, session_row):
    code = session_row["code"]
    logged_in.post(f"/f/s/{code}/end")
    logged_in.post(f"/f/s/{code}/reopen")
    assert store.session_by_code(db, code)["state"] == "live"
    types = [e["type"] for e in store.events(db, session_row["id"])]
    assert types[-2:] == ["session_ended", "session_reopened"]
    client = socketio.test_client(app, namespace=PARTICIPANT)
    assert emit(client, "join", {"code": code, "token": "e" * 32})["ok"]


def test_an_ended_session_opens_no_question_until_it_is_reopened(logged_in, session_row, presenter):
    code = session_row["code"]
    control = presenter(code)
    logged_in.post(f"/f/s/{code}/end")
    for event, payload in (("open", {"code": code, "question_id": "samenwerking"}),
                           ("reset", {"code": code, "question_id": "samenwerking"}),
                           ("pace", {"code": code, "mode": "self"})):
        ack = control.emit(event, payload, namespace=FACILITATOR, callback=True)
        assert ack == {"ok": False, "error": "Deze sessie is beëindigd; heropen haar eerst."}, event
    # notes are still taken after the end
    assert control.emit("note", {"code": code, "text": "Nagesprek"}, namespace=FACILITATOR, callback=True)["ok"]
    logged_in.post(f"/f/s/{code}/reopen")
    assert control.emit("open", {"code": code, "question_id": "samenwerking"}, namespace=FACILITATOR,
                        callback=True)["ok"]


def test_the_control_view_has_an_end_button(logged_in, session_row):
    page = logged_in.get(f"/f/s/{session_row['code']}/control").text
    assert f'action="/f/s/{session_row["code"]}/end"' in page


def test_metadata_is_editable_on_the_web_and_logged(db, logged_in, session_row):
    code = session_row["code"]
    form = {"title": "GIPZ Apeldoorn", "kind": "landelijk", "unit": "Eenheid Oost-Nederland", "place": "Apeldoorn",
            "date": "2026-05-12", "facilitators": "Anna, Pieter", "published": "results"}
    assert logged_in.post(f"/f/s/{code}/edit", data=form).status_code == 302
    row = store.session_by_code(db, code)
    assert {k: row[k] for k in form} == form
    edited = [e for e in store.events(db, row["id"]) if e["type"] == "session_edited"][-1]
    assert edited["data"]["unit"] == {"from": None, "to": "Eenheid Oost-Nederland"}
    page = logged_in.get(f"/f/s/{code}").text
    assert "Eenheid Oost-Nederland" in page and "Anna, Pieter" in page
    refused = logged_in.post(f"/f/s/{code}/edit", data={"date": "12-05-2026"}, follow_redirects=True)
    assert "JJJJ-MM-DD" in refused.text
    assert store.session_by_code(db, code)["date"] == "2026-05-12"


def test_the_command_line_ends_reopens_edits_and_lists_the_state(app, db, session_row):
    code = session_row["code"]
    assert "live" in run(app, "session", "list").output
    result = run(app, "session", "end", code)
    assert result.exit_code == 0 and "ended" in result.output
    assert f"{code}  2026-11-29  ended" in run(app, "session", "list").output
    assert "had ended already" in run(app, "session", "end", code).output
    result = run(app, "session", "edit", code, "--unit", "Eenheid Oost-Nederland", "--facilitators",
                                 "Anna", "--kind", "landelijk", "--publish", "factsheet")
    assert result.exit_code == 0, result.output
    row = store.session_by_code(db, code)
    assert (row["unit"], row["facilitators"], row["kind"], row["published"]) == (
        "Eenheid Oost-Nederland", "Anna", "landelijk", "factsheet")
    bad = run(app, "session", "edit", code, "--date", "morgen")
    assert bad.exit_code == 1 and "JJJJ-MM-DD" in bad.output and "Traceback" not in bad.output
    assert run(app, "session", "reopen", code).exit_code == 0
    assert store.session_by_code(db, code)["state"] == "live"
    assert "no session" in run(app, "session", "end", "QQQQQQ").output


def test_published_results_show_at_the_join_link_only_with_k_answers(app, db, logged_in, session_row):
    code = session_row["code"]
    answer(db, session_row, "domein", (1,), people=5)
    answer(db, session_row, "samenwerking", (4, 5), people=4, start=10)  # fewer than k = 5
    client = app.test_client()
    logged_in.post(f"/f/s/{code}/end")
    assert "result-picture" not in client.get(f"/j/{code}").text  # not published
    assert client.get(f"/j/{code}/results/domein.svg").status_code == 404
    logged_in.post(f"/f/s/{code}/edit", data={"published": "results"})
    page = client.get(f"/j/{code}").text
    assert f"/j/{code}/results/domein.svg" in page
    assert "samenwerking" not in page and "verwachting" not in page  # too few answers; open texts never
    picture = client.get(f"/j/{code}/results/domein.svg")
    assert picture.status_code == 200 and picture.mimetype == "image/svg+xml"
    assert client.get(f"/j/{code}/results/samenwerking.svg").status_code == 404
    assert client.get(f"/j/{code}/factsheet.pdf").status_code == 404  # only when the factsheet is published


def test_the_log_holds_every_facilitator_action(app, db, logged_in, session_row, presenter):
    """Logins (and failed ones), start, slides, questions, moderation, review, reset, edit, end, reopen,
    downloads, sharing and a deletion's tombstone."""
    code = session_row["code"]
    sid = session_row["id"]
    app.test_client().post("/login", data={"name": "admin", "password": "wrong password!"})
    control = presenter(code)
    emit(control, "goto", {"code": code, "slide": 1}, FACILITATOR)
    emit(control, "open", {"code": code, "question_id": "verwachting"}, FACILITATOR)
    person, _ = store.join_participant(db, sid, "p")
    flags = [{"item": 0, "kind": "phone", "start": 0, "end": 10, "reason": "telefoonnummer"}]
    store.save_response(db, sid, person, "verwachting", ["0612345678"], flags)
    held = store.held_responses(db, sid)[0]
    emit(control, "review", {"code": code, "response_id": held["id"], "action": "hide"}, FACILITATOR)
    emit(control, "close", {"code": code, "question_id": "verwachting"}, FACILITATOR)
    emit(control, "reset", {"code": code, "question_id": "verwachting"}, FACILITATOR)
    logged_in.post(f"/f/s/{code}/edit", data={"place": "Zeist"})
    logged_in.get(f"/f/s/{code}/export/data.json")
    logged_in.post(f"/f/s/{code}/end")
    logged_in.post(f"/f/s/{code}/reopen")
    types = [e["type"] for e in store.session_log(db, sid)]
    for expected in ("session_started", "slide_shown", "question_opened", "answer_hidden", "question_closed",
                     "responses_reset", "session_edited", "export_downloaded", "session_ended", "session_reopened"):
        assert expected in types, expected
    download = next(e for e in store.session_log(db, sid) if e["type"] == "export_downloaded")
    assert download["facilitator"] == "admin" and download["data"]["export"] == "data"

    study = logged_in.post("/f/studies/", data={"name": "GIPZ 2026"})
    study_id = int(study.headers["Location"].rsplit("/", 1)[1])
    from workshop import accounts

    accounts.add(db, "bea", "correct horse battery")
    logged_in.post(f"/f/studies/{study_id}/share", data={"name": "bea"})
    logged_in.post(f"/f/s/{code}/delete", data={"confirm": code})
    actions = {a["type"]: a for a in store.actions(db)}
    assert {"login", "login_failed", "study_created", "study_shared", "session_deleted"} <= set(actions)
    assert actions["login_failed"]["data"]["name"] == "admin"
    assert actions["session_deleted"]["data"] == {"code": code}  # a tombstone: nothing of the content
    assert store.session_by_code(db, code) is None and store.events(db, sid) == []


def test_the_session_page_shows_its_log(db, logged_in, session_row):
    store.set_question_status(db, session_row["id"], "domein", "open", None)
    page = logged_in.get(f"/f/s/{session_row['code']}").text
    assert 'id="session-log"' in page and "question_opened" in page and "session_started" in page


def test_notes_and_log_are_in_every_data_format(db, session_row):
    store.add_note(db, session_row["id"], 1, "domein", "Veel discussie over de wijkagent.", "Anna")
    store.set_question_status(db, session_row["id"], "domein", "open", None)
    csv_rows = read_csv(tables.export(db, [session_row], "csv"))
    note = [r for r in csv_rows if r["kind"] == "note"]
    assert [(n["item"], n["value"]) for n in note] == [("slide 2 · domein", "Veel discussie over de wijkagent.")]
    assert {"session_started", "question_opened"} <= {r["item"] for r in csv_rows if r["kind"] == "log"}
    document = json.loads(tables.export(db, [session_row], "json"))
    assert "Veel discussie over de wijkagent." in [r["value"] for r in document["rows"] if r["kind"] == "note"]
    assert "question_opened" in [r["item"] for r in document["rows"] if r["kind"] == "log"]
    book = load_workbook(io.BytesIO(tables.export(db, [session_row], "xlsx")))
    assert [c.value for c in book["notes"][2]] == [session_row["code"], note[0]["answered_at"], "domein", "slide 2 · domein",
                                                  "Veel discussie over de wijkagent."]
    assert "question_opened" in [row[3] for row in book["log"].iter_rows(values_only=True)]


def test_review_on_the_command_line_lists_and_decides_held_texts(app, db, session_row):
    sid = session_row["id"]
    store.set_question_status(db, sid, "verwachting", "open", None)
    person, _ = store.join_participant(db, sid, "p")
    flags = [{"item": 0, "kind": "phone", "start": 0, "end": 10, "reason": "telefoonnummer"}]
    store.save_response(db, sid, person, "verwachting", ["0612345678 belt"], flags)
    held = store.held_responses(db, sid)[0]["id"]
    listed = run(app, "review", session_row["code"])
    assert f"answer:{held}" in listed.output and "telefoonnummer" in listed.output
    assert run(app, "review", session_row["code"], "--approve", f"answer:{held}").exit_code == 0
    assert store.held_responses(db, sid) == []
    assert "nothing held" in run(app, "review", session_row["code"]).output
    wrong = run(app, "review", session_row["code"], "--hide", "answer:999")
    assert wrong.exit_code == 1 and "not a held text" in wrong.output
    log = run(app, "log", session_row["code"]).output
    assert "session_started" in log and "answer_approved" in log


def test_a_session_started_in_a_study_lists_it(db, logged_in):
    study = logged_in.post("/f/studies/", data={"name": "GIPZ 2026"})
    study_id = int(study.headers["Location"].rsplit("/", 1)[1])
    assert "GIPZ 2026" in logged_in.get(f"/f/?study={study_id}").text
    started = logged_in.post("/f/sessions", data={"deck": "demo.md", "kind": "gemeente", "place": "Utrecht",
                                                  "unit": "Gemeente Utrecht", "study": study_id})
    code = started.headers["Location"].rsplit("/", 1)[1]
    row = store.session_by_code(db, code)
    assert row["study_id"] == study_id and row["unit"] == "Gemeente Utrecht"


def test_ended_sessions_zip_is_readable(db, logged_in, session_row):
    """The study download holds the data in three formats and the infographic (smoke test of the archive)."""
    study = logged_in.post("/f/studies/", data={"name": "Klein"})
    study_id = int(study.headers["Location"].rsplit("/", 1)[1])
    logged_in.post(f"/f/studies/{study_id}/sessions", data={"code": session_row["code"]})
    sessions.end_session(db, store.session_by_id(db, session_row["id"]), None)
    response = logged_in.get(f"/f/studies/{study_id}/export.zip")
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert {"data.csv", "data.xlsx", "data.json", "infographic.svg", "sessies.txt"} <= set(names)


def test_account_changes_are_in_the_actions_log(app, db):
    from workshop import accounts

    accounts.add(db, "bea", "correct horse battery")
    accounts.change_password(db, "bea", "another long password")
    accounts.remove(db, "bea")
    logged = [(a["type"], a["data"]["name"]) for a in reversed(store.actions(db))]
    assert logged[-3:] == [("account_added", "bea"), ("password_changed", "bea"), ("account_removed", "bea")]
    assert "password" not in str(store.actions(db)[0]["data"]).replace("password_changed", "")


def test_a_removed_colleague_leaves_the_study(app, db):
    from workshop import accounts, studies

    owner = accounts.add(db, "alice", "correct horse battery")
    accounts.add(db, "bea", "correct horse battery")
    study = studies.create(db, "GIPZ 2026", owner)
    studies.share(db, study, "bea", owner)
    accounts.remove(db, "bea")
    accounts.remove(db, "alice", "admin")  # alice's study goes to admin with her sessions
    assert store.study_members(db, study["id"]) == []
    assert store.study_by_id(db, study["id"])["created_by"] == store.facilitator_by_name(db, "admin")["id"]


def test_a_published_factsheet_is_downloadable_from_the_join_link(app, db, logged_in, session_row):
    code = session_row["code"]
    answer(db, session_row, "domein", (1,), people=5)
    logged_in.post(f"/f/s/{code}/end")
    logged_in.post(f"/f/s/{code}/edit", data={"published": "factsheet"})
    page = app.test_client().get(f"/j/{code}").text
    assert f"/j/{code}/factsheet.pdf" in page and f"/j/{code}/results/domein.svg" in page
    deck = app.test_client().get(f"/j/{code}/factsheet.pptx")
    assert deck.status_code == 200 and deck.data[:2] == b"PK"
