"""Adding one document to a database of 1k, 10k and 100k documents: the time to store it
and resolve its persons (incremental resolution), beside the time to store it alone.

    .venv/bin/python -m benchmarks.bench_incremental [--sizes 1000 10000 100000] [--sample 30]
        [--folder DIR]

One SQLite database grows through the sizes; at each, `--sample` new documents are added
one at a time (each with a person the database does not know yet, so that its keys are
looked up, and persons it knows). The database is built in bulk: generated documents
(bench_store's, fictional persons of a pool of names) stored with their person ids and
resolution keys set as resolution would set them, the first 10k one by one, the rest as
copies of those in bulk (SQL), which is how it stays bounded (100k: ~3 minutes). With
`--folder` the database as built at each size is kept there (`scale-SIZE.db`) and reused by
the next run, measured on a copy. Prints the median and 95th percentile per document, and the
median CPU time of this process (what a document needs, whatever the machine's load);
asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import shutil
import sqlite3
import statistics
import tempfile
from contextlib import closing
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from benchmarks.bench_store import generate
from benchmarks.timing import timed_with_cpu
from casetrail import resolution
from casetrail.domain import Document, Extraction, PersonRecord
from casetrail.resolve import ResolvableMention, name_keys, slugify
from casetrail.store import Store
from casetrail.store.schema import DocumentRow, PersonRecordRow

_BATCH = 1000  # generated documents at a time, so memory stays bounded
_GENERATED = 10_000  # documents generated and stored one by one; more are copies


def _resolved_like(extraction: Extraction) -> Extraction:
    """The extraction with the ids resolution gives the pool's persons (one per name)."""
    persons = [dataclasses.replace(p, person_id=slugify(p.name)) for p in extraction.persons]
    return dataclasses.replace(extraction, persons=persons)


def grow(store: Store, start: int, stop: int, names: set[str]) -> None:
    """Store generated documents start..stop-1 as if each had been resolved: the first
    `_GENERATED` one by one, the rest as copies of those (SQL, in bulk)."""
    for first in range(start, min(stop, _GENERATED), _BATCH):
        for document, extraction in generate(min(_BATCH, stop - first), seed=first):
            raw = dataclasses.replace(document.raw, sha256=f"{first}-{document.raw.sha256}"[:64])
            store.add_document(dataclasses.replace(document, raw=raw), _resolved_like(extraction))
            names.update(p.name for p in extraction.persons)
    # Keys and folded names, as resolution stores them: one statement per name of the pool.
    found = {name: name_keys(ResolvableMention(ref=0, name=name)) for name in names}
    with store.resolving() as session:
        session.save({}, {}, {keys.name: keys.keys for keys in found.values()})
    with store._transaction() as session:
        for name, keys in found.items():
            session.execute(
                update(PersonRecordRow)
                .where(PersonRecordRow.name == name, PersonRecordRow.name_key.is_(None))
                .values(name_key=keys.name)
            )
        while (held := session.scalar(select(func.count()).select_from(DocumentRow))) < stop:
            _copy(session, min(held, stop - held))


def _copy(session: Session, count: int) -> None:
    """Copies of the first `count` documents and their person records (resolved as they
    are): what a database of more letters about the same persons holds."""
    documents, records = DocumentRow.__table__, PersonRecordRow.__table__
    offset = session.scalar(select(func.max(documents.c.id)))
    record_offset = session.scalar(select(func.max(records.c.id)))
    copied = [
        (documents.c.id + offset).label("id") if column.name == "id" else
        (documents.c.sha256 + f"-{offset}").label("sha256") if column.name == "sha256" else
        column
        for column in documents.c
    ]  # fmt: skip
    session.execute(
        insert(documents).from_select(
            [column.name for column in documents.c],
            select(*copied).where(documents.c.id <= count),
        )
    )
    copied = [
        (records.c.id + record_offset).label("id") if column.name == "id" else
        (records.c.document_id + offset).label("document_id") if column.name == "document_id" else
        column
        for column in records.c
    ]  # fmt: skip
    session.execute(
        insert(records).from_select(
            [column.name for column in records.c],
            select(*copied).where(records.c.document_id <= count),
        )
    )


def new_documents(size: int, count: int) -> list[tuple[Document, Extraction]]:
    """Documents to add: the pool's persons and one new person each."""
    found = []
    for number, (document, extraction) in enumerate(generate(count, seed=10_000_000 + size)):
        newcomer = PersonRecord("new", coined_name(number, size), "concern")
        extraction = dataclasses.replace(extraction, persons=[*extraction.persons, newcomer])
        raw = dataclasses.replace(document.raw, sha256=f"new-{size}-{number}")
        found.append((dataclasses.replace(document, raw=raw), extraction))
    return found


_SYLLABLES = [
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "ha",
    "je",
    "ki",
    "lo",
    "mu",
    "na",
    "pe",
    "ri",
    "so",
    "tu",
    "va",
    "we",
    "xi",
    "yo",
    "zu",
]


def coined_name(*seed: int) -> str:
    """A fictional name of its own for each seed ("Xiceje Mumudi"): names differing only in
    digits ("Ilsa Novakova1", "Ilsa Novakova2") would be one person, who would gather every
    newcomer's spelling, so that each document would join them rather than come new."""
    digest = hashlib.sha256(repr(seed).encode()).digest()
    given, family = (
        "".join(_SYLLABLES[byte % len(_SYLLABLES)] for byte in part).capitalize()
        for part in (digest[:3], digest[3:6])
    )
    return f"{given} {family}"


def _ms(durations: list[float]) -> tuple[str, str]:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return _p50(ordered), f"{p95 * 1000:.1f}"


def _p50(durations: list[float]) -> str:
    return f"{statistics.median(durations) * 1000:.1f}"


def measure(store: Store, size: int, sample: int) -> tuple[str, ...]:
    """Add `sample` documents alone, then `sample` with their persons resolved: the p50 and
    p95 of each, and the p50 of the CPU time."""
    for warm_up in new_documents(-size, 3):  # after a bulk copy: checkpoints, caches
        store.add_document(*warm_up, resolution.resolve_document)
    plain = new_documents(size, sample)
    resolved = new_documents(size + 1, sample)
    alone, alone_cpu = timed_with_cpu([lambda d=d: store.add_document(*d) for d in plain])
    with_persons, with_persons_cpu = timed_with_cpu(
        [lambda d=d: store.add_document(*d, resolution.resolve_document) for d in resolved]
    )
    resolution.resolve_new(store)  # the documents stored alone
    return (*_ms(alone), _p50(alone_cpu), *_ms(with_persons), _p50(with_persons_cpu))


def stored_names(store: Store) -> set[str]:
    """The names of the stored person records (what `grow` gives keys to)."""
    with store.reading() as connection:
        return set(connection.scalars(select(PersonRecordRow.name).distinct()))


def _keep(scale: Path, kept: Path) -> None:
    """A copy of the database as it is (SQLite's backup: its WAL included), for the next run."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(scale)) as source, closing(sqlite3.connect(kept)) as copy:
        source.backup(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--folder", type=Path, help="keep (and reuse) the databases here")
    args = parser.parse_args()
    table = Table(title="Adding one document (SQLite), milliseconds per document")
    columns = ("store only p50", "p95", "CPU p50", "store + resolve p50", "p95", "CPU p50")
    for column in ("documents stored", *columns):
        table.add_column(column, justify="right")
    names: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        scale = Path(tmp) / "scale.db"
        stored = 0
        for size in sorted(args.sizes):
            kept = args.folder / f"scale-{size}.db" if args.folder else None
            if kept and kept.exists():
                for leftover in Path(tmp).iterdir():  # the database and its WAL files
                    leftover.unlink()
                shutil.copyfile(kept, scale)
            with Store.open(f"sqlite:///{scale}") as store:
                if kept and kept.exists():
                    names = stored_names(store)
                else:
                    grow(store, stored, size, names)
                    if kept:
                        _keep(scale, kept)
                stored = size
                table.add_row(f"{size:,}", *measure(store, size, args.sample))
            print(f"measured at {size:,} documents", flush=True)
    Console().print(table)


if __name__ == "__main__":
    main()
