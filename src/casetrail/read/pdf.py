"""PDF: the text layer through pypdf.

Pages are joined with PAGE_BREAK ("\\n\\f\\n"): the form feed on a line of its own tells the
cleaner where a page ends, so it can find running headers and footers and drop them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from casetrail.read.base import ReaderResult, ReadError, failures_as_read_error, one_line

PAGE_BREAK = "\n\f\n"
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
        if not any(page.strip() for page in pages):
            raise ReadError(file_name, "no text layer (scanned PDF?)")
        metadata["pages"] = str(len(pages))
        return ReaderResult(PAGE_BREAK.join(pages), title, None, metadata)


PDF = PdfTextReader()
