"""The deck editor under /f/decks, the pictures under /f/slides, and pictures in decks."""

import html
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape

from workshop import create_app
from workshop import deck as decks
from workshop.cli import cli
from workshop.markdown import render

from .conftest import PASSWORD
from .test_importer import make_pptx

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(p.name for p in (ROOT / "slides").glob("*.md"))
BROKEN = ("# Welkom\n---\n## Vraag\n\n```interaction\nkind: pol\n```\n---\n## B\n"
          "```interaction\nkind: choice\noptons: [a, b]\n```\n")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


@pytest.fixture
def slides(app, tmp_path):
    """A slides folder holding copies of the shipped decks, with a secret file beside it."""
    folder = tmp_path / "slides"
    shutil.copytree(ROOT / "slides", folder)
    (tmp_path / "secret.md").write_text("# geheim\n")
    (tmp_path / "secret.png").write_bytes(PNG)
    app.config["SLIDES_DIR"] = str(folder)
    return folder


def files(slides: Path) -> list[str]:
    """Every file in the slides folder and beside it, but the test database."""
    found = slides.parent.rglob("*")
    return sorted(str(p.relative_to(slides.parent)) for p in found if "test.db" not in p.name)


def textarea_of(page: str) -> str:
    """The source as a browser puts it in the textarea (first newline dropped) and sends it back (CRLF)."""
    raw = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.DOTALL).group(1)
    value = html.unescape(raw).replace("\r\n", "\n").replace("\r", "\n")
    return value.removeprefix("\n").replace("\n", "\r\n")


ROUTES = [("get", "/f/decks"), ("post", "/f/decks"), ("post", "/f/decks/import"), ("get", "/f/decks/demo.md"),
          ("post", "/f/decks/demo.md"), ("post", "/f/decks/demo.md/check"), ("get", "/f/slides/x.png")]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_editor_route_needs_login(client, slides, method, path):
    before = (slides / "demo.md").read_bytes()
    response = getattr(client, method)(path, data={"name": "nieuw", "source": "# x\n"})
    assert response.status_code == 302 and "/login" in response.location
    assert (slides / "demo.md").read_bytes() == before and not (slides / "nieuw.md").exists()


def test_the_list_links_every_deck_and_marks_broken_ones(logged_in, slides):
    (slides / "kapot.md").write_text(BROKEN)
    page = logged_in.get("/f/decks").text
    for name in [*SHIPPED, "kapot.md"]:
        assert f'href="/f/decks/{name}"' in page
    assert "3 fouten" in page


def test_a_new_deck_is_valid_and_opens_in_the_editor(logged_in, slides):
    response = logged_in.post("/f/decks", data={"name": "gipz-zeist"})
    assert response.status_code == 302 and response.location.endswith("/f/decks/gipz-zeist.md")
    assert decks.load(slides / "gipz-zeist.md").title == "gipz-zeist"
    assert "gipz-zeist.md" in logged_in.get(response.location).text


@pytest.mark.parametrize("name", ["../x", "..", "/tmp/x", "Demo", "a b", "", "x.md", "-x", "a" * 65, "é"])
def test_a_new_deck_needs_a_plain_name(logged_in, slides, name):
    before = files(slides)
    response = logged_in.post("/f/decks", data={"name": name}, follow_redirects=True)
    assert "Een naam is 1-64 tekens" in response.text
    assert files(slides) == before


def test_a_new_deck_never_replaces_one(logged_in, slides):
    before = (slides / "demo.md").read_bytes()
    response = logged_in.post("/f/decks", data={"name": "demo"}, follow_redirects=True)
    assert "Er is al een deck demo.md" in response.text
    assert (slides / "demo.md").read_bytes() == before


def test_the_editor_shows_the_source_escaped_and_the_kinds_it_can_use(logged_in, slides):
    from workshop.interactions import REGISTRY

    (slides / "html.md").write_text("# </textarea><script>alert(1)</script>\n")
    page = logged_in.get("/f/decks/html.md").text
    assert "<script>alert" not in page and "&lt;/textarea&gt;&lt;script&gt;" in page
    for kind in REGISTRY.values():
        assert f"<code>{kind.name}</code>" in page and str(escape(kind.description)) in page
    assert 'name="csrf-token"' in page and "js/editor.js" in page
    assert "kopie" in page  # sessions keep their own snapshot, and the page says so


def test_the_editors_help_follows_the_interface_language(logged_in, slides):
    dutch = logged_in.get("/f/decks/demo.md").text
    assert "Een regel met alleen <code>---</code> begint een nieuwe dia." in dutch
    assert "<td>één antwoord, of meerdere tot een maximum</td>" in dutch
    english = logged_in.get("/f/decks/demo.md?lang=en").text
    assert "How do you write a deck?" in english
    assert "A line holding only <code>---</code> starts a new slide." in english
    assert ("chooses the layout: <code>content</code>, <code>title</code>, <code>statement</code>, "
            "<code>columns</code>; with <code>columns</code>, a line <code>|||</code> separates") in english
    assert "Every kind takes <code>kind</code>, <code>id</code>," in english
    assert "<td>one option, or several up to a maximum</td>" in english
    assert "title: GIPZ – municipal meeting\nlanguage: en\n" in english  # the example deck is English too
    assert "begint een nieuwe dia" not in english and "één antwoord" not in english


@pytest.mark.parametrize("name", SHIPPED)
def test_open_and_save_without_an_edit_writes_the_same_bytes(logged_in, slides, name):
    before = (slides / name).read_bytes()
    page = logged_in.get(f"/f/decks/{name}").text
    response = logged_in.post(f"/f/decks/{name}", data={"source": textarea_of(page)})
    assert response.status_code == 302
    assert (slides / name).read_bytes() == before


def test_a_deck_with_crlf_lines_keeps_them(logged_in, slides):
    (slides / "windows.md").write_bytes(b"\r\n# A\r\n\r\ntekst  \r\n---\r\n# B\r\n")
    page = logged_in.get("/f/decks/windows.md").text
    logged_in.post("/f/decks/windows.md", data={"source": textarea_of(page)})
    assert (slides / "windows.md").read_bytes() == b"\r\n# A\r\n\r\ntekst  \r\n---\r\n# B\r\n"


def test_save_writes_the_edit_in_one_step(logged_in, slides):
    (slides / "demo.md").chmod(0o640)
    response = logged_in.post("/f/decks/demo.md", data={"source": "# Nieuw\r\n\r\nanders\r\n"},
                              follow_redirects=True)
    assert "demo.md is opgeslagen" in response.text
    assert (slides / "demo.md").read_bytes() == b"# Nieuw\n\nanders\n"
    assert (slides / "demo.md").stat().st_mode & 0o777 == 0o640
    assert not [p for p in slides.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_save_refuses_a_deck_with_errors_and_shows_them(logged_in, slides):
    before = (slides / "demo.md").read_bytes()
    response = logged_in.post("/f/decks/demo.md", data={"source": BROKEN})
    assert response.status_code == 422
    assert "onbekende soort vraag &#39;pol&#39;" in response.text and 'data-line="6"' in response.text
    assert textarea_of(response.text).replace("\r\n", "\n") == BROKEN  # the edit is not lost
    assert (slides / "demo.md").read_bytes() == before


def test_check_reports_the_same_errors_as_the_command_line(logged_in, slides):
    path = slides / "kapot.md"
    path.write_text(BROKEN)
    result = logged_in.post("/f/decks/kapot.md/check", json={"source": BROKEN}).get_json()
    command = CliRunner().invoke(cli, ["deck", "check", str(path)])
    assert command.exit_code == 1
    assert result["ok"] is False and result["slides"] == []
    assert [f"{path}:{e['line']}: {e['message']}" for e in result["errors"]] == command.output.splitlines()
    assert len(result["errors"]) == 3


def test_deck_errors_follow_the_interface_language(logged_in, slides):
    path = slides / "kapot.md"
    path.write_text(BROKEN)
    dutch = logged_in.post("/f/decks/kapot.md/check", json={"source": BROKEN}).get_json()["errors"]
    assert dutch[:2] == [{"line": 6, "message": "onbekende soort vraag 'pol'"},
                         {"line": 11, "message": "'options' ontbreekt: geef een lijst van minstens 2"}]
    assert f"{path}:6: onbekende soort vraag &#39;pol&#39;" in logged_in.get("/f/").text
    english = logged_in.post("/f/decks/kapot.md/check?lang=en", json={"source": BROKEN}).get_json()["errors"]
    assert [(e["line"], e["message"]) for e in english] == [
        (6, "unknown interaction kind 'pol'"),
        (11, "'options' is missing: give a list of at least 2"),
        (12, "unknown setting 'optons' for kind 'choice' (did you mean 'options'?)"),
    ]
    refused = logged_in.post("/f/decks/kapot.md", data={"source": BROKEN})
    assert "unknown interaction kind &#39;pol&#39;" in refused.text
    assert f"{path}:6: unknown interaction kind &#39;pol&#39;" in logged_in.get("/f/").text


def test_check_renders_the_slides_as_the_projector_does(logged_in, slides):
    (slides / "pics").mkdir()
    (slides / "pics" / "a b.png").write_bytes(PNG)
    text = ("# Welkom\n\n![logo](<pics/a b.png>) <b>vet</b>\n\nNotes:\nzeg hallo\n---\n"
            "## Hoe gaat het?\n```interaction\nkind: scale\n```\n")
    result = logged_in.post("/f/decks/demo.md/check", json={"source": text}).get_json()
    assert result["ok"] and result["errors"] == []
    first, second = result["slides"]
    assert '<img src="/f/slides/pics/a%20b.png" alt="logo" />' in first["html"]
    assert "&lt;b&gt;vet&lt;/b&gt;" in first["html"] and first["notes"] == "zeg hallo"
    assert first["question"] is None and first["layout"] == "content"
    assert (second["index"], second["line"]) == (1, 8)
    assert (second["question"]["kind"], second["question"]["text"]) == ("scale", "Hoe gaat het?")
    with logged_in.get("/f/slides/pics/a%20b.png") as response:
        assert response.data == PNG


def test_check_needs_a_source(logged_in, slides):
    assert logged_in.post("/f/decks/demo.md/check", json={"text": "x"}).status_code == 400
    assert logged_in.post("/f/decks/demo.md/check", data="nope").status_code == 400
    assert logged_in.post("/f/decks/nope.md/check", json={"source": "# x"}).status_code == 404


TRAVERSALS = ["/f/decks/../secret.md", "/f/decks/%2e%2e/secret.md", "/f/decks/%2e%2e%2fsecret.md",
              "/f/decks/..%2fsecret.md", "/f/decks//etc/passwd.md", "/f/decks/%2Fetc%2Fpasswd.md",
              "/f/decks/demo.txt", "/f/decks/demo", "/f/decks/Demo.md", "/f/decks/.md", "/f/decks/demo.md.md"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_outside_the_slides_folder_can_be_read_or_written(logged_in, slides, path):
    secret = slides.parent / "secret.md"
    assert logged_in.get(path).status_code == 404
    assert logged_in.post(path, data={"source": "# overschreven\n"}).status_code in (404, 405)
    assert logged_in.post(path + "/check", json={"source": "# x\n"}).status_code in (404, 405)
    assert secret.read_text() == "# geheim\n"
    assert not list(slides.parent.rglob("*overschreven*"))


@pytest.mark.parametrize("path", ["/f/slides/../secret.png", "/f/slides/%2e%2e/secret.png",
                                  "/f/slides/..%2fsecret.png", "/f/slides//tmp/x.png", "/f/slides/demo.md",
                                  "/f/slides/missing.png", "/f/slides/pics/"])
def test_the_picture_route_serves_only_pictures_in_the_slides_folder(logged_in, slides, path):
    (slides / "pics").mkdir()
    assert logged_in.get(path, follow_redirects=True).status_code == 404


def test_the_picture_route_serves_a_picture_from_the_slides_folder(logged_in, slides):
    (slides / "logo.png").write_bytes(PNG)
    with logged_in.get("/f/slides/logo.png") as response:
        assert response.status_code == 200 and response.data == PNG and response.mimetype == "image/png"


def test_a_pptx_upload_becomes_a_deck_and_says_pictures_were_skipped(logged_in, slides, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    upload = {"name": "verslag", "file": (io.BytesIO(make_pptx()), "Verslag Utrecht.pptx")}
    response = logged_in.post("/f/decks/import", data=upload, follow_redirects=True)
    assert response.request.path == "/f/decks/verslag.md"
    assert "3 dia&#39;s geïmporteerd" in response.text
    assert "Zonder afbeeldingen van de dia&#39;s: LibreOffice" in response.text
    parsed = decks.load(slides / "verslag.md")
    assert parsed.title == "Samenwerking politie en zorg" and len(parsed.slides) == 3


@pytest.mark.parametrize(("name", "content", "message"), [
    ("verslag", b"not a zip", "not a PowerPoint (.pptx) file"),
    ("demo", None, "Er is al een deck demo.md"),
    ("../verslag", None, "Een naam is 1-64 tekens"),
])
def test_an_upload_is_refused_with_a_reason(logged_in, slides, name, content, message):
    before = files(slides)
    upload = {"name": name, "file": (io.BytesIO(content or make_pptx()), "x.pptx")}
    response = logged_in.post("/f/decks/import", data=upload, follow_redirects=True)
    assert message in response.text
    assert files(slides) == before


def test_the_editor_needs_the_csrf_token_it_puts_in_its_page(tmp_path):
    from workshop import accounts
    from workshop.db import init

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db"), "SECRET_KEY": "t",
                      "RESULTS_LOOP": False, "SLIDES_DIR": str(ROOT / "slides")})
    with app.app_context():
        accounts.add(init(app.config["DATABASE"]), "admin", PASSWORD)
    client = app.test_client()
    login = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post("/login", data={"name": "admin", "password": PASSWORD, "csrf_token": token})
    page = client.get("/f/decks/demo.md").text
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)">', page).group(1)
    assert client.post("/f/decks/demo.md/check", json={"source": "# x\n"}).status_code == 400
    assert client.post("/f/decks/demo.md/check", json={"source": "# x\n"},
                       headers={"X-CSRFToken": meta}).get_json()["ok"] is True
    assert client.post("/f/decks/demo.md", data={"source": "# x\n"}).status_code == 400


# Pictures in decks ----------------------------------------------------------------------------------------


def test_a_missing_picture_is_reported_at_its_line(tmp_path):
    (tmp_path / "er.png").write_bytes(PNG)
    text = ("---\ntitle: T\n---\n\n# A\n\n![](er.png)\n---\n"
            "layout: columns\n\n## B\n\ntekst\n|||\n\n![x](weg.png)\n")
    with pytest.raises(decks.DeckErrors) as caught:
        decks.parse(text, str(tmp_path / "d.md"))
    assert [str(e) for e in caught.value.errors] == [
        f"{tmp_path / 'd.md'}:16: afbeelding 'weg.png' niet gevonden"]


def test_without_a_folder_pictures_are_not_looked_up():
    assert len(decks.parse("# A\n\n![](weg.png)\n", "<deck>").slides) == 1


@pytest.mark.parametrize(("src", "message"), [
    ("https://example.org/x.png", "afbeeldingen zijn bestanden in de map van het deck"),
    ("//example.org/x.png", "afbeeldingen zijn bestanden in de map van het deck"),
    ("data:image/png;base64,AAAA", "afbeeldingen zijn bestanden in de map van het deck"),
    ("/etc/x.png", "afbeeldingen zijn bestanden in de map van het deck"),
    ("../x.png", "('..' mag niet)"),
    ("a/%2e%2e/../x.png", "('..' mag niet)"),
    ("deck.md", "afbeelding 'deck.md' is geen plaatje (gebruik .png, .jpg"),
])
def test_a_picture_must_be_a_file_in_the_decks_folder(src, message):
    with pytest.raises(decks.DeckErrors) as caught:
        decks.parse(f"# A\n\ntekst\n\n![x]({src})\n", "<deck>")
    assert [e.line for e in caught.value.errors] == [5]
    assert message in caught.value.errors[0].message


def test_render_points_pictures_at_the_slides_route_and_drops_other_sources():
    out = render("![a](p/x.png) ![b](https://example.org/y.png) ![c](../z.png)", image_base="/f/slides/")
    assert '<img src="/f/slides/p/x.png" alt="a" />' in out
    assert "example.org" not in out and "z.png" not in out
    assert render("![a](x.png)") == '<p><img src="x.png" alt="a" /></p>\n'  # old callers unchanged


BOMB = Path(__file__).parent / "fixtures" / "alias-bomb.md"


def test_an_alias_bomb_is_refused_by_the_editor_and_the_command_line(logged_in, slides):
    source = BOMB.read_text()
    before = (slides / "demo.md").read_bytes()
    refused = logged_in.post("/f/decks/demo.md", data={"source": source})
    assert refused.status_code == 422 and 'data-line="3"' in refused.text
    assert (slides / "demo.md").read_bytes() == before
    checked = logged_in.post("/f/decks/demo.md/check", json={"source": source}).get_json()
    assert [e["line"] for e in checked["errors"]] == [3]
    command = CliRunner().invoke(cli, ["deck", "check", str(BOMB)])
    assert command.exit_code == 1 and command.exception is None or isinstance(command.exception, SystemExit)
    assert command.output == f"{BOMB}:3: een verwijzing (*naam) kan niet in een deck: schrijf de waarde zelf uit\n"


@pytest.mark.parametrize(("name", "message"), [
    ("zip-bomb.pptx", "unpacks to 110 MB, more than a presentation does"),
    ("entity-bomb.pptx", "declares XML entities (&lt;!DOCTYPE&gt;)"),
])
def test_a_bomb_upload_is_refused_with_a_reason(logged_in, slides, monkeypatch, name, message):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    before = files(slides)
    bomb = (Path(__file__).parent / "fixtures" / name).read_bytes()
    response = logged_in.post("/f/decks/import", data={"name": "bom", "file": (io.BytesIO(bomb), "x.pptx")},
                              follow_redirects=True)
    assert response.status_code == 200 and "Importeren lukt niet" in response.text and message in response.text
    assert files(slides) == before
