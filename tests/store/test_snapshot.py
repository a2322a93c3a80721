"""`Store.snapshot`: the reads of a page within it see one state of the database, through
one connection, whatever another thread writes meanwhile; the reads after it see the writes."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from casetrail.store import Store
from casetrail.store.schema import DocumentRow
from tests.derive.builders import Person, write

LENA = Person("Lena Orlova", "lena-orlova", events=[("arrested", "2020-05-14", "Lena held.")])
DOCUMENTS = select(func.count()).select_from(DocumentRow)


def _write_elsewhere(store: Store, title: str) -> None:
    """A writer in another thread (the server's other requests, an ingest)."""
    writer = threading.Thread(target=write, args=(store, title, "2021-02-01", [LENA]))
    writer.start()
    writer.join()


def test_the_reads_within_a_snapshot_see_one_state(store: Store) -> None:
    write(store, "One", "2021-01-01", [LENA])
    with store.snapshot():
        assert store.fetch(DOCUMENTS) == [(1,)]
        _write_elsewhere(store, "Two")
        assert store.fetch(DOCUMENTS) == [(1,)]  # not the document written since
        with store.reading() as first, store.reading() as second:
            assert first is second
        with store.snapshot():  # within another: the same
            assert store.fetch(DOCUMENTS) == [(1,)]
    assert store.fetch(DOCUMENTS) == [(2,)]


def test_another_thread_reads_outside_the_snapshot(store: Store) -> None:
    write(store, "One", "2021-01-01", [LENA])
    seen: list[object] = []
    with store.snapshot():
        store.fetch(DOCUMENTS)
        _write_elsewhere(store, "Two")
        reader = threading.Thread(target=lambda: seen.extend(store.fetch(DOCUMENTS)))
        reader.start()
        reader.join()
        assert store.fetch(DOCUMENTS) == [(1,)]
    assert seen == [(2,)]


def test_a_search_within_a_snapshot_reads_it(store: Store) -> None:
    # The search page reads the search and what it lists in one snapshot: a write meanwhile
    # can not list a document it does not count, or a person without their facets.
    write(store, "One", "2021-01-01", [LENA])
    with store.snapshot():
        by_name = store.find("Lena Orlova")
        _write_elsewhere(store, "Two")
        assert [p.documents for p in store.find("Lena Orlova").persons] == [1]
        assert store.find("Lena Orlova").total == by_name.total == 1
        assert len(store.find("held", literal=True).hits) == 1
    assert store.find("Lena Orlova").total == 2
    assert len(store.find("held", literal=True).hits) == 2
