"""A scan in the web application: its page images behind login, the cited passage outlined
on them, and the facts whose evidence OCR read with low confidence flagged, in the pages and
the JSON API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from casetrail.domain import LOW_CONFIDENCE, touches_doubtful
from casetrail.extract import RuleExtractor
from casetrail.pipeline import Processed, document_from_bytes, ingest_documents
from casetrail.store import Store
from tests.ocr.scans import image_bytes, scan
from tests.web.conftest import PASSWORDS, Server, casetrail, docs_dir, start_server
from tests.web.test_browser import browser, log_in

__all__ = ["browser", "docs_dir"]  # fixtures of the web tests, used here

LETTER = Path(__file__).resolve().parents[1] / "data" / "ocr" / "en_letter_two_prisoners.txt"
DOUBTFUL = "Oleg Dubrovin was arrested on 2 September 2021"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Iterator[tuple[Server, int, tuple[int, int]]]:
    """A server over a database holding the scanned letter, whose words of DOUBTFUL OCR is
    made to have read with low confidence (as a speck or a fold would make it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ocr-web') / 'cases.db'}"
    document = document_from_bytes(
        image_bytes(scan(LETTER.read_text("utf-8"))), "letter.png", source="letter.png"
    )
    ocr = document.raw.ocr
    assert ocr is not None
    start = document.raw.text.index(DOUBTFUL)
    end = start + len(DOUBTFUL)
    ocr.words = [
        replace(w, confidence=LOW_CONFIDENCE / 2) if start <= w.start < end else w
        for w in ocr.words
    ]
    with closing(Store.open(url)) as store:
        extraction = RuleExtractor().extract(document)
        report = ingest_documents(store, [Processed(Path("letter.png"), document, extraction)])
        [stored] = report.files
    for name, (role, password) in PASSWORDS.items():
        result = casetrail("user", "add", name, "--role", role, "--db", url, stdin=password + "\n")
        assert result.returncode == 0, result.stderr
    runner = start_server(url)
    yield Server(next(runner), url), stored.document_id, (start, end)
    runner.close()


def test_the_page_image_is_served_behind_login(scanned) -> None:
    server, document_id, _ = scanned
    with server.client() as anonymous:
        response = anonymous.get(f"/documents/{document_id}/pages/1.png")
        assert response.status_code in (302, 303, 401)
    with closing(server.browser_session("vera")) as client:
        response = client.get(f"/documents/{document_id}/pages/1.png")
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        assert response.content.startswith(b"\x89PNG")
        assert client.get(f"/documents/{document_id}/pages/2.png").status_code == 404


def test_the_document_page_outlines_the_cited_passage_on_the_scan(scanned) -> None:
    server, document_id, (start, end) = scanned
    with closing(server.browser_session("vera")) as client:
        page = client.get(f"/documents/{document_id}?start={start}&end={end}").text
    assert f'href="/documents/{document_id}/pages/1.png"' in page
    outlined = re.findall(r'<rect class="ocr-evidence"', page)
    assert len(outlined) == len(DOUBTFUL.split())
    assert len(re.findall(r'<rect class="ocr-low"', page)) >= len(DOUBTFUL.split())
    assert "style=" not in page.split('<section class="scan-pages"')[1]  # CSP: no inline style
    assert "low-confidence OCR" in page  # the arrest's event in the persons list


def test_a_fact_read_with_low_confidence_says_so(scanned) -> None:
    server, document_id, (start, end) = scanned
    with closing(server.client("vera")) as client:
        items = client.get("/api/v1/persons/oleg-dubrovin/events").json()["items"]
        flags = {item["event"]["type"]: item["event"]["low_confidence_ocr"] for item in items}
        assert flags == {"arrested": True, "sentenced": False}
        for item in client.get("/api/v1/persons/marta-kovalenko/events").json()["items"]:
            assert item["event"]["low_confidence_ocr"] is False
        document = client.get(f"/api/v1/documents/{document_id}").json()
        [page] = document["ocr"]["pages"]
        assert page == {
            "number": 1,
            "width": 2480,
            "height": 3508,
            "language": "eng",
            "rotation": 0,
            "image": f"/documents/{document_id}/pages/1.png",
        }
        low = document["ocr"]["low_confidence"]
        assert len([s for s, _ in low if start <= s < end]) == len(DOUBTFUL.split())
    with closing(server.browser_session("vera")) as client:
        assert "low-confidence OCR" in client.get("/persons/oleg-dubrovin").text
        assert "low-confidence OCR" not in client.get("/persons/marta-kovalenko").text


def test_doubtful_ranges_touch_the_spans_that_overlap_them() -> None:
    doubtful = [(10, 15), (20, 24)]
    assert touches_doubtful(doubtful, 12, 30) and touches_doubtful(doubtful, 0, 11)
    assert not touches_doubtful(doubtful, 15, 20) and not touches_doubtful(doubtful, 0, 10)
    assert touches_doubtful(doubtful, 20, 20) and not touches_doubtful(doubtful, 16, 16)


def test_the_scan_shows_in_a_browser_under_the_content_security_policy(
    scanned, browser, docs_dir
) -> None:
    server, document_id, (start, end) = scanned
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    log_in(page, "vera")
    with page.expect_response(f"**/documents/{document_id}/pages/1.png") as image:
        page.goto(f"/documents/{document_id}?start={start}&end={end}")
    assert image.value.status == 200
    scan_page = page.locator("figure.scan-page")
    scan_page.scroll_into_view_if_needed()
    assert scan_page.bounding_box()["height"] > 500  # the SVG is drawn at the page's proportions
    assert page.locator("rect.ocr-evidence").count() == len(DOUBTFUL.split())
    assert page.locator("a[href='#page-1']").count() == 1  # "on the scan"
    assert problems == []  # no Content-Security-Policy violation, no failed load
    docs_dir.mkdir(parents=True, exist_ok=True)
    page.locator("section.scan-pages").screenshot(path=str(docs_dir / "document-scan.png"))
    context.close()
