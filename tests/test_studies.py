"""Studies: sessions grouped, the study page and its comparisons, sharing with colleagues, the command line."""

from __future__ import annotations

import io
import zipfile

import pytest

from workshop import accounts, sessions, store, studies
from workshop import deck as decks
from workshop.live import FACILITATOR, socketio

from . import study_data
from .conftest import DECK, PASSWORD
from .test_live import emit
from .test_permissions import login
from .test_session_lifecycle import run


@pytest.fixture
def gipz(db):
    """The realistic study (five municipal, three national meetings), owned by the conftest's 'admin'."""
    owner = store.facilitator_by_name(db, "admin")["id"]
    return study_data.build(db, facilitator_id=owner)


def test_sharing_gives_a_colleague_access_and_nobody_else(app, db):
    alice = accounts.add(db, "alice", PASSWORD)
    accounts.add(db, "bea", PASSWORD)
    accounts.add(db, "carl", PASSWORD)
    study = studies.create(db, "GIPZ Oost", alice)
    row = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", facilitator_id=alice,
                                 study_id=study["id"])
    code = row["code"]
    paths = [f"/f/s/{code}", f"/f/s/{code}/control", f"/f/s/{code}/export/data.csv", f"/f/studies/{study['id']}",
             f"/f/studies/{study['id']}/infographic.svg", f"/f/studies/{study['id']}/export.zip"]
    bea, carl = login(app, "bea"), login(app, "carl")
    for path in paths:
        assert bea.get(path).status_code == 404, path  # not shared yet

    alices = login(app, "alice")
    alices.post(f"/f/studies/{study['id']}/share", data={"name": "bea"})
    assert [m["name"] for m in store.study_members(db, study["id"])] == ["bea"]
    for path in paths:
        assert bea.get(path).status_code == 200, path
        assert carl.get(path).status_code == 404, path
    assert code in bea.get("/f/").text and code not in carl.get("/f/").text
    assert "GIPZ Oost" in bea.get("/f/").text and "GIPZ Oost" not in carl.get("/f/").text
    # bea may run it: watch and move slides over the socket; carl may not
    socket = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=bea)
    assert emit(socket, "watch", {"code": code}, FACILITATOR)["ok"]
    assert emit(socket, "goto", {"code": code, "slide": 1}, FACILITATOR)["ok"]
    other = socketio.test_client(app, namespace=FACILITATOR, flask_test_client=carl)
    assert emit(other, "watch", {"code": code}, FACILITATOR)["ok"] is False
    # a session of alice's outside the study stays hers
    own = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Zeist", facilitator_id=alice)
    assert bea.get(f"/f/s/{own['code']}").status_code == 404
    # sharing ends: access ends
    bea_id = store.facilitator_by_name(db, "bea")["id"]
    alices.post(f"/f/studies/{study['id']}/unshare/{bea_id}")
    assert bea.get(f"/f/s/{code}").status_code == 404
    logged = [a["type"] for a in store.actions(db, study["id"])]
    assert logged[0] == "study_unshared" and {"study_shared", "study_exported", "study_created"} <= set(logged)


def test_sharing_with_an_unknown_name_says_so(app, db, logged_in):
    study = logged_in.post("/f/studies/", data={"name": "GIPZ 2026"})
    page = logged_in.post(study.headers["Location"] + "/share", data={"name": "niemand"}, follow_redirects=True)
    assert "geen begeleider met de naam" in page.text
    again = logged_in.post("/f/studies/", data={"name": "GIPZ 2026"}, follow_redirects=True)
    assert "er is al een studie" in again.text


def test_the_study_page_shows_sessions_shared_questions_and_comparisons(db, logged_in, gipz):
    study, rows = gipz
    page = logged_in.get(f"/f/studies/{study['id']}").text
    for row in rows:
        assert row["code"] in page and row["place"] in page
    assert "Eenheid Oost-Nederland" in page and "beëindigd" in page and ">23<" in page  # Utrecht's participants
    shared = page[page.index('id="shared-questions"'):]
    assert "stellingen-politierol" in shared and "herkenning-regionaal-beeld" in shared
    municipal = [r["code"] for r in rows if r["kind"] == "gemeente"]
    national = [r["code"] for r in rows if r["kind"] == "landelijk"]
    for name in ("gemeente", "landelijk", "gemeente-landelijk", "alle", "groups-domein"):
        assert f'data-comparison="{name}"' in page, name
    # one click: the link's sessions are those of the kind, and the comparison page draws them
    link = "/f/compare?" + "&amp;".join(f"code={c}" for c in national)
    assert link in page
    compared = logged_in.get(link.replace("&amp;", "&")).text
    assert "Wat is voor jou het belangrijkste dat de politie moet doen?" in compared
    assert all(c in page for c in municipal)


def test_per_group_across_sessions_pools_groups_and_hides_small_ones(db, logged_in, gipz):
    study, rows = gipz
    page = logged_in.get(f"/f/studies/{study['id']}/groups/domein").text
    assert "Politie (n = 68)" in page and "Zorg (n = 68)" in page
    assert "Anders (n =" not in page  # three 'Anders' over all meetings: merged into 'Overig'
    assert logged_in.get(f"/f/studies/{study['id']}/groups/onbekend").status_code == 404


def test_pooled_groups_add_up_the_sessions_answers(db, gipz):
    _, rows = gipz
    question = sessions.deck_of(rows[0]).question("belangrijkste-politietaak")
    pooled = studies.pooled_by_group(db, rows, question, "domein")
    police = next(g for g in pooled["groups"] if g["label"] == "Politie")
    expected = [0] * 5
    for row in rows:
        for group, value in store.response_values_by_group(db, row["id"], question.id, "domein"):
            if group == 0:
                expected[value[0]] += 1
    assert [o["count"] for o in police["result"]["options"]] == expected


def test_the_study_download_holds_every_session(db, logged_in, gipz):
    study, rows = gipz
    response = logged_in.get(f"/f/studies/{study['id']}/export.zip")
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    assert {"data.csv", "data.xlsx", "data.json", "vergelijking.pptx", "infographic.svg"} <= set(bundle.namelist())
    csv_text = bundle.read("data.csv").decode("utf-8-sig")
    assert all(row["code"] in csv_text for row in rows)
    assert any(a["type"] == "study_exported" for a in store.actions(db, study["id"]))


def test_studies_on_the_command_line(app, db):
    row = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", "2026-11-29")
    accounts.add(db, "bea", PASSWORD)
    assert run(app, "study", "new", "GIPZ 2026").output.startswith("study 1: GIPZ 2026")
    assert "er is al een studie" in run(app, "study", "new", "GIPZ 2026").output
    assert run(app, "study", "add", "GIPZ 2026", row["code"]).exit_code == 0
    assert store.session_by_id(db, row["id"])["study_id"] == 1
    assert run(app, "study", "share", "GIPZ 2026", "bea").exit_code == 0
    shown = run(app, "study", "show", "1").output
    assert row["code"] in shown and "shared with: bea" in shown
    assert "geen begeleider" in run(app, "study", "share", "GIPZ 2026", "niemand").output
    assert "geen studie" in run(app, "study", "show", "Onbekend").output
    assert "GIPZ 2026  1 sessions" in run(app, "study", "list").output
    assert "[GIPZ 2026]" in run(app, "session", "list").output
    # a session started from the command line and put in the study is bea's to run now
    assert login(app, "bea").get(f"/f/s/{row['code']}").status_code == 200


def test_a_colleague_cannot_take_sessions_out_of_a_study_or_remove_other_colleagues(app, db):
    alice = accounts.add(db, "alice", PASSWORD)
    bea = accounts.add(db, "bea", PASSWORD)
    accounts.add(db, "carl", PASSWORD)
    shared = studies.create(db, "GIPZ Oost", alice)
    row = sessions.start_session(db, decks.parse(DECK, "t.md"), "gemeente", "Utrecht", facilitator_id=alice,
                                 study_id=shared["id"])
    studies.share(db, shared, "bea", alice)
    studies.share(db, shared, "carl", alice)
    own = studies.create(db, "Bea's eigen", bea)
    beas = login(app, "bea")
    page = beas.post(f"/f/studies/{own['id']}/sessions", data={"code": row["code"]}, follow_redirects=True)
    assert "alleen wie die studie beheert" in page.text
    assert store.session_by_code(db, row["code"])["study_id"] == shared["id"]  # still alice's study
    carl = store.facilitator_by_name(db, "carl")["id"]
    beas.post(f"/f/studies/{shared['id']}/unshare/{carl}")
    assert [m["name"] for m in store.study_members(db, shared["id"])] == ["bea", "carl"]
    beas.post(f"/f/studies/{shared['id']}/unshare/{bea}")  # leaving is allowed
    assert [m["name"] for m in store.study_members(db, shared["id"])] == ["carl"]
    alices = login(app, "alice")  # the owner moves her own session where she likes
    alices.post(f"/f/studies/{studies.create(db, 'Nieuw', alice)['id']}/sessions", data={"code": row["code"]})
    assert store.session_by_code(db, row["code"])["study_id"] != shared["id"]
