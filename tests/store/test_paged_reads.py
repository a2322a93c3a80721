"""Lists read a page at a time for the advocate and person pages: every page read one after
the other must give the list read whole, in its order, whatever the page size."""

from __future__ import annotations

from datetime import date

import pytest

from casetrail import facts
from casetrail.derive import (
    advocacy_page,
    advocacy_records,
    advocate_concerns,
    advocate_record,
    case_summaries,
    unresolved_concerns,
)
from casetrail.derive.status import refresh_stored_statuses
from casetrail.facts import other_facts, other_facts_page
from casetrail.store import Store, read_model
from casetrail.store.aggregates import refresh_advocacy
from tests.derive.builders import Person, write

ANNA = Person("Anna Weber", "anna-weber", role="advocate", descriptors=["MEP"])
PAUL = Person("Paul Moreau", "paul-moreau", role="advocate")
# Names a collation may order otherwise than code points do: spaces, case, accents.
LENA = Person("Lena Orlova", "lena-orlova", events=[("arrested", "2020-05-14", "Lena held.")])
IVAN = Person("ivan Brusko", "ivan-brusko")
OLGA = Person("Olga Zaitseva", "olga-zaitseva")
ANAB = Person("Anab Ali", "anab-ali")
ANA = Person("Ana Zed", "ana-zed")
EMIL = Person("Émil Varga", "emil-varga")
UNRESOLVED = Person("Boris Kel", None)


@pytest.fixture
def written(store: Store) -> Store:
    """Anna wrote about persons in one to three documents each, ties included; Paul about
    some of them; one person of concern's records are not resolved."""
    write(
        store, "One", "2021-01-05", [LENA, IVAN, ANNA, ANAB, ANA], [("release", [0], "Free Lena.")]
    )
    write(store, "Two", "2021-02-05", [LENA, ANNA, OLGA, EMIL, UNRESOLVED])
    write(store, "Three", None, [LENA, IVAN, ANNA, PAUL, ANA, ANAB])
    write(store, "Four", "2020-12-01", [OLGA, PAUL, LENA])
    write(store, "Note", "2021-03-01", [LENA], kind="note")
    refresh_stored_statuses(store)
    refresh_advocacy(store)
    return store


@pytest.mark.parametrize("per_page", [1, 2, 3, 7])
def test_an_advocates_pages_are_their_record_in_pieces(written: Store, per_page: int) -> None:
    record = advocate_record(written, "anna-weber")
    resolved = [c for c in record.concerns if c.person_id is not None]
    assert [c.person_id for c in resolved][:2] == ["lena-orlova", "ana-zed"]  # 3 and 2 letters
    pages, offset = [], 0
    while True:
        page, total = advocate_concerns(written, "anna-weber", offset, per_page)
        assert total == len(resolved)
        if not page:
            break
        assert len(page) <= per_page
        pages += page
        offset += per_page
    assert pages == resolved
    assert unresolved_concerns(written, "anna-weber") == [
        c for c in record.concerns if c.person_id is None
    ]
    assert [c.name for c in unresolved_concerns(written, "anna-weber")] == ["Boris Kel"]


def test_a_person_who_wrote_about_no_one_has_no_page(written: Store) -> None:
    assert advocate_concerns(written, "lena-orlova", 0, 10) == ([], 0)
    assert advocate_concerns(written, "lena-orlova", 10, 10) == ([], 0)


@pytest.mark.parametrize("per_page", [1, 2, 3, 10])
def test_the_facts_of_a_persons_documents_page_by_page(written: Store, per_page: int) -> None:
    whole = other_facts(written, "lena-orlova")
    pages, offset = [], 0
    while True:
        page, documents = other_facts_page(written, "lena-orlova", offset, per_page)
        assert documents == 5
        if not page:
            break
        assert len({fact.document.id for fact in page}) <= per_page
        pages += page
        offset += per_page
    assert pages == whole
    assert {fact.ref.kind for fact in whole} == {"role", "demand", "document-date", "document-kind"}


@pytest.mark.parametrize("per_page", [1, 2, 4])
def test_a_persons_advocacy_record_page_by_page(written: Store, per_page: int) -> None:
    # An undated letter placed by the date its demand for Lena gives, before those of 2021.
    write(written, "Five", None, [LENA, PAUL], [("release", [0], "Free her.", "2020-06-01")])
    [whole] = advocacy_records(written, ["lena-orlova"])
    assert whole.interventions[0].date_note == "from the text"
    assert whole.interventions[-1].date_note == "undated"
    pages, offset = [], 0
    while True:
        page = advocacy_page(written, "lena-orlova", offset, per_page)
        assert page.total == len(whole.interventions)
        assert page.advocates == whole.advocates
        if not page.record.interventions:
            break
        assert len(page.record.interventions) <= per_page
        pages += page.record.interventions
        offset += per_page
    assert pages == list(whole.interventions)


def test_a_persons_page_reads_their_events_once_and_the_reviews_of_those_it_lists(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary and the facts of a page of the timeline are those read whole, from one
    read of the events and the reviews of the listed events alone."""
    for month in range(1, 13):
        events = [
            ("arrested", f"2020-{month:02d}-{day:02d}", f"Held on day {day} of {month}.")
            for day in range(1, 11)
        ]
        write(
            store,
            f"Letter {month}",
            f"2021-{month:02d}-01",
            [Person("Lena", "lena", events=events)],
        )
    every = facts.person_facts(store, "lena")
    store.review_event(every[3].event.id, "amina", "rejected", "another Lena")
    store.review_event(every[60].event.id, "amina", "confirmed")
    every = facts.person_facts(store, "lena")
    [whole] = case_summaries(store, ["lena"], date(2021, 6, 1))
    reads: list[int] = []
    reviewed: list[int] = []
    events, reviews = read_model.events, read_model.event_reviews
    monkeypatch.setattr(read_model, "events", lambda *a, **k: reads.append(1) or events(*a, **k))
    monkeypatch.setattr(
        read_model,
        "event_reviews",
        lambda store, ids: reviewed.extend(ids) or reviews(store, ids),
    )
    page = facts.person_page(store, "lena", date(2021, 6, 1), slice(50, 100))
    assert page.summary == whole
    kept = [found for found in every if found.event.state != "rejected"]
    assert list(page.shown) == kept[50:100]
    assert [found.event.id for found in page.shown] == [
        entry.event.id for entry in whole.timeline.entries[50:100]
    ]
    assert list(page.rejected) == [found for found in every if found.event.state == "rejected"]
    assert len(page.rejected) == 1 and [f.last_review for f in page.shown if f.last_review]
    assert len(reads) == 1 and len(reviewed) == 51  # not the 120 events'


def test_a_persons_advocacy_page_reads_the_records_of_its_documents_alone(
    written: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of the other documents, the advocates' names and descriptors only: "advocates so far"
    counts them all, but a page shows the records of 50 documents of thousands."""
    [whole] = advocacy_records(written, ["lena-orlova"])
    read: list[int] = []
    appearances = read_model.appearances

    def spied(store: Store, person_ids: object = None, document_ids: object = None, **k: object):
        read.extend(document_ids or ())
        return appearances(store, person_ids, document_ids, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(read_model, "appearances", spied)
    page = advocacy_page(written, "lena-orlova", 0, 1)
    assert page.advocates == whole.advocates and page.total == len(whole.interventions) > 1
    assert read == [page.record.interventions[0].document.id]


def test_an_advocacy_record_takes_the_appearances_read_for_the_summary(
    written: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API's person reads the person's appearances once, for their case and advocacy."""
    own = read_model.appearances(written, person_ids=["lena-orlova"])
    whole = advocacy_records(written, ["lena-orlova"])
    [summary] = case_summaries(written, ["lena-orlova"], date(2021, 6, 1))
    asked: list[object] = []
    appearances = read_model.appearances

    def spied(store: Store, person_ids: object = None, *a: object, **k: object):
        asked.append(person_ids)
        return appearances(store, person_ids, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(read_model, "appearances", spied)
    assert advocacy_records(written, ["lena-orlova"], own) == whole
    assert case_summaries(written, ["lena-orlova"], date(2021, 6, 1), appearances=own) == [summary]
    assert [a for a in asked if a is not None] == []


def test_the_persons_in_documents_are_those_of_their_appearances(written: Store) -> None:
    # The search page lists a document's persons from these, without their documents.
    documents = list(read_model.documents(written))
    expected = [
        (a.document.id, a.person_id, a.name, a.descriptors, a.role)
        for a in sorted(
            read_model.appearances(written, document_ids=documents),
            key=lambda a: (a.document.id, a.record_id),
        )
    ]
    found = sorted(
        read_model.people_in(written, documents), key=lambda p: p.document_id
    )  # stable: by record id within each document
    assert [tuple(p) for p in found] == expected
    assert any(p.descriptors for p in found) and {p.role for p in found} == {"advocate", "concern"}
