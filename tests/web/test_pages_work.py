"""The working pages against a real `casetrail serve`: alerts, review (judge, merge, split),
upload (with its script in a real browser) and the audit log.

Reading tests use the shared server; tests that change the database (uploads, judgements)
use a private server over a copy of its database, so other tests see the database unchanged.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from casetrail import facts, resolution
from casetrail.store import Store, read_model
from casetrail.store.aggregates import refresh_advocacy, refresh_facets
from tests.web.conftest import PASSWORDS, Server, casetrail, start_server
from tests.web.test_auth import csrf_of

# Fictional persons and places, in the genre the application reads.
LETTER = """Brussels, 14 March 2024

To the Minister of Justice of the Republic of Veltravia

Dear Minister,

We write to express our deep concern about the journalist Orsolya Brennik, who was arrested
in Korvany on 3 February 2024 and charged under article 341 of the Criminal Code for her
reporting on local elections.

We call on the authorities to release Ms Brennik immediately and unconditionally.

Yours sincerely,

Tamsin Verhoeven, Member of the European Parliament
"""
# Only the family name: a pair for review with the letter above.
FOLLOW_UP = """Strasbourg, 2 May 2024

To the Prosecutor General of the Republic of Veltravia

Dear Prosecutor General,

We are alarmed by reports that Mr Brennik was beaten in pre-trial detention in Korvany.
Brennik, a trade unionist, has been held since April 2024.

We urge you to release Mr Brennik without delay.

Yours sincerely,

Anneliese Duvraine, Member of the European Parliament
"""
APPEAL = """Vienna, 20 May 2024

Dear Minister,

We write concerning the blogger Ilkka Varmenov, detained in Korvany since 9 January 2024
and charged with extremism for his posts about the local elections.

We ask for the release of Mr Varmenov.

Yours sincerely,

Hartmut Oleander, Member of the European Parliament
"""
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 8
JSON = {"Accept": "application/json"}
# The first upload a server reads loads the language models: slow on a busy machine.
UPLOAD_TIMEOUT = 300


def copy_db(url: str, folder: Path) -> str:
    """A copy of a served SQLite database (its backup: whole, write-ahead log included)."""
    copy = folder / "cases.db"
    source, target = sqlite3.connect(url.removeprefix("sqlite:///")), sqlite3.connect(copy)
    with source, target:
        source.backup(target)
    source.close()
    target.close()
    return f"sqlite:///{copy}"


@pytest.fixture(scope="module")
def private_db(server: Server, tmp_path_factory: pytest.TempPathFactory) -> str:
    return copy_db(server.db, tmp_path_factory.mktemp("work"))


@pytest.fixture(scope="module")
def private(private_db: str) -> Iterator[Server]:
    runner = start_server(private_db)
    yield Server(next(runner), private_db)
    runner.close()


@pytest.fixture(scope="module")
def tiny(private_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server taking uploads of at most 0.001 MB (1,048 bytes), over its own copy."""
    url = copy_db(private_db, tmp_path_factory.mktemp("tiny"))
    runner = start_server(url, "--max-upload", "0.001")
    yield Server(next(runner), url)
    runner.close()


@contextmanager
def session(server: Server, user: str, page: str = "/alerts") -> Iterator[tuple[httpx.Client, str]]:
    """A browser-like session, and the CSRF token a page of it carries."""
    with closing(server.browser_session(user)) as client:
        response = client.get(page)
        assert response.status_code == 200, response.text
        yield client, csrf_of(response.text)


def upload(
    client: httpx.Client, token: str | None, *files: tuple[str, bytes], as_json: bool = True
) -> httpx.Response:
    return client.post(
        "/upload",
        files=[("files", (name, content)) for name, content in files],
        data={"csrf_token": token} if token and not as_json else {},
        headers=({"X-CSRF-Token": token} if token and as_json else {}) | (JSON if as_json else {}),
        timeout=UPLOAD_TIMEOUT,
    )


def stored_count(url: str) -> int:
    with Store.open(url) as store:
        return len(store.documents())


# Roles and CSRF


def test_a_viewer_may_read_alerts_but_not_review_upload_or_audit(server: Server) -> None:
    with session(server, "vera") as (client, token):
        for path in ("/review", "/upload", "/audit"):
            response = client.get(path)
            assert response.status_code == 403, path
            assert "this needs the" in response.text
        before = stored_count(server.db)
        response = upload(client, token, ("letter.txt", LETTER.encode()))
        assert response.status_code == 403
        assert stored_count(server.db) == before
        for path, data in [
            ("/review/judge", {"left": "a", "right": "b", "judgement": "different"}),
            ("/persons/merge", {"a": "a", "b": "b"}),
            ("/persons/split", {"person": "a", "by": "spelling"}),
        ]:
            response = client.post(path, data=data | {"csrf_token": token})
            assert response.status_code == 403, path


def test_an_editor_needs_the_csrf_token(server: Server) -> None:
    with session(server, "eddie", "/upload") as (client, token):
        assert client.get("/audit").status_code == 403
        before = stored_count(server.db)
        assert upload(client, None, ("letter.txt", LETTER.encode())).status_code == 403
        forged = upload(client, "x" * len(token), ("letter.txt", LETTER.encode()))
        assert forged.status_code == 403
        assert stored_count(server.db) == before
        response = client.post(
            "/review/judge", data={"left": "a", "right": "b", "judgement": "different"}
        )
        assert response.status_code == 403
        assert "CSRF" in response.text


# Upload


def test_an_uploaded_letter_is_stored_resolved_and_audited(private: Server) -> None:
    with session(private, "eddie", "/upload") as (client, token):
        response = upload(client, token, ("brennik_letter.txt", LETTER.encode()))
        assert response.status_code == 200, response.text
        [result] = response.json()["files"]
        assert set(result) == {"name", "status", "document_id", "reason"}
        assert result["name"] == "brennik_letter.txt"
        assert result["status"] == "stored" and result["reason"] is None
        document_id = result["document_id"]
        assert isinstance(document_id, int)

        page = client.get(f"/documents/{document_id}")
        assert page.status_code == 200
        assert "Orsolya Brennik" in page.text

        # The same content again, by the form (no script): already up to date.
        again = upload(client, token, ("copy.txt", LETTER.encode()), as_json=False)
        assert again.status_code == 200
        assert "already up to date" in again.text
        assert f'href="/documents/{document_id}"' in again.text

    with Store.open(private.db) as store:
        stored = store.document(document_id)
        assert stored is not None
        assert stored.document.raw.source == "upload:brennik_letter.txt"
        assert stored.document.raw.text == LETTER
        concern = [r for r in stored.records if r.record.name == "Orsolya Brennik"]
        assert concern and all(r.record.person_id for r in concern), "persons not resolved"
        # Derived by the upload before it answered, not left to the next reader.
        assert read_model.stale_statuses(store, claimed=True) == []
        assert read_model.stale_statuses(store, unmarked=True) == []
        # Its advocacy and search facets too: nothing is left for the pages to count.
        assert refresh_advocacy(store) == 0 and refresh_facets(store) == 0

    with closing(private.browser_session("ada")) as admin:
        log = admin.get("/audit")
    assert log.status_code == 200
    row = re.search(
        rf"<tr>(?:(?!</tr>).)*document:{document_id}(?:(?!</tr>).)*</tr>", log.text, re.S
    )
    assert row, "the upload is not in the audit log"
    assert all(word in row.group(0) for word in ("eddie", "ingest", "copy.txt", "unchanged"))
    assert "brennik_letter.txt" in log.text


def test_the_upload_page_works_without_script(private: Server) -> None:
    with session(private, "eddie", "/upload") as (client, token):
        page = client.get("/upload").text
        form = re.search(r"<form[^>]*id=\"work-upload\"[^>]*>", page)
        assert form and 'enctype="multipart/form-data"' in form.group(0)
        assert 'action="/upload"' in form.group(0)
        assert re.search(r'<input type="file" name="files" multiple', page)
        assert "<script" not in page.replace('<script src="/static/app.js" defer></script>', "")
        assert "style=" not in page and "onclick" not in page
        response = upload(
            client,
            token,
            ("varmenov.txt", APPEAL.encode()),
            ("tool.exe", EXECUTABLE),
            as_json=False,
        )
    assert response.status_code == 200  # one file was stored
    results = response.text[response.text.index("Results") :]
    assert "varmenov.txt" in results and "stored" in results
    assert "tool.exe" in results and "unsupported file type &#39;.exe&#39;" in results


def test_an_unsupported_file_is_refused_with_its_reason(private: Server) -> None:
    before = stored_count(private.db)
    with session(private, "eddie", "/upload") as (client, token):
        response = upload(client, token, ("setup.exe", EXECUTABLE))
        assert response.status_code == 422
        [result] = response.json()["files"]
        assert result["status"] == "failed" and result["document_id"] is None
        assert "unsupported file type '.exe'" in result["reason"]
        # Binary content under a text name: refused too, with its own reason.
        response = upload(client, token, ("notes.txt", EXECUTABLE))
        assert response.status_code == 422
        assert response.json()["files"][0]["reason"] == "binary data, not text"
    assert stored_count(private.db) == before
    with closing(private.browser_session("ada")) as admin:
        assert "upload:setup.exe" in admin.get("/audit").text


def test_an_oversize_upload_is_refused_with_413(tiny: Server) -> None:
    before = stored_count(tiny.db)
    letter = "\n".join((LETTER, FOLLOW_UP, APPEAL)).encode()
    assert len(letter) > 1048
    with session(tiny, "eddie", "/upload") as (client, token):
        assert "1,048 bytes" in client.get("/upload").text  # the limit is shown
        response = upload(client, token, ("long_letter.txt", letter))
        assert response.status_code == 413
        [result] = response.json()["files"]
        assert result["status"] == "failed"
        assert (
            f"the file is {len(letter):,} bytes, over the upload limit of 1,048 bytes"
            == (result["reason"])
        )
        # Far over what a request may carry: refused from its Content-Length, unread.
        response = upload(client, token, ("huge.txt", b"x" * 200_000), as_json=False)
        assert response.status_code == 413
        assert "the limit is 1,048 bytes a file" in response.text
    assert stored_count(tiny.db) == before


# Review


def person_id(url: str, name: str) -> str:
    with Store.open(url) as store:
        [person] = [p for p in resolution.persons(store, name=name) if p.name == name]
    return person.id


def follow(client: httpx.Client, response: httpx.Response) -> tuple[dict[str, str], str]:
    """The message of a redirect back to the review page, and the page it shows."""
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/review?")
    message = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    page = client.get(location)
    assert page.status_code == 200
    return message, page.text


def test_a_judgement_on_the_review_page_is_recorded(private: Server) -> None:
    with session(private, "eddie", "/upload") as (client, token):
        for name, text in (("brennik_letter.txt", LETTER), ("brennik_follow_up.txt", FOLLOW_UP)):
            assert upload(client, token, (name, text.encode())).status_code == 200
        page = client.get("/review")
        assert page.status_code == 200
        forms = re.findall(
            r'<form class="work-judge" method="post" action="/review/judge">(.*?)</form>',
            page.text,
            re.S,
        )
        assert forms, "no pair to review"
        values = dict(re.findall(r'name="(left|right)" value="([^"]*)"', forms[0]))
        left, right = html.unescape(values["left"]), html.unescape(values["right"])
        assert 'class="work-score"' in page.text  # the score's explanation
        assert '<mark class="evidence">' in page.text  # the sentences naming each

        decide = {"csrf_token": token, "left": left, "right": right}
        response = client.post("/review/judge", data=decide | {"judgement": "different"})
        message, shown = follow(client, response)
        done = re.fullmatch(
            rf"#(\d+): {re.escape(left)} different {re.escape(right)}\.", message["done"]
        )
        assert done, message
        assert html.escape(message["done"]) in shown
        number = int(done.group(1))

        # Earlier judgements decide: a contradiction and a repetition are clear messages.
        response = client.post("/review/judge", data=decide | {"judgement": "same"})
        message, shown = follow(client, response)
        assert "contradicts" in message["error"] and f"#{number}" in message["error"]
        assert 'class="card error"' in shown
        response = client.post("/review/judge", data=decide | {"judgement": "different"})
        message, _ = follow(client, response)
        assert message["note"].startswith("Nothing to do:")
        response = client.post(
            "/review/judge", data=decide | {"right": "no-such-person", "judgement": "same"}
        )
        message, _ = follow(client, response)
        assert message["error"].startswith("no person with id 'no-such-person'")
        assert "<script>" not in client.get("/review?error=<script>x</script>").text

    listed = casetrail("judgements", "--db", private.db, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    [judged] = [j for j in json.loads(listed.stdout) if j["id"] == number]
    assert (judged["left"], judged["right"], judged["judgement"]) == (left, right, "different")
    assert (judged["user"], judged["via"]) == ("eddie", "review")

    with closing(private.browser_session("ada")) as admin:
        log = admin.get("/audit").text
    assert f"persons:{left},{right}" in log
    assert re.search(r"<td>eddie</td>\s*<td>judge</td>", log)


def test_merge_and_split_from_the_review_page(private: Server) -> None:
    with session(private, "eddie", "/review") as (client, token):
        for name, text in (("brennik_letter.txt", LETTER), ("varmenov.txt", APPEAL)):
            assert upload(client, token, (name, text.encode())).status_code == 200
        one = person_id(private.db, "Tamsin Verhoeven")
        other = person_id(private.db, "Hartmut Oleander")

        response = client.post("/persons/merge", data={"csrf_token": token, "a": one, "b": other})
        message, _ = follow(client, response)
        assert "merged into" in message["done"], message
        with Store.open(private.db) as store:
            assert store.canonical_person_id(other) == store.canonical_person_id(one)
            merged = store.canonical_person_id(one)

        split = {"csrf_token": token, "person": merged, "by": "spelling"}
        message, _ = follow(client, client.post("/persons/split", data=split))
        assert message["done"].startswith(f"{merged} split by spelling into"), message
        assert person_id(private.db, "Tamsin Verhoeven") != person_id(
            private.db, "Hartmut Oleander"
        )

        lonely = {"csrf_token": token, "person": person_id(private.db, "Ilkka Varmenov")}
        message, shown = follow(client, client.post("/persons/split", data=lonely))
        assert "nothing to split" in message["error"]
        assert "nothing to split" in shown
        bad = client.post("/persons/split", data=split | {"by": "records"})
        assert bad.status_code == 400

    with closing(private.browser_session("ada")) as admin:
        log = admin.get("/audit").text
    assert re.search(r"<td>eddie</td>\s*<td>merge</td>", log)
    assert re.search(r"<td>eddie</td>\s*<td>split</td>", log)


# Alerts


def test_alerts_list_the_undated_sample_letter(server: Server) -> None:
    with Store.open(server.db) as store:
        [undated] = [
            d for d in store.documents() if d.source.endswith("kg_national_mps_letter_undated.docx")
        ]
    with closing(server.browser_session("vera")) as client:
        everything = client.get("/alerts")
        only = client.get("/alerts", params={"kind": "undated_document"})
        assert client.get("/alerts", params={"kind": "gossip"}).status_code == 400
        assert client.get("/alerts", params={"as_of": "yesterday"}).status_code == 400
    assert everything.status_code == 200 and only.status_code == 200
    for page in (everything.text, only.text):
        section = page[page.index('id="undated_document"') :]
        assert f'href="/documents/{undated.id}"' in section
        assert f"document #{undated.id} (" in section
    assert 'id="stale_demand"' not in only.text


def test_alert_quotes_link_to_their_place_in_the_document(server: Server) -> None:
    with closing(server.browser_session("vera")) as client:
        page = client.get("/alerts", params={"as_of": "2030-01-01"}).text
    links = re.findall(
        r'<a href="/documents/(\d+)\?start=(\d+)&amp;end=(\d+)#evidence">“(.*?)”</a>', page, re.S
    )
    assert links, "no alert with a quote"
    with Store.open(server.db) as store:
        for document_id, start, end, quote in links:
            stored = store.document(int(document_id))
            assert stored is not None
            assert stored.document.raw.text[int(start) : int(end)] == html.unescape(quote)


# Audit log


def test_the_audit_log_is_paginated(server: Server) -> None:
    with closing(server.browser_session("ada")) as client:
        first = client.get("/audit")
        assert first.status_code == 200
        assert re.search(r"<td>ada</td>\s*<td>login</td>", first.text)
        assert client.get("/audit", params={"page": 0}).status_code == 400
        beyond = client.get("/audit", params={"page": 100000})
    assert beyond.status_code == 200
    assert "No entries on page 100000" in beyond.text
    assert 'rel="prev"' in beyond.text


# The upload script, in a real browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium package")
    with sync_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_the_script_uploads_dropped_files_one_by_one(
    browser: object, private: Server, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    letter = tmp_path / "brennik_follow_up.txt"
    letter.write_text(FOLLOW_UP, encoding="utf-8")
    program = tmp_path / "install.exe"
    program.write_bytes(EXECUTABLE)
    context = browser.new_context(base_url=private.url)
    page = context.new_page()
    sent: list[dict[str, str]] = []
    page.on(
        "request",
        lambda request: sent.append(request.headers) if request.method == "POST" else None,
    )
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    try:
        page.goto("/login?next=/upload")
        page.fill("input[name=name]", "eddie")
        page.fill("input[name=password]", PASSWORDS["eddie"][1])
        page.click("button[type=submit]")
        expect(page.locator(".work-drop-hint")).to_be_visible(timeout=UPLOAD_TIMEOUT * 1000)
        sent.clear()

        page.set_input_files("input[type=file]", [str(letter), str(program)])
        page.click("#work-upload button[type=submit]")
        results = page.locator("#work-upload-results li")
        expect(results.locator(".badge")).to_have_count(2, timeout=UPLOAD_TIMEOUT * 1000)
        assert page.url.endswith("/upload")  # the script sent them: no page was loaded
        expect(results.nth(0)).to_contain_text("brennik_follow_up.txt")
        expect(results.nth(0).locator("a")).to_have_attribute("href", re.compile(r"/documents/\d+"))
        expect(results.nth(1)).to_contain_text("unsupported file type '.exe'")
        assert len(sent) == 2  # one request a file
        token = page.locator('meta[name="csrf-token"]').get_attribute("content")
        assert all(h.get("x-csrf-token") == token for h in sent)
        assert all(h.get("accept") == "application/json" for h in sent)

        page.evaluate(
            """() => {
              const files = new DataTransfer();
              files.items.add(new File(["A short note with no names in it at all."],
                                       "note.txt", {type: "text/plain"}));
              const zone = document.querySelector(".work-dropzone");
              for (const type of ["dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, {dataTransfer: files, bubbles: true,
                                                        cancelable: true}));
              }
            }"""
        )
        expect(results.locator(".badge")).to_have_count(3, timeout=UPLOAD_TIMEOUT * 1000)
        expect(results.nth(2)).to_contain_text("note.txt")
        assert page.locator("progress").count() == 0  # each bar gives way to its result
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        context.close()


# Roles, demands, documents' dates and kinds: reviewed on the person, document and queue pages

ANNAYEV_PAGE = "/persons/begench-annayev"


def _role_ids(page: str) -> list[str]:
    return re.findall(r'data-fact="(role:\d+)"', page)


def test_a_viewer_sees_roles_and_document_facts_but_cannot_review_them(private: Server) -> None:
    with session(private, "vera", ANNAYEV_PAGE) as (client, token):
        page = client.get(ANNAYEV_PAGE).text
        roles = _role_ids(page)
        assert roles and 'id="other-facts"' in page
        assert "/facts/role/" not in page  # no form for a viewer
        number = roles[0].split(":")[1]
        refused = client.post(
            f"/facts/role/{number}/review", data={"verdict": "rejected", "csrf_token": token}
        )
        assert refused.status_code == 403


def test_an_editor_rejects_a_concern_role_and_corrects_a_document_date(private: Server) -> None:
    with session(private, "eddie", ANNAYEV_PAGE) as (client, token):
        page = client.get(ANNAYEV_PAGE).text
        [role, *_] = _role_ids(page)
        number = role.split(":")[1]
        form = {"verdict": "rejected", "reason": "named only", "next": ANNAYEV_PAGE}
        without = client.post(f"/facts/role/{number}/review", data=form)
        assert without.status_code == 403  # no CSRF token
        done = client.post(f"/facts/role/{number}/review", data=form | {"csrf_token": token})
        assert done.status_code == 303
        shown = client.get(done.headers["location"]).text
        assert f"Fact {role} (role): rejected: role concern → other by eddie" in shown
        [cell] = re.findall(rf'data-fact="{role}">(.*?)</td>', shown, re.DOTALL)
        assert "rejected" in cell and "Confirm" in cell  # a rejected role can be put back

        document = re.search(r'data-fact="document-date:(\d+)"', shown)
        assert document is not None
        date_form = {"verdict": "corrected", "date": "2019-02", "reason": "the postmark"}
        done = client.post(
            f"/facts/document-date/{document.group(1)}/review",
            data=date_form | {"csrf_token": token},
            headers={"Accept": "application/json"},
        )
        assert done.status_code == 200 and done.json()["value"] == "2019-02"
        bad = client.post(
            f"/facts/document-kind/{document.group(1)}/review",
            data={"verdict": "corrected", "type": "note", "reason": "x", "csrf_token": token},
        )
        assert "error=" in bad.headers["location"]
        shown = client.get(f"/documents/{document.group(1)}").text
        assert f'data-fact="document-date:{document.group(1)}"' in shown
        assert "corrected: date" in shown and "by eddie" in shown

    with Store.open(private.db) as store:
        queue = facts.verification_queue(store, date(2026, 1, 1))
    others = [item for item in queue if item.other is not None]
    assert {item.other.ref.kind for item in others} >= {"role", "document-date", "document-kind"}
    # After every unchecked event that decides a status.
    first_other = queue.index(others[0])
    assert all(item.priority > 1 for item in queue[first_other:])
    assert f"role:{number}" not in {str(item.ref) for item in queue}  # reviewed
