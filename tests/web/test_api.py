"""The JSON API (/api/v1) over HTTP, against a real `casetrail serve`: login, pagination,
documents with their evidence, persons with status and timeline, search, alerts, exports (and
their audit), merged ids, read-only access for viewers, and JSON errors."""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import httpx
import pytest

from casetrail.present import web
from casetrail.store import Store
from casetrail.store.accounts import audit_log
from tests.web.conftest import Server, casetrail, login, start_server

API = "/api/v1"
SOKOLOVA = "natalia-sokolova"


@pytest.fixture(scope="module")
def vera(server: Server) -> Iterator[httpx.Client]:
    with closing(server.client("vera")) as client:
        yield client


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def _error(response: httpx.Response, status: int) -> str:
    """The message of a JSON error answer of this status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    message = body["error"]["message"]
    assert isinstance(message, str) and message.strip()
    return message


def _all_pages(client: httpx.Client, path: str, per_page: int, **params: Any) -> list[dict]:
    items: list[dict] = []
    page = 1
    while True:
        body = _ok(client.get(path, params={**params, "page": page, "per_page": per_page}))
        assert body["page"] == page and body["per_page"] == per_page
        assert len(body["items"]) <= per_page
        items += body["items"]
        if page * per_page >= body["total"]:
            assert len(items) == body["total"]
            return items
        assert len(body["items"]) == per_page
        page += 1


# Logging in


# A value for each path parameter of the API.
PATH_PARAMETERS = {
    "document_id": 1,
    "person_id": SOKOLOVA,
    "export_format": "jsonl",
    "event_id": 1,
    "record_id": 1,
    "demand_id": 1,
}


def test_every_api_operation_needs_a_login(server: Server, vera: httpx.Client) -> None:
    operations = [
        (method.upper(), path)
        for path, methods in _ok(vera.get(f"{API}/openapi.json"))["paths"].items()
        if "session" not in path
        for method in methods
    ]
    assert len(operations) >= 16
    with server.client() as anonymous:
        for method, path in operations:
            concrete = path.format(**PATH_PARAMETERS)
            answer = anonymous.request(method, concrete, params={"q": "x"})
            assert _error(answer, 401) == "log in first", (method, path)
        anonymous.headers["Authorization"] = "Bearer not-a-token"
        _error(anonymous.get(f"{API}/documents"), 401)


def test_a_bearer_token_works_until_logout(server: Server) -> None:
    with server.client() as client:
        session = login(client, "vera")
        client.cookies.clear()  # the token alone
        headers = {"Authorization": f"Bearer {session['token']}"}
        assert session["role"] == "viewer"
        assert _ok(client.get(f"{API}/documents", headers=headers))["total"] > 0
        assert client.delete(f"{API}/session", headers=headers).status_code == 204
        _error(client.get(f"{API}/documents", headers=headers), 401)


def test_the_schema_declares_bearer_authentication(vera: httpx.Client) -> None:
    schema = _ok(vera.get(f"{API}/openapi.json"))
    assert schema["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["HTTPBearer"]["description"],
    }
    for path, operations in schema["paths"].items():
        if "session" not in path:
            for operation in operations.values():
                assert operation["security"] == [{"HTTPBearer": []}], path
                assert "401" in operation["responses"], path


# Documents


def test_documents_are_paginated_with_totals(vera: httpx.Client) -> None:
    first = _ok(vera.get(f"{API}/documents"))
    assert first["page"] == 1 and first["per_page"] == 50
    listed = _all_pages(vera, f"{API}/documents", per_page=4)
    assert len(listed) == first["total"] > 8
    ids = [item["id"] for item in listed]
    assert ids == sorted(set(ids))
    assert [item["id"] for item in first["items"]] == ids[:50]
    beyond = _ok(vera.get(f"{API}/documents", params={"page": 1000, "per_page": 4}))
    assert beyond["items"] == [] and beyond["total"] == len(listed)
    for item in listed:
        assert set(item) == {
            "id",
            "title",
            "date",
            "kind",
            "language",
            "source",
            "words",
            "persons",
        }


def test_documents_filter_by_kind_and_year(vera: httpx.Client) -> None:
    every = _all_pages(vera, f"{API}/documents", per_page=500)
    letters = _all_pages(vera, f"{API}/documents", per_page=500, kind="letter")
    assert letters and all(item["kind"] == "letter" for item in letters)
    assert len(letters) == sum(item["kind"] == "letter" for item in every)
    of_2012 = _all_pages(vera, f"{API}/documents", per_page=500, year=2012)
    assert of_2012 and all(item["date"].startswith("2012") for item in of_2012)
    assert len(of_2012) == sum((item["date"] or "").startswith("2012") for item in every)


def _evidence(document: dict) -> Iterator[dict]:
    if document["date_evidence"]:
        yield document["date_evidence"]
    for record in document["persons"]:
        yield from (mention["evidence"] for mention in record["mentions"])
        yield from (event["evidence"] for event in record["events"])
    yield from (item["evidence"] for item in document["organisations"] + document["demands"])


def test_every_evidence_of_a_document_quotes_its_text(vera: httpx.Client) -> None:
    events = 0
    for item in _all_pages(vera, f"{API}/documents", per_page=500):
        document = _ok(vera.get(f"{API}/documents/{item['id']}"))
        assert document["id"] == item["id"] and document["title"] == item["title"]
        text = document["text"]
        for evidence in _evidence(document):
            assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
            assert set(evidence["extractor"]) == {"name", "version"}
        events += sum(len(record["events"]) for record in document["persons"])
    assert events > 20


def test_a_document_lists_its_persons_with_their_ids(vera: httpx.Client) -> None:
    person = _ok(vera.get(f"{API}/persons/{SOKOLOVA}"))
    document = _ok(vera.get(f"{API}/documents/{person['document_ids'][0]}"))
    [record] = [r for r in document["persons"] if r["person_id"] == SOKOLOVA]
    assert record["role"] == "concern"
    assert any("Sokolova" in mention["text"] for mention in record["mentions"])


# Persons


def test_a_person_has_their_status_as_of_a_day(server: Server, vera: httpx.Client) -> None:
    person = _ok(vera.get(f"{API}/persons/{SOKOLOVA}", params={"as_of": "2012-04-01"}))
    assert person["id"] == SOKOLOVA and person["as_of"] == "2012-04-01"
    status = person["status"]
    assert status["status"] == "released"
    assert status["evidence"]
    for source in status["evidence"]:
        text = _ok(vera.get(f"{API}/documents/{source['document']}"))["text"]
        assert text[source["start"] : source["end"]] == source["quote"]
    # The same JSON as the command line's, whose listing adds the case columns.
    result = casetrail("status", "--as-of", "2012-04-01", "--format", "json", "--db", server.db)
    assert result.returncode == 0, result.stderr
    listed = {item.pop("id"): item for item in json.loads(result.stdout)}
    assert listed[status["id"]].pop("case")["term"] == "6 years"
    assert listed[status["id"]] == {k: v for k, v in status.items() if k != "id"}
    # The case facts as fields, each with its source.
    [sentence] = [s for s in person["sentences"] if s["date"] == "2011-08-08"]
    assert (sentence["term_months"], sentence["court"]) == (72, "Aktau City Court")
    assert "inciting social discord" in sentence["charges"]
    earlier = _ok(vera.get(f"{API}/persons/{SOKOLOVA}", params={"as_of": "2012-02-01"}))
    assert earlier["status"]["status"] == "imprisoned"


def test_a_person_has_a_timeline_advocacy_and_alerts(vera: httpx.Client) -> None:
    person = _ok(vera.get(f"{API}/persons/{SOKOLOVA}", params={"as_of": "2012-04-01"}))
    assert any(s["spelling"] == "Natalia Sokolova" for s in person["spellings"])
    timeline = person["timeline"]
    assert {"released", "imprisoned"} <= {entry["event"]["type"] for entry in timeline}
    dated = [entry["date"] for entry in timeline if entry["date"]]
    assert dated == sorted(dated)
    assert all(entry["event"]["person_id"] == SOKOLOVA for entry in timeline)
    interventions = person["advocacy"]["interventions"]
    assert interventions and person["advocacy"]["advocates"]
    assert {i["document"]["id"] for i in interventions} <= set(person["document_ids"])
    assert isinstance(person["alerts"], list)
    events = _all_pages(vera, f"{API}/persons/{SOKOLOVA}/events", per_page=2)
    assert [e["event"]["id"] for e in events] == [e["event"]["id"] for e in timeline]


def test_persons_are_paginated_and_filtered(vera: httpx.Client) -> None:
    concern = _all_pages(vera, f"{API}/persons", per_page=25, role="concern", as_of="2012-04-01")
    assert any(p["id"] == SOKOLOVA for p in concern)
    assert all("concern" in p["roles"] for p in concern)
    released = _all_pages(vera, f"{API}/persons", per_page=3, status="released", as_of="2012-04-01")
    assert SOKOLOVA in {p["id"] for p in released}
    assert all(p["status"] == "released" and p["since"] for p in released)
    assert len(released) == sum(p["status"] == "released" for p in concern)
    named = _ok(vera.get(f"{API}/persons", params={"q": "sokolova"}))["items"]
    assert SOKOLOVA in {p["id"] for p in named}
    assert _ok(vera.get(f"{API}/persons", params={"q": "?!"}))["total"] == 0


def test_events_are_paginated_and_filtered(vera: httpx.Client) -> None:
    released = _all_pages(vera, f"{API}/events", per_page=5, type="released")
    assert released and all(event["type"] == "released" for event in released)
    hers = _all_pages(vera, f"{API}/events", per_page=500, person=SOKOLOVA)
    assert hers and all(event["person_id"] == SOKOLOVA for event in hers)
    assert {e["id"] for e in hers} == {
        e["event"]["id"] for e in _all_pages(vera, f"{API}/persons/{SOKOLOVA}/events", 500)
    }
    every = _ok(vera.get(f"{API}/events", params={"per_page": 1}))["total"]
    assert every > len(hers)


# Search and alerts


def test_search_finds_documents_and_persons(vera: httpx.Client) -> None:
    found = _ok(vera.get(f"{API}/search", params={"q": "Sokolova", "limit": 10}))
    assert found["query"] == "Sokolova" and not found["literal"]
    # Taken as the person: every document mentioning her, her mentions highlighted.
    assert [person["id"] for person in found["meant"]] == [SOKOLOVA]
    assert found["total"] == found["meant"][0]["documents"] == len(found["documents"]) >= 3
    for hit in found["documents"]:
        assert hit["highlights"]
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end] in ("Natalya Sokolova", "Natalia Sokolova")
        assert "\ue000" not in hit["snippet"]
    assert SOKOLOVA in {person["id"] for person in found["persons"]}
    # The words as written, on request: the same documents here, the word highlighted.
    words = _ok(vera.get(f"{API}/search", params={"q": "Sokolova", "literal": "true"}))
    assert words["literal"] and words["meant"] == [] and words["total"] is None
    for hit in words["documents"]:
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].casefold() == "sokolova"
    # Any spelling, script or case form means her.
    for spelling in ("Natalia Sokolova", "Наталья Соколова", "Соколовой"):
        other = _ok(vera.get(f"{API}/search", params={"q": spelling, "limit": 10}))
        assert [hit["id"] for hit in other["documents"]] == [
            hit["id"] for hit in found["documents"]
        ]
    # Any text is a query: search syntax is not interpreted, and no letters name nobody.
    assert _ok(vera.get(f"{API}/search", params={"q": '"*) AND -x:'}))["query"] == '"*) AND -x:'
    assert _ok(vera.get(f"{API}/search", params={"q": '?!*"'}))["persons"] == []


def test_alerts_are_those_of_the_command_line(server: Server, vera: httpx.Client) -> None:
    asked = {"as_of": "2024-01-01", "months": 6, "per_page": 500}
    found = _ok(vera.get(f"{API}/alerts", params=asked))
    result = casetrail("alerts", "--as-of", "2024-01-01", "--months", "6", "--format", "json",
                       "--db", server.db)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert found["items"] == json.loads(result.stdout)
    assert found["total"] == len(found["items"]) > 0
    second = _ok(vera.get(f"{API}/alerts", params={**asked, "per_page": 1, "page": 2}))
    assert second["items"] == found["items"][1:2] and second["total"] == found["total"]
    kinds = {alert["kind"] for alert in found["items"]}
    for kind in kinds:
        only = _ok(vera.get(f"{API}/alerts", params={"as_of": "2024-01-01", "kind": kind}))
        assert only["items"] and {alert["kind"] for alert in only["items"]} == {kind}


# Exports


def _audited_exports(db: str) -> list[tuple[str, str]]:
    with Store.open(db) as store:
        _, entries = audit_log(store, limit=1000)
    return [(entry.user, entry.target) for entry in entries if entry.action == "export"]


def test_the_jsonl_export_is_json_lines_and_audited(server: Server, vera: httpx.Client) -> None:
    before = _audited_exports(server.db)
    with vera.stream("GET", f"{API}/export/jsonl") as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/x-ndjson"
        assert response.headers["content-disposition"].startswith("attachment; filename=")
        lines = list(response.iter_lines())
    documents = [json.loads(line) for line in lines if line]
    assert len(documents) == _ok(vera.get(f"{API}/documents"))["total"]
    assert all(document["format"] == "casetrail-document/1" for document in documents)
    after = _audited_exports(server.db)
    assert after.count(("vera", "jsonl")) == before.count(("vera", "jsonl")) + 1


def test_the_csv_export_is_a_zip_of_tables(server: Server, vera: httpx.Client) -> None:
    response = vera.get(f"{API}/export/csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert {"documents.csv", "persons.csv", "events.csv"} <= names
        header = archive.read("documents.csv").decode().splitlines()[0]
        assert header.startswith("id,")
    assert ("vera", "csv") in _audited_exports(server.db)


def test_the_ftm_export_is_entities(vera: httpx.Client) -> None:
    response = vera.get(f"{API}/export/ftm")
    assert response.status_code == 200
    entities = [json.loads(line) for line in response.text.splitlines()]
    assert {"Person", "Event"} <= {entity["schema"] for entity in entities}


# Merged persons, read-only viewers, errors


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory, web_db: str) -> Iterator[tuple[str, str, str]]:
    """A private server over a copy of the database where two persons were merged:
    (its URL, the retired id, the surviving id)."""
    copy = tmp_path_factory.mktemp("merged") / "cases.db"
    with sqlite3.connect(web_db.removeprefix("sqlite:///")) as source, sqlite3.connect(copy) as to:
        source.backup(to)
    url = f"sqlite:///{copy}"
    result = casetrail("merge", SOKOLOVA, "evgeniy-zhovtis", "--user", "test", "--db", url)
    assert result.returncode == 0, result.stderr
    with Store.open(url) as store:
        # Ingest may have left redirects too (a person renamed as later documents spell them).
        redirects = store.redirects()
    [retired] = [pid for pid in (SOKOLOVA, "evgeniy-zhovtis") if pid in redirects]
    kept = redirects[retired]
    runner = start_server(url)
    yield next(runner), retired, kept
    runner.close()


def test_a_merged_id_redirects_to_the_surviving_one(merged: tuple[str, str, str]) -> None:
    url, retired, kept = merged
    with closing(Server(url, "").client("vera")) as client:
        moved = client.get(f"{API}/persons/{retired}", params={"as_of": "2012-04-01"})
        assert moved.status_code == 308
        assert moved.headers["location"] == f"{API}/persons/{kept}?as_of=2012-04-01"
        person = _ok(client.get(moved.headers["location"]))
        assert person["id"] == kept
        assert person["as_of"] == "2012-04-01"
        moved = client.get(f"{API}/persons/{retired}/events")
        assert moved.status_code == 308
        assert moved.headers["location"] == f"{API}/persons/{kept}/events"
        events = _ok(client.get(f"{API}/events", params={"person": retired}))["items"]
        assert events and {event["person_id"] for event in events} == {kept}


def _routes() -> Iterator[tuple[str, str]]:
    """(method, path) of every route of the web application's modules."""
    for found in pkgutil.iter_modules(web.__path__):
        module = importlib.import_module(f"{web.__name__}.{found.name}")
        router = getattr(module, "router", None)
        for route in getattr(router, "routes", []):
            for method in getattr(route, "methods", None) or ():
                yield method, route.path


LOGGING_IN_AND_OUT = {"/login", "/logout", f"{API}/session"}


def test_a_viewer_cannot_change_anything(vera: httpx.Client) -> None:
    writes = [
        (method, re.sub(r"\{[^}]+\}", "1", path))
        for method, path in _routes()
        if method not in ("GET", "HEAD", "OPTIONS") and path not in LOGGING_IN_AND_OUT
    ]
    assert writes, "the application has state-changing routes"
    for method, path in writes:
        response = vera.request(method, path)  # by bearer token: no CSRF token needed
        assert response.status_code == 403, (method, path, response.text)
        assert "role" in response.text
    # Every other method of an API path is refused, with the methods it takes.
    taken: dict[str, set[str]] = {}
    for method, path in _routes():
        taken.setdefault(path, set()).add(method)
    for path in _ok(vera.get(f"{API}/openapi.json"))["paths"]:
        if "session" in path:
            continue
        concrete = path.format(**PATH_PARAMETERS)
        for method in {"POST", "PUT", "PATCH", "DELETE"} - taken[path]:
            response = vera.request(method, concrete)
            _error(response, 405)
            assert set(response.headers["allow"].split(", ")) == taken[path] - {"HEAD"}


@pytest.mark.parametrize(
    ("path", "params", "status", "says"),
    [
        ("/documents/999999", {}, 404, "no document 999999"),
        ("/documents/0", {}, 422, "document_id"),
        ("/documents/abc", {}, 422, "document_id"),
        ("/documents", {"per_page": 501}, 422, "per_page"),
        ("/documents", {"page": 0}, 422, "page"),
        ("/documents", {"kind": "novel"}, 422, "kind"),
        ("/documents", {"knd": "letter"}, 422, "unknown parameter 'knd'"),
        ("/persons/nobody-at-all", {}, 404, "no person 'nobody-at-all'"),
        ("/persons", {"as_of": "yesterday"}, 422, "as_of"),
        ("/persons", {"as_of": "0"}, 422, "as_of"),
        ("/persons", {"status": "missing"}, 422, "status"),
        ("/persons/natalia-sokolova", {"as_of": "2012-02-30"}, 422, "as_of"),
        ("/events", {"person": "nobody-at-all"}, 404, "no person"),
        ("/events", {"type": "flew"}, 422, "type"),
        ("/search", {}, 422, "q"),
        ("/alerts", {"months": 0}, 422, "months"),
        ("/export/xml", {}, 422, "export_format"),
        ("/no/such/thing", {}, 404, "Not Found"),
    ],
)
def test_errors_are_json_with_a_message(
    vera: httpx.Client, path: str, params: dict, status: int, says: str
) -> None:
    assert says in _error(vera.get(API + path, params=params), status)
