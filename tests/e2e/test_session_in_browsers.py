"""A whole session in real browsers: facilitator, projector and control view, three phones answering every
kind of the demo deck, moderation, the export; and participant markup that must stay text."""

from __future__ import annotations

import re

from pptx import Presentation

from .pages import (
    DEMO,
    Facilitator,
    Phone,
    expect,
    expect_bars,
    log_in,
    new_session,
    screenshot,
    start_demo_session,
)

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'
PHONE_NUMBER = "06-12345678"
SCALE_ITEMS = ["In het algemeen", "Bij acute situaties", "Bij langdurige zorg"]
OPEN_ANSWERS = [["Snel ter plaatse", "Rustig blijven"], ["Samenwerken met de zorg"],
                ["Snel ter plaatse", "Deskundigheid", "Nazorg regelen"]]
SEEDED = ["Hulpverlening is ook politiewerk.", "De politie moet zich beperken tot handhaven."]
OWN_STATEMENT = "Zorg moet vaker de regie nemen."
TASKS = ["Melding van verward gedrag", "Huisbezoek bij iemand die zorg mijdt", "Nazorg na detentie"]


def watch_frames(context, path_end: str) -> list[str]:
    """Every WebSocket frame the pages of `context` whose URL ends with `path_end` receive."""
    frames: list[str] = []

    def page_opened(page):
        page.on("websocket", lambda socket: page.url.endswith(path_end) and socket.on(
            "framereceived", lambda payload: frames.append(str(payload))))

    context.on("page", page_opened)
    return frames


def test_three_phones_answer_every_kind_and_the_summary_has_their_counts(browsers, server, artifacts):
    laptop = browsers.facilitator()
    projector_frames = watch_frames(laptop, "/present")
    page = laptop.new_page()
    log_in(page, server)
    code = start_demo_session(page, smallest_group=2)
    f = Facilitator(page, code)
    projector, control = f.projector, f.control
    assert f.join_url == f"{server.url}/j/{code}"

    a, b, c = phones = [Phone(browsers.phone(f"phone {n}"), f.join_url) for n in (1, 2, 3)]
    expect(projector.locator("#connected")).to_have_text("3")
    expect(control.locator("#participants")).to_have_text("3")

    # Nobody answers before accepting the consent text and answering the profile question.
    expect(a.page.locator("#waiting")).to_be_hidden()
    a.join("Politie", consent=False)
    expect(a.page.locator("#intro-error")).to_have_text("Je kunt alleen meedoen als je toestemming geeft.")
    a.join("Politie")
    b.join("Politie")
    c.join("Zorg")
    for phone in phones:
        expect(phone.page.locator("#waiting")).to_be_visible()

    # Slides without questions, in each layout
    expect(projector.locator(".slide:visible")).to_have_count(1)
    expect(projector.locator(".slide.layout-title:visible").get_by_role("heading")).to_have_text(
        "Welkom bij deze sessie")
    expect(control.get_by_role("button", name="Vraag openen")).to_be_hidden()
    f.go_to(2)
    expect(projector.locator(".slide.layout-columns:visible .column h2")).to_have_text(["Wat je ziet",
                                                                                      "Wat je doet"])

    # choice, one answer, with a countdown; split by the profile question (small groups merged)
    f.open("rol", phones, timer="1 minuut")
    for phone in phones:
        expect(phone.page.locator("#countdown")).to_have_text(re.compile(r"^Nog [01]:\d\d$"))
    expect(projector.locator(".slide:visible .slide-countdown")).to_have_text(re.compile(r"^[01]:\d\d$"))
    for phone, label in [(a, "Beleid"), (b, "Uitvoering"), (c, "Uitvoering")]:
        phone.choose(label)
        phone.submit()
    expect(projector.locator(".slide:visible .results")).to_be_empty()
    results = f.show_results("rol", responses=3)
    rol = [("Beleid", "1 (33%)"), ("Management", "0 (0%)"), ("Uitvoering", "2 (67%)")]
    expect_bars(results, rol)
    expect_bars(control.locator("#control-results"), rol)
    f.close()  # a live split shows once the question is closed (docs/privacy.md)
    control.get_by_label("Uitsplitsen naar").select_option(label=DEMO.profile[0]["question"])
    for view in (results, control.locator("#control-results")):
        expect(view.locator(".split-title")).to_have_text(f"Uitgesplitst naar: {DEMO.profile[0]['question']}")
        expect(view.locator(".split-group-name")).to_have_text(["Overig (n = 3)"])  # never "Zorg (n = 1)"
        expect(view.locator(".split-note")).to_have_text(
            "Groepen kleiner dan 2 zijn samengevoegd in 'Overig' (Politie, Zorg).")
    control.get_by_label("Uitsplitsen naar").select_option(label="niet uitsplitsen")
    expect(results.locator(".split-title")).to_have_count(0)
    for phone in phones:
        phone.expect_question(DEMO.question("rol").text, "Deze vraag is gesloten.")
        expect(phone.page.locator("#countdown")).to_be_hidden()

    # choice, at most two; a phone reloads and still sees its choices
    f.open("goede-samenwerking", phones)
    a.choose("Korte lijnen", "Informatie delen")
    a.submit()
    b.choose("Korte lijnen")
    b.submit()
    c.choose("Elkaars taken kennen", "Korte lijnen", "Duidelijke regie")
    c.page.get_by_role("button", name="Versturen").tap()
    expect(c.error).to_have_text("Kies hoogstens 2 antwoorden.")
    expect(c.confirm).to_be_hidden()
    c.fields.get_by_label("Duidelijke regie").uncheck()
    c.submit()
    a.page.reload()
    a.expect_connected()
    a.expect_question(DEMO.question("goede-samenwerking").text, None)
    for label in ("Korte lijnen", "Informatie delen"):
        expect(a.fields.get_by_label(label)).to_be_checked()
    for label in ("Elkaars taken kennen", "Samen besluiten", "Duidelijke regie"):
        expect(a.fields.get_by_label(label)).not_to_be_checked()
    expect(a.confirm).to_have_text(re.compile(r"^Je antwoord is opgeslagen"))
    expect_bars(f.show_results("goede-samenwerking", responses=3), [
        ("Korte lijnen", "3 (100%)"), ("Elkaars taken kennen", "1 (33%)"), ("Informatie delen", "1 (33%)"),
        ("Samen besluiten", "0 (0%)"), ("Duidelijke regie", "0 (0%)")])

    # scale, three items
    f.open("ervaren-samenwerking", phones)
    for phone, scores in [(a, [4, 2, 3]), (b, [5, 2, 4]), (c, [4, 1, 3])]:
        phone.rate(dict(zip(SCALE_ITEMS, scores, strict=True)))
        phone.submit()
    b.page.screenshot(path=artifacts / "phone.png")
    results = f.show_results("ervaren-samenwerking", responses=3)
    expect(results.locator(".scale-result-label")).to_have_text([
        "In het algemeen · gemiddeld 4,3 (n = 3)",
        "Bij acute situaties · gemiddeld 1,7 (n = 3)",
        "Bij langdurige zorg · gemiddeld 3,3 (n = 3)",
    ])
    stacks = results.get_by_role("img")
    expect(stacks).to_have_count(3)
    for index, counts in enumerate(["1: 0, 2: 0, 3: 0, 4: 2, 5: 1", "1: 1, 2: 2, 3: 0, 4: 0, 5: 0",
                                    "1: 0, 2: 0, 3: 2, 4: 1, 5: 0"]):
        expect(stacks.nth(index)).to_have_attribute("aria-label", counts)
    expect(stacks.first.locator(".stack-part")).to_have_text(["", "", "", "4: 2", "5: 1"])

    # open, up to three answers; a reload keeps what was written
    f.open("verwachting-politie", phones)
    for phone, texts in zip(phones, OPEN_ANSWERS, strict=True):
        phone.write(*texts)
        phone.submit()
    b.page.reload()
    b.expect_connected()
    expect(b.fields.get_by_label("Antwoord 1 van 3")).to_have_value("Samenwerken met de zorg")
    expect(b.fields.get_by_label("Antwoord 2 van 3")).to_have_value("")
    results = f.show_results("verwachting-politie", responses=3)
    written = sorted(text for texts in OPEN_ANSWERS for text in texts)
    expect(results.locator(".answer-card")).to_have_count(6)
    assert sorted(results.locator(".answer-card").all_inner_texts()) == written
    f.close()
    b.expect_question(DEMO.question("verwachting-politie").text, "Deze vraag is gesloten.")
    expect(b.page.get_by_role("button", name="Versturen")).to_be_disabled()

    # word cloud: words are normalised and counted once per phone
    f.open("woord-samenwerking", phones)
    for phone, words in [(a, ["Vertrouwen", "korte lijnen"]), (b, ["vertrouwen!"]), (c, ["Samen"])]:
        phone.write(*words, label="Woord {}")
        phone.submit()
    results = f.show_results("woord-samenwerking", responses=3)
    expect(results.get_by_role("img")).to_have_attribute(
        "aria-label", "Woordwolk: vertrouwen 2, korte lijnen 1, samen 1")
    expect(results.locator(".wordcloud-word")).to_have_text(["vertrouwen", "korte lijnen", "samen"])

    # statement board: vote on the seeded statements; own statements wait for approval; a phone number is
    # held, marked in the queue, and never reaches the projector
    f.go_to(DEMO.slide_of("stellingen").index - 1)
    expect(projector.locator(".slide.layout-statement:visible")).to_have_text("Hulpverlening is ook politiewerk.")
    f.open("stellingen", phones)
    for phone, votes in [(a, ["Eens", "Oneens"]), (b, ["Eens", "Weet niet"]), (c, ["Oneens", "Oneens"])]:
        for statement, vote in zip(SEEDED, votes, strict=True):
            phone.vote(statement, vote)
        expect(phone.fields).to_contain_text("2 van 2 stellingen gestemd")
    a.add_text("Je eigen stelling", "Stelling toevoegen", OWN_STATEMENT)
    expect(a.confirm).to_have_text("Je tekst wacht op goedkeuring.")
    expect(a.fields.locator(".my-statements")).to_have_text(f"{OWN_STATEMENT} – wacht op goedkeuring")
    expect(a.fields.get_by_label("Je eigen stelling")).to_have_count(1)
    b.add_text("Je eigen stelling", "Stelling toevoegen", f"Twijfel je? bel {PHONE_NUMBER}")
    expect(b.confirm).to_have_text("Je tekst wordt eerst bekeken door de begeleider (bevat een telefoonnummer).")
    expect(control.locator("#queue-count")).to_have_text("2")
    held = control.locator(".queue-item").filter(has_text=PHONE_NUMBER)
    expect(held.locator("mark")).to_have_text(PHONE_NUMBER)
    expect(held.locator(".warning")).to_have_text("bevat een telefoonnummer")
    screenshot(control, artifacts / "control.png")
    control.locator(".queue-item").filter(has_text=OWN_STATEMENT).get_by_role("button", name="Goedkeuren").click()
    expect(control.locator("#queue-count")).to_have_text("1")
    expect(a.fields.locator(".my-statements")).to_have_text(f"{OWN_STATEMENT} – staat op het bord")
    expect(b.fields.locator(".statement-card .statement-text")).to_have_text(OWN_STATEMENT)
    b.page.screenshot(path=artifacts / "phone-board.png")
    b.vote(OWN_STATEMENT, "Eens")
    c.vote(OWN_STATEMENT, "Eens")
    c.page.reload()  # the votes are kept: nothing left to vote on
    c.expect_connected()
    expect(c.fields).to_contain_text("3 van 3 stellingen gestemd")
    expect(c.fields.locator(".statement-card")).to_have_text("Je hebt op alle stellingen gestemd. Dank je!")
    results = f.show_results("stellingen")
    expect(results.locator(".statement-text")).to_have_text([*SEEDED, OWN_STATEMENT])
    for index, votes in enumerate(["eens 2, oneens 1, weet niet 0", "eens 0, oneens 2, weet niet 1",
                                   "eens 2, oneens 0, weet niet 0"]):
        expect(results.get_by_role("img").nth(index)).to_have_attribute("aria-label", votes)
    projector.screenshot(path=artifacts / "projector.png")
    expect(projector.locator("body")).not_to_contain_text("12345678")

    # roles: who takes care of what
    f.open("wie-zorgt-voor-wat", phones)
    for phone, parties in [(a, ["Politie", "Zorg", "Gemeente"]), (b, ["Politie", "Samen", "Gemeente"]),
                           (c, ["Zorg", "Zorg", "Niemand"])]:
        expect(phone.fields.locator(".roles-open")).to_have_text("Nog 3 van de 3 taken open.")
        phone.assign(dict(zip(TASKS, parties, strict=True)))
        expect(phone.fields.locator(".roles-open")).to_have_text("Alle 3 taken ingevuld.")
        phone.submit()
    results = f.show_results("wie-zorgt-voor-wat", responses=3)
    expect(results.locator("thead th")).to_have_text(["Taak", "Politie", "Zorg", "Gemeente", "Samen", "Niemand",
                                                      "n"])
    rows = results.locator("tbody tr")
    expect(rows.nth(0).locator("th, td")).to_have_text([TASKS[0], "★ 67%", "33%", "0%", "0%", "0%", "3"])
    expect(rows.nth(1).locator("th, td")).to_have_text([TASKS[1], "0%", "★ 67%", "0%", "33%", "0%", "3"])
    expect(rows.nth(2).locator("th, td")).to_have_text([TASKS[2], "0%", "0%", "★ 67%", "0%", "33%", "3"])

    # ranking: the arrow buttons; the third phone keeps the order as given
    f.open("rangorde", phones)
    a.rank(["Vast aanspreekpunt", "Informatie delen", "Bereikbaarheid 's nachts"])
    a.submit()
    b.rank(["Vast aanspreekpunt", "Bereikbaarheid 's nachts", "Informatie delen"])
    b.submit()
    c.submit()
    expect_bars(f.show_results("rangorde", responses=3), [
        ("1. Vast aanspreekpunt", "4 punten · gem. plaats 1,7"),
        ("2. Bereikbaarheid 's nachts", "3 punten · gem. plaats 2,0"),
        ("3. Informatie delen", "2 punten · gem. plaats 2,3")])

    # points: typed, or with the + buttons; a wrong total is refused on the phone
    f.open("punten", phones)
    a.spread({"Opleiding": 50, "Overleg": 30, "Afspraken": 30})
    expect(a.fields.locator(".points-left")).to_have_text("10 punten te veel.")
    a.page.get_by_role("button", name="Versturen").tap()
    expect(a.error).to_have_text("Je hebt 110 van de 100 punten verdeeld.")
    a.spread({"Afspraken": 20})
    a.submit()
    b.spread({"Opleiding": 20, "Overleg": 30, "Afspraken": 50})
    b.submit()
    for item, presses in [("Opleiding", 6), ("Overleg", 6), ("Afspraken", 8)]:
        for _ in range(presses):
            c.fields.get_by_role("button", name=f"Meer punten voor {item}").tap()
    expect(c.fields.locator(".points-left")).to_have_text("Alle punten zijn verdeeld.")
    c.submit()
    expect_bars(f.show_results("punten", responses=3), [
        ("Opleiding", "gem. 33,3"), ("Overleg", "gem. 30,0"), ("Afspraken", "gem. 36,7")])

    # Q&A: ask, upvote, mark answered
    f.open("vragen", phones)
    asked = ["Wie belt wie bij een crisis 's nachts?", "Hoe delen we informatie veilig?"]
    for phone, question in zip((a, b), asked, strict=True):
        phone.add_text("Jouw vraag", "Vraag stellen", question)
        expect(phone.confirm).to_have_text("Toegevoegd.")
        expect(phone.fields.locator(".qa-item").last).to_contain_text(question)
    for phone, question in [(b, asked[0]), (c, asked[0]), (c, asked[1])]:
        item = phone.fields.locator(".qa-item").filter(has_text=question)
        item.get_by_role("button", name=re.compile("steun deze vraag$")).tap()
        expect(item.get_by_role("button", name=re.compile("steun deze vraag$"))).to_have_attribute(
            "aria-pressed", "true")
    results = f.show_results("vragen")
    expect(results.locator("li")).to_have_text([f"▲ 2{asked[0]}", f"▲ 1{asked[1]}"])
    control.locator("#board-admin li").filter(has_text=asked[0]).get_by_role("button", name="Beantwoord").click()
    expect(results.locator("li")).to_have_text([f"▲ 1{asked[1]}", f"▲ 2{asked[0]} · beantwoord"])
    expect(a.fields.locator(".qa-item.answered")).to_contain_text(asked[0])

    f.go_to(len(DEMO.slides) - 1)
    expect(control.get_by_role("button", name="Vraag openen")).to_be_hidden()
    for phone in phones:
        expect(phone.page.locator("#waiting")).to_be_visible()
    assert projector_frames, "the projector's WebSocket frames were not watched"
    assert not [frame for frame in projector_frames if "12345678" in frame]

    # the summary deck, downloaded from the session page
    page.reload()
    for question_id in ("rol", "goede-samenwerking", "ervaren-samenwerking", "verwachting-politie",
                        "woord-samenwerking", "wie-zorgt-voor-wat", "rangorde", "punten"):
        row = page.get_by_role("row").filter(has_text=DEMO.question(question_id).text)
        expect(row.locator("td").last).to_have_text("3")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Samenvatting (.pptx)").click()
    assert re.fullmatch(rf"workshop-{code}-2026-11-29[\w-]*\.pptx", downloaded.value.suggested_filename)
    deck_path = artifacts / "summary.pptx"
    downloaded.value.save_as(deck_path)
    check_summary_deck(deck_path, written)

    browsers.watch.assert_clean()


def check_summary_deck(path, open_answers: list[str]) -> None:
    slides = list(Presentation(path).slides)
    title = "\n".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert "Utrecht" in title and "3 deelnemers" in title
    titled = [slide for slide in slides if slide.shapes.title is not None]
    charts = {}
    for slide in titled:
        for shape in slide.shapes:
            if shape.has_chart:
                charts.setdefault(slide.shapes.title.text, shape.chart)

    def series(question_id):
        chart = charts[DEMO.question(question_id).text]
        return {s.name: list(s.values) for s in chart.plots[0].series}

    assert series("rol") == {"Aantal": [1, 0, 2]}
    assert series("goede-samenwerking") == {"Aantal": [3, 1, 1, 0, 0]}
    assert series("ervaren-samenwerking") == {
        "1 slecht": [0, 1, 0], "2": [0, 2, 0], "3": [0, 0, 2], "4": [2, 0, 1], "5 uitstekend": [1, 0, 0],
    }
    for question_id in ("woord-samenwerking", "stellingen", "wie-zorgt-voor-wat", "rangorde", "punten"):
        assert DEMO.question(question_id).text in charts, f"no chart for {question_id}"
    open_slide = next(slide for slide in titled if slide.shapes.title.text == DEMO.question("verwachting-politie").text)
    texts = [p.text for shape in open_slide.placeholders if shape.placeholder_format.idx != 0
             for p in shape.text_frame.paragraphs]
    assert sorted(t for t in texts if t) == open_answers


def test_participant_markup_shows_as_text_and_runs_nothing(browsers, server):
    code = new_session(server)
    laptop = browsers.facilitator()
    page = laptop.new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    phone = Phone(browsers.phone("phone"), f.join_url)
    phone.join("Zorg")

    f.open("verwachting-politie", [phone])
    phone.write(XSS)
    phone.submit()
    on_projector = f.show_results("verwachting-politie", responses=1)
    for results in (on_projector, f.control.locator("#control-results")):
        expect(results.locator(".answer-card")).to_have_text([XSS])
        expect(results.locator("img, script")).to_have_count(0)
    phone.page.reload()
    expect(phone.fields.get_by_label("Antwoord 1 van 3")).to_have_value(XSS)

    # a statement waits in the moderation queue as text, and is shown as text once approved
    f.open("stellingen", [phone])
    phone.add_text("Je eigen stelling", "Stelling toevoegen", XSS)
    queued = f.control.locator(".queue-item").filter(has_text=XSS)
    expect(queued.locator(".queue-text")).to_have_text(XSS)
    expect(phone.fields.locator(".my-statements li")).to_have_text(f"{XSS} – wacht op goedkeuring")
    queued.get_by_role("button", name="Goedkeuren").click()
    phone.vote(SEEDED[0], "Eens")
    phone.vote(SEEDED[1], "Eens")
    expect(phone.fields.locator(".statement-card .statement-text")).to_have_text(XSS)
    on_projector = f.show_results("stellingen")
    expect(on_projector.locator(".statement-text").last).to_have_text(XSS)

    # a Q&A question is on every screen at once
    f.open("vragen", [phone])
    phone.add_text("Jouw vraag", "Vraag stellen", XSS)
    expect(phone.fields.locator(".qa-item .statement-text")).to_have_text(XSS)
    on_projector = f.show_results("vragen")
    expect(on_projector.locator("li")).to_have_text([f"▲ 0{XSS}"])
    expect(f.control.locator("#board-admin li span")).to_have_text([XSS])

    for view in (page, f.projector, f.control, phone.page):
        expect(view.locator("main img:not(.qr), main script")).to_have_count(0)
        assert view.evaluate("window.__xss") is None
    browsers.watch.assert_clean()
