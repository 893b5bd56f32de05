"""Where groups agree and where they differ on a statement board (docs/consensus.md). No Flask here.

For a statement and a group g with a agree, d disagree and p pass votes:
    p_agree(g) = (1 + a) / (2 + a + d + p)            likewise p_disagree(g)
    consensus  = product of p_agree(g) over the groups   (high only when every group agrees)
    shared disagreement = product of p_disagree(g)
A statement is divisive when two groups' agreement differs and a two-proportion z-test on a/(a+d+p) is
significant at the 90% level (|z| >= 1.645); the pair with the largest difference in p_agree is reported.
"""

from __future__ import annotations

import math
from itertools import combinations

Z_90 = 1.6449


def p_agree(counts: dict[str, int]) -> float:
    """Laplace-smoothed share of agreement in one group."""
    return (1 + counts["agree"]) / (2 + counts["agree"] + counts["disagree"] + counts["pass"])


def p_disagree(counts: dict[str, int]) -> float:
    """Laplace-smoothed share of disagreement in one group."""
    return (1 + counts["disagree"]) / (2 + counts["agree"] + counts["disagree"] + counts["pass"])


def z_two_proportions(hits_1: int, n_1: int, hits_2: int, n_2: int) -> float:
    """The z statistic of the difference between two proportions (0 when it cannot be computed)."""
    if n_1 == 0 or n_2 == 0:
        return 0.0
    pooled = (hits_1 + hits_2) / (n_1 + n_2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_1 + 1 / n_2))
    return 0.0 if spread == 0 else (hits_1 / n_1 - hits_2 / n_2) / spread


def statement_scores(by_group: dict[str, dict[str, int]]) -> dict:
    """Consensus, shared disagreement and the most divided pair of groups for one statement."""
    groups = sorted(by_group)
    consensus = math.prod(p_agree(by_group[g]) for g in groups) if groups else 0.0
    disagreement = math.prod(p_disagree(by_group[g]) for g in groups) if groups else 0.0
    divided = None
    for first, second in combinations(groups, 2):
        a, b = by_group[first], by_group[second]
        difference = p_agree(a) - p_agree(b)
        n_a, n_b = sum(a.values()), sum(b.values())
        z = z_two_proportions(a["agree"], n_a, b["agree"], n_b)
        if abs(z) >= Z_90 and (divided is None or abs(difference) > abs(divided["difference"])):
            more, less = (first, second) if difference > 0 else (second, first)
            divided = {"more": more, "less": less, "difference": round(abs(difference), 3),
                       "z": round(abs(z), 2)}
    return {"consensus": round(consensus, 4), "disagreement": round(disagreement, 4), "divided": divided}


def summarise(statements: list[dict], by_group: dict[int, dict[str, dict[str, int]]], top: int = 5) -> dict:
    """The board's statements where groups agree (or jointly disagree) and where they differ.

    `statements` are {"id", "text"}; `by_group` maps statement id -> group label -> vote counts.
    """
    scored = []
    for statement in statements:
        groups = by_group.get(statement["id"], {})
        scored.append({"id": statement["id"], "text": statement["text"], **statement_scores(groups)})
    if not scored:
        return {"agree": [], "disagree": [], "differ": []}
    return {
        "agree": sorted(scored, key=lambda s: -s["consensus"])[:top],
        "disagree": sorted(scored, key=lambda s: -s["disagreement"])[:top],
        "differ": sorted((s for s in scored if s["divided"]), key=lambda s: -s["divided"]["difference"])[:top],
    }
