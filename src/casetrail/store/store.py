"""The case database: documents with their sourced facts, in SQLite or PostgreSQL."""

from __future__ import annotations

import fcntl
import functools
import json
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NamedTuple, Self, TypedDict, Unpack

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    Executable,
    Select,
    Text,
    bindparam,
    case,
    cast,
    create_engine,
    delete,
    distinct,
    event,
    func,
    insert,
    intersect,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, aliased, selectinload, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlalchemy.sql.selectable import TextualSelect

from casetrail.domain import Document, EventType, Extraction, PartialDate, PersonRecord
from casetrail.resolve.search_keys import query_keys
from casetrail.store import cosigners, reviews, rows
from casetrail.store.reviews import DocumentReviews, FactRef, ReviewError, edit_row, first_values
from casetrail.store.schema import (
    FACT_STATES,
    JUDGEMENTS,
    REVIEW_VERDICTS,
    Base,
    CaseFactRow,
    DemandRow,
    DemandTargetRow,
    DocumentFileRow,
    DocumentRow,
    EventRow,
    JudgementRow,
    MentionRow,
    OrganisationRow,
    PersonActionRow,
    PersonRecordRow,
    PersonRedirectRow,
    PersonRow,
    PersonSpellingRow,
    PersonStatusRow,
    ResolutionKeyRow,
    ReviewCandidateRow,
    SpellingNameKeyRow,
    StaleStatusRow,
    UserEditRow,
)
from casetrail.store.search import SEARCH_BACKENDS, Markers, SearchHit, mark_spans

_PAGE = 1000  # rows per query when streaming, ids per IN (...) list
_NAMED_DOCUMENTS = 5000  # the documents of persons a search orders by date, at most
_MAX_OFFSET = 2**62  # more rows than any table holds, and less than a 64-bit integer
# How long a SQLite writer waits for another process's write to end before giving up: longer
# than any one write transaction (a resolution's ids at 100k documents take seconds).
_SQLITE_BUSY_SECONDS = 300
_SQLITE_MMAP_BYTES = 2**30
_WRITE = "casetrail_write"  # execution option: this transaction writes (BEGIN IMMEDIATE)
_MARKED = "casetrail_marked_statuses"  # session info: the transaction marked statuses stale
_CLAIMED = "casetrail_writer_derives"  # session info: its marks are its writer's to derive
_PERSONS_LOCK_KEY = 0x63617365  # PostgreSQL advisory lock key of changes to persons ("case")
# How long a write's stale marks are its writer's to derive (`StaleStatusRow`): longer than
# deriving the persons of a batch of letters takes, short enough that, should the writer
# stop, readers derive them soon.
WRITER_CLAIM = timedelta(minutes=2)


class StoreError(Exception):
    """A database problem, with a one-line message fit to show a user."""


class ReviewConflict(StoreError):
    """A review that the fact's current state already says (or makes no change)."""


@dataclass(frozen=True, slots=True)
class AddResult:
    document_id: int
    created: bool  # False: a document with the same sha256 was already stored
    replaced_extraction: bool  # the given extraction replaced an older (or missing) one
    # Reviewed facts the new extraction no longer finds (by document, span and type): kept
    # as they are, for a person to look at again.
    unmatched_reviews: tuple[FactRef, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: int
    date: PartialDate | None
    kind: str | None
    title: str | None
    words: int
    source: str
    language: str | None  # as extraction found it, else as reading detected it
    persons: int  # person records: the persons the document names


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A stored person record, with the database ids needed to update it."""

    id: int
    document_id: int
    record: PersonRecord
    event_ids: tuple[int, ...]  # of record.events, in the same order


@dataclass(frozen=True, slots=True)
class OriginalFile:
    file_name: str
    media_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    ingested_at: datetime
    document: Document
    extraction: Extraction | None  # its persons are the records' `record`s
    records: list[StoredRecord]


Judgement = Literal["same", "different", "unsure"]


@dataclass(frozen=True, slots=True)
class ResolutionRecord:
    """A stored person record as resolution reads it: names and context, no facts."""

    id: int
    document_id: int
    name: str
    aliases: tuple[str, ...]
    role: str
    descriptors: tuple[str, ...]
    person_id: str | None
    name_key: str | None = None  # None: not resolved yet (incremental resolution's mark)


@dataclass(frozen=True, slots=True)
class NewJudgement:
    """A judgement to record: two person ids and the decision."""

    left: str
    right: str
    judgement: Judgement


@dataclass(frozen=True, slots=True)
class StoredJudgement:
    """A recorded judgement; `deleted_at` is set when it was undone."""

    id: int
    left: str
    right: str
    judgement: Judgement
    user: str
    created_at: datetime
    deleted_at: datetime | None
    deleted_by: str | None
    action_id: int
    action: str  # how it was made: judge, review, merge or split

    @property
    def active(self) -> bool:
        return self.deleted_at is None


@dataclass(frozen=True, slots=True)
class PersonAction:
    """An audit row: who did what to which persons, when, and which ids it changed."""

    id: int
    action: str  # judge, review, merge, split or undo
    user: str
    created_at: datetime
    persons: tuple[str, ...]
    changes: dict[int, tuple[str | None, str | None]]  # record id -> (old id, new id)
    undoes: int | None  # the action an undo undid
    note: str | None
    judgement_ids: tuple[int, ...]  # the judgements the action made


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """A person with every spelling the documents use for them."""

    id: str
    name: str  # the full name most records use
    created_at: datetime | None
    spellings: dict[str, tuple[int, ...]]  # name or alias -> ids of the documents using it
    roles: tuple[str, ...]
    documents: tuple[int, ...]
    records: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MentionEvidence:
    """Where a document names a person: the quote in its sentence, with the document."""

    record_id: int
    person_id: str | None
    document_id: int
    title: str | None
    date: PartialDate | None
    quote: str
    sentence: str  # the sentence of the quote (the quote alone when none is known)
    quote_start: int  # where the quote starts in `sentence`


@dataclass(frozen=True, slots=True)
class NamedPerson:
    """A person a query names, and how many documents mention them."""

    id: str
    name: str
    documents: int


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    """What a search finds. A query that names known persons (`persons`) finds the documents
    that mention them, whatever spelling each uses, the mentions marked in the snippets;
    any other query, or one searched `literal`ly, the documents holding its words."""

    query: str
    persons: list[NamedPerson]  # whom the query was taken to mean, most documents first
    more_persons: bool  # it names more persons than are listed
    hits: list[SearchHit]
    total: int | None  # documents found, when counted (a search by persons counts them)


class EventChanges(TypedDict, total=False):
    type: EventType
    date: PartialDate | None
    detail: str


class Store:
    """The case database. Open it with `Store.open(url)`; every write is one transaction."""

    def __init__(self, engine: Engine, writer_derives: bool = False) -> None:
        self._engine = engine
        # Its writers derive what they mark stale once they are done (the CLI, the server,
        # `casetrail.facts.derive_written`): the marks are theirs for `WRITER_CLAIM`.
        self._writer_derives = writer_derives
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._search = SEARCH_BACKENDS[engine.dialect.name]
        # SQLite lets one writer in at a time: this process's writers queue here, in order,
        # rather than poll the file lock (other processes still wait out the busy timeout).
        self._writer_queue: AbstractContextManager[Any] = (
            threading.RLock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        self._persons_held = threading.local()  # depth of persons_lock in this thread
        self._snapshot = threading.local()  # the connection of `snapshot` in this thread
        self.marked_statuses = False  # a write of this store's made statuses stale

    @classmethod
    def open(cls, url: str, writer_derives: bool = False) -> Store:
        """Connect to a database (sqlite:///path or postgresql://...) and upgrade its schema;
        with `writer_derives`, what its writes mark stale is left to it to derive (by
        `casetrail.facts.derive_written`) for a while rather than to the next reader."""
        engine = _create_engine(url)
        try:
            _upgrade(engine)
        except (SQLAlchemyError, CommandError) as exc:
            engine.dispose()
            shown = engine.url.render_as_string(hide_password=True)
            raise StoreError(f"cannot open the database {shown}: {_first_line(exc)}") from exc
        return cls(engine, writer_derives)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        try:
            with self._sessions.begin() as session:
                session.info[_CLAIMED] = self._writer_derives
                yield session
            self.marked_statuses |= session.info.get(_MARKED, False)
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {_first_line(exc)}") from exc

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A session in one transaction that writes: it takes the database's write lock
        at its start (SQLite: BEGIN IMMEDIATE, after this process's earlier writers), so it
        never fails half-way because another writer committed since it read."""
        with self._writer_queue:
            try:
                with self._sessions.begin() as session:
                    session.connection(execution_options={_WRITE: True})
                    session.info[_CLAIMED] = self._writer_derives
                    yield session
                self.marked_statuses |= session.info.get(_MARKED, False)
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {_first_line(exc)}") from exc

    @contextmanager
    def persons_lock(self) -> Iterator[None]:
        """Hold the lock on changes to persons: one resolution of the stored ids, judgement,
        merge, split or undo at a time, across every process and thread on this database
        (PostgreSQL: an advisory lock; SQLite: a lock on the file DATABASE-persons.lock
        beside it). Reentrant within a thread; waits as long as the holder takes."""
        if getattr(self._persons_held, "depth", 0):
            self._persons_held.depth += 1
            try:
                yield
            finally:
                self._persons_held.depth -= 1
            return
        with self._database_lock():
            self._persons_held.depth = 1
            try:
                yield
            finally:
                self._persons_held.depth = 0

    @contextmanager
    def _database_lock(self) -> Iterator[None]:
        url = self._engine.url
        if url.get_backend_name() == "postgresql":
            try:
                with self._engine.connect() as connection:
                    connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                    connection.execute(select(func.pg_advisory_lock(_PERSONS_LOCK_KEY)))
                    try:
                        yield
                    finally:
                        connection.execute(select(func.pg_advisory_unlock(_PERSONS_LOCK_KEY)))
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {_first_line(exc)}") from exc
            return
        if url.database in (None, "", ":memory:"):  # seen by this process only
            with self._writer_queue:
                yield
            return
        with open(f"{url.database}-persons.lock", "a") as lock_file:
            # flock, not fcntl's record locks: closing another descriptor of a file drops
            # those, and SQLite holds them on the database itself.
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only view of the database for queries the store has no method for: one
        snapshot, nothing written (rolled back at the end), errors raised as StoreError.
        Core execution: plain columns need none of the ORM's bookkeeping. Within `snapshot`,
        the snapshot's."""
        try:
            held = getattr(self._snapshot, "connection", None)
            if held is not None:
                yield held
                return
            with self._sessions() as session:
                yield session.connection()
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {_first_line(exc)}") from exc

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every `reading` and `fetch` of this thread within reads one snapshot through one
        connection: a page of thirty queries opens one session, not thirty, and its sections
        agree. Nothing may be written within (the snapshot would not see it)."""
        if getattr(self._snapshot, "connection", None) is not None:
            yield
            return
        # PostgreSQL's READ COMMITTED takes a snapshot a statement; SQLite's reader, one a
        # transaction.
        postgresql = self._engine.dialect.name == "postgresql"
        options = {"isolation_level": "REPEATABLE READ"} if postgresql else {}
        try:
            with self._sessions() as session:
                self._snapshot.connection = session.connection(execution_options=options)
                try:
                    yield
                finally:
                    self._snapshot.connection = None
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {_first_line(exc)}") from exc

    def fetch(self, *statements: Executable, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every row of each statement, in order, read in one snapshot (see `reading`)."""
        with self.reading() as connection:
            return [row for each in statements for row in connection.execute(each, params)]

    def add_document(
        self,
        document: Document,
        extraction: Extraction | None = None,
        resolve: Callable[[ResolvingSession, int], object] | None = None,
        *,
        replace: bool = False,
    ) -> AddResult:
        """Store a document and its facts, all or nothing.

        A document already stored (same sha256) is left as it is, unless `extraction` comes
        from a newer extractor version or `replace` is set (re-extraction): then its facts are
        replaced, except reviewed and hand-edited events, which stay in place of the new
        facts found at the same evidence (see `_replace_facts`). When facts were stored,
        `resolve(session, document_id)` resolves their persons in the same transaction (as in
        `resolving`, under the persons lock): a document is never stored without its persons.
        """
        persons = self.persons_lock() if resolve is not None else nullcontext()
        with persons, self._writing() as session:
            added = self._add_document(session, document, extraction, replace)
            if resolve is not None and (added.created or added.replaced_extraction):
                resolve(ResolvingSession(session), added.document_id)
            return added

    def _add_document(
        self, session: Session, document: Document, extraction: Extraction | None, replace: bool
    ) -> AddResult:
        row = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == document.raw.sha256))
        if row is None:
            row = self._insert_document(session, document, extraction)
            return AddResult(row.id, created=True, replaced_extraction=False)

        if extraction is None or not (
            replace or _is_newer(extraction.extractor.version, row.extractor_version)
        ):
            return AddResult(row.id, created=False, replaced_extraction=False)
        self._search.remove(session.connection(), row.id, row.title, row.clean_text)
        reviewed = DocumentReviews.of(row)
        values = rows.document_values(document) | rows.extraction_values(extraction)
        for name, value in values.items():
            setattr(row, name, value)
        session.flush()
        self._search.index(session.connection(), row.id, row.title, row.clean_text)
        _statuses_changed(
            session,
            session.scalars(
                select(PersonRecordRow.person_id).where(PersonRecordRow.document_id == row.id)
            ),
        )
        lost = _replace_facts(session, row.id, extraction)
        lost += tuple(reviewed.restore(session, row))
        return AddResult(row.id, False, True, lost)

    def _insert_document(
        self, session: Session, document: Document, extraction: Extraction | None
    ) -> DocumentRow:
        row = DocumentRow(**rows.document_values(document), **rows.extraction_values(extraction))
        session.add(row)
        session.flush()
        if document.raw.content is not None:
            session.add(DocumentFileRow(document_id=row.id, content=document.raw.content))
        self._search.index(session.connection(), row.id, row.title, row.clean_text)
        if extraction is not None:
            _add_facts(session, row.id, extraction)
        return row

    def add_note(
        self, document: Document, extraction: Extraction, user: str, reason: str
    ) -> AddResult:
        """Store a note a person wrote (a court record, a lawyer's call) with the facts they
        added from it: their events are `manual`, logged as added by `user`."""
        if not user.strip():
            raise StoreError("a user name is needed to add a fact by hand")
        with self._writing() as session:
            row = self._insert_document(session, document, extraction)
            records = select(PersonRecordRow.id).where(PersonRecordRow.document_id == row.id)
            added = session.scalars(select(EventRow).where(EventRow.record_id.in_(records)))
            for event_row in added:
                event_row.state, event_row.edited_by = "manual", user
                session.add(_edit_row(user, event_row.id, "state", None, "manual", reason))
            # The person of concern is so by the note's author's word.
            session.execute(
                update(PersonRecordRow)
                .where(PersonRecordRow.document_id == row.id)
                .values(state="manual")
            )
            return AddResult(row.id, created=True, replaced_extraction=False)

    def set_person_ids(
        self, assignments: dict[int, str], display: Mapping[str, str] | None = None
    ) -> dict[int, tuple[str | None, str]]:
        """Assign person records (by record id) to persons, as resolution decided.

        Persons are created as needed; those assigned records get the display names of
        `display` (person id -> name). A person id left without records is retired with a
        redirect to the person that took most of them, so that links to it keep working.
        Returns the changes: record id -> (old person id, new person id).
        """
        with self._writing() as session:
            return _set_person_ids(session, assignments, display)

    @contextmanager
    def resolving(self) -> Iterator[ResolvingSession]:
        """One transaction in which incremental resolution reads the records it needs and
        stores what it decides; one at a time across processes (the persons lock), so
        that two documents naming one new person make one person, not two."""
        with self.persons_lock(), self._writing() as session:
            yield ResolvingSession(session)

    def save_resolution(
        self,
        assignments: dict[int, str],
        name_keys: dict[int, str],
        keys: dict[str, Iterable[str]],
        display: Mapping[str, str] | None = None,
    ) -> None:
        """`ResolvingSession.save` in a transaction of its own (a resolution of everything)."""
        with self._writing() as session:
            ResolvingSession(session).save(assignments, name_keys, keys, display)

    def canonical_person_id(self, person_id: str) -> str | None:
        """The current id of a person, following a merge's redirect; None if unknown."""
        with self._transaction() as session:
            if session.get(PersonRow, person_id) is not None:
                return person_id
            redirect = session.get(PersonRedirectRow, person_id)
            return redirect.new_id if redirect else None

    def resolution_records(self) -> Iterator[ResolutionRecord]:
        """Every stored person record's names, role and person id, by id: what resolution
        reads (no mentions, no events). Read page by page, like `person_records`."""
        last = 0
        while True:
            with self._transaction() as session:
                page = [
                    _resolution_record(row)
                    for row in session.execute(
                        select(*_RESOLUTION_COLUMNS)
                        .where(PersonRecordRow.id > last)
                        .order_by(PersonRecordRow.id)
                        .limit(_PAGE)
                    )
                ]
            if not page:
                return
            yield from page
            last = page[-1].id

    def redirects(self) -> dict[str, str]:
        """Every retired person id and the id it redirects to."""
        with self._transaction() as session:
            return dict(
                session.execute(select(PersonRedirectRow.old_id, PersonRedirectRow.new_id)).all()
            )

    def taken_person_ids(self) -> set[str]:
        """The ids of persons and of retired persons: a new person must not reuse one."""
        with self._transaction() as session:
            persons = set(session.scalars(select(PersonRow.id)))
            return persons | set(session.scalars(select(PersonRedirectRow.old_id)))

    def persons(self, ids: Collection[str] | None = None) -> list[PersonSummary]:
        """The persons that have records (or those of `ids`), by id, with their spellings."""
        record = PersonRecordRow
        aliases = cast(record.aliases, Text)
        # An advocate has thousands of records with a few spellings and roles: the database
        # groups them, each group's record and document ids joined into one string.
        statement = select(
            record.person_id,
            record.name,
            aliases,
            record.role,
            func.aggregate_strings(cast(record.id, Text), ","),
            func.aggregate_strings(cast(record.document_id, Text), ","),
        ).group_by(record.person_id, record.name, aliases, record.role)
        batches: Iterable[Any] = [None] if ids is None else _chunks(sorted(ids))
        found: dict[str, list[_RecordGroup]] = defaultdict(list)
        created: dict[str, datetime] = {}
        decoded: dict[str, list[str]] = {}  # each list of aliases decoded once
        with self.reading() as connection:
            for batch in batches:
                where = (
                    record.person_id.is_not(None) if batch is None else record.person_id.in_(batch)
                )
                for (
                    pid,
                    name,
                    listed,
                    role,
                    record_ids,
                    document_ids,
                ) in connection.execute(statement.where(where)):
                    if listed not in decoded:
                        decoded[listed] = json.loads(listed)
                    found[pid].append(
                        _RecordGroup(
                            [int(id_) for id_ in record_ids.split(",")],
                            {int(id_) for id_ in document_ids.split(",")},
                            name,
                            decoded[listed],
                            role,
                        )
                    )
                person_where = PersonRow.id.in_(batch) if batch is not None else true()
                created.update(
                    (pid, _aware(when))
                    for pid, when in connection.execute(
                        select(PersonRow.id, PersonRow.created_at).where(person_where)
                    )
                )
        return [_person_summary(pid, found[pid], created.get(pid)) for pid in sorted(found)]

    def mention_evidence(
        self, record_ids: Collection[int], per_record: int = 1
    ) -> list[MentionEvidence]:
        """The first `per_record` mentions of each record, with their sentences and documents,
        by record id then mention id."""
        sentence = case(
            (
                MentionRow.sentence_start.is_not(None),
                func.substr(
                    DocumentRow.original_text,
                    MentionRow.sentence_start + 1,
                    MentionRow.sentence_end - MentionRow.sentence_start,
                ),
            ),
            else_=MentionRow.quote,
        )
        rank = (
            select(func.count())
            .where(
                MentionRow.record_id == _OtherMention.record_id, _OtherMention.id < MentionRow.id
            )
            .scalar_subquery()
        )
        found: list[MentionEvidence] = []
        with self._transaction() as session:
            for ids in _chunks(sorted(set(record_ids))):
                statement = (
                    select(
                        MentionRow.record_id,
                        PersonRecordRow.person_id,
                        DocumentRow.id,
                        DocumentRow.title,
                        DocumentRow.date,
                        MentionRow.quote,
                        sentence,
                        MentionRow.span_start
                        - func.coalesce(MentionRow.sentence_start, MentionRow.span_start),
                    )
                    .join(PersonRecordRow, PersonRecordRow.id == MentionRow.record_id)
                    .join(DocumentRow, DocumentRow.id == PersonRecordRow.document_id)
                    .where(MentionRow.record_id.in_(ids), rank < per_record)
                    .order_by(MentionRow.record_id, MentionRow.id)
                )
                for record_id, pid, document_id, title, date, quote, text, start in session.execute(
                    statement
                ):
                    found.append(
                        MentionEvidence(
                            record_id,
                            pid,
                            document_id,
                            title,
                            rows.to_date(date),
                            quote,
                            text,
                            max(0, start),
                        )
                    )
        return found

    def judgement(self, judgement_id: int) -> StoredJudgement | None:
        """One judgement, undone or not; None if there is none with this id."""
        with self._transaction() as session:
            found = session.execute(
                _JUDGEMENTS.where(JudgementRow.id == judgement_id)
            ).one_or_none()
            return None if found is None else _stored_judgement(*found)

    def judgements(self, include_undone: bool = False) -> list[StoredJudgement]:
        """The judgements in the order they were made; the undone ones only if asked."""
        statement = _JUDGEMENTS
        if not include_undone:
            statement = statement.where(JudgementRow.deleted_at.is_(None))
        with self._transaction() as session:
            return [_stored_judgement(*found) for found in session.execute(statement)]

    def actions(self) -> list[PersonAction]:
        """The audit of human work on persons, oldest first."""
        with self._transaction() as session:
            return _person_actions(session, select(PersonActionRow).order_by(PersonActionRow.id))

    def action(self, action_id: int) -> PersonAction | None:
        with self._transaction() as session:
            found = _person_actions(
                session, select(PersonActionRow).where(PersonActionRow.id == action_id)
            )
            return found[0] if found else None

    def record_action(
        self,
        action: str,
        user: str,
        *,
        persons: Sequence[str] = (),
        judgements: Sequence[NewJudgement] = (),
        undo: int | None = None,
        assignments: dict[int, str] | None = None,
        note: str | None = None,
        display: Mapping[str, str] | None = None,
    ) -> PersonAction:
        """Record a human action on persons, all or nothing: an audit row, the judgements it
        makes, the judgements of action `undo` marked undone, and the person ids it assigns
        (as `set_person_ids`, `display` naming the persons; the audit row keeps the changes)."""
        if not user.strip():
            raise StoreError("a user name is needed to record a judgement")
        for new in judgements:
            if new.judgement not in JUDGEMENTS:
                raise StoreError(f"a judgement is one of {', '.join(JUDGEMENTS)}, not {new!r}")
        with self._writing() as session:
            undone: list[JudgementRow] = []
            if undo is not None:
                undone = list(
                    session.scalars(
                        select(JudgementRow).where(
                            JudgementRow.action_id == undo, JudgementRow.deleted_at.is_(None)
                        )
                    )
                )
                if not undone:
                    raise StoreError(f"action {undo} has no judgement left to undo")
            changes = _set_person_ids(session, assignments or {}, display)
            row = PersonActionRow(
                action=action,
                user=user,
                persons=list(persons),
                changes={str(rid): list(change) for rid, change in sorted(changes.items())},
                undoes=undo,
                note=note,
            )
            session.add(row)
            session.flush()
            session.add_all(
                JudgementRow(
                    left_ref=new.left,
                    right_ref=new.right,
                    judgement=new.judgement,
                    user=user,
                    created_at=row.created_at,
                    action_id=row.id,
                )
                for new in judgements
            )
            for judgement in undone:
                judgement.deleted_at = row.created_at
                judgement.deleted_by = user
            session.flush()
            return _person_actions(
                session, select(PersonActionRow).where(PersonActionRow.id == row.id)
            )[0]

    def person_records(self) -> Iterator[StoredRecord]:
        """Every stored person record with its mentions and events, by id.

        Read page by page in short transactions, so the caller may write while iterating.
        """
        last = 0
        while True:
            with self._transaction() as session:
                page = [
                    _stored_record(row)
                    for row in session.scalars(
                        select(PersonRecordRow)
                        .where(PersonRecordRow.id > last)
                        .order_by(PersonRecordRow.id)
                        .limit(_PAGE)
                        .options(
                            selectinload(PersonRecordRow.mentions),
                            selectinload(PersonRecordRow.events),
                            selectinload(PersonRecordRow.case_facts),
                        )
                    )
                ]
            if not page:
                return
            yield from page
            last = page[-1].id

    def edit_event(self, event_id: int, user: str, **changes: Unpack[EventChanges]) -> None:
        """Change an event by hand; the change is logged and survives re-extraction."""
        with self._writing() as session:
            row = _event_row(session, event_id)
            session.add_all(_apply_event_changes(row, user, changes, None))
            row.edited_by = user
            _statuses_changed(session, [_person_of(session, row)])

    def restore_event_state(self, event_id: int, user: str, state: str) -> None:
        """Give an imported event the state a person gave it in the database it was exported
        from (logged with the reason "imported")."""
        if state not in FACT_STATES:
            raise StoreError(f"a fact's state is one of {', '.join(FACT_STATES)}, not {state!r}")
        with self._writing() as session:
            row = _event_row(session, event_id)
            if state != row.state:
                session.add(_edit_row(user, event_id, "state", row.state, state, "imported"))
            row.state, row.edited_by = state, user
            _statuses_changed(session, [_person_of(session, row)])

    def restore_fact_state(self, ref: FactRef, user: str, state: str) -> None:
        """Give an imported role, demand, document date or kind the state a person gave it
        in the database it was exported from (its value is exported as reviewed; logged
        with the reason "imported")."""
        if state not in FACT_STATES:
            raise StoreError(f"a fact's state is one of {', '.join(FACT_STATES)}, not {state!r}")
        with self._writing() as session:
            try:
                persons = reviews.restore_state(session, ref, user, state)
            except ReviewError as error:
                raise StoreError(str(error)) from None
            _statuses_changed(session, persons)

    def review_event(
        self,
        event_id: int,
        user: str,
        verdict: str,
        reason: str | None = None,
        **changes: Unpack[EventChanges],
    ) -> None:
        """Record a person's verdict on an event (confirmed, corrected with `changes`, or
        rejected), append-only in `user_edits`; the reviewed event survives re-extraction."""
        if verdict not in REVIEW_VERDICTS:
            raise StoreError(f"a review is one of {', '.join(REVIEW_VERDICTS)}, not {verdict!r}")
        if not user.strip():
            raise StoreError("a user name is needed to review a fact")
        if (verdict == "corrected") != bool(changes):
            raise StoreError("a correction, and only a correction, changes the type or date")
        with self._writing() as session:
            row = _event_row(session, event_id)
            at = _utc_now()
            edits = _apply_event_changes(row, user, changes, reason, at)
            if verdict == "corrected" and not edits:
                raise ReviewConflict(f"event {event_id} already says that: nothing to correct")
            if verdict == row.state and verdict != "corrected":
                raise ReviewConflict(f"event {event_id} is already {verdict}")
            edits.append(_edit_row(user, event_id, "state", row.state, verdict, reason, at))
            session.add_all(edits)
            row.state, row.edited_by = verdict, user
            _statuses_changed(session, [_person_of(session, row)])

    def review_fact(
        self,
        ref: FactRef,
        user: str,
        verdict: str,
        reason: str | None = None,
        **changes: str | None,
    ) -> None:
        """Record a person's verdict on a role, a demand, or a document's date or kind
        (`reviews.review`: corrected with `changes`, columns to values as stored),
        append-only in `user_edits`; the review survives re-extraction."""
        if ref.kind == "event":
            raise TypeError("an event is reviewed with review_event")
        if not user.strip():
            raise StoreError("a user name is needed to review a fact")
        with self._writing() as session:
            try:
                persons = reviews.review(session, ref, user, verdict, reason, changes)
            except ReviewError as error:
                raise (ReviewConflict if error.conflict else StoreError)(str(error)) from None
            _statuses_changed(session, persons)

    def documents(self) -> list[DocumentSummary]:
        """A summary of every stored document, by id."""
        return self.document_summaries()[1]

    def document_summaries(
        self,
        *,
        kind: str | None = None,
        year: int | None = None,
        words: Sequence[str] = (),
        newest_first: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, list[DocumentSummary]]:
        """How many documents are of `kind` and `year` (when given) with each of `words` in
        their title or source, and the summaries of `limit` of them (all when None) from
        `offset`: by id, or newest first (undated last) with `newest_first`."""
        conditions: list[ColumnElement[bool]] = []
        if kind:
            conditions.append(DocumentRow.kind == kind)
        if year is not None:
            # ISO dates compare as text: "2021", "2021-05" and "2021-05-06" are all in 2021.
            conditions += [DocumentRow.date >= f"{year:04d}", DocumentRow.date <= f"{year:04d}-99"]
        conditions += [
            or_(
                DocumentRow.title.icontains(word, autoescape=True),
                DocumentRow.source.icontains(word, autoescape=True),
            )
            for word in words
        ]
        order = (
            (DocumentRow.date.desc().nulls_last(), DocumentRow.id.desc())
            if newest_first
            else (DocumentRow.id,)
        )
        persons = (
            select(func.count())
            .where(PersonRecordRow.document_id == DocumentRow.id)
            .scalar_subquery()
        )
        statement = select(
            DocumentRow.id,
            DocumentRow.date,
            DocumentRow.kind,
            DocumentRow.title,
            DocumentRow.words,
            DocumentRow.source,
            func.coalesce(DocumentRow.extraction_language, DocumentRow.language),
            persons,
        ).order_by(*order)
        offset = min(offset, _MAX_OFFSET)  # past the end: an empty page, not an overflow
        if offset or limit is not None:
            # The page's ids first, so that only its documents have their persons counted.
            shown = (
                select(DocumentRow.id)
                .where(*conditions)
                .order_by(*order)
                .offset(offset)
                .limit(limit)
                .subquery()
            )
            statement = statement.join(shown, shown.c.id == DocumentRow.id)
        else:
            statement = statement.where(*conditions)
        with self._transaction() as session:
            summaries = [
                DocumentSummary(id_, rows.to_date(date), *rest)
                for id_, date, *rest in session.execute(statement)
            ]
            if offset == 0 and (limit is None or len(summaries) < limit):
                total = len(summaries)
            else:
                count = select(func.count(DocumentRow.id)).where(*conditions)
                total = session.scalar(count) or 0
        return total, summaries

    def document_years(self) -> list[int]:
        """The years of the stored documents' dates, newest first."""
        year = func.substr(DocumentRow.date, 1, 4)
        with self._transaction() as session:
            found = session.scalars(
                select(year).where(DocumentRow.date.is_not(None)).distinct().order_by(year.desc())
            ).all()
        return [int(y) for y in found]

    def document(self, document_id: int) -> StoredDocument | None:
        """A stored document with everything extracted from it, or None."""
        with self._transaction() as session:
            row = session.get(
                DocumentRow,
                document_id,
                options=[
                    selectinload(DocumentRow.records).selectinload(PersonRecordRow.mentions),
                    selectinload(DocumentRow.records).selectinload(PersonRecordRow.events),
                    selectinload(DocumentRow.records).selectinload(PersonRecordRow.case_facts),
                    selectinload(DocumentRow.organisations),
                    selectinload(DocumentRow.demands).selectinload(DemandRow.targets),
                ],
            )
            if row is None:
                return None
            records = [_stored_record(record) for record in row.records]
            return StoredDocument(
                id=row.id,
                ingested_at=row.ingested_at,
                document=rows.to_document(row),
                extraction=rows.to_extraction(row, [stored.record for stored in records]),
                records=records,
            )

    def original_file(self, document_id: int) -> OriginalFile | None:
        """The file a document was read from, or None (unknown document, or stored from an
        import that carried only the text)."""
        with self._transaction() as session:
            found = session.execute(
                select(DocumentRow.file_name, DocumentRow.media_type, DocumentFileRow.content)
                .join(DocumentFileRow, DocumentFileRow.document_id == DocumentRow.id)
                .where(DocumentRow.id == document_id)
            ).first()
            return None if found is None else OriginalFile(*found)

    def stats(self, *only: str) -> dict[str, int]:
        """Counts of what the database holds: all of them, or `only` those named (each
        counts up to a million rows at 100,000 documents)."""
        counts = {
            "documents": select(func.count(DocumentRow.id)),
            "words": select(func.coalesce(func.sum(DocumentRow.words), 0)),
            "persons": select(func.count(distinct(PersonRecordRow.person_id))),
            "person_records": select(func.count(PersonRecordRow.id)),
            "mentions": select(func.count(MentionRow.id)),
            "events": select(func.count(EventRow.id)),
            "organisations": select(func.count(OrganisationRow.id)),
            "demands": select(func.count(DemandRow.id)),
        }
        if only:
            counts = {name: counts[name] for name in only}
        statement = select(*(query.scalar_subquery().label(name) for name, query in counts.items()))
        with self._transaction() as session:
            values = session.execute(statement).one()
        return {name: int(value) for name, value in zip(counts, values, strict=True)}

    def save_statuses(
        self, segments: Mapping[str, Sequence[Mapping[str, Any]]], stale_ids: Collection[int]
    ) -> None:
        """Store derived statuses: each person's segments (`PersonStatusRow` columns but the
        person's id) replace theirs, and the stale marks `stale_ids` (read before deriving)
        are cleared; a person marked again since, by a later write, stays stale."""
        with self._writing() as session:
            if self._engine.dialect.name == "postgresql":  # two refreshes at once
                session.execute(select(func.pg_advisory_xact_lock(_PERSONS_LOCK_KEY + 2)))
            for ids in _chunks(segments):
                session.execute(delete(PersonStatusRow).where(PersonStatusRow.person_id.in_(ids)))
                alive = set(session.scalars(select(PersonRow.id).where(PersonRow.id.in_(ids))))
                rows = [
                    {"person_id": pid, **segment}
                    for pid in ids
                    if pid in alive
                    for segment in segments[pid]
                ]
                if rows:
                    session.execute(insert(PersonStatusRow), rows)
                name = select(func.lower(PersonRow.name)).where(
                    PersonRow.id == PersonStatusRow.person_id
                )
                session.execute(
                    update(PersonStatusRow)
                    .where(PersonStatusRow.person_id.in_(ids))
                    .values(name_key=name.scalar_subquery()),
                    execution_options={"synchronize_session": False},
                )
            for ids in _chunks(stale_ids):
                session.execute(delete(StaleStatusRow).where(StaleStatusRow.id.in_(ids)))

    def search(self, query: str, limit: int = 20, markers: Markers = ("[", "]")) -> list[SearchHit]:
        """Documents matching the words of `query`, best first, hits marked in the snippets."""
        with self.reading() as connection:
            return self._search.search(connection, query, limit, markers)

    def named_persons(self, query: str, limit: int | None = 50) -> tuple[list[NamedPerson], bool]:
        """The persons `query` names (resolve/search_keys.py), most documents first, at most
        `limit` (all when None), and whether there are more: every word of the query matches
        a word of one spelling of theirs (a record's name and aliases), through the indexed
        keys of the spellings.

        The candidates are the persons with the most records of such spellings: counted from
        the kept spellings (`person_spellings`), a few rows a person, not from their records."""
        keys = query_keys(query)
        if keys is None:
            return [], False
        candidates = _named_candidates(len(keys), limit is not None)
        values: dict[str, Any] = {f"keys{i}": sorted(k) for i, k in enumerate(keys)}
        values["limit"] = None if limit is None else limit + 1
        with self.reading() as connection:
            ids = list(connection.scalars(candidates, values))
            more = limit is not None and len(ids) > limit
            ids = ids[:limit] if limit is not None else ids
            found = [
                NamedPerson(*row)
                for batch in _chunks(ids)
                for row in connection.execute(_NAMED_PERSONS, {"ids": batch})
            ]
        return sorted(found, key=lambda p: (-p.documents, p.name, p.id)), more

    def find(
        self,
        query: str,
        limit: int = 20,
        markers: Markers = ("[", "]"),
        *,
        literal: bool = False,
    ) -> SearchAnswer:
        """Search as a user means it: the persons a query names and every document that
        mentions them (newest first), else, or when `literal`, the documents with its words."""
        with self.snapshot():
            persons, more = ([], False) if literal else self.named_persons(query)
            if not persons:
                return SearchAnswer(query, [], False, self.search(query, limit, markers), None)
            total, hits = self._person_documents([p.id for p in persons], limit, markers)
        return SearchAnswer(query, persons, more, hits, total)

    def _person_documents(
        self, person_ids: list[str], limit: int, markers: Markers
    ) -> tuple[int, list[SearchHit]]:
        """(how many documents mention these persons, the newest `limit` of them by date
        among the `_NAMED_DOCUMENTS` stored last), each with the sentence of its first
        mention of them, every mention in it marked."""
        shown, mentioned = _person_documents_statements(self._engine.dialect.name == "sqlite")
        with self.reading() as connection:
            values = {"persons": person_ids, "limit": limit, "bound_offset": _NAMED_DOCUMENTS - 1}
            page = connection.execute(shown, values).all()
            titles = {id_: title for id_, title, _ in page}
            total = page[0][2] if page else 0
            mentions = connection.execute(
                mentioned, {"persons": person_ids, "documents": list(titles)}
            ).all()
        sentences: dict[int, tuple[int, str, list[tuple[int, int]]]] = {}
        for document_id, span_start, span_end, sentence_start, sentence in mentions:
            offset, text, spans = sentences.setdefault(document_id, (sentence_start, sentence, []))
            if offset <= span_start and span_end <= offset + len(text):
                spans.append((span_start - offset, span_end - offset))
        hits = []
        for rank, (document_id, title) in enumerate(titles.items()):
            offset, text, spans = sentences.get(document_id, (0, title or "", []))
            hits.append(SearchHit(document_id, title, mark_spans(text, spans, markers), -rank))
        return total, hits


@functools.lru_cache(maxsize=16)
def _named_candidates(words: int, limited: bool) -> Select[Any]:
    """The statement of `Store.named_persons`' candidates, made once per number of words:
    the persons with a spelling that holds a key of each word (`:keys0`, `:keys1`...), the
    most records of such spellings first, at most `:limit` when `limited`."""
    key = SpellingNameKeyRow
    spellings = intersect(
        *(
            # A spelling can hold two keys of a word: once each.
            select(key.name, key.aliases)
            .where(key.key.in_(bindparam(f"keys{word}", expanding=True)))
            .distinct()
            for word in range(words)
        )
    ).subquery()
    spelled = PersonSpellingRow
    person = spelled.person_id
    candidates = (
        select(person)
        .join(
            spellings,
            (spellings.c.name == spelled.name) & (spellings.c.aliases == spelled.aliases),
        )
        .group_by(person)
        .order_by(func.sum(spelled.records).desc(), person)
    )
    return candidates.limit(bindparam("limit")) if limited else candidates


@functools.cache
def _person_documents_statements(sqlite: bool) -> tuple[Select[Any], Select[Any]]:
    """The statements of `Store._person_documents`, made once: the page of the documents of
    the persons `:persons` (at most `:limit`, by date among those from the one at
    `:bound_offset` on, newest first) with their count, and the mentions of those persons in
    the documents `:documents`."""
    record = PersonRecordRow
    theirs = record.person_id.in_(bindparam("persons", expanding=True))
    # Grouped, not DISTINCT: SQLite's sort for the bound then keeps the newest rows only.
    documents = select(record.document_id).where(theirs).group_by(record.document_id)
    document_id: ColumnElement[int] = DocumentRow.id
    if sqlite:
        # SQLite walks the index of dates, newest first, until `limit` of these documents
        # are found, rather than seek each of them for its date (after its texts in the
        # row): `+id` keeps it from seeking them by id.
        document_id = UnaryExpression(DocumentRow.id, operator=custom_op("+"))
    # The oldest of the newest `_NAMED_DOCUMENTS` (none when fewer): the page reads the
    # records from it on, not every record of these persons.
    newest = documents.order_by(record.document_id.desc()).offset(bindparam("bound_offset"))
    bound = newest.limit(1).scalar_subquery()
    recent = select(record.document_id).where(theirs, record.document_id >= func.coalesce(bound, 0))
    counted = select(func.count()).select_from(documents.subquery()).scalar_subquery()
    shown = (
        select(DocumentRow.id, DocumentRow.title, counted)
        .where(document_id.in_(recent))
        .order_by(DocumentRow.date.desc().nulls_last(), DocumentRow.id.desc())
        .limit(bindparam("limit"))
    )
    start = func.coalesce(MentionRow.sentence_start, MentionRow.span_start)
    end = func.coalesce(MentionRow.sentence_end, MentionRow.span_end)
    mentions = (
        select(
            record.document_id,
            MentionRow.span_start,
            MentionRow.span_end,
            start,
            func.substr(DocumentRow.original_text, start + 1, end - start),
        )
        .join(record, record.id == MentionRow.record_id)
        .join(DocumentRow, DocumentRow.id == record.document_id)
        .where(theirs, record.document_id.in_(bindparam("documents", expanding=True)))
        .order_by(record.document_id, MentionRow.span_start)
    )
    return shown, mentions


# The persons `Store.named_persons` lists, each with how many documents mention them.
_NAMED_PERSONS = (
    select(PersonRow.id, PersonRow.name, func.count(distinct(PersonRecordRow.document_id)))
    .join(PersonRecordRow, PersonRecordRow.person_id == PersonRow.id)
    .where(PersonRow.id.in_(bindparam("ids", expanding=True)))
    .group_by(PersonRow.id, PersonRow.name)
)
_OtherMention = aliased(MentionRow)
_JUDGEMENTS = (
    select(JudgementRow, PersonActionRow.action)
    .join(PersonActionRow, PersonActionRow.id == JudgementRow.action_id)
    .order_by(JudgementRow.id)
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(when: datetime) -> datetime:
    """SQLite gives back times without their zone; they were stored in UTC."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _stored_judgement(row: JudgementRow, action: str) -> StoredJudgement:
    return StoredJudgement(
        id=row.id,
        left=row.left_ref,
        right=row.right_ref,
        judgement=row.judgement,  # type: ignore[arg-type]  # checked by a constraint
        user=row.user,
        created_at=_aware(row.created_at),
        deleted_at=_aware(row.deleted_at) if row.deleted_at else None,
        deleted_by=row.deleted_by,
        action_id=row.action_id,
        action=action,
    )


def _person_actions(session: Session, statement: Any) -> list[PersonAction]:
    found = list(session.scalars(statement))
    judgements: defaultdict[int, list[int]] = defaultdict(list)
    for ids in _chunks(row.id for row in found):
        for judgement_id, action_id in session.execute(
            select(JudgementRow.id, JudgementRow.action_id)
            .where(JudgementRow.action_id.in_(ids))
            .order_by(JudgementRow.id)
        ):
            judgements[action_id].append(judgement_id)
    return [
        PersonAction(
            id=row.id,
            action=row.action,
            user=row.user,
            created_at=_aware(row.created_at),
            persons=tuple(row.persons),
            changes={int(rid): (old, new) for rid, (old, new) in row.changes.items()},
            undoes=row.undoes,
            note=row.note,
            judgement_ids=tuple(judgements[row.id]),
        )
        for row in found
    ]


class _RecordGroup(NamedTuple):
    """A person's records of one spelling and role."""

    record_ids: list[int]
    document_ids: set[int]
    name: str
    aliases: list[str]
    role: str


def _person_summary(
    person_id: str, groups: list[_RecordGroup], created: datetime | None
) -> PersonSummary:
    # The spellings in the order of their first records.
    groups = sorted(groups, key=lambda group: min(group.record_ids))
    spellings: dict[str, set[int]] = {}
    names: Counter[str] = Counter()
    for group in groups:
        names[group.name] += len(group.record_ids)
        for spelling in (group.name, *group.aliases):
            spellings.setdefault(spelling, set()).update(group.document_ids)
    return PersonSummary(
        id=person_id,
        # The most used spelling, a full name rather than a bare one ("Mr Petrov" is "Petrov").
        name=min(names.items(), key=lambda e: (len(e[0].split()) < 2, -e[1], e[0]))[0],
        created_at=created,
        spellings={spelling: tuple(sorted(docs)) for spelling, docs in spellings.items()},
        roles=tuple(sorted({group.role for group in groups})),
        documents=tuple(sorted(set().union(*(group.document_ids for group in groups)))),
        records=tuple(sorted(chain.from_iterable(group.record_ids for group in groups))),
    )


def _set_person_ids(
    session: Session, assignments: dict[int, str], display: Mapping[str, str] | None = None
) -> dict[int, tuple[str | None, str]]:
    """`Store.set_person_ids` in the caller's transaction; returns what changed. A person
    without a display name in `display` is named by a record."""
    previous: dict[int, str | None] = {}
    names: dict[str, str] = dict(display or {})
    for ids in _chunks(assignments):
        found = session.execute(
            select(PersonRecordRow.id, PersonRecordRow.person_id, PersonRecordRow.name).where(
                PersonRecordRow.id.in_(ids)
            )
        )
        for record_id, person_id, name in found:
            previous[record_id] = person_id
            names.setdefault(assignments[record_id], name)
    missing = assignments.keys() - previous.keys()
    if missing:
        raise StoreError(f"no person records with ids {sorted(missing)[:10]}")
    if not assignments:
        return {}

    assigned = set(assignments.values())
    _ensure_persons(session, {pid: names[pid] for pid in assigned})
    _name_persons(
        session, {pid: shown for pid, shown in (display or {}).items() if pid in assigned}
    )
    _update_records(session, "person_id", assignments)
    _statuses_changed(
        session,
        [*assignments.values(), *(old for rid, old in previous.items() if old != assignments[rid])],
    )
    moved: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for record_id, old_id in previous.items():
        if old_id is not None and old_id != assignments[record_id]:
            moved[old_id][assignments[record_id]] += 1
    _retire_unused(session, moved)
    return {
        record_id: (old_id, assignments[record_id])
        for record_id, old_id in previous.items()
        if old_id != assignments[record_id]
    }


def _person_ids_by_name(session: Session, document_id: int) -> dict[str, str]:
    """The person ids of a document's records by record name: a new extraction of the
    document gives them back to records of the same name, so ids survive re-extraction."""
    found = session.execute(
        select(PersonRecordRow.name, PersonRecordRow.person_id)
        .where(PersonRecordRow.document_id == document_id, PersonRecordRow.person_id.is_not(None))
        .order_by(PersonRecordRow.id)
    )
    ids: dict[str, str] = {}
    for name, person_id in found:
        ids.setdefault(name, person_id)
    return ids


def _stored_record(row: PersonRecordRow) -> StoredRecord:
    return StoredRecord(
        row.id, row.document_id, rows.to_record(row), tuple(event.id for event in row.events)
    )


def _add_facts(
    session: Session,
    document_id: int,
    extraction: Extraction,
    earlier_ids: dict[str, str] | None = None,
) -> None:
    """Insert an extraction's facts. Core statements: the ORM's bookkeeping doubles the time.

    A record without a person id takes the one `earlier_ids` gives for its name, if any."""
    earlier_ids = earlier_ids or {}
    person_ids = {
        record.key: record.person_id or earlier_ids.get(record.name)
        for record in extraction.persons
    }
    named: dict[str, str] = {}
    for record in extraction.persons:
        if (person_id := person_ids[record.key]) is not None:
            named.setdefault(person_id, record.name)
    _ensure_persons(session, named)
    _statuses_changed(session, named)
    connection = session.connection()
    record_ids: dict[str, int] = {}
    name_keys: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    if extraction.persons:  # one multi-row INSERT; a record's key is unique in its document
        table = PersonRecordRow.__table__
        values = [
            rows.record_values(record, document_id, extraction.extractor)
            | {"person_id": person_ids[record.key]}
            for record in extraction.persons
        ]
        statement = insert(table).returning(table.c.key, table.c.id)
        record_ids.update((key, rid) for key, rid in connection.execute(statement, values))
    for record in extraction.persons:
        record_id = record_ids[record.key]
        name_keys += rows.name_key_values(record, record_id)
        mentions += [rows.mention_values(mention, record_id) for mention in record.mentions]
        events += [rows.event_values(event, record_id) for event in record.events]
        facts += [rows.case_fact_values(fact, record_id) for fact in record.case_facts]
    for demand in extraction.demands:
        values = rows.demand_values(demand, document_id)
        demand_id = _insert_returning_id(connection, DemandRow, values)
        targets += rows.target_values(demand, demand_id, record_ids)
    organisations = [
        rows.organisation_values(organisation, document_id)
        for organisation in extraction.organisations
    ]
    # Rows nothing refers to: one executemany per table.
    rows.save_name_keys(connection, name_keys)
    for model, values in (
        (MentionRow, mentions),
        (EventRow, events),
        (CaseFactRow, facts),
        (OrganisationRow, organisations),
        (DemandTargetRow, targets),
    ):
        if values:
            connection.execute(insert(model.__table__), values)


def _insert_returning_id(connection: Connection, model: type[Base], values: dict[str, Any]) -> int:
    table = model.__table__
    return connection.execute(insert(table).returning(table.c.id), values).scalar_one()


def _replace_facts(
    session: Session, document_id: int, extraction: Extraction
) -> tuple[FactRef, ...]:
    """Replace a document's extracted facts with a new extraction's, keeping every reviewed or
    hand-edited event: a new event at the same evidence (span and type as first extracted)
    is dropped in its favour, and the kept event moves to the new record of the same name.
    Reviewed roles and demands are kept likewise (`reviews.keep_reviewed_records`,
    `keep_reviewed_demands`). Returns the kept facts that nothing new matched (the extractor
    no longer finds them)."""
    old_records = dict(
        session.execute(
            select(PersonRecordRow.id, PersonRecordRow.name).where(
                PersonRecordRow.document_id == document_id
            )
        ).all()
    )
    kept = session.execute(
        select(
            EventRow.id, EventRow.record_id, EventRow.span_start, EventRow.span_end, EventRow.type
        )
        .where(EventRow.record_id.in_(old_records), EventRow.edited_by.is_not(None))
        .order_by(EventRow.id)
    ).all()
    first_types = first_values(session, EventRow.__tablename__, "type", [e.id for e in kept])
    reviewed_records = session.scalars(
        select(PersonRecordRow.id).where(
            PersonRecordRow.document_id == document_id, PersonRecordRow.state != "extracted"
        )
    ).all()
    reviewed_demands = session.scalars(
        select(DemandRow.id).where(
            DemandRow.document_id == document_id, DemandRow.state != "extracted"
        )
    ).all()
    earlier_ids = _person_ids_by_name(session, document_id)
    for statement in (
        delete(EventRow).where(EventRow.record_id.in_(old_records), EventRow.edited_by.is_(None)),
        delete(CaseFactRow).where(CaseFactRow.record_id.in_(old_records)),
        delete(OrganisationRow).where(OrganisationRow.document_id == document_id),
        # Targets cascade.
        delete(DemandRow).where(
            DemandRow.document_id == document_id, DemandRow.state == "extracted"
        ),
    ):
        session.execute(statement, execution_options={"synchronize_session": False})
    _add_facts(session, document_id, extraction, earlier_ids)
    new_records = {
        name: record_id
        for record_id, name in session.execute(
            select(PersonRecordRow.id, PersonRecordRow.name)
            .where(
                PersonRecordRow.document_id == document_id,
                PersonRecordRow.id.not_in(old_records),
            )
            .order_by(PersonRecordRow.id.desc())
        )
    }
    unmatched: list[FactRef] = reviews.keep_reviewed_records(session, reviewed_records, new_records)
    new_events = {
        (start, end, type_): event_id
        for event_id, start, end, type_ in session.execute(
            select(EventRow.id, EventRow.span_start, EventRow.span_end, EventRow.type).where(
                EventRow.record_id.in_(new_records.values())
            )
        )
    }
    for reviewed in kept:
        first_type = first_types.get(reviewed.id, reviewed.type)
        twin = new_events.pop((reviewed.span_start, reviewed.span_end, first_type), None)
        if twin is None:
            unmatched.append(FactRef("event", reviewed.id))
        else:
            session.execute(delete(EventRow).where(EventRow.id == twin))
        record_id = new_records.get(old_records[reviewed.record_id])
        if record_id is not None:
            session.execute(
                update(EventRow).where(EventRow.id == reviewed.id).values(record_id=record_id)
            )
    unmatched += reviews.keep_reviewed_demands(
        session, document_id, reviewed_demands, old_records, new_records
    )
    # Mentions and demand targets go with their records (ON DELETE CASCADE).
    still_used = select(EventRow.record_id).where(EventRow.record_id.in_(old_records))
    session.execute(
        delete(PersonRecordRow).where(
            PersonRecordRow.id.in_(old_records),
            PersonRecordRow.id.not_in(still_used),
            PersonRecordRow.state == "extracted",
        ),
        execution_options={"synchronize_session": False},
    )
    return tuple(unmatched)


def _person_of(session: Session, event: EventRow) -> str | None:
    record = session.get(PersonRecordRow, event.record_id)
    return record.person_id if record else None


def _event_row(session: Session, event_id: int) -> EventRow:
    row = session.get(EventRow, event_id)
    if row is None:
        raise StoreError(f"no event with id {event_id}")
    return row


def _edit_row(
    user: str,
    event_id: int,
    field: str,
    old: str | None,
    new: str | None,
    reason: str | None,
    at: datetime | None = None,
) -> UserEditRow:
    return edit_row(EventRow.__tablename__, event_id, user, field, old, new, reason, at)


def _apply_event_changes(
    row: EventRow,
    user: str,
    changes: EventChanges,
    reason: str | None,
    at: datetime | None = None,
) -> list[UserEditRow]:
    """Set the changed fields of an event; the log rows of what changed. A date a person
    gives is the event's own, not its document's."""
    edits = []
    for field, value in changes.items():
        if field not in EventChanges.__annotations__:
            raise TypeError(f"an event has no editable field {field!r}")
        new = value.iso() if isinstance(value, PartialDate) else value
        old = getattr(row, field)
        if new != old:
            setattr(row, field, new)
            edits.append(_edit_row(user, row.id, field, old, new, reason, at))
            if field == "date":
                row.date_from_document = False
    return edits


def _statuses_changed(session: Session, person_ids: Iterable[str | None]) -> None:
    """Mark the stored statuses of these persons stale, in the transaction of the write that
    changed their facts or records: the next refresh derives them again. Every write that
    can change a status calls it (`casetrail.derive.status.refresh_stored_statuses`), and
    a writer that derives what it marked (`casetrail.facts.derive_written`) claims the marks
    for `WRITER_CLAIM`."""
    claimed = session.info.get(_CLAIMED, False)
    claimed_until = datetime.now(UTC) + WRITER_CLAIM if claimed else None
    session.info[_MARKED] = True
    for ids in _chunks(sorted({pid for pid in person_ids if pid is not None})):
        session.execute(delete(StaleStatusRow).where(StaleStatusRow.person_id.in_(ids)))
        rows = [{"person_id": pid, "claimed_until": claimed_until} for pid in ids]
        session.execute(insert(StaleStatusRow), rows)


def _ensure_persons(session: Session, names: dict[str, str]) -> None:
    """Create the persons of these ids that do not exist yet; an id in use is not retired.
    Those created together are created fuller names first, then by id: the older of two
    persons keeps its id in a merge, and this order must not depend on the run. Core
    statements: this runs for every document stored."""
    for ids in _chunks(sorted(names, key=lambda pid: (-len(names[pid].split()), pid))):
        existing = set(session.scalars(select(PersonRow.id).where(PersonRow.id.in_(ids))))
        new = [{"id": pid, "name": names[pid]} for pid in ids if pid not in existing]
        if new:
            session.execute(insert(PersonRow.__table__), new)
        session.execute(delete(PersonRedirectRow).where(PersonRedirectRow.old_id.in_(ids)))


def _update_records(session: Session, column: str, values: Mapping[int, Any]) -> None:
    """Set one column of person records (record id -> value), in one executemany."""
    if values:
        table = PersonRecordRow.__table__
        session.execute(
            update(table)
            .where(table.c.id == bindparam("record"))
            .values({column: bindparam("value")}),
            [{"record": record_id, "value": value} for record_id, value in values.items()],
        )


def _name_persons(session: Session, display: Mapping[str, str]) -> None:
    """Give these persons (those that exist) the display names resolution gave them."""
    table = PersonRow.__table__
    if display:
        session.execute(
            update(table).where(table.c.id == bindparam("pid")).values(name=bindparam("shown")),
            [{"pid": pid, "shown": name} for pid, name in sorted(display.items())],
        )


def _retire_unused(session: Session, moved: dict[str, Counter[str]]) -> None:
    """Retire the persons left without records; `moved` counts where their records went."""
    in_use: set[str | None] = set()
    for ids in _chunks(moved):
        in_use.update(
            session.scalars(
                select(PersonRecordRow.person_id).where(PersonRecordRow.person_id.in_(ids))
            )
        )
    successors = [
        {"old": old_id, "new": max(sorted(receivers), key=receivers.__getitem__)}
        for old_id, receivers in moved.items()
        if old_id not in in_use
    ]
    if not successors:
        return
    # Redirects stay one hop: those to a retired id now point to its successor.
    session.execute(
        update(PersonRedirectRow.__table__)
        .where(PersonRedirectRow.new_id == bindparam("old"))
        .values(new_id=bindparam("new")),
        successors,
    )
    session.execute(
        insert(PersonRedirectRow),
        [{"old_id": pair["old"], "new_id": pair["new"]} for pair in successors],
    )
    retired = [pair["old"] for pair in successors]
    # Their links first, with the co-signers they counted: ON DELETE CASCADE would delete
    # the links alone.
    cosigners.unlink(session.connection(), retired)
    for ids in _chunks(retired):
        session.execute(delete(PersonRow).where(PersonRow.id.in_(ids)))


@functools.lru_cache(maxsize=1 << 16)
def _aliases(written: str) -> tuple[str, ...]:
    """A record's aliases from their JSON text (the same few spellings come back often)."""
    return tuple(json.loads(written))


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    """Values in lists short enough for an IN (...) on every database."""
    values = list(values)
    for start in range(0, len(values), _PAGE):
        yield values[start : start + _PAGE]


def _is_newer(version: str, stored: str | None) -> bool:
    """Whether an extractor version is newer than the stored one (none counts as oldest)."""
    return stored is None or _version_key(version) > _version_key(stored)


def _version_key(version: str) -> tuple[int, ...]:
    # Numeric parts in order, so that "1.10" > "1.9".
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"not a database URL: {url!r} (expected e.g. sqlite:///casetrail.db"
            " or postgresql://user@host/database)"
        ) from exc
    backend = parsed.get_backend_name()
    if backend not in SEARCH_BACKENDS:
        raise StoreError(f"unsupported database {backend!r}: use sqlite or postgresql")
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        return _postgresql_engine(parsed)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"no database driver for {parsed.drivername}: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"cannot create the database folder: {exc}") from exc


def _sqlite_engine(url: URL) -> Engine:
    options: dict[str, Any] = {}
    if url.database in (None, "", ":memory:"):
        # One connection for all, or each would see its own empty database.
        options["poolclass"] = StaticPool
    else:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, begin transactions, so that DDL is transactional.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        # Readers (a browser on the database) do not block an ingest, nor it them; NORMAL is
        # still safe from corruption, and saves an fsync per document.
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")
        dbapi_connection.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_SECONDS * 1000}")
        # Pages read through memory the connections share, not a system call each: a
        # listing of every person touches thousands.
        dbapi_connection.execute(f"PRAGMA mmap_size = {_SQLITE_MMAP_BYTES}")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # A writer takes the write lock at once: a reader turned writer would fail
        # ("database is locked") whenever another writer committed after its first read.
        writes = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def _postgresql_engine(url: URL) -> Engine:
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    # A server that does not answer should fail fast, unless the URL says otherwise.
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": 10}
    return create_engine(url, connect_args=connect_args)


def _upgrade(engine: Engine) -> None:
    """Migrate the database's schema to the newest revision."""
    config = Config()
    config.set_main_option("script_location", "casetrail.store:migrations")
    with engine.connect() as connection:
        connection = connection.execution_options(**{_WRITE: True})
        with connection.begin():
            if engine.dialect.name == "postgresql":  # server processes starting at once
                connection.execute(select(func.pg_advisory_xact_lock(_PERSONS_LOCK_KEY + 1)))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def _first_line(exc: Exception) -> str:
    """The driver's own message when there is one, without SQLAlchemy's decorations."""
    message = str(exc.orig if isinstance(exc, DBAPIError) else exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


_RESOLUTION_COLUMNS = (
    PersonRecordRow.id,
    PersonRecordRow.document_id,
    PersonRecordRow.name,
    PersonRecordRow.aliases,
    PersonRecordRow.role,
    PersonRecordRow.descriptors,
    PersonRecordRow.person_id,
    PersonRecordRow.name_key,
)


def _resolution_record(row: Any) -> ResolutionRecord:
    id_, document_id, name, aliases, role, descriptors, person_id, name_key = row
    return ResolutionRecord(
        id_, document_id, name, tuple(aliases), role, tuple(descriptors), person_id, name_key
    )


@dataclass(frozen=True, slots=True)
class _PerValue:
    """A query of the first `:limit` rows matching `:value`, run for many values at once."""

    sql: str
    columns: tuple[Column[Any], ...]


def _per_value(match: Column[Any], columns: Iterable[Column[Any]], newest_first: bool) -> _PerValue:
    columns = tuple(columns)
    table = match.table
    sql = (
        f"SELECT {', '.join(c.name for c in columns)} FROM {table.name} WHERE {match.name} = :value"
    )
    if newest_first:
        sql += f" ORDER BY {table.c.id.name} DESC"
    return _PerValue(f"{sql} LIMIT :limit", columns)


_NAMES_WITH_KEY = _per_value(
    ResolutionKeyRow.__table__.c.key,
    [ResolutionKeyRow.__table__.c.key, ResolutionKeyRow.__table__.c.name_key],
    newest_first=False,
)
_LATEST_RECORDS_NAMED = _per_value(
    PersonRecordRow.__table__.c.name_key,
    [PersonRecordRow.__table__.c[column.key] for column in _RESOLUTION_COLUMNS],
    newest_first=True,
)
_UNION_PARTS = 200  # values per UNION ALL (SQLite allows 500 parts)


@functools.cache
def _union(query: _PerValue, count: int) -> TextualSelect:
    """`query` for `count` values (:value0, :value1, ...), each part limited on its own, in
    one UNION ALL, typed by its columns (JSON lists come back as lists). Plain SQL: the
    union of as many ORM selects took longer to compile than the queries to run."""
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({query.sql.replace(':value', f':value{i}')}) AS part{i}"
        for i in range(count)
    )
    return text(sql).columns(*query.columns)


class ResolvingSession:
    """What incremental resolution reads and writes, in the transaction of
    `Store.resolving`: each read is one indexed query, whatever the size of the database."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._connection = session.connection()  # Core reads: no ORM bookkeeping

    def judgements(self) -> list[StoredJudgement]:
        """The active judgements (as `Store.judgements`)."""
        statement = _JUDGEMENTS.where(JudgementRow.deleted_at.is_(None))
        return [_stored_judgement(*found) for found in self._session.execute(statement)]

    def redirects(self) -> dict[str, str]:
        """Every retired person id and the id it redirects to."""
        statement = select(PersonRedirectRow.old_id, PersonRedirectRow.new_id)
        return {old: new for old, new in self._connection.execute(statement)}

    def unresolved_documents(self, limit: int) -> list[int]:
        """Documents with records not resolved yet, oldest first."""
        return list(
            self._connection.scalars(
                select(PersonRecordRow.document_id)
                .where(PersonRecordRow.name_key.is_(None))
                .group_by(PersonRecordRow.document_id)
                .order_by(PersonRecordRow.document_id)
                .limit(limit)
            )
        )

    def document_records(self, document_ids: Collection[int]) -> list[ResolutionRecord]:
        """Every record of these documents, by id."""
        found: list[ResolutionRecord] = []
        for ids in _chunks(document_ids):
            found += map(
                _resolution_record,
                self._connection.execute(
                    select(*_RESOLUTION_COLUMNS).where(PersonRecordRow.document_id.in_(ids))
                ),
            )
        return sorted(found, key=lambda record: record.id)

    def names_with_keys(
        self, lookups: Collection[tuple[str, str]], block: int, window: int
    ) -> set[str]:
        """The folded names that carry each lookup's key (key, around): all of them up to
        `block`, else the `window` names on each side of `around` in their order (as the
        resolver compares them). One query for every key, each part bounded by its limit."""
        found: defaultdict[str, list[str]] = defaultdict(list)
        for key, name in self._each_limited(
            _NAMES_WITH_KEY, sorted({k for k, _ in lookups}), block + 1
        ):
            found[key].append(name)
        column = ResolutionKeyRow.name_key
        names: set[str] = set()
        for key, around in lookups:
            if len(found[key]) <= block:
                names.update(found[key])
                continue
            named = select(column).where(ResolutionKeyRow.key == key)
            before = named.where(column < around).order_by(column.desc()).limit(window)
            after = named.where(column >= around).order_by(column).limit(window + 1)
            names.update(self._connection.scalars(before))
            names.update(self._connection.scalars(after))
        return names

    def known_names(self, keys: Collection[str]) -> set[str]:
        """The folded names that carry one of these keys (a name's own key finds it)."""
        found: set[str] = set()
        for chunk in _chunks(keys):
            found.update(
                self._connection.scalars(
                    select(ResolutionKeyRow.name_key).where(ResolutionKeyRow.key.in_(chunk))
                )
            )
        return found

    def records_named(self, name_keys: Collection[str], limit: int) -> list[ResolutionRecord]:
        """The latest `limit` resolved records of each of these folded names (a person named
        in thousands of documents is known by a few), in one query."""
        found = self._each_limited(_LATEST_RECORDS_NAMED, sorted(name_keys), limit)
        return [_resolution_record(row) for row in found]

    def _each_limited(self, query: _PerValue, values: Sequence[str], limit: int) -> Iterator[Any]:
        """The rows of `query` for each value, from one UNION ALL per chunk of values: a
        round trip per value cost more than the query."""
        for start in range(0, len(values), _UNION_PARTS):
            chunk = values[start : start + _UNION_PARTS]
            params = {f"value{i}": value for i, value in enumerate(chunk)}
            yield from self._connection.execute(
                _union(query, len(chunk)), params | {"limit": limit}
            )

    def document_names(self, document_ids: Collection[int]) -> dict[int, list[tuple[int, str]]]:
        """The names of these documents' records: document id -> [(record id, name)]."""
        found: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
        for ids in _chunks(document_ids):
            for record_id, document_id, name in self._connection.execute(
                select(PersonRecordRow.id, PersonRecordRow.document_id, PersonRecordRow.name)
                .where(PersonRecordRow.document_id.in_(ids))
                .order_by(PersonRecordRow.id)
            ):
                found[document_id].append((record_id, name))
        return found

    def taken_among(self, person_ids: Collection[str]) -> set[str]:
        """Those of these ids that a person or a retired person has."""
        taken: set[str] = set()
        for ids in _chunks(person_ids):
            taken.update(
                self._connection.scalars(select(PersonRow.id).where(PersonRow.id.in_(ids)))
            )
            taken.update(
                self._connection.scalars(
                    select(PersonRedirectRow.old_id).where(PersonRedirectRow.old_id.in_(ids))
                )
            )
        return taken

    def person_spellings(
        self, person_ids: Collection[str]
    ) -> dict[str, list[tuple[str, tuple[str, ...], int]]]:
        """Each distinct (name, aliases) of these persons' records, with how many records
        write it: what a person's display name is counted from, a handful of rows however
        many records the person has (kept on write: `PersonSpellingRow`)."""
        spelling = PersonSpellingRow
        found: defaultdict[str, list[tuple[str, tuple[str, ...], int]]] = defaultdict(list)
        for ids in _chunks(person_ids):
            columns = (spelling.person_id, spelling.name, spelling.aliases, spelling.records)
            rows = self._connection.execute(select(*columns).where(spelling.person_id.in_(ids)))
            for person_id, name, written, count in rows:
                found[person_id].append((name, _aliases(written), count))
        return found

    def person_records(self, person_ids: Collection[str]) -> list[ResolutionRecord]:
        """Every record of these persons, by id."""
        found: list[ResolutionRecord] = []
        for ids in _chunks(person_ids):
            found += map(
                _resolution_record,
                self._session.execute(
                    select(*_RESOLUTION_COLUMNS).where(PersonRecordRow.person_id.in_(ids))
                ),
            )
        return sorted(found, key=lambda record: record.id)

    def add_review_candidates(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Keep these pairs of records left for review (`ReviewCandidateRow` columns)."""
        if rows:
            self._connection.execute(insert(ReviewCandidateRow), list(rows))

    def person_names(self, person_ids: Collection[str]) -> dict[str, str]:
        """The display names of those of these persons that exist, by id."""
        found: dict[str, str] = {}
        for ids in _chunks(person_ids):
            statement = select(PersonRow.id, PersonRow.name).where(PersonRow.id.in_(ids))
            found.update((pid, name) for pid, name in self._session.execute(statement))
        return found

    def rename_persons(self, renamed: Mapping[str, str], display: Mapping[str, str]) -> None:
        """Give persons new ids (old -> new, `display` naming them): their records move, the
        old id redirects, and the person keeps the time it was created (a merge keeps the
        older of two ids by it)."""
        old_ids = sorted(renamed)
        statement = select(PersonRow.id, PersonRow.created_at).where(PersonRow.id.in_(old_ids))
        created = {pid: when for pid, when in self._session.execute(statement)}
        found = self._session.execute(
            select(PersonRecordRow.id, PersonRecordRow.person_id).where(
                PersonRecordRow.person_id.in_(old_ids)
            )
        )
        _set_person_ids(self._session, {rid: renamed[pid] for rid, pid in found}, display)
        table = PersonRow.__table__
        self._session.execute(
            update(table).where(table.c.id == bindparam("new")).values(created_at=bindparam("at")),
            [{"new": renamed[old], "at": when} for old, when in created.items()],
        )

    def save(
        self,
        assignments: dict[int, str],
        name_keys: dict[int, str],
        keys: dict[str, Iterable[str]],
        display: Mapping[str, str] | None = None,
    ) -> None:
        """Store person ids (as `set_person_ids`), the folded names of the records resolved
        (`name_keys`: record id -> name), the keys of those names and persons' display
        names (`display`: person id -> name)."""
        if assignments:
            _set_person_ids(self._session, assignments, display)
        _name_persons(self._session, display or {})
        _update_records(self._session, "name_key", name_keys)
        rows_ = [{"key": key, "name_key": name} for name, found in keys.items() for key in found]
        dialect = {"sqlite": sqlite, "postgresql": postgresql}[self._session.bind.dialect.name]
        for start in range(0, len(rows_), _PAGE):
            self._session.execute(
                dialect.insert(ResolutionKeyRow).on_conflict_do_nothing(),
                rows_[start : start + _PAGE],
            )
