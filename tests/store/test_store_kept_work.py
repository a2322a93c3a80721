"""The alerts and queue rows kept on write (`person_alerts`, `alert_horizons`, `queue_facts`,
`queue_dating`): a refresh writes only the rows a write changed, so after any writes,
reviews and merges the tables must hold what deriving everyone's from empty tables holds."""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import date
from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, select

from casetrail import resolution
from casetrail.derive import Alert, alerts
from casetrail.derive.alerts import kept_alerts, kept_person_alerts, person_alerts
from casetrail.derive.status import refresh_stored_statuses
from casetrail.facts import refresh_work
from casetrail.store import ReviewConflict, Store, alert_rows, queue_rows, read_model
from casetrail.store.reviews import FactRef
from casetrail.store.schema import AlertHorizonRow, PersonAlertRow, QueueDatingRow, QueueFactRow
from tests.derive.builders import Person, write
from tests.store.test_store_migrations import migrating

NAMES = [("Ida Korr", "ida-korr"), ("Tom Brisk", "tom-brisk"), ("Eva Stan", "eva-stan")]
EVENTS = ["arrested", "imprisoned", "sentenced", "released", "died", "charged", "acquitted"]
KEPT = (PersonAlertRow, AlertHorizonRow, QueueFactRow, QueueDatingRow)
TODAY = date.today()


def shown(found: list[Alert]) -> list[tuple[Any, ...]]:
    return [
        (a.kind, a.person_id, a.message, [(s.document.id, s.start, s.end) for s in a.evidence])
        for a in found
    ]


def kept(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every kept row of each table, without the row ids."""
    found = {}
    for table in KEPT:
        columns = [c for c in table.__table__.columns if c.name != "id"]
        rows = store.fetch(select(*columns))
        found[table.__tablename__] = sorted((tuple(map(repr, row)) for row in rows), key=str)
    return found


def derived_from_scratch(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store._writing() as session:
        for table in KEPT:
            session.execute(delete(table))
    queue_rows.mark_stale(store, read_model.person_names(store))
    refresh_work(store)
    return kept(store)


def _person(rng: random.Random) -> Person:
    name, pid = rng.choice(NAMES)
    events = [
        (
            rng.choice(EVENTS),
            rng.choice([None, f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}"]),
            f"event {n} of {name}",
        )
        for n in range(rng.randrange(1, 4))
    ]
    return Person(name, pid, events=events)


@pytest.mark.parametrize("seed", [1, 2])
def test_kept_rows_after_writes_are_those_derived_from_scratch(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    compared: set[str] = set()  # the tables that had rows to compare
    for step in range(12):
        persons = [_person(rng) for _ in range(rng.randrange(1, 3))]
        demands = [("release", [0], "Free them now.")] if rng.random() < 0.6 else []
        day = rng.choice([None, f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{step % 9}"])
        written = write(store, f"Letter {step}", day, persons, demands)
        action = rng.random()
        events = [e for e in read_model.events(store) if e.state == "extracted"]
        if action < 0.2 and events:
            store.review_event(rng.choice(events).id, "amina", "rejected", "not so")
        elif action < 0.35:
            with suppress(ReviewConflict):  # the date drawn may be the one it had
                store.review_fact(
                    FactRef("document-date", written),
                    "amina",
                    "corrected",
                    "misread",
                    date=f"20{rng.randint(15, 24)}-01-01",
                )
        elif action < 0.45:
            (_, left), (_, right) = rng.sample(NAMES, 2)
            moved = {a.record_id: right for a in read_model.appearances(store, [left])}
            if moved:
                store.set_person_ids(moved)
        refresh_work(store)
        for _, pid in NAMES:  # a person's page reads their kept alerts
            assert shown(kept_person_alerts(store, pid, TODAY)) == shown(
                person_alerts(store, [pid], TODAY)
            )
        incremental = kept(store)
        assert incremental == derived_from_scratch(store), step
        compared |= {table for table, rows in incremental.items() if rows}
    assert compared == {table.__tablename__ for table in KEPT}


@pytest.mark.parametrize("seed", [3, 4])
def test_kept_rows_follow_merges_splits_undos_and_pages_in_between(store: Store, seed: int) -> None:
    """A persons page may refresh the statuses (handing the persons on to the alerts) between
    a write and the alerts page, which then derives some persons with their statuses and
    some from the marks; merges, splits and undos move records between persons: the kept
    rows are still those derived from scratch."""
    rng = random.Random(seed)
    done: list[int] = []  # the first judgement of each merge and split, to undo
    for step in range(10):
        persons = [_person(rng) for _ in range(rng.randrange(1, 3))]
        demands = [("release", [0], "Free them now.")] if rng.random() < 0.6 else []
        day = f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-11"
        write(store, f"Letter {step}", day, persons, demands)
        concern = sorted(read_model.concern_ids(store))
        action = rng.random()
        with suppress(resolution.PersonError):  # already one person, or one document
            if action < 0.25 and len(concern) > 1:
                left, right = rng.sample(concern, 2)
                done += resolution.merge(store, left, right, "amina").action.judgement_ids[:1]
            elif action < 0.5 and concern:
                split = resolution.split(store, rng.choice(concern), "amina", by="document")
                done += split.action.judgement_ids[:1]
            elif action < 0.65 and done:
                resolution.undo(store, done.pop(), "amina")
        if rng.random() < 0.5:
            refresh_stored_statuses(store)  # a persons page: the alerts page derives later
            # A letter after it: its persons are stale for their statuses too.
            write(store, f"Postscript {step}", None, [_person(rng)], demands)
        refresh_work(store)
        assert kept(store) == derived_from_scratch(store), step


def test_alerts_of_a_past_day_derive_the_persons_named_since(store: Store) -> None:
    """On a day before a person's last fact or mention their alerts are derived on read
    (`alert_rows.unsettled`); on each database the page is still everyone's derived alerts."""
    rng = random.Random(5)
    for step in range(6):
        day = f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-11"
        write(store, f"Letter {step}", day, [_person(rng)], [("release", [0], "Free them.")])
    settled = dict(store.fetch(select(AlertHorizonRow.person_id, AlertHorizonRow.settled_from)))
    for day in sorted({date.fromisoformat(d) for d in settled.values()} | {TODAY}):
        named_since = sorted(pid for pid, since in settled.items() if since > day.isoformat())
        assert alert_rows.unsettled(store, day.isoformat()) == named_since
        derived = [a for a in alerts(store, day, 1) if a.kind == "not_mentioned"]
        assert shown(kept_alerts(store, day, 1, "not_mentioned").alerts) == shown(derived)


def test_migration_0026_tallies_the_kept_alerts(database_url: str) -> None:
    """Upgrading a database of 0025 counts each person's kept alerts of the kinds that hold
    whatever the day: the tallies the writes since 0026 keep."""
    rng = random.Random(6)
    with Store.open(database_url) as store:
        for step in range(6):
            persons = [_person(rng) for _ in range(2)]
            write(store, f"Letter {step}", None, persons, [("release", [0], "Free them.")])
        refresh_work(store)
        written = kept(store)
    assert any(
        any(int(tally) for tally in row[2:]) for row in written[AlertHorizonRow.__tablename__]
    )
    with migrating(database_url) as (config, _):
        command.downgrade(config, "0025")
        command.upgrade(config, "0026")
    with Store.open(database_url) as store:
        assert kept(store) == written
