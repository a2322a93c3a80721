"""Each reader on a real file of its format."""

from __future__ import annotations

import codecs
import hashlib
import socket
from pathlib import Path

import lxml.html
import pytest

from casetrail.clean import clean_text
from casetrail.read import html as html_reader
from casetrail.read import read_bytes, read_path


def test_text_file(tmp_path: Path, samples) -> None:
    data = f"\n\n  Appeal for Aidar Tokhtarov\n{samples.paragraph}\n".encode()
    path = tmp_path / "appeal.txt"
    path.write_bytes(data)
    document = read_path(path)
    assert document.text == data.decode()
    assert document.title == "Appeal for Aidar Tokhtarov"
    assert document.encoding == "utf-8"
    assert document.media_type == "text/plain"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert (document.source, document.file_name) == (str(path), "appeal.txt")


def test_markdown_title_is_the_first_heading_without_its_marks(tmp_path: Path) -> None:
    path = tmp_path / "news.md"
    path.write_text("[en](#) | [fr](#)\n\n# **MEPs** write to the *minister*\n\nText.", "utf-8")
    document = read_path(path)
    assert document.media_type == "text/markdown"
    assert document.title == "MEPs write to the minister"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "latin-1",
            "Der Gewerkschafter Jürgen Müßig wurde in Köln verhaftet. Die Behörden "
            "äußerten sich nicht zu den Vorwürfen gegen ihn. Grüße aus München.",
        ),
        (
            "cp1251",
            "Активист Айдар Тохтаров был арестован в Караганде. Суд приговорил его к "
            "пяти годам лишения свободы за «разжигание социальной розни».",
        ),
        ("utf-16", "Utf-16 with a byte-order mark: Айдар Тохтаров, Müßig."),
    ],
)
def test_legacy_encodings_decode(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(text.encode(encoding))
    document = read_path(path)
    assert document.text == text
    assert document.encoding is not None


def test_utf8_byte_order_mark_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"Free Aidar Tokhtarov")
    assert read_path(path).text == "Free Aidar Tokhtarov"


def test_html_main_content_without_boilerplate(html_file: Path) -> None:
    document = read_path(html_file)
    assert document.media_type == "text/html"
    assert document.title == "Free Aidar Tokhtarov"
    assert document.metadata["extraction"] == "main-content"
    assert "sentenced Aidar Tokhtarov" in document.text
    assert "independent investigation" in document.text
    for boilerplate in ("Donate", "Cookie settings", "tracker", "color: red"):
        assert boilerplate not in document.text
    # blocks stay on lines of their own
    assert "MEPs urge the release of Aidar Tokhtarov\n" in document.text


def test_reading_never_touches_the_network(
    html_file: Path, eml_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reader tried to reach the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    assert "Aidar Tokhtarov" in read_path(html_file).text
    assert "Aidar Tokhtarov" in read_path(eml_file).text


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Заявление</title></head><body><p>Активист Айдар Тохтаров арестован "
        "в Караганде; суд приговорил его к пяти годам.</p></body></html>"
    )
    path = tmp_path / "ru.htm"
    path.write_bytes(page.encode("cp1251"))
    document = read_path(path)
    assert document.title == "Заявление"
    assert "Айдар Тохтаров" in document.text
    assert document.encoding == "cp1251"


def test_html_falls_back_to_visible_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> str:
        raise RuntimeError("extractor gave up")

    monkeypatch.setattr(html_reader.trafilatura, "extract", fail)
    page = (
        "<html><body><div>Free <b>Aidar</b> Tokhtarov<br>now</div><!-- note -->tail"
        "<script>hidden()</script><ul><li>one</li><li>two</li></ul></body></html>"
    )
    document = read_bytes(page.encode(), "page.html", "page.html")
    assert document.metadata["extraction"] == "visible-text"
    assert document.text == "Free Aidar Tokhtarov\nnow\ntail\none\ntwo"


def test_visible_text_skips_hidden_elements_and_keeps_tails() -> None:
    tree = lxml.html.document_fromstring(
        "<html><head><title>T</title></head><body><p>a <style>x</style>b</p>"
        "<noscript>no</noscript>c<h2>d</h2></body></html>"
    )
    assert html_reader.visible_text(tree) == "a b\nc\nd"


def test_pdf_pages_and_cleaning_back_to_the_original(pdf_file: Path) -> None:
    document = read_path(pdf_file)
    assert document.media_type == "application/pdf"
    assert document.title == "Briefing on Aidar Tokhtarov"
    assert document.metadata["pages"] == "2"
    assert document.text.count("\f") == 1
    assert "sentenced Aidar Tokhtarov" in document.text
    assert document.text.count("Fictional Helsinki Committee - Briefing 2021") == 2

    clean = clean_text(document.text)
    assert "Page 1 of 2" not in clean.text
    assert "Briefing 2021" not in clean.text
    assert "\f" not in clean.text
    assert "described the trial as unfair." in clean.text  # the wrapped lines are joined
    start = clean.text.index("Aidar Tokhtarov")
    span = clean.offsets.span_to_original(start, start + len("Aidar Tokhtarov"))
    assert document.text[span.start : span.end] == "Aidar Tokhtarov"


def test_docx_paragraphs_tables_and_properties(docx_file: Path, samples) -> None:
    document = read_path(docx_file)
    assert document.title == "Letter on Aidar Tokhtarov"
    assert document.metadata["author"] == "Ingrid Halvorsen"
    assert document.text == (
        f"Dear Minister,\n\n{samples.paragraph}\n\nName | Status\nAidar Tokhtarov | imprisoned"
        "\n\nYours sincerely,"
    )
    assert document.encoding is None


def test_eml_prefers_the_plain_text_part(eml_file: Path, samples) -> None:
    document = read_path(eml_file)
    assert document.media_type == "message/rfc822"
    assert document.text.strip() == samples.paragraph
    assert document.title == "Urgent appeal: Aidar Tokhtarov"
    assert document.metadata["from"] == "Ingrid Halvorsen <ingrid@example.org>"
    assert document.metadata["to"] == "minister@example.org"
    assert document.metadata["date"] == "Mon, 03 May 2021 10:00:00 +0000"
    assert document.metadata["attachments"] == "cases.pdf"
    assert document.encoding == "utf-8"


def test_eml_with_only_html_goes_through_the_html_extraction(samples) -> None:
    page = f"<html><body><nav>Menu</nav><article><p>{samples.paragraph}</p></article></body></html>"
    document = read_bytes(samples.email(None, page, attachment=False), "a.eml", "a.eml")
    assert document.text == samples.paragraph
    assert "attachments" not in document.metadata
