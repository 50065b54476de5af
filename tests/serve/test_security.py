"""Who may use the local form: the token, the cookie, CSRF, the host, the headers, the files."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from helpers.serve import BASE, CSRF, PORT, TOKEN, Served
from rcr_checklist.serve.security import CSP, cookie_name


def test_a_request_without_the_token_is_refused(served: Served) -> None:
    stranger = TestClient(served.app, base_url=BASE, follow_redirects=False)
    for url in ("/", "/section/alpha", "/finish", "/download/md", "/static/serve.css"):
        response = stranger.get(url)
        assert response.status_code == 403, url
        assert "needs the link with the access token" in response.text
    assert stranger.post("/section/alpha", data={"csrf": CSRF}).status_code == 403


def test_a_wrong_token_is_refused_and_sets_no_cookie(served: Served) -> None:
    stranger = TestClient(served.app, base_url=BASE, follow_redirects=False)
    response = stranger.get(f"/?token={TOKEN}x")
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    stranger.cookies.set(cookie_name(PORT), "guess")
    assert stranger.get("/section/alpha").status_code == 403


def test_the_token_becomes_an_httponly_strict_cookie_and_leaves_the_address(
    served: Served,
) -> None:
    client = TestClient(served.app, base_url=BASE, follow_redirects=False)
    response = client.get(f"/section/beta?token={TOKEN}")
    assert response.status_code == 303
    assert response.headers["location"] == "/section/beta"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{cookie_name(PORT)}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert client.get("/section/beta").status_code == 200


def test_another_host_name_is_refused(served: Served) -> None:
    """DNS rebinding: a page at evil.example resolving to 127.0.0.1 sends its own Host."""
    response = served.client.get("/section/alpha", headers={"host": f"evil.example:{PORT}"})
    assert response.status_code == 400


def test_a_change_without_the_csrf_token_is_refused_and_saves_nothing(served: Served) -> None:
    before = served.path.read_bytes()
    form = {"facts.device:shown": "1", "facts.device:value": "yes"}
    assert served.client.post("/section/facts", data=form).status_code == 403
    assert served.client.post("/section/facts", data={**form, "csrf": "0" * 64}).status_code == 403
    assert served.path.read_bytes() == before


def test_a_change_from_another_origin_is_refused(served: Served) -> None:
    before = served.path.read_bytes()
    response = served.post(
        "/section/facts",
        {"facts.device:shown": "1", "facts.device:value": "yes"},
        origin="http://evil.example",
    )
    assert response.status_code == 403
    assert served.path.read_bytes() == before


def test_an_oversized_form_is_refused(served: Served) -> None:
    response = served.post("/section/beta", {"beta.note:value": "x" * (2 * 1024 * 1024 + 1)})
    assert response.status_code == 413


def test_every_response_carries_the_security_headers(served: Served) -> None:
    for url in ("/section/alpha", "/static/serve.js", "/nowhere"):
        headers = served.client.get(url).headers
        assert headers["content-security-policy"] == CSP
        assert "script-src 'self'" in CSP and "'unsafe-inline'" not in CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"


def test_no_address_reaches_a_file(served: Served, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    for url in (
        "/static/../answers.yaml",
        "/static/..%2Fanswers.yaml",
        "/static/secret.txt",
        "/download/..%2F..%2Fsecret.txt",
        "/download/yaml",
        "/section/..%2F..%2Fsecret",
    ):
        response = served.client.get(url)
        assert response.status_code == 404, url
        assert "secret" not in response.text


def test_the_page_carries_no_inline_script(served: Served) -> None:
    html = served.client.get("/section/alpha").text
    assert "<script>" not in html and " on" + "click=" not in html
    assert '<script src="/static/serve.js" defer></script>' in html
