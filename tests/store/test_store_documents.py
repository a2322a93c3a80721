"""Storing documents with their facts: round trip, idempotence, atomicity, re-extraction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event

from casetrail.domain import Document, Extraction, PartialDate
from casetrail.store import AddResult, DocumentSummary, Store, StoreError, read_model

Extract = Callable[[Document, str], Extraction]


def test_a_document_and_all_its_facts_round_trip(
    store: Store, letter: Document, extract: Extract
) -> None:
    extraction = extract(letter, "1.0")
    result = store.add_document(letter, extraction)
    assert result == AddResult(result.document_id, created=True, replaced_extraction=False)

    stored = store.document(result.document_id)
    assert stored is not None
    assert stored.document == letter
    assert stored.extraction == extraction
    assert [record.record for record in stored.records] == extraction.persons
    # Offsets point into the original text, line breaks included.
    for record in stored.records:
        for fact in [*record.record.mentions, *record.record.events]:
            span = fact.evidence.span
            assert letter.raw.text[span.start : span.end] == fact.evidence.quote
    assert "\n" in stored.extraction.persons[0].events[0].evidence.quote


def test_the_date_of_a_demand_round_trips(store: Store, letter: Document, extract: Extract) -> None:
    extraction = extract(letter, "1.0")
    extraction.demands[0].date = PartialDate(2019, 5, 14)
    document_id = store.add_document(letter, extraction).document_id
    stored = store.document(document_id)
    assert stored is not None and stored.extraction is not None
    assert [d.date for d in stored.extraction.demands] == [PartialDate(2019, 5, 14), None]
    facts = read_model.demands(store, document_ids=[document_id])
    assert [d.date for d in facts] == [PartialDate(2019, 5, 14), None]


def test_a_document_without_extraction(store: Store, letter: Document) -> None:
    result = store.add_document(letter)
    stored = store.document(result.document_id)
    assert stored is not None and stored.extraction is None and stored.records == []
    assert store.document(result.document_id + 1) is None


def test_adding_the_same_content_again_changes_nothing(
    store: Store, letter: Document, extract: Extract
) -> None:
    first = store.add_document(letter, extract(letter, "1.0"))
    before = store.stats()
    again = store.add_document(letter, extract(letter, "1.0"))
    older = store.add_document(letter, extract(letter, "0.9"))
    bare = store.add_document(letter)
    for result in (again, older, bare):
        assert result == AddResult(first.document_id, created=False, replaced_extraction=False)
    assert store.stats() == before
    assert len(store.search("Velikova")) == 1


@contextmanager
def failing_event_inserts() -> Iterator[None]:
    """Make every INSERT into events fail, as a full disk or a lost connection would."""

    def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO EVENTS"):
            raise RuntimeError("the disk is full")

    event.listen(Engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(Engine, "before_cursor_execute", fail)


def test_a_failure_midway_stores_nothing_of_that_document(
    store: Store, letter: Document, extract: Extract, document_factory: Callable[..., Document]
) -> None:
    earlier = document_factory("Grigor Tamm was released on 3 June 2020.", "Release")
    earlier_id = store.add_document(earlier).document_id
    before = store.stats()

    with failing_event_inserts(), pytest.raises(RuntimeError, match="disk is full"):
        store.add_document(letter, extract(letter, "1.0"))

    assert store.stats() == before
    assert [summary.id for summary in store.documents()] == [earlier_id]
    assert store.search("Velikova") == []
    assert [hit.document_id for hit in store.search("Tamm released")] == [earlier_id]
    stored = store.document(earlier_id)
    assert stored is not None and stored.document == earlier
    # Nothing half-written is left in the way.
    assert store.add_document(letter, extract(letter, "1.0")).created


def test_a_demand_for_an_unknown_person_is_refused(
    store: Store, letter: Document, extract: Extract
) -> None:
    extraction = extract(letter, "1.0")
    extraction.demands[0].targets.append("p99")
    with pytest.raises(ValueError, match="p99"):
        store.add_document(letter, extraction)
    assert store.stats()["documents"] == 0


def test_a_newer_extractor_replaces_the_facts_but_keeps_hand_edits(
    store: Store, letter: Document, extract: Extract
) -> None:
    document_id = store.add_document(letter, extract(letter, "1.9")).document_id
    stored = store.document(document_id)
    assert stored is not None
    velikova = stored.records[0]
    arrested_id, sentenced_id = velikova.event_ids[:2]
    store.edit_event(arrested_id, "editor@example.org", date=PartialDate(2019, 3, 1))

    newer = extract(letter, "1.10")
    newer.persons[0].events.pop(1)  # the new version no longer finds the sentence
    newer.organisations.clear()
    result = store.add_document(letter, newer)
    assert result == AddResult(document_id, created=False, replaced_extraction=True)

    stored = store.document(document_id)
    assert stored is not None and stored.extraction is not None
    assert stored.extraction.extractor.version == "1.10"
    assert stored.extraction.organisations == []
    # The new records; the edited event stands in its new twin's place (same span, type).
    assert [record.record.name for record in stored.records] == [p.name for p in newer.persons]
    velikova_now = stored.records[0]
    assert arrested_id in velikova_now.event_ids
    assert result.unmatched_reviews == ()
    edited = velikova_now.record.events[velikova_now.event_ids.index(arrested_id)]
    assert (edited.type, edited.date) == ("arrested", PartialDate(2019, 3, 1))
    assert edited.evidence.extractor.version == "1.9"
    spans = [(e.type, e.evidence.span) for e in velikova_now.record.events]
    assert len(spans) == len(set(spans)) == len(newer.persons[0].events)
    assert velikova_now.record.mentions == newer.persons[0].mentions
    assert sentenced_id not in {i for record in stored.records for i in record.event_ids}
    assert len(store.search("Velikova")) == 1

    # A later version still keeps the edit, once.
    store.add_document(letter, extract(letter, "2.0"))
    stored = store.document(document_id)
    assert stored is not None
    assert sum(arrested_id in record.event_ids for record in stored.records) == 1


def test_edit_event_logs_each_change(store: Store, letter: Document, extract: Extract) -> None:
    stored = store.document(store.add_document(letter, extract(letter, "1.0")).document_id)
    assert stored is not None
    event_id = stored.records[1].event_ids[0]
    store.edit_event(event_id, "ana", type="harassed", detail="summoned", date=None)
    stored = store.document(stored.id)
    assert stored is not None
    changed = stored.records[1].record.events[0]
    assert (changed.type, changed.detail, changed.date) == ("harassed", "summoned", None)
    with pytest.raises(StoreError, match="no event"):
        store.edit_event(10_000, "ana", detail="x")
    with pytest.raises(TypeError, match="quote"):
        store.edit_event(event_id, "ana", quote="x")  # type: ignore[call-arg]


def test_documents_and_stats(
    store: Store, letter: Document, extract: Extract, document_factory: Callable[..., Document]
) -> None:
    assert store.stats() == dict.fromkeys(
        (
            "documents",
            "words",
            "persons",
            "person_records",
            "mentions",
            "events",
            "organisations",
            "demands",
        ),
        0,
    )
    letter_id = store.add_document(letter, extract(letter, "1.0")).document_id
    note = document_factory("A short note without names.", None, None)
    note_id = store.add_document(note).document_id

    assert store.documents() == [
        DocumentSummary(
            letter_id,
            PartialDate(2019, 5, 14),
            "letter",
            letter.raw.title,
            letter.words,
            letter.raw.source,
            "en",
            4,
        ),
        DocumentSummary(note_id, None, None, None, 5, note.raw.source, None, 0),
    ]
    assert store.stats() == {
        "documents": 2,
        "words": letter.words + 5,
        "persons": 2,
        "person_records": 4,
        "mentions": 6,
        "events": 4,
        "organisations": 1,
        "demands": 2,
    }
    # What the start page shows, counted alone.
    assert store.stats("words", "events", "persons") == {
        "words": letter.words + 5,
        "events": 4,
        "persons": 2,
    }
