"""Coding what people said: codebook, texts, coding, agreement on hand-computed examples, themes, counts."""

from __future__ import annotations

import pytest

from workshop import db as database
from workshop import deck as decks
from workshop import sessions, store
from workshop.coding import agreement, codebook, counts, suggest
from workshop.coding.texts import codebook_texts

DECK = """\
---
title: Coderen
profile:
  - id: domein
    question: Vanuit welk domein werk je?
    options: [Politie, Zorg]
---
## Wat gaat goed?

```interaction
kind: open
id: goed
answers: 2
```

---
## Stellingen

```interaction
kind: statements
id: stellingen
statements: [Informatie delen gaat goed]
```
"""

POLICE = ["Korte lijnen met de wijkagent", "Snel contact met het wijkteam", "Informatie delen gaat moeizaam",
          "Korte lijnen, snel schakelen", "Wijkagent kent de mensen", "Informatie delen mag niet altijd"]
CARE = ["GGZ is 's avonds slecht bereikbaar", "Crisisdienst 's nachts slecht bereikbaar",
        "Bereikbaarheid buiten kantooruren is slecht", "Informatie delen blijft lastig",
        "Na vijf uur niemand bereikbaar", "Samen optrekken werkt"]


@pytest.fixture
def db(tmp_path):
    connection = database.init(str(tmp_path / "c.db"))
    for name in ("anna", "bram", "cees"):
        store.add_facilitator(connection, name, "x")
    yield connection
    connection.close()


@pytest.fixture
def coded_session(db):
    """A session with 12 open answers (6 police, 6 care), a seeded and a participant's statement, a note."""
    session = sessions.start_session(db, decks.parse(DECK, "c.md"), "gemeente", "Zeist", "2026-03-02")
    store.set_question_status(db, session["id"], "goed", "open", None)
    store.set_question_status(db, session["id"], "stellingen", "open", None)
    for number, text in enumerate(POLICE + CARE):
        person, _ = store.join_participant(db, session["id"], f"t{number}")
        store.set_profile(db, person, {"domein": 0 if number < 6 else 1}, consented=True)
        store.save_response(db, session["id"], person, "goed", [text])
    store.add_submission(db, session["id"], "stellingen", "We moeten vaker samen oefenen", "participant",
                         "approved", person)
    store.add_submission(db, session["id"], "stellingen", "Niet goedgekeurd", "participant", "pending", person)
    store.add_note(db, session["id"], 1, "goed", "Veel herkenning over bereikbaarheid.", "Anna")
    return store.session_by_id(db, session["id"])


def test_texts_are_answers_participants_statements_and_notes_never_seeded_or_held(db, coded_session):
    texts = codebook_texts(db, [coded_session["id"]])
    assert [t.text for t in texts if t.source == "open"] == POLICE + CARE
    assert [t.text for t in texts if t.source == "statements"] == ["We moeten vaker samen oefenen"]
    assert [t.text for t in texts if t.source == "note"] == ["Veel herkenning over bereikbaarheid."]
    assert texts[0].group("domein") == "Politie" and texts[6].group("domein") == "Zorg"
    assert len({t.key for t in texts}) == len(texts)
    assert all(t.key.startswith(f"s{coded_session['id']}:") for t in texts)


def test_codes_keep_their_id_when_renamed_and_names_are_unique(db, coded_session):
    book = store.create_codebook(db, "GIPZ", [coded_session["id"]], 1)
    regie = codebook.add_code(db, book, "regie", "Wie de leiding neemt")
    text = codebook_texts(db, [coded_session["id"]])[0]
    store.set_coding(db, book, regie, text.key, 1, True)
    codebook.edit_code(db, book, regie, name="Regie en leiding", memo="Vaak bij de politie genoemd")
    assert store.codes(db, book)[0]["name"] == "Regie en leiding"
    assert store.codings(db, book)[0]["code_id"] == regie
    with pytest.raises(codebook.CodebookError):
        codebook.add_code(db, book, "regie en LEIDING")
    with pytest.raises(codebook.CodebookError):
        codebook.add_code(db, book, "  ")


def test_codebook_csv_round_trip_with_parents_in_any_order(db, coded_session):
    book = store.create_codebook(db, "GIPZ", [coded_session["id"]], 1)
    added = codebook.import_csv(db, book, "name,description,parent,memo\n"
                                          "buiten kantooruren,,bereikbaarheid,\n"
                                          "bereikbaarheid,Hoe snel iemand te bereiken is,,\n"
                                          "informatiedeling,,,memo\n")
    assert added == 3
    codes = {c["name"]: c for c in store.codes(db, book)}
    assert codes["buiten kantooruren"]["parent_id"] == codes["bereikbaarheid"]["id"]
    exported = codebook.to_csv(db, book)
    other = store.create_codebook(db, "Kopie", [coded_session["id"]], 1)
    assert codebook.import_csv(db, other, exported) == 3
    assert {c["name"] for c in store.codes(db, other)} == set(codes)
    with pytest.raises(codebook.CodebookError, match="kolom"):
        codebook.import_csv(db, other, "naam\nx\n")
    with pytest.raises(codebook.CodebookError):
        codebook.import_csv(db, other, "name,parent\nx,bestaat-niet\n")


def test_codebook_csv_with_a_mistake_adds_nothing(db, coded_session):
    book = store.create_codebook(db, "GIPZ", [coded_session["id"]], 1)
    with pytest.raises(codebook.CodebookError, match="kring"):
        codebook.import_csv(db, book, "name,parent\nlos,\na,b\nb,a\n")
    with pytest.raises(codebook.CodebookError, match="Regel 3"):
        codebook.import_csv(db, book, "name\nlos\nLos\n")
    assert store.codes(db, book) == []


def _two_coders(db, session_id):
    """Hand-made codings: on 10 texts code A by coder 1 on texts 0-4, by coder 2 on texts 0-3 and 5."""
    book = store.create_codebook(db, "GIPZ", [session_id], 1)
    a = codebook.add_code(db, book, "A")
    keys = [t.key for t in codebook_texts(db, [session_id])][:10]
    for i, key in enumerate(keys):
        store.set_coding(db, book, a, key, 1, i in (0, 1, 2, 3, 4))
        store.set_coding(db, book, a, key, 2, i in (0, 1, 2, 3, 5))
    return book, a, keys


def test_two_coders_kappa_and_alpha_match_hand_computation(db, coded_session):
    # Both yes 4, only coder 1: 1, only coder 2: 1, both no 4.
    # Cohen: po = 0.8, pe = 0.5*0.5 + 0.5*0.5 = 0.5, kappa = (0.8 - 0.5) / 0.5 = 0.6.
    # Krippendorff (nominal): 20 values, o(1,0) = o(0,1) = 2, Do = 4/20 = 0.2,
    # De = 2 * 10 * 10 / (20 * 19) = 0.526, alpha = 1 - 0.2 / 0.526 = 0.62.
    book, a, keys = _two_coders(db, coded_session["id"])
    found = agreement.decisions(store.codings(db, book), store.seen_texts(db, book), [a])
    report = agreement.report(found)
    assert report["texts"] == 10
    assert report["per_code"][0]["kappa"] == 0.6
    assert report["per_code"][0]["alpha"] == 0.62
    assert report["overall"]["percent"] == 80.0
    assert sorted((d["text_key"], d["applied_by"]) for d in report["disagreements"]) == sorted(
        [(keys[4], [1]), (keys[5], [2])])


def test_three_coders_use_krippendorff_alpha_with_missing_texts(db, coded_session):
    # Three coders on 4 texts, coder 3 saw only the first 2. Values per text: t0 (1,1,1), t1 (0,0,0),
    # t2 (1,0,-), t3 (0,0,-). Pairable values n = 10; ones: 3 + 1 = 4, zeros: 3 + 3 = 6.
    # Coincidences: t0 o11 += 3*2/2 = 3*... per Krippendorff o_ck = sum_u pairs/(m_u - 1):
    # t0: 6 ordered 1-1 pairs / 2 = 3; t1: 6 ordered 0-0 pairs / 2 = 3; t2: one 1-0 and one 0-1 pair / 1;
    # t3: two 0-0 ordered pairs / 1 = 2. So o11 = 3, o00 = 5, o10 = o01 = 1.
    # Do = 2/10 = 0.2; De = 2 * 4 * 6 / (10 * 9) = 0.5333; alpha = 1 - 0.2/0.5333 = 0.625.
    book = store.create_codebook(db, "GIPZ", [coded_session["id"]], 1)
    a = codebook.add_code(db, book, "A")
    keys = [t.key for t in codebook_texts(db, [coded_session["id"]])][:4]
    decisions = {1: (1, 0, 1, 0), 2: (1, 0, 0, 0), 3: (1, 0)}
    for coder, values in decisions.items():
        for key, value in zip(keys, values):
            store.set_coding(db, book, a, key, coder, bool(value))
    report = agreement.report(agreement.decisions(store.codings(db, book), store.seen_texts(db, book), [a]))
    assert report["coders"] == [1, 2, 3]
    assert report["per_code"][0]["alpha"] == 0.625
    assert "kappa" not in report["per_code"][0]


def test_agreement_is_undefined_without_variation_or_second_coder(db, coded_session):
    book = store.create_codebook(db, "GIPZ", [coded_session["id"]], 1)
    a = codebook.add_code(db, book, "A")
    keys = [t.key for t in codebook_texts(db, [coded_session["id"]])][:3]
    for key in keys:
        store.mark_seen(db, book, key, 1)
    assert agreement.report(agreement.decisions([], store.seen_texts(db, book), [a]))["overall"] is None
    for key in keys:
        store.mark_seen(db, book, key, 2)
    report = agreement.report(agreement.decisions([], store.seen_texts(db, book), [a]))
    assert report["per_code"][0]["kappa"] is None and report["per_code"][0]["alpha"] is None


def test_themes_group_similar_texts(db, coded_session):
    texts = [(t.key, t.text) for t in codebook_texts(db, [coded_session["id"]]) if t.source == "open"]
    themes = suggest.themes(texts, clusters=3)
    by_key = dict(texts)
    reachable = next(theme for theme in themes if any("bereikba" in w for w in theme["words"]))
    assert sum("bereikba" in by_key[k].lower() for k in reachable["keys"]) >= 3
    assert suggest.themes(texts, clusters=3) == themes  # the same texts give the same suggestions
    assert suggest.themes(texts[:2]) == []


def test_counts_are_people_per_session_and_group_with_k(db, coded_session):
    book = store.create_codebook(db, "GIPZ", [coded_session["id"]], 1)
    reach = codebook.add_code(db, book, "bereikbaarheid")
    texts = codebook_texts(db, [coded_session["id"]])
    for text in texts:
        if "bereikba" in text.text.lower():
            store.set_coding(db, book, reach, text.key, 1, True)
    coded = counts.coded_texts(store.codings(db, book))
    codes = store.codes(db, book)
    [session] = counts.per_session(texts, coded, codes, k=5)
    # 12 answerers plus the statement's author (already one of them): 12 people; 4 care answers + the note.
    assert session["n"] == 12
    assert session["codes"][reach] == {"count": 4, "share": 33.0}
    assert session["notes"][reach] == 1
    groups = {g["group"]: g for g in counts.per_group(texts, coded, codes, "domein", k=5)}
    assert groups["Zorg"]["codes"][reach] == {"count": 4, "share": 67.0}
    assert groups["Politie"]["codes"][reach]["count"] == 0
    small = {g["group"]: g for g in counts.per_group(texts, coded, codes, "domein", k=7)}
    assert small["Zorg"]["suppressed"] and small["Zorg"]["codes"] == {}


def test_deleting_a_session_removes_its_codings(db, coded_session):
    book, a, keys = _two_coders(db, coded_session["id"])
    store.delete_session(db, coded_session["id"])
    assert store.codings(db, book) == [] and store.seen_texts(db, book) == []
    assert store.codebook(db, book)["session_ids"] == []


def test_command_line_makes_imports_exports_and_measures(tmp_path, db, coded_session):
    from click.testing import CliRunner

    from workshop.cli import cli

    path = str(tmp_path / "c.db")
    run = CliRunner().invoke
    made = run(cli, ["--db", path, "coding", "new", "GIPZ", coded_session["code"]])
    assert made.exit_code == 0, made.output
    book = int(made.output.strip())
    (tmp_path / "codes.csv").write_text("name,description\nbereikbaarheid,\nregie,\n", encoding="utf-8")
    assert "2 codes added" in run(cli, ["--db", path, "coding", "import", str(book), str(tmp_path / "codes.csv")]).output
    for suffix in ("csv", "xlsx", "qdpx"):
        result = run(cli, ["--db", path, "coding", "export", str(book), "-o", str(tmp_path / f"out.{suffix}")])
        assert result.exit_code == 0 and (tmp_path / f"out.{suffix}").stat().st_size > 0
    refused = run(cli, ["--db", path, "coding", "agreement", str(book)])
    assert refused.exit_code == 1 and "two coders" in refused.output
    key = codebook_texts(db, [coded_session["id"]])[0].key
    code = store.codes(db, book)[0]["id"]
    store.set_coding(db, book, code, key, 1, True)
    store.set_coding(db, book, code, key, 2, False)
    result = run(cli, ["--db", path, "coding", "agreement", str(book)])
    assert result.exit_code == 0 and "1 differences to resolve" in result.output
    assert "Error" in run(cli, ["--db", path, "coding", "export", "999", "-o", "x.qdpx"]).output


def test_percent_agreement_rounds_halves_up_like_every_figure():
    texts = [f"t{i}" for i in range(16)]
    found = agreement.Decisions(coders=[1, 2], codes=[7], seen={1: set(texts), 2: set(texts)},
                                applied={**{(1, t): {7} for t in texts[1:]}, (2, "t0"): {7}, (2, "t1"): {7}})
    assert agreement.report(found)["overall"]["percent"] == 6.3  # 1 of 16 alike: 6.25, not round()'s 6.2


def test_summary_deck_shows_code_counts_as_shares_with_k(db, coded_session):
    from workshop.export.pptx import summary_deck

    book = store.create_codebook(db, "GIPZ", [coded_session["id"]], 1)
    reach = codebook.add_code(db, book, "bereikbaarheid")
    codebook.add_code(db, book, "regie")
    for text in codebook_texts(db, [coded_session["id"]]):
        if "bereikba" in text.text.lower():
            store.set_coding(db, book, reach, text.key, 1, True)

    def code_charts(prs):
        return [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart
                and list(shape.chart.plots[0].categories)[0].startswith("bereikbaarheid")]

    [chart] = code_charts(summary_deck(db, coded_session))
    assert list(chart.plots[0].categories) == ["bereikbaarheid (4 van 12)", "regie (0 van 12)"]
    assert list(chart.plots[0].series[0].values) == [33.0, 0.0]  # 4 of 12 participants
    store.set_min_group(db, coded_session["id"], 13)
    prs = summary_deck(db, store.session_by_id(db, coded_session["id"]))
    assert code_charts(prs) == []
    assert any("Minder dan 13 deelnemers met een tekst" in shape.text_frame.text for slide in prs.slides
               for shape in slide.shapes if shape.has_text_frame)
