"""HTTP pages: login, the facilitator's area, projector and control views, the participant's pages."""

import io
import re

from pptx import Presentation

from workshop import qr, store

from .conftest import PASSWORD


def test_facilitator_pages_need_login(client, session_row):
    for path in ("/f/", f"/f/s/{session_row['code']}", f"/f/s/{session_row['code']}/present",
                 f"/f/s/{session_row['code']}/control", f"/f/s/{session_row['code']}/qr.svg",
                 f"/f/s/{session_row['code']}/export/deck.pptx"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location, path


def test_wrong_password_is_refused(client):
    response = client.post("/login", data={"name": "admin", "password": "wrong"})
    assert response.status_code == 401 and "verkeerd wachtwoord" in response.text
    assert client.get("/f/").status_code == 302


def test_login_redirects_only_to_local_paths(client):
    response = client.post("/login?next=https://evil.example/", data={"name": "admin", "password": PASSWORD})
    assert response.location == "/f/"
    for target in ("/\\evil.example/", "/\t/evil.example/"):  # browsers read both as //evil.example
        client.post("/logout")
        response = client.post("/login", query_string={"next": target}, data={"name": "admin", "password": PASSWORD})
        assert response.location == "/f/", target


def test_login_form_carries_a_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    assert 'name="csrf_token"' in client.get("/login").text
    assert client.post("/login", data={"name": "admin", "password": PASSWORD}).status_code == 400


def test_dashboard_lists_decks_and_starts_a_session(logged_in, db):
    page = logged_in.get("/f/")
    assert "demo.md" in page.text
    response = logged_in.post("/f/sessions", data={"deck": "demo.md", "kind": "gemeente", "place": "Zeist",
                                                   "date": "2026-11-29"})
    assert response.status_code == 302
    code = response.location.rsplit("/", 1)[-1]
    row = store.session_by_code(db, code)
    assert (row["place"], row["kind"], row["date"]) == ("Zeist", "gemeente", "2026-11-29")
    assert "Zeist" in logged_in.get("/f/").text


def test_starting_a_session_with_bad_input_says_why(logged_in):
    response = logged_in.post("/f/sessions", data={"deck": "../etc/passwd", "kind": "gemeente", "place": "X"},
                              follow_redirects=True)
    assert "Kies een geldig deck." in response.text
    response = logged_in.post("/f/sessions", data={"deck": "demo.md", "kind": "feest", "place": "X"},
                              follow_redirects=True)
    assert "soort bijeenkomst moet een van gemeente, landelijk, anders zijn" in response.text


def test_start_session_errors_follow_the_interface_language(logged_in):
    form = {"deck": "demo.md", "kind": "gemeente", "place": "X", "retain_until": "2020-01-01"}
    page = logged_in.post("/f/sessions", data=form, follow_redirects=True).text
    assert "&#39;gegevens bewaren tot&#39; ligt vóór de bijeenkomst" in page
    page = logged_in.post("/f/sessions?lang=en", data={**form, "date": "29-11"}, follow_redirects=True).text
    assert "date must be YYYY-MM-DD, not &#39;29-11&#39;" in page
    page = logged_in.post("/f/sessions", data={**form, "min_group": "1"}, follow_redirects=True).text
    assert "the smallest group shown separately must be from 2 to 50 participants" in page


def test_projector_shows_slides_qr_code_and_join_url(logged_in, session_row, app):
    app.config["PUBLIC_URL"] = "https://workshop.example.org"
    page = logged_in.get(f"/f/s/{session_row['code']}/present")
    assert page.status_code == 200
    assert f"https://workshop.example.org/j/{session_row['code']}" in page.text
    assert page.text.count('<section class="slide') == 4
    svg = logged_in.get(f"/f/s/{session_row['code']}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.text.startswith("<svg")


def test_projector_on_localhost_warns_and_offers_the_lan_address(logged_in, session_row, monkeypatch):
    monkeypatch.setattr(qr, "lan_addresses", lambda: ["192.168.1.20"])
    page = logged_in.get(f"/f/s/{session_row['code']}/present", base_url="http://localhost:5000")
    assert f"http://192.168.1.20:5000/j/{session_row['code']}" in page.text
    assert "geopend via localhost" in page.text


def test_join_url_follows_public_url_then_the_address_used():
    assert qr.join_base("https://w.example.org/", "http://localhost:5000/") == ("https://w.example.org", None)
    assert qr.join_base("", "http://10.0.0.5:5000/") == ("http://10.0.0.5:5000", None)
    assert qr.is_local("http://127.0.0.2:80") and qr.is_local("http://[::1]:5000")


def test_control_view_has_every_slide_and_the_notes(logged_in, session_row):
    page = logged_in.get(f"/f/s/{session_row['code']}/control")
    assert page.status_code == 200 and page.text.count("<template") == 4


def test_participant_page_and_unknown_code(client, session_row):
    page = client.get(f"/j/{session_row['code']}")
    assert page.status_code == 200 and "Testdeck" in page.text
    unknown = client.get("/j/QQQQQQ")
    assert unknown.status_code == 404 and "Deze code kennen we niet" in unknown.text


def test_typed_code_leads_to_the_session(client, session_row):
    code = session_row["code"]
    typed = f"{code[:3].lower()} {code[3:]}"
    response = client.get("/", query_string={"code": typed})
    assert response.location == f"/j/{code}"


def test_pages_load_nothing_from_another_host(logged_in, session_row):
    code = session_row["code"]
    for path in ("/", f"/j/{code}", "/login", "/f/", f"/f/s/{code}", f"/f/s/{code}/present", f"/f/s/{code}/control"):
        response = logged_in.get(path)
        assert "'self'" in response.headers["Content-Security-Policy"]
        sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert all(s.startswith(("/", "#", "data:")) and not s.startswith("//") for s in sources), (path, sources)
        assert "<script>" not in response.text  # no inline script


def test_vendored_socketio_client_is_served(client):
    with client.get("/static/vendor/socket.io.min.js") as response:
        assert response.status_code == 200 and b"io" in response.data


def test_export_download_is_a_pptx(logged_in, session_row):
    page = logged_in.get(f"/f/s/{session_row['code']}").text
    assert f'href="/f/s/{session_row["code"]}/export/deck.pptx"' in page
    response = logged_in.get(f"/f/s/{session_row['code']}/export/deck.pptx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert len(Presentation(io.BytesIO(response.data)).slides) >= 4


def test_deck_markdown_cannot_inject_html(logged_in, db, app, tmp_path):
    from workshop import deck as decks
    from workshop import sessions

    row = sessions.start_session(db, decks.parse("# Hoi <script>alert(1)</script>\n", "x.md"), "anders", "X")
    page = logged_in.get(f"/f/s/{row['code']}/present")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text


def test_failed_logins_are_rate_limited(client):
    for _ in range(10):
        assert client.post("/login", data={"name": "admin", "password": "wrong"}).status_code == 401
    blocked = client.post("/login", data={"name": "admin", "password": PASSWORD})
    assert blocked.status_code == 429 and "Te veel mislukte pogingen" in blocked.text


def test_successful_logins_are_not_counted(client):
    for _ in range(12):
        assert client.post("/login", data={"name": "admin", "password": PASSWORD}).status_code == 302


def test_projector_loads_deck_images_from_this_server(logged_in, db):
    from workshop import deck as decks
    from workshop import sessions

    row = sessions.start_session(db, decks.parse("# Kaart\n\n![Kaart van de regio](kaart.png)\n", "<deck>"),
                                 "anders", "X")
    page = logged_in.get(f"/f/s/{row['code']}/present").text
    assert 'src="/f/slides/kaart.png"' in page


def test_projector_carries_the_deck_theme(logged_in, db):
    from workshop import deck as decks
    from workshop import sessions

    row = sessions.start_session(db, decks.parse("---\ntheme:\n  accent: '#aa3300'\n---\n# A\n", "<deck>"),
                                 "anders", "X")
    page = logged_in.get(f"/f/s/{row['code']}/present").text
    assert 'data-theme="{&#34;accent&#34;: &#34;#aa3300&#34;}"' in page


def test_phones_get_option_pictures_of_their_session_and_nothing_else(client, db, app, tmp_path):
    from workshop import deck as decks
    from workshop import sessions

    (tmp_path / "zorg.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 8)
    (tmp_path / "geheim.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 8)
    app.config["SLIDES_DIR"] = str(tmp_path)
    text = "## V\n```interaction\nkind: choice\noptions:\n  - label: Zorg\n    image: zorg.png\n  - Politie\n```\n"
    row = sessions.start_session(db, decks.parse(text, str(tmp_path / "d.md")), "anders", "X")
    with client.get(f"/j/{row['code']}/media/zorg.png") as response:
        assert response.status_code == 200
    for name in ("geheim.png", "../d.md", "%2e%2e/d.md"):
        assert client.get(f"/j/{row['code']}/media/{name}").status_code == 404
    assert client.get("/j/QQQQQQ/media/zorg.png").status_code == 404


def test_phone_page_and_scripts_are_served_compressed(client, session_row):
    for path in (f"/j/{session_row['code']}", "/static/vendor/socket.io.min.js", "/static/js/participant.js"):
        with client.get(path, headers={"Accept-Encoding": "gzip"}) as response:
            assert response.headers.get("Content-Encoding") == "gzip", path
