"""The pipeline: read -> clean -> extract -> resolve, one document at a time, then store.

Stages only meet here and in `casetrail.resolution`; the CLI and the web application drive
these modules and the store, never a stage directly. A file that fails is reported and
skipped, never fatal. `ingest_documents` stores processed files (from `process`, or
`process_upload` for uploaded content) and resolves their persons with those stored:
`casetrail ingest` and the upload page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from casetrail.clean import OCR_STEPS, STEPS, clean_text
from casetrail.domain import Document, Extraction, Extractor, RawDocument
from casetrail.extract import RuleExtractor
from casetrail.languages import detect_language
from casetrail.read import DEFAULT_MAX_BYTES, ReadError, iter_files, read_bytes, read_path
from casetrail.resolution import PersonError, StoreResolution, resolve_store
from casetrail.resolve import Resolver, mentions_from_extraction
from casetrail.store import Store, StoreError
from casetrail.store.reviews import FactRef


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


def document_from_bytes(
    data: bytes,
    file_name: str,
    language: str | None = None,
    *,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    plain_text_fallback: bool = True,
) -> Document:
    """Read and clean content that is not in a file (an upload, a test's text); `source`
    (default: the file name) says where it came from; `plain_text_fallback` as `reader_for`'s."""
    raw = read_bytes(
        data, file_name, source or file_name, max_bytes, plain_text_fallback=plain_text_fallback
    )
    return _prepare(raw, language)


def _prepare(raw: RawDocument, language: str | None = None) -> Document:
    clean = clean_text(raw.text, OCR_STEPS if raw.ocr else STEPS)
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
        yield _extracted(extractor, path, document) if extract else Processed(path, document)


def process_upload(data: bytes, file_name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Processed:
    """Read, clean and extract uploaded content as `process` does a file; the document's
    source is `upload:FILE_NAME`."""
    try:
        document = document_from_bytes(
            data,
            file_name,
            source=f"upload:{file_name}",
            max_bytes=max_bytes,
            plain_text_fallback=False,  # an upload names its type, or its content does
        )
    except ReadError as error:
        return Processed(Path(file_name), error=error.reason)
    return _extracted(RuleExtractor(), Path(file_name), document)


_WARM_UP_LETTER = b"""Brussels, 4 May 2020

Dear Minister, we call for the release of the journalist Anna Berg, arrested on 2 May 2020.
"""


def warm_up() -> None:
    """Load the extraction models now, so that the first document a user sends is not the
    one that waits for them (several seconds)."""
    process_upload(_WARM_UP_LETTER, "warm-up.txt")


def _extracted(extractor: RuleExtractor, path: Path, document: Document) -> Processed:
    try:
        extraction = extractor.extract(document)
    except Exception as error:
        return Processed(
            path, document, error=f"extraction failed: {type(error).__name__}: {error}"
        )
    return Processed(path, document, extraction)


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


# Ingest: processed files into the store, then their persons resolved with those stored.

IngestStatus = Literal["stored", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class Ingested:
    """What ingest did with one file: stored (new, or its facts replaced by a newer
    extractor's), unchanged (stored already as it is), or failed, with the reason; a document
    whose extraction failed is stored without facts, so it has an id."""

    path: Path
    status: IngestStatus
    document_id: int | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class IngestReport:
    files: list[Ingested]
    resolution: StoreResolution | None  # None when nothing was stored, or resolution failed
    resolution_error: str | None = None  # why the persons were not resolved (documents stay)

    def count(self, status: IngestStatus) -> int:
        return sum(outcome.status == status for outcome in self.files)


def ingest_documents(
    store: Store,
    processed: Iterable[Processed],
    on_file: Callable[[Ingested], None] | None = None,
) -> IngestReport:
    """Store each processed file (the same content once, by SHA-256; `on_file` hears of each
    as it is done), then, when anything was stored, resolve the persons of the database
    together, so that a person keeps their id and every judgement made in review holds."""
    files = []
    for result in processed:
        outcome = _store_processed(store, result)
        files.append(outcome)
        if on_file is not None:
            on_file(outcome)
    if not any(outcome.status == "stored" for outcome in files):
        return IngestReport(files, None)
    try:
        return IngestReport(files, resolve_store(store))
    except (StoreError, PersonError) as error:
        return IngestReport(files, None, str(error))


def _store_processed(store: Store, result: Processed) -> Ingested:
    if result.document is None:
        return Ingested(result.path, "failed", reason=result.error or "not read")
    try:
        added = store.add_document(result.document, result.extraction)
    except StoreError as error:
        return Ingested(result.path, "failed", reason=f"not stored: {error}")
    if result.error:
        kept = "; the text is stored without facts" if added.created else ""
        return Ingested(result.path, "failed", added.document_id, result.error + kept)
    changed = added.created or added.replaced_extraction
    return Ingested(result.path, "stored" if changed else "unchanged", added.document_id)


# Re-extraction: the current extractor over every stored document (after an upgrade).

# The extractor of facts a person added by hand (`casetrail.facts`): never re-extracted.
MANUAL = Extractor("manual", "1")


@dataclass(frozen=True, slots=True)
class Reextracted:
    """What re-extraction did with one stored document."""

    document_id: int
    error: str | None = None  # why its facts were left as they were
    # Reviewed facts the new extraction no longer finds: kept, to be looked at again.
    unmatched_reviews: tuple[FactRef, ...] = ()


@dataclass(frozen=True, slots=True)
class ReextractReport:
    documents: list[Reextracted]
    resolution: StoreResolution | None
    resolution_error: str | None = None

    @property
    def unmatched_reviews(self) -> list[FactRef]:
        return [ref for done in self.documents for ref in done.unmatched_reviews]


def reextract(
    store: Store, on_document: Callable[[Reextracted], None] | None = None
) -> ReextractReport:
    """Run the current extractor over every stored document and replace its facts, keeping
    every reviewed event (see `Store.add_document`); notes written by hand are not extracted.
    Then resolve the persons again, as ingest does."""
    extractor = RuleExtractor()
    done = []
    for summary in store.documents():
        stored = store.document(summary.id)
        if stored is None or (stored.extraction and stored.extraction.extractor == MANUAL):
            continue
        try:
            extraction = extractor.extract(stored.document)
            added = store.add_document(stored.document, extraction, replace=True)
            outcome = Reextracted(summary.id, unmatched_reviews=added.unmatched_reviews)
        except StoreError as error:
            outcome = Reextracted(summary.id, f"not stored: {error}")
        except Exception as error:  # an extractor bug must not stop the other documents
            outcome = Reextracted(summary.id, f"extraction failed: {type(error).__name__}: {error}")
        done.append(outcome)
        if on_document is not None:
            on_document(outcome)
    try:
        return ReextractReport(done, resolve_store(store))
    except (StoreError, PersonError) as error:
        return ReextractReport(done, None, str(error))
