"""Databases for the derive and export tests: real corpora ingested through the real pipeline,
and small fictional documents written fact by fact (invented persons and events)."""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from typer.testing import CliRunner

from casetrail.domain import (
    CaseFact,
    CaseFactValue,
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
from casetrail.present.cli import app
from casetrail.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "documents"
SEEDS = Path("/work/shared/corpus/seeds")
EXTRACTOR = Extractor("test-extractor", "1.0")


def ingest(paths: list[Path], url: str) -> None:
    """Run `casetrail ingest` (in this process: the language models load once)."""
    result = CliRunner().invoke(app, ["ingest", *map(str, paths), "--db", url])
    assert result.exit_code == 0, result.output


def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="casetrail-derive-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def ingested(corpus: Path) -> str:
    """The URL of a database holding the corpus, ingested once per test run: read only."""
    url = f"sqlite:///{_folder() / (corpus.name + '.db')}"
    ingest([corpus], url)
    return url


@dataclass
class Person:
    """A person in a fictional document, and what it says happened to them."""

    name: str
    person_id: str | None
    role: str = "concern"
    # (event type, date or None, the sentence stating it)
    events: list[tuple[str, str | None, str]] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    # (charge, sentence, detention or restriction, date or None, the sentence stating it)
    facts: list[tuple[CaseFactValue, str | None, str]] = field(default_factory=list)


class _Text:
    """A text written piece by piece, with the evidence of the pieces that state facts."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, piece: str, separator: str = " ") -> Evidence:
        if self.text:
            self.text += separator
        start = len(self.text)
        self.text += piece
        span = Span(start, len(self.text))
        return Evidence(span, piece, EXTRACTOR, span)


def write(
    store: Store,
    title: str,
    date: str | None,
    persons: list[Person],
    # (action, person indexes, sentence[, the date the sentence gives for the act])
    demands: list[tuple[str, list[int], str] | tuple[str, list[int], str, str | None]] = (),
    kind: str = "letter",
) -> int:
    """Store a fictional document stating these facts; returns its id."""
    text = _Text()
    text.add(title)
    date_evidence = text.add(f"Written on {date}.", "\n") if date else None
    records = []
    for index, person in enumerate(persons):
        mention = text.add(f"{person.name}.", "\n")
        events = [
            Event(type_, PartialDate.parse(when) if when else None, sentence, text.add(sentence))
            for type_, when, sentence in person.events
        ]
        facts = [
            CaseFact(value, text.add(sentence), PartialDate.parse(when) if when else None)
            for value, when, sentence in person.facts
        ]
        records.append(
            PersonRecord(
                key=f"p{index}",
                name=person.name,
                role=person.role,  # type: ignore[arg-type]
                mentions=[Mention(person.name, mention)],
                aliases=person.aliases,
                descriptors=person.descriptors,
                events=events,
                person_id=person.person_id,
                case_facts=facts,
            )
        )
    found = [
        Demand(
            action,
            [f"p{i}" for i in targets],
            text.add(sentence, "\n"),
            date=PartialDate.parse(when[0]) if when and when[0] else None,
        )
        for action, targets, sentence, *when in demands
    ]
    raw = RawDocument(
        source=f"/fictional/{title}.txt",
        file_name=f"{title}.txt",
        media_type="text/plain",
        sha256=hashlib.sha256(text.text.encode()).hexdigest(),
        size=len(text.text.encode()),
        text=text.text,
        title=title,
    )
    length = len(text.text)
    document = Document(raw, CleanText(text.text, OffsetMap([0], [0], length, length)), "en")
    extraction = Extraction(
        date=PartialDate.parse(date) if date else None,
        kind=kind,  # type: ignore[arg-type]
        language="en",
        extractor=EXTRACTOR,
        persons=records,
        demands=found,
        date_evidence=date_evidence,
    )
    return store.add_document(document, extraction).document_id
