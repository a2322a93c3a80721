"""The reader interface: what every format reader provides, returns and raises."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from casetrail.domain import OcrLayer

# Between the pages of a paged document (PDF, scan): the form feed on a line of its own tells
# the cleaner where a page ends, so it can find running headers and footers and drop them.
PAGE_BREAK = "\n\f\n"


class ReadError(Exception):
    """A file that cannot be read, with a reason a person can act on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(slots=True)
class ReaderResult:
    """What a reader extracted from one file's bytes."""

    text: str
    title: str | None = None
    encoding: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    ocr: OcrLayer | None = None  # where the text was read by OCR


class Reader(Protocol):
    """A format reader. `read` must raise ReadError, and only ReadError, on any failure."""

    @property
    def suffixes(self) -> frozenset[str]: ...

    @property
    def media_type(self) -> str: ...

    def read(self, data: bytes, file_name: str) -> ReaderResult: ...


def one_line(text: str, limit: int = 200) -> str:
    """Whitespace collapsed to single spaces and cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextmanager
def failures_as_read_error(path: str, what: str) -> Iterator[None]:
    """Turn any exception a library raises into a ReadError: "<what>: <its message>"."""
    try:
        yield
    except ReadError:
        raise
    except Exception as exc:  # libraries raise anything on damaged input; never let it escape
        detail = one_line(str(exc)) or type(exc).__name__
        raise ReadError(path, f"{what}: {detail}") from exc
