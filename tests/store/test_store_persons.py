"""Person ids: assignment by the resolver, merges that leave redirects, re-resolution input."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casetrail.domain import Document, Extraction, PersonRecord
from casetrail.store import Store, StoreError, read_model

Extract = Callable[[Document, str], Extraction]


@pytest.fixture
def record_ids(store: Store, letter: Document, extract: Extract) -> dict[str, int]:
    """The letter stored; its record ids by record key."""
    stored = store.document(store.add_document(letter, extract(letter, "1.0")).document_id)
    assert stored is not None
    return {record.record.key: record.id for record in stored.records}


def person_ids(store: Store) -> dict[str, str | None]:
    return {stored.record.key: stored.record.person_id for stored in store.person_records()}


def test_person_records_carry_what_resolution_needs(
    store: Store, record_ids: dict[str, int]
) -> None:
    records = list(store.person_records())
    assert [stored.id for stored in records] == list(record_ids.values())
    velikova = records[0]
    assert velikova.document_id == store.documents()[0].id
    assert (velikova.record.name, velikova.record.role) == ("Marta Velikova", "concern")
    assert [mention.text for mention in velikova.record.mentions] == [
        "Marta Velikova",
        "Marta Velikova",
        "Ms Velikova",
    ]
    assert len(velikova.event_ids) == len(velikova.record.events) == 3


def test_ids_given_at_extraction_and_by_set_person_ids(
    store: Store, record_ids: dict[str, int]
) -> None:
    assert person_ids(store) == {
        "p1": "marta-velikova",
        "p2": None,
        "p3": None,
        "p4": "tomas-hurtig",
    }
    store.set_person_ids({record_ids["p2"]: "piotr-anselm", record_ids["p3"]: "oskar-dalberg"})
    assert person_ids(store)["p2"] == "piotr-anselm"
    assert store.canonical_person_id("oskar-dalberg") == "oskar-dalberg"
    assert store.canonical_person_id("nobody") is None
    assert store.stats()["persons"] == 4


def test_the_events_page_counts_the_events_of_resolved_persons_only(
    store: Store, record_ids: dict[str, int]
) -> None:
    def page(event_type: str | None) -> tuple[int, list[str]]:
        total, shown = read_model.event_page(store, None, event_type, 0, 10)
        return total, [event.type for event in shown]

    # Piotr Anselm's record (charged) is not resolved yet: none of his events is listed.
    assert page(None) == (3, ["arrested", "sentenced", "imprisoned"])
    assert page("charged") == (0, [])
    store.set_person_ids({record_ids["p2"]: "piotr-anselm"})
    assert page("charged") == (1, ["charged"])
    assert page(None)[0] == 4


def test_a_merge_leaves_a_redirect_that_follows_later_merges(
    store: Store, record_ids: dict[str, int]
) -> None:
    store.set_person_ids({record_ids["p4"]: "marta-velikova"})  # a (wrong) merge
    assert store.canonical_person_id("tomas-hurtig") == "marta-velikova"

    store.set_person_ids({record_ids["p1"]: "m-velikova", record_ids["p4"]: "m-velikova"})
    assert store.canonical_person_id("marta-velikova") == "m-velikova"
    assert store.canonical_person_id("tomas-hurtig") == "m-velikova"  # still one hop

    # The merge undone: the retired id lives again and no longer redirects.
    store.set_person_ids({record_ids["p4"]: "tomas-hurtig"})
    assert store.canonical_person_id("tomas-hurtig") == "tomas-hurtig"
    assert store.stats()["persons"] == 2


def test_unknown_record_ids_change_nothing(store: Store, record_ids: dict[str, int]) -> None:
    before = person_ids(store)
    with pytest.raises(StoreError, match="no person records"):
        store.set_person_ids({record_ids["p2"]: "piotr-anselm", 9999: "someone"})
    assert person_ids(store) == before


def test_many_assignments_at_once(
    store: Store, document_factory: Callable[..., Document], extract: Extract
) -> None:
    # More records than one IN (...) list takes.
    document = document_factory(LETTER_TAIL, "a long list")
    extraction = extract(document, "1.0")
    extraction.demands.clear()
    extraction.persons = [
        PersonRecord(f"k{number}", f"Signatory {number}", "advocate", person_id=f"s-{number}")
        for number in range(1500)
    ]
    store.add_document(document, extraction)
    assignments = {stored.id: f"person-{stored.id % 7}" for stored in store.person_records()}
    assert len(assignments) == 1500
    store.set_person_ids(assignments)
    assert {stored.record.person_id for stored in store.person_records()} == {
        f"person-{n}" for n in range(7)
    }
    assert store.canonical_person_id("s-0") in {f"person-{n}" for n in range(7)}
    assert store.stats()["persons"] == 7


LETTER_TAIL = """Marta Velikova was arrested on
2 March 2019 and sentenced on 10 May 2019 to five years in prison.
Brussels, 14 May 2019. Dear President Oskar Dalberg, Ms Velikova reported on the
Dornhall Miners' Union. We call on you to release Marta Velikova and to drop all charges
against the trade unionist Piotr Anselm. Tomas Hurtig, MEP
"""
