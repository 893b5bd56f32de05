"""Meeting notes: from the control view and from a note-taker's link, tied to the slide on screen."""

import re

from workshop import store
from workshop.live import FACILITATOR

from .test_live import emit


def test_control_view_notes_attach_to_the_current_slide(db, session_row, presenter):
    code = session_row["code"]
    screen = presenter(code)
    emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)
    ack = emit(screen, "note", {"code": code, "text": "Politie herkent zich in de cijfers"}, FACILITATOR)
    assert ack["ok"] and (ack["note"]["slide"], ack["note"]["question_id"]) == (1, "domein")
    assert ack["note"]["author"] == "admin"
    assert emit(screen, "note", {"code": code, "text": "  "}, FACILITATOR)["error"] == "een notitie is leeg"
    assert [n["text"] for n in store.notes(db, session_row["id"])] == ["Politie herkent zich in de cijfers"]


def test_note_taker_link_adds_notes_without_an_account(app, db, session_row, logged_in):
    page = logged_in.get(f"/f/s/{session_row['code']}").text
    link = re.search(r'value="(http://localhost/n/[^"]+)"', page).group(1)
    anonymous = app.test_client()
    path = link.removeprefix("http://localhost")
    assert "Nu op het scherm" in anonymous.get(path).text
    response = anonymous.post(path, data={"text": "Zorg mist terugkoppeling", "author": "JK"})
    assert response.status_code == 302
    (note,) = store.notes(db, session_row["id"])
    assert (note["text"], note["author"], note["slide"]) == ("Zorg mist terugkoppeling", "JK", 0)
    assert "Zorg mist terugkoppeling" in anonymous.get(path).text


def test_a_forged_or_foreign_note_link_is_refused(app, session_row):
    client = app.test_client()
    assert client.get("/n/not-a-token").status_code == 404
    assert client.post("/n/eyJzZXNzaW9uIjoxfQ.forged", data={"text": "x"}).status_code == 404
