"""One palette for every surface (workshop/palette.py): votes, ordinal scales and groups."""

from workshop import palette


def luminance(colour):
    def channel(value):
        value = value / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_votes_have_one_colour_each_and_agree_is_not_disagree():
    assert set(palette.VOTE) == {"agree", "disagree", "pass"}
    assert len(set(palette.VOTE.values())) == 3


def test_ordinal_scale_is_ordered_from_the_disagreeing_end_through_grey_to_the_agreeing_end():
    five = palette.ordinal(5)
    assert five[0] == palette.VOTE["disagree"] and five[-1] == palette.VOTE["agree"]
    assert five[2] == "#BABABA"
    # light next to the middle, dark at the ends: luminance rises towards the middle on both sides
    assert luminance(five[0]) < luminance(five[1]) and luminance(five[4]) < luminance(five[3])
    eleven = palette.ordinal(11)
    assert len(set(eleven)) == 11
    assert [luminance(c) for c in eleven[:5]] == sorted(luminance(c) for c in eleven[:5])
    assert [luminance(c) for c in eleven[6:]] == sorted((luminance(c) for c in eleven[6:]), reverse=True)


def test_labels_on_a_colour_keep_at_least_aa_large_contrast():
    for colour in [*palette.VOTE.values(), *palette.GROUPS, *palette.ordinal(5), *palette.ordinal(11)]:
        ink = palette.ink_on(colour)
        light, dark = sorted((luminance(colour), luminance(ink)))
        assert (dark + 0.05) / (light + 0.05) >= 3.0, colour


def test_css_carries_the_same_values_as_the_exports():
    css = palette.css()
    assert f"--vote-agree: {palette.VOTE['agree']};" in css
    assert f".ordinal-5-0 {{ background: {palette.ordinal(5)[0]};" in css
    assert f"--group-1: {palette.GROUPS[1]};" in css


def test_heat_steps_darken_with_the_share_and_keep_their_labels_readable():
    steps = [palette.heat(p) for p in (0, 19.9, 20, 40, 60, 80, 100)]
    assert steps == [palette.HEAT[0], palette.HEAT[0], *palette.HEAT[1:], palette.HEAT[-1]]
    assert [luminance(c) for c in palette.HEAT] == sorted((luminance(c) for c in palette.HEAT), reverse=True)
    for colour in palette.HEAT:
        light, dark = sorted((luminance(colour), luminance(palette.ink_on(colour))))
        assert (dark + 0.05) / (light + 0.05) >= 4.5, colour
    assert f".heat-4 {{ background: {palette.HEAT[4]};" in palette.css()
