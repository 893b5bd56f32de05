"""The research downloads and the comparison page in the facilitator area (login required, no inline code)."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Inches

from workshop import deck as decks
from workshop.export import charts, compare, factsheet
from workshop.views import research

from .conftest import PASSWORD
from .test_export_data import RESEARCH_DECK, read_csv, simulate


@pytest.fixture
def web(app):
    """A logged-in client."""
    client = app.test_client()
    assert client.post("/login", data={"name": "admin", "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def two(db):
    deck = decks.parse(RESEARCH_DECK, "r.md")
    return [simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: 7, 1: 6}),
            simulate(db, deck, "gemeente", "Zeist", "2026-11-30", {0: 6, 1: 5}, seed=2)]


def downloaded(response, kind: str) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == research.TYPES[kind].split(";")[0]
    assert response.headers["Content-Disposition"].startswith("attachment")
    return response.data


def test_downloads_need_a_login(app, two):
    client = app.test_client()
    code = two[0]["code"]
    for url in (f"/f/s/{code}/export/data.csv", "/f/compare", f"/f/compare.pptx?code={code}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_session_downloads(web, two, monkeypatch):
    code = two[0]["code"]
    base = f"/f/s/{code}/export"
    deck = Presentation(io.BytesIO(downloaded(web.get(f"{base}/deck.pptx"), "pptx")))
    assert any(shape.has_chart for slide in deck.slides for shape in slide.shapes)
    sheet = Presentation(io.BytesIO(downloaded(web.get(f"{base}/factsheet.pptx"), "pptx")))
    assert sheet.slide_height == Inches(10.83)
    assert {r["session"] for r in read_csv(downloaded(web.get(f"{base}/data.csv"), "csv"))} == {code}
    book = load_workbook(io.BytesIO(downloaded(web.get(f"{base}/data.xlsx"), "xlsx")))
    assert {"codebook", "notes", "log"} <= set(book.sheetnames)
    assert json.loads(downloaded(web.get(f"{base}/data.json"), "json"))["sessions"][0]["code"] == code
    assert downloaded(web.get(f"{base}/chart/ervaring.svg"), "svg").startswith(b"<svg")
    assert downloaded(web.get(f"{base}/chart/rol.png?by=domein"), "png").startswith(b"\x89PNG")
    for missing in (f"{base}/chart/nope.svg", f"{base}/chart/rol.gif", f"{base}/data.txt",
                    "/f/s/NOPE99/export/deck.pptx", f"{base}/factsheet.doc"):
        assert web.get(missing).status_code == 404, missing
    monkeypatch.setattr(factsheet.shutil, "which", lambda name: None)
    response = web.get(f"{base}/factsheet.pdf")
    assert response.status_code == 503 and "LibreOffice" in response.get_data(as_text=True)


def test_comparison_page_shows_bars_without_inline_code_and_offers_the_deck(web, two, db):
    codes = [s["code"] for s in two]
    picker = web.get("/f/compare").get_data(as_text=True)
    assert all(f'name="code" value="{c}"' in picker for c in codes)
    page = web.get(f"/f/compare?code={codes[0]}&code={codes[1]}").get_data(as_text=True)
    assert "<svg" in page and "style=" not in page and "<script" not in page
    assert "Alle gemeentelijke sessies" in page and "Utrecht 29 november 2026" in page
    assert f"/f/compare.pptx?code={codes[0]}&amp;code={codes[1]}" in page or \
        f"/f/compare.pptx?code={codes[1]}&amp;code={codes[0]}" in page
    # one chart per question, and its table carries the comparison's own numbers, each series' n once
    data = compare.comparison(db, two)
    assert page.count("<svg") == sum(1 for item in data["questions"] if item["chart"])
    expected = data["questions"][0]["chart"]
    section = page.split(f"<h2>{data['questions'][0]['question'].text}</h2>")[1].split("</section>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", section.split("<table")[1])
    assert cells == [charts.formatted(values[i], expected.number_format) or "–"
                     for i in range(len(expected.categories)) for _, values in expected.series]
    assert not re.search(r"\(n = \d+\) \(n = \d+\)", page)
    deck = downloaded(web.get(f"/f/compare.pptx?code={codes[0]}&code={codes[1]}"), "pptx")
    prs = Presentation(io.BytesIO(deck))
    assert any(shape.name.startswith("compare:") for s in prs.slides for shape in s.shapes)
    rows = read_csv(downloaded(web.get(f"/f/compare/data.csv?code={codes[0]}&code={codes[1]}"), "csv"))
    assert {r["session"] for r in rows} == set(codes)


def test_comparison_page_notes_and_reasons_follow_the_interface_language(web, db):
    deck = decks.parse(RESEARCH_DECK, "r.md")
    other = decks.parse(RESEARCH_DECK.replace("id: rol\n", "id: rol-anders\n"), "r2.md")
    codes = [simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: 7}, skip=0)["code"],
             simulate(db, other, "gemeente", "Zeist", "2026-11-30", {0: 3}, seed=2, skip=0)["code"]]
    url = f"/f/compare?code={codes[0]}&code={codes[1]}"
    dutch = web.get(url).get_data(as_text=True)
    assert "Niet opgenomen, minder dan 5 deelnemers antwoordden: Zeist 30 november 2026." in dutch
    assert "(<code>rol</code>): niet in elke sessie; gesteld in Utrecht 29 november 2026" in dutch
    english = web.get(url + "&lang=en").get_data(as_text=True)
    assert "Left out, fewer than 5 participants answered: Zeist November 30, 2026." in english
    # the bars: the sessions' series (by share, with n), and the numbers, in the interface language
    assert "<th>Utrecht November 29, 2026 (n = 7)</th>" in english
    assert re.search(r"<td>\d+\.\d</td>", english) and not re.search(r"<td>\d+,\d</td>", english)
    assert "(<code>rol</code>): not in every session; asked in Utrecht November 29, 2026" in english
    assert "<td>municipal</td>" in english and "samengevoegd" not in english and "niet in elke" not in english
    # the comparison deck stays Dutch
    deck = downloaded(web.get(f"/f/compare.pptx?code={codes[0]}&code={codes[1]}"), "pptx")
    prs = Presentation(io.BytesIO(deck))
    text = " ".join(shape.text_frame.text for s in prs.slides for shape in s.shapes if shape.has_text_frame)
    assert "Niet opgenomen, minder dan 5 deelnemers antwoordden: Zeist" in text
    assert "niet in elke sessie" in text


def test_comparison_page_asks_for_two_sessions(web, two):
    page = web.get(f"/f/compare?code={two[0]['code']}").get_data(as_text=True)
    assert "Kies minstens twee sessies" in page and "<svg" not in page
    assert web.get("/f/compare.pptx").status_code == 404


def test_session_page_partial_links_every_download(app, two):
    from flask import render_template

    from workshop import sessions

    questions = [{"id": q.id, "text": q.text, "kind": q.kind} for q in sessions.deck_of(two[0]).questions]
    with app.test_request_context():
        html = render_template("research/_session_exports.html", session=two[0], questions=questions)
    code = two[0]["code"]
    for url in ("factsheet.pptx", "factsheet.pdf", "data.csv", "data.xlsx", "data.json",
                "chart/rol.png", "chart/ervaring.svg"):
        assert f"/f/s/{code}/export/{url}" in html
    assert "chart/verwachting.png" not in html


@pytest.mark.parametrize("size", [4, 5])
def test_comparison_page_keeps_the_small_group_rule(web, db, size):
    deck = decks.parse(RESEARCH_DECK, "r.md")
    big = simulate(db, deck, "gemeente", "Utrecht", "2026-11-29", {0: 8}, skip=0)
    small = simulate(db, deck, "gemeente", "Zeist", "2026-11-30", {0: size}, seed=2, skip=0)
    page = web.get(f"/f/compare?code={big['code']}&code={small['code']}").get_data(as_text=True)
    assert ("Zeist 30 november 2026 (n = " in page) == (size >= 5)
    left_out = "Niet opgenomen, minder dan 5 deelnemers antwoordden: Zeist 30 november 2026."
    # (with 5 phones, Zeist's open question has fewer shown answers and is left out there alone)
    assert page.count(left_out) == (10 if size < 5 else 1)


def test_comparison_page_and_deck_per_group(web, two):
    codes = "&".join(f"code={s['code']}" for s in two)
    page = web.get(f"/f/compare?{codes}&group=domein=Politie").get_data(as_text=True)
    assert "Alleen de antwoorden van Politie (In welk domein werk je?)." in page
    assert "group=domein%3DPolitie" in page or "group=domein=Politie" in page  # the deck link keeps the group
    assert web.get(f"/f/compare.pptx?{codes}&group=domein=Politie").status_code == 200
    assert web.get(f"/f/compare?{codes}&group=domein=Brandweer").status_code == 404
