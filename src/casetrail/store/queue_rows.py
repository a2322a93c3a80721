"""The queue of facts to verify, kept on write (`queue_facts`, `queue_dating`): saved with
the stored statuses of the persons a write marked stale (`casetrail.facts.kept_queue_rows`
derives the rows), read from the start of its order by the queue page."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, delete, func, insert, select

from casetrail.store.reviews import FactRef
from casetrail.store.schema import (
    DemandRow,
    DemandTargetRow,
    DocumentRow,
    PersonRecordRow,
    PersonRoleRow,
    PersonRow,
    QueueDatingRow,
    QueueFactRow,
    StaleQueueRow,
    StaleWorkRow,
)
from casetrail.store.store import _PERSONS_LOCK_KEY, Store, _chunks


@dataclass(frozen=True, slots=True)
class Kept:
    """What to store for some persons: their rows replace those listed under them, and
    those of these demands and documents (listed under anyone) are replaced too."""

    person_ids: Sequence[str]
    dating: list[tuple[str, int]]  # (person, document whose date places a deciding event)
    rows: list[dict[str, Any]]  # `QueueFactRow` columns
    demand_ids: Sequence[int]
    document_ids: Sequence[int]


def row(ref: FactRef, person_id: str, name: str, priority: int) -> dict[str, Any]:
    return {
        "kind": ref.kind,
        "fact_id": ref.id,
        "person_id": person_id,
        "name_key": name.casefold(),
        "priority": priority,
    }


_COLUMNS = ("kind", "fact_id", "person_id", "name_key", "priority")


def save(store: Store, kept: Kept) -> None:
    """Replace the rows listed under `kept.person_ids` and those of its demands and documents
    with `kept.rows`, writing only those that changed: a person named in thousands of
    documents has as many rows, of which a letter changes a few."""
    with store._writing() as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":  # the lock of `Store.save_statuses`
            connection.execute(select(func.pg_advisory_xact_lock(_PERSONS_LOCK_KEY + 2)))
        columns = [QueueFactRow.id, *(getattr(QueueFactRow, name) for name in _COLUMNS)]
        statements = [
            select(*columns).where(QueueFactRow.person_id.in_(ids))
            for ids in _chunks(sorted(set(kept.person_ids)))
        ]
        for kinds, values in (
            (("demand",), kept.demand_ids),
            (("document-date", "document-kind"), kept.document_ids),
        ):
            statements += [
                select(*columns).where(QueueFactRow.kind.in_(kinds), QueueFactRow.fact_id.in_(ids))
                for ids in _chunks(sorted(set(values)))
            ]
        before = {
            tuple(found)[1:]: found[0]
            for statement in statements
            for found in connection.execute(statement)
        }
        alive: set[str] = set()
        persons = {r["person_id"] for r in kept.rows} | {pid for pid, _ in kept.dating}
        for ids in _chunks(sorted(persons)):
            alive.update(connection.scalars(select(PersonRow.id).where(PersonRow.id.in_(ids))))
        after = {tuple(r[name] for name in _COLUMNS) for r in kept.rows if r["person_id"] in alive}
        for ids in _chunks(sorted(row_id for row, row_id in before.items() if row not in after)):
            connection.execute(delete(QueueFactRow).where(QueueFactRow.id.in_(ids)))
        if added := [
            dict(zip(_COLUMNS, row, strict=True)) for row in sorted(after - before.keys())
        ]:
            connection.execute(insert(QueueFactRow), added)
        dated = {
            tuple(found)
            for ids in _chunks(sorted(set(kept.person_ids)))
            for found in connection.execute(
                select(QueueDatingRow.person_id, QueueDatingRow.document_id).where(
                    QueueDatingRow.person_id.in_(ids)
                )
            )
        }
        dating = {(pid, document_id) for pid, document_id in kept.dating if pid in alive}
        for pid, document_id in dated - dating:
            connection.execute(
                delete(QueueDatingRow).where(
                    QueueDatingRow.person_id == pid, QueueDatingRow.document_id == document_id
                )
            )
        if added_dating := sorted(dating - dated):
            connection.execute(
                insert(QueueDatingRow),
                [
                    {"person_id": pid, "document_id": document_id}
                    for pid, document_id in added_dating
                ],
            )


# Marks: a write marks its persons' alerts (and facts to check) stale (`StaleWorkRow`); the
# refresh of their alerts hands the marks on to the queue (`StaleQueueRow`).
Marks = type[StaleWorkRow] | type[StaleQueueRow]


def mark_stale(store: Store, person_ids: Collection[str], marks: Marks = StaleWorkRow) -> None:
    """Mark these persons' alerts and facts to check (or, with `StaleQueueRow`, their facts
    to check only) to be derived again."""
    rows = [{"person_id": pid} for pid in sorted(set(person_ids))]
    if not rows:  # no write lock to wait for: the pages call it with nobody stale
        return
    with store._writing() as session:
        session.execute(insert(marks), rows)


def stale(store: Store, marks: Marks = StaleWorkRow) -> list[tuple[int, str]]:
    """(mark, person) of the persons marked by `mark_stale`."""
    return [(mark, pid) for mark, pid in store.fetch(select(marks.id, marks.person_id))]


def clear(store: Store, cleared: Collection[int], marks: Marks = StaleWorkRow) -> None:
    """Clear these marks (those read: a person marked again since stays marked)."""
    if not cleared:  # no write lock to wait for: the pages call it with nothing marked
        return
    with store._writing() as session:
        for ids in _chunks(sorted(cleared)):
            session.execute(delete(marks).where(marks.id.in_(ids)))


def of_concern(store: Store, person_ids: Collection[str]) -> set[str]:
    """Those of these persons that a document presents as a person of concern."""
    statements = [
        select(PersonRoleRow.person_id).where(
            PersonRoleRow.role == "concern", PersonRoleRow.person_id.in_(ids)
        )
        for ids in _chunks(sorted(person_ids))
    ]
    return {pid for (pid,) in store.fetch(*statements)}


def listed_under(store: Store, person_ids: Collection[str]) -> list[FactRef]:
    """The demands and document dates and kinds listed under these persons."""
    # The kinds are kept here, not in the query: with them there, SQLite walks the index
    # of the kinds (hundreds of thousands of rows) rather than that of the persons.
    statements = [
        select(QueueFactRow.kind, QueueFactRow.fact_id).where(QueueFactRow.person_id.in_(ids))
        for ids in _chunks(sorted(person_ids))
    ]
    return [
        FactRef(kind, fact_id)
        for kind, fact_id in store.fetch(*statements)
        if kind in ("demand", "document-date", "document-kind")
    ]


def dating(store: Store, document_ids: Collection[int]) -> list[tuple[str, int]]:
    """(person, document) of these documents' dates that place a deciding event."""
    statements = [
        select(QueueDatingRow.person_id, QueueDatingRow.document_id).where(
            QueueDatingRow.document_id.in_(ids)
        )
        for ids in _chunks(sorted(document_ids))
    ]
    return [(pid, document_id) for pid, document_id in store.fetch(*statements)]


def record_documents(store: Store, record_ids: Collection[int]) -> set[int]:
    statements = [
        select(PersonRecordRow.document_id).where(PersonRecordRow.id.in_(ids))
        for ids in _chunks(sorted(record_ids))
    ]
    return {document_id for (document_id,) in store.fetch(*statements)}


def first(store: Store, limit: int) -> tuple[list[Row[tuple[str, int, str, int]]], int]:
    """(kind, fact id, person, priority) of the first `limit` facts of the queue, in its
    order (priority, the person's name case-folded, the fact: by the index, in the order
    of the database's collation), and how many there are."""
    columns = (QueueFactRow.kind, QueueFactRow.fact_id, QueueFactRow.person_id)
    statement = (
        select(*columns, QueueFactRow.priority)
        .order_by(
            QueueFactRow.priority, QueueFactRow.name_key, QueueFactRow.kind, QueueFactRow.fact_id
        )
        .limit(limit)
    )
    counted = select(func.count()).select_from(QueueFactRow)
    rows = store.fetch(statement)
    return rows, store.fetch(counted)[0][0]


# What the queue's rows of some persons are derived from, without the names, quotes and
# spellings a reviewer reads: a person named in thousands of documents is derived again on
# each letter naming them.


@dataclass(frozen=True, slots=True)
class Demand:
    id: int
    state: str
    target_persons: tuple[str | None, ...]  # the person of each record it is made for


def demands(
    store: Store, record_ids: Collection[int] = (), ids: Collection[int] = ()
) -> list[Demand]:
    """The demands (but those rejected) for these records, and those of these ids, by id."""
    found = set(ids)
    statements = [
        select(DemandTargetRow.demand_id).where(DemandTargetRow.record_id.in_(chunk))
        for chunk in _chunks(sorted(set(record_ids)))
    ]
    found.update(demand_id for (demand_id,) in store.fetch(*statements))
    statements = [
        select(DemandRow.id, DemandRow.state, DemandTargetRow.record_id, PersonRecordRow.person_id)
        .join(DemandTargetRow, DemandTargetRow.demand_id == DemandRow.id, isouter=True)
        .join(PersonRecordRow, PersonRecordRow.id == DemandTargetRow.record_id, isouter=True)
        .where(DemandRow.id.in_(chunk), DemandRow.state != "rejected")
        .order_by(DemandRow.id, DemandTargetRow.position)
        for chunk in _chunks(sorted(found))
    ]
    states: dict[int, str] = {}
    targets: dict[int, list[str | None]] = {}
    for demand_id, state, record_id, pid in store.fetch(*statements):
        states[demand_id] = state
        if record_id is not None:
            targets.setdefault(demand_id, []).append(pid)
    return [
        Demand(demand_id, states[demand_id], tuple(targets.get(demand_id, ())))
        for demand_id in sorted(states)
    ]


def records(
    store: Store, person_ids: Collection[str] = (), document_ids: Collection[int] = ()
) -> list[Row[tuple[int, int, str | None, str, str]]]:
    """(record, document, person, role, state) of the records of these persons or of these
    documents, by record id."""
    columns = (
        PersonRecordRow.id,
        PersonRecordRow.document_id,
        PersonRecordRow.person_id,
        PersonRecordRow.role,
        PersonRecordRow.state,
    )
    statements = [
        select(*columns).where(PersonRecordRow.person_id.in_(chunk))
        for chunk in _chunks(sorted(set(person_ids)))
    ]
    statements += [
        select(*columns).where(PersonRecordRow.document_id.in_(chunk))
        for chunk in _chunks(sorted(set(document_ids)))
    ]
    return sorted(store.fetch(*statements), key=lambda row: row[0])


def document_states(
    store: Store, document_ids: Collection[int]
) -> list[Row[tuple[int, str | None, str, str]]]:
    """(document, kind, state of its date, state of its kind) of these documents, by id."""
    statements = [
        select(
            DocumentRow.id, DocumentRow.kind, DocumentRow.date_state, DocumentRow.kind_state
        ).where(DocumentRow.id.in_(chunk))
        for chunk in _chunks(sorted(set(document_ids)))
    ]
    return sorted(store.fetch(*statements), key=lambda row: row[0])
