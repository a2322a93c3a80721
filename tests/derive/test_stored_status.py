"""Stored statuses: derived on write, they must say what deriving on read says, on any day."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from casetrail.derive import statuses
from casetrail.derive.dates import last_day
from casetrail.derive.status import refresh_stored_statuses, stored_status
from casetrail.store import Store, read_model
from casetrail.store.schema import PersonRow
from tests.derive.builders import write
from tests.derive.test_status import PID, lena


def stored_on(store: Store, day: date) -> dict[str, tuple]:
    segment = read_model.STATUS_ON
    statement = select(PersonRow.id, segment.status, segment.since, segment.last_confirmed).join(
        segment, read_model.status_on(PersonRow.id)
    )
    rows = store.fetch(statement, params={"as_of": day.isoformat()})
    found = {pid: stored_status(*status) for pid, *status in rows}
    return {pid: (s.status, s.since, s.last_confirmed) for pid, s in found.items()}


def derived_on(store: Store, day: date, ids: list[str]) -> dict[str, tuple]:
    return {s.person_id: (s.status, s.since, s.last_confirmed) for s in statuses(store, day, ids)}


def test_stored_statuses_match_the_derived_ones_on_every_day_that_matters(
    samples: Store,
) -> None:
    refresh_stored_statuses(samples)
    assert not read_model.stale_statuses(samples)
    ids = [pid for pid, _ in read_model.person_names(samples).items()]
    days = {date(1990, 1, 1), date.today()}
    for fact in read_model.events(samples):
        if fact.date is not None:
            days |= {last_day(fact.date), last_day(fact.date) - timedelta(days=1)}
    for day in sorted(days):
        assert stored_on(samples, day) == derived_on(samples, day, ids), day


def test_a_write_marks_the_persons_it_touches_stale_until_a_refresh(store: Store) -> None:
    write(store, "Arrest", "2019-05-16", [lena(("arrested", "2019-05-14", "arrested on 14 May"))])
    assert [pid for _, pid in read_model.stale_statuses(store)] == [PID]
    assert refresh_stored_statuses(store) == 1
    assert stored_on(store, date(2022, 6, 1))[PID][0] == "imprisoned"
    assert refresh_stored_statuses(store) == 0

    write(store, "Release", "2022-03-05", [lena(("released", "2022-03-04", "freed on 4 March"))])
    assert [pid for _, pid in read_model.stale_statuses(store)] == [PID]
    refresh_stored_statuses(store)
    assert stored_on(store, date(2022, 6, 1))[PID][0] == "released"
    assert stored_on(store, date(2022, 3, 3))[PID][0] == "imprisoned"
    assert stored_on(store, date(2019, 5, 13))[PID][0] == "unknown"

    [release] = [fact for fact in read_model.events(store) if fact.type == "released"]
    store.edit_event(release.id, "ada", type="tried")
    assert [pid for _, pid in read_model.stale_statuses(store)] == [PID]
    refresh_stored_statuses(store)
    assert stored_on(store, date(2022, 6, 1))[PID][0] == "imprisoned"


def test_persons_stored_around_the_store_are_derived_too(store: Store, tmp_path: Path) -> None:
    write(store, "Arrest", "2019-05-16", [lena(("arrested", "2019-05-14", "arrested on 14 May"))])
    with closing(sqlite3.connect(tmp_path / "cases.db")) as db, db:  # as a bulk load leaves it
        db.execute("DELETE FROM stale_statuses")
    assert read_model.stale_statuses(store) == []
    assert read_model.stale_statuses(store, unmarked=True) == [(None, PID)]
    refresh_stored_statuses(store, unmarked=True)
    assert stored_on(store, date(2022, 6, 1))[PID][0] == "imprisoned"
    assert read_model.stale_statuses(store, unmarked=True) == []
