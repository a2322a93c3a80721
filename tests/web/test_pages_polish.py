"""Small things a tester found: the favicon, ISO date inputs, Markdown shown without its
marks, uploads that name no type, and the persons table opening on persons of concern."""

from __future__ import annotations

import html
import re
from contextlib import closing

from casetrail.store import Store
from tests.web.conftest import Server
from tests.web.test_auth import csrf_of


def test_the_favicon_needs_no_login(server: Server) -> None:
    with closing(server.client()) as anonymous:
        icon = anonymous.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg") and "<script" not in icon.text


def test_date_inputs_take_iso_days(server: Server) -> None:
    with closing(server.browser_session("vera")) as vera:
        for path in ("/persons", "/alerts", "/persons/natalia-sokolova"):
            page = vera.get(path, follow_redirects=True).text
            inputs = re.findall(r'<input[^>]*name="as_of"[^>]*>', page)
            assert inputs, path
            for field in inputs:
                # A browser's date picker shows the user's locale (12/06/2026): not used.
                assert 'type="date"' not in field and 'placeholder="YYYY-MM-DD"' in field


def test_markdown_is_shown_without_its_marks(server: Server) -> None:
    with Store.open(server.db) as store:
        (markdown,) = [
            summary.id
            for summary in store.documents()
            if summary.source.endswith("news_nurlanov_released_2022.md")
        ]
    with closing(server.browser_session("vera")) as vera:
        page = vera.get(f"/documents/{markdown}").text
        css = vera.get("/static/pages_documents.css").text
    marks = [html.unescape(mark) for mark in re.findall(r'<mark class="markup">(.*?)</mark>', page)]
    assert {"# ", "**", "## ", "[", "](#)"} <= set(marks)
    assert ".doc-text mark.markup { display: none; }" in css
    # What is left to read has none of them.
    shown = html.unescape(re.sub(r'<mark class="markup">.*?</mark>|<[^>]+>', "", page))
    assert "Daulet Nurlanov, the trade union activist" in shown
    assert "**" not in shown and "](#)" not in shown


def test_an_upload_without_a_suffix_needs_recognisable_content(server: Server) -> None:
    with closing(server.browser_session("eddie")) as eddie:
        token = csrf_of(eddie.get("/upload").text)
        refused = eddie.post(
            "/upload",
            data={"csrf_token": token},
            files=[("files", ("notes", b"Brussels, 4 May 2020. Dear Minister, release Anna."))],
            headers={"Accept": "application/json"},
        )
    assert refused.status_code == 422, refused.text
    (outcome,) = refused.json()["files"]
    assert outcome["status"] == "failed"
    assert outcome["reason"].startswith("no file type: the name has no suffix")


def test_the_persons_table_opens_on_persons_of_concern(server: Server) -> None:
    with closing(server.browser_session("vera")) as vera:
        default = vera.get("/persons", params={"per_page": 500}).text
        everyone = vera.get("/persons", params={"per_page": 500, "role": "any"}).text
    rows = re.findall(r"<tr>.*?</tr>", default, re.DOTALL)[1:]
    assert rows and all("concern" in row for row in rows)
    assert len(re.findall(r"<tr>", everyone)) > len(re.findall(r"<tr>", default))
    assert '<option value="any" selected>any role</option>' in everyone
    # The pager and sort links keep the choice of every role.
    assert "role=any" in everyone
