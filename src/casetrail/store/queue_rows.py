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
    PersonRecordRow,
    PersonRoleRow,
    PersonRow,
    QueueDatingRow,
    QueueFactRow,
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


def save(store: Store, kept: Kept) -> None:
    with store._writing() as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":  # the lock of `Store.save_statuses`
            connection.execute(select(func.pg_advisory_xact_lock(_PERSONS_LOCK_KEY + 2)))
        for ids in _chunks(sorted(set(kept.person_ids))):
            connection.execute(delete(QueueFactRow).where(QueueFactRow.person_id.in_(ids)))
            connection.execute(delete(QueueDatingRow).where(QueueDatingRow.person_id.in_(ids)))
        for kinds, values in (
            (("demand",), kept.demand_ids),
            (("document-date", "document-kind"), kept.document_ids),
        ):
            for ids in _chunks(sorted(set(values))):
                connection.execute(
                    delete(QueueFactRow).where(
                        QueueFactRow.kind.in_(kinds), QueueFactRow.fact_id.in_(ids)
                    )
                )
        alive: set[str] = set()
        persons = {r["person_id"] for r in kept.rows} | {pid for pid, _ in kept.dating}
        for ids in _chunks(sorted(persons)):
            alive.update(connection.scalars(select(PersonRow.id).where(PersonRow.id.in_(ids))))
        rows = [r for r in kept.rows if r["person_id"] in alive]
        if rows:
            connection.execute(insert(QueueFactRow), rows)
        dating = [
            {"person_id": pid, "document_id": document_id}
            for pid, document_id in kept.dating
            if pid in alive
        ]
        if dating:
            connection.execute(insert(QueueDatingRow), dating)


def mark_stale(store: Store, person_ids: Collection[str]) -> None:
    """Mark these persons' alerts and facts to check to be derived again."""
    with store._writing() as session:
        rows = [{"person_id": pid} for pid in sorted(set(person_ids))]
        if rows:
            session.execute(insert(StaleWorkRow), rows)


def stale(store: Store) -> list[tuple[int, str]]:
    """(mark, person) of the persons marked by `mark_stale`."""
    return [
        (mark, pid) for mark, pid in store.fetch(select(StaleWorkRow.id, StaleWorkRow.person_id))
    ]


def clear(store: Store, marks: Collection[int]) -> None:
    """Clear these marks (those read: a person marked again since stays marked)."""
    with store._writing() as session:
        for ids in _chunks(sorted(marks)):
            session.execute(delete(StaleWorkRow).where(StaleWorkRow.id.in_(ids)))


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


def record_persons(store: Store, record_ids: Collection[int]) -> dict[int, str]:
    """The person of each of these records that has one."""
    statements = [
        select(PersonRecordRow.id, PersonRecordRow.person_id).where(
            PersonRecordRow.id.in_(ids), PersonRecordRow.person_id.is_not(None)
        )
        for ids in _chunks(sorted(record_ids))
    ]
    return dict(store.fetch(*statements))


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
