"""The infographic across a study of five municipal and three national meetings: k applied, numbers checked."""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest

from workshop import store
from workshop.export import infographic, tables
from workshop.numbers import share

from . import study_data
from .test_export_data import read_csv
from .test_session_lifecycle import run


@pytest.fixture
def gipz(db):
    owner = store.facilitator_by_name(db, "admin")["id"]
    return study_data.build(db, facilitator_id=owner)


def test_numbers_match_the_data_export_and_small_groups_stay_hidden(db, gipz):
    study, rows = gipz
    content = infographic.data(db, rows, study["name"])
    data = [r for r in read_csv(tables.export(db, rows, "csv")) if r["kind"] not in tables.RECORD_KINDS]
    assert content["k"] == 5 and content["sessions"] == 8
    people = {(r["session"], r["participant"]): r for r in data}
    assert content["participants"] == len(people) == 170
    # participants per group and kind of meeting, as the export's profile column counts them
    for entry in content["by_kind"]:
        counted = Counter(p["profile_domein"] for p in people.values() if p["meeting"] == entry["kind"])
        for group in entry["groups"]:
            if group["label"] != "Overig":
                assert group["n"] == counted[group["label"]], (entry["kind"], group)
        assert all(group["n"] >= 5 for group in entry["groups"])
        assert "Anders" not in [g["label"] for g in entry["groups"]]  # 3 in all: merged
    # the largest shares: a statement's agree votes over its votes, as the export's rows give them
    for result in content["results"]:
        assert result["n"] >= 5
        if result["question_id"] == "stellingen-politierol":
            votes = [r for r in data if r["question_id"] == result["question_id"] and r["value"] != "submitted"
                     and r["item"].split(" ", 1)[1] == result["item"]]
            agree = sum(r["value"] == "agree" for r in votes)
            assert (result["hits"], result["n"], result["share"]) == (agree, len(votes), share(agree, len(votes)))
    # police and care: each side's share from the export's rows of that group
    contrasts = content["contrasts"]
    assert contrasts["differ"] and contrasts["agree"]
    statement = next(c for c in contrasts["differ"] if c["question_id"] == "stellingen-politierol")
    for side, label in (("a", "Politie"), ("b", "Zorg")):
        votes = [r for r in data if r["question_id"] == "stellingen-politierol" and r["profile_domein"] == label
                 and r["value"] != "submitted" and r["item"].split(" ", 1)[1] == statement["item"]]
        assert statement[side] == share(sum(r["value"] == "agree" for r in votes), len(votes))
        assert statement[f"n_{side}"] == len(votes) >= 5
    assert [p["place"] for p in content["places"]] == [r["place"] for r in sorted(rows, key=lambda r: r["date"])]


def test_the_svg_shows_the_numbers_and_places(db, gipz):
    study, rows = gipz
    svg = infographic.render(db, rows, "svg", study["name"]).decode()
    content = infographic.data(db, rows, study["name"])
    assert svg.startswith("<?xml") and 'viewBox="0 0 1190 1684"' in svg
    assert "GIPZ 2026" in svg and ">170<" in svg
    for result in content["results"]:
        assert f">{int(result['share'])}%<" in svg
    for place in ("Utrecht", "Apeldoorn", "Eenheid Oost-Nederland", "Breda"):
        assert place in svg
    assert not re.search(r">Anders \d", svg)


def test_k_follows_the_strictest_session(db, gipz):
    _, rows = gipz
    store.set_min_group(db, rows[0]["id"], 40)
    rows = [store.session_by_id(db, r["id"]) for r in rows]
    content = infographic.data(db, rows)
    assert content["k"] == 40
    assert all(r["n"] >= 40 for r in content["results"])
    assert all(g["n"] >= 40 for entry in content["by_kind"] for g in entry["groups"])
    assert all(c["n_a"] >= 40 and c["n_b"] >= 40 for side in content["contrasts"].values() for c in side)


def test_png_and_pdf_are_a3(db, gipz, tmp_path):
    _, rows = gipz
    png = infographic.render(db, rows[:2], "png")
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (2339, 3307)  # A3 (297 x 420 mm) at 200 dpi
    pdf = tmp_path / "i.pdf"
    pdf.write_bytes(infographic.render(db, rows[:2], "pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A3)" in info  # 841.89 x 1190.55 points


def test_the_command_line_writes_each_format_and_takes_a_template(app, db, gipz, tmp_path):
    study, rows = gipz
    codes = [r["code"] for r in rows]
    for suffix in ("svg", "png", "pdf"):
        out = tmp_path / f"i.{suffix}"
        result = run(app, "export", "infographic", *codes[:3], "-o", str(out))
        assert result.exit_code == 0 and out.stat().st_size > 1000, result.output
    result = run(app, "export", "infographic", "--study", "GIPZ 2026", "-o", str(tmp_path / "s.svg"))
    assert "8 sessions" in result.output and "GIPZ 2026" in (tmp_path / "s.svg").read_text()
    assert "use .svg, .png, .pdf" in run(app, "export", "infographic", codes[0], "-o", "x.gif").output
    assert "name sessions" in run(app, "export", "infographic", "-o", str(tmp_path / "x.svg")).output
    mine = tmp_path / "mine.svg"
    mine.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>{{ title }}: {{ participants }}</text></svg>')
    run(app, "export", "infographic", *codes, "--title", "Wand", "--template", str(mine), "-o", str(tmp_path / "w.svg"))
    assert (tmp_path / "w.svg").read_text().endswith("<text>Wand: 170</text></svg>")
    mine.write_text("<svg>{{ nothing_here }}</svg>")
    broken = run(app, "export", "infographic", *codes, "--template", str(mine), "-o", str(tmp_path / "b.svg"))
    assert broken.exit_code == 1 and "nothing_here" in broken.output and "Traceback" not in broken.output


def test_the_study_page_offers_the_infographic(db, logged_in, gipz):
    study, rows = gipz
    page = logged_in.get(f"/f/studies/{study['id']}").text
    assert f"/f/studies/{study['id']}/infographic.png" in page
    picture = logged_in.get(f"/f/studies/{study['id']}/infographic.svg?code={rows[0]['code']}&code={rows[5]['code']}")
    assert picture.status_code == 200 and "Utrecht" in picture.text and "Breda" not in picture.text
