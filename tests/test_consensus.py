"""Shared agreement, shared disagreement and differences on a board, checked against numbers worked by hand.

The rules are pol.is's group-aware consensus and representative comments (docs/consensus.md): a smoothed share
p = (1 + hits) / (2 + votes), the one-sided test z = 2 * sqrt(votes + 1) * ((hits + 1) / (votes + 1) - 0.5),
and for a group against the rest of the room the two-proportion test with a pseudo-count on all four numbers.
"""

import pytest

from workshop import consensus


def votes(agree, disagree, passed=0):
    return {"agree": agree, "disagree": disagree, "pass": passed}


def one(by_group, k=5, mixed=frozenset()):
    """The lists for a board of one statement."""
    return consensus.summarise([{"id": 1, "text": "S"}], {1: by_group}, k, mixed=mixed)


def test_the_tests_match_worked_examples():
    # 9 of 10 agree: p = 10/12; z = 2 * sqrt(11) * (10/11 - 1/2) = 2.7136
    assert consensus.p_agree(votes(9, 1)) == pytest.approx(10 / 12)
    assert consensus.prop_test(9, 10) == pytest.approx(2.7136, abs=1e-4)
    # 3 of 5: p = 4/7 > 0.5 but z = 2 * sqrt(6) * (4/6 - 1/2) = 0.8165, not significant
    assert consensus.prop_test(3, 5) == pytest.approx(0.8165, abs=1e-4)
    # 8 of 10 against 2 of 10: (9/11 - 3/11) / sqrt(12/22 * 10/22 * 2/11) = 2.5690
    assert consensus.two_prop_test(8, 2, 10, 10) == pytest.approx(2.5690, abs=1e-4)
    # pol.is's own test value (stats_test.clj): two-prop-test 15 56 24 71 is -1.518
    assert consensus.two_prop_test(15, 56, 24, 71) == pytest.approx(-1.518, abs=0.01)


def test_shared_agreement_needs_every_group_above_half_and_significant():
    lists = one({"Politie": votes(9, 1), "Zorg": votes(8, 2)})
    [entry] = lists["agree"]
    assert entry["consensus"] == pytest.approx(0.625)  # 10/12 * 9/12
    assert entry["groups"] == [
        {"label": "Politie", "n": 10, "count": 9, "share": 90.0, "smoothed": 83.3},
        {"label": "Zorg", "n": 10, "count": 8, "share": 80.0, "smoothed": 75.0}]
    assert lists["disagree"] == lists["differ"] == []


def test_police_20_care_80_is_no_shared_agreement_but_a_difference():
    # the first case: listed as "Samen eens" and as a difference on the same slide
    lists = one({"Politie": votes(2, 6, 2), "Zorg": votes(8, 1, 1)})
    assert lists["agree"] == [] and lists["disagree"] == []
    [entry] = lists["differ"]
    # Zorg agrees: p = 9/12, z = 2.1106; against the rest (2 of 10 agree) z = 2.5690.
    # Politie's disagreement (6 of 10) fails its own test (z = 0.9045), so Zorg is the one that stands out.
    assert (entry["group"], entry["vote"]) == ("Zorg", "agree")
    assert (entry["z"], entry["z_rest"]) == (2.11, 2.57)
    group, rest = entry["lines"]
    assert (group["label"], group["share"], group["n"]) == ("Zorg", 80.0, 10)
    assert (rest["label"], rest["share"], rest["n"]) == (consensus.REST, 20.0, 10)
    assert entry["divided"] == {"more": "Zorg", "less": consensus.REST}


def test_police_71_care_43_is_neither_shared_nor_a_difference():
    # the second case: Zorg's p = 4/9 < 0.5; Politie's z against the rest is 1.03 < 1.2816
    lists = one({"Politie": votes(5, 2), "Zorg": votes(3, 4)})
    assert lists["agree"] == lists["disagree"] == lists["differ"] == []


def test_above_half_is_not_enough_without_significance():
    # Zorg 3 of 5 agree: p = 4/7 > 0.5, but z = 0.8165
    assert one({"Politie": votes(9, 1), "Zorg": votes(3, 2)})["agree"] == []


def test_shared_disagreement_is_ranked_by_the_product():
    board = [{"id": 1, "text": "A"}, {"id": 2, "text": "B"}]
    lists = consensus.summarise(board, {
        1: {"Politie": votes(1, 9), "Zorg": votes(0, 6)},    # 10/12 * 7/8 = 0.72917
        2: {"Politie": votes(0, 10), "Zorg": votes(0, 10)},  # 11/12 * 11/12 = 0.84028
    })
    assert [(s["id"], s["disagreement"]) for s in lists["disagree"]] == [(2, 0.8403), (1, 0.7292)]


def test_a_group_counts_only_with_k_voters_on_the_statement():
    by_group = {"Politie": votes(10, 0), "Zorg": votes(4, 0)}
    assert one(by_group, k=5)["agree"] == []  # 4 care voters cannot speak for their group
    [entry] = one(by_group, k=4)["agree"]
    assert entry["consensus"] == pytest.approx(round(11 / 12 * 5 / 6, 4))
    # a difference needs k voters in the group and k in the rest of the room
    assert one({"Politie": votes(10, 0), "Zorg": votes(0, 4)}, k=5)["differ"] == []


def test_a_statement_is_never_in_two_lists():
    # Politie 20 of 20 also stands out from Zorg (z = 2.02), but both groups agree: shared agreement only
    lists = one({"Politie": votes(20, 0), "Zorg": votes(8, 2)})
    assert len(lists["agree"]) == 1 and lists["differ"] == []


def test_overig_counts_in_the_rest_but_is_never_named_as_standing_out():
    by_group = {"Politie": votes(2, 6, 2), "Overig": votes(8, 1, 1)}
    assert one(by_group, mixed=frozenset({"Overig"}))["differ"] == []
    assert one(by_group)["differ"][0]["group"] == "Overig"


def test_ties_keep_board_order_and_lists_hold_five():
    board = [{"id": i, "text": str(i)} for i in range(1, 8)]
    same = {i: {"Politie": votes(9, 1), "Zorg": votes(9, 1)} for i in range(1, 8)}
    lists = consensus.summarise(board, same)
    assert [s["id"] for s in lists["agree"]] == [1, 2, 3, 4, 5]
    assert consensus.summarise([], {}) == {"agree": [], "disagree": [], "differ": [], "k": 5}
