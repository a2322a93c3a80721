"""Builders of real files of each format, with fictional text, for the reader tests."""

from __future__ import annotations

import io
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

PARAGRAPH = (
    "On 3 May 2021 the city court of Karaganda sentenced Aidar Tokhtarov, a trade union "
    "activist, to five years in prison for inciting social discord. Observers from the "
    "Fictional Helsinki Committee described the trial as unfair."
)


def make_pdf(pages: list[str], title: str | None = None, header: str | None = None) -> bytes:
    """A PDF with a text layer: one page per text, with a running header and page numbers."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if title:
        pdf.set_title(title)
    for number, text in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.cell(0, 10, header, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, text)
        pdf.cell(0, 10, f"Page {number} of {len(pages)}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture
def pdf_file(tmp_path: Path) -> Path:
    path = tmp_path / "briefing.pdf"
    path.write_bytes(
        make_pdf(
            [PARAGRAPH, "Members of the European Parliament called for his release."],
            title="Briefing on Aidar Tokhtarov",
            header="Fictional Helsinki Committee - Briefing 2021",
        )
    )
    return path


@pytest.fixture
def html_file(tmp_path: Path) -> Path:
    path = tmp_path / "appeal.html"
    path.write_text(
        f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Free Aidar Tokhtarov</title>
<style>body {{ color: red }}</style></head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/donate">Donate</a></nav>
<header>Fictional Helsinki Committee - all campaigns</header>
<article>
<h1>MEPs urge the release of Aidar Tokhtarov</h1>
<p>{PARAGRAPH}</p>
<p>Members of the European Parliament called for his immediate release and for an
independent investigation into the allegations of ill-treatment in custody.</p>
</article>
<footer>Copyright 2021 Fictional Helsinki Committee. Cookie settings.</footer>
<script>var tracker = "should never be read";</script>
</body></html>""",
        encoding="utf-8",
    )
    return path


def make_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Letter on Aidar Tokhtarov"
    document.core_properties.author = "Ingrid Halvorsen"
    document.add_paragraph("Dear Minister,")
    document.add_paragraph(PARAGRAPH)
    table = document.add_table(rows=0, cols=2)
    for name, status in [("Name", "Status"), ("Aidar Tokhtarov", "imprisoned")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, status
    document.add_paragraph("Yours sincerely,")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def docx_file(tmp_path: Path) -> Path:
    path = tmp_path / "letter.docx"
    path.write_bytes(make_docx())
    return path


def make_email(plain: str | None, html: str | None = None, attachment: bool = True) -> bytes:
    message = EmailMessage()
    message["Subject"] = "Urgent appeal: Aidar Tokhtarov"
    message["From"] = "Ingrid Halvorsen <ingrid@example.org>"
    message["To"] = "minister@example.org"
    message["Date"] = "Mon, 03 May 2021 10:00:00 +0000"
    if plain is not None:
        message.set_content(plain)
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    if attachment:
        message.add_attachment(
            b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="cases.pdf"
        )
    return message.as_bytes()


@pytest.fixture
def eml_file(tmp_path: Path) -> Path:
    path = tmp_path / "appeal.eml"
    path.write_bytes(make_email(PARAGRAPH, f"<html><body><p>HTML {PARAGRAPH}</p></body></html>"))
    return path


@dataclass(frozen=True)
class Samples:
    """The builders, for tests that make their own files (or damage them)."""

    paragraph: str = PARAGRAPH

    def pdf(self, pages: list[str], title: str | None = None, header: str | None = None) -> bytes:
        return make_pdf(pages, title, header)

    def docx(self) -> bytes:
        return make_docx()

    def email(self, plain: str | None, html: str | None = None, attachment: bool = True) -> bytes:
        return make_email(plain, html, attachment)


@pytest.fixture(scope="session")
def samples() -> Samples:
    return Samples()
