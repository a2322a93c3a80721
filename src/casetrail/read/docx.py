"""Word .docx: body paragraphs and tables in document order, through python-docx.

Paragraphs are separated by a blank line, because in Word each one is a real paragraph, never
a line wrapped by layout; a table row is one line, its cells separated by CELL_SEPARATOR.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.document import Document as WordDocument
from docx.table import Table

from casetrail.read.base import ReaderResult, ReadError, failures_as_read_error, one_line

# A zip bomb: refuse an archive whose parts expand beyond this, before unpacking any.
MAX_EXPANDED_BYTES = 256 * 1024 * 1024
CELL_SEPARATOR = " | "


def _row_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            yield CELL_SEPARATOR.join(cells)


def _blocks(document: WordDocument) -> Iterator[str]:
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield "\n".join(_row_lines(block))
        else:
            yield block.text


def _check_archive(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError(name, "corrupt docx: not a zip archive") from exc
    with archive:
        if "word/document.xml" not in archive.namelist():
            raise ReadError(name, "not a Word document: no word/document.xml")
        expanded = sum(info.file_size for info in archive.infolist())
    if expanded > MAX_EXPANDED_BYTES:
        limit = f"{MAX_EXPANDED_BYTES:,} byte limit"
        raise ReadError(name, f"docx expands to {expanded:,} bytes, over the {limit} (zip bomb?)")


@dataclass(frozen=True, slots=True)
class DocxReader:
    suffixes: frozenset[str] = frozenset({".docx"})
    media_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def read(self, data: bytes, file_name: str) -> ReaderResult:
        with failures_as_read_error(file_name, "corrupt docx"):
            _check_archive(data, file_name)
            document = docx.Document(io.BytesIO(data))
            text = "\n\n".join(block for block in _blocks(document) if block.strip())
            properties = document.core_properties
            fields = {"author": properties.author, "subject": properties.subject}
            metadata = {key: one_line(value) for key, value in fields.items() if value}
            if properties.created:
                metadata["created"] = properties.created.isoformat()
            title = one_line(properties.title or "") or None
        return ReaderResult(text, title, None, metadata)


DOCX = DocxReader()
