"""The documentation's examples work: every interaction block in docs/ parses, every README command exists."""

import re
from pathlib import Path

import pytest

from workshop import deck as decks

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").rglob("*.md"))
BLOCK = re.compile(r"^```interaction\n(.*?)^```", re.S | re.M)


def interaction_blocks():
    for path in DOCS:
        for match in BLOCK.finditer(path.read_text(encoding="utf-8")):
            line = path.read_text(encoding="utf-8")[: match.start()].count("\n") + 1
            yield pytest.param(match.group(1), id=f"{path.relative_to(ROOT)}:{line}")


@pytest.mark.parametrize("block", list(interaction_blocks()))
def test_every_documented_interaction_block_parses(block):
    earlier = ""
    again = re.match(r"again:\s*(\S+)", block)
    if again:  # a planned round asks a question of an earlier slide again: the example gets that slide
        earlier = f"## Eerder\n\n```interaction\nkind: scale\nid: {again.group(1)}\n```\n\n---\n"
    parsed = decks.parse(f"{earlier}## Een voorbeeldvraag?\n\n```interaction\n{block}```\n", "doc.md")
    assert len(parsed.questions) == 1


def test_documented_front_matter_parses():
    text = (ROOT / "docs" / "deck-format.md").read_text(encoding="utf-8")
    front = re.search(r"```markdown\n(---\n.*?\n---)\n```", text, re.S).group(1)
    profile = re.search(r"```yaml\n(profile:.*?)```", text, re.S).group(1)
    parsed = decks.parse(front.replace("\n---", "\n" + profile + "---", 1) + "\n# Slide\n", "doc.md")
    assert [p["id"] for p in parsed.profile] == ["domein", "niveau"] and parsed.consent


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Command line\n\n```\n(.*?)```", text, re.S).group(1)
    seen = []
    for line in block.splitlines():
        words = re.findall(r"^workshop(?: \[--db PATH\])?((?: [a-z]+)+)", line)
        if words and words[0].split()[:2] not in [s[:2] for s in seen]:
            seen.append(words[0].split())
    return seen


@pytest.mark.parametrize("command", readme_commands(), ids=" ".join)
def test_every_command_in_the_readme_exists(command):
    from click.testing import CliRunner

    from workshop.cli import cli

    words = command[:2] if command[0] in ("user", "deck", "session", "export") else command[:1]
    result = CliRunner().invoke(cli, [*words, "--help"])
    assert result.exit_code == 0, result.output
