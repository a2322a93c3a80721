"""The web application in a real browser: Debian's headless Chromium driven by Playwright.

The browser is the system's (/usr/bin/chromium, installed by .ci/run with apt); the test
tool never downloads one. Each test leaves a screenshot of the page it reached in docs/web/,
which the README shows.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.derive.builders import SEEDS, ingest
from tests.web.conftest import PASSWORDS, Server, start_server

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium must not reach out to Google's services from a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = """Open letter on the case of Teodor Vashchuk

Brussels, 3 March 2024

<script>window.pwned = true; document.title = "pwned";</script>
<img src="x" onerror="window.pwned = true">
We call for the release of Teodor Vashchuk, a journalist arrested on 2 February 2024.
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium package")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def private_server(web_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a copy of the shared database (these tests judge and upload), with a
    hostile document added."""
    folder = tmp_path_factory.mktemp("browser")
    source = Path(web_db.removeprefix("sqlite:///"))
    copy = folder / "cases.db"
    shutil.copy(source, copy)
    hostile = folder / "hostile" / "open_letter_vashchuk.txt"
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE, encoding="utf-8")
    url = f"sqlite:///{copy}"
    ingest([hostile.parent], url)
    runner = start_server(url)
    yield Server(next(runner), url)
    runner.close()


@pytest.fixture
def page(browser: object, private_server: Server) -> Iterator[object]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=private_server.url
    )
    opened = context.new_page()
    yield opened
    context.close()


def log_in(page: object, user: str) -> None:
    page.goto("/login")
    page.fill("input[name=name]", user)
    page.fill("input[name=password]", PASSWORDS[user][1])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url


def shot(page: object, docs_dir: Path, name: str) -> None:
    docs_dir.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(docs_dir / f"{name}.png"), full_page=False)


def test_search_person_evidence_review_logout(page: object, docs_dir: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("needs the dev documents")
    page.goto("/login")
    shot(page, docs_dir, "login")
    log_in(page, "eddie")

    page.goto("/search")
    page.fill("input[name=q]", "Sokolova")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("mark").count() > 0
    shot(page, docs_dir, "search")

    page.click("a[href='/persons/natalia-sokolova']")
    page.wait_for_load_state()
    assert "Sokolova" in page.inner_text("h1")
    assert page.locator("svg").count() > 0
    shot(page, docs_dir, "person")

    evidence = page.locator("a[href*='#evidence']").first
    evidence.click()
    page.wait_for_load_state()
    marked = page.locator("mark#evidence")
    assert marked.count() == 1
    assert marked.is_visible()
    assert marked.inner_text().strip()
    shot(page, docs_dir, "document")

    page.goto("/review")
    shot(page, docs_dir, "review")
    different = page.locator("form[action='/review/judge'] button", has_text="Different")
    assert different.count() > 0, "the samples leave a pair to review"
    with page.expect_navigation():
        different.first.click()
    assert "done=" in page.url, page.inner_text("main")
    assert page.locator(".error").count() == 0, page.inner_text("main")

    page.click("form.logout button")
    page.wait_for_load_state()
    assert "/login" in page.url
    page.goto("/persons")
    assert "/login" in page.url


def test_pages_for_the_documentation(page: object, docs_dir: Path) -> None:
    log_in(page, "ada")
    for path, name in [
        ("/persons?sort=expected_release", "persons"),  # the case columns filled first
        ("/advocates", "advocates"),
        ("/alerts", "alerts"),
        ("/upload", "upload"),
        ("/audit", "audit"),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        shot(page, docs_dir, name)


def test_a_viewer_is_refused_an_upload(page: object) -> None:
    log_in(page, "vera")
    response = page.goto("/upload")
    assert response.status == 403
    assert page.locator("input[type=file]").count() == 0


def test_a_script_in_a_document_stays_inert(page: object, docs_dir: Path) -> None:
    log_in(page, "vera")
    page.goto("/documents")
    page.click("text=Open letter on the case of Teodor Vashchuk")
    page.wait_for_load_state()
    assert "<script>window.pwned" in page.inner_text("main")
    assert page.evaluate("window.pwned === undefined")
    assert page.title() != "pwned"
    shot(page, docs_dir, "document-hostile")


def test_an_editor_rejects_a_false_death_and_a_viewer_cannot(page: object) -> None:
    """Begench Annayev (a fictional sample person) is deceased by one document's death: an
    editor rejects it on his page; the page and the persons table stop saying deceased."""
    person, table = "/persons/begench-annayev", "/persons?q=Annayev&as_of=2026-01-01"
    log_in(page, "vera")
    page.goto(person + "?as_of=2026-01-01")
    assert "deceased" in page.inner_text("h1")
    assert page.locator("form[action$='/review']").count() == 0  # a viewer sees no forms
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    died = page.locator("td[data-fact]").first.get_attribute("data-fact")
    refused = page.request.post(
        f"/facts/{died}/review", form={"verdict": "rejected", "csrf_token": token or ""}
    )
    assert refused.status == 403
    page.click("form.logout button")
    page.wait_for_load_state()

    log_in(page, "eddie")
    page.goto(person + "?as_of=2026-01-01")
    page.locator("details.cases-events > summary").click()  # the event table is folded
    row = page.locator("tr", has=page.locator("td", has_text="died")).first
    row.locator("summary", has_text="Reject or correct").click()
    row.locator("input[name=reason]").fill("the family says he is alive")
    with page.expect_navigation():
        row.locator("button[value=rejected]").click()
    assert "deceased" not in page.inner_text("h1"), page.inner_text("main")
    assert "rejected by eddie" in page.inner_text("#facts")
    page.goto(table)
    assert "deceased" not in page.inner_text("main table")


def test_an_editor_rejects_a_persons_concern_role_and_a_viewer_cannot(page: object) -> None:
    """Teodor Vashchuk (fictional) is a person of concern by one letter only: an editor
    rejects that role on his page (the fact is shown rejected), and he leaves the persons
    table's persons of concern; a viewer sees the fact, not the form."""
    person, table = "/persons/teodor-vashchuk", "/persons?q=Vashchuk"
    log_in(page, "vera")
    page.goto(person)
    page.locator("#other-facts > summary").click()
    assert "role" in page.inner_text("#other-facts")
    assert page.locator("#other-facts form").count() == 0
    page.click("form.logout button")
    page.wait_for_load_state()

    log_in(page, "eddie")
    page.goto(table)
    assert "Vashchuk" in page.inner_text("main table")
    page.goto(person)
    page.locator("#other-facts > summary").click()
    row = page.locator("#other-facts tr", has=page.locator("td", has_text="concern")).first
    row.locator("summary", has_text="Reject or correct").click()
    row.locator("input[name=reason]").fill("he is the author, not a prisoner")
    with page.expect_navigation():
        row.locator("button[value=rejected]").click()
    assert "rejected: role concern → other by eddie" in page.inner_text("main")
    page.goto(table)
    assert "Vashchuk" not in page.inner_text("main")
