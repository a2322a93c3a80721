"""Logins, roles, CSRF, cookies and headers, against a real `casetrail serve` process."""

from __future__ import annotations

import re
from contextlib import closing

import httpx
import pytest

from tests.web.conftest import PASSWORDS, Server, casetrail, login


def csrf_of(page: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]*)"', page)
    assert match, "no CSRF token in the page"
    return match.group(1)


def test_pages_need_a_login(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = client.get("/persons?page=2")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/persons%3Fpage%3D2"
        assert client.get("/login").status_code == 200


def test_api_needs_a_login(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = client.get("/api/v1/documents")
        assert response.status_code == 401
        assert response.json() == {"error": {"status": 401, "message": "log in first"}}
        response = client.get("/api/v1/documents", headers={"Authorization": "Bearer forged"})
        assert response.status_code == 401


def test_wrong_password_is_refused_and_audited(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = client.post("/login", data={"name": "vera", "password": "not her password"})
        assert response.status_code == 401
        assert "Wrong user name or password" in response.text
        assert "casetrail_session" not in response.cookies
        response = client.post("/api/v1/session", json={"name": "nobody", "password": "x" * 12})
        assert response.status_code == 401
    from casetrail.store import Store
    from casetrail.store.accounts import audit_log

    with Store.open(server.db) as store:
        _, entries = audit_log(store, limit=1000)
    assert {("vera", "login-failed"), ("nobody", "login-failed")} <= {
        (entry.user, entry.action) for entry in entries
    }


def test_session_cookie_is_http_only_and_strict(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = client.post(
            "/login", data={"name": "vera", "password": PASSWORDS["vera"][1], "next": "/persons"}
        )
    assert response.status_code == 303
    assert response.headers["location"] == "/persons"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie


def test_login_never_redirects_to_another_site(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
            response = client.post(
                "/login", data={"name": "vera", "password": PASSWORDS["vera"][1], "next": target}
            )
            assert response.headers["location"] == "/", target


def test_security_headers_on_every_response(server: Server) -> None:
    with closing(server.browser_session("vera")) as client:
        for path in ("/login", "/search", "/static/style.css", "/no-such-page"):
            headers = client.get(path).headers
            policy = headers["content-security-policy"]
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy
            assert "frame-ancestors 'none'" in policy
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"
        assert client.get("/search").headers["cache-control"] == "no-store"


def test_logout_needs_the_csrf_token_and_ends_the_session(server: Server) -> None:
    with closing(server.browser_session("vera")) as client:
        page = client.get("/search")
        assert page.status_code == 200
        refused = client.post("/logout")
        assert refused.status_code == 403
        assert "CSRF" in refused.text
        assert client.get("/search").status_code == 200  # still logged in
        done = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
        assert done.status_code == 303
        assert client.get("/search").status_code == 303  # back to the login page


def test_cross_site_posts_are_refused(server: Server) -> None:
    with closing(server.browser_session("vera")) as client:
        token = csrf_of(client.get("/search").text)
        response = client.post(
            "/logout", data={"csrf_token": token}, headers={"Origin": "https://evil.example"}
        )
        assert response.status_code == 403
        assert "cross-site" in response.text


def test_bearer_token_stops_working_after_logout(server: Server) -> None:
    with httpx.Client(base_url=server.url) as client:
        session = login(client, "vera")
        assert session["role"] == "viewer"
        headers = {"Authorization": f"Bearer {session['token']}"}
        assert client.delete("/api/v1/session", headers=headers).status_code == 204
        assert client.get("/api/v1/documents", headers=headers).status_code == 401


def test_only_hashes_are_stored(server: Server) -> None:
    from sqlalchemy import create_engine, text

    with httpx.Client(base_url=server.url) as client:
        token = login(client, "vera")["token"]
    engine = create_engine(server.db)
    with engine.connect() as connection:
        hashes = [row[0] for row in connection.execute(text("SELECT password_hash FROM users"))]
        tokens = [
            row[0] for row in connection.execute(text("SELECT token_hash FROM login_sessions"))
        ]
    engine.dispose()
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any(password in h for h in hashes for _, password in PASSWORDS.values())
    assert token not in tokens and all(len(t) == 64 for t in tokens)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "add", "shorty"], "short\n", "at least 10 characters"),
        (["user", "add", "ada"], "another-long-password\n", "already exists"),
        (["user", "add", "zed", "--role", "owner"], "another-long-password\n", "unknown role"),
    ],
)
def test_user_add_refuses_bad_input(
    server: Server, args: list[str], stdin: str, message: str
) -> None:
    result = casetrail(*args, "--db", server.db, stdin=stdin)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_listens_on_loopback_by_default() -> None:
    result = casetrail("serve", "--help")
    assert result.returncode == 0
    assert "127.0.0.1" in result.stdout
