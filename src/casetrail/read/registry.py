"""The registered readers, and how a file's reader is chosen: by suffix, or by sniffing."""

from __future__ import annotations

import re
from pathlib import PurePath

from casetrail.read.base import Reader, ReadError
from casetrail.read.docx import DOCX
from casetrail.read.eml import EML
from casetrail.read.html import HTML
from casetrail.read.image import JPEG, PNG, TIFF
from casetrail.read.pdf import PDF
from casetrail.read.text import MARKDOWN, PLAIN_TEXT

_READERS: dict[str, Reader] = {}

# Signatures that only their format can carry: they win over any suffix.
_BINARY_SIGNATURES = (
    (".pdf", re.compile(rb"%PDF-")),
    (".docx", re.compile(rb"\APK\x03\x04")),
    (".png", re.compile(rb"\A\x89PNG\r\n\x1a\n")),
    (".jpg", re.compile(rb"\A\xff\xd8\xff")),
    (".tif", re.compile(rb"\A(?:II\*\x00|MM\x00\*)")),
)
_BINARY_SUFFIXES = frozenset(suffix for suffix, _ in _BINARY_SIGNATURES)
# Weaker signs, for files whose suffix is missing, unknown, or claims a binary format wrongly.
_TEXT_SIGNATURES = (
    (
        ".html",
        re.compile(
            rb"\A(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
            re.IGNORECASE | re.DOTALL,
        ),
    ),
    (
        ".eml",
        re.compile(
            rb"\A(?:from |(?:return-path|received|from|to|subject|date|message-id|mime-version"
            rb"|delivered-to):)",
            re.IGNORECASE,
        ),
    ),
)


def register(reader: Reader) -> None:
    """Make `reader` the reader for each of its suffixes (a later one replaces an earlier one)."""
    for suffix in reader.suffixes:
        _READERS[suffix.lower()] = reader


def supported_suffixes() -> frozenset[str]:
    return frozenset(_READERS)


def sniff(data: bytes) -> str | None:
    """The suffix of the format the content announces, if it announces one."""
    head = data[:1024]
    for suffix, signature in _BINARY_SIGNATURES:
        if signature.search(head):
            return suffix
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for suffix, signature in _TEXT_SIGNATURES:
        if signature.match(head):
            return suffix
    return None


def reader_for(file_name: str, data: bytes, *, plain_text_fallback: bool = True) -> Reader:
    """The reader for a file, by its suffix unless the content says otherwise.

    A PDF or zip signature wins over any suffix. A missing or unknown suffix, or a .pdf/.docx
    without its signature, goes by what the content looks like (HTML, e-mail); with no suffix
    and no sign, the file is read as plain text, unless `plain_text_fallback` is off (uploads:
    anything, a program included, would pass for text).
    """
    suffix = PurePath(file_name).suffix.lower()
    claimed = _READERS.get(suffix)
    sniffed = sniff(data)
    if sniffed in _READERS and (
        sniffed in _BINARY_SUFFIXES or claimed is None or suffix in _BINARY_SUFFIXES
    ):
        return _READERS[sniffed]
    if claimed is not None:
        return claimed
    if not suffix and plain_text_fallback:
        return _READERS[".txt"]
    supported = ", ".join(sorted(_READERS))
    what = (
        f"unsupported file type {suffix!r}"
        if suffix
        else "no file type: the name has no suffix and the content is not recognised"
    )
    raise ReadError(file_name, f"{what} (supported: {supported})")


for _reader in (PLAIN_TEXT, MARKDOWN, HTML, PDF, DOCX, EML, PNG, JPEG, TIFF):
    register(_reader)
