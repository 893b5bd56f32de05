"""Where groups agree and where they differ on a statement board, as pol.is computes it (docs/consensus.md).

No Flask here. For a statement and a group with a agree, d disagree and s votes in all (passes included):

    p_agree = (1 + a) / (2 + s)                        smoothed share, likewise p_disagree
    z_agree = 2 * sqrt(s + 1) * ((a + 1) / (s + 1) - 0.5)   one-sided test of "more than half agree"

Shared agreement ("group-aware consensus"): in every group p_agree > 0.5 and z_agree > 1.2816 (90%, one
sided); ranked by the product of p_agree over the groups. Shared disagreement likewise.
A difference ("representative comment"): one group against the rest of the room, with pseudo-counts, both
its own test and the two-proportion test against the rest significant (z > 1.2816); ranked by
(p / p_rest) * z_rest * p * z. A statement is in at most one list. A group counts for a statement only when
at least k of its members voted on it; the rest of the room must have k voters too.
"""

from __future__ import annotations

import math
from typing import Any

from .i18n_marker import N_
from .numbers import round_half_up, share

Z_ONE_SIDED_90 = 1.2816  # one-sided 90%, as pol.is (stats.clj z-sig-90?): the board's lists
Z_90 = 1.6449  # two-sided 90%: z_two_proportions, for comparisons outside the board (export/infographic.py)
VOTES = ("agree", "disagree", "pass")
# The other side of a difference, as the lists name it (Dutch; screens translate it).
REST = N_("de rest van de zaal")


def p_agree(counts: dict[str, int]) -> float:
    """Smoothed share of agreement in one group: (1 + agree) / (2 + votes)."""
    return (1 + counts["agree"]) / (2 + seen(counts))


def p_disagree(counts: dict[str, int]) -> float:
    """Smoothed share of disagreement in one group: (1 + disagree) / (2 + votes)."""
    return (1 + counts["disagree"]) / (2 + seen(counts))


def seen(counts: dict[str, int]) -> int:
    """Everyone who voted on the statement in the group, passes included."""
    return sum(counts.get(vote, 0) for vote in VOTES)


def prop_test(hits: int, n: int) -> float:
    """z of 'more than half', one proportion with a pseudo-count (pol.is prop-test)."""
    return 2 * math.sqrt(n + 1) * ((hits + 1) / (n + 1) - 0.5)


def two_prop_test(hits_in: int, hits_out: int, n_in: int, n_out: int) -> float:
    """z of 'the group more than the rest', pseudo-counts on all four (pol.is two-prop-test)."""
    hits_in, hits_out, n_in, n_out = hits_in + 1, hits_out + 1, n_in + 1, n_out + 1
    pooled = (hits_in + hits_out) / (n_in + n_out)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out))
    return 0.0 if spread == 0 else (hits_in / n_in - hits_out / n_out) / spread


def z_two_proportions(hits_1: int, n_1: int, hits_2: int, n_2: int) -> float:
    """The plain z of the difference of two proportions, no pseudo-counts (0 when it cannot be computed)."""
    if n_1 == 0 or n_2 == 0:
        return 0.0
    pooled = (hits_1 + hits_2) / (n_1 + n_2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_1 + 1 / n_2))
    return 0.0 if spread == 0 else (hits_1 / n_1 - hits_2 / n_2) / spread


def group_line(label: str, counts: dict[str, int], vote: str) -> dict[str, Any]:
    """What a reader checks for one group: its votes, n, the raw share and the smoothed one."""
    n = seen(counts)
    return {"label": label, "n": n, "count": counts[vote], "share": share(counts[vote], n),
            "smoothed": round_half_up(100 * (1 + counts[vote]) / (2 + n), 1)}


def shared(by_group: dict[str, dict[str, int]], vote: str, k: int) -> float | None:
    """The product of smoothed shares when every group (k voters or more) passes both tests, else None."""
    if len(by_group) < 2 or any(seen(c) < k for c in by_group.values()):
        return None
    score = 1.0
    for counts in by_group.values():
        p = (1 + counts[vote]) / (2 + seen(counts))
        if p <= 0.5 or prop_test(counts[vote], seen(counts)) <= Z_ONE_SIDED_90:
            return None
        score *= p
    return score


def distinct(by_group: dict[str, dict[str, int]], k: int, mixed: frozenset[str] = frozenset()
             ) -> dict[str, Any] | None:
    """The group that stands out most from the rest of the room on a statement, or None.

    `mixed` groups ('Overig') count in the rest but are never reported: a mix of groups says nothing.
    """
    best = None
    for label, counts in by_group.items():
        if label in mixed or seen(counts) < k:
            continue
        rest = {vote: sum(c[vote] for other, c in by_group.items() if other != label) for vote in VOTES}
        if seen(rest) < k:
            continue
        n, n_rest = seen(counts), seen(rest)
        for vote in ("agree", "disagree"):
            p = (1 + counts[vote]) / (2 + n)
            p_rest = (1 + rest[vote]) / (2 + n_rest)
            z, z_rest = prop_test(counts[vote], n), two_prop_test(counts[vote], rest[vote], n, n_rest)
            if z <= Z_ONE_SIDED_90 or z_rest <= Z_ONE_SIDED_90:
                continue
            metric = (p / p_rest) * z_rest * p * z
            if best is None or metric > best["metric"]:
                best = {"group": label, "vote": vote, "metric": metric, "z": round_half_up(z, 2),
                        "z_rest": round_half_up(z_rest, 2), "lines": [group_line(label, counts, vote),
                                                                      group_line(REST, rest, vote)]}
    return best


def summarise(statements: list[dict], by_group: dict[int, dict[str, dict[str, int]]], k: int = 5,
              top: int = 5, mixed: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The board's statements the groups share (agree, disagree) and where one group differs from the rest.

    `statements` are {"id", "text"} in board order; `by_group` maps statement id -> group label -> vote
    counts. Ties keep the board's order.
    """
    agree, disagree, differ = [], [], []
    for statement in statements:
        groups = by_group.get(statement["id"], {})
        entry = {"id": statement["id"], "text": statement["text"]}
        score_agree, score_disagree = shared(groups, "agree", k), shared(groups, "disagree", k)
        if score_agree is not None:
            agree.append({**entry, "score": score_agree, "consensus": round_half_up(score_agree, 4),
                          "groups": [group_line(g, c, "agree") for g, c in groups.items()]})
            continue
        if score_disagree is not None:
            disagree.append({**entry, "score": score_disagree,
                             "disagreement": round_half_up(score_disagree, 4),
                             "groups": [group_line(g, c, "disagree") for g, c in groups.items()]})
            continue
        found = distinct(groups, k, mixed)
        if found:
            # `divided` as the screens read it: who agrees more than whom.
            more, less = (found["group"], REST) if found["vote"] == "agree" else (REST, found["group"])
            differ.append({**entry, "score": found.pop("metric"), **found,
                           "divided": {"more": more, "less": less}})

    def ranked(entries: list[dict]) -> list[dict]:
        return [{key: value for key, value in e.items() if key != "score"}
                for e in sorted(entries, key=lambda e: -e["score"])[:top]]

    return {"agree": ranked(agree), "disagree": ranked(disagree), "differ": ranked(differ), "k": k}
