"""Measure the privacy guard on the Dutch test set: precision and recall per kind, false alarms, time.

    .venv/bin/python benchmarks/privacy_eval.py            # print the tables
    .venv/bin/python benchmarks/privacy_eval.py --write    # and put them in docs/privacy-guard.md

Three detectors are compared on tests/fixtures/privacy/texts.txt: our own patterns alone (on the text as
typed: what the guard was before issue 17, plus its small pattern changes), deduce as shipped (its whole
default pipeline; the first run builds its lookup cache, 1-2 minutes), and the guard now (folding, our
patterns, deduce's names/addresses/dates/ages). A found span counts when it overlaps a marked one of the same
kind.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshop import privacy

TEXTS = ROOT / "tests" / "fixtures" / "privacy" / "texts.txt"
DOC = ROOT / "docs" / "privacy-guard.md"
START, END = "<!-- privacy_eval:start -->", "<!-- privacy_eval:end -->"
KINDS = ("name", "birth_date", "age", "address", "postcode", "phone", "email", "bsn", "iban", "licence_plate",
         "patient_number")
MARK = re.compile(r"\[(?P<kind>[a-z_]+):(?P<text>[^\]]+)\]")


@dataclass
class Sample:
    """One text of the set, its section and its marked identifiers as (kind, start, end)."""

    text: str
    section: str
    marks: list[tuple[str, int, int]]


def load(path: Path = TEXTS) -> list[Sample]:
    """The test set: one text a line, `# ` lines name the section, identifiers marked as [kind:text]."""
    samples, section = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            section = line.lstrip("# ").strip()
            continue
        if not line.strip():
            continue
        text, marks, position = "", [], 0
        for match in MARK.finditer(line):
            text += line[position:match.start()]
            marks.append((match["kind"], len(text), len(text) + len(match["text"])))
            text += match["text"]
            position = match.end()
        text += line[position:]
        unknown = {kind for kind, _, _ in marks} - set(KINDS)
        if unknown:
            raise SystemExit(f"{path}: unknown kind {unknown} in: {line}")
        samples.append(Sample(text, section, marks))
    return samples


def patterns_only(text: str) -> list[tuple[str, int, int]]:
    """Our own patterns of before issue 17 on the text as typed: no folding, no deduce, no file numbers."""
    before = (privacy._emails, privacy._ibans, privacy._phones, privacy._bsns, privacy._postcodes,
              privacy._licence_plates)
    return [(f.kind, f.start, f.end) for detector in before for f in detector(text)]


def guard_now(text: str) -> list[tuple[str, int, int]]:
    """The guard as it is (default word list included)."""
    return [(f.kind, f.start, f.end) for f in privacy.check(text)]


_DEDUCE_KINDS = {"persoon": "name", "datum": "birth_date", "leeftijd": "age", "telefoonnummer": "phone",
                 "emailadres": "email", "bsn": "bsn", "id": "patient_number"}


def deduce_as_shipped():
    """deduce's full default pipeline, as a detector in the guard's kinds (places count as addresses)."""
    import logging

    import deduce

    logging.getLogger().setLevel(logging.WARNING)
    model = deduce.Deduce()

    def detect(text: str) -> list[tuple[str, int, int]]:
        found = []
        for annotation in model.deidentify(text).annotations:
            kind = _DEDUCE_KINDS.get(annotation.tag, "other")
            if annotation.tag == "locatie":
                kind = "postcode" if re.fullmatch(r"\d{4} ?[A-Za-z]{2}", annotation.text) else "address"
            found.append((kind, annotation.start_char, annotation.end_char))
        return found

    return detect


def overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    """Whether two spans share a character."""
    return a[1] < b[2] and b[1] < a[2]


def score(samples: list[Sample], detect, repeat: int = 1) -> dict:
    """Per kind: marked, found right, found, precision, recall; per section: texts held; seconds per text.

    Each text is timed `repeat` times and the fastest kept: on a shared machine the rest is waiting.
    """
    marked, hit, found, right, covered = Counter(), Counter(), Counter(), Counter(), Counter()
    held, texts = Counter(), Counter()
    seconds = []
    for sample in samples:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            findings = detect(sample.text)
            times.append(time.perf_counter() - started)
        seconds.append(min(times))
        texts[sample.section] += 1
        held[sample.section] += bool(findings)
        for mark in sample.marks:
            marked[mark[0]] += 1
            hit[mark[0]] += any(f[0] == mark[0] and overlaps(f, mark) for f in findings)
            covered[mark[0]] += any(overlaps(f, mark) for f in findings)
        for finding in findings:
            found[finding[0]] += 1
            right[finding[0]] += any(m[0] == finding[0] and overlaps(finding, m) for m in sample.marks)
    return {"marked": marked, "hit": hit, "found": found, "right": right, "covered": covered, "held": held,
            "texts": texts, "seconds": seconds}


def percent(part: int, whole: int) -> str:
    """A share as a whole percentage, or a dash when there is nothing to divide by."""
    return f"{round(100 * part / whole)}%" if whole else "–"


def tables(samples: list[Sample], results: dict[str, dict]) -> str:
    """The Markdown tables for docs/privacy-guard.md."""
    names = list(results)
    lines = ["| kind | marked | " + " | ".join(f"{n}: recall | {n}: precision" for n in names) + " |",
             "|---|---:|" + "---:|---:|" * len(names)]
    for kind in KINDS:
        cells = []
        for name in names:
            r = results[name]
            cells += [percent(r["hit"][kind], r["marked"][kind]), percent(r["right"][kind], r["found"][kind])]
        lines.append(f"| `{kind}` | {results[names[0]]['marked'][kind]} | " + " | ".join(cells) + " |")
    all_marked = sum(results[names[0]]["marked"].values())
    lines.append(f"| any identifier held (any kind) | {all_marked} | " + " | ".join(
        f"{percent(sum(results[n]['covered'].values()), all_marked)} | " for n in names) + " |")
    lines += ["", "| texts held | texts | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for section in dict.fromkeys(s.section for s in samples):
        count = results[names[0]]["texts"][section]
        held = [results[n]["held"][section] for n in names]
        cells = " | ".join(f"{h} ({percent(h, count)})" for h in held)
        lines.append(f"| {section} | {count} | {cells} |")
    lines += ["", "| time per text (fastest of 5) | " + " | ".join(names) + " |",
              "|---|" + "---:|" * len(names)]
    for label, pick in (("median", statistics.median), ("95th percentile", p95), ("slowest", max)):
        cells = " | ".join(f"{pick(results[n]['seconds']) * 1000:.2f} ms" for n in names)
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines)


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def machine() -> str:
    """Which machine and load the numbers were taken on."""
    load = os.getloadavg()[0]
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared; load average "
            f"{load:.1f}), Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main() -> None:
    """Run the comparison and print (or write) the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the tables in docs/privacy-guard.md")
    parser.add_argument("--without-deduce-as-shipped", action="store_true",
                        help="skip deduce's full pipeline (1 GB, 10 s to load)")
    args = parser.parse_args()
    samples = load()

    started = time.perf_counter()
    privacy.warm()
    warm_seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    detectors = {"patterns": patterns_only, "guard": guard_now}
    if not args.without_deduce_as_shipped:
        started = time.perf_counter()
        detectors["deduce"] = deduce_as_shipped()
        deduce_seconds = time.perf_counter() - started
        deduce_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for detect in detectors.values():  # one untimed round, so no detector pays for the first call
        for sample in samples[:20]:
            detect(sample.text)
    results = {name: score(samples, detect, repeat=5) for name, detect in detectors.items()}

    startup = [(f"Start-up of the guard (`privacy.warm()`: deduce with the name lists only, place names, "
                f"everyday words): {warm_seconds:.1f} s, peak memory {rss:.0f} MB.")]
    if "deduce" in detectors:
        startup.append(f"deduce as shipped (`deduce.Deduce()`, all lists, from its cache): "
                       f"{deduce_seconds:.1f} s, peak memory then {deduce_rss:.0f} MB.")
    body = "\n".join([
        (f"{len(samples)} texts ({sum(len(s.marks) for s in samples)} marked identifiers), "
         f"measured {time.strftime('%Y-%m-%d')} on {machine()} with "
         f"`.venv/bin/python benchmarks/privacy_eval.py --write`."),
        "", tables(samples, results), "", *[f"- {line}" for line in startup],
    ])
    print(body)
    misses = [(s.text, [s.text[m[1]:m[2]] for m in s.marks
                        if not any(overlaps(f, m) for f in guard_now(s.text))]) for s in samples]
    print("\nmissed by the guard:", *[f"  {t!r}: {m}" for t, m in misses if m], sep="\n")
    print("\nheld without a marked identifier:",
          *[f"  {s.text!r}: {[s.text[f[1]:f[2]] for f in guard_now(s.text)]}"
            for s in samples if not s.marks and guard_now(s.text)], sep="\n")
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        if START not in doc or END not in doc:
            raise SystemExit(f"{DOC}: the markers {START} and {END} are missing")
        head, rest = doc.split(START, 1)
        DOC.write_text(f"{head}{START}\n{body}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")


if __name__ == "__main__":
    main()
