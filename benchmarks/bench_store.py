"""Store throughput: casetrail's SQLite store beside plain sqlite3 on bare tables.

    .venv/bin/python -m benchmarks.bench_store [--documents 2000] [--queries 200]

Both get the same generated documents with their facts (fictional persons), one transaction
per document with the same journal settings, in the same run. The store also maintains its
indexes and full-text search; the reference searches with LIKE. Prints documents/s, search
latency p50/p95 and database size; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import statistics
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.timing import timed
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
    Organisation,
    PartialDate,
    PersonRecord,
    RawDocument,
    Span,
)
from casetrail.store import Store

GIVEN = ["Ilsa", "Bruno", "Mira", "Oleg", "Tanja", "Aurel", "Nadia", "Kasimir", "Vera", "Emil"]
FAMILY = ["Koval", "Strand", "Ibarra", "Lindqvist", "Moreau", "Petrak", "Quist", "Ravel", "Sorin"]
NOUNS = ["journalist", "blogger", "lawyer", "trade unionist", "human rights defender"]
CITIES = ["Dornhall", "Vessel", "Ostrava Nova", "Kelmar", "Brisk"]
FILLER = [
    "Independent media have been closed and peaceful protesters fined.",
    "The authorities have not answered earlier letters on these cases.",
    "Observers were refused access to the courtroom.",
]
EXTRACTOR = Extractor("bench-extractor", "1.0")


class _Writer:
    """Builds a text sentence by sentence and the evidence of the parts it marks."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, *parts: str) -> list[Evidence]:
        """Append a sentence made of `parts`; the evidence of each odd-numbered part."""
        start = len(self.text)
        found = []
        for index, part in enumerate(parts):
            if index % 2:
                span = Span(len(self.text), len(self.text) + len(part))
                found.append(Evidence(span, part, EXTRACTOR, None))
            self.text += part
        self.text += " "
        sentence = Span(start, len(self.text) - 1)
        return [Evidence(e.span, e.quote, e.extractor, sentence) for e in found]


def generate(count: int, seed: int = 11) -> list[tuple[Document, Extraction]]:
    """Documents of 8-20 sentences about 3-5 persons of concern, with their facts."""
    rng = random.Random(seed)
    corpus = []
    for number in range(count):
        writer = _Writer()
        year = rng.randint(2010, 2023)
        [date] = writer.add(f"Letter {number}. Brussels, ", f"{rng.randint(1, 28)} May {year}", ".")
        persons = []
        for key in range(rng.randint(3, 5)):
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            city, noun = rng.choice(CITIES), rng.choice(NOUNS)
            day = rng.randint(1, 28)
            mention, arrest = writer.add(
                f"The {noun} ", name, " was ", f"arrested on {day} March {year}", f" in {city}."
            )
            mentions = [Mention(name, mention)]
            events = [Event("arrested", PartialDate(year, 3, day), f"in {city}", arrest)]
            if rng.random() < 0.5:
                again, sentence = writer.add(
                    "", name, " was ", f"sentenced to {rng.randint(2, 9)} years", "."
                )
                mentions.append(Mention(name, again))
                events.append(Event("sentenced", None, sentence.quote, sentence))
            record = PersonRecord(f"p{key}", name, "concern", mentions, [], [noun], events)
            persons.append(record)
        for _ in range(rng.randint(3, 12)):
            writer.add(rng.choice(FILLER))
        [union] = writer.add("The ", "Union of Free Journalists", " has protested.")
        [demand] = writer.add("We ", "call for the release of all of them", ".")
        text = writer.text
        raw = RawDocument(
            source=f"bench/{number}.txt",
            file_name=f"{number}.txt",
            media_type="text/plain",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            size=len(text.encode()),
            text=text,
            title=f"Letter {number}",
        )
        document = Document(raw, CleanText(text, OffsetMap([0], [0], len(text), len(text))), "en")
        extraction = Extraction(
            date=PartialDate(year, 5),
            kind="letter",
            language="en",
            extractor=EXTRACTOR,
            persons=persons,
            organisations=[Organisation(union.quote, "union", union)],
            demands=[Demand("release", [person.key for person in persons], demand)],
            date_evidence=date,
        )
        corpus.append((document, extraction))
    return corpus


# As the store sets them, so that both write with the same durability.
REFERENCE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
REFERENCE_SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, sha256 TEXT, title TEXT, text TEXT, clean TEXT,
                        date TEXT, kind TEXT);
CREATE TABLE records (id INTEGER PRIMARY KEY, document_id INT, key TEXT, name TEXT, role TEXT);
CREATE TABLE mentions (record_id INT, text TEXT, span_start INT, span_end INT, quote TEXT);
CREATE TABLE events (record_id INT, type TEXT, date TEXT, detail TEXT, span_start INT,
                     span_end INT, quote TEXT);
CREATE TABLE organisations (document_id INT, name TEXT, kind TEXT, span_start INT,
                            span_end INT, quote TEXT);
CREATE TABLE demands (document_id INT, action TEXT, targets TEXT, span_start INT, span_end INT,
                      quote TEXT);
"""


def _where(evidence: Evidence) -> tuple[int, int, str]:
    return evidence.span.start, evidence.span.end, evidence.quote


def _reference_insert(db: sqlite3.Connection, document: Document, extraction: Extraction) -> None:
    """The same rows, plain executemany into bare tables, one transaction."""
    raw, date = document.raw, str(extraction.date)
    with db:
        document_id = db.execute(
            "INSERT INTO documents VALUES (NULL, ?, ?, ?, ?, ?, ?)",
            (raw.sha256, raw.title, raw.text, document.clean.text, date, extraction.kind),
        ).lastrowid
        for record in extraction.persons:
            record_id = db.execute(
                "INSERT INTO records VALUES (NULL, ?, ?, ?, ?)",
                (document_id, record.key, record.name, record.role),
            ).lastrowid
            db.executemany(
                "INSERT INTO mentions VALUES (?, ?, ?, ?, ?)",
                [(record_id, m.text, *_where(m.evidence)) for m in record.mentions],
            )
            db.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (record_id, e.type, e.date and str(e.date), e.detail, *_where(e.evidence))
                    for e in record.events
                ],
            )
        db.executemany(
            "INSERT INTO organisations VALUES (?, ?, ?, ?, ?, ?)",
            [(document_id, o.name, o.kind, *_where(o.evidence)) for o in extraction.organisations],
        )
        db.executemany(
            "INSERT INTO demands VALUES (?, ?, ?, ?, ?, ?)",
            [
                (document_id, d.action, json.dumps(d.targets), *_where(d.evidence))
                for d in extraction.demands
            ],
        )


def _like_search(db: sqlite3.Connection, query: str) -> list[tuple[int, str]]:
    """Documents whose text contains every word of the query, unranked."""
    words = query.split()
    conditions = " AND ".join(["clean LIKE ?"] * len(words))
    sql = f"SELECT id, title FROM documents WHERE {conditions} LIMIT 20"
    return db.execute(sql, [f"%{word}%" for word in words]).fetchall()


def _latencies(durations: list[float]) -> tuple[str, str]:
    percentiles = statistics.quantiles(durations, n=100)
    return f"{percentiles[49] * 1000:.2f}", f"{percentiles[94] * 1000:.2f}"


def _size(path: Path) -> str:
    total = sum(file.stat().st_size for file in path.parent.glob(path.name + "*"))
    return f"{total / 1e6:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    corpus = generate(args.documents)
    rng = random.Random(3)
    vocabulary = GIVEN + FAMILY + CITIES + ["arrested", "sentenced", "union", "courtroom"]
    queries = [" ".join(rng.sample(vocabulary, rng.randint(1, 2))) for _ in range(args.queries)]
    facts = sum(
        len(extraction.organisations)
        + len(extraction.demands)
        + sum(1 + len(record.mentions) + len(record.events) for record in extraction.persons)
        for _, extraction in corpus
    )

    with tempfile.TemporaryDirectory(prefix="casetrail-bench-") as folder:
        store_path, reference_path = Path(folder, "store.db"), Path(folder, "reference.db")
        with Store.open(f"sqlite:///{store_path}") as store:
            inserts = timed([lambda d=d, e=e: store.add_document(d, e) for d, e in corpus])
            searches = timed([lambda q=q: store.search(q) for q in queries])
        measured = [("casetrail Store, FTS5", inserts, searches, _size(store_path))]

        reference = sqlite3.connect(reference_path)
        reference.executescript(REFERENCE_PRAGMAS + REFERENCE_SCHEMA)
        inserts = timed([lambda d=d, e=e: _reference_insert(reference, d, e) for d, e in corpus])
        searches = timed([lambda q=q: _like_search(reference, q) for q in queries])
        reference.close()
        label = "reference: sqlite3, bare tables, LIKE"
        measured.append((label, inserts, searches, _size(reference_path)))

    table = Table(title=f"{args.documents} documents, {facts} facts; {args.queries} searches")
    for column in ("", "documents/s", "search p50 ms", "search p95 ms", "size MB"):
        table.add_column(column, justify="left" if not column else "right")
    for label, inserts, searches, size in measured:
        table.add_row(label, f"{len(inserts) / sum(inserts):.0f}", *_latencies(searches), size)
    Console().print(table)


if __name__ == "__main__":
    main()
