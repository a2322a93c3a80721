"""The annex and the dossier: hostile document text stays text in every format."""

from __future__ import annotations

from datetime import date

import pytest

from casetrail.domain import Charge, CourtSentence, Detention
from casetrail.export import annex, dossier, render
from casetrail.export import report as reports
from casetrail.store import Store
from tests.derive.builders import Person, write

SCRIPT = "<script>alert('x')</script>"
TODAY = date(2024, 1, 1)


@pytest.fixture
def hostile(store: Store) -> Store:
    vera = Person(
        "Vera <b>Lind</b>",
        "vera-lind",
        events=[
            ("arrested", "2021-03-02", f"arrested after posting {SCRIPT}"),
            ("charged", "2021-03-03", "charged under Article 174 with 'inciting social discord'"),
            ("sentenced", "2021-09-01", "sentenced to five years in prison"),
        ],
        descriptors=["journalist", "S&D"],
        aliases=["Вера Линд"],
        facts=[
            (Charge("174", text="inciting social discord"), "2021-03-03", "Article 174"),
            (CourtSentence(term_months=60, penalty="imprisonment"), "2021-09-01", "five years"),
            (Detention(f"prison {SCRIPT}"), None, f"held in prison {SCRIPT}"),
        ],
    )
    write(store, "Letter", "2021-10-01", [vera])
    return store


def test_the_html_annex_escapes_a_script_in_a_quote(hostile: Store) -> None:
    html = render(annex(hostile, ["vera-lind"], TODAY), "html")
    assert "<script>" not in html and "<b>" not in html
    assert "held in prison &lt;script&gt;" in html
    assert "Vera &lt;b&gt;Lind&lt;/b&gt;" in html
    page = render(dossier(hostile, "vera-lind", TODAY), "html")
    assert "<script>" not in page
    assert "arrested after posting &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_markdown_shows_markup_as_text(hostile: Store) -> None:
    text = render(dossier(hostile, "vera-lind", TODAY), "md")
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_the_annex_row(hostile: Store) -> None:
    text = render(annex(hostile, ["vera-lind"], TODAY), "md")
    for expected in (
        "Вера Линд",  # other spellings
        "journalist, S&amp;D",  # role words: a group, in Markdown's HTML escape
        "imprisoned since 2021-03-02",
        "Article 174: inciting social discord \\[1\\]",
        "2021-09-01: 5 years, imprisonment \\[1\\]",
        "expected end 2026-09 (estimate: verdict of 2021-09-01 (document #1) + 5 years)",
        "arrested 2021-03-02 \\[1\\]",
        "\\[1\\] Letter — letter, 2021-10-01",
    ):
        assert expected in text, expected


def test_pdf_in_dejavu_or_in_the_core_font(hostile: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    document = annex(hostile, ["vera-lind"], TODAY)
    assert render(document, "pdf").startswith(b"%PDF")
    monkeypatch.setattr(reports, "unicode_font", lambda: None)
    assert render(document, "pdf").startswith(b"%PDF")  # Cyrillic becomes "?", no failure
