"""Profiles at join, consent, split results with small groups merged, and group consensus on boards."""

import pytest

from workshop import profiles, sessions, store
from workshop import deck as decks
from workshop.live import FACILITATOR

from .test_live import emit

PROFILE_DECK = """\
---
title: Met profiel
profile:
  - id: domein
    question: In welk domein werk je?
    options: [Politie, Zorg, Gemeente]
consent: Je antwoorden worden anoniem bewaard voor onderzoek.
---
# Welkom
---
## Welk domein?

```interaction
kind: choice
id: keuze
options: [Ja, Nee]
```
---
## Stellingen

```interaction
kind: statements
id: bord
statements: [Hulpverlening is ook politiewerk, Handhaven is genoeg]
```
"""


def start(db, k=5):
    row = sessions.start_session(db, decks.parse(PROFILE_DECK, "p.md"), "gemeente", "Utrecht", "2026-11-29")
    store.set_min_group(db, row["id"], k)
    return store.session_by_id(db, row["id"])


def ready_phone(phone, code, group, number):
    client = phone(code, token=f"{number:032x}")
    ack = emit(client, "profile", {"answers": {"domein": group}, "consent": True})
    assert ack == {"ok": True, "needs": []}, ack
    return client


# Deck and domain rules -----------------------------------------------------------------------------------


def test_profile_questions_get_prefer_not_to_say():
    parsed = decks.parse(PROFILE_DECK, "p.md")
    assert parsed.profile[0]["options"] == ["Politie", "Zorg", "Gemeente", "Zeg ik liever niet"]
    assert parsed.consent.startswith("Je antwoorden")


def test_profile_mistakes_are_reported_at_the_front_matter_line():
    with pytest.raises(decks.DeckErrors) as caught:
        decks.parse("---\ntitle: x\nprofile:\n  - id: domein\n    question: D?\n    options: [A]\n---\n# a\n", "p.md")
    assert str(caught.value) == "p.md:3: profielvraag 'domein' heeft minstens 2 'options' nodig"


@pytest.mark.parametrize("sizes, k, shown, note_has", [
    ({"Politie": 5, "Zorg": 5}, 5, {"Politie": 5, "Zorg": 5}, None),
    ({"Politie": 5, "Zorg": 4, "Gemeente": 6}, 5, {"Gemeente": 6, "Overig": 9}, "Politie"),
    ({"Politie": 4, "Zorg": 4}, 5, {"Overig": 8}, "Overig"),
    ({"Politie": 2, "Zorg": 2}, 5, {}, "uitsplitsing niet getoond"),
    ({"Politie": 5, "Zorg": 2, "Gemeente": 3}, 5, {"Politie": 5, "Overig": 5}, "Zorg"),
    ({"Politie": 9, "Zorg": 0}, 5, {"Politie": 9}, None),
])
def test_small_groups_are_never_shown_or_derivable(sizes, k, shown, note_has):
    groups = [{"label": label, "n": n} for label, n in sizes.items()]
    kept, note = profiles.suppress(groups, k)
    assert {g["label"]: g["n"] for g in kept} == shown
    assert (note is None) if note_has is None else (note_has in note)
    # whatever is shown, no shown group and no difference "total - shown" is smaller than k
    assert all(g["n"] >= k for g in kept)
    hidden = sum(sizes.values()) - sum(g["n"] for g in kept)
    assert hidden == 0 or hidden >= k or not kept


# The live path ------------------------------------------------------------------------------------------


def test_answers_need_consent_and_profile_first(db, phone, presenter):
    row = start(db)
    screen = presenter(row["code"])
    client = phone(row["code"])
    assert client.join_ack["needs"] == ["consent", "profile"]
    assert client.join_ack["session"]["consent"].startswith("Je antwoorden")
    emit(screen, "goto", {"code": row["code"], "slide": 1}, FACILITATOR)
    emit(screen, "open", {"code": row["code"], "question_id": "keuze"}, FACILITATOR)
    refused = emit(client, "respond", {"question_id": "keuze", "value": 0})
    assert refused["error"] == "Geef eerst toestemming en beantwoord de vragen over jezelf."
    assert emit(client, "profile", {"answers": {"domein": 0}, "consent": False})["error"] == (
        "Je kunt alleen meedoen als je toestemming geeft.")
    assert emit(client, "profile", {"answers": {"domein": 9}, "consent": True})["error"] == (
        "Kies een antwoord bij: In welk domein werk je?")
    assert emit(client, "profile", {"answers": {"domein": 3}, "consent": True})["ok"]
    assert emit(client, "respond", {"question_id": "keuze", "value": 0})["ok"]
    me = store.participant(db, 1)
    assert me["profile"] == {"domein": 3} and me["consented_at"]
    again = phone(row["code"], token=f"{1:032x}")
    assert again.join_ack["needs"] == []


@pytest.mark.parametrize("k, care_shown", [(5, True), (6, False)])
def test_split_results_show_a_group_at_k_and_merge_it_at_k_minus_1(db, phone, presenter, k, care_shown):
    row = start(db, k=k)
    screen = presenter(row["code"])
    emit(screen, "goto", {"code": row["code"], "slide": 1}, FACILITATOR)
    emit(screen, "open", {"code": row["code"], "question_id": "keuze"}, FACILITATOR)
    number = 0
    for group, yes, no in ((0, 6, 0), (1, 1, 4)):  # 6 police all 'Ja'; 5 care: 1 'Ja', 4 'Nee'
        for answer in [0] * yes + [1] * no:
            number += 1
            client = ready_phone(phone, row["code"], group, number)
            assert emit(client, "respond", {"question_id": "keuze", "value": answer})["ok"]
    ack = emit(screen, "split", {"code": row["code"], "question_id": "keuze", "by": "domein"}, FACILITATOR)
    assert ack["state"]["split"]["groups"] == []  # open: a split shows once the question closed
    assert ack["state"]["split"]["note_template"] == profiles.AFTER_CLOSE
    ack = emit(screen, "close", {"code": row["code"], "question_id": "keuze"}, FACILITATOR)
    split = ack["state"]["split"]
    by_label = {g["label"]: [o["count"] for o in g["result"]["options"]] for g in split["groups"]}
    if care_shown:
        assert by_label == {"Politie": [6, 0], "Zorg": [1, 4]} and split["note"] is None
        assert split["note_template"] is None and split["note_values"] is None
    else:
        assert by_label == {"Overig": [7, 4]}
        # the note in Dutch, as the exports write it, and its template and values for screens in any language
        assert split["note"] == "Groepen kleiner dan 6 zijn samengevoegd in 'Overig' (Politie, Zorg)."
        assert split["note_template"] == profiles.MERGED
        assert split["note_values"] == {"k": 6, "other": "Overig", "names": ["Politie", "Zorg"]}
    assert emit(screen, "split", {"code": row["code"], "question_id": "keuze", "by": "leeftijd"},
                FACILITATOR)["error"] == "unknown profile question"


def test_board_split_reports_where_groups_agree_and_differ(db, phone, presenter):
    row = start(db, k=5)
    screen = presenter(row["code"])
    emit(screen, "goto", {"code": row["code"], "slide": 2}, FACILITATOR)
    emit(screen, "open", {"code": row["code"], "question_id": "bord"}, FACILITATOR)
    first, second = [s["id"] for s in store.submissions(db, row["id"], "bord")]
    number = 0
    for group, vote_first in ((0, "agree"), (1, "disagree")):
        for _ in range(6):
            number += 1
            client = ready_phone(phone, row["code"], group, number)
            emit(client, "vote", {"submission_id": first, "vote": vote_first})
            emit(client, "vote", {"submission_id": second, "vote": "agree"})
    emit(screen, "close", {"code": row["code"], "question_id": "bord"}, FACILITATOR)
    ack = emit(screen, "split", {"code": row["code"], "question_id": "bord", "by": "domein"}, FACILITATOR)
    comparison = ack["state"]["split"]["comparison"]
    assert comparison["agree"][0]["id"] == second
    assert [s["id"] for s in comparison["differ"]] == [first]
    assert comparison["differ"][0]["group"] == "Politie"  # 6 agree, against the rest's 6 disagree (a tie
    # between Politie agreeing and Zorg disagreeing: the group earlier in the options is named)


def test_a_note_survives_pickling_as_a_message_queue_does_with_a_brace_in_a_label():
    import pickle

    _, note = profiles.suppress([{"label": "Zorg {wijk}", "n": 2}, {"label": "Politie", "n": 9}], 5)
    again = pickle.loads(pickle.dumps(note))
    assert again == note == "Groepen kleiner dan 5 zijn samengevoegd in 'Overig' (Zorg {wijk}, Politie)."  # option order
    assert (again.message.template, again.values) == (profiles.MERGED, note.values)
