"""How far coders agree: per code and overall, and where they differ (docs/coding.md). No Flask here.

Each (text, code) is a yes/no decision of every coder who went through the text. For two coders the
agreement per code is Cohen's kappa (scikit-learn's `cohen_kappa_score`) on the texts both went through;
for any number of coders it is Krippendorff's alpha for nominal data (the `krippendorff` package), which also
takes texts that only some coders went through. Overall figures pool every code's decisions.
A figure is None when it is undefined: fewer than two texts, or no variation at all (every coder said
"no" to every text), where agreement says nothing.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

from ..numbers import round_half_up, share

# numpy, scikit-learn and krippendorff are imported where they are used: they take a second or more to
# import, which a server would otherwise pay at every start, before the first phone.


@dataclass
class Decisions:
    """Who went through which text and which codes they applied."""

    coders: list[int]
    codes: list[int]
    seen: dict[int, set[str]]  # coder -> texts gone through
    applied: dict[tuple[int, str], set[int]]  # (coder, text) -> codes

    def common(self, coders: list[int]) -> list[str]:
        """The texts every one of these coders went through, sorted."""
        sets = [self.seen.get(c, set()) for c in coders]
        return sorted(set.intersection(*sets)) if sets else []

    def any_two(self) -> list[str]:
        """The texts at least two coders went through, sorted."""
        counts: dict[str, int] = {}
        for texts in self.seen.values():
            for text in texts:
                counts[text] = counts.get(text, 0) + 1
        return sorted(t for t, n in counts.items() if n >= 2)


def decisions(codings: list[dict], seen: list[dict], codes: list[int]) -> Decisions:
    """Gather the store's codings and seen texts into decisions."""
    by_coder: dict[int, set[str]] = {}
    for row in seen:
        by_coder.setdefault(row["coder_id"], set()).add(row["text_key"])
    applied: dict[tuple[int, str], set[int]] = {}
    for row in codings:
        applied.setdefault((row["coder_id"], row["text_key"]), set()).add(row["code_id"])
        by_coder.setdefault(row["coder_id"], set()).add(row["text_key"])
    return Decisions(sorted(by_coder), list(codes), by_coder, applied)


def _defined(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round_half_up(float(value), 3)


def kappa(first: list[int], second: list[int]) -> float | None:
    """Cohen's kappa of two coders' yes/no decisions; None when undefined."""
    from sklearn.metrics import cohen_kappa_score

    if len(first) < 2 or len(set(first) | set(second)) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no expected disagreement: kappa is undefined
        return _defined(cohen_kappa_score(first, second))


def alpha(rows: list[list[float]]) -> float | None:
    """Krippendorff's alpha (nominal) of coders' decisions, one row per coder, NaN where not coded."""
    import krippendorff
    import numpy as np

    data = np.array(rows, dtype=float)
    values = data[~np.isnan(data)]
    if data.shape[1] < 2 or len(set(values.tolist())) < 2:
        return None
    return _defined(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _matrix(found: Decisions, coders: list[int], texts: list[str], code: int) -> list[list[float]]:
    return [[(1.0 if code in found.applied.get((c, t), set()) else 0.0) if t in found.seen.get(c, set())
             else math.nan for t in texts] for c in coders]


def report(found: Decisions) -> dict:
    """Agreement per code and overall, the texts compared, and the disagreements to resolve."""
    coders = found.coders
    if len(coders) < 2:
        return {"coders": coders, "texts": 0, "per_code": [], "overall": None, "disagreements": []}
    texts = found.common(coders) if len(coders) == 2 else found.any_two()
    per_code, pooled = [], [[] for _ in coders]
    for code in found.codes:
        rows = _matrix(found, coders, texts, code)
        for pool, row in zip(pooled, rows):
            pool.extend(row)
        entry = {"code_id": code, "alpha": alpha(rows),
                 "applied": {c: int(sum(v for v in row if v == v)) for c, row in zip(coders, rows)}}  # NaN != NaN
        if len(coders) == 2:
            entry["kappa"] = kappa([int(v) for v in rows[0]], [int(v) for v in rows[1]])
        per_code.append(entry)
    overall = {"alpha": alpha(pooled)}
    if len(coders) == 2:
        overall["kappa"] = kappa([int(v) for v in pooled[0]], [int(v) for v in pooled[1]])
        overall["percent"] = share(sum(a == b for a, b in zip(*pooled)), len(pooled[0]), 1)
    return {"coders": coders, "texts": len(texts), "per_code": per_code, "overall": overall,
            "disagreements": disagreements(found, texts)}


def disagreements(found: Decisions, texts: list[str]) -> list[dict]:
    """Each (text, code) on which the coders who went through the text did not all decide alike."""
    differ = []
    for text in texts:
        coders = [c for c in found.coders if text in found.seen.get(c, set())]
        for code in found.codes:
            yes = [c for c in coders if code in found.applied.get((c, text), set())]
            if yes and len(yes) < len(coders):
                differ.append({"text_key": text, "code_id": code, "applied_by": yes,
                               "not_by": [c for c in coders if c not in yes]})
    return differ
