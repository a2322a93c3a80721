"""Hostile requests against a real `casetrail serve` process: numbers past what the database
holds, errors in the format the client accepts, and clients that stall."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import Server

HUGE = "99999999999999999999"


@pytest.fixture(scope="module")
def ada(server: Server) -> httpx.Client:
    return server.browser_session("ada")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/documents/{HUGE}", 404),
        (f"/documents/{HUGE}/original", 404),
        (f"/documents/-{HUGE}", 404),
        (f"/persons?page={HUGE}", 400),
        (f"/documents?page={HUGE}", 400),
        (f"/advocates?page={HUGE}", 400),
        (f"/alerts?page={HUGE}", 400),
        (f"/audit?page={HUGE}", 400),
        (f"/documents/1?start={HUGE}&end={HUGE}1", 200),  # "not within the text"
        (f"/api/v1/documents/{HUGE}", 422),
        (f"/api/v1/documents?page={HUGE}", 422),
        (f"/api/v1/persons?page={HUGE}", 422),
        (f"/api/v1/events?page={HUGE}", 422),
        (f"/api/v1/persons/natalia-sokolova/events?page={HUGE}", 422),
        (f"/api/v1/documents?year={HUGE}", 422),
    ],
)
def test_out_of_range_numbers_are_refused_not_a_server_error(
    ada: httpx.Client, path: str, status: int
) -> None:
    response = ada.get(path)
    assert response.status_code in (status, 308), response.text
    if response.status_code == 308:  # a merged person: the same query under their new id
        response = ada.get(response.headers["location"])
        assert response.status_code == status, response.text
    assert "Traceback" not in response.text


def test_errors_are_json_when_the_client_prefers_json(server: Server, ada: httpx.Client) -> None:
    as_json = {"Accept": "application/json"}
    missing = ada.get("/documents/987654", headers=as_json)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/json")
    assert missing.json() == {"error": {"status": 404, "message": "no document 987654"}}
    bad = ada.get(f"/persons?page={HUGE}", headers={"Accept": "application/json;q=0.9, */*;q=0.1"})
    assert bad.status_code == 400 and "page" in bad.json()["error"]["message"]
    # A browser's Accept, or none, gets the error page.
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for accept in (browser, "*/*", ""):
        page = ada.get("/documents/987654", headers={"Accept": accept})
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    with httpx.Client(base_url=server.url) as anonymous:
        refused = anonymous.get("/persons", headers=as_json)
        assert refused.status_code == 401
        assert refused.json() == {"error": {"status": 401, "message": "log in first"}}
        assert anonymous.get("/persons", headers={"Accept": browser}).status_code == 303
        unknown = anonymous.get("/no/such/page", headers=as_json)
        assert unknown.status_code == 404 and unknown.json()["error"]["status"] == 404
