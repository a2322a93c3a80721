"""The pipeline: read -> clean -> extract -> resolve, one document at a time, then store.

Stages only meet here and in `casetrail.resolution`; the CLI and the web application drive
these modules and the store, never a stage directly. A file that fails is reported and
skipped, never fatal. `ingest_documents` stores processed files (from `process`, or
`process_upload` for uploaded content) and resolves their persons with those stored, one
document at a time: `casetrail ingest` and the upload page. `process` runs in this process,
in worker processes, or on a Dask cluster (`casetrail.cluster`).
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, TypeVar

from casetrail.clean import OCR_STEPS, STEPS, clean_text
from casetrail.domain import Document, Extraction, Extractor, RawDocument
from casetrail.extract import Analysis, RuleExtractor
from casetrail.languages import detect_language
from casetrail.read import (
    DEFAULT_MAX_BYTES,
    ReadError,
    file_bytes,
    iter_files,
    read_bytes,
    read_path,
)
from casetrail.resolution import (
    NewResolution,
    PersonError,
    StoreResolution,
    resolve_document,
    resolve_new,
    resolve_store,
)
from casetrail.resolve import Resolver, mentions_from_extraction
from casetrail.store import ResolvingSession, Store, StoreError
from casetrail.store.reviews import FactRef


class ClusterError(Exception):
    """The Dask cluster cannot be used; the message says why in a line."""


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
    files: Iterable[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    extract: bool = True,
    workers: int = 1,
    cluster: str | None = None,
) -> Iterator[Processed]:
    """Read, clean and (optionally) extract each file, yielding results in the order of
    `files` as they come: in this process (`workers` 1), in `workers` processes, or as
    tasks of the Dask cluster whose scheduler is at `cluster` (tcp://HOST:8786)."""
    if cluster is not None:
        from casetrail.cluster import process_on_cluster  # dask is imported only for this

        yield from process_on_cluster(cluster, files, max_bytes, extract)
    elif workers > 1:
        from casetrail.workers import process_in_workers  # it builds on this module

        yield from process_in_workers(list(files), max_bytes, extract, workers)
    else:
        for path in files:
            yield process_file(path, max_bytes, extract)


TASKS_PER_WORKER = 4  # in flight: enough to keep a worker busy, few to hold in memory

_Item = TypeVar("_Item")


class Pending(Protocol):
    """A result on its way: a local future, a Dask future."""

    def result(self) -> Processed: ...


@dataclass(frozen=True, slots=True)
class Done:
    """A result known without a task (a file that could not be read)."""

    processed: Processed

    def result(self) -> Processed:
        return self.processed


def in_order(
    items: Iterable[_Item], submit: Callable[[_Item], Pending], window: int
) -> Iterator[Processed]:
    """The results of `submit(item)` for each item, in the order of the items, with at most
    `window` submitted and not yet yielded (memory stays bounded, whatever the count)."""
    pending: deque[Pending] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def process_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, extract: bool = True) -> Processed:
    """Read, clean and (optionally) extract one file: the work of one task."""
    try:
        data = file_bytes(path, max_bytes)
    except ReadError as error:
        return Processed(path, error=error.reason)
    return process_data(data, path, max_bytes, extract)


def process_data(
    data: bytes, path: Path, max_bytes: int = DEFAULT_MAX_BYTES, extract: bool = True
) -> Processed:
    """`process_file` for a file's content, read elsewhere (a task on a cluster's worker)."""
    try:
        document = _prepare(read_bytes(data, path.name, str(path), max_bytes))
    except ReadError as error:
        return Processed(path, error=error.reason)
    return extract_document(path, document) if extract else Processed(path, document)


@functools.cache
def _extractor() -> RuleExtractor:
    """One extractor per process: its models load on first use, once."""
    return RuleExtractor()


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
    return extract_document(Path(file_name), document)


_WARM_UP_LETTER = b"""Brussels, 4 May 2020

Dear Minister, we call for the release of the journalist Anna Berg, arrested on 2 May 2020.
"""


def warm_up() -> None:
    """Load the extraction models now, so that the first document a user sends is not the
    one that waits for them (several seconds). Not rigour's name tables (6-7 s of CPU that
    hold the interpreter): the server loads those before it answers anybody
    (`resolve.load_name_symbols`)."""
    process_upload(_WARM_UP_LETTER, "warm-up.txt")


def extract_document(path: Path, document: Document, entities: Analysis | None = None) -> Processed:
    """Extract a read document (`entities`: its `extract.recognise`, if made already)."""
    try:
        extraction = _extractor().extract(document, entities)
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
    open_pairs: int = 0  # new pairs of persons left for review (`casetrail review`)
    resolution_error: str | None = None  # why persons were not resolved (documents stay)

    def count(self, status: IngestStatus) -> int:
        return sum(outcome.status == status for outcome in self.files)


def ingest_documents(
    store: Store,
    processed: Iterable[Processed],
    on_file: Callable[[Ingested], None] | None = None,
) -> IngestReport:
    """Store each processed file (the same content once, by SHA-256) with its persons
    resolved, in one transaction (`resolution.resolve_document`), so that a stopped run
    leaves every stored document with its persons; `on_file` hears of each file as it is
    done. Documents an earlier run stored and did not resolve are resolved first. When
    resolution fails, documents are stored without it and the error is reported."""
    files: list[Ingested] = []
    done: list[NewResolution] = []
    error: str | None = None
    try:
        done.append(resolve_new(store))
    except (StoreError, PersonError) as failure:
        error = str(failure)

    def resolve(session: ResolvingSession, document_id: int) -> None:
        done.append(resolve_document(session, document_id))

    for result in processed:
        try:
            outcome = _store_processed(store, result, resolve if error is None else None)
        except PersonError as failure:
            error = str(failure)
            outcome = _store_processed(store, result, None)
        files.append(outcome)
        if on_file is not None:
            on_file(outcome)
    pairs = frozenset().union(*(each.open_pairs for each in done))
    return IngestReport(files, len(pairs), error)


def _store_processed(
    store: Store, result: Processed, resolve: Callable[[ResolvingSession, int], None] | None
) -> Ingested:
    if result.document is None:
        return Ingested(result.path, "failed", reason=result.error or "not read")
    try:
        added = store.add_document(result.document, result.extraction, resolve)
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
