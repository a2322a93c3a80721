"""The database tables, as SQLAlchemy typed ORM models.

The schema itself is created and changed only by the Alembic migrations in `migrations/`;
a test checks that these models and the migrated database agree. Every extracted fact carries
its evidence: a span of the document's *original* text, the quote, the sentence and the
extractor (name, version) that produced it. Dates are ISO strings at the precision the text
gives (YYYY, YYYY-MM or YYYY-MM-DD), so they sort and compare as text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from casetrail.store.search import SEARCH_TABLE


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's autogenerate filter: the models describe all tables but the search index
    (and the shadow tables FTS5 names after it)."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE))


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Named constraints, so that later migrations can alter them on every dialect.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[str]: JSON,
        datetime: DateTime(timezone=True),
        str: Text,
    }


class IntegerId:
    """An integer id that is never reused (as on PostgreSQL), so it always names one fact."""

    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)


class EvidenceColumns:
    """Where a fact comes from (domain `Evidence`): offsets into the original text."""

    span_start: Mapped[int]
    span_end: Mapped[int]
    quote: Mapped[str]
    sentence_start: Mapped[int | None]
    sentence_end: Mapped[int | None]
    extractor_name: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str] = mapped_column(String(40))


class DocumentRow(IntegerId, Base):
    """One document: its text as read, as cleaned, and what extraction said about it."""

    __tablename__ = "documents"

    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str]
    file_name: Mapped[str]
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    title: Mapped[str | None]
    encoding: Mapped[str | None] = mapped_column(String(40))
    file_metadata: Mapped[dict[str, Any]]
    language: Mapped[str | None] = mapped_column(String(16))
    original_text: Mapped[str]
    clean_text: Mapped[str]
    offset_map: Mapped[dict[str, Any]]
    # A text read by OCR: its OcrLayer.to_json(), and the ranges of its doubtful words
    # (OcrLayer.doubtful), which citations read without the whole layer.
    ocr_layer: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    ocr_doubtful: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))
    # Indexed (migration 0027): the start page's sum of words reads the index, not every text.
    words: Mapped[int] = mapped_column(index=True)
    ingested_at: Mapped[datetime] = mapped_column(default=_utc_now)

    # The document-level part of the last extraction; all null until one is stored.
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    extraction_language: Mapped[str | None] = mapped_column(String(16))
    extractor_name: Mapped[str | None] = mapped_column(String(100))
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    # The evidence of `date`, when the text states it.
    date_span_start: Mapped[int | None]
    date_span_end: Mapped[int | None]
    date_quote: Mapped[str | None]
    date_sentence_start: Mapped[int | None]
    date_sentence_end: Mapped[int | None]
    date_extractor_name: Mapped[str | None] = mapped_column(String(100))
    date_extractor_version: Mapped[str | None] = mapped_column(String(40))
    # The verification states of `date` and `kind` (FACT_STATES; reviews in `user_edits`,
    # fact tables "document_date" and "document_kind").
    date_state: Mapped[str] = mapped_column(
        String(12), default="extracted", server_default="extracted"
    )
    kind_state: Mapped[str] = mapped_column(
        String(12), default="extracted", server_default="extracted"
    )

    records: Mapped[list[PersonRecordRow]] = relationship(
        order_by="PersonRecordRow.id", passive_deletes=True
    )
    organisations: Mapped[list[OrganisationRow]] = relationship(
        order_by="OrganisationRow.id", passive_deletes=True
    )
    demands: Mapped[list[DemandRow]] = relationship(order_by="DemandRow.id", passive_deletes=True)


class PersonRow(Base):
    """A real person, as resolution identifies them across documents."""

    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=_utc_now)


class PersonStatusRow(Base):
    """A person's status over time, derived from their events and stored so that pages need
    not derive everyone's (`casetrail.derive.status.refresh_stored_statuses` keeps it): from
    `from_day` to the day before `to_day` (no end when None) the status was `status`, entered
    on `since` and last said on `last_confirmed`. Days are ISO YYYY-MM-DD; a person's first
    segment starts on 0001-01-01 (unknown until their first dated fact)."""

    __tablename__ = "person_status"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    from_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    to_day: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    since: Mapped[str | None] = mapped_column(String(10))
    last_confirmed: Mapped[str | None] = mapped_column(String(10))
    # The persons table's order by status: the status's place in STATUSES, then the person's
    # name as the database lowers it (`persons.name`, which never changes).
    rank: Mapped[int | None]
    name_key: Mapped[str | None]


class StaleStatusRow(IntegerId, Base):
    """A person whose stored status a write may have changed, marked in the write's own
    transaction; the id (never reused) tells a refresh whether a later write marked them
    again while it derived. Until `claimed_until` the mark is the writer's to derive (it
    does before it returns): readers meanwhile show the status as it was, rather than
    derive it again while the writer does; after, if the writer stopped, the next reader
    derives it."""

    __tablename__ = "stale_statuses"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), unique=True
    )
    claimed_until: Mapped[datetime | None]


class PersonRoleRow(Base):
    """Each role the records of a person give them (kept as `advocate_concerns`): the
    persons table filters and counts the persons of a role without reading their records."""

    __tablename__ = "person_roles"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class PersonFacetRow(IntegerId, Base):
    """What a person's records say, each distinct combination once with how many records
    say it: role, descriptors and spelling (name, aliases; both as the records' JSON text),
    and their document's kind and year (kept as `advocate_concerns`). The search page's
    facets and "also written" read these, not an advocate's thousands of records."""

    __tablename__ = "person_facets"

    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    descriptors: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[str | None] = mapped_column(String(4))
    records: Mapped[int]


class PersonSpellingRow(Base):
    """How many records of a person write each spelling (name, aliases as the records' JSON
    text): what incremental resolution names a person by (`resolve.counted_display_name`),
    a few rows however many records the person has. Kept by triggers on `person_records`
    (migration 0018), in the transaction of every write that adds, moves, renames or
    deletes a record, whichever code makes it."""

    __tablename__ = "person_spellings"
    # The persons of the spellings a name search matches (`SpellingNameKeyRow`).
    __table_args__: ClassVar[tuple[Any, ...]] = (
        Index("ix_person_spellings_spelling", "name", "aliases"),
    )

    person_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    aliases: Mapped[str] = mapped_column(Text, primary_key=True)
    records: Mapped[int]


class StaleAdvocacyRow(IntegerId, Base):
    """A person whose advocacy counts a write may have changed: the refresh of the statuses
    hands its marks on here, and the advocates pages count those persons again
    (`casetrail.store.aggregates.refresh_advocacy`), so that the persons pages never wait
    for it. A person may be marked more than once."""

    __tablename__ = "stale_advocacy"

    person_id: Mapped[str] = mapped_column(String(200))


class StaleFacetsRow(IntegerId, Base):
    """A person whose facets (`person_facets`) a write may have changed: the refresh of the
    statuses hands its marks on here, and the search page counts those persons' facets
    again (`casetrail.store.aggregates.refresh_facets`), so that the persons pages never
    wait for an advocate's thousands of records. A person may be marked more than once."""

    __tablename__ = "stale_facets"

    person_id: Mapped[str] = mapped_column(String(200))


class AdvocacyVersionRow(Base):
    """How many times the advocacy counts (`advocate_concerns`, `advocate_summaries`) have
    changed, in one row: what the advocates page computes from them alone is kept in
    memory until it changes, in every server process."""

    __tablename__ = "advocacy_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]


class AdvocateConcernRow(Base):
    """An advocate (a person some document names as advocate) and a person of concern of
    their documents, with the number of such documents: who wrote about whom, counted once
    on write (with the stored statuses, for the persons a write marked stale) rather than
    over every record by each advocates page."""

    __tablename__ = "advocate_concerns"

    advocate_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    concern_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    documents: Mapped[int]


class AdvocateSummaryRow(Base):
    """Each advocate's number of documents naming them as advocate, the number of persons of
    concern they wrote about (their `advocate_concerns`, counted again whenever those
    change: `casetrail.store.cosigners.count_concerns`), and the descriptors those records
    give them, each once in the order they first appear (kept as `advocate_concerns`)."""

    __tablename__ = "advocate_summaries"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    documents: Mapped[int] = mapped_column(index=True)
    concerns: Mapped[int] = mapped_column(default=0, server_default="0")
    descriptors: Mapped[list[str]]


class AdvocateCosignerRow(Base):
    """Two advocates and the number of persons of concern both wrote about (each pair both
    ways round), kept with `advocate_concerns` in the transaction that changes them
    (`casetrail.store.cosigners`): an advocate's page ranks their co-signers from their own
    rows rather than joining the links of every person they wrote about."""

    __tablename__ = "advocate_cosigners"

    advocate_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    other_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    shared: Mapped[int]


class StaleWorkRow(IntegerId, Base):
    """A person whose alerts and facts to check a write may have changed: the refresh of
    the statuses hands its marks on here, and the alerts and queue pages derive those
    persons' alerts again (`casetrail.facts.refresh_alerts`), so that the persons pages
    never wait for it. A person may be marked more than once."""

    __tablename__ = "stale_work"

    person_id: Mapped[str] = mapped_column(String(200))


class StaleQueueRow(IntegerId, Base):
    """A person whose facts to check a write may have changed: the refresh of the alerts
    (`casetrail.facts.refresh_alerts`) hands its marks on here, and the queue page derives
    those persons' queue rows again (`casetrail.facts.refresh_work`), so that the alerts
    page never waits for it. A person may be marked more than once."""

    __tablename__ = "stale_queue"

    person_id: Mapped[str] = mapped_column(String(200))


class PersonAlertRow(IntegerId, Base):
    """An alert about a person of concern, derived on write with their status
    (`casetrail.derive.alerts.kept_alert_rows`) so that the alerts page pages through rows
    rather than deriving everyone's. Those that depend on the day of reference say from when
    they hold: `from_day` (a sentence expected to have ended), or `mention_day` (custody
    cases: the last day of the latest document naming the person, compared with the day of
    reference less the months asked for). `evidence` lists [document id, start, end, quote];
    `position` keeps the order of the person's alerts within a kind."""

    __tablename__ = "person_alerts"

    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    from_day: Mapped[str | None] = mapped_column(String(10))
    mention_day: Mapped[str | None] = mapped_column(String(10))


class AlertHorizonRow(Base):
    """The day from which a person's alerts as of any later day are those stored: the last
    day of their latest dated fact or mention. Before it, the alerts that depend on the day
    of reference are derived for that person on read. With the number of the person's
    stored alerts of each kind that holds whatever the day (migration 0026): the alerts page
    sums them rather than counting some 450,000 alerts; deleted with the person."""

    __tablename__ = "alert_horizons"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    settled_from: Mapped[str] = mapped_column(String(10), index=True)
    stale_demands: Mapped[int] = mapped_column(server_default="0")
    contradictions: Mapped[int] = mapped_column(server_default="0")
    deaths_in_custody: Mapped[int] = mapped_column(server_default="0")


class QueueFactRow(IntegerId, Base):
    """An unchecked fact in the queue of facts to verify (`casetrail.facts`), with its
    priority as of any day from its persons' `alert_horizons` on, and the person it is
    listed under (`name_key`: their name case-folded, for the queue's order); kept on write
    with the stored statuses so that the queue page reads its first rows from an index."""

    __tablename__ = "queue_facts"
    __table_args__ = (UniqueConstraint("kind", "fact_id"), {"sqlite_autoincrement": True})

    kind: Mapped[str] = mapped_column(String(20))  # a FactRef's kind
    fact_id: Mapped[int]
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    name_key: Mapped[str] = mapped_column(Text)
    priority: Mapped[int]


class QueueDatingRow(Base):
    """A document whose date places an event that decides a person's status (as of any day
    from their `alert_horizons` on): its date comes first in the queue."""

    __tablename__ = "queue_dating"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(primary_key=True, index=True)


class PersonRedirectRow(Base):
    """A person id retired by a merge, and the id that replaced it (always one hop)."""

    __tablename__ = "person_redirects"

    old_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    new_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=_utc_now)


class PersonRecordRow(IntegerId, Base):
    """A person as one document presents them (domain `PersonRecord`)."""

    __tablename__ = "person_records"
    # The first covers the documents of persons (a search by person counts and lists them);
    # the second, the records of a folded name (incremental resolution).
    __table_args__: ClassVar[tuple[Any, ...]] = (
        Index("ix_person_records_person_document", "person_id", "document_id"),
        Index("ix_person_records_name_key", "name_key", "id"),
        {"sqlite_autoincrement": True},
    )

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str]
    # The folded name resolution groups the record by; None until the record is resolved
    # (a record stored and not yet resolved, or stored before incremental resolution).
    name_key: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    descriptors: Mapped[list[str]]
    aliases: Mapped[list[str]]
    extractor_name: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str] = mapped_column(String(40))
    # The verification state of `role` (FACT_STATES; its history in `user_edits`).
    state: Mapped[str] = mapped_column(String(12), default="extracted", server_default="extracted")

    mentions: Mapped[list[MentionRow]] = relationship(
        order_by="MentionRow.id", passive_deletes=True
    )
    events: Mapped[list[EventRow]] = relationship(order_by="EventRow.id", passive_deletes=True)
    case_facts: Mapped[list[CaseFactRow]] = relationship(
        order_by="CaseFactRow.id", passive_deletes=True
    )


class ReviewCandidateRow(IntegerId, Base):
    """Two person records resolution could not decide on, with the score and its
    explanation ([feature, value, weight] each): kept on write so that the review page reads
    them rather than resolving every record. A full resolution (`review_sweeps`) replaces
    them all; incremental resolution adds those of each new document. Who the records
    belong to, and the judgements, are read when they are listed."""

    __tablename__ = "review_candidates"

    left_record: Mapped[int] = mapped_column(
        ForeignKey("person_records.id", ondelete="CASCADE"), index=True
    )
    right_record: Mapped[int] = mapped_column(
        ForeignKey("person_records.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[list[Any]] = mapped_column(JSON)


class ReviewSweepRow(IntegerId, Base):
    """A full resolution that stored its review candidates: until the first, the review
    page resolves every record once."""

    __tablename__ = "review_sweeps"

    at: Mapped[datetime] = mapped_column(default=_utc_now)


class SpellingNameKeyRow(Base):
    """A search key of a word of a spelling (a record's name and aliases, as in
    `person_spellings`; resolve/search_keys.py): a query is matched to the spellings, and
    through them to the persons, in the index, whatever the spelling. Written with the
    first record of each spelling (migration 0023; a key is a function of the spelling, so
    a spelling no record writes any more keeps its keys: it matches no person)."""

    __tablename__ = "spelling_name_keys"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    aliases: Mapped[str] = mapped_column(Text, primary_key=True)  # the records' JSON text


class ResolutionKeyRow(Base):
    """Which folded names carry a resolution key: a new mention is compared only with the
    records of the names that share a key with it (see `casetrail.resolve.keys`)."""

    __tablename__ = "resolution_keys"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    name_key: Mapped[str] = mapped_column(String(200), primary_key=True)


class MentionRow(IntegerId, EvidenceColumns, Base):
    """One place where a document names a person."""

    __tablename__ = "mentions"

    record_id: Mapped[int] = mapped_column(
        ForeignKey("person_records.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str]


class EventRow(IntegerId, EvidenceColumns, Base):
    """Something a document states happened to a person."""

    __tablename__ = "events"
    record_id: Mapped[int] = mapped_column(
        ForeignKey("person_records.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(10))
    date_from_document: Mapped[bool]
    detail: Mapped[str]
    # Who last edited or reviewed the event by hand; such events survive re-extraction.
    edited_by: Mapped[str | None] = mapped_column(String(200))
    # One of FACT_STATES; its history is in `user_edits` (field "state").
    state: Mapped[str] = mapped_column(String(12), default="extracted", server_default="extracted")


class CaseFactRow(IntegerId, EvidenceColumns, Base):
    """A fact of a person's case as one sentence states it (domain `CaseFact`): a charge, a
    sentence, a place of detention or a restriction, its fields as JSON by `kind`."""

    __tablename__ = "case_facts"
    record_id: Mapped[int] = mapped_column(
        ForeignKey("person_records.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(10))
    fields: Mapped[dict[str, Any]]


class OrganisationRow(IntegerId, EvidenceColumns, Base):
    __tablename__ = "organisations"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str]
    kind: Mapped[str] = mapped_column(String(40))


class DemandRow(IntegerId, EvidenceColumns, Base):
    """(who demands, from whom, what, for whom), as one sentence states it."""

    __tablename__ = "demands"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))
    # The date the text gives for the advocacy act (domain `Demand.date`), if any.
    date: Mapped[str | None] = mapped_column(String(10))
    # Record keys or organisation names, as extraction gives them.
    demanders: Mapped[list[str]]
    addressees: Mapped[list[str]]
    # The verification state of the demand (FACT_STATES; its history in `user_edits`).
    state: Mapped[str] = mapped_column(String(12), default="extracted", server_default="extracted")

    targets: Mapped[list[DemandTargetRow]] = relationship(
        order_by="DemandTargetRow.position", passive_deletes=True
    )


class DemandTargetRow(Base):
    """A person record a demand is made for: a table, so "demands for person X" is a join."""

    __tablename__ = "demand_targets"

    demand_id: Mapped[int] = mapped_column(
        ForeignKey("demands.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("person_records.id", ondelete="CASCADE"), index=True
    )

    record: Mapped[PersonRecordRow] = relationship()


# A fact's verification state: as the extractor gave it, checked by a person (confirmed,
# corrected, rejected), or added by a person (manual).
FACT_STATES = ("extracted", "confirmed", "corrected", "rejected", "manual")
REVIEW_VERDICTS = ("confirmed", "corrected", "rejected")


class UserEditRow(IntegerId, Base):
    """Append-only log of hand edits and reviews: who changed which field of which fact,
    when and why. A review is the rows of one fact sharing `edited_at`: field "state" (the
    verdict) and each field a correction changed."""

    __tablename__ = "user_edits"
    edited_by: Mapped[str] = mapped_column(String(200))
    edited_at: Mapped[datetime] = mapped_column(default=_utc_now)
    fact_table: Mapped[str] = mapped_column(String(40))
    fact_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None]
    new_value: Mapped[str | None]
    reason: Mapped[str | None]


JUDGEMENTS = ("same", "different", "unsure")


class PersonActionRow(IntegerId, Base):
    """Append-only audit of the human work on persons: judge, review, merge, split, undo.

    `changes` holds every person id the action changed: record id (as text) -> [old id, new
    id]; undoing the action puts back the old ids of records that still carry the new one.
    """

    __tablename__ = "person_actions"

    action: Mapped[str] = mapped_column(String(20))
    user: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=_utc_now)
    persons: Mapped[list[str]]  # the person ids the action was about, as given
    changes: Mapped[dict[str, Any]]
    undoes: Mapped[int | None] = mapped_column(ForeignKey("person_actions.id"))
    note: Mapped[str | None]


class JudgementRow(IntegerId, Base):
    """A human decision on two persons (ids as they were when judged): same, different or
    unsure. Append-only: an undo sets `deleted_at` and `deleted_by`, rows are never deleted."""

    __tablename__ = "judgements"
    __table_args__: ClassVar[tuple[Any, ...]] = (
        CheckConstraint(f"judgement IN {JUDGEMENTS!r}", name="judgement"),
        {"sqlite_autoincrement": True},
    )

    left_ref: Mapped[str] = mapped_column(String(200), index=True)
    right_ref: Mapped[str] = mapped_column(String(200), index=True)
    judgement: Mapped[str] = mapped_column(String(10))
    user: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=_utc_now)
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[str | None] = mapped_column(String(200))
    action_id: Mapped[int] = mapped_column(ForeignKey("person_actions.id"), index=True)


class DocumentFileRow(Base):
    """The file a document was read from, byte for byte, for download."""

    __tablename__ = "document_files"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)


USER_ROLES = ("viewer", "editor", "admin")


class UserRow(IntegerId, Base):
    """A person who may log in to the web application; only a password hash is kept."""

    __tablename__ = "users"
    __table_args__: ClassVar[tuple[Any, ...]] = (
        CheckConstraint(f"role IN {USER_ROLES!r}", name="role"),
    )

    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=_utc_now)


class LoginSessionRow(Base):
    """A login: only the hash of the cookie's token is kept, so a copy of the database
    cannot be used to log in."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=_utc_now)
    expires_at: Mapped[datetime]


class LoginFailureRow(Base):
    """Wrong passwords in a row, per account (`account:NAME`) or client address
    (`address:IP`): what login throttling counts, shared by every server process."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    failures: Mapped[int]
    last_at: Mapped[datetime] = mapped_column(index=True)


class AuditRow(IntegerId, Base):
    """Append-only: who ingested, merged, split, judged, exported or logged in, and when."""

    __tablename__ = "audit_log"
    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_autoincrement": True}

    at: Mapped[datetime] = mapped_column(default=_utc_now, index=True)
    user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str]
    detail: Mapped[dict[str, Any]]


class ApiAnswerRow(Base):
    """The answer to an API write sent with an `Idempotency-Key`: a retry gets it again.
    `fingerprint` is a hash of the request, so that a key reused for another one is refused."""

    __tablename__ = "api_answers"

    user: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int]
    body: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=_utc_now)


Index("ix_events_type_date", EventRow.type, EventRow.date)
# The API's events of a type by id: its first pages walk the index, not a sort of them all.
Index("ix_events_type_id", EventRow.type, EventRow.id)
# The few events edited or reviewed by hand, which every case record and timeline checks:
# found from this index, not by a scan of every event.
Index(
    "ix_events_edited_record",
    EventRow.record_id,
    sqlite_where=EventRow.edited_by.is_not(None),
    postgresql_where=EventRow.edited_by.is_not(None),
)
# The API counts the events (of a type) from the index alone.
Index("ix_events_type_state_record", EventRow.type, EventRow.state, EventRow.record_id)
Index("ix_user_edits_fact", UserEditRow.fact_table, UserEditRow.fact_id)
# "Persons with a record of this role": one probe a person, not a scan of their records;
# and the documents naming a person in a role (an advocate's) from the index alone.
Index(
    "ix_person_records_person_role_document",
    PersonRecordRow.person_id,
    PersonRecordRow.role,
    PersonRecordRow.document_id,
)
# The records of a document, and from the index alone the persons of a role in it: the
# persons of concern of an advocate's documents, without reading their records.
Index(
    "ix_person_records_document_role_person",
    PersonRecordRow.document_id,
    PersonRecordRow.role,
    PersonRecordRow.person_id,
)
# Read from the index alone: an advocate's persons of concern, most documents first; the
# advocates of a person of concern (for co-signers).
Index(
    "ix_advocate_concerns_advocate_documents",
    AdvocateConcernRow.advocate_id,
    AdvocateConcernRow.documents,
    AdvocateConcernRow.concern_id,
)
Index(
    "ix_advocate_concerns_concern_advocate",
    AdvocateConcernRow.concern_id,
    AdvocateConcernRow.advocate_id,
)
# The segments of a day in the persons table's order by status, or of one status by person:
# the first pages walk an index (checking each segment's days), not a sort of everyone.
Index(
    "ix_person_status_order",
    PersonStatusRow.rank,
    PersonStatusRow.name_key,
    PersonStatusRow.person_id,
    PersonStatusRow.from_day,
    PersonStatusRow.to_day,
)
Index(
    "ix_person_status_status_person",
    PersonStatusRow.status,
    PersonStatusRow.person_id,
    PersonStatusRow.from_day,
    PersonStatusRow.to_day,
)
# The persons of a status on a day, counted from two ranges: open segments, and those ending later.
Index(
    "ix_person_status_status_end",
    PersonStatusRow.status,
    PersonStatusRow.to_day,
    PersonStatusRow.from_day,
    PersonStatusRow.person_id,
)
Index("ix_person_roles_role_person", PersonRoleRow.role, PersonRoleRow.person_id)
# With the day last named (migration 0026): the custody cases not named since a day are
# counted from the index alone (from the rows, each alert's evidence was read past: 9 ms at
# 100,000 documents), and paged in its order. An index led by that day was used for both,
# and sorted every such alert for a page.
Index(
    "ix_person_alerts_kind_person_mention",
    PersonAlertRow.kind,
    PersonAlertRow.person_id,
    PersonAlertRow.position,
    PersonAlertRow.mention_day,
)
Index("ix_person_alerts_person", PersonAlertRow.person_id)
Index(
    "ix_queue_facts_order",
    QueueFactRow.priority,
    QueueFactRow.name_key,
    QueueFactRow.kind,
    QueueFactRow.fact_id,
)
# The persons table's order by name: its first pages from the index, not a sort of everyone.
Index("ix_persons_name_order", func.lower(PersonRow.name), PersonRow.id)
