"""The one palette of every surface: projector, phones, control view, summary deck, factsheet, pictures.

No Flask here. Screens read it as CSS custom properties (`css()`, served as /palette.css); exports read the
same hex values. Chosen so colour-blind readers can tell every pair apart:
- votes: ColorBrewer's RdBu ends (blue agrees, red disagrees) with a neutral grey for "weet niet" / pass;
- ordinal answers (a 1-5 or 0-10 scale): the same red-grey-blue, diverging around the middle point, so a
  scale reads from "oneens" to "eens" in the colours of the votes;
- groups and sessions: Okabe & Ito (2008), eight hues made to stay distinct under every colour-vision type.
"""

from __future__ import annotations

VOTE = {"agree": "#2166AC", "disagree": "#B2182B", "pass": "#8C8C8C"}

# Okabe-Ito, darkest first; yellow (#F0E442) last because it is hard to read on white.
GROUPS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")

# RdBu (ColorBrewer, colour-blind safe) from the disagreeing end to the agreeing end, grey in the middle.
_LOW = ("#67001F", "#B2182B", "#D6604D", "#F4A582")
_MIDDLE = "#BABABA"
_HIGH = ("#92C5DE", "#4393C3", "#2166AC", "#053061")

# Blues (ColorBrewer, sequential, colour-blind safe): a share from 0 to 100% in five steps, for heatmaps
# such as the roles matrix. Light steps carry dark ink, dark steps white (ink_on).
HEAT = ("#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B")

# Rounds of a question asked again: the earlier rounds lighter, the last in the full blue of agreement (Blues,
# colour-blind safe; the earliest still dark enough to stand out from a bar's empty track).
_ROUNDS = ("#74A9CF", "#2166AC")

INK = "#1B1F24"
PAPER = "#FFFFFF"


def ordinal(points: int) -> list[str]:
    """Colours for the `points` answers of an ordered scale, lowest first, diverging around the middle."""
    if points <= 0:
        return []
    half, middle = divmod(points, 2)
    low = _spread(_LOW, half)
    high = list(reversed(_spread(tuple(reversed(_HIGH)), half)))
    return [*low, *([_MIDDLE] if middle else []), *high]


def _spread(ramp: tuple[str, ...], count: int) -> list[str]:
    """`count` colours of one side of the scale, in order along `ramp` (four colours, outer end first)."""
    picks = {1: (1,), 2: (1, 3), 3: (1, 2, 3), 4: (0, 1, 2, 3)}
    if count <= 0:
        return []
    if count in picks:
        return [ramp[i] for i in picks[count]]
    # More points than the ramp holds (a 0-10 scale): interpolate along it.
    return [_mix(ramp, i / (count - 1)) for i in range(count)]


def _mix(colours: tuple[str, ...], at: float) -> str:
    """The colour at `at` (0..1) along a ramp of hex colours."""
    position = at * (len(colours) - 1)
    left = min(int(position), len(colours) - 2)
    share = position - left
    a, b = _rgb(colours[left]), _rgb(colours[left + 1])
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


def _rgb(colour: str) -> tuple[int, int, int]:
    """A #RRGGBB colour as three integers."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def group(number: int) -> str:
    """The colour of the `number`-th group (or session) of a split, the same for it across a deck."""
    return GROUPS[number % len(GROUPS)]


def rounds(count: int) -> list[str]:
    """Colours for `count` rounds of a question, the first round lightest, the last the full blue."""
    if count <= 1:
        return [_ROUNDS[-1]] * max(count, 0)
    return [_mix(_ROUNDS, i / (count - 1)) for i in range(count)]


def heat(percent: float) -> str:
    """The heatmap colour of a share of `percent` (0-100): five steps of 20 points, the last from 80."""
    return HEAT[min(len(HEAT) - 1, max(0, int(percent // 20)))]


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""
    def channel(value: int) -> float:
        value = value / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    def luminance(hex_colour: str) -> float:
        r, g, b = (channel(v) for v in _rgb(hex_colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light = luminance(colour)
    against_ink = (light + 0.05) / (luminance(INK) + 0.05)
    against_paper = 1.05 / (light + 0.05)
    return INK if against_ink >= against_paper else PAPER


def css() -> str:
    """The palette as CSS custom properties and classes, for every page."""
    lines = [":root {"]
    lines += [f"  --vote-{name}: {colour};" for name, colour in VOTE.items()]
    lines += [f"  --group-{number}: {colour};" for number, colour in enumerate(GROUPS)]
    lines += [f"  --round-earlier: {rounds(2)[0]};", f"  --round-last: {rounds(2)[1]};"]
    lines.append("}")
    lines += [f".vote-{name} {{ background: {colour}; color: {ink_on(colour)}; }}" for name, colour in VOTE.items()]
    lines += [f".group-{number} {{ background: {colour}; color: {ink_on(colour)}; }}"
              for number, colour in enumerate(GROUPS)]
    lines += [f".heat-{number} {{ background: {colour}; color: {ink_on(colour)}; }}"
              for number, colour in enumerate(HEAT)]
    # Ordinal classes per scale length: .ordinal-5-0 ... .ordinal-5-4, up to an 11-point (0-10) scale.
    for points in range(2, 12):
        for number, colour in enumerate(ordinal(points)):
            lines.append(f".ordinal-{points}-{number} {{ background: {colour}; color: {ink_on(colour)}; }}")
    return "\n".join(lines) + "\n"
