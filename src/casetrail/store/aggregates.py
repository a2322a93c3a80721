"""What the persons and advocates pages read, kept up to date on write rather than counted
over every record on each read: the roles of each person (`person_roles`), who wrote about
whom (`advocate_concerns`), how many documents name each advocate with the descriptors
they give them (`advocate_summaries`), and what each person's records say (`person_facets`,
for the search page).

They follow the persons' records: `refresh_aggregates` counts again the roles of the persons
a write marked stale (`casetrail.derive.status.refresh_stored_statuses` calls it with the
stored statuses, before it clears the marks), or everything in one pass, and hands the marks
on to `refresh_advocacy`, which the advocates pages call, and to `refresh_facets`, which the
search page calls: the persons pages never wait for an advocate's thousands of links and
records. The co-signers follow the links (`casetrail.store.cosigners`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    distinct,
    func,
    insert,
    select,
    true,
    update,
)
from sqlalchemy.orm import aliased

from casetrail.store import cosigners
from casetrail.store.schema import (
    AdvocacyVersionRow,
    AdvocateConcernRow,
    AdvocateSummaryRow,
    DocumentRow,
    PersonFacetRow,
    PersonRecordRow,
    PersonRoleRow,
    StaleAdvocacyRow,
    StaleFacetsRow,
)
from casetrail.store.store import _PERSONS_LOCK_KEY, Store

_CHUNK = 1000  # ids per IN (...) list: within every database's limit on parameters

_ADVOCATE = aliased(PersonRecordRow)
_CONCERN = aliased(PersonRecordRow)
_LINKS = AdvocateConcernRow.__table__
_SUMMARIES = AdvocateSummaryRow.__table__
_ROLES = PersonRoleRow.__table__
_STALE = StaleAdvocacyRow.__table__
_VERSION = AdvocacyVersionRow.__table__
_FACETS = PersonFacetRow.__table__
_STALE_FACETS = StaleFacetsRow.__table__


def _links(where: ColumnElement[bool]) -> Any:
    """(advocate, person of concern, documents) of the records `where` keeps."""
    return (
        select(_ADVOCATE.person_id, _CONCERN.person_id, func.count(distinct(_ADVOCATE.document_id)))
        .join(
            _CONCERN,
            and_(
                _CONCERN.document_id == _ADVOCATE.document_id,
                _CONCERN.role == "concern",
                _CONCERN.person_id.is_not(None),
            ),
        )
        .where(_ADVOCATE.role == "advocate", _ADVOCATE.person_id.is_not(None), where)
        .group_by(_ADVOCATE.person_id, _CONCERN.person_id)
    )


def _summaries(connection: Connection, where: ColumnElement[bool]) -> list[dict[str, Any]]:
    """The `advocate_summaries` rows of the advocates whose records `where` keeps: the
    database reduces their records (thousands for some) to the distinct lists of
    descriptors, by first appearance."""
    advocate = and_(
        PersonRecordRow.role == "advocate", PersonRecordRow.person_id.is_not(None), where
    )
    documents = select(
        PersonRecordRow.person_id, func.count(distinct(PersonRecordRow.document_id))
    ).where(advocate)
    counted = dict(connection.execute(documents.group_by(PersonRecordRow.person_id)).all())
    described = cast(PersonRecordRow.descriptors, Text)
    first = func.min(PersonRecordRow.id).label("first")
    lists = (
        select(PersonRecordRow.person_id, described, first)
        .where(advocate)
        .group_by(PersonRecordRow.person_id, described)
        .order_by(first)
    )
    descriptors: dict[str, dict[str, None]] = {pid: {} for pid in counted}
    for pid, found, _ in connection.execute(lists):
        descriptors[pid].update(dict.fromkeys(json.loads(found) if found else ()))
    return [
        {"person_id": pid, "documents": count, "descriptors": list(descriptors[pid])}
        for pid, count in counted.items()
    ]


def _roles(where: ColumnElement[bool]) -> Any:
    """(person, role) of the resolved records `where` keeps, each once."""
    return (
        select(PersonRecordRow.person_id, PersonRecordRow.role)
        .where(PersonRecordRow.person_id.is_not(None), where)
        .distinct()
    )


def _facets(where: ColumnElement[bool]) -> Any:
    """The `person_facets` rows of the resolved records `where` keeps: the database groups
    them (thousands for some persons) by what they say."""
    said = (
        PersonRecordRow.person_id,
        PersonRecordRow.role,
        cast(PersonRecordRow.descriptors, Text),
        PersonRecordRow.name,
        cast(PersonRecordRow.aliases, Text),
        DocumentRow.kind,
        func.substr(DocumentRow.date, 1, 4),
    )
    return (
        select(*said, func.count())
        .join(DocumentRow, DocumentRow.id == PersonRecordRow.document_id)
        .where(PersonRecordRow.person_id.is_not(None), where)
        .group_by(*said)
    )


_FACET_COLUMNS = ("person_id", "role", "descriptors", "name", "aliases", "kind", "year", "records")
_LINK_COLUMNS = ("advocate_id", "concern_id", "documents")
_ROLE_COLUMNS = ("person_id", "role")


@contextmanager
def _counting(store: Store) -> Iterator[Connection]:
    """A writing transaction, one at a time across processes: two workers counting the same
    persons at once would insert the same rows (SQLite's writers take turns anyway)."""
    with store._writing() as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":  # the lock of `Store.save_statuses`
            connection.execute(select(func.pg_advisory_xact_lock(_PERSONS_LOCK_KEY + 2)))
        yield connection


def refresh_aggregates(store: Store, person_ids: Collection[str] | None) -> None:
    """Count again the roles of these persons, and mark their advocacy and facets to be
    counted again (`refresh_advocacy`, `refresh_facets`); everyone's roles, facets and
    advocacy at once when None."""
    with _counting(store) as connection:
        if person_ids is None:
            for table in (_ROLES, _FACETS, _LINKS, _SUMMARIES, _STALE, _STALE_FACETS):
                connection.execute(delete(table))
            connection.execute(insert(_ROLES).from_select(_ROLE_COLUMNS, _roles(true())))
            connection.execute(insert(_FACETS).from_select(_FACET_COLUMNS, _facets(true())))
            connection.execute(insert(_LINKS).from_select(_LINK_COLUMNS, _links(true())))
            cosigners.count_all(connection)
            _insert_summaries(connection, true())
            cosigners.count_concerns(connection, None)
            _changed(connection)
            return
        ordered = sorted(set(person_ids))
        for start in range(0, len(ordered), _CHUNK):
            ids = ordered[start : start + _CHUNK]
            connection.execute(delete(_ROLES).where(_ROLES.c.person_id.in_(ids)))
            roles = _roles(PersonRecordRow.person_id.in_(ids))
            connection.execute(insert(_ROLES).from_select(_ROLE_COLUMNS, roles))
        for marks in (_STALE, _STALE_FACETS):
            connection.execute(insert(marks), [{"person_id": pid} for pid in ordered])


def _recount_marked(
    store: Store, marks: Table, recount: Callable[[Connection, list[str]], None]
) -> int:
    """`recount` the persons of these marks, in one transaction, a list of ids at a time,
    and clear the marks read (a person marked again since stays marked); how many persons
    were. Cheap when none is."""
    read = store.fetch(select(marks.c.id, marks.c.person_id))
    if not read:
        return 0
    ordered = sorted({pid for _, pid in read})
    with _counting(store) as connection:
        for start in range(0, len(ordered), _CHUNK):
            recount(connection, ordered[start : start + _CHUNK])
        for start in range(0, len(read), _CHUNK):
            done = [mark for mark, _ in read[start : start + _CHUNK]]
            connection.execute(delete(marks).where(marks.c.id.in_(done)))
    return len(ordered)


_refreshing = threading.Lock()


def refresh_advocacy(store: Store) -> int:
    """Count again the links and summaries of the persons marked stale, as advocates and as
    persons of concern; how many were."""
    with _refreshing:  # threads wait for one count rather than repeat it
        return _recount_marked(store, _STALE, _recount_advocacy)


def _recount_advocacy(connection: Connection, ids: list[str]) -> None:
    relinked = _update_links(connection, ids)
    connection.execute(delete(_SUMMARIES).where(_SUMMARIES.c.person_id.in_(ids)))
    _insert_summaries(connection, PersonRecordRow.person_id.in_(ids))
    # Their summaries are new, and an advocate not among them may have gained or lost a
    # person of concern who is.
    cosigners.count_concerns(connection, relinked | set(ids))
    _changed(connection)


_faceting = threading.Lock()


def refresh_facets(store: Store) -> int:
    """Count again the facets of the persons marked stale (the search page asks, before it
    reads them): an advocate's facets group thousands of records, which the persons pages
    after a write need not wait for; how many persons were."""
    with _faceting:
        return _recount_marked(store, _STALE_FACETS, _recount_facets)


def _recount_facets(connection: Connection, ids: list[str]) -> None:
    connection.execute(delete(_FACETS).where(_FACETS.c.person_id.in_(ids)))
    facets = _facets(PersonRecordRow.person_id.in_(ids))
    connection.execute(insert(_FACETS).from_select(_FACET_COLUMNS, facets))


def _changed(connection: Connection) -> None:
    """One more version of the advocacy counts, in the transaction that changes them."""
    bumped = connection.execute(update(_VERSION).values(version=_VERSION.c.version + 1))
    if not bumped.rowcount:  # a database whose row was lost: counted from here
        connection.execute(insert(_VERSION).values(id=1, version=1))


def advocacy_version(store: Store) -> int:
    """The version of the advocacy counts: it changes whenever they do."""
    found = store.fetch(select(_VERSION.c.version))
    return found[0][0] if found else 0


_PAIR = (_LINKS.c.advocate_id == bindparam("advocate"), _LINKS.c.concern_id == bindparam("concern"))


def _update_links(connection: Connection, ids: list[str]) -> set[str]:
    """Bring the links of these persons in line with their records, writing only the links
    that changed: an advocate may have thousands, a new document changes a few. The
    advocates who gained or lost a link."""
    as_advocate = _ADVOCATE.person_id.in_(ids)
    as_concern = and_(_CONCERN.person_id.in_(ids), _ADVOCATE.person_id.not_in(ids))
    counted = {
        (advocate, concern): documents
        for where in (as_advocate, as_concern)
        for advocate, concern, documents in connection.execute(_links(where))
    }
    stored = {
        (advocate, concern): documents
        # One index each: together (OR) they would scan the table.
        for where in (_LINKS.c.advocate_id.in_(ids), _LINKS.c.concern_id.in_(ids))
        for advocate, concern, documents in connection.execute(select(_LINKS).where(where))
    }
    gone = [{"advocate": a, "concern": c} for a, c in stored.keys() - counted.keys()]
    changed = [
        {"advocate": a, "concern": c, "count": n}
        for (a, c), n in counted.items()
        if (a, c) in stored and stored[a, c] != n
    ]
    added = [
        {"advocate_id": a, "concern_id": c, "documents": n}
        for (a, c), n in counted.items()
        if (a, c) not in stored
    ]
    cosigners.links_changed(
        connection, added=counted.keys() - stored.keys(), gone=stored.keys() - counted.keys()
    )
    if gone:
        connection.execute(delete(_LINKS).where(*_PAIR), gone)
    if changed:
        connection.execute(
            update(_LINKS).where(*_PAIR).values(documents=bindparam("count")), changed
        )
    if added:
        connection.execute(insert(_LINKS), added)
    return {advocate for advocate, _ in counted.keys() ^ stored.keys()}


def _insert_summaries(connection: Connection, where: ColumnElement[bool]) -> None:
    rows = _summaries(connection, where)
    if rows:
        connection.execute(insert(_SUMMARIES), rows)
