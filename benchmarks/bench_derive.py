"""Status and alerts from stored facts on a large synthetic case database.

    .venv/bin/python -m benchmarks.bench_derive [--documents 10000] [--persons 200] [--db URL]

Generates letters about fictional prisoners (each naming 3-5 persons of concern from a shared
pool, with arrests, sentences, releases and deaths, 2-4 advocates and a release demand) and
stores them in bulk with the store's own row conversions (100,000 take a few minutes). Then,
for a random sample of persons: the latency of one person's status and of one person's
alerts, and the time to list everyone's status, beside a reference measured in the same run:
a plain sqlite3 SELECT of the same events. Prints p50/p95 latencies; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import create_engine, insert

from benchmarks.timing import timed
from casetrail.derive import alerts, person_alerts, statuses
from casetrail.domain import (
    CleanText,
    Demand,
    Document,
    Event,
    Evidence,
    Extraction,
    Extractor,
    Mention,
    OffsetMap,
    PartialDate,
    PersonRecord,
    RawDocument,
    Span,
)
from casetrail.store import Store, read_model, rows
from casetrail.store.schema import (
    Base,
    DemandRow,
    DemandTargetRow,
    DocumentRow,
    EventRow,
    MentionRow,
    PersonRecordRow,
    PersonRow,
)
from casetrail.store.search import SEARCH_BACKENDS

GIVEN = ["Ilsa", "Bruno", "Mira", "Oleg", "Tanja", "Aurel", "Nadia", "Kasimir", "Vera", "Emil"]
FAMILY = ["Koval", "Strand", "Ibarra", "Lindqvist", "Moreau", "Petrak", "Quist", "Ravel", "Sorin"]
EXTRACTOR = Extractor("bench-extractor", "1.0")
AS_OF = date(2025, 1, 1)
_BATCH = 1000  # letters per transaction
# The events a letter reports about a person, with the months they lie before its date.
STORIES = [
    [("arrested", 14), ("sentenced", 8), ("imprisoned", None)],
    [("arrested", 3), ("charged", 2)],
    [("house_arrest", 5)],
    [("sentenced", 30), ("released", 1)],
    [("arrested", 20), ("ill_treated", 6), ("died", 1)],
    [("imprisoned", None)],
]
SELECT_EVENTS = """
SELECT e.id, e.type, e.date, e.date_from_document, e.detail, e.span_start, e.span_end, e.quote,
       r.person_id, d.id, d.title, d.date
FROM events e JOIN person_records r ON r.id = e.record_id JOIN documents d ON d.id = r.document_id
"""


class _Text:
    """A text written piece by piece, with the evidence of each piece."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, piece: str) -> Evidence:
        start = len(self.text)
        self.text += piece + " "
        return Evidence(Span(start, start + len(piece)), piece, EXTRACTOR)


def _months_before(day: date, months: int) -> PartialDate:
    index = day.year * 12 + day.month - 1 - months
    return PartialDate(index // 12, index % 12 + 1)


def _name(number: int) -> str:
    return f"{GIVEN[number % len(GIVEN)]} {FAMILY[number // len(GIVEN) % len(FAMILY)]} {number}"


def letter(number: int, rng: random.Random, prisoners: int) -> tuple[Document, Extraction]:
    """One synthetic letter; persons of concern come from a pool of `prisoners`."""
    text = _Text()
    written = date(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28))
    dated = text.add(f"Letter {number}, {written.isoformat()}.")
    records = []
    # A skewed choice: some prisoners are named in many letters, most in few.
    concerned = {int(prisoners * rng.random() ** 2) for _ in range(rng.randint(3, 5))}
    for key, person in enumerate(sorted(concerned)):
        name = _name(person)
        events = []
        for type_, months in rng.choice(STORIES):
            when = None if months is None else _months_before(written, months)
            events.append(Event(type_, when, type_, text.add(f"{name} {type_}.")))
        records.append(
            PersonRecord(
                f"c{key}",
                name,
                "concern",
                [Mention(name, text.add(name))],
                events=events,
                person_id=f"prisoner-{person}",
            )
        )
    for key in range(rng.randint(2, 4)):
        advocate = rng.randrange(500)
        name = f"Advocate {advocate}"
        records.append(
            PersonRecord(
                f"a{key}",
                name,
                "advocate",
                [Mention(name, text.add(name))],
                descriptors=["MEP", "S&D"],
                person_id=f"advocate-{advocate}",
            )
        )
    concern_keys = [r.key for r in records if r.role == "concern"]
    demand = Demand("release", concern_keys, text.add("We call for their release."))
    raw = RawDocument(
        source=f"bench/{number}.txt",
        file_name=f"{number}.txt",
        media_type="text/plain",
        sha256=hashlib.sha256(f"{number}:{text.text}".encode()).hexdigest(),
        size=len(text.text),
        text=text.text,
        title=f"Letter {number}",
    )
    size = len(text.text)
    document = Document(raw, CleanText(text.text, OffsetMap([0], [0], size, size)), "en")
    extraction = Extraction(
        date=PartialDate(written.year, written.month, written.day),
        kind="letter",
        language="en",
        extractor=EXTRACTOR,
        persons=records,
        demands=[demand],
        date_evidence=dated,
    )
    return document, extraction


def fill(
    url: str, documents: int, seed: int, persons: int | None = None, searchable: bool = False
) -> None:
    """Store the letters in bulk: the store's own row conversions, 1,000 letters a transaction
    (one by one through `Store.add_document`, 100,000 would take a quarter of an hour).

    The letters name persons of concern from a pool of `persons` (a fifth of `documents` by
    default); `searchable` also feeds them to the store's full-text search backend.
    """
    rng = random.Random(seed)
    prisoners = persons or max(documents // 5, 10)
    engine = create_engine(url)
    search = SEARCH_BACKENDS[engine.dialect.name]
    known: set[str] = set()
    record_id = demand_id = 0
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Storing synthetic letters", total=documents)
        for first in range(0, documents, _BATCH):
            table_rows: dict[type[Base], list[dict[str, Any]]] = defaultdict(list)
            name_keys: list[dict[str, Any]] = []
            for number in range(first, min(first + _BATCH, documents)):
                document, extraction = letter(number, rng, prisoners)
                values = rows.document_values(document) | rows.extraction_values(extraction)
                table_rows[DocumentRow].append({"id": number + 1, **values})
                keys = {}
                for record in extraction.persons:
                    record_id += 1
                    keys[record.key] = record_id
                    values = rows.record_values(record, number + 1, extraction.extractor)
                    table_rows[PersonRecordRow].append({"id": record_id, **values})
                    table_rows[MentionRow] += [
                        rows.mention_values(m, record_id) for m in record.mentions
                    ]
                    name_keys += rows.name_key_values(record, record_id)
                    table_rows[EventRow] += [rows.event_values(e, record_id) for e in record.events]
                    if record.person_id not in known:
                        known.add(record.person_id or "")
                        table_rows[PersonRow].append({"id": record.person_id, "name": record.name})
                for demand in extraction.demands:
                    demand_id += 1
                    values = rows.demand_values(demand, number + 1)
                    table_rows[DemandRow].append({"id": demand_id, **values})
                    table_rows[DemandTargetRow] += rows.target_values(demand, demand_id, keys)
            with engine.begin() as connection:
                for model in (
                    PersonRow,
                    DocumentRow,
                    PersonRecordRow,
                    MentionRow,
                    EventRow,
                    DemandRow,
                    DemandTargetRow,
                ):
                    if table_rows[model]:
                        connection.execute(insert(model.__table__), table_rows[model])
                rows.save_name_keys(connection, name_keys)
                if searchable:
                    for row in table_rows[DocumentRow]:
                        search.index(connection, row["id"], row["title"], row["clean_text"])
            progress.advance(task, len(table_rows[DocumentRow]))
    engine.dispose()


def build_database(
    url: str,
    documents: int,
    persons: int | None = None,
    seed: int = 7,
    searchable: bool = False,
) -> float | None:
    """Create the schema at `url` and `fill` it unless it holds documents already; the seconds
    filling took, or None when the database was left as it was."""
    with Store.open(url) as store:  # creates the schema
        if store.stats()["documents"]:
            return None
    started = time.perf_counter()
    fill(url, documents, seed, persons, searchable)
    return time.perf_counter() - started


def _ms(durations: list[float]) -> tuple[str, str, str]:
    """p50, p95 and the maximum, in milliseconds."""
    percentiles = statistics.quantiles(durations, n=100) if len(durations) > 1 else durations * 99
    return tuple(
        f"{value * 1000:.2f}" for value in (percentiles[49], percentiles[94], max(durations))
    )


def measure(url: str, database: Path, sample: int, seed: int) -> Table:
    with Store.open(url) as store:
        stats = store.stats()
        everyone = read_model.concern_ids(store)
        persons = random.Random(seed).sample(everyone, min(sample, len(everyone)))
        status_times = timed([lambda p=p: statuses(store, AS_OF, [p]) for p in persons])
        alert_times = timed([lambda p=p: person_alerts(store, [p], AS_OF) for p in persons])
        [listing] = timed([lambda: statuses(store, AS_OF)])
        [all_alerts] = timed([lambda: alerts(store, AS_OF)])

    reference = sqlite3.connect(database)
    one = SELECT_EVENTS + " WHERE r.person_id = ?"
    select_times = timed([lambda p=p: reference.execute(one, (p,)).fetchall() for p in persons])
    everything = SELECT_EVENTS + " WHERE r.role = 'concern'"
    [select_all] = timed([lambda: reference.execute(everything).fetchall()])
    reference.close()

    table = Table(
        title=f"{stats['documents']:,} documents, {stats['events']:,} events, "
        f"{len(everyone):,} persons of concern; {len(persons)} sampled"
    )
    for column in ("", "per person p50 ms", "p95 ms", "max ms", "everyone s"):
        table.add_column(column, justify="left" if not column else "right")
    table.add_row("status as of a date", *_ms(status_times), f"{listing:.2f}")
    table.add_row("alerts (timeline, conflicts, demands)", *_ms(alert_times), f"{all_alerts:.2f}")
    table.add_row(
        "reference: sqlite3 SELECT of the events", *_ms(select_times), f"{select_all:.2f}"
    )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--persons", type=int, default=200, help="persons sampled for latency")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="a SQLite file to keep (filled if it is empty)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="casetrail-bench-") as folder:
        database = Path(args.db or Path(folder, "derive.db"))
        url = f"sqlite:///{database}"
        took = build_database(url, args.documents, seed=args.seed)
        if took is not None:
            print(f"stored {args.documents:,} documents in {took:.0f} s")
        Console().print(measure(url, database, args.persons, args.seed))


if __name__ == "__main__":
    main()
