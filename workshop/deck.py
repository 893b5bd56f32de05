"""Deck sources (`slides/*.md`) parsed into Deck and Slide objects, with `file:line` errors. No Flask here.

A deck is Markdown: optional YAML front matter between `---` lines at the top, then slides separated by a
line holding only `---`. A slide becomes a question through one fenced block with the info string
`interaction`, holding YAML that names the kind and its settings. A line `Notes:` starts the speaker notes.
The format is documented in docs/deck-format.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import profiles, theme
from .i18n_marker import N_, Message
from .interactions import REGISTRY, Question, SpecError
from .markdown import image_problem, images
from .rounds import MAX_ROUNDS

FRONT_MATTER_KEYS = ("title", "language", "description", "profile", "consent", "theme", "defaults", "study",
                     "source")
RESULTS = ("hidden", "live")  # a question's results: hidden until revealed, or live on the projector at once
LANGUAGES = ("nl", "en")
FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w-]*)\s*$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LAYOUT_LINE = re.compile(r"^layout:\s*(\S+)\s*$")
# content: ordinary slide; title: a section title, centred; statement: one large sentence;
# columns: two columns, split by a line holding only |||
LAYOUTS = ("content", "title", "statement", "columns")
COLUMN_BREAK = "|||"
UNTITLED = N_("dia {number}")  # the name of a slide without a question, heading or text


class DeckError(Message):
    """A mistake in a deck source, located by file and line: a Dutch template and its values (i18n_marker).

    str() is `FILE:LINE: message` in Dutch, as `workshop deck check` prints it; the editor and the dashboard
    translate the message and put the place in front themselves.
    """

    def __init__(self, path: str, line: int, template: str, **params):
        super().__init__(template, **params)
        self.path = path
        self.line = line

    @property
    def message(self) -> str:
        """The mistake in Dutch, without its place."""
        return self.args[0]

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DeckErrors(Exception):
    """All the mistakes found in one deck source."""

    def __init__(self, errors: list[DeckError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class Slide:
    """One slide: Markdown body, speaker notes, and the question it asks, if any."""

    index: int
    line: int
    markdown: str
    notes: str = ""
    question: Question | None = None
    layout: str = "content"
    # A slide that asks an earlier slide's question again ('again:' in its block): the round it plans.
    round: int = 1

    @property
    def title(self) -> str:
        """A short name: its question, else its first heading or line, else "dia N" (a Note, translatable)."""
        if self.question:
            return self.question.text
        first = _Parser.first_heading_of(self.markdown) or next(
            (line.strip() for line in self.markdown.split("\n") if line.strip() and line.strip() != COLUMN_BREAK), "")
        return first or profiles.Note(UNTITLED, number=self.index + 1)

    @property
    def columns(self) -> list[str]:
        """The Markdown of each column (one for every layout but 'columns')."""
        if self.layout != "columns":
            return [self.markdown]
        parts, current = [], []
        for line in self.markdown.split("\n"):
            if line.strip() == COLUMN_BREAK:
                parts.append("\n".join(current))
                current = []
            else:
                current.append(line)
        return [*parts, "\n".join(current)]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form kept in a session's deck snapshot."""
        return {
            "index": self.index,
            "line": self.line,
            "markdown": self.markdown,
            "notes": self.notes,
            "question": self.question.to_dict() if self.question else None,
            "layout": self.layout,
            **({"round": self.round} if self.round > 1 else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Slide:
        """Rebuild a slide from its snapshot form."""
        question = Question.from_dict(data["question"]) if data.get("question") else None
        return cls(data["index"], data["line"], data["markdown"], data.get("notes", ""), question,
                   data.get("layout", "content"), data.get("round", 1))


@dataclass
class Deck:
    """A parsed deck: its title, language and slides."""

    title: str
    slides: list[Slide]
    language: str = "nl"
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def profile(self) -> list[dict[str, Any]]:
        """The profile questions asked at join (normalised), possibly none."""
        return self.meta.get("profile", [])

    @property
    def consent(self) -> str | None:
        """The consent text a participant accepts before answering, if the deck has one."""
        return self.meta.get("consent")

    def profile_question(self, profile_id: str) -> dict[str, Any] | None:
        """The profile question with this id, or None."""
        return next((p for p in self.profile if p["id"] == profile_id), None)

    @property
    def theme(self) -> dict[str, Any]:
        """The deck's colours, logo and font scale on the projector (empty: the default look)."""
        return self.meta.get("theme", {})

    @property
    def questions(self) -> list[Question]:
        """The deck's questions in slide order (a question asked again on a later slide once)."""
        return [s.question for s in self.slides if s.question and s.round == 1]

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def slide_of(self, question_id: str) -> Slide | None:
        """The slide that asks this question, or None."""
        return next((s for s in self.slides if s.question and s.question.id == question_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON snapshot a session keeps, so later edits of the file never change what it asked."""
        return {
            "title": self.title,
            "language": self.language,
            "source": self.source,
            "meta": self.meta,
            "slides": [s.to_dict() for s in self.slides],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deck:
        """Rebuild a deck from a session's snapshot."""
        return cls(
            title=data["title"],
            language=data.get("language", "nl"),
            source=data.get("source", ""),
            meta=data.get("meta", {}),
            slides=[Slide.from_dict(s) for s in data["slides"]],
        )


def load(path: str | Path) -> Deck:
    """Parse a deck file; raise DeckErrors listing every mistake."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DeckErrors([DeckError(str(path), 0, N_("bestand bestaat niet"))]) from None
    except (OSError, UnicodeDecodeError) as error:
        unreadable = DeckError(str(path), 0, N_("het bestand is niet te lezen: {error}"), error=error)
        raise DeckErrors([unreadable]) from None
    return parse(text, str(path))


def parse(text: str, path: str = "<deck>") -> Deck:
    """Parse deck source text; raise DeckErrors listing every mistake."""
    return _Parser(text, path).run()


def slugify(text: str, limit: int = 48) -> str:
    """A stable id derived from a question's text: ASCII, lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "vraag"


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system
        return False


def close_match(word: Any, choices: list[str] | tuple[str, ...]) -> str | None:
    """The choice that a mistyped word most likely meant, if one is close enough."""
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return close[0] if close else None


@dataclass(frozen=True)
class YamlMistakes:
    """What a YAML block's mistakes are called, worded for where the block stands (whole sentences, so each
    translates as one)."""

    syntax: str
    not_a_mapping: str
    given_twice: str


FRONT_MATTER = YamlMistakes(
    N_("YAML-fout bovenaan: {problem}"),
    N_("bovenaan staan alleen regels 'sleutel: waarde'"),
    N_("bovenaan staat '{key}' twee keer (eerst op regel {first})"),
)
INTERACTION_BLOCK = YamlMistakes(
    N_("YAML-fout in het interaction-blok: {problem}"),
    N_("een interaction-blok bevat alleen regels 'sleutel: waarde'"),
    N_("het interaction-blok geeft '{key}' twee keer (eerst op regel {first})"),
)


class _AliasFound(yaml.YAMLError):
    """A YAML alias (`*name`) in a deck: refused before it is expanded (an alias bomb grows to gigabytes)."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing every alias: a deck repeats nothing, and an alias can repeat anything."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark.line)
        return super().compose_node(parent, index)


def _load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """The data of one YAML document and its node tree (for the keys' lines), composed once."""
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


class _Parser:
    def __init__(self, text: str, path: str):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.path = path
        self.errors: list[DeckError] = []
        self.id_lines: dict[str, list[int]] = {}  # question id -> lines where it is defined
        self.asked: dict[str, Question] = {}  # question id -> the question, as far as the slides read so far
        self.rounds_planned: dict[str, int] = {}  # question id -> the last round an 'again' block plans
        self.defaults: dict[str, Any] = {}
        # Pictures are looked up beside the file; text without a file ("<deck>") has no folder to look in.
        folder = Path(path).parent
        self.folder = folder if not path.startswith("<") and folder.is_dir() else None

    def error(self, line: int, template: str, **params) -> None:
        self.errors.append(DeckError(self.path, line, template, **params))

    def refused(self, line: int, error: Message) -> None:
        """A mistake another module found (a kind's settings, the theme, the profile questions, a picture)."""
        self.error(line, error.template, **error.params)

    def unknown(self, line: int, word: Any, choices, template: str, suggesting: str, **params) -> None:
        """An unknown word, with the close match it probably meant (`suggesting` has {suggestion})."""
        suggestion = close_match(word, choices)
        if suggestion:
            self.error(line, suggesting, suggestion=suggestion, **params)
        else:
            self.error(line, template, **params)

    def run(self) -> Deck:
        meta, body_start = self.front_matter()
        slides = []
        for line, chunk in self.split_slides(body_start):
            slide = self.slide(len(slides), line, chunk)
            if slide is not None:
                slides.append(slide)
        if not slides and not self.errors:
            self.error(1, N_("het deck heeft geen dia's"))
        self.check_ids()
        if self.errors:
            raise DeckErrors(sorted(self.errors, key=lambda e: e.line))
        title = str(meta.get("title") or self.first_heading(slides) or Path(self.path).stem)
        return Deck(
            title=title, slides=slides, language=meta.get("language", "nl"), source=self.path, meta=meta
        )

    # Front matter ---------------------------------------------------------------------------------------

    def front_matter(self) -> tuple[dict[str, Any], int]:
        if not self.lines or self.lines[0].strip() != "---":
            return {}, 0
        for end in range(1, len(self.lines)):
            if self.lines[end].strip() == "---":
                break
        else:
            self.error(1, N_("bovenaan opent een regel '---' een blok dat nergens gesloten wordt"))
            return {}, len(self.lines)
        meta, key_lines = self.yaml_block("\n".join(self.lines[1:end]), first_line=2, mistakes=FRONT_MATTER)
        if meta is None:
            return {}, end + 1
        for key in meta:
            if key not in FRONT_MATTER_KEYS:
                self.unknown(key_lines.get(key, 2), key, FRONT_MATTER_KEYS,
                             N_("onbekende sleutel bovenaan: '{key}'"),
                             N_("onbekende sleutel bovenaan: '{key}' (bedoel je '{suggestion}'?)"), key=key)
        for key in ("title", "description"):
            if key in meta and not isinstance(meta[key], str):
                self.error(key_lines.get(key, 2), N_("'{key}' moet een tekst zijn"), key=key)
                meta[key] = ""
        language = meta.get("language", "nl")
        if language not in LANGUAGES:
            self.error(key_lines.get("language", 2), N_("'language' moet een van {languages} zijn"),
                       languages=", ".join(LANGUAGES))
        if "profile" in meta:
            try:
                meta["profile"] = profiles.parse(meta["profile"])
            except profiles.ProfileError as error:
                self.refused(key_lines.get("profile", 2), error)
                meta["profile"] = []
        if "consent" in meta and (not isinstance(meta["consent"], str) or not meta["consent"].strip()):
            self.error(key_lines.get("consent", 2), N_("'consent' moet een tekst zijn"))
        # the study's short name and the source line of the factsheet (docs/exports.md)
        for key in ("study", "source"):
            if key in meta and (not isinstance(meta[key], str) or not meta[key].strip()):
                self.error(key_lines.get(key, 2), N_("'{key}' moet een korte tekst zijn"), key=key)
        if "theme" in meta:
            try:
                meta["theme"] = theme.parse(meta["theme"])
            except theme.ThemeError as error:
                self.refused(key_lines.get("theme", 2), error)
                meta["theme"] = {}
            if meta["theme"].get("logo"):
                self.check_images(f"![logo]({meta['theme']['logo']})", [key_lines.get("theme", 2)])
        self.defaults = self.question_defaults(meta.get("defaults", {}), key_lines.get("defaults", 2))
        return meta, end + 1

    def question_defaults(self, raw: Any, line: int) -> dict[str, Any]:
        """Settings every question of the deck takes unless its block says otherwise (`defaults:`)."""
        if not isinstance(raw, dict):
            self.error(line, N_("'defaults' bevat alleen regels 'instelling: waarde'"))
            return {}
        known = sorted({"results", *(s for kind in REGISTRY.values() for s in kind.settings)})
        for key in raw:
            if key not in known:
                self.unknown(line, key, known, N_("onbekende instelling in 'defaults': '{key}'"),
                             N_("onbekende instelling in 'defaults': '{key}' (bedoel je '{suggestion}'?)"),
                             key=key)
        return {k: v for k, v in raw.items() if k in known}

    # Slides ----------------------------------------------------------------------------------------------

    def split_slides(self, start: int) -> list[tuple[int, list[tuple[int, str]]]]:
        """Chunks of (line number, text) separated by '---' lines outside fenced blocks."""
        chunks: list[tuple[int, list[tuple[int, str]]]] = []
        current: list[tuple[int, str]] = []
        fence = None
        for number, line in enumerate(self.lines[start:], start=start + 1):
            match = FENCE.match(line.strip())
            if match:
                if fence is None:
                    fence = match.group(1)[0]
                elif match.group(1)[0] == fence and not match.group(2):
                    fence = None
            if fence is None and line.strip() == "---":
                chunks.append(current)
                current = []
                continue
            current.append((number, line))
        chunks.append(current)
        return [(chunk[0][0], chunk) for chunk in chunks if any(text.strip() for _, text in chunk)]

    def slide(self, index: int, line: int, chunk: list[tuple[int, str]]) -> Slide | None:
        body: list[str] = []
        body_lines: list[int] = []
        notes: list[str] = []
        block: list[str] = []
        block_line = 0
        state = "body"
        blocks = 0
        layout = "content"
        first = next(((n, t) for n, t in chunk if t.strip()), None)
        if first and LAYOUT_LINE.match(first[1].strip()):
            layout = LAYOUT_LINE.match(first[1].strip()).group(1)
            if layout not in LAYOUTS:
                self.unknown(first[0], layout, LAYOUTS, N_("onbekende indeling '{layout}'"),
                             N_("onbekende indeling '{layout}' (bedoel je '{suggestion}'?)"), layout=layout)
                layout = "content"
            chunk = [(n, t) for n, t in chunk if n != first[0]]
        for number, text in chunk:
            if state == "block":
                if FENCE.match(text.strip()) and not FENCE.match(text.strip()).group(2):
                    state = "body"
                else:
                    block.append(text)
                continue
            match = FENCE.match(text.strip())
            if match and match.group(2) == "interaction" and state == "body":
                blocks += 1
                if blocks > 1:
                    self.error(number, N_("één interaction-blok per dia; begin een nieuwe dia met ---"))
                block, block_line, state = [], number + 1, "block"
                continue
            if state == "body" and re.match(r"^notes:\s*$", text.strip(), re.IGNORECASE):
                state = "notes"
                continue
            if state == "notes":
                notes.append(text)
            else:
                body.append(text)
                body_lines.append(number)
        if state == "block":
            self.error(block_line - 1, N_("het interaction-blok wordt nergens gesloten met ```"))
            return None
        markdown = "\n".join(body).strip("\n")
        self.check_images(markdown, body_lines[next((i for i, t in enumerate(body) if t), len(body)):])
        question, round_ = self.question(block, block_line, markdown) if blocks else (None, 1)
        first_line = next((n for n, t in chunk if t.strip()), line)
        if layout == "columns" and COLUMN_BREAK not in [t.strip() for t in body]:
            self.error(first_line, N_("een dia met 'columns' heeft tussen de kolommen een regel met alleen "
                                      "{column_break}"), column_break=COLUMN_BREAK)
        return Slide(index, first_line, markdown, "\n".join(notes).strip(), question, layout, round_)

    def question(self, block: list[str], first_line: int, markdown: str) -> tuple[Question | None, int]:
        """The question an interaction block asks and its round: 1, or the round an 'again' block plans."""
        spec, key_lines = self.yaml_block("\n".join(block), first_line, INTERACTION_BLOCK)
        if spec is None:
            return None, 1
        if "again" in spec:
            return self.again(spec, key_lines, first_line)
        return self.new_question(spec, key_lines, first_line, markdown), 1

    def again(self, spec: dict[str, Any], key_lines: dict[str, int], first_line: int) -> tuple[Question | None, int]:
        """A block `again: <id>`: the question of an earlier slide, asked again as its next round."""
        line = key_lines.get("again", first_line)
        others = sorted(set(spec) - {"again"})
        if others:
            self.error(key_lines.get(others[0], line), N_("bij 'again' hoort geen '{key}': de vraag wordt precies "
                                                          "zo opnieuw gesteld als op haar eerste dia"), key=others[0])
            return None, 1
        target = spec["again"]
        earlier = self.asked.get(target) if isinstance(target, str) else None
        if earlier is None:
            known = list(self.asked)
            self.unknown(line, target, known,
                         N_("'again' noemt '{id}', maar geen eerdere dia stelt een vraag met dat id"),
                         N_("'again' noemt '{id}', maar geen eerdere dia stelt een vraag met dat id (bedoel je "
                            "'{suggestion}'?)"), id=target)
            return None, 1
        if not REGISTRY[earlier.kind].rounds:
            self.error(line, N_("'{id}' is een vraag van soort '{kind}': die kan niet opnieuw gevraagd worden"),
                       id=target, kind=earlier.kind)
            return None, 1
        round_ = self.rounds_planned.get(target, 1) + 1
        if round_ > MAX_ROUNDS:
            self.error(line, N_("een vraag heeft hoogstens {max} rondes"), max=MAX_ROUNDS)
            return None, 1
        self.rounds_planned[target] = round_
        return earlier, round_

    def new_question(self, spec: dict[str, Any], key_lines: dict[str, int], first_line: int, markdown: str
                     ) -> Question | None:

        def line_of(key: str | None) -> int:
            return key_lines.get(key, first_line) if key else first_line

        kind_name = spec.get("kind")
        if kind_name is None:
            self.error(first_line, N_("een interaction-blok heeft een 'kind' nodig ({kinds})"),
                       kinds=", ".join(sorted(REGISTRY)))
            return None
        if not isinstance(kind_name, str):
            self.error(line_of("kind"), N_("'kind' is één woord: {kinds}"), kinds=", ".join(sorted(REGISTRY)))
            return None
        kind = REGISTRY.get(kind_name)
        if kind is None:
            self.unknown(line_of("kind"), kind_name, sorted(REGISTRY), N_("onbekende soort vraag '{kind}'"),
                         N_("onbekende soort vraag '{kind}' (bedoel je '{suggestion}'?)"), kind=kind_name)
            return None
        allowed = kind.common_settings + kind.settings
        spec = {**{k: v for k, v in self.defaults.items() if k in allowed}, **spec}
        ok = True
        for key in spec:
            if key not in allowed:
                self.unknown(line_of(key), key, allowed,
                             N_("onbekende instelling '{key}' bij soort '{kind}'"),
                             N_("onbekende instelling '{key}' bij soort '{kind}' "
                                "(bedoel je '{suggestion}'?)"), key=key, kind=kind.name)
                ok = False
        text = spec.get("question") or self.first_heading_of(markdown)
        if not text or not isinstance(text, str):
            self.error(first_line, N_("de vraag heeft geen tekst: geef 'question:' of een kop op de dia"))
            return None
        spec = {**spec, "question": text.strip()}
        try:
            settings = kind.parse(spec)
        except SpecError as error:
            self.refused(line_of(error.key), error)
            return None
        question_id = spec.get("id", slugify(text))
        if not isinstance(question_id, str) or not ID_PATTERN.match(question_id):
            self.error(line_of("id"), N_("een id is 1-64 tekens: kleine letters, cijfers, '-' of '_'"))
            return None
        if not ok:
            return None
        results = spec.get("results", "hidden")
        if results not in RESULTS:
            self.error(line_of("results"),
                       N_("'results' is 'hidden' (verborgen tot je ze toont) of 'live' (meteen te zien)"))
            return None
        settings["results"] = results
        question = Question(id=question_id, kind=kind.name, text=text.strip(), settings=settings)
        files = kind.files(question)
        if files:
            self.check_images("\n".join(f"![]({name})" for name in files), [line_of("options")] * len(files))
        self.id_lines[question_id] = self.id_lines.get(question_id, []) + [line_of("id")]
        self.asked.setdefault(question_id, question)
        return question

    def check_images(self, text: str, lines: list[int]) -> None:
        """Report pictures that are not files in the deck's folder, at the line that shows them."""
        for index, src in images(text):
            line = lines[index] if index < len(lines) else (lines[-1] if lines else 1)
            problem = image_problem(src)
            if problem:
                self.refused(line, problem)
            elif self.folder is not None and not _is_file(self.folder / src):
                self.error(line, N_("afbeelding '{src}' niet gevonden"), src=src)

    def check_ids(self) -> None:
        for question_id, lines in self.id_lines.items():
            for line in lines[1:]:
                self.error(line, N_("vraag-id '{id}' komt al voor (eerst op regel {first}); "
                                    "geef een van beide een eigen 'id:'"), id=question_id, first=lines[0])

    # YAML ------------------------------------------------------------------------------------------------

    def yaml_block(self, text: str, first_line: int,
                   mistakes: YamlMistakes) -> tuple[dict | None, dict[str, int]]:
        """Load a YAML mapping; report syntax errors and duplicate keys at their line in the file."""
        try:
            data, node = _load_yaml(text)
        except _AliasFound as alias:
            self.error(first_line + alias.line, N_("een verwijzing (*naam) kan niet in een deck: schrijf de "
                                                  "waarde zelf uit"))
            return None, {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line = first_line + (mark.line if mark else 0)
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            self.error(line, mistakes.syntax, problem=problem)
            return None, {}
        if data is None:
            data, node = {}, None
        if not isinstance(data, dict):
            self.error(first_line, mistakes.not_a_mapping)
            return None, {}
        key_lines: dict[str, int] = {}
        for key_node, _ in node.value if node is not None else []:
            key = key_node.value
            line = first_line + key_node.start_mark.line
            if key in key_lines:
                self.error(line, mistakes.given_twice, key=key, first=key_lines[key])
            key_lines[key] = line
        return data, key_lines

    # Headings --------------------------------------------------------------------------------------------

    @staticmethod
    def first_heading_of(markdown: str) -> str | None:
        for line in markdown.split("\n"):
            match = re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1)
        return None

    def first_heading(self, slides: list[Slide]) -> str | None:
        return next((h for h in (self.first_heading_of(s.markdown) for s in slides) if h), None)
