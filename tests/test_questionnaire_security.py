"""Nobody but the person holding the launch link can drive the questionnaire."""

from __future__ import annotations

import shutil

import pytest

from alliancedocs.questionnaire.security import COOKIE, CSP, MAX_BODY
from questionnaire_support import EXAMPLES, ORIGIN, PORT, client_for, form_state


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "answers.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", path)
    return path


def test_the_launch_token_is_exchanged_for_a_strict_http_only_cookie(answers):
    client, keys = client_for(answers, signed_in=False)
    assert client.get("/").status_code == 403
    assert client.get("/start?token=wrong", follow_redirects=False).status_code == 403
    assert client.get("/start", follow_redirects=False).status_code == 403
    response = client.get(f"/start?token={keys.token}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={keys.session};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert keys.token not in cookie, "the cookie is not the launch token"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("route", ["/", "/page/alliance", "/review", "/static/live.js"])
def test_every_route_needs_the_session(answers, route):
    client, _ = client_for(answers, signed_in=False)
    client.cookies.set(COOKIE, "guessed")
    response = client.get(route)
    assert response.status_code == 403
    assert "link printed in the terminal" in response.text


@pytest.mark.parametrize("host", ["evil.example:8765", f"127.0.0.1:{PORT + 1}", "localhost",
                                  "127.0.0.1"])
def test_other_host_headers_are_refused(answers, host):
    client, keys = client_for(answers)
    response = client.get("/", headers={"host": host})
    assert response.status_code == 400
    response = client.get(f"/start?token={keys.token}", headers={"host": host},
                          follow_redirects=False)
    assert response.status_code == 400 and "set-cookie" not in response.headers


def test_localhost_is_accepted_as_well(answers):
    client, _ = client_for(answers)
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_a_post_from_another_origin_or_without_csrf_changes_nothing(answers):
    client, _ = client_for(answers)
    before = answers.read_bytes()
    state = form_state(client.get("/page/decisions").text)
    change = {**state, "governance.decision_rule": "majority", "action": "continue"}
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"}, {},
                    {"referer": "http://evil.example/page"}):
        response = client.post("/page/decisions", data=change, headers=headers,
                               follow_redirects=False)
        assert response.status_code == 403, headers
    for token in ("", "wrong"):
        response = client.post("/page/decisions", data={**change, "csrf": token},
                               headers={"origin": ORIGIN}, follow_redirects=False)
        assert response.status_code == 403
        assert "expired" in response.text
    response = client.post("/download", data={"csrf": "wrong"}, headers={"origin": ORIGIN})
    assert response.status_code == 403
    assert answers.read_bytes() == before
    # The same change from the page itself goes through, and a same-origin Referer counts.
    response = client.post("/page/decisions", data=change,
                           headers={"referer": f"{ORIGIN}/page/decisions"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert "decision_rule: majority" in answers.read_text()


def test_changes_are_only_by_post(answers):
    client, _ = client_for(answers)
    before = answers.read_bytes()
    assert client.get("/download").status_code == 405
    assert client.get("/page/decisions?governance.decision_rule=majority&action=continue"
                      ).status_code == 200
    for method in ("PUT", "DELETE", "PATCH"):
        assert client.request(method, "/page/decisions",
                              headers={"origin": ORIGIN}).status_code == 405
    assert answers.read_bytes() == before


def test_every_response_carries_the_strict_headers(answers):
    client, _ = client_for(answers, signed_in=False)
    for response in (client.get("/"), client.get("/start?token=x")):
        assert response.headers["content-security-policy"] == CSP
    client, _ = client_for(answers)
    for route in ("/", "/page/party/0", "/review", "/static/questionnaire.css", "/nowhere"):
        headers = client.get(route).headers
        assert headers["content-security-policy"].startswith(
            "default-src 'self'; frame-ancestors 'none'"), route
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-store"


def test_request_bodies_are_limited(answers):
    client, _ = client_for(answers)
    before = answers.read_bytes()
    state = form_state(client.get("/page/alliance").text)
    huge = {**state, "alliance.vision": "x" * (MAX_BODY + 10), "action": "continue"}
    response = client.post("/page/alliance", data=huge, headers={"origin": ORIGIN})
    assert response.status_code == 413
    # Without a declared length (chunked), the limit holds as the body arrives.
    chunks = (b"a" * 65536 for _ in range(MAX_BODY // 65536 + 2))
    response = client.post("/page/alliance", content=chunks, headers={
        "origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert answers.read_bytes() == before
    assert client.get("/", headers={"content-length": "not-a-number"}).status_code == 413


def test_too_many_fields_are_refused(answers):
    client, _ = client_for(answers)
    state = form_state(client.get("/page/alliance").text)
    body = "&".join(f"f{i}=1" for i in range(3000)) + f"&csrf={state['csrf']}"
    response = client.post("/page/alliance", content=body.encode(), headers={
        "origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400


def test_nothing_but_the_answers_file_is_touched(tmp_path, monkeypatch):
    folder = tmp_path / "work"
    folder.mkdir()
    answers = folder / "answers.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", answers)
    monkeypatch.chdir(folder)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    client, _ = client_for(answers)
    state = form_state(client.get("/page/decisions").text)
    client.post("/page/decisions", data={**state, "governance.decision_rule": "consensus",
                                         "action": "continue"}, headers={"origin": ORIGIN})
    state = form_state(client.get("/review").text)
    response = client.post("/download", data={"csrf": state["csrf"]},
                           headers={"origin": ORIGIN})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert sorted(p.name for p in folder.iterdir()) == ["answers.yaml"]
    assert list(temp.iterdir()) == [], "the download's temporary folder is removed"
