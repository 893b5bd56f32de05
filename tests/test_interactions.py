"""Each interaction kind: deck settings, valid and invalid answers with the reason, aggregation, chart."""

import pytest

from workshop.interactions import REGISTRY, SpecError

from .helpers import make_question, refused

choice, scale, open_ = REGISTRY["choice"], REGISTRY["scale"], REGISTRY["open"]


question = make_question


# choice ------------------------------------------------------------------------------------------------


def test_choice_settings():
    assert question("choice", options=["a", "b"]).settings == {"options": ["a", "b"], "multiple": False, "max": 1}
    assert question("choice", options=["a", "b", "c"], multiple=True).settings["max"] == 3
    with pytest.raises(SpecError, match="'max' moet een heel getal van 1 tot en met 2 zijn"):
        question("choice", options=["a", "b"], multiple=True, max=3)
    with pytest.raises(SpecError, match="geldt alleen bij"):
        question("choice", options=["a", "b"], max=1)


def test_choice_answers():
    single = question("choice", options=["a", "b", "c"])
    assert choice.validate(single, 1) == [1]
    assert choice.validate(single, [2]) == [2]
    assert refused(single, [0, 1]) == "Kies één antwoord."
    assert refused(single, 3) == "Dit antwoord hoort niet bij de vraag."
    assert refused(single, True) == "Kies een antwoord."
    assert refused(single, "a") == "Kies een antwoord."
    assert refused(single, []) == "Kies een antwoord."
    multi = question("choice", options=["a", "b", "c"], multiple=True, max=2)
    assert choice.validate(multi, [2, 0, 2]) == [0, 2]
    assert refused(multi, [0, 1, 2]) == "Kies hoogstens 2 antwoorden."


def test_choice_aggregate_and_chart():
    multi = question("choice", options=["a", "b", "c"], multiple=True)
    result = choice.aggregate(multi, [[0], [0, 2], [2]])
    assert result["n"] == 3
    assert [(o["label"], o["count"], o["percent"]) for o in result["options"]] == [
        ("a", 2, 66.7), ("b", 0, 0.0), ("c", 2, 66.7)]
    chart = choice.chart(multi, result)
    assert chart.type == "bar" and chart.categories == ["a", "b", "c"] and chart.series == [("Aantal", [2, 0, 2])]


# scale -------------------------------------------------------------------------------------------------


def test_scale_settings():
    q = question("scale", items=["x", "y"], min=0, max=10, labels={0: "nooit", 10: "altijd"})
    assert q.settings == {"items": ["x", "y"], "min": 0, "max": 10, "labels": {"0": "nooit", "10": "altijd"},
                          "dont_know": None}
    assert question("scale").settings["items"] == ["V?"]
    with pytest.raises(SpecError, match="label bij 7 is geen punt van de schaal 1..5"):
        question("scale", labels={7: "x"})
    with pytest.raises(SpecError, match="de twee uiteinden"):
        question("scale", labels=["a"])


def test_scale_answers():
    q = question("scale", items=["x", "y"])
    assert scale.validate(q, [1, 5]) == [1, 5]
    assert refused(q, [1]) == "Geef een score voor elk van de 2 onderdelen."
    assert refused(q, [0, 3]) == "Een score ligt tussen 1 en 5."
    assert refused(q, [3, 2.5]) == "Een score ligt tussen 1 en 5."
    assert scale.validate(question("scale"), 4) == [4]


def test_scale_aggregate_and_chart():
    q = question("scale", items=["x", "y"], min=1, max=3, labels=["laag", "hoog"])
    result = scale.aggregate(q, [[1, 3], [3, 3], [2, 3]])
    x, y = result["items"]
    assert x["counts"] == [1, 1, 1] and x["mean"] == 2.0
    assert y["counts"] == [0, 0, 3] and y["mean"] == 3.0 and y["percents"] == [0.0, 0.0, 100.0]
    chart = scale.chart(q, result)
    assert chart.type == "stacked" and chart.categories == ["x", "y"]
    assert chart.series == [("1 laag", [1, 0]), ("2", [1, 0]), ("3 hoog", [1, 3])]
    assert chart.notes == ["gem. 2,0", "gem. 3,0"]
    assert scale.aggregate(q, [])["items"][0]["mean"] is None


# open --------------------------------------------------------------------------------------------------


def test_open_answers_are_cleaned_and_bounded():
    q = question("open", answers=2, max_length=20)
    assert open_.validate(q, "  korte  lijnen \x07") == ["korte lijnen"]
    assert open_.validate(q, ["a", "", "b"]) == ["a", "b"]
    assert refused(q, ["a", "b", "c"]) == "Je kunt hoogstens 2 antwoorden geven."
    assert refused(q, "x" * 21) == "Antwoord is te lang (maximaal 20 tekens)."
    assert refused(q, ["   "]) == "Schrijf eerst een antwoord."
    assert refused(q, 5) == "Antwoord moet tekst zijn."
    assert refused(q, [{"a": 1}]) == "Antwoord moet tekst zijn."


def test_direction_overrides_and_zero_width_characters_are_stripped_from_texts():
    # A right-to-left override would show "gpj.exe" as "exe.jpg"; zero-width characters make equal words differ.
    q = question("open", answers=1, max_length=60)
    sneaky = "Zie \u202egpj.exe\u202c en sa\u200bmen\u200cwer\u2060king \u2066x\u2069\ufeff\u200f"
    assert open_.validate(q, sneaky) == ["Zie gpj.exe en samenwerking x"]
    assert open_.validate(q, "zorg \U0001f469\u200d\u2695\ufe0f") == ["zorg \U0001f469\u200d\u2695\ufe0f"]  # one emoji
    cloud = question("wordcloud", words=2)
    assert REGISTRY["wordcloud"].validate(cloud, ["sa\u200bmen", "\u202esamen"]) == ["samen"]
    board = question("statements", statements=[], max_length=80)
    assert REGISTRY["statements"].validate_submission(board, "Sa\u200dmen \u202ewerken") == "Samen werken"


def test_open_aggregate_lists_every_text():
    q = question("open", answers=2)
    result = open_.aggregate(q, [["a", "b"], ["c"]])
    assert result == {"n": 2, "count": 3, "answers": ["a", "b", "c"]}
    assert open_.chart(q, result) is None


def test_open_answers_are_compared_by_the_share_of_people_using_a_word():
    q = question("open", answers=2)
    # Zeist: 4 people; "wijkagent" in 3 of them (twice by the second, counted once), "lijnen" in 2
    zeist = [["Korte lijnen met de wijkagent"], ["Wijkagent!", "de wijkagent kent iedereen"],
             ["Wijkagent-overleg", "korte lijnen"], ["Een vast wijkagent"]]
    # Utrecht: 6 people; "lijnen" in 3, "wijkagent" in 2; "Jansen" once in each session
    utrecht = [["lijnen"], ["LIJNEN kort"], ["lijnen, wijkagent"], ["meneer Jansen"], ["de de de"], ["wijkagent"]]
    zeist[3] = ["Een vast wijkagent, Jansen"]
    both = open_.compared(q, zeist + utrecht)
    assert both["n"] == 10 and both["count"] == 12  # the aggregate is all there, with the words beside it
    assert both["words"][:3] == [{"text": "lijnen", "count": 5}, {"text": "wijkagent", "count": 5},
                                 {"text": "jansen", "count": 2}]
    measure = open_.measure(q, both)
    # charted: words five or more people used; "jansen" (one in each session) and "korte" (2) are not
    assert measure.categories == ["lijnen", "wijkagent"] and measure.number_format == "0%"
    assert open_.measured(q, both, {**open_.compared(q, zeist), "n": 4}) == [0.5, 0.75]
    assert open_.measured(q, both, {**open_.compared(q, utrecht), "n": 6}) == [0.5, 0.33]
    assert "wijkagent-overleg" in {w["text"] for w in both["words"]}  # a hyphenated word is one word
    assert open_.unit == "procent van wie antwoordde dat dit woord gebruikte"


def test_a_scale_item_or_roles_task_answered_by_fewer_than_k_shows_nothing_of_it():
    q = question("scale", items=["x", "y"], min=1, max=3, dont_know=True)
    # five people rate x; of y four say "weet niet" and one says 3: that one's answer must not show
    result = scale.withhold(q, scale.aggregate(q, [[2, None]] * 4 + [[3, 3]]), 5)
    x, y = result["items"]
    assert (x["n"], x["counts"], x["mean"]) == (5, [0, 4, 1], 2.2) and "hidden" not in x
    assert (y["n"], y["counts"], y["percents"], y["mean"], y["hidden"]) == (1, [0, 0, 0], [0, 0, 0], None, True)
    assert y["dont_know"] == 4  # who said "weet niet" is no one's rating
    roles = REGISTRY["roles"]
    r = question("roles", rows=["Nazorg", "Vervoer"], columns=["Politie", "Zorg"])
    shown = roles.withhold(r, roles.aggregate(r, [[0, None]] * 4 + [[1, 1]]), 5)
    assert shown["rows"][0]["counts"] == [4, 1] and shown["rows"][0]["top"] == ["Politie"]
    assert (shown["rows"][1]["n"], shown["rows"][1]["counts"], shown["rows"][1]["top"]) == (1, [0, 0], [])


def test_scale_dont_know_is_counted_apart_from_the_scale():
    q = question("scale", items=["x", "y"], min=1, max=3, dont_know=True)
    assert q.settings["dont_know"] == "Weet niet / n.v.t."
    assert scale.validate(q, [None, 2]) == [None, 2]
    assert refused(question("scale", items=["x", "y"]), [None, 2]) == "Een score ligt tussen 1 en 5."
    result = scale.aggregate(q, [[None, 3], [1, 3], [3, None]])
    x, y = result["items"]
    assert (x["counts"], x["n"], x["dont_know"], x["mean"]) == ([1, 0, 1], 2, 1, 2.0)
    assert (y["counts"], y["n"], y["dont_know"], y["mean"]) == ([0, 0, 2], 2, 1, 3.0)
    assert scale.chart(q, result).notes == ["gem. 2,0 · weet niet / n.v.t.: 1", "gem. 3,0 · weet niet / n.v.t.: 1"]
    with pytest.raises(SpecError, match="'dont_know' is true"):
        question("scale", dont_know="")


def test_choice_options_may_carry_a_description_or_a_picture():
    q = question("choice", options=[{"label": "Politie", "description": "Wijkagent of noodhulp"},
                                    {"label": "Zorg", "image": "zorg.png"}, "Gemeente"])
    assert q.settings["options"] == ["Politie", "Zorg", "Gemeente"]
    assert q.settings["details"] == [{"description": "Wijkagent of noodhulp"}, {"image": "zorg.png"}, None]
    assert REGISTRY["choice"].files(q) == ["zorg.png"]
    for bad, message in (({"label": "A", "colour": "red"}, "een optie met details is"),
                         ({"label": "A", "image": "https://x.example/a.png"}, "bestanden in de map van het deck")):
        with pytest.raises(SpecError, match=message):
            question("choice", options=[bad, "B"])
