"""Coding in the browser's server side: codebooks, applying codes, the report and the downloads, access."""

from __future__ import annotations

import io
import json
import zipfile

from openpyxl import load_workbook

from workshop import accounts, sessions, store
from workshop import deck as decks
from workshop.coding.texts import codebook_texts

from .test_coding import CARE, DECK, POLICE


def _session(db, created_by=None):
    session = sessions.start_session(db, decks.parse(DECK, "c.md"), "gemeente", "Zeist", "2026-03-02",
                                     facilitator_id=created_by)
    store.set_question_status(db, session["id"], "goed", "open", None)
    for number, text in enumerate(POLICE + CARE):
        person, _ = store.join_participant(db, session["id"], f"t{number}")
        store.set_profile(db, person, {"domein": 0 if number < 6 else 1}, consented=True)
        store.save_response(db, session["id"], person, "goed", [text])
    return store.session_by_id(db, session["id"])


def _book(logged_in, session):
    response = logged_in.post("/f/coding/", data={"name": "GIPZ 2026", "session": [str(session["id"])]})
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_facilitator_creates_a_codebook_adds_codes_and_codes_texts(logged_in, db):
    session = _session(db)
    book = _book(logged_in, session)
    logged_in.post(f"/f/coding/{book}/codes", data={"name": "bereikbaarheid"})
    logged_in.post(f"/f/coding/{book}/codes", data={"name": "regie"})
    [reach, regie] = store.codes(db, book)
    page = logged_in.get(f"/f/coding/{book}").get_data(as_text=True)
    assert "GGZ is &#39;s avonds slecht bereikbaar" in page and "bereikbaarheid" in page
    key = next(t.key for t in codebook_texts(db, [session["id"]]) if t.text.startswith("GGZ"))
    answer = logged_in.post(f"/f/coding/{book}/apply", json={"text_key": key, "code_id": reach["id"], "on": True})
    assert answer.get_json() == {"ok": True}
    assert [(r["code_id"], r["text_key"]) for r in store.codings(db, book)] == [(reach["id"], key)]
    page = logged_in.get(f"/f/coding/{book}?group=domein=Politie").get_data(as_text=True)
    assert "GGZ is" not in page and "Korte lijnen met de wijkagent" in page


def test_bad_codings_are_refused_with_a_reason(logged_in, db):
    session = _session(db)
    book = _book(logged_in, session)
    logged_in.post(f"/f/coding/{book}/codes", data={"name": "regie"})
    code = store.codes(db, book)[0]["id"]
    key = codebook_texts(db, [session["id"]])[0].key
    for body in ({"text_key": "s999:response:1:0", "code_id": code, "on": True},
                 {"text_key": key, "code_id": code + 100, "on": True},
                 {"text_key": key, "code_id": code, "on": "ja"}, {"text_key": 5},
                 {"text_key": key, "code_id": True, "on": True}, {"text_key": key, "code_id": float(code), "on": True}):
        response = logged_in.post(f"/f/coding/{book}/apply", json=body)
        assert response.status_code == 400 and response.get_json()["ok"] is False
        assert response.get_json()["error"]
    assert store.codings(db, book) == []


def test_a_code_form_returns_only_to_a_page_of_this_server(logged_in, db):
    book = _book(logged_in, _session(db))
    for target, expected in ((f"/f/coding/{book}?todo=1", f"/f/coding/{book}?todo=1"),
                             ("https://evil.example/", f"/f/coding/{book}"), ("/\\evil.example/", f"/f/coding/{book}")):
        response = logged_in.post(f"/f/coding/{book}/codes", data={"name": f"code {len(target)}", "next": target})
        assert response.location == expected, target


def test_report_shows_agreement_counts_and_themes(logged_in, db):
    session = _session(db)
    book = _book(logged_in, session)
    logged_in.post(f"/f/coding/{book}/codes", data={"name": "bereikbaarheid"})
    code = store.codes(db, book)[0]["id"]
    bram = accounts.add(db, "bram", "een lang wachtwoord")
    for text in codebook_texts(db, [session["id"]]):
        store.set_coding(db, book, code, text.key, 1, "bereikba" in text.text.lower())
        store.set_coding(db, book, code, text.key, bram, "slecht" in text.text.lower())
    page = logged_in.get(f"/f/coding/{book}/report").get_data(as_text=True)
    assert "Cohen's kappa" in page and "admin, bram" in page
    assert "bereikbaarheid" in page and "4 (33%)" in page  # 4 of 12 participants
    assert "Verschillen om te bespreken (1)" in page  # "Na vijf uur niemand bereikbaar": only admin
    assert "Mogelijke thema" in page


def test_downloads_codebook_tables_and_qdpx(logged_in, db):
    session = _session(db)
    book = _book(logged_in, session)
    logged_in.post(f"/f/coding/{book}/codes", data={"name": "=HYPERLINK(\"x\")"})
    code = store.codes(db, book)[0]["id"]
    key = codebook_texts(db, [session["id"]])[0].key
    store.set_coding(db, book, code, key, 1, True)
    store.mark_seen(db, book, codebook_texts(db, [session["id"]])[1].key, 1)
    assert logged_in.get(f"/f/coding/{book}/codebook").get_data(as_text=True).lstrip("\ufeff").startswith("id,name")
    rows = logged_in.get(f"/f/coding/{book}/codings").get_data(as_text=True).splitlines()
    assert rows[0].lstrip("\ufeff").split(",")[:2] == ["text_key", "session"] and len(rows) == 3
    assert "'=HYPERLINK" in rows[1]  # a code name is never a formula in a spreadsheet
    workbook = load_workbook(io.BytesIO(logged_in.get(f"/f/coding/{book}/xlsx").data))
    assert workbook.sheetnames == ["codes", "codings"]
    assert workbook["codes"]["B2"].data_type == "s"
    archive = zipfile.ZipFile(io.BytesIO(logged_in.get(f"/f/coding/{book}/qdpx").data))
    assert "project.qde" in archive.namelist()


def test_import_codebook_csv_from_the_browser(logged_in, db):
    book = _book(logged_in, _session(db))
    data = {"file": (io.BytesIO("name,description\nregie,Wie stuurt\ninformatiedeling,\n".encode()), "c.csv")}
    logged_in.post(f"/f/coding/{book}/import", data=data, content_type="multipart/form-data")
    assert [c["name"] for c in store.codes(db, book)] == ["regie", "informatiedeling"]


def test_another_facilitator_cannot_see_or_code_a_codebook_of_sessions_not_theirs(app, logged_in, db):
    mine = _session(db, created_by=1)
    book = _book(logged_in, mine)
    accounts.add(db, "eva", "een ander wachtwoord")
    other = app.test_client()
    assert other.post("/login", data={"name": "eva", "password": "een ander wachtwoord"}).status_code == 302
    assert other.get(f"/f/coding/{book}").status_code == 404
    key = codebook_texts(db, [mine["id"]])[0].key
    assert other.post(f"/f/coding/{book}/apply", json={"text_key": key, "code_id": None}).status_code == 404
    assert "GIPZ 2026" not in other.get("/f/coding/").get_data(as_text=True)
    assert other.post("/f/coding/", data={"name": "x", "session": [str(mine["id"])]}).status_code == 404
    assert json.dumps(store.seen_texts(db, book)) == "[]"


def test_a_codebook_whose_sessions_are_gone_stays_its_makers(app, logged_in, db):
    mine = _session(db, created_by=1)
    book = _book(logged_in, mine)
    logged_in.post(f"/f/coding/{book}/codes", data={"name": "bereikbaarheid"})
    store.delete_session(db, mine["id"])
    assert store.codebook(db, book)["session_ids"] == []
    accounts.add(db, "eva", "een ander wachtwoord")
    other = app.test_client()
    assert other.post("/login", data={"name": "eva", "password": "een ander wachtwoord"}).status_code == 302
    assert other.get(f"/f/coding/{book}").status_code == 404
    assert "GIPZ 2026" not in other.get("/f/coding/").get_data(as_text=True)
    assert logged_in.get(f"/f/coding/{book}").status_code == 200


def test_a_study_codebook_covers_later_sessions_and_colleagues_of_the_study_code_too(app, logged_in, db):
    from workshop import studies

    study = studies.create(db, "GIPZ 2026", 1)
    first = _session(db, created_by=1)
    studies.add_session(db, study, first, 1)
    response = logged_in.post("/f/coding/", data={"name": "", "study": str(study["id"])})
    book = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert store.codebook(db, book)["name"] == "GIPZ 2026"
    later = _session(db, created_by=1)
    studies.add_session(db, study, later, 1)
    assert store.codebook(db, book)["session_ids"] == [first["id"], later["id"]]
    accounts.add(db, "eva", "een ander wachtwoord")
    colleague = app.test_client()
    assert colleague.post("/login", data={"name": "eva", "password": "een ander wachtwoord"}).status_code == 302
    assert colleague.get(f"/f/coding/{book}").status_code == 404
    studies.share(db, study, "eva", 1)
    page = colleague.get(f"/f/coding/{book}").get_data(as_text=True)
    assert page.count('class="coded-text') == 24  # both sessions' answers
    key = codebook_texts(db, [later["id"]])[0].key
    assert colleague.post(f"/f/coding/{book}/apply", json={"text_key": key, "code_id": None}).get_json()["ok"]
