"""The pipeline: read -> clean -> extract -> resolve, one document at a time.

Stages only meet here; the CLI (and later the web application) drive this module and the
store, never a stage directly. A file that fails is reported and skipped, never fatal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casetrail.clean import clean_text
from casetrail.domain import Document, Extraction, RawDocument
from casetrail.extract import RuleExtractor
from casetrail.languages import detect_language
from casetrail.read import DEFAULT_MAX_BYTES, ReadError, iter_files, read_bytes, read_path
from casetrail.resolve import Resolver, mentions_from_extraction


@dataclass(slots=True)
class Processed:
    """One file's way through the pipeline: a document and its extraction, or an error."""

    path: Path
    document: Document | None = None
    extraction: Extraction | None = None
    error: str | None = None


def load_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and clean one file; raises ReadError with a reason a person can act on."""
    return _prepare(read_path(path, max_bytes))


def document_from_bytes(data: bytes, file_name: str, language: str | None = None) -> Document:
    """Read and clean content that is not in a file (an upload, a test's text)."""
    return _prepare(read_bytes(data, file_name, file_name), language)


def _prepare(raw: RawDocument, language: str | None = None) -> Document:
    clean = clean_text(raw.text)
    if not clean.text.strip():
        raise ReadError(raw.source, "no text left after cleaning")
    return Document(raw, clean, language or detect_language(clean.text))


def list_files(paths: Iterable[str | Path]) -> list[Path]:
    """The supported files under the given files and folders; raises ReadError for a path
    that does not exist."""
    return list(iter_files(paths))


def process(
    files: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES, extract: bool = True
) -> Iterator[Processed]:
    """Read, clean and (optionally) extract each file, yielding results as they come."""
    extractor = RuleExtractor()
    for path in files:
        try:
            document = load_document(path, max_bytes)
        except ReadError as error:
            yield Processed(path, error=error.reason)
            continue
        if not extract:
            yield Processed(path, document)
            continue
        try:
            extraction = extractor.extract(document)
        except Exception as error:
            yield Processed(
                path, document, error=f"extraction failed: {type(error).__name__}: {error}"
            )
            continue
        yield Processed(path, document, extraction)


def resolve(results: list[Processed]) -> None:
    """Give every extracted person an id that is the same across the documents of the run."""
    extracted = [r for r in results if r.extraction is not None and r.document is not None]
    mentions = [
        mention
        for r in extracted
        for mention in mentions_from_extraction(r.document.raw.sha256, r.extraction)
    ]
    ids = Resolver().resolve(mentions).ids
    for r in extracted:
        for person in r.extraction.persons:
            person.person_id = ids[(r.document.raw.sha256, person.key)]
