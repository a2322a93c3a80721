"""Facts a person has checked: review an event, a person's role in a document, a demand, or
a document's date or kind (confirm, correct, reject), add an event by hand from a source
note, add a person of concern by hand, and the verification queue.

Like `casetrail.resolution` for persons, this is the one place the CLI, the web pages and the
API go through to change facts: each change is stored append-only (`Store.review_event`,
`Store.review_fact`, `Store.add_note`) and written to the audit log. Derived statements
(status, timelines, alerts, annexes, exports) read the reviewed facts from the store on every
request; the stored statuses a review may change are marked stale in its transaction.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from typing import Any, cast

from casetrail.derive import (
    CaseSummary,
    PersonStatus,
    build_timeline,
    case_summaries,
    find_person,
    status_as_of,
)
from casetrail.derive.alerts import kept_alert_rows, settled_days
from casetrail.derive.dates import sort_key
from casetrail.derive.status import Observed, refresh_stored_statuses
from casetrail.derive.timeline import Timeline, in_timeline_order
from casetrail.domain import (
    CleanText,
    Document,
    Event,
    EventType,
    Evidence,
    Extraction,
    OffsetMap,
    PartialDate,
    PersonRecord,
    RawDocument,
    Span,
    vocabulary,
)
from casetrail.pipeline import MANUAL
from casetrail.resolve.resolver import slugify
from casetrail.store import ReviewConflict, Store, StoreError, alert_rows, queue_rows, read_model
from casetrail.store.accounts import audit
from casetrail.store.aggregates import refresh_advocacy, refresh_facets
from casetrail.store.read_model import DocumentRef, EventFact, FactReview, Source
from casetrail.store.reviews import FACT_TABLES, FactKind, FactRef
from casetrail.store.schema import StaleQueueRow

NOTE_KIND = "note"
# The events that decide a status most: checked first in the queue.
DECISIVE: tuple[str, ...] = ("died", "released", "acquitted", "sentenced")


class FactError(ValueError):
    """A review or a manual fact that cannot be made, with a message fit to show a user."""


class AlreadyReviewed(FactError):
    """The fact already says what the review would: nothing was done."""


@dataclass(frozen=True, slots=True)
class PersonFact:
    """One fact of a person as a reviewer sees it: the event, its state and its reviews."""

    event: EventFact
    reviews: tuple[FactReview, ...]

    @property
    def last_review(self) -> FactReview | None:
        return self.reviews[-1] if self.reviews else None


def person_facts(store: Store, person_id: str) -> list[PersonFact]:
    """Every event of a person, rejected ones included, in timeline order, with reviews."""
    events = read_model.events(store, [person_id], rejected=True)
    return with_reviews(store, in_timeline_order(events))


def with_reviews(store: Store, events: Sequence[EventFact]) -> list[PersonFact]:
    """These events with their reviews, in the order given."""
    reviews = read_model.event_reviews(store, [event.id for event in events])
    return [PersonFact(event, tuple(reviews.get(event.id, ()))) for event in events]


@dataclass(frozen=True, slots=True)
class PersonPage:
    """What a person's page shows of their facts: the summary of their case (status,
    timeline, conflicts: from every event), and the events of a page of the timeline and
    the rejected ones, with their reviews."""

    summary: CaseSummary
    shown: tuple[PersonFact, ...]  # the timeline's entries of the page
    rejected: tuple[PersonFact, ...]  # in timeline order


def person_page(
    store: Store,
    person_id: str,
    as_of: date,
    shown: slice,
    appearances: Sequence[read_model.Appearance] | None = None,
) -> PersonPage:
    """`case_summaries` of a person and `person_facts` of the `shown` entries of their
    timeline and of the rejected events: the events are read once (rejected ones included)
    and the timeline built once, and only the reviews of those listed are read: a person
    named in thousands of documents has thousands of events, a page lists 50.
    `appearances`: the person's (`read_model.appearances`), when the caller has them."""
    events = read_model.events(store, [person_id], rejected=True)
    kept = [event for event in events if event.state != "rejected"]
    [summary] = case_summaries(
        store, [person_id], as_of, events={person_id: kept}, appearances=appearances
    )
    page = [entry.event for entry in summary.timeline.entries[shown]]
    rejected = in_timeline_order(event for event in events if event.state == "rejected")
    reviewed = with_reviews(store, [*page, *rejected])
    return PersonPage(summary, tuple(reviewed[: len(page)]), tuple(reviewed[len(page) :]))


def fact(store: Store, event_id: int) -> PersonFact:
    """One event, rejected or not, with its reviews; FactError if there is none."""
    found = read_model.events(store, None, rejected=True, ids=[event_id])
    if not found:
        raise FactError(f"no fact with id {event_id} (see `casetrail facts NAME`)")
    reviews = read_model.event_reviews(store, [event_id])
    return PersonFact(found[0], tuple(reviews.get(event_id, ())))


@dataclass(frozen=True, slots=True)
class OtherFact:
    """A fact beside the events, as a reviewer sees it: a person's role in a document, a
    demand made for them, a document's date or kind; its value, state and reviews."""

    ref: FactRef
    document: DocumentRef
    value: str | None  # the role, the demand's action, the ISO date (None: unknown), the kind
    state: str
    source: Source | None  # where the text states it (a kind has no one place)
    reviews: tuple[FactReview, ...]
    date: PartialDate | None = None  # a demand's own date
    person: str | None = None  # whose role it is: the name the document gives

    @property
    def label(self) -> str:
        """ "role", "demand", "document date", "document kind"."""
        return self.ref.kind.replace("-", " ")

    @property
    def last_review(self) -> FactReview | None:
        return self.reviews[-1] if self.reviews else None

    def describe(self) -> str:
        """ "role: concern", "demand: release (2021-05)", "document date: unknown"."""
        when = f" ({self.date})" if self.date else ""
        return f"{self.label}: {self.value or 'unknown'}{when}"


def other_facts(store: Store, person_id: str) -> list[OtherFact]:
    """A person's roles in their documents, the demands made for them, and the dates and
    kinds of their documents (notes written by hand have no date or kind to check), rejected
    ones included, by document date."""
    return other_facts_page(store, person_id)[0]


def other_facts_page(
    store: Store,
    person_id: str,
    offset: int = 0,
    limit: int | None = None,
    appearances: Sequence[read_model.Appearance] | None = None,
) -> tuple[list[OtherFact], int]:
    """`other_facts` of a page of the person's documents (by date, then id: from `offset`,
    at most `limit`), and how many documents there are: the mentions, demands and reviews
    of the page's documents alone are read. `appearances`: the person's, when the caller
    has them."""
    if appearances is None:
        appearances = read_model.appearances(store, [person_id])
    documents = sorted(
        {a.document.id: a.document for a in appearances}.values(),
        key=lambda d: (sort_key(d.date), d.id),
    )
    shown = documents[offset : None if limit is None else offset + limit]
    ids = {d.id for d in shown}
    kept = [a for a in appearances if a.document.id in ids]
    demands = read_model.demands(
        store, target_record_ids=[a.record_id for a in kept], rejected=True
    )
    return _other_facts(store, kept, demands, shown), len(documents)


def _other_facts(
    store: Store,
    appearances: Sequence[read_model.Appearance],
    demands: Sequence[read_model.DemandFact],
    documents: Iterable[DocumentRef],
) -> list[OtherFact]:
    documents = [d for d in documents if d.kind != NOTE_KIND]
    mentions = read_model.first_mentions(store, [a.record_id for a in appearances])
    dated = read_model.date_evidence(store, [d.id for d in documents])

    def source(document: DocumentRef, found: tuple[int, int, str] | None) -> Source | None:
        return Source(document, *found) if found else None

    def reviews(kind: FactKind, ids: Iterable[int]) -> dict[int, list[FactReview]]:
        return read_model.fact_reviews(store, FACT_TABLES[kind], list(ids))

    roles = reviews("role", (a.record_id for a in appearances))
    asked = reviews("demand", (d.id for d in demands))
    dates = reviews("document-date", (d.id for d in documents))
    kinds = reviews("document-kind", (d.id for d in documents))
    found = [
        OtherFact(
            FactRef("role", a.record_id),
            a.document,
            a.role,
            a.state,
            source(a.document, mentions.get(a.record_id)),
            tuple(roles.get(a.record_id, ())),
            person=a.name,
        )
        for a in appearances
    ]
    found += [
        OtherFact(
            FactRef("demand", d.id),
            d.document,
            d.action,
            d.state,
            d.source,
            tuple(asked.get(d.id, ())),
            d.date,
        )
        for d in demands
    ]
    for d in documents:
        date = d.date.iso() if d.date else None
        found.append(
            OtherFact(
                FactRef("document-date", d.id),
                d,
                date,
                d.date_state,
                source(d, dated.get(d.id)),
                tuple(dates.get(d.id, ())),
            )
        )
        found.append(
            OtherFact(
                FactRef("document-kind", d.id),
                d,
                d.kind,
                d.kind_state,
                None,
                tuple(kinds.get(d.id, ())),
            )
        )
    order = {
        kind: rank for rank, kind in enumerate(("document-date", "document-kind", "role", "demand"))
    }
    return sorted(
        found,
        key=lambda f: (
            # As ISO text: dates of one year known to the day and to the year alone compare.
            sort_key(f.document.date),
            f.document.id,
            order[f.ref.kind],
            f.ref.id,
        ),
    )


def document_facts(store: Store, document_id: int) -> list[OtherFact]:
    """A document's date and kind, the role of each person it names, and its demands."""
    return _other_facts(
        store,
        read_model.appearances(store, document_ids=[document_id]),
        read_model.demands(store, document_ids=[document_id], rejected=True),
        read_model.documents(store, [document_id]).values(),
    )


def other_fact(store: Store, ref: FactRef) -> OtherFact:
    """One fact beside the events, rejected or not, with its reviews; FactError if none."""
    appearances: list[read_model.Appearance] = []
    demands: list[read_model.DemandFact] = []
    documents: list[DocumentRef] = []
    if ref.kind == "role":
        document_ids = read_model.record_documents(store, [ref.id])
        appearances = [
            a
            for a in read_model.appearances(store, document_ids=document_ids)
            if a.record_id == ref.id
        ]
    elif ref.kind == "demand":
        demands = read_model.demands(store, ids=[ref.id], rejected=True)
    else:
        documents = list(read_model.documents(store, [ref.id]).values())
    found = [f for f in _other_facts(store, appearances, demands, documents) if f.ref == ref]
    if not found:
        raise FactError(f"no fact {ref} (see `casetrail facts NAME`)")
    return found[0]


def parse_ref(text: str) -> FactRef:
    """A fact id as typed: "42" (an event), "role:17", "demand:5", "document-date:12"..."""
    try:
        return FactRef.parse(text)
    except ValueError as error:
        raise FactError(str(error)) from None


def review_any(
    store: Store,
    user: str,
    ref: FactRef,
    verdict: str,
    reason: str | None = None,
    *,
    new_type: str | None = None,
    new_date: str | None = None,
) -> PersonFact | OtherFact:
    """Confirm, reject or correct any fact. A correction gives `new_type` (an event's type,
    a role, a demand's action, a document's kind) and/or `new_date` (an event's, a demand's
    or a document's date; "unknown" clears it), as the fact has them."""
    if ref.kind == "event":
        return review(
            store, user, ref.id, verdict, reason, event_type=new_type, event_date=new_date
        )
    if verdict == "corrected" and not reason:
        raise FactError("a correction needs a reason (what says so?)")
    changes = _other_changes(ref, new_type, new_date)
    try:
        store.review_fact(ref, user, verdict, reason or None, **changes)
    except ReviewConflict as error:
        raise AlreadyReviewed(str(error)) from None
    except StoreError as error:
        raise FactError(str(error)) from None
    audit(
        store,
        user,
        f"fact.{verdict}",
        str(ref),
        reason=reason,
        **{f"new_{column}": value for column, value in changes.items()},
    )
    return other_fact(store, ref)


# What a correction of each kind of fact may give: (vocabulary of its type, its column), and
# whether it has a date.
_CORRECTABLE: dict[str, tuple[tuple[str, str] | None, bool]] = {
    "role": (("roles", "role"), False),
    "demand": (("demand_actions", "action"), True),
    "document-date": (None, True),
    "document-kind": (("document_kinds", "kind"), False),
}


def correction_choices() -> dict[str, list[str]]:
    """What a correction may make each kind of fact: its types (none: it has a date only)."""
    found: dict[str, list[str]] = {"event": list(vocabulary()["event_types"])}
    for kind, (typed, _) in _CORRECTABLE.items():
        words = vocabulary()[typed[0]] if typed else []
        found[kind] = [word for word in words if word != NOTE_KIND]
    return found


def _other_changes(ref: FactRef, new_type: str | None, new_date: str | None) -> dict:
    typed, dated = _CORRECTABLE[ref.kind]
    changes: dict = {}
    if new_type is not None:
        if typed is None:
            raise FactError(f"a {ref.kind.replace('-', ' ')} is corrected with a date, not a type")
        column = typed[1]
        allowed = correction_choices()[ref.kind]
        if new_type not in allowed:
            raise FactError(f"a {column} is one of {', '.join(allowed)}, not {new_type!r}")
        changes[column] = new_type
    if new_date is not None:
        if not dated:
            raise FactError(f"a {ref.kind.replace('-', ' ')} has no date to correct")
        changes["date"] = None if new_date == "unknown" else _date(new_date).iso()
    return changes


def review(
    store: Store,
    user: str,
    event_id: int,
    verdict: str,
    reason: str | None = None,
    *,
    event_type: str | None = None,
    event_date: str | None = None,
) -> PersonFact:
    """Confirm, reject or correct (its type and/or date; `event_date` "unknown" clears it) an
    event; the review is stored, audited and returned with the fact."""
    changes = _changes(event_type, event_date)
    if verdict == "corrected" and not reason:
        raise FactError("a correction needs a reason (what says so?)")
    try:
        store.review_event(event_id, user, verdict, reason or None, **changes)
    except ReviewConflict as error:
        raise AlreadyReviewed(str(error)) from None
    except StoreError as error:
        raise FactError(str(error)) from None
    audit(
        store,
        user,
        f"fact.{verdict}",
        f"event:{event_id}",
        reason=reason,
        **{field: str(value) if value else None for field, value in changes.items()},
    )
    return fact(store, event_id)


def _changes(event_type: str | None, event_date: str | None) -> dict:
    changes: dict = {}
    if event_type is not None:
        changes["type"] = _event_type(event_type)
    if event_date is not None:
        changes["date"] = None if event_date == "unknown" else _date(event_date)
    return changes


def _event_type(text: str) -> EventType:
    types = vocabulary()["event_types"]
    if text not in types:
        raise FactError(f"an event type is one of {', '.join(types)}, not {text!r}")
    return text  # type: ignore[return-value]  # checked against the vocabulary


def _date(text: str) -> PartialDate:
    try:
        return PartialDate.parse(text)
    except ValueError:
        raise FactError(f"a date is YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}") from None


@dataclass(frozen=True, slots=True)
class Added:
    """What a manual addition stored: the note document, the person, the event (if any)."""

    document_id: int
    person_id: str
    event: PersonFact | None


def add_event(
    store: Store,
    user: str,
    person: str,
    event_type: str,
    *,
    source: str,
    url: str | None = None,
    event_date: str | None = None,
    detail: str = "",
) -> Added:
    """Add an event to a person (an id or a name) by hand, with the note it comes from."""
    person_id = find_person(store, person)
    name = read_model.person_names(store, [person_id]).get(person_id, person_id)
    event = (_event_type(event_type), _date(event_date) if event_date else None, detail)
    return _add_note(store, user, person_id, name, source, url, event)


def add_person(store: Store, user: str, name: str, *, source: str, url: str | None = None) -> Added:
    """Add a person of concern by hand (no document names them yet), with a source note."""
    name = " ".join(name.split())
    if not name:
        raise FactError("a person needs a name")
    taken = store.taken_person_ids()
    base = slugify(name)
    person_id, number = base, 2
    while person_id in taken:
        person_id, number = f"{base}-{number}", number + 1
    return _add_note(store, user, person_id, name, source, url, None)


def _add_note(
    store: Store,
    user: str,
    person_id: str,
    name: str,
    source: str,
    url: str | None,
    event: tuple[EventType, PartialDate | None, str] | None,
) -> Added:
    """Store the source note as a small document of kind "note", with one person of concern
    (and their event): every fact keeps a text to cite, even one from a phone call."""
    source, url = " ".join(source.split()), (url or "").strip() or None
    if not source and not url:
        raise FactError("a fact added by hand needs its source: --source TEXT and/or --url URL")
    source = source or url or ""
    text = source if url is None or url == source else f"{source}\n{url}"
    now = datetime.now(UTC)
    raw = RawDocument(
        source=url or f"note by {user}",
        file_name="note.txt",
        media_type="text/plain",
        # A note is new each time, even with the same words: its identity is its own.
        sha256=hashlib.sha256(f"{uuid.uuid4()}\n{text}".encode()).hexdigest(),
        size=len(text.encode()),
        text=text,
        title=source,
        metadata={"added_by": user, "added_at": now.isoformat()},
    )
    offsets = OffsetMap([0], [0], len(text), len(text))
    document = Document(raw, CleanText(text, offsets), None)
    evidence = Evidence(Span(0, len(source)), source, MANUAL)
    events = [] if event is None else [Event(event[0], event[1], event[2], evidence)]
    record = PersonRecord("manual", name, "concern", events=events, person_id=person_id)
    today = date.today()
    extraction = Extraction(
        PartialDate(today.year, today.month, today.day), NOTE_KIND, None, MANUAL, [record]
    )
    try:
        added = store.add_note(document, extraction, user, reason=source)
    except StoreError as error:
        raise FactError(str(error)) from None
    action = "fact.add_event" if event else "person.add"
    audit(store, user, action, f"person:{person_id}", document=added.document_id, source=source)
    manual = [f for f in person_facts(store, person_id) if f.event.document.id == added.document_id]
    return Added(added.document_id, person_id, manual[0] if manual else None)


@dataclass(frozen=True, slots=True)
class QueueItem:
    """An unchecked fact to verify (an event, or another fact), and why it matters."""

    priority: int  # 0 first
    why: str
    person_name: str
    event: EventFact | None = None
    other: OtherFact | None = None
    person_id: str | None = None

    @property
    def ref(self) -> FactRef:
        if self.event is not None:
            return FactRef("event", self.event.id)
        assert self.other is not None
        return self.other.ref


_WHY = (
    "decides the status today",
    "decides the status today",
    "dates a fact that decides the status today",
    "in conflict with another fact",
    "makes them a person of concern",
    "a death, release, acquittal or sentence",
    "counts for the alerts on unanswered demands",
    "unchecked",
    "unchecked",
)


def verification_queue(
    store: Store, as_of: date, person_ids: Sequence[str] | None = None
) -> list[QueueItem]:
    """The unchecked facts of persons of concern, by impact: the events that decide someone's
    status as of `as_of` (a death, release, acquittal or sentence first), the dates of the
    documents that date them, events in conflict, the roles that make someone a person of
    concern, other deaths, releases, acquittals and sentences, the demands made for them,
    then the rest (other events, roles, document dates and kinds)."""
    ids = read_model.concern_ids(store) if person_ids is None else list(person_ids)
    events = read_model.events_by_person(store, ids)
    names = read_model.person_names(store, ids)
    queue = []
    dating: dict[int, str] = {}  # the documents whose date places a deciding event: by whom
    for pid in ids:
        timeline = build_timeline(pid, names.get(pid, pid), events.get(pid, []))
        items, dates = _event_queue(pid, timeline, as_of)
        queue += items
        for document_id in dates:
            dating.setdefault(document_id, pid)
    queue += _other_queue(store, ids, names, dating)
    return sorted(queue, key=_queue_order)


def _queue_order(item: QueueItem) -> tuple[int, str, FactRef]:
    return item.priority, item.person_name.casefold(), item.ref


def _event_queue(pid: str, timeline: Timeline, as_of: date) -> tuple[list[QueueItem], list[int]]:
    """The unchecked events of a person in the queue as of a day, and the documents whose
    date places an event deciding their status then."""
    status: PersonStatus = status_as_of(timeline.observed, as_of)
    deciding = {observation.event.id for observation in status.evidence}
    dating = [o.event.document.id for o in status.evidence if o.event.own_date is None]
    conflicting = timeline.conflicting_event_ids
    queue = []
    for entry in timeline.entries:
        event = entry.event
        if event.state != "extracted":
            continue
        if event.id in deciding:
            priority = 0 if event.type in DECISIVE else 1
        elif event.id in conflicting:
            priority = 3
        else:
            priority = 5 if event.type in DECISIVE else 7
        queue.append(QueueItem(priority, _WHY[priority], timeline.name, event=event, person_id=pid))
    return queue, dating


def _other_queue(
    store: Store, ids: Sequence[str], names: dict[str, str], dating: dict[int, str]
) -> list[QueueItem]:
    """The unchecked roles, demands and document dates and kinds of these persons."""
    appearances = read_model.appearances(store, ids)
    persons = {a.record_id: a.person_id for a in appearances}
    readers: dict[int, str] = {}  # a person of each document, its persons of concern first
    for a in sorted(appearances, key=lambda a: a.role != "concern"):
        if a.person_id is not None:
            readers.setdefault(a.document.id, a.person_id)
    demands = read_model.demands(store, target_record_ids=list(persons))
    targeted = {d.id: d.target_record_ids for d in demands}
    documents = {a.document.id: a.document for a in appearances}
    queue = []
    for found in _other_facts(store, appearances, demands, documents.values()):
        if found.state != "extracted":
            continue
        kind, document_id = found.ref.kind, found.document.id
        if kind == "role":
            pid, priority = persons[found.ref.id], 4 if found.value == "concern" else 8
        elif kind == "demand":
            targets = [persons[r] for r in targeted[found.ref.id] if r in persons]
            pid, priority = targets[0] if targets else None, 6
        elif kind == "document-date" and document_id in dating:
            pid, priority = dating[document_id], 2
        else:
            pid, priority = readers.get(document_id), 8
        name = names.get(pid or "", pid or "")
        queue.append(QueueItem(priority, _WHY[priority], name, other=found, person_id=pid))
    return queue


# The queue kept on write: its rows are derived with the stored statuses of the persons a
# write marked stale, as of their settled day (`alert_horizons`), and read in order.


def kept_queue_rows(
    store: Store,
    person_ids: Sequence[str],
    timelines: Mapping[str, Timeline],
    settled: Mapping[str, str],
) -> queue_rows.Kept:
    """The queue's rows that depend on these persons, of whom those with `timelines` are
    persons of concern: their events and roles, the demands made for them, the dates and
    kinds of their documents (each listed under one person, who may be another); and the
    demands and documents listed under the others until now."""
    rows: list[dict[str, Any]] = []
    dating: dict[str, list[int]] = {}
    for pid, timeline in timelines.items():
        as_of = date.fromisoformat(settled[pid])
        items, dating[pid] = _event_queue(pid, timeline, as_of)
        rows += [queue_rows.row(item.ref, pid, item.person_name, item.priority) for item in items]
    records = queue_rows.records(store, timelines)
    for record_id, _, pid, role, state in records:
        if state == "extracted":
            priority = 4 if role == "concern" else 8
            name = timelines[pid].name
            rows.append(queue_rows.row(FactRef("role", record_id), pid, name, priority))
    demands = queue_rows.demands(store, record_ids=[record[0] for record in records])
    listed_before = queue_rows.listed_under(store, person_ids)
    found = {d.id for d in demands}
    earlier = [ref.id for ref in listed_before if ref.kind == "demand" and ref.id not in found]
    demands += queue_rows.demands(store, ids=earlier)
    documents = {record[1] for record in records}
    documents |= {ref.id for ref in listed_before if ref.kind.startswith("document-")}
    listed = _listed_under(store, demands, documents, dating)
    shown = read_model.person_names(store, {pid for pid, _ in listed.values()})
    for ref, (pid, priority) in listed.items():
        rows.append(queue_rows.row(ref, pid, shown.get(pid, pid), priority))
    return queue_rows.Kept(
        person_ids,
        [(pid, document_id) for pid, ids in dating.items() for document_id in set(ids)],
        rows,
        [d.id for d in demands],
        sorted(documents),
    )


def _listed_under(
    store: Store,
    demands: Sequence[queue_rows.Demand],
    document_ids: Collection[int],
    dating: Mapping[str, Sequence[int]],
) -> dict[FactRef, tuple[str, int]]:
    """The person each unchecked demand and document date and kind is listed under, and its
    priority, as
    `verification_queue` does: a demand's first target who is a person of concern; a
    document's date, the first person of concern whose deciding event it dates (`dating`
    for these persons, else as stored), else, like its kind, its first person of concern."""
    records = queue_rows.records(store, document_ids=document_ids)
    targets = {pid for demand in demands for pid in demand.target_persons if pid}
    concern = queue_rows.of_concern(store, {pid for _, _, pid, _, _ in records if pid} | targets)
    listed: dict[FactRef, tuple[str, int]] = {}
    for demand in demands:
        first = next((pid for pid in demand.target_persons if pid in concern), None)
        if demand.state == "extracted" and first is not None:
            listed[FactRef("demand", demand.id)] = first, 6
    dated_by: dict[int, set[str]] = {}
    for pid, document_id in queue_rows.dating(store, document_ids):
        if pid not in dating:
            dated_by.setdefault(document_id, set()).add(pid)
    for pid, ids in dating.items():
        for document_id in ids:
            dated_by.setdefault(document_id, set()).add(pid)
    readers: dict[int, str] = {}
    for _, document_id, pid, _, _ in sorted(records, key=lambda record: record[3] != "concern"):
        if pid in concern:
            readers.setdefault(document_id, pid)
    for document_id, kind, date_state, kind_state in queue_rows.document_states(
        store, document_ids
    ):
        reader = readers.get(document_id)
        if kind == NOTE_KIND or reader is None:
            continue
        if date_state == "extracted":
            dater = min(dated_by.get(document_id, set()) & concern, default=None)
            listed[FactRef("document-date", document_id)] = (dater, 2) if dater else (reader, 8)
        if kind_state == "extracted":
            listed[FactRef("document-kind", document_id)] = reader, 8
    return listed


_WORK_BATCH = 2000  # persons derived, then stored, at a time
_alerting = threading.Lock()
_working = threading.Lock()


def refresh_alerts(store: Store, claimed: bool = False) -> int:
    """Derive again the alerts of the persons whose statuses a refresh derived since
    (`queue_rows.mark_stale`), and hand their marks on to the queue (`StaleQueueRow`):
    persons of concern only, an advocate's thousands of records are not read for each
    letter naming them. How many persons were. Cheap when none is; the alerts page calls
    it before reading, and a person's page reads their kept alerts only when it is done.
    The persons whose statuses are stale have their alerts derived with those, from the
    same events (a heavily named prisoner's are thousands); the others marked since. With
    `claimed`, also those whose writer is still to derive them (`derive_written`)."""
    derived = refresh_stored_statuses(store, also=partial(_save_alerts, store), claimed=claimed)
    with _alerting:  # threads wait for one refresh rather than repeat its work
        marks = queue_rows.stale(store)
        ordered = sorted({pid for _, pid in marks})
        for ids, timelines, events in _derived(store, ordered):
            _save(store, ids, timelines, events)
        queue_rows.clear(store, [mark for mark, _ in marks])
        return derived + len(ordered)


def _save_alerts(
    store: Store,
    ids: list[str],
    events: Mapping[str, list[EventFact]],
    observed: Mapping[str, Observed],
) -> None:
    """Derive and keep the alerts of these persons, whose statuses are being derived from
    these `events` and `observed`: before their marks are cleared with the statuses."""
    timelines = {
        pid: build_timeline(pid, observed[pid].name, events.get(pid, []), observed[pid])
        for pid in sorted(queue_rows.of_concern(store, ids))
    }
    _save(store, ids, timelines, {pid: events.get(pid, []) for pid in timelines})


def _save(
    store: Store,
    ids: list[str],
    timelines: dict[str, Timeline],
    events: dict[str, list[EventFact]],
) -> None:
    """Keep the alerts of these persons, of whom those with `timelines` are of concern."""
    alerts, settled = kept_alert_rows(store, timelines, events)
    queue_rows.mark_stale(store, ids, StaleQueueRow)  # before the marks are cleared
    alert_rows.save(store, ids, alerts, settled)


def derive_written(store: Store) -> int:
    """What a writer does once it has written: derive the statuses, alerts and facts to
    check of the persons its writes marked stale, so that the pages after a write read them
    kept, rather than derive them (a heavily named prisoner's thousands of events) while
    the user waits; how many persons were. Until it is done, readers show what was kept
    before the write (`casetrail.store.schema.StaleStatusRow.claimed_until`). The advocacy
    and search facets that derivation marked are counted here too: an advocate's links
    number thousands, which the advocates and search pages after a write need not count."""
    derived = refresh_work(store, claimed=True)
    refresh_advocacy(store)
    refresh_facets(store)
    return derived


def refresh_work(store: Store, claimed: bool = False) -> int:
    """`refresh_alerts`, then derive again the facts to check of the persons it marked
    (`StaleQueueRow`); how many persons were. The queue page calls it before reading."""
    refresh_alerts(store, claimed)
    with _working:
        marks = queue_rows.stale(store, StaleQueueRow)
        ordered = sorted({pid for _, pid in marks})
        for ids, timelines, _ in _derived(store, ordered):
            settled = settled_days(store, timelines)
            queue_rows.save(store, kept_queue_rows(store, ids, timelines, settled))
        queue_rows.clear(store, [mark for mark, _ in marks], StaleQueueRow)
        return len(ordered)


def _derived(
    store: Store, ordered: Sequence[str]
) -> Iterator[tuple[list[str], dict[str, Timeline], dict[str, list[EventFact]]]]:
    """These persons a batch at a time, with the timelines and events of those of concern."""
    for start in range(0, len(ordered), _WORK_BATCH):
        ids = ordered[start : start + _WORK_BATCH]
        concern = sorted(queue_rows.of_concern(store, ids))
        events = read_model.events_by_person(store, concern)
        names = read_model.person_names(store, concern)
        timelines = {pid: build_timeline(pid, names.get(pid, pid), events[pid]) for pid in concern}
        yield ids, timelines, events


def kept_verification_queue(store: Store, as_of: date, limit: int) -> tuple[list[QueueItem], int]:
    """The first `limit` items of `verification_queue` and how many there are, read from
    the rows kept on write; derived for everyone when a person of concern has a fact or a
    mention after `as_of` (a day in the past)."""
    refresh_work(store)
    if alert_rows.unsettled(store, as_of.isoformat()):
        queue = verification_queue(store, as_of)
        return queue[:limit], len(queue)
    rows, total = queue_rows.first(store, limit)
    refs = [FactRef(cast(FactKind, kind), fact_id) for kind, fact_id, _, _ in rows]
    event_ids = [ref.id for ref in refs if ref.kind == "event"]
    events = {event.id: event for event in read_model.events(store, ids=event_ids)}
    others = _other_facts_of(store, [r for r in refs if r.kind != "event"])
    names = read_model.person_names(store, {pid for _, _, pid, _ in rows})
    return [
        QueueItem(
            priority,
            _WHY[priority],
            names.get(pid, pid),
            event=events.get(ref.id) if ref.kind == "event" else None,
            other=others.get(ref),
            person_id=pid,
        )
        for ref, (_, _, pid, priority) in zip(refs, rows, strict=True)
    ], total


def _other_facts_of(store: Store, refs: Sequence[FactRef]) -> dict[FactRef, OtherFact]:
    """These roles, demands and document dates and kinds, as a reviewer sees them."""
    records = {r.id for r in refs if r.kind == "role"}
    demand_ids = [r.id for r in refs if r.kind == "demand"]
    document_ids = {r.id for r in refs if r.kind.startswith("document-")}
    named_in = queue_rows.record_documents(store, records)
    appearances = [
        a for a in read_model.appearances(store, document_ids=named_in) if a.record_id in records
    ]
    demands = read_model.demands(store, ids=demand_ids) if demand_ids else []
    documents = read_model.documents(store, document_ids).values()
    wanted = set(refs)
    return {
        found.ref: found
        for found in _other_facts(store, appearances, demands, documents)
        if found.ref in wanted
    }
