"""PDF: the text layer through pypdf; pages without one are rendered (pypdfium2) and OCR'd.

Pages are joined with PAGE_BREAK ("\\n\\f\\n"): the form feed on a line of its own tells the
cleaner where a page ends, so it can find running headers and footers and drop them. A page
whose text layer has fewer than MIN_TEXT_LETTERS letters (none, or a scanner's page stamp) is
a scan: its text is read by OCR (see `ocr`), the text layer kept when OCR finds nothing.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pypdfium2
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from casetrail.read.base import (
    PAGE_BREAK,
    ReaderResult,
    ReadError,
    failures_as_read_error,
    one_line,
)
from casetrail.read.ocr import (
    OcrSettings,
    PageText,
    check_page_count,
    join_pages,
    ocr_page,
    pdf_page_image,
)

__all__ = ["PAGE_BREAK", "PDF"]

MIN_TEXT_LETTERS = 20
_LETTER = re.compile(r"[^\W\d_]")
# A metadata title that is only the name of the file the PDF was made from says nothing.
_FILE_NAME_TITLE = re.compile(r"(^microsoft \w+ - )|(\.(docx?|odt|rtf|pdf|txt)$)", re.IGNORECASE)


def _decrypt(reader: PdfReader, name: str) -> None:
    """Open a PDF encrypted with an empty user password (only the owner's is set), else fail."""
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise ReadError(name, f"encrypted PDF: cannot decrypt ({exc})") from exc
    if opened == PasswordType.NOT_DECRYPTED:
        raise ReadError(name, "encrypted PDF: needs a password")


def _metadata(reader: PdfReader) -> tuple[str | None, dict[str, str]]:
    info = reader.metadata
    if info is None:
        return None, {}
    fields = {"author": info.author, "creator": info.creator, "producer": info.producer}
    metadata = {key: one_line(value) for key, value in fields.items() if value and value.strip()}
    title = one_line(info.title) if info.title else None
    if not title or _FILE_NAME_TITLE.search(title):
        title = None
    return title, metadata


@dataclass(frozen=True, slots=True)
class PdfTextReader:
    suffixes: frozenset[str] = frozenset({".pdf"})
    media_type: str = "application/pdf"

    def read(self, data: bytes, file_name: str) -> ReaderResult:
        if b"%PDF-" not in data[:1024]:
            raise ReadError(file_name, "not a PDF: no %PDF- header")
        if data.rfind(b"%%EOF") == -1:
            raise ReadError(file_name, "truncated PDF: no end-of-file marker")
        with failures_as_read_error(file_name, "corrupt PDF"):
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _decrypt(reader, file_name)
            pages = [page.extract_text() or "" for page in reader.pages]
            title, metadata = _metadata(reader)
        if not pages:
            raise ReadError(file_name, "PDF has no pages")
        scanned = [
            index
            for index, page in enumerate(pages)
            if len(_LETTER.findall(page)) < MIN_TEXT_LETTERS
        ]
        read: list[str | PageText] = list(pages)
        if scanned:
            read = _ocr(data, file_name, read, scanned)
            metadata["ocr_pages"] = ",".join(str(index + 1) for index in scanned)
        text, layer = join_pages(read)
        if not text.strip():
            raise ReadError(file_name, "no text layer, and OCR found no text")
        metadata["pages"] = str(len(pages))
        return ReaderResult(text, title, None, metadata, ocr=layer)


def _ocr(
    data: bytes, file_name: str, pages: list[str | PageText], scanned: list[int]
) -> list[str | PageText]:
    """The pages with those in `scanned` (indexes) read by OCR where it finds any text."""
    settings = OcrSettings.from_environment()
    check_page_count(file_name, len(scanned), settings)
    with failures_as_read_error(file_name, "PDF page not rendered"):
        pdf = pypdfium2.PdfDocument(data)
    try:
        for index in scanned:
            with failures_as_read_error(file_name, f"PDF page {index + 1} not rendered"):
                image = pdf_page_image(pdf, file_name, index)
            page = ocr_page(file_name, image, index + 1, settings)
            if page.words:
                pages[index] = page
    finally:
        pdf.close()
    return pages


PDF = PdfTextReader()
