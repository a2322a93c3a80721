"""The alerts kept on write (`person_alerts`, `alert_horizons`): saved with the stored
statuses of the persons a write marked stale, read a page at a time by the alerts pages
(`casetrail.derive.alerts.kept_alerts`). Only persons of concern have any: a person who
stops being one is derived again (`casetrail.facts.refresh_alerts`), and their alerts go."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
)

from casetrail.store.schema import (
    AlertHorizonRow,
    DocumentRow,
    PersonAlertRow,
    PersonRoleRow,
    PersonRow,
    StaleStatusRow,
    StaleWorkRow,
)
from casetrail.store.store import _PERSONS_LOCK_KEY, Store

_CHUNK = 1000  # ids per IN (...) list: within every database's limit on parameters


_COLUMNS = ("person_id", "kind", "position", "message", "evidence", "from_day", "mention_day")
# The kinds that hold whatever the day, and the column of `alert_horizons` that keeps how
# many of them each person has: the alerts page sums those, not the alerts.
_TALLIES = {
    "stale_demand": AlertHorizonRow.stale_demands,
    "contradiction": AlertHorizonRow.contradictions,
    "death_in_custody": AlertHorizonRow.deaths_in_custody,
}
_HORIZON = (AlertHorizonRow.settled_from, *_TALLIES.values())


def _compared(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """A kept alert's columns, its evidence as tuples: comparable to a stored row's (a
    person's thousands of rows are compared on each refresh: cheaper than as JSON)."""
    return tuple(
        tuple(map(tuple, row[name])) if name == "evidence" else row[name] for name in _COLUMNS
    )


def save(
    store: Store,
    person_ids: Collection[str] | None,
    rows: Sequence[Mapping[str, Any]],
    settled: Mapping[str, str],
) -> None:
    """Replace the kept alerts of these persons (everyone's when None) with `rows`, and
    their settled days with `settled` and their tallies of `rows` (persons gone since are
    left out); of these persons, only the rows that changed are written: a letter changes
    few of a person's thousands."""
    with store._writing() as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":  # the lock of `Store.save_statuses`
            connection.execute(select(func.pg_advisory_xact_lock(_PERSONS_LOCK_KEY + 2)))
        if person_ids is None:
            connection.execute(delete(PersonAlertRow))
            connection.execute(delete(AlertHorizonRow))
            alive = set(connection.scalars(select(PersonRow.id)))
            before: dict[tuple[Any, ...], int] = {}
            horizons: dict[str, tuple[Any, ...]] = {}
        else:
            ordered = sorted(set(person_ids))
            alive, before, horizons = set(), {}, {}
            columns = [getattr(PersonAlertRow, name) for name in _COLUMNS]
            for start in range(0, len(ordered), _CHUNK):
                ids = ordered[start : start + _CHUNK]
                stored = select(PersonAlertRow.id, *columns).where(
                    PersonAlertRow.person_id.in_(ids)
                )
                for row_id, *values in connection.execute(stored):
                    before[_compared(dict(zip(_COLUMNS, values, strict=True)))] = row_id
                stored_horizons = select(AlertHorizonRow.person_id, *_HORIZON)
                horizons.update(
                    (pid, tuple(horizon))
                    for pid, *horizon in connection.execute(
                        stored_horizons.where(AlertHorizonRow.person_id.in_(ids))
                    )
                )
                alive.update(connection.scalars(select(PersonRow.id).where(PersonRow.id.in_(ids))))
        kept = {_compared(row): row for row in rows if row["person_id"] in alive}
        gone = sorted(row_id for row, row_id in before.items() if row not in kept)
        for start in range(0, len(gone), _CHUNK):
            ids = gone[start : start + _CHUNK]
            connection.execute(delete(PersonAlertRow).where(PersonAlertRow.id.in_(ids)))
        if added := [row for key, row in kept.items() if key not in before]:
            connection.execute(insert(PersonAlertRow), added)
        tallied = Counter((row["person_id"], row["kind"]) for row in kept.values())
        new_horizons = {
            pid: (day, *(tallied[pid, kind] for kind in _TALLIES))
            for pid, day in settled.items()
            if pid in alive
        }
        changed = sorted(
            pid
            for pid in horizons.keys() - new_horizons.keys()
            | {pid for pid, horizon in new_horizons.items() if horizons.get(pid) != horizon}
        )
        for start in range(0, len(changed), _CHUNK):
            ids = changed[start : start + _CHUNK]
            connection.execute(delete(AlertHorizonRow).where(AlertHorizonRow.person_id.in_(ids)))
        if added_days := [
            {"person_id": pid, **dict(zip((c.key for c in _HORIZON), horizon, strict=True))}
            for pid in changed
            if (horizon := new_horizons.get(pid)) is not None
        ]:
            connection.execute(insert(AlertHorizonRow), added_days)


def _holding(
    kind: str, day: str | ColumnElement[str], cutoff: str | ColumnElement[str]
) -> ColumnElement[bool]:
    """The condition of the kept alerts of `kind` that hold on `day` (ISO), custody cases
    counting as unnamed when last named before `cutoff`."""
    if kind == "not_mentioned":
        settled = (
            select(AlertHorizonRow.person_id)
            .where(
                AlertHorizonRow.person_id == PersonAlertRow.person_id,
                AlertHorizonRow.settled_from <= day,
            )
            .exists()
        )
        return and_(PersonAlertRow.kind == kind, PersonAlertRow.mention_day < cutoff, settled)
    if kind == "due_for_release":
        return and_(PersonAlertRow.kind == kind, PersonAlertRow.from_day <= day)
    return PersonAlertRow.kind == kind


def counts(store: Store, kinds: Sequence[str], day: str, cutoff: str) -> dict[str, int]:
    """How many kept alerts of these kinds hold on `day`: the sum of each person's tally of
    the kinds that hold whatever the day, an index range of each other kind."""
    found: dict[str, int] = {}
    if tallied := [kind for kind in kinds if kind in _TALLIES]:
        sums = select(*(func.coalesce(func.sum(_TALLIES[kind]), 0) for kind in tallied))
        found.update(zip(tallied, store.fetch(sums)[0], strict=True))
    counted = [
        select(literal(kind), func.count()).where(_holding(kind, day, cutoff))
        for kind in kinds
        if kind not in _TALLIES
    ]
    return found | dict(store.fetch(*counted))


def page(
    store: Store, kind: str, day: str, cutoff: str, offset: int, limit: int | None
) -> list[Row[tuple[str, str, list[Any]]]]:
    """(person id, message, evidence) of the kept alerts of `kind` that hold on `day`, by
    person id."""
    statement = (
        select(PersonAlertRow.person_id, PersonAlertRow.message, PersonAlertRow.evidence)
        .where(_holding(kind, day, cutoff))
        .order_by(PersonAlertRow.person_id, PersonAlertRow.position)
        .offset(offset)
        .limit(limit)
    )
    return store.fetch(statement)


def of_person(
    store: Store, person_id: str, day: str, cutoff: str
) -> list[Row[tuple[str, str, str, list[Any]]]] | None:
    """(kind, person id, message, evidence) of the kept alerts of a person that hold on
    `day`, in their order (that of `casetrail.derive.alerts.person_alerts`); None when
    they cannot be read from the kept ones: the person has none kept (not a person of
    concern), a write marked them stale since, or they have a fact or a mention after `day`."""
    params = {"person_id": person_id, "day": day, "cutoff": cutoff}
    with store.snapshot():
        [(fresh,)] = store.fetch(_FRESH, params=params)
        return store.fetch(_OF_PERSON, params=params) if fresh else None


def _of_person() -> tuple[Select[Any], Select[Any]]:
    """The statements of `of_person`: whether the person's kept alerts hold on `:day`, and
    those that do. Made once: they cost SQLAlchemy more to make than SQLite to run."""
    person_id, day, cutoff = bindparam("person_id"), bindparam("day"), bindparam("cutoff")
    marks = [
        select(literal(1)).where(table.person_id == person_id).exists()
        for table in (StaleStatusRow, StaleWorkRow)
    ]
    settled = select(AlertHorizonRow.settled_from <= day).where(
        AlertHorizonRow.person_id == person_id
    )
    fresh = select(and_(settled.scalar_subquery(), ~marks[0], ~marks[1]))
    by_day = ("not_mentioned", "due_for_release")
    holding = [PersonAlertRow.kind.not_in(by_day), *(_holding(k, day, cutoff) for k in by_day)]
    kept = (
        select(
            PersonAlertRow.kind,
            PersonAlertRow.person_id,
            PersonAlertRow.message,
            PersonAlertRow.evidence,
        )
        .where(PersonAlertRow.person_id == person_id, or_(*holding))
        .order_by(PersonAlertRow.position)
    )
    return fresh, kept


_FRESH, _OF_PERSON = _of_person()


def unsettled(store: Store, day: str) -> list[str]:
    """The persons of concern with a fact or a mention after `day` (ISO), by id: their
    alerts as of that day cannot be read from the kept ones."""
    return sorted(pid for (pid,) in store.fetch(_UNSETTLED, params={"day": day}))


# A range of the index of settled days, each person's role probed: SQLite, asked to join the
# roles or to order by person, walked all the persons of concern (10 ms at 100,000 documents)
# where today's range holds none.
_UNSETTLED = select(AlertHorizonRow.person_id).where(
    AlertHorizonRow.settled_from > bindparam("day"),
    select(PersonRoleRow.person_id)
    .where(PersonRoleRow.person_id == AlertHorizonRow.person_id, PersonRoleRow.role == "concern")
    .exists(),
)


def undated_count(store: Store) -> int:
    return store.fetch(select(func.count()).where(DocumentRow.date.is_(None)))[0][0]
