"""The JSON API's writes (/api/v1) over HTTP, on a real `casetrail serve` over a copy of the
web database: review a fact, add a fact and a person by hand, upload with an Idempotency-Key,
judge persons; each audited, refused to viewers and to a browser session without CSRF."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any

import httpx
import pytest

from casetrail.store import Store
from casetrail.store.accounts import audit_log
from tests.web.conftest import Server, start_server
from tests.web.test_pages_work import copy_db

API = "/api/v1"
# A fictional sample person, deceased by one document's death.
ANNAYEV = "begench-annayev"


@pytest.fixture(scope="module")
def private(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = copy_db(server.db, tmp_path_factory.mktemp("api-write"))
    runner = start_server(url)
    yield Server(next(runner), url)
    runner.close()


@pytest.fixture(scope="module")
def eddie(private: Server) -> Iterator[httpx.Client]:
    with closing(private.client("eddie")) as client:
        yield client


def _json(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _status(client: httpx.Client, person_id: str) -> str:
    return _json(client.get(f"{API}/persons/{person_id}", params={"as_of": "2026-01-01"}))[
        "status"
    ]["status"]


def _audited(private: Server, action: str) -> list[Any]:
    with Store.open(private.db) as store:
        return [entry for entry in audit_log(store, limit=500)[1] if entry.action == action]


def test_rejecting_a_death_by_the_api_changes_the_status(private: Server, eddie) -> None:
    assert _status(eddie, ANNAYEV) == "deceased"
    timeline = _json(eddie.get(f"{API}/persons/{ANNAYEV}/events"))["items"]
    died = [entry["event"] for entry in timeline if entry["event"]["type"] == "died"]
    for event in died:
        body = {"verdict": "rejected", "reason": "the family says he is alive"}
        fact = _json(eddie.post(f"{API}/facts/{event['id']}/review", json=body))
        assert fact["state"] == "rejected"
        assert fact["reviews"][-1]["text"].startswith("rejected by eddie on ")
    assert _status(eddie, ANNAYEV) != "deceased"
    assert len(_audited(private, "fact.rejected")) == len(died)


def test_a_fact_and_a_person_added_by_hand(private: Server, eddie) -> None:
    person = _json(
        eddie.post(f"{API}/persons", json={"name": "Ilya Brask", "source": "lawyer's call"}), 201
    )
    added = _json(
        eddie.post(
            f"{API}/persons/{person['person_id']}/events",
            json={"type": "arrested", "date": "2024-05-02", "source": "court record"},
        ),
        201,
    )
    assert added["fact"]["state"] == "manual" and added["fact"]["quote"] == "court record"
    assert added["fact"]["document"]["kind"] == "note"
    assert _status(eddie, person["person_id"]) == "imprisoned"
    assert _audited(private, "fact.add_event") and _audited(private, "person.add")


def test_an_upload_with_an_idempotency_key_is_done_once(private: Server, eddie) -> None:
    letter = b"Brussels, 4 May 2020\n\nWe call for the release of Anna Berg-Lind, arrested.\n"
    files = {"files": ("letter.txt", letter, "text/plain")}
    headers = {"Idempotency-Key": "upload-1"}
    first = eddie.post(f"{API}/documents", files=files, headers=headers)
    assert _json(first)["files"][0]["status"] == "stored"
    again = eddie.post(f"{API}/documents", files=files, headers=headers)
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    other = {"files": ("letter.txt", letter + b"P.S.\n", "text/plain")}
    assert eddie.post(f"{API}/documents", files=other, headers=headers).status_code == 422
    assert len(_audited(private, "ingest")) >= 1


def test_judging_persons(eddie) -> None:
    body = {"left": ANNAYEV, "right": "ilya-brask", "judgement": "different"}
    assert "different" in _json(eddie.post(f"{API}/persons/judge", json=body))["message"]
    assert eddie.post(f"{API}/persons/judge", json=body).status_code == 409


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/facts/999999/review", {"verdict": "confirmed"}, 404),
        ("/facts/1/review", {"verdict": "approved"}, 422),
        ("/facts/1/review", {"verdict": "corrected", "reason": "x"}, 422),
        ("/persons/nobody-at-all/events", {"type": "died", "source": "x"}, 404),
        (f"/persons/{ANNAYEV}/events", {"type": "freed", "source": "x"}, 422),
        (f"/persons/{ANNAYEV}/events", {"type": "died", "source": ""}, 422),
        ("/persons/merge", {"a": ANNAYEV, "b": "nobody-at-all"}, 404),
        # One person with itself: already one person, a conflict with what is recorded.
        ("/persons/judge", {"left": ANNAYEV, "right": ANNAYEV, "judgement": "same"}, 409),
    ],
)
def test_clear_errors(eddie, path: str, body: dict, status: int) -> None:
    error = _json(eddie.post(API + path, json=body), status)["error"]
    assert error["status"] == status and error["message"]


def test_a_browser_session_needs_its_csrf_token(private: Server) -> None:
    with closing(private.browser_session("eddie")) as browser:
        refused = browser.post(f"{API}/facts/1/review", json={"verdict": "confirmed"})
        assert refused.status_code == 403 and "CSRF" in refused.text
