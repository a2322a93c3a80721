"""Read-only queries for the derive and export stages: flat facts joined with their documents.

`Store` answers document-shaped questions (one document with everything in it); deriving a case
needs person-shaped ones (every event of one person, whatever the document). These functions
take an open `Store`, never write, and return small frozen records that carry the document
each fact came from, so that every derived statement can cite its source.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, Text, and_, bindparam, cast, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from casetrail.domain import (
    CaseFact,
    CaseFactValue,
    EventType,
    Extractor,
    PartialDate,
    kind_of,
    touches_doubtful,
)
from casetrail.store.rows import to_date
from casetrail.store.schema import (
    AdvocateConcernRow,
    Base,
    CaseFactRow,
    DemandRow,
    DemandTargetRow,
    DocumentRow,
    EventRow,
    MentionRow,
    PersonFacetRow,
    PersonRecordRow,
    PersonRow,
    PersonStatusRow,
    StaleStatusRow,
    UserEditRow,
)
from casetrail.store.store import Store

_CHUNK = 1000  # ids per IN (...) list: within every database's limit on parameters


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """What a citation needs to name a document."""

    id: int
    title: str | None
    date: PartialDate | None
    kind: str | None
    source: str
    # Of a text read by OCR: the ranges of the words read with low confidence.
    doubtful: tuple[tuple[int, int], ...] = ()
    # The verification states of `date` and `kind` (schema.FACT_STATES).
    date_state: str = "extracted"
    kind_state: str = "extracted"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact is stated: a span of one document's original text."""

    document: DocumentRef
    start: int
    end: int
    quote: str

    @property
    def low_confidence_ocr(self) -> bool:
        """Whether the quote was read by OCR with low confidence (a word of it, at least)."""
        return touches_doubtful(self.document.doubtful, self.start, self.end)


@dataclass(frozen=True, slots=True)
class EventFact:
    """A stored event of a resolved person, with the document that states it."""

    id: int
    person_id: str
    record_id: int
    document: DocumentRef
    type: EventType
    date: PartialDate | None  # as stored: the text's date, or the document's (see below)
    date_from_document: bool  # extraction put the document's date in `date`
    detail: str
    start: int
    end: int
    quote: str
    extractor: Extractor
    edited_by: str | None
    state: str = "extracted"  # schema.FACT_STATES

    @property
    def checked(self) -> bool:
        """A person confirmed, corrected or added it: it outweighs an unchecked fact."""
        return self.state in ("confirmed", "corrected", "manual")

    @property
    def own_date(self) -> PartialDate | None:
        """The date the text gives for the event itself, if any."""
        return None if self.date_from_document else self.date

    @property
    def source(self) -> Source:
        return Source(self.document, self.start, self.end, self.quote)


@dataclass(frozen=True, slots=True)
class StoredCaseFact:
    """A stored case fact (charge, sentence, detention, restriction) of a resolved person."""

    id: int
    person_id: str
    record_id: int
    document: DocumentRef
    date: PartialDate | None  # the text's: of the verdict, the charge, since when held
    value: CaseFactValue
    start: int
    end: int
    quote: str
    sentence_start: int | None  # the sentence of the document stating it

    @property
    def kind(self) -> str:
        return kind_of(self.value)

    @property
    def source(self) -> Source:
        return Source(self.document, self.start, self.end, self.quote)


@dataclass(frozen=True, slots=True)
class Appearance:
    """A person as one document presents them (a stored person record)."""

    record_id: int
    person_id: str | None
    key: str
    document: DocumentRef
    name: str
    role: str
    aliases: tuple[str, ...]
    descriptors: tuple[str, ...]
    state: str = "extracted"  # of the role (schema.FACT_STATES)


@dataclass(frozen=True, slots=True)
class DemandFact:
    """A stored demand, with the records (ids) it is made for."""

    id: int
    document: DocumentRef
    action: str
    target_record_ids: tuple[int, ...]
    demanders: tuple[str, ...]  # record keys of the same document, or organisation names
    addressees: tuple[str, ...]
    start: int
    end: int
    quote: str
    date: PartialDate | None = None  # the date the text gives for the act (not the document's)
    state: str = "extracted"  # schema.FACT_STATES

    @property
    def source(self) -> Source:
        return Source(self.document, self.start, self.end, self.quote)


def _chunks(values: Collection[Any] | None) -> Iterator[list[Any] | None]:
    """The values in IN-sized lists; a single None (no filter) when `values` is None."""
    if values is None:
        yield None
        return
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


_extractor = cache(Extractor)  # one object per extractor, not one per fact


@cache
def _date(iso: str | None) -> PartialDate | None:
    """`to_date`, once per distinct date: a listing of every event meets each many times."""
    return to_date(iso)


def _filtered(
    statement: Select[Any], column: InstrumentedAttribute[Any], values: Collection[Any] | None
) -> Iterator[Select[Any]]:
    for chunk in _chunks(values):
        yield statement if chunk is None else statement.where(column.in_(chunk))


def _in_list(column: InstrumentedAttribute[Any]) -> ColumnElement[bool]:
    """`column IN :values`, the values given at each execution (see `_rows_in`)."""
    return column.in_(bindparam("values", expanding=True))


def _rows_in(
    store: Store, statement: Select[Any], values: Collection[Any], **params: Any
) -> list[Any]:
    """The rows of a statement of `_in_list` for these values, an IN list at a time, in one
    snapshot. For the statements a page runs most, made once: one built anew at each call
    costs SQLAlchemy more to build and to match to its cache than SQLite takes to run it."""
    with store.snapshot():
        return [
            row
            for chunk in _chunks(values)
            for row in store.fetch(statement, params={"values": chunk, **params})
        ]


_DOCUMENTS = select(
    DocumentRow.id,
    DocumentRow.title,
    DocumentRow.date,
    DocumentRow.kind,
    DocumentRow.source,
    DocumentRow.ocr_doubtful,
    DocumentRow.date_state,
    DocumentRow.kind_state,
).order_by(DocumentRow.id)
_DOCUMENTS_IN = _DOCUMENTS.where(_in_list(DocumentRow.id))


def documents(store: Store, ids: Collection[int] | None = None) -> dict[int, DocumentRef]:
    """References to documents (all when `ids` is None), by id."""
    rows = store.fetch(_DOCUMENTS) if ids is None else _rows_in(store, _DOCUMENTS_IN, ids)
    return {
        id_: DocumentRef(
            id_, title, _date(date), kind, source, tuple(map(tuple, doubtful or ())), *states
        )
        for id_, title, date, kind, source, doubtful, *states in rows
    }


def _documents_of(store: Store, rows: list[Any]) -> dict[int, DocumentRef]:
    """The documents of fact rows whose first column is a document id."""
    ids = {row[0] for row in rows}
    # Beyond a few IN lists, one pass over every document is faster.
    return documents(store, ids if len(ids) <= 10 * _CHUNK else None)


def _known_documents(
    store: Store, rows: list[Any], known: Mapping[int, DocumentRef] | None
) -> Mapping[int, DocumentRef]:
    """`_documents_of` these rows, but for the documents `known` to the caller."""
    known = known or {}
    unknown = [row for row in rows if row[0] not in known]
    return {**known, **_documents_of(store, unknown)} if unknown else known


def undated_documents(store: Store, offset: int = 0, limit: int | None = None) -> list[DocumentRef]:
    """Documents whose date extraction could not find (or that were never extracted), by
    id, `limit` of them from `offset`."""
    statement = (
        select(DocumentRow.id)
        .where(DocumentRow.date.is_(None))
        .order_by(DocumentRow.id)
        .offset(offset)
        .limit(limit)
    )
    ids = [row[0] for row in store.fetch(statement)]
    return list(documents(store, ids).values())


_PERSON_NAMES = select(PersonRow.id, PersonRow.name).order_by(PersonRow.id)
_PERSON_NAMES_IN = _PERSON_NAMES.where(_in_list(PersonRow.id))


def person_names(store: Store, ids: Collection[str] | None = None) -> dict[str, str]:
    """The display name of persons (all when `ids` is None), by id."""
    if ids is None:
        return dict(store.fetch(_PERSON_NAMES))
    return dict(_rows_in(store, _PERSON_NAMES_IN, ids))


def record_persons(store: Store, person_ids: Collection[str] | None = None) -> dict[int, str]:
    """The person of each resolved record (of these persons), by record id."""
    statement = select(PersonRecordRow.id, PersonRecordRow.person_id).where(
        PersonRecordRow.person_id.is_not(None)
    )
    return dict(store.fetch(*_filtered(statement, PersonRecordRow.person_id, person_ids)))


def record_documents(store: Store, record_ids: Collection[int]) -> list[int]:
    """The documents of these person records."""
    statement = select(PersonRecordRow.document_id).distinct()
    return sorted(
        {row[0] for row in store.fetch(*_filtered(statement, PersonRecordRow.id, record_ids))}
    )


def concern_ids(store: Store) -> list[str]:
    """The persons that at least one document presents as a person of concern."""
    statement = (
        select(PersonRecordRow.person_id)
        .where(PersonRecordRow.role == "concern", PersonRecordRow.person_id.is_not(None))
        .distinct()
        .order_by(PersonRecordRow.person_id)
    )
    return [row[0] for row in store.fetch(statement)]


def spellings(
    store: Store, person_ids: Collection[str] | None = None
) -> list[tuple[str, str, list[str], int]]:
    """(person id, name, aliases, how many records) of the resolved records and of each person
    (of these persons): what a person is called. The database groups the records (thousands
    for some persons) by name and aliases."""
    aliases = cast(PersonRecordRow.aliases, Text)
    statement = (
        select(PersonRecordRow.person_id, PersonRecordRow.name, aliases, func.count())
        .where(PersonRecordRow.person_id.is_not(None))
        .group_by(PersonRecordRow.person_id, PersonRecordRow.name, aliases)
    )
    rows = store.fetch(*_filtered(statement, PersonRecordRow.person_id, person_ids))
    found = [(pid, name, json.loads(also or "[]"), n) for pid, name, also, n in rows]
    return found + [(pid, name, [], 1) for pid, name in person_names(store, person_ids).items()]


def event_page(
    store: Store,
    person_ids: Collection[str] | None,
    event_type: str | None,
    offset: int,
    limit: int,
) -> tuple[int, list[EventFact]]:
    """(how many events of resolved persons there are, of these persons (all when None)
    and of this type (any when None), those a person rejected aside; `limit` of them from
    `offset`, by id): the database counts and pages them."""
    kept = [EventRow.state != "rejected"]
    if event_type is not None:
        kept.append(EventRow.type == event_type)
    where = [PersonRecordRow.person_id.is_not(None), *kept]
    if person_ids is not None:
        where.append(PersonRecordRow.person_id.in_(sorted(person_ids)))
    joined = select(EventRow.id).join(PersonRecordRow, EventRow.record_id == PersonRecordRow.id)
    if person_ids is None:
        # Every event kept, from an index alone, less those of the (few) unresolved records:
        # not a join of each event to its record.
        unresolved = select(PersonRecordRow.id).where(PersonRecordRow.person_id.is_(None))
        every = select(func.count()).where(*kept).scalar_subquery()
        of_unresolved = (
            select(func.count()).where(*kept, EventRow.record_id.in_(unresolved)).scalar_subquery()
        )
        count = select(every - of_unresolved)
    else:
        count = select(func.count()).select_from(joined.where(*where).subquery())
    shown = joined.where(*where).order_by(EventRow.id).offset(offset).limit(limit)
    ids = [row[0] for row in store.fetch(shown)]
    return store.fetch(count)[0][0], events(store, person_ids, ids=ids) if ids else []


@cache
def _events_statement(rejected: bool, of_persons: bool) -> Select[Any]:
    """The events of `events`, rejected ones too or not, of the persons `_in_list` or all."""
    statement = (
        select(
            PersonRecordRow.document_id,
            EventRow.id,
            PersonRecordRow.person_id,
            EventRow.record_id,
            EventRow.type,
            EventRow.date,
            EventRow.date_from_document,
            EventRow.detail,
            EventRow.span_start,
            EventRow.span_end,
            EventRow.quote,
            EventRow.extractor_name,
            EventRow.extractor_version,
            EventRow.edited_by,
            EventRow.state,
        )
        .join(PersonRecordRow, EventRow.record_id == PersonRecordRow.id)
        .where(PersonRecordRow.person_id.is_not(None))
        .order_by(EventRow.id)
    )
    if not rejected:
        statement = statement.where(EventRow.state != "rejected")
    if of_persons:
        statement = statement.where(_in_list(PersonRecordRow.person_id))
    return statement


def events(
    store: Store,
    person_ids: Collection[str] | None = None,
    *,
    rejected: bool = False,
    ids: Collection[int] | None = None,
) -> list[EventFact]:
    """The events of resolved persons (all when `person_ids` is None; only these event `ids`
    when given), by id; those a person rejected only when `rejected` is set: every derived
    statement leaves them out."""
    if ids is not None:
        statement = _events_statement(rejected, False).where(EventRow.id.in_(sorted(ids)))
        rows = store.fetch(*_filtered(statement, PersonRecordRow.person_id, person_ids))
    elif person_ids is None:
        rows = store.fetch(_events_statement(rejected, False))
    else:
        rows = _rows_in(store, _events_statement(rejected, True), person_ids)
    refs = _documents_of(store, rows)
    found = [
        EventFact(
            id_,
            pid,
            record_id,
            refs[document_id],
            type_,
            _date(date),
            bool(from_document),
            detail,
            start,
            end,
            quote,
            _extractor(name, version),
            edited_by,
            state,
        )
        for (
            document_id,
            id_,
            pid,
            record_id,
            type_,
            date,
            from_document,
            detail,
            start,
            end,
            quote,
            name,
            version,
            edited_by,
            state,
        ) in rows
    ]
    return sorted(found, key=lambda fact: fact.id)


@cache
def _appearances_statement(by: str | None, roles: bool) -> Select[Any]:
    """The person records of `appearances`: of the persons or documents (`by` their column,
    `_in_list`), of some roles (`:roles`)."""
    statement = select(
        PersonRecordRow.document_id,
        PersonRecordRow.id,
        PersonRecordRow.person_id,
        PersonRecordRow.key,
        PersonRecordRow.name,
        PersonRecordRow.role,
        PersonRecordRow.aliases,
        PersonRecordRow.descriptors,
        PersonRecordRow.state,
    ).order_by(PersonRecordRow.id)
    if roles:
        statement = statement.where(PersonRecordRow.role.in_(bindparam("roles", expanding=True)))
    if by is not None:
        statement = statement.where(_in_list(getattr(PersonRecordRow, by)))
    return statement


def appearances(
    store: Store,
    person_ids: Collection[str] | None = None,
    document_ids: Collection[int] | None = None,
    roles: Collection[str] | None = None,
    known: Mapping[int, DocumentRef] | None = None,
) -> list[Appearance]:
    """Person records with their documents, by record id; filtered by persons or documents,
    and by role when given; the documents `known` to the caller are not read again."""
    if person_ids is None and document_ids is None:
        rows = store.fetch(_appearances_statement(None, roles is not None))
    else:
        by = "person_id" if person_ids is not None else "document_id"
        statement = _appearances_statement(by, roles is not None)
        values = person_ids if person_ids is not None else document_ids
        given = {"roles": list(roles)} if roles is not None else {}
        rows = _rows_in(store, statement, values or (), **given)
    refs = _known_documents(store, rows, known)
    found = [
        Appearance(
            id_,
            pid,
            key,
            refs[document_id],
            name,
            role,
            tuple(aliases or ()),
            tuple(descriptors or ()),
            state,
        )
        for document_id, id_, pid, key, name, role, aliases, descriptors, state in rows
    ]
    return sorted(found, key=lambda appearance: appearance.record_id)


def named_in(
    store: Store, document_ids: Collection[int], role: str
) -> list[tuple[int, str | None, str]]:
    """(document id, person id, name) of the records of this role in these documents, by
    record id: what `appearances` gives without the aliases, descriptors and documents."""
    statement = (
        select(PersonRecordRow.document_id, PersonRecordRow.person_id, PersonRecordRow.name)
        .where(PersonRecordRow.role == role)
        .order_by(PersonRecordRow.id)
    )
    rows = store.fetch(*_filtered(statement, PersonRecordRow.document_id, document_ids))
    return [(document_id, pid, name) for document_id, pid, name in rows]


_PEOPLE_IN = (
    select(
        PersonRecordRow.document_id,
        PersonRecordRow.person_id,
        PersonRecordRow.name,
        PersonRecordRow.descriptors,
        PersonRecordRow.role,
    )
    .where(_in_list(PersonRecordRow.document_id))
    .order_by(PersonRecordRow.id)
)
_PARTICIPANTS_IN = _PEOPLE_IN.where(PersonRecordRow.role == bindparam("role"))


class DocumentPerson(NamedTuple):
    """A person record as a search page shows it: what `appearances` gives without the
    document, key, aliases and state."""

    document_id: int
    person_id: str | None
    name: str
    descriptors: tuple[str, ...]
    role: str


def people_in(store: Store, document_ids: Collection[int]) -> list[DocumentPerson]:
    """The person records in these documents, by record id within each document."""
    rows = _rows_in(store, _PEOPLE_IN, document_ids)
    return [
        DocumentPerson(document_id, pid, name, tuple(found or ()), role)
        for document_id, pid, name, found, role in rows
    ]


def participants_in(
    store: Store, document_ids: Collection[int], role: str
) -> list[tuple[int, str | None, str, tuple[str, ...]]]:
    """(document id, person id, name, descriptors) of the records of this role in these
    documents, by record id: what `appearances` gives of them that a count of a person's
    advocates needs, without the documents, aliases and states."""
    rows = _rows_in(store, _PARTICIPANTS_IN, document_ids, role=role)
    return [
        (document_id, pid, name, tuple(found or ())) for document_id, pid, name, found, _ in rows
    ]


def _codepoint_order(store: Store, column: ColumnElement[str]) -> ColumnElement[str]:
    """`column` ordered by code points, as Python sorts strings (SQLite does by default;
    PostgreSQL by its collation, which skips spaces and punctuation at first)."""
    return column.collate("C") if store._engine.dialect.name == "postgresql" else column


def advocate_links(
    store: Store, advocate_id: str, offset: int = 0, limit: int | None = None
) -> tuple[list[tuple[str, str, int]], int]:
    """(person, display name, documents) of the persons of concern an advocate wrote about,
    as kept on write (`advocate_concerns`): the most documents first, then by name and id,
    from `offset`, at most `limit`; and how many there are."""
    link = AdvocateConcernRow
    statement = (
        select(link.concern_id, PersonRow.name, link.documents)
        .join(PersonRow, PersonRow.id == link.concern_id)
        .where(link.advocate_id == advocate_id)
        .order_by(link.documents.desc(), _codepoint_order(store, PersonRow.name), link.concern_id)
        .offset(offset)
        .limit(limit)
    )
    # Counted apart: a count over the page's rows (OVER ()) would join and sort every link,
    # where the page walks the index of the most documents and stops.
    counted = select(func.count()).where(link.advocate_id == advocate_id)
    *rows, (total,) = store.fetch(statement, counted)  # in one snapshot, the count last
    return [(pid, name, documents) for pid, name, documents in rows], total


def _shared() -> Select[Any]:
    advocate = aliased(PersonRecordRow)
    concern = aliased(PersonRecordRow)
    # Every person of concern of the advocate's documents, from the indexes alone, kept by
    # the caller: neither DISTINCT nor ORDER BY, with which SQLite reads every record of the
    # persons (thousands for some), nor the persons in the query, with which it probes each
    # document for each of them.
    return (
        select(concern.person_id, concern.document_id)
        .join(advocate, advocate.document_id == concern.document_id)
        .where(
            advocate.person_id == bindparam("advocate_id"),
            advocate.role == "advocate",
            concern.role == "concern",
        )
    )


_SHARED = _shared()  # made once: an alias costs SQLAlchemy more to make than SQLite to run it


def shared_documents(
    store: Store, advocate_id: str, concern_ids: Collection[str]
) -> dict[str, set[int]]:
    """The documents naming an advocate as advocate and each of these persons as a person
    of concern, by person, each once."""
    found: dict[str, set[int]] = {pid: set() for pid in concern_ids}
    for pid, document_id in store.fetch(_SHARED, params={"advocate_id": advocate_id}):
        if pid in found:
            found[pid].add(document_id)
    return found


_HAS_ROLE = (
    select(PersonRecordRow.id)
    .where(
        PersonRecordRow.person_id == bindparam("person_id"),
        PersonRecordRow.role == bindparam("role"),
    )
    .limit(1)
)


def has_role(store: Store, person_id: str, role: str) -> bool:
    """Whether some record of this role is the person's: one index entry."""
    return bool(store.fetch(_HAS_ROLE, params={"person_id": person_id, "role": role}))


def _unresolved_concerns() -> Select[Any]:
    advocate = aliased(PersonRecordRow)
    concern = aliased(PersonRecordRow)
    return (
        select(concern.document_id, concern.name)
        .join(advocate, advocate.document_id == concern.document_id)
        .where(
            concern.person_id.is_(None),
            concern.role == "concern",
            advocate.person_id == bindparam("advocate_id"),
            advocate.role == "advocate",
        )
        .order_by(concern.id)
    )


_UNRESOLVED_CONCERNS = _unresolved_concerns()  # made once, as `_SHARED`


def unresolved_concerns_of(store: Store, advocate_id: str) -> list[tuple[int, str]]:
    """(document id, name) of the records of persons of concern not resolved (yet) in the
    documents naming an advocate as advocate: none once every record is resolved."""
    rows = store.fetch(_UNRESOLVED_CONCERNS, params={"advocate_id": advocate_id})
    return [(document_id, name) for document_id, name in rows]


@cache
def _demands_statement(by: str | None, rejected: bool) -> Select[Any]:
    """The demands of `demands`: by `by` (their column, `_in_list`), rejected ones too or not."""
    statement = select(
        DemandRow.document_id,
        DemandRow.id,
        DemandRow.action,
        DemandRow.demanders,
        DemandRow.addressees,
        DemandRow.span_start,
        DemandRow.span_end,
        DemandRow.quote,
        DemandRow.date,
        DemandRow.state,
    ).order_by(DemandRow.id)
    if not rejected:
        statement = statement.where(DemandRow.state != "rejected")
    if by is not None:
        statement = statement.where(_in_list(getattr(DemandRow, by)))
    return statement


_DEMANDS_TARGETING = select(DemandTargetRow.demand_id).where(_in_list(DemandTargetRow.record_id))
_DEMAND_TARGETS = select(DemandTargetRow.demand_id, DemandTargetRow.record_id).order_by(
    DemandTargetRow.demand_id, DemandTargetRow.position
)
_DEMAND_TARGETS_IN = _DEMAND_TARGETS.where(_in_list(DemandTargetRow.demand_id))


def demands(
    store: Store,
    document_ids: Collection[int] | None = None,
    target_record_ids: Collection[int] | None = None,
    *,
    rejected: bool = False,
    ids: Collection[int] | None = None,
    known: Mapping[int, DocumentRef] | None = None,
) -> list[DemandFact]:
    """Demands with their targets, by id: of these documents, for these records, or these
    `ids`; those a person rejected only when `rejected` is set (derived statements, such as
    the alerts on stale demands, leave them out); the documents `known` to the caller (a
    person's events') are not read again."""
    with store.snapshot():
        if target_record_ids is not None and ids is None:
            ids = {row[0] for row in _rows_in(store, _DEMANDS_TARGETING, target_record_ids)}
        if ids is not None:
            rows = _rows_in(store, _demands_statement("id", rejected), ids)
        elif document_ids is not None:
            rows = _rows_in(store, _demands_statement("document_id", rejected), document_ids)
        else:
            rows = store.fetch(_demands_statement(None, rejected))
        if document_ids is not None or target_record_ids is not None:
            ids = [row[1] for row in rows]
        # Every demand's targets in one pass when every demand is read (ids is None).
        target_rows = (
            store.fetch(_DEMAND_TARGETS)
            if ids is None
            else _rows_in(store, _DEMAND_TARGETS_IN, ids)
        )
    targets: dict[int, list[int]] = {}
    for demand_id, record_id in target_rows:
        targets.setdefault(demand_id, []).append(record_id)
    refs = _known_documents(store, rows, known)
    found = [
        DemandFact(
            id_,
            refs[document_id],
            action,
            tuple(targets.get(id_, ())),
            tuple(demanders or ()),
            tuple(addressees or ()),
            start,
            end,
            quote,
            _date(date),
            state,
        )
        for document_id, id_, action, demanders, addressees, start, end, quote, date, state in rows
    ]
    return sorted(found, key=lambda demand: demand.id)


_FIRST_MENTIONS = select(
    MentionRow.record_id, MentionRow.span_start, MentionRow.span_end, MentionRow.quote
).where(
    MentionRow.id.in_(
        select(func.min(MentionRow.id))
        .where(_in_list(MentionRow.record_id))
        .group_by(MentionRow.record_id)
    )
)


def first_mentions(store: Store, record_ids: Collection[int]) -> dict[int, tuple[int, int, str]]:
    """(start, end, quote) of the first mention of each of these records: the evidence of
    the record's role."""
    rows = _rows_in(store, _FIRST_MENTIONS, record_ids)
    return {record_id: (start, end, quote) for record_id, start, end, quote in rows}


_DATE_EVIDENCE = select(
    DocumentRow.id,
    DocumentRow.date_span_start,
    DocumentRow.date_span_end,
    DocumentRow.date_quote,
).where(DocumentRow.date_span_start.is_not(None), _in_list(DocumentRow.id))


def date_evidence(store: Store, document_ids: Collection[int]) -> dict[int, tuple[int, int, str]]:
    """(start, end, quote) of where the text of each of these documents states its date, for
    those that state one."""
    rows = _rows_in(store, _DATE_EVIDENCE, document_ids)
    return {id_: (start, end, quote) for id_, start, end, quote in rows}


def last_mentions(
    store: Store, up_to: str | None = None, person_ids: Collection[str] | None = None
) -> dict[str, PartialDate]:
    """The date of the latest dated document naming each person, up to an ISO date."""
    statement = (
        select(PersonRecordRow.person_id, func.max(DocumentRow.date))
        .join(DocumentRow, PersonRecordRow.document_id == DocumentRow.id)
        .where(PersonRecordRow.person_id.is_not(None), DocumentRow.date.is_not(None))
        .group_by(PersonRecordRow.person_id)
    )
    if up_to is not None:
        # ISO strings compare as dates do; a coarser date ("2023") counts as up to its start.
        statement = statement.where(DocumentRow.date <= up_to)
    rows = store.fetch(*_filtered(statement, PersonRecordRow.person_id, person_ids))
    return {pid: PartialDate.parse(date) for pid, date in rows}


@dataclass(frozen=True, slots=True)
class FactReview:
    """One review of a fact: who, when, why, the verdict and what it changed."""

    fact_id: int
    user: str
    at: datetime
    state: str  # the verdict: confirmed, corrected, rejected (or manual: added by hand)
    reason: str | None
    changes: tuple[tuple[str, str | None, str | None], ...]  # (field, old, new)

    def describe(self) -> str:
        """ "confirmed by amina on 2026-12-06"; "corrected: date 2021-10-07 → unknown"."""
        changed = "; ".join(
            f"{f} {old or 'unknown'} → {new or 'unknown'}" for f, old, new in self.changes
        )
        said = f"{self.state}" + (f": {changed}" if changed else "")
        why = f" ({self.reason})" if self.reason else ""
        return f"{said} by {self.user} on {self.at.date().isoformat()}{why}"


def event_reviews(store: Store, event_ids: Collection[int]) -> dict[int, list[FactReview]]:
    """The reviews of these events, oldest first, by event id (events never reviewed have
    none). Hand edits made without a verdict count as corrections."""
    return fact_reviews(store, EventRow.__tablename__, event_ids)


_FACT_REVIEWS = (
    select(
        UserEditRow.fact_id,
        UserEditRow.edited_by,
        UserEditRow.edited_at,
        UserEditRow.field,
        UserEditRow.old_value,
        UserEditRow.new_value,
        UserEditRow.reason,
    )
    .where(UserEditRow.fact_table == bindparam("table"), _in_list(UserEditRow.fact_id))
    .order_by(UserEditRow.id)
)


def fact_reviews(
    store: Store, table: str, fact_ids: Collection[int]
) -> dict[int, list[FactReview]]:
    """The reviews of these facts of one kind (`user_edits.fact_table`, see
    `reviews.FACT_TABLES`), oldest first, by fact id."""
    grouped: dict[tuple[int, str, datetime], list[Any]] = {}
    for row in _rows_in(store, _FACT_REVIEWS, fact_ids, table=table):
        grouped.setdefault((row[0], row[1], row[2]), []).append(row)
    found: dict[int, list[FactReview]] = {}
    for (event_id, user, at), edits in grouped.items():
        verdicts = [edit.new_value for edit in edits if edit.field == "state"]
        found.setdefault(event_id, []).append(
            FactReview(
                event_id,
                user,
                at if at.tzinfo else at.replace(tzinfo=UTC),
                verdicts[-1] if verdicts else "corrected",
                next((edit.reason for edit in edits if edit.reason), None),
                tuple((e.field, e.old_value, e.new_value) for e in edits if e.field != "state"),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class HandEdit:
    """Who last edited or reviewed an event by hand, and its state since."""

    by: str
    state: str


def edited_events(store: Store) -> dict[int, HandEdit]:
    """The events edited or reviewed by hand, by event id."""
    statement = select(EventRow.id, EventRow.edited_by, EventRow.state).where(
        EventRow.edited_by.is_not(None)
    )
    return {id_: HandEdit(by, state) for id_, by, state in store.fetch(statement)}


@dataclass(frozen=True, slots=True)
class ReviewedFacts:
    """The roles, demands and document dates and kinds a person reviewed: their states and
    last reviewers (what an export carries beside the reviewed values)."""

    roles: dict[int, HandEdit]  # by record id
    demands: dict[tuple[int, int, int], HandEdit]  # by (document id, span start, span end)
    dates: dict[int, HandEdit]  # by document id
    kinds: dict[int, HandEdit]


def reviewed_facts(store: Store, document_ids: Collection[int] | None = None) -> ReviewedFacts:
    """The reviewed roles, demands, dates and kinds (of these documents, or all)."""
    reviewers = {
        (table, fact_id): by
        for table, fact_id, by in store.fetch(
            select(UserEditRow.fact_table, UserEditRow.fact_id, UserEditRow.edited_by)
            .where(UserEditRow.field == "state", UserEditRow.fact_table != EventRow.__tablename__)
            .order_by(UserEditRow.id)
        )
    }

    def edit(table: str, fact_id: int, state: str) -> HandEdit:
        return HandEdit(reviewers.get((table, fact_id), "unknown"), state)

    records = select(PersonRecordRow.id, PersonRecordRow.state).where(
        PersonRecordRow.state != "extracted"
    )
    demand_rows = select(
        DemandRow.document_id,
        DemandRow.span_start,
        DemandRow.span_end,
        DemandRow.id,
        DemandRow.state,
    ).where(DemandRow.state != "extracted")
    document_rows = select(DocumentRow.id, DocumentRow.date_state, DocumentRow.kind_state).where(
        (DocumentRow.date_state != "extracted") | (DocumentRow.kind_state != "extracted")
    )
    roles = {
        id_: edit(PersonRecordRow.__tablename__, id_, state)
        for id_, state in store.fetch(
            *_filtered(records, PersonRecordRow.document_id, document_ids)
        )
    }
    demands = {
        (document_id, start, end): edit(DemandRow.__tablename__, id_, state)
        for document_id, start, end, id_, state in store.fetch(
            *_filtered(demand_rows, DemandRow.document_id, document_ids)
        )
    }
    documents = store.fetch(*_filtered(document_rows, DocumentRow.id, document_ids))
    dates = {
        id_: edit("document_date", id_, state)
        for id_, state, _ in documents
        if state != "extracted"
    }
    kinds = {
        id_: edit("document_kind", id_, state)
        for id_, _, state in documents
        if state != "extracted"
    }
    return ReviewedFacts(roles, demands, dates, kinds)


def table_rows(store: Store, model: type[Base], columns: Sequence[str]) -> Iterator[tuple]:
    """All rows of one table (some of its columns), in primary-key order, streamed."""
    table = model.__table__
    statement = select(*(table.c[name] for name in columns)).order_by(*table.primary_key)
    with store.reading() as connection:
        yield from connection.execute(statement.execution_options(yield_per=_CHUNK))


def events_by_person(
    store: Store, person_ids: Collection[str] | None = None
) -> dict[str, list[EventFact]]:
    """`events`, grouped by person: every person asked for has a list, maybe empty."""
    grouped: dict[str, list[EventFact]] = {pid: [] for pid in person_ids or ()}
    for fact in events(store, person_ids):
        grouped.setdefault(fact.person_id, []).append(fact)
    return grouped


def stale_statuses(
    store: Store, unmarked: bool = False, claimed: bool = False
) -> list[tuple[int | None, str]]:
    """(mark id, person id) of the persons whose stored status a write made stale, but for
    those still claimed by their writer unless `claimed` (the writer's own refresh); with
    `unmarked`, then (None, person id) of those stored without a mark or a status (by a bulk
    load that bypassed the store: a pass over every person)."""
    marked = select(StaleStatusRow.id, StaleStatusRow.person_id).order_by(StaleStatusRow.id)
    if not claimed:
        marked = marked.where(_unclaimed())
    found: list[tuple[int | None, str]] = [(mark, pid) for mark, pid in store.fetch(marked)]
    if unmarked:
        segment = select(PersonStatusRow.person_id).where(PersonStatusRow.person_id == PersonRow.id)
        mark = select(StaleStatusRow.id).where(StaleStatusRow.person_id == PersonRow.id)
        missing = select(PersonRow.id).where(~segment.exists(), ~mark.exists())
        found += [(None, pid) for (pid,) in store.fetch(missing)]
    return found


def _unclaimed() -> ColumnElement[bool]:
    claimed_until = StaleStatusRow.claimed_until
    return or_(claimed_until.is_(None), claimed_until <= datetime.now(UTC))


def claimed_statuses(store: Store) -> int:
    """How many persons' statuses a writer is deriving again after its write: until it is
    done, the stored ones are those from before the write."""
    counted = select(func.count()).select_from(StaleStatusRow).where(~_unclaimed())
    return store.fetch(counted)[0][0]


STATUS_ON = aliased(PersonStatusRow, name="status_on")


def status_on(person_id: ColumnElement[str]) -> ColumnElement[bool]:
    """The condition joining `STATUS_ON` to the stored status segment of the person
    `person_id` on the day bound as `as_of` (ISO): the latest segment begun by then, found
    by two index seeks, however many segments the person has."""
    begun = (
        select(func.max(PersonStatusRow.from_day))
        .where(
            PersonStatusRow.person_id == person_id, PersonStatusRow.from_day <= bindparam("as_of")
        )
        .scalar_subquery()
    )
    return and_(STATUS_ON.person_id == person_id, STATUS_ON.from_day == begun)


# The events a case fact is the detail of: a sentence of a sentencing, a charge of a charging...
CASE_FACT_EVENTS: dict[str, tuple[str, ...]] = {
    "sentence": ("sentenced",),
    "charge": ("charged",),
    "detention": ("arrested", "imprisoned", "house_arrest"),
    "restriction": ("house_arrest", "sentenced"),
}


def stored_status_rows(
    store: Store, as_of: str, person_ids: Collection[str]
) -> list[tuple[str, str | None, str | None, str | None]]:
    """(person id, status, since, last confirmed) of these persons' stored status segments
    on the ISO day `as_of` (None for a person without one)."""
    statement = (
        select(PersonRow.id, STATUS_ON.status, STATUS_ON.since, STATUS_ON.last_confirmed)
        .join(STATUS_ON, status_on(PersonRow.id), isouter=True)
        .order_by(PersonRow.id)
    )
    return store.fetch(*_filtered(statement, PersonRow.id, person_ids), params={"as_of": as_of})


_STATUS_NAMES_IN = (
    select(PersonRow.id, STATUS_ON.status)
    .join(STATUS_ON, status_on(PersonRow.id), isouter=True)
    .where(_in_list(PersonRow.id))
)


def stored_status_names(
    store: Store, as_of: str, person_ids: Collection[str]
) -> list[tuple[str, str | None]]:
    """(person id, status) of `stored_status_rows`, without the dates: a search page lists
    hundreds of persons and shows their statuses only."""
    return _rows_in(store, _STATUS_NAMES_IN, person_ids, as_of=as_of)


_PERSON_FACETS_IN = select(
    PersonFacetRow.person_id,
    PersonFacetRow.role,
    PersonFacetRow.descriptors,
    PersonFacetRow.name,
    PersonFacetRow.aliases,
    PersonFacetRow.kind,
    PersonFacetRow.year,
    PersonFacetRow.records,
).where(_in_list(PersonFacetRow.person_id))


def person_facets(store: Store, person_ids: Collection[str]) -> list[Any]:
    """The facet rows of these persons as kept on write (`casetrail.store.aggregates`):
    (person id, role, descriptors, name, aliases, kind, year, records), the lists as JSON."""
    return _rows_in(store, _PERSON_FACETS_IN, person_ids)


_CASE_FACTS = (
    select(
        PersonRecordRow.document_id,
        CaseFactRow.id,
        PersonRecordRow.person_id,
        CaseFactRow.record_id,
        CaseFactRow.date,
        CaseFactRow.kind,
        CaseFactRow.fields,
        CaseFactRow.span_start,
        CaseFactRow.span_end,
        CaseFactRow.quote,
        CaseFactRow.sentence_start,
        CaseFactRow.sentence_end,
    )
    .join(PersonRecordRow, CaseFactRow.record_id == PersonRecordRow.id)
    .where(PersonRecordRow.person_id.is_not(None))
    .order_by(CaseFactRow.id)
)
_CASE_FACTS_OF = _CASE_FACTS.where(_in_list(PersonRecordRow.person_id))


def case_facts_by_person(
    store: Store, person_ids: Collection[str] | None = None
) -> dict[str, list[StoredCaseFact]]:
    """The case facts of resolved persons (all when `person_ids` is None), by person, each
    list in the order they were stored; every person asked for has a list, maybe empty.
    A case fact follows the review of its event (see `_reviewed_case_fact`): a sentence
    whose sentencing a person rejected is left out."""
    if person_ids is None:
        rows = store.fetch(_CASE_FACTS)
    else:
        rows = _rows_in(store, _CASE_FACTS_OF, person_ids)
    refs = _documents_of(store, rows)
    reviewed = _reviewed_events(store, {row[3] for row in rows})
    grouped: dict[str, list[StoredCaseFact]] = {pid: [] for pid in person_ids or ()}
    for document_id, id_, pid, record_id, date, kind, fields, start, end, quote, at, to in rows:
        value = CaseFact.value_of(kind, fields)
        fact = StoredCaseFact(
            id_, pid, record_id, refs[document_id], _date(date), value, start, end, quote, at
        )
        if record_id in reviewed:
            fact = _reviewed_case_fact(fact, (at, to), reviewed[record_id])
        grouped.setdefault(pid, [])
        if fact is not None:
            grouped[pid].append(fact)
    return grouped


@dataclass(frozen=True, slots=True)
class _EventOfFact:
    start: int
    end: int
    types: frozenset[str]  # as extracted and as it is now
    type: str
    state: str
    date: PartialDate | None
    redated: bool  # a person corrected its date


def _reviewed_events(store: Store, record_ids: Collection[int]) -> dict[int, list[_EventOfFact]]:
    """Every event of the records among these that have an event a person reviewed."""
    # Few events are reviewed: for many records, all reviewed ones at once rather than an IN
    # list per 1000 records; for a few (a write's persons), through the index of records
    # rather than a pass over every event.
    edited = select(EventRow.record_id).where(EventRow.edited_by.is_not(None)).distinct()
    few = len(record_ids) <= _CHUNK
    found = store.fetch(*_filtered(edited, EventRow.record_id, record_ids if few else None))
    with_reviews = {row[0] for row in found} & set(record_ids)
    if not with_reviews:
        return {}
    statement = select(
        EventRow.record_id,
        EventRow.id,
        EventRow.span_start,
        EventRow.span_end,
        EventRow.type,
        EventRow.state,
        EventRow.date,
    )
    rows = store.fetch(*_filtered(statement, EventRow.record_id, with_reviews))
    changes = {
        event_id: [change for review in reviews for change in review.changes]
        for event_id, reviews in event_reviews(store, [row[1] for row in rows]).items()
    }
    found: dict[int, list[_EventOfFact]] = {}
    for record_id, id_, start, end, type_, state, date in rows:
        changed = changes.get(id_, [])
        types = frozenset({type_, *(old for field, old, _ in changed if field == "type" and old)})
        redated = any(field == "date" for field, _, _ in changed)
        found.setdefault(record_id, []).append(
            _EventOfFact(start, end, types, type_, state, _date(date), redated)
        )
    return found


def _reviewed_case_fact(
    fact: StoredCaseFact, sentence: tuple[int | None, int | None], events: list[_EventOfFact]
) -> StoredCaseFact | None:
    """A case fact as the reviews of its events in the same sentence leave it: none when each
    of them (a sentencing, for a sentence) was rejected or corrected into another type; dated
    as the event a person corrected the date of, when one was."""
    start, end = sentence
    if start is None or end is None:
        start, end = fact.start, fact.end
    wanted = set(CASE_FACT_EVENTS.get(fact.kind, ()))
    its = [e for e in events if start <= e.start and e.end <= end and e.types & wanted]
    if not its:
        return fact
    counting = [e for e in its if e.state != "rejected" and e.type in wanted]
    if not counting:
        return None
    redated = [e for e in counting if e.redated]
    return replace(fact, date=redated[0].date) if redated else fact
