"""Finding files and reading them into RawDocuments."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from casetrail.domain import RawDocument
from casetrail.read.base import ReadError, failures_as_read_error, one_line
from casetrail.read.registry import reader_for, supported_suffixes

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[#*_>|`\[\]]+")
_LETTER = re.compile(r"[^\W\d_]")
MIN_TITLE_LETTERS = 8
TITLE_SEARCH_LINES = 50


def _human_size(size: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _check_size(path: str, size: int, max_bytes: int) -> None:
    if size == 0:
        raise ReadError(path, "empty file")
    if size > max_bytes:
        limit = _human_size(max_bytes)
        raise ReadError(path, f"file is {_human_size(size)}, over the {limit} limit")


def first_meaningful_line(text: str) -> str | None:
    """The first line with some words in it, without Markdown marks: a title of last resort."""
    for line in text[:20_000].splitlines()[:TITLE_SEARCH_LINES]:
        candidate = one_line(_MARKS.sub(" ", _LINK.sub(r"\1", line))).strip(" -–•")
        if len(_LETTER.findall(candidate)) >= MIN_TITLE_LETTERS:
            return candidate
    return None


def read_bytes(
    data: bytes,
    file_name: str,
    source: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    plain_text_fallback: bool = True,
) -> RawDocument:
    """Read one document from its bytes; `source` is the path or address it came from;
    `plain_text_fallback` as `reader_for`'s."""
    _check_size(source, len(data), max_bytes)
    try:
        with failures_as_read_error(source, "reader failed"):
            reader = reader_for(file_name, data, plain_text_fallback=plain_text_fallback)
            result = reader.read(data, file_name)
    except ReadError as err:
        raise ReadError(source, err.reason) from err
    if not result.text.strip():
        raise ReadError(source, "no text found")
    return RawDocument(
        source=source,
        file_name=file_name,
        media_type=reader.media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        text=result.text,
        title=result.title or first_meaningful_line(result.text),
        encoding=result.encoding,
        metadata=result.metadata,
        content=data,
        ocr=result.ocr,
    )


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one document from a file."""
    path = Path(path)
    return read_bytes(file_bytes(path, max_bytes), path.name, str(path), max_bytes)


def file_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's content, for `read_bytes` here or on another machine; raises ReadError
    (no such file, a folder, empty, over the limit)."""
    path = Path(path)
    source = str(path)
    try:
        if path.is_dir():
            raise ReadError(source, "is a folder, not a file")
        size = path.stat().st_size
        _check_size(source, size, max_bytes)
        with path.open("rb") as file:
            data = file.read(size + 1)  # not max_bytes: read(n) allocates n bytes up front
            if len(data) > size:  # still growing: read on, but never past the limit
                data += file.read(max_bytes + 1 - len(data))
    except FileNotFoundError as exc:
        raise ReadError(source, "no such file") from exc
    except OSError as exc:
        raise ReadError(source, exc.strerror or str(exc)) from exc
    return data


def _walk(folder: Path) -> Iterator[Path]:
    suffixes = supported_suffixes()
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes:
                yield Path(root, name)


def _files(roots: list[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        for path in sorted(_walk(root)) if root.is_dir() else [root]:
            if path not in seen:
                seen.add(path)
                yield path


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to read: named files as given, folders searched for supported files, sorted.

    A missing path raises ReadError at once, before any file is yielded.
    """
    roots = [Path(path) for path in paths]
    for root in roots:
        if not root.exists():
            raise ReadError(str(root), "no such file or folder")
    return _files(roots)
