"""The `ideas` kind: settings, collecting with moderation and the privacy guard, curating, the vote counted as
points, ranking or choice, the five-person rule, splits and the exports."""

from __future__ import annotations

import io
import json

import pytest

from workshop import curation, sessions, store
from workshop import deck as decks
from workshop.deck import DeckErrors
from workshop.export import compare, tables
from workshop.export.pptx import summary_deck
from workshop.interactions import REGISTRY, InvalidAnswer, Question, SpecError
from workshop.live import FACILITATOR

from .helpers import emit, make_question

ideas_kind = REGISTRY["ideas"]

DECK = """\
---
title: Ideeën
profile:
  - id: domein
    question: In welk domein werk je?
    options: [Politie, Zorg]
---
# Welkom

---
## Wat zou de samenwerking verbeteren?

```interaction
kind: ideas
id: ideeen
vote: {vote}
{extra}
moderation: {moderation}
per_participant: 3
```
"""

SECRET = "bel Jan de Vries op 06-12345678"


def start(db, vote="points", extra="dots: 3", moderation="post"):
    deck = decks.parse(DECK.format(vote=vote, extra=extra, moderation=moderation), "i.md")
    return sessions.start_session(db, deck, "gemeente", "Utrecht", "2026-11-29")


def question(**spec) -> Question:
    return make_question("ideas", "Wat?", "i", **spec)


# Settings ----------------------------------------------------------------------------------------------


def test_settings_default_to_three_dots_and_pre_moderation():
    assert question().settings == {"vote": "points", "submit": True, "moderation": "pre", "max_length": 120,
                                   "per_participant": 3, "dots": 3}
    assert question(vote="choice", max=2).settings["max"] == 2
    assert "dots" not in question(vote="ranking").settings


@pytest.mark.parametrize(
    ("spec", "message", "key"),
    [
        ({"vote": "stars"}, "'vote' is 'points' (stippen verdelen), 'ranking' (op volgorde) of 'choice' (kiezen)",
         "vote"),
        ({"vote": "ranking", "dots": 3}, "'dots' geldt alleen bij 'vote: points'", "dots"),
        ({"max": 2}, "'max' geldt alleen bij 'vote: choice'", "max"),
        ({"dots": 0}, "'dots' moet tussen 1 en 20 liggen", "dots"),
        ({"dots": "3"}, "'dots' moet een heel getal zijn", "dots"),
        ({"moderation": "later"}, "'moderation' is 'pre' (eerst goedkeuren) of 'post' (meteen tonen)",
         "moderation"),
        ({"max_length": 5}, "'max_length' moet tussen 20 en 300 liggen", "max_length"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(spec, message, key):
    with pytest.raises(SpecError) as caught:
        question(**spec)
    assert (str(caught.value), caught.value.key) == (message, key)


def test_deck_error_points_at_the_line_of_the_bad_setting():
    text = "## Ideeën?\n\n```interaction\nkind: ideas\nvote: ranking\ndots: 3\n```\n"
    with pytest.raises(DeckErrors) as caught:
        decks.parse(text, "t.md")
    assert str(caught.value) == "t.md:6: 'dots' geldt alleen bij 'vote: points'"


# Aggregates, by hand -----------------------------------------------------------------------------------

BALLOT = [{"id": 11, "text": "Samen oefenen", "sources": ["samen oefenen", "oefenen met zijn allen"]},
          {"id": 12, "text": "Eén telefoonnummer", "sources": ["één nummer"]},
          {"id": 13, "text": "Casusoverleg", "sources": ["casusoverleg elke week"]}]


def voting(**spec) -> Question:
    q = question(**spec)
    return Question(q.id, q.kind, q.text, {**q.settings, "phase": "vote", "ballot": BALLOT})


def test_dots_are_summed_per_idea_most_first_with_the_texts_behind_each():
    # Dots per idea, by hand: oefenen 1+0+3 = 4; telefoon 2+0+0 = 2; overleg 0+3+0 = 3.
    result = ideas_kind.aggregate(voting(), [[1, 2, 0], [0, 0, 3], [3, 0, 0]])
    assert result["n"] == 3 and result["total"] == 3
    assert [(i["text"], i["score"], i["sum"], i["mean"]) for i in result["ideas"]] == [
        ("Samen oefenen", 4, 4, 1.3), ("Casusoverleg", 3, 3, 1.0), ("Eén telefoonnummer", 2, 2, 0.7)]
    assert result["ideas"][0]["sources"] == ["samen oefenen", "oefenen met zijn allen"]
    assert result["ideas"][0]["id"] == 11


def test_a_ranking_vote_counts_borda_points_as_the_ranking_kind_does():
    # Borda (3 ideas: 2, 1, 0): oefenen 2+0+1 = 3; telefoon 1+2+2 = 5; overleg 0+1+0 = 1.
    result = ideas_kind.aggregate(voting(vote="ranking"), [[0, 1, 2], [1, 2, 0], [1, 0, 2]])
    assert [(i["text"], i["borda"], i["mean_rank"]) for i in result["ideas"]] == [
        ("Eén telefoonnummer", 5, 1.33), ("Samen oefenen", 3, 2.0), ("Casusoverleg", 1, 2.67)]


def test_a_choice_vote_counts_and_shares_per_idea():
    result = ideas_kind.aggregate(voting(vote="choice", max=2), [[0, 2], [2], [1, 2]])
    assert [(i["text"], i["count"], i["percent"]) for i in result["ideas"]] == [
        ("Casusoverleg", 3, 100.0), ("Samen oefenen", 1, 33.3), ("Eén telefoonnummer", 1, 33.3)]


def test_a_vote_is_checked_by_the_kind_it_is_cast_as():
    with pytest.raises(InvalidAnswer) as caught:
        ideas_kind.validate(voting(), [1, 1, 0])
    assert str(caught.value) == "Je hebt 2 van de 3 punten verdeeld."
    assert ideas_kind.validate(voting(), [0, 3, 0]) == [0, 3, 0]
    with pytest.raises(InvalidAnswer) as caught:
        ideas_kind.validate(voting(vote="choice"), [0, 1])
    assert str(caught.value) == "Kies één antwoord."
    collecting = Question("i", "ideas", "Wat?", {**question().settings, "phase": "collect", "ballot": BALLOT})
    with pytest.raises(InvalidAnswer) as caught:
        ideas_kind.validate(collecting, [1, 1, 1])
    assert str(caught.value) == "Er wordt nog niet gestemd: eerst worden ideeën verzameld."


def test_chart_is_a_bar_of_dots_with_how_many_texts_each_idea_took():
    result = ideas_kind.aggregate(voting(), [[1, 2, 0], [0, 0, 3], [3, 0, 0]])
    chart = ideas_kind.chart(voting(), result)
    assert chart.categories == ["Samen oefenen", "Casusoverleg", "Eén telefoonnummer"]
    assert chart.series == [("Stippen", [4, 3, 2])]
    assert chart.notes == ["2× ingediend", "", ""]
    lines = ideas_kind.texts_behind(voting(), result)
    assert lines == ["1. Samen oefenen (stippen: 4)", "   – samen oefenen", "   – oefenen met zijn allen",
                     "2. Casusoverleg (stippen: 3)", "   – casusoverleg elke week",
                     "3. Eén telefoonnummer (stippen: 2)", "   – één nummer"]


# The live path: collect, curate, vote ------------------------------------------------------------------


def join(phone, code, group=0):
    client = phone(code)
    assert emit(client, "profile", {"answers": {"domein": group}})["ok"]
    return client


def open_ideas(presenter, code):
    screen = presenter(code)
    assert emit(screen, "goto", {"code": code, "slide": 1}, FACILITATOR)["ok"]
    assert emit(screen, "open", {"code": code, "question_id": "ideeen"}, FACILITATOR)["ok"]
    return screen


def submit(client, text):
    return emit(client, "submit", {"question_id": "ideeen", "text": text})


def test_a_held_idea_never_reaches_the_projector_and_every_decision_is_logged(db, phone, presenter, flush):
    row = start(db, moderation="post")
    screen = open_ideas(presenter, row["code"])
    client = join(phone, row["code"])
    assert submit(client, "Samen oefenen in de wijk")["submission"]["status"] == "approved"
    held = submit(client, SECRET)
    assert held["submission"]["status"] == "pending" and held["held"]
    flush()
    seen = json.dumps(screen.get_received(FACILITATOR), ensure_ascii=False)
    assert "Samen oefenen in de wijk" in seen and "06-12345678" not in seen and "Jan de Vries" not in seen
    listed = [i["text"] for i in curation.ideas(db, row["id"], "ideeen")]
    assert listed == ["Samen oefenen in de wijk"]
    # hidden by the facilitator: on no list, no ballot, no export text
    assert emit(screen, "moderate", {"code": row["code"], "submission_id": held["submission"]["id"],
                                     "action": "hide"}, FACILITATOR)["ok"]
    types = [e["type"] for e in store.events(db, row["id"])]
    assert "submission_hidden" in types
    rows = tables.session_rows(db, store.session_by_id(db, row["id"]))
    assert not any("06-12345678" in str(r["item"]) for r in rows)


def test_pre_moderation_keeps_ideas_off_the_list_until_approved(db, phone, presenter):
    row = start(db, moderation="pre")
    screen = open_ideas(presenter, row["code"])
    client = join(phone, row["code"])
    sent = submit(client, "Eén telefoonnummer voor de wijkagent")
    assert sent["submission"]["status"] == "pending"
    assert curation.ideas(db, row["id"], "ideeen") == []
    assert emit(screen, "moderate", {"code": row["code"], "submission_id": sent["submission"]["id"],
                                     "action": "approve"}, FACILITATOR)["ok"]
    assert [i["text"] for i in curation.ideas(db, row["id"], "ideeen")] == ["Eén telefoonnummer voor de wijkagent"]


def test_merging_keeps_the_submitted_texts_and_can_be_undone(db, phone, presenter):
    row = start(db)
    screen = open_ideas(presenter, row["code"])
    client = join(phone, row["code"])
    a = submit(client, "samen oefenen")["submission"]["id"]
    b = submit(client, "oefenen met zijn allen")["submission"]["id"]
    c = submit(client, "een nummer voor alles")["submission"]["id"]
    code = row["code"]
    merged = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [a, b],
                                          "text": "Samen oefenen"}, FACILITATOR)
    assert merged["ok"], merged
    listed = curation.ideas(db, row["id"], "ideeen")
    assert [(i["text"], [s["text"] for s in i["sources"]]) for i in listed] == [
        ("een nummer voor alles", ["een nummer voor alles"]),
        ("Samen oefenen", ["samen oefenen", "oefenen met zijn allen"])]
    assert store.submission(db, a)["text"] == "samen oefenen"  # as submitted
    # a typo in a participant's idea: a curated idea of one, the participant's text stays
    fixed = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [c],
                                         "text": "Eén nummer voor alles"}, FACILITATOR)
    assert store.submission(db, c)["text"] == "een nummer voor alles"
    # a typo in a curated idea: corrected in place
    again = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [merged["idea"]],
                                         "text": "Samen oefenen in de wijk"}, FACILITATOR)
    assert again["idea"] == merged["idea"]
    assert emit(screen, "ideas_undo", {"code": code, "question_id": "ideeen", "idea": fixed["idea"]},
                FACILITATOR)["ideas"] == [c]
    texts = sorted(i["text"] for i in curation.ideas(db, row["id"], "ideeen"))
    assert texts == ["Samen oefenen in de wijk", "een nummer voor alles"]
    refused = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [a], "text": "x y z"},
                   FACILITATOR)
    assert refused == {"ok": False, "error": "Kies ideeën uit de lijst."}
    # a merged idea hidden in moderation gives its ideas back to the list
    merged_again = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [merged["idea"], c],
                                                "text": "Alles samen"}, FACILITATOR)
    assert texts and len(curation.ideas(db, row["id"], "ideeen")) == 1
    assert emit(screen, "moderate", {"code": code, "submission_id": merged_again["idea"], "action": "hide"},
                FACILITATOR)["ok"]
    assert sorted(i["text"] for i in curation.ideas(db, row["id"], "ideeen")) == texts
    types = [e["type"] for e in store.events(db, row["id"])]
    assert types.count("ideas_merged") == 3 and "idea_edited" in types and "ideas_unmerged" in types


def test_the_vote_is_on_the_frozen_list_and_counted_as_points(db, phone, presenter, flush, every_aggregate):
    row = start(db)
    code = row["code"]
    screen = open_ideas(presenter, code)
    phones = [join(phone, code, group) for group in (0, 1)]
    a = submit(phones[0], "samen oefenen")["submission"]["id"]
    b = submit(phones[1], "oefenen met zijn allen")["submission"]["id"]
    submit(phones[1], "een nummer voor alles")
    submit(phones[0], "vaker casusoverleg")
    assert emit(phones[0], "respond", {"question_id": "ideeen", "value": [3, 0, 0]})["error"] == (
        "Er wordt nog niet gestemd: eerst worden ideeën verzameld.")
    emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [a, b], "text": "Samen oefenen"},
         FACILITATOR)
    opened = emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "vote"}, FACILITATOR)
    assert opened["ok"], opened
    state = phones[0].get_received("/participant")[-1]["args"][0]
    voted_as = state["question"]["settings"]["voted_as"]
    assert voted_as == {"items": ["een nummer voor alles", "vaker casusoverleg", "Samen oefenen"], "total": 3,
                        "dots": True}  # the phone says dots and ideas (points.js)
    assert "ballot" not in state["question"]["settings"]
    assert submit(phones[0], "nog een idee")["error"] == "Het verzamelen is voorbij: er wordt nu gestemd."
    assert emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [a], "text": "abc"},
                FACILITATOR)["error"] == "De stemming is open: de lijst met ideeën ligt vast."
    assert emit(phones[0], "respond", {"question_id": "ideeen", "value": [0, 1, 2]})["ok"]
    assert emit(phones[1], "respond", {"question_id": "ideeen", "value": [1, 0, 2]})["ok"]
    assert emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "collect"},
                FACILITATOR)["error"] == "Er is al gestemd: de lijst kan niet meer veranderen."
    result = sessions.result_of(db, row, sessions.deck_of(row).question("ideeen"))
    assert [(i["text"], i["score"]) for i in result["ideas"]] == [
        ("Samen oefenen", 4), ("een nummer voor alles", 1), ("vaker casusoverleg", 1)]
    assert result["ideas"][0]["sources"] == ["samen oefenen", "oefenen met zijn allen"]
    assert "ideas_vote_opened" in [e["type"] for e in store.events(db, row["id"])]


def test_a_vote_needs_two_ideas_and_a_ranking_at_most_ten(db, phone, presenter):
    row = start(db, vote="ranking", extra="")
    code = row["code"]
    screen = open_ideas(presenter, code)
    opened = {"code": code, "question_id": "ideeen", "phase": "vote"}
    people = [join(phone, code) for _ in range(5)]
    submit(people[0], "samen oefenen")
    assert emit(screen, "ideas_phase", opened, FACILITATOR)["error"] == "Er zijn minstens 2 ideeën nodig om te stemmen."
    for number in range(10):
        submit(people[1 + number // 3], f"idee nummer {'abcdefghij'[number]}")
    assert emit(screen, "ideas_phase", opened, FACILITATOR)["error"] == (
        "Op volgorde zetten kan met hoogstens 10 ideeën: voeg er eerst samen.")
    first, second = [i["id"] for i in curation.ideas(db, row["id"], "ideeen")][:2]
    assert emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [first, second],
                                        "text": "Samen oefenen"}, FACILITATOR)["ok"]
    assert emit(screen, "ideas_phase", opened, FACILITATOR)["ok"]
    assert store.question_state(db, row["id"], "ideeen")["phase"] == "vote"


def test_an_ended_session_opens_no_vote(db, phone, presenter):
    row = start(db)
    screen = open_ideas(presenter, row["code"])
    for text in ("samen oefenen", "een nummer voor alles"):
        submit(join(phone, row["code"]), text)
    sessions.end_session(db, store.session_by_id(db, row["id"]), None)
    ack = emit(screen, "ideas_phase", {"code": row["code"], "question_id": "ideeen", "phase": "vote"}, FACILITATOR)
    assert ack == {"ok": False, "error": "Deze sessie is beëindigd; heropen haar eerst."}
    assert store.question_state(db, row["id"], "ideeen").get("phase") is None


def test_fewer_than_k_voters_show_no_result_and_small_groups_no_split(db, phone, presenter, flush):
    row = start(db)
    code = row["code"]
    screen = open_ideas(presenter, code)
    phones = [join(phone, code, 0) for _ in range(5)] + [join(phone, code, 1) for _ in range(2)]
    submit(phones[0], "samen oefenen")
    submit(phones[1], "een nummer voor alles")
    emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "vote"}, FACILITATOR)
    for client in phones[:4]:
        assert emit(client, "respond", {"question_id": "ideeen", "value": [3, 0]})["ok"]
    q = sessions.deck_of(row).question("ideeen")
    withheld = sessions.result_of(db, row, q)
    assert withheld["withheld"] and withheld["n"] == 4 and all(i["score"] == 0 for i in withheld["ideas"])
    for client in phones[4:]:
        assert emit(client, "respond", {"question_id": "ideeen", "value": [1, 2]})["ok"]
    shown = sessions.result_of(db, row, q)
    assert not shown.get("withheld") and [i["score"] for i in shown["ideas"]] == [4 * 3 + 3 * 1, 3 * 2]
    emit(screen, "close", {"code": code, "question_id": "ideeen"}, FACILITATOR)
    split = sessions.split_result(db, row, q, "domein")
    # 5 police, 2 care: care is under k, so no group stands alone
    assert all(g["n"] >= 5 for g in split["groups"]) and len(split["groups"]) <= 1


def test_split_counts_each_group_with_the_vote_kind(db, phone, presenter):
    row = start(db)
    code = row["code"]
    screen = open_ideas(presenter, code)
    police = [join(phone, code, 0) for _ in range(5)]
    care = [join(phone, code, 1) for _ in range(5)]
    submit(police[0], "samen oefenen")
    submit(care[0], "een nummer voor alles")
    emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "vote"}, FACILITATOR)
    for client in police:
        emit(client, "respond", {"question_id": "ideeen", "value": [3, 0]})
    for client in care:
        emit(client, "respond", {"question_id": "ideeen", "value": [1, 2]})
    emit(screen, "close", {"code": code, "question_id": "ideeen"}, FACILITATOR)
    split = sessions.split_result(db, row, sessions.deck_of(row).question("ideeen"), "domein")
    by_group = {g["label"]: [(i["text"], i["score"]) for i in g["result"]["ideas"]] for g in split["groups"]}
    assert by_group == {"Politie": [("samen oefenen", 15), ("een nummer voor alles", 0)],
                        "Zorg": [("een nummer voor alles", 10), ("samen oefenen", 5)]}


# Exports -----------------------------------------------------------------------------------------------


def voted_session(db, phone, presenter):
    row = start(db)
    code = row["code"]
    screen = open_ideas(presenter, code)
    people = [join(phone, code, n % 2) for n in range(6)]
    a = submit(people[0], "samen oefenen")["submission"]["id"]
    b = submit(people[1], "oefenen met zijn allen")["submission"]["id"]
    submit(people[2], "een nummer voor alles")
    merged = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [a, b],
                                          "text": "Samen oefenen"}, FACILITATOR)["idea"]
    emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "vote"}, FACILITATOR)
    for client in people:
        emit(client, "respond", {"question_id": "ideeen", "value": [1, 2]})
    emit(screen, "close", {"code": code, "question_id": "ideeen"}, FACILITATOR)
    return store.session_by_id(db, row["id"]), a, b, merged


def test_data_export_links_submitted_ideas_to_their_idea_and_has_the_votes(db, phone, presenter):
    row, a, b, merged = voted_session(db, phone, presenter)
    rows = [r for r in tables.session_rows(db, row) if r["question_id"] == "ideeen"]
    submitted = [(r["participant"], r["item"]) for r in rows if r["value"] == "submitted"]
    assert submitted == [("P001", f"#{a} samen oefenen → idee #{merged}"),
                         ("P002", f"#{b} oefenen met zijn allen → idee #{merged}"),
                         ("P003", f"#{a + 2} een nummer voor alles → idee #{a + 2}")]
    votes = [(r["participant"], r["item"], r["value"]) for r in rows if r["value"] != "submitted"]
    assert votes[:2] == [("P001", f"#{a + 2} een nummer voor alles", 1), ("P001", f"#{merged} Samen oefenen", 2)]
    assert len(votes) == 12
    curated = [r for r in tables.record_rows(db, row) if r["kind"] == "idea"]
    assert [(r["item"], r["value"]) for r in curated] == [
        (f"#{a + 2} · ideeen", f"een nummer voor alles (ingediend: #{a + 2})"),
        (f"#{merged} · ideeen", f"Samen oefenen (ingediend: #{a}, #{b})")]
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(tables.export(db, [row], "xlsx")))
    assert [list(r) for r in book["ideas"].iter_rows(min_row=2, values_only=True)][1][2:] == [
        "ideeen", f"#{merged} · ideeen", f"Samen oefenen (ingediend: #{a}, #{b})"]
    entry = next(e for e in tables.codebook_entries(row) if e["question_id"] == "ideeen")
    assert "dots" in entry["values"] and "3 dots" in entry["details"]


def test_sessions_are_not_compared_on_their_own_lists_of_ideas(db, phone, presenter):
    made = []
    for _ in range(2):
        row = start(db, vote="ranking", extra="")
        code = row["code"]
        screen = open_ideas(presenter, code)
        people = [join(phone, code) for _ in range(5)]
        for number, text in enumerate(("samen oefenen", "een nummer", "vaker overleg")):
            submit(people[number], text)
        emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "vote"}, FACILITATOR)
        for client in people:
            assert emit(client, "respond", {"question_id": "ideeen", "value": [2, 0, 1]})["ok"]
        made.append(store.session_by_id(db, row["id"]))
    found = compare.comparison(db, made)
    (item,) = [i for i in found["questions"] if i["question"].id == "ideeen"]
    assert item["chart"] is None  # each session voted on its own list: no series to set side by side
    assert compare.compare_deck(db, made) is not None


def test_summary_deck_has_an_editable_chart_and_the_texts_behind_each_idea(db, phone, presenter):
    row, *_ = voted_session(db, phone, presenter)
    deck = summary_deck(db, row)
    charts = [s for slide in deck.slides for s in slide.shapes if s.has_chart and s.name == "chart:ideeen"]
    assert len(charts) == 1
    plot = charts[0].chart.plots[0]
    assert next(iter(plot.categories)).startswith("Samen oefenen") and list(plot.series[0].values) == [12, 6]
    texts = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                      if shape.has_text_frame)
    assert "1. Samen oefenen (stippen: 12)" in texts and "– oefenen met zijn allen" in texts


# Hiding after the vote opened --------------------------------------------------------------------------

NAMED = "de wijkagent is lui en onbetrouwbaar"


def deck_text(db, row):
    deck = summary_deck(db, store.session_by_id(db, row["id"]))
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)


def test_an_idea_hidden_after_the_vote_opened_reaches_no_screen_and_takes_no_vote(db, phone, presenter, flush):
    row = start(db)
    code = row["code"]
    screen = open_ideas(presenter, code)
    people = [join(phone, code, n % 2) for n in range(6)]
    a = submit(people[0], "samen oefenen")["submission"]["id"]
    b = submit(people[1], "oefenen zonder de luie wijkagent")["submission"]["id"]
    c = submit(people[2], NAMED)["submission"]["id"]
    merged = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [a, b],
                                          "text": "Samen oefenen"}, FACILITATOR)["idea"]
    assert emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "vote"}, FACILITATOR)["ok"]
    for client in people[:3]:  # voted before the hiding: their dots stay where they were put
        assert emit(client, "respond", {"question_id": "ideeen", "value": [1, 2]})["ok"]
    for hidden in (b, c):
        assert emit(screen, "moderate", {"code": code, "submission_id": hidden, "action": "hide"}, FACILITATOR)["ok"]
    flush()
    screen.get_received(FACILITATOR)  # what was shown before the hiding is not at issue here
    people[4].get_received("/participant")
    ballot = sessions.asked(db, store.session_by_id(db, row["id"]), decks_question(row)).settings["ballot"]
    assert [(i["id"], i["text"], i["sources"]) for i in ballot] == [
        (c, "[niet vrijgegeven]", []), (merged, "Samen oefenen", ["samen oefenen"])]  # ids and places hold
    refused = emit(people[3], "respond", {"question_id": "ideeen", "value": [1, 2]})
    assert refused == {"ok": False, "error": "Dit idee is niet vrijgegeven: stem op een ander idee."}
    for client in people[3:]:
        assert emit(client, "respond", {"question_id": "ideeen", "value": [0, 3]})["ok"]
    emit(screen, "show", {"code": code, "question_id": "ideeen", "visible": True}, FACILITATOR)
    flush()
    seen = json.dumps(screen.get_received(FACILITATOR), ensure_ascii=False)
    on_phone = json.dumps(people[4].get_received("/participant"), ensure_ascii=False)
    assert "[niet vrijgegeven]" in seen
    voted_as = ideas_kind.public(sessions.asked(db, store.session_by_id(db, row["id"]), decks_question(row)))
    assert voted_as["settings"]["voted_as"]["hidden"] == [0]  # the phone offers it no dots
    for text in ("lui", "oefenen zonder"):
        assert text not in seen and text not in on_phone
    texts = deck_text(db, row)
    assert "lui" not in texts and "oefenen zonder" not in texts
    assert "1. Samen oefenen (stippen: 15)" in texts and "2. [niet vrijgegeven] (stippen: 3)" in texts


def decks_question(row):
    return next(q for q in sessions.deck_of(row).questions if q.id == "ideeen")


def test_hiding_a_participants_idea_hides_the_facilitators_corrected_copy(db, phone, presenter):
    row = start(db)
    code = row["code"]
    screen = open_ideas(presenter, code)
    client = join(phone, code)
    kept = submit(client, "samen oefenen")["submission"]["id"]
    typo = submit(client, "de wijkagnet is lui en onbetrouwbaar")["submission"]["id"]
    fixed = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [typo], "text": NAMED},
                 FACILITATOR)
    assert fixed["ok"]
    assert emit(screen, "moderate", {"code": code, "submission_id": typo, "action": "hide"}, FACILITATOR)["ok"]
    assert [i["id"] for i in curation.ideas(db, row["id"], "ideeen")] == [kept]
    # and once frozen: the corrected copy on the ballot shows as hidden when its only source is hidden
    second = join(phone, code)
    other = submit(second, "vaker overleg")["submission"]["id"]
    again = submit(second, "die agent moet weg")["submission"]["id"]
    copy = emit(screen, "ideas_merge", {"code": code, "question_id": "ideeen", "ideas": [again],
                                        "text": "Die agent moet weg!"}, FACILITATOR)["idea"]
    assert emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "vote"}, FACILITATOR)["ok"]
    assert emit(screen, "moderate", {"code": code, "submission_id": again, "action": "hide"}, FACILITATOR)["ok"]
    ballot = sessions.asked(db, store.session_by_id(db, row["id"]), decks_question(row)).settings["ballot"]
    assert [(i["id"], i["text"]) for i in ballot] == [(kept, "samen oefenen"), (other, "vaker overleg"),
                                                      (copy, "[niet vrijgegeven]")]


def test_the_export_lists_the_ideas_voted_on_and_marks_those_not_on_the_ballot(db, phone, presenter):
    row = start(db, moderation="pre")
    code = row["code"]
    screen = open_ideas(presenter, code)
    people = [join(phone, code, n % 2) for n in range(5)]
    ids = [submit(people[n], text)["submission"]["id"]
           for n, text in enumerate(["samen oefenen", "een nummer", NAMED, "later goedgekeurd"])]
    for idea in ids[:3]:
        assert emit(screen, "moderate", {"code": code, "submission_id": idea, "action": "approve"}, FACILITATOR)["ok"]
    assert emit(screen, "ideas_phase", {"code": code, "question_id": "ideeen", "phase": "vote"}, FACILITATOR)["ok"]
    for client in people:
        assert emit(client, "respond", {"question_id": "ideeen", "value": [1, 1, 1]})["ok"]
    for idea, action in ((ids[3], "approve"), (ids[2], "hide")):
        assert emit(screen, "moderate", {"code": code, "submission_id": idea, "action": action}, FACILITATOR)["ok"]
    session = store.session_by_id(db, row["id"])
    records = [(r["item"], r["value"]) for r in tables.record_rows(db, session) if r["kind"] == "idea"]
    assert records == [
        (f"#{ids[0]} · ideeen", f"samen oefenen (ingediend: #{ids[0]})"),
        (f"#{ids[1]} · ideeen", f"een nummer (ingediend: #{ids[1]})"),
        (f"#{ids[2]} · ideeen", f"[niet vrijgegeven] (ingediend: #{ids[2]})"),  # hidden, but it has votes
        (f"#{ids[3]} · ideeen", f"later goedgekeurd (ingediend: #{ids[3]}) [niet in de stemming]")]
    rows = tables.session_rows(db, session)
    assert [r["item"] for r in rows if r["value"] == "submitted"] == [
        f"#{ids[0]} samen oefenen → idee #{ids[0]}", f"#{ids[1]} een nummer → idee #{ids[1]}",
        f"#{ids[2]} [niet vrijgegeven] → idee #{ids[2]}", f"#{ids[3]} later goedgekeurd → niet in de stemming"]
    voted = {r["item"] for r in rows if r["question_id"] == "ideeen" and r["value"] != "submitted"}
    assert voted == {f"#{ids[0]} samen oefenen", f"#{ids[1]} een nummer", f"#{ids[2]} [niet vrijgegeven]"}
    assert "lui en" not in json.dumps(rows + tables.record_rows(db, session), ensure_ascii=False, default=str)
