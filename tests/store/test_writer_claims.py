"""A writer derives what its writes made stale: until it has, readers keep to what was
stored before the write, rather than derive it again (a heavily named prisoner's thousands
of events) while a user waits; a writer that stopped leaves it to the next reader."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from casetrail.derive.alerts import kept_alerts
from casetrail.derive.status import refresh_stored_statuses
from casetrail.facts import derive_written, refresh_alerts, refresh_work
from casetrail.store import Store, read_model
from casetrail.store.aggregates import refresh_advocacy, refresh_facets
from casetrail.store.schema import StaleStatusRow
from tests.derive.builders import write
from tests.derive.test_status import PID, lena
from tests.derive.test_stored_status import stored_on

LATER = date(2023, 1, 1)


def _arrested_then_released(store: Store) -> None:
    write(store, "Arrest", "2019-05-16", [lena(("arrested", "2019-05-14", "arrested on 14 May"))])
    derive_written(store)
    write(store, "Release", "2022-03-05", [lena(("released", "2022-03-04", "freed on 4 March"))])


def test_a_reader_keeps_to_the_stored_status_while_the_writer_derives(database_url: str) -> None:
    with Store.open(database_url, writer_derives=True) as store:
        _arrested_then_released(store)
        assert store.marked_statuses
        # The reader's refresh leaves the writer's marks alone, and says it shows the old.
        assert refresh_stored_statuses(store) == 0
        assert refresh_alerts(store) == 0
        assert read_model.stale_statuses(store) == []
        assert read_model.claimed_statuses(store) == 1
        assert stored_on(store, LATER)[PID][0] == "imprisoned"
        # In custody and unnamed since 2019, as stored before the write.
        assert kept_alerts(store, LATER).counts == {"not_mentioned": 1}
        # The writer's own refresh derives them, alerts and all.
        assert derive_written(store) == 1
        assert read_model.claimed_statuses(store) == 0
        assert read_model.stale_statuses(store, claimed=True) == []
        assert stored_on(store, LATER)[PID][0] == "released"
        assert kept_alerts(store, LATER).counts == {}


def test_a_writer_that_stopped_leaves_its_marks_to_the_next_reader(database_url: str) -> None:
    with Store.open(database_url, writer_derives=True) as writer:
        _arrested_then_released(writer)
    with Store.open(database_url) as reader:
        assert refresh_stored_statuses(reader) == 0  # still the writer's
        expired = datetime.now(UTC) - timedelta(seconds=1)
        with reader._writing() as session:
            session.execute(update(StaleStatusRow).values(claimed_until=expired))
        assert read_model.claimed_statuses(reader) == 0
        assert refresh_stored_statuses(reader) == 1
        assert stored_on(reader, LATER)[PID][0] == "released"


def test_a_store_whose_writers_do_not_derive_leaves_the_marks_to_readers(store: Store) -> None:
    _arrested_then_released(store)
    assert read_model.claimed_statuses(store) == 0
    assert [pid for _, pid in read_model.stale_statuses(store)] == [PID]
    assert refresh_stored_statuses(store) == 1
    assert stored_on(store, LATER)[PID][0] == "released"


def test_a_store_that_only_read_marked_nothing(database_url: str) -> None:
    with Store.open(database_url, writer_derives=True) as writer:
        _arrested_then_released(writer)
    with Store.open(database_url, writer_derives=True) as reader:
        read_model.events(reader)
        assert not reader.marked_statuses


def test_the_pages_refreshes_with_nothing_stale_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    """The alerts page waited for the write lock to clear no marks: behind every writer."""
    path = tmp_path / "casetrail.db"
    with Store.open(f"sqlite:///{path}", writer_derives=True) as store:
        _arrested_then_released(store)
        derive_written(store)
        other_writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock until COMMIT
        counts: list[int] = []

        def refresh_as_the_pages_do() -> None:
            counts.extend(refresh(store) for refresh in _PAGES_REFRESHES)
            counts.append(len(kept_alerts(store, LATER).counts))

        reader = threading.Thread(target=refresh_as_the_pages_do)
        try:
            reader.start()
            reader.join(timeout=20)
            assert not reader.is_alive(), "a page's refresh waited for the write lock"
        finally:
            other_writer.execute("COMMIT")
            reader.join()
            other_writer.close()
        assert counts == [0, 0, 0, 0, 0, 0]


_PAGES_REFRESHES = (
    refresh_stored_statuses,
    refresh_alerts,
    refresh_work,
    refresh_advocacy,
    refresh_facets,
)
