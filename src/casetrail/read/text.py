"""Plain text and Markdown: the decoded file is the original text."""

from __future__ import annotations

from dataclasses import dataclass

from casetrail.read.base import ReaderResult, failures_as_read_error
from casetrail.read.encoding import decode_text


@dataclass(frozen=True, slots=True)
class TextReader:
    suffixes: frozenset[str]
    media_type: str

    def read(self, data: bytes, file_name: str) -> ReaderResult:
        with failures_as_read_error(file_name, "unreadable text"):
            text, encoding = decode_text(data, file_name)
        return ReaderResult(text=text, encoding=encoding)


PLAIN_TEXT = TextReader(frozenset({".txt"}), "text/plain")
MARKDOWN = TextReader(frozenset({".md"}), "text/markdown")
