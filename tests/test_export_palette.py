"""Exports draw in the one palette of the screens (palette.py), write dates one way, never cut a name."""

from __future__ import annotations

import io
import re

from pptx import Presentation

from workshop import palette, store
from workshop.export import charts, compare, pptx, summary

from .gipz_session import gipz_session
from .test_export_data import db  # noqa: F401 - a fixture


def reopened(prs):
    buffer = io.BytesIO()
    prs.save(buffer)
    buffer.seek(0)
    return Presentation(buffer)


def colours(frame) -> list[str]:
    return ["#" + str(series.format.fill.fore_color.rgb) for series in frame.chart.plots[0].series]


def frames(prs) -> dict[str, object]:
    return {shape.name: shape for slide in prs.slides for shape in slide.shapes if shape.has_chart}


def test_votes_scales_and_groups_in_the_palette_of_the_screens(db):  # noqa: F811
    charted = frames(reopened(pptx.summary_deck(db, gipz_session(db))))
    assert colours(charted["chart:stellingen-politierol"]) == [palette.VOTE[v] for v in ("agree", "disagree",
                                                                                          "pass")]
    assert colours(charted["chart:ervaren-samenwerking"]) == palette.ordinal(5)
    # a group keeps its colour on every split slide of the deck: Politie, Zorg, then the grey of 'Overig'
    splits = [frame for name, frame in charted.items() if name.startswith("split:") and ":domein" in name]
    assert len(splits) >= 6
    for frame in splits:
        named = {s.name.split(" (n = ")[0]: c for s, c in zip(frame.chart.plots[0].series, colours(frame))}
        assert named == {"Politie": palette.group(0), "Zorg": palette.group(1), "Overig": charts.OTHER_COLOUR}


def test_split_charts_put_groups_in_the_legend_with_their_n_once(db):  # noqa: F811
    charted = frames(reopened(pptx.summary_deck(db, gipz_session(db))))
    for name, frame in charted.items():
        plot = frame.chart.plots[0]
        for text in [*plot.categories, *(s.name for s in plot.series)]:
            assert str(text).count("(n = ") <= 1, (name, text)
        if name.startswith("split:"):
            assert all(re.fullmatch(r".+ \(n = \d+\)", s.name) for s in plot.series), name
            assert not any("(n = " in str(c) for c in plot.categories), name


def test_comparison_sets_the_pooled_series_apart_and_gives_each_its_n(db):  # noqa: F811
    three = [gipz_session(db), gipz_session(db, seed=8, place="Utrecht", date="2026-03-09"),
             gipz_session(db, seed=9, place="Amersfoort", date="2026-03-16")]
    for name, frame in frames(reopened(compare.compare_deck(db, three))).items():
        series = [s.name for s in frame.chart.plots[0].series]
        places = ("Zeist 2 maart 2026 (n = ", "Utrecht 9 maart 2026 (n = ", "Amersfoort 16 maart 2026 (n = ")
        assert all(shown.startswith(place) for shown, place in zip(series, places, strict=False))
        assert len(series) == 4, name
        assert series[-1].startswith("Alle gemeentelijke sessies (n = ")
        assert colours(frame)[:3] == [palette.group(0), palette.group(1), palette.group(2)]
        assert colours(frame)[-1] == charts.POOLED_COLOUR
        assert len(series) * len(frame.chart.plots[0].categories) <= charts.MOST_BARS


def test_pictures_never_cut_a_name_and_wrap_long_statements(db):  # noqa: F811
    session = gipz_session(db)
    chart = charts.split_chart(*split_of(db, session, "stellingen-politierol"))
    _, ops = charts.layout(chart, "Stellingen", "per groep")
    written = " ".join(op[3] for op in ops if op[0] == "text")
    assert "…" not in written
    for text in [*chart.categories, *(name for name, _ in chart.series)]:
        assert " ".join(text.split()) in " ".join(written.split()) or all(w in written for w in text.split())
    widest = max(charts._width(op[3], op[4]) for op in ops if op[0] == "text")
    assert widest <= charts.WIDTH - 2 * charts.PAD
    assert charts.question_picture(db, session, "stellingen-politierol", "png", by="domein")[:4] == b"\x89PNG"


def split_of(db, session, question_id):  # noqa: F811
    from workshop import profiles, sessions

    deck = sessions.deck_of(session)
    question = deck.question(question_id)
    split = sessions.split_result(db, session, question, "domein")
    return question, sessions.result_of(db, session, question), split, profiles.labels(deck.profile[0])


def test_dates_are_written_one_way_and_note_times_as_the_screens_show_them(db, app):  # noqa: F811
    from workshop import i18n

    assert pptx.dutch_date("2026-03-02") == "2 maart 2026"
    assert compare.session_label({"place": "Zeist", "date": "2026-03-02"}) == "Zeist 2 maart 2026"
    # a note taken at 13:05 UTC on a March day (CET) and one in summer (CEST)
    for stamp, shown in (("2026-03-02T13:05:00.000Z", "14:05"), ("2026-06-02T13:05:00.000Z", "15:05")):
        assert summary.local_time(stamp) == shown
        with app.test_request_context():
            assert i18n.local_time(stamp) == shown
    session = gipz_session(db)
    note = store.notes(db, session["id"])[0]
    deck = reopened(pptx.summary_deck(db, session))
    spoken = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert summary.local_time(note["created_at"]) + " " in spoken


def test_every_chart_tells_viewers_to_show_every_label(db):  # noqa: F811
    from pptx.oxml.ns import qn

    charted = frames(reopened(pptx.summary_deck(db, gipz_session(db))))
    for name, frame in charted.items():
        axis = frame.chart._chartSpace.find(".//" + qn("c:catAx"))
        assert axis.find(qn("c:tickLblSkip")).get("val") == "1", name
        assert axis.find(qn("c:noMultiLvlLbl")).get("val") == "1", name
        assert frame.chart._chartSpace.find(".//" + qn("c:manualLayout")) is not None, name
        font = frame.chart.font.size.pt
        assert pptx.SMALLEST <= font <= 16, (name, font)


def test_a_grid_splits_by_its_mean_on_each_scale():
    from workshop.interactions import kind_of

    from .helpers import make_question

    question = make_question("grid", items=["Casusoverleg", "Contactpersoon"], quadrants=["a", "b", "c", "d"],
                             x={"label": "Impact", "min": 1, "max": 5},
                             y={"label": "Haalbaarheid", "min": 1, "max": 5})
    kind = kind_of(question)
    room = kind.aggregate(question, [[[4, 2], [5, 5]], [[3, 3], None]])
    police = kind.aggregate(question, [[[1, 2], [2, 5]]])
    chart = charts.grouped_chart(question, room, [("Politie (n = 2)", room), ("Zorg (n = 1)", police)])
    assert chart.categories == ["Casusoverleg · Impact", "Casusoverleg · Haalbaarheid",
                                "Contactpersoon · Impact", "Contactpersoon · Haalbaarheid"]
    assert chart.series == [("Politie (n = 2)", [3.5, 2.5, 5.0, 5.0]), ("Zorg (n = 1)", [1.0, 2.0, 2.0, 5.0])]
