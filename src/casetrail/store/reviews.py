"""Reviews of the facts beside events: a person's role in a document, a demand, a document's
date and its kind. `Store.review_fact` calls `review` in its write transaction, and
re-extraction (`Store.add_document(..., replace=True)`) keeps what was reviewed through
`keep_reviewed_records`, `keep_reviewed_demands` and `DocumentReviews`.

A review is logged append-only in `user_edits` (fact tables below), like an event's. A
correction or a rejection writes the reviewed value in place, so that every reader (the
persons of concern, the persons table, timelines...) sees it without knowing of reviews: a
rejected role becomes "other" (the document names the person, nothing more), a rejected
document date unknown, a rejected kind "other"; confirming a rejected fact puts back what the
rejection changed. A rejected demand stays as it is, with its state, and its readers
(`read_model.demands`) leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import date as date_type
from typing import Any, Literal, get_args

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from casetrail.domain import PartialDate
from casetrail.store.schema import (
    REVIEW_VERDICTS,
    Base,
    CaseFactRow,
    DemandRow,
    DemandTargetRow,
    DocumentRow,
    EventRow,
    MentionRow,
    PersonRecordRow,
    UserEditRow,
)

FactKind = Literal["event", "role", "demand", "document-date", "document-kind"]
FACT_KINDS: tuple[FactKind, ...] = get_args(FactKind)
_REF = re.compile(r"^(?:([a-z-]+):)?(\d{1,18})$")


@dataclass(frozen=True, slots=True, order=True)
class FactRef:
    """Which fact: "event:42" (or just "42"), "role:17" (a person record's role),
    "demand:5", "document-date:12", "document-kind:12" (of document 12)."""

    kind: FactKind
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> FactRef:
        """A fact id as `casetrail facts` lists it; ValueError with what ids look like."""
        found = _REF.match(text.strip().lower())
        kind = (found.group(1) or "event") if found else None
        if found is None or kind not in FACT_KINDS:
            raise ValueError(
                f"a fact id is KIND:NUMBER with KIND one of {', '.join(FACT_KINDS)}"
                f" (a bare number is an event), not {text!r}"
            )
        return cls(kind, int(found.group(2)))  # type: ignore[arg-type]  # checked above

    @property
    def table(self) -> str:
        """The `user_edits.fact_table` of its reviews."""
        return FACT_TABLES[self.kind]


FACT_TABLES: dict[FactKind, str] = {
    "event": EventRow.__tablename__,
    "role": PersonRecordRow.__tablename__,
    "demand": DemandRow.__tablename__,
    "document-date": "document_date",
    "document-kind": "document_kind",
}


@dataclass(frozen=True, slots=True)
class _Reviewable:
    model: type[Base]
    state: str  # the column of its verification state
    fields: tuple[str, ...]  # the columns a correction may change
    rejected: dict[str, str | None]  # what a rejection writes


_REVIEWABLE: dict[FactKind, _Reviewable] = {
    "role": _Reviewable(PersonRecordRow, "state", ("role",), {"role": "other"}),
    "demand": _Reviewable(DemandRow, "state", ("action", "date"), {}),
    "document-date": _Reviewable(DocumentRow, "date_state", ("date",), {"date": None}),
    "document-kind": _Reviewable(DocumentRow, "kind_state", ("kind",), {"kind": "other"}),
}


class ReviewError(Exception):
    """A review that cannot be made; `conflict`: the fact already says so."""

    def __init__(self, message: str, conflict: bool = False) -> None:
        super().__init__(message)
        self.conflict = conflict


def edit_row(
    table: str,
    fact_id: int,
    user: str,
    field: str,
    old: str | None,
    new: str | None,
    reason: str | None,
    at: datetime | None = None,
) -> UserEditRow:
    """One logged change of one field of a fact (field "state": a verdict)."""
    return UserEditRow(
        edited_by=user,
        edited_at=at or datetime.now(UTC),
        fact_table=table,
        fact_id=fact_id,
        field=field,
        old_value=old,
        new_value=new,
        reason=reason,
    )


def review(
    session: Session,
    ref: FactRef,
    user: str,
    verdict: str,
    reason: str | None,
    changes: dict[str, str | None],
) -> set[str | None]:
    """Record a verdict on a fact that is not an event (changing the columns `changes`
    names when correcting); returns the persons whose statuses it may change."""
    reviewable = _REVIEWABLE[ref.kind]
    if verdict not in REVIEW_VERDICTS:
        raise ReviewError(f"a review is one of {', '.join(REVIEW_VERDICTS)}, not {verdict!r}")
    unknown = set(changes) - set(reviewable.fields)
    if unknown:
        raise TypeError(f"a {ref.kind} has no editable field {sorted(unknown)}")
    row = session.get(reviewable.model, ref.id)
    if row is None:
        raise ReviewError(f"no fact {ref} (see `casetrail facts NAME`)")
    state = getattr(row, reviewable.state)
    if (verdict == "corrected") != bool(changes):
        raise ReviewError("a correction, and only a correction, changes the fact")
    if verdict == state and verdict != "corrected":
        raise ReviewError(f"{ref} is already {verdict}", conflict=True)
    if verdict == "rejected":
        changes = dict(reviewable.rejected)
    elif verdict == "confirmed" and state == "rejected":
        changes = _before_rejection(session, ref)
    at = datetime.now(UTC)
    old_date = row.date if ref.kind == "document-date" else None
    edits = []
    for column, new in changes.items():
        old = getattr(row, column)
        if new != old:
            setattr(row, column, new)
            edits.append(edit_row(ref.table, ref.id, user, column, old, new, reason, at))
    if verdict == "corrected" and not edits:
        raise ReviewError(f"{ref} already says that: nothing to correct", conflict=True)
    edits.append(edit_row(ref.table, ref.id, user, "state", state, verdict, reason, at))
    session.add_all(edits)
    setattr(row, reviewable.state, verdict)
    session.flush()
    if ref.kind == "document-date" and row.date != old_date:
        redate_document(session, row, old_date)
    return _persons_of(session, ref)


def restore_state(session: Session, ref: FactRef, user: str, state: str) -> set[str | None]:
    """Set a fact's state as an import found it (logged with the reason "imported")."""
    reviewable = _REVIEWABLE[ref.kind]
    row = session.get(reviewable.model, ref.id)
    if row is None:
        raise ReviewError(f"no fact {ref}")
    old = getattr(row, reviewable.state)
    if old != state:
        session.add(edit_row(ref.table, ref.id, user, "state", old, state, "imported"))
        setattr(row, reviewable.state, state)
    return _persons_of(session, ref)


def _before_rejection(session: Session, ref: FactRef) -> dict[str, str | None]:
    """The values the last rejection of a fact changed, as they were before it."""
    edits = session.execute(
        select(
            UserEditRow.edited_at, UserEditRow.field, UserEditRow.old_value, UserEditRow.new_value
        )
        .where(UserEditRow.fact_table == ref.table, UserEditRow.fact_id == ref.id)
        .order_by(UserEditRow.id)
    ).all()
    rejected_at = [at for at, field, _, new in edits if field == "state" and new == "rejected"]
    if not rejected_at:
        return {}
    return {field: old for at, field, old, _ in edits if at == rejected_at[-1] and field != "state"}


def _persons_of(session: Session, ref: FactRef) -> set[str | None]:
    records = select(PersonRecordRow.person_id)
    if ref.kind == "role":
        statement = records.where(PersonRecordRow.id == ref.id)
    elif ref.kind == "demand":
        targets = select(DemandTargetRow.record_id).where(DemandTargetRow.demand_id == ref.id)
        statement = records.where(PersonRecordRow.id.in_(targets))
    else:
        statement = records.where(PersonRecordRow.document_id == ref.id)
    return set(session.scalars(statement))


def first_values(
    session: Session, table: str, field: str, fact_ids: Collection[int]
) -> dict[int, str | None]:
    """The value of `field` each fact had before a person first changed it, for those
    changed: what the extractor said, to match it with a new extraction."""
    found: dict[int, str | None] = {}
    ordered = sorted(set(fact_ids))
    for start in range(0, len(ordered), 1000):
        for fact_id, old in session.execute(
            select(UserEditRow.fact_id, UserEditRow.old_value)
            .where(
                UserEditRow.fact_table == table,
                UserEditRow.fact_id.in_(ordered[start : start + 1000]),
                UserEditRow.field == field,
            )
            .order_by(UserEditRow.id)
        ):
            found.setdefault(fact_id, old)
    return found


# A document's date, corrected: the dates taken from it follow.


def redate_document(session: Session, document: DocumentRow, old: str | None) -> None:
    """Give the facts of a document whose dates came from its date the document's new date:
    events dated with the document's date, and dates the text gives without a year ("on 5
    March", "yesterday"), which extraction completed from it. Facts a person edited keep
    their dates. Days counted from the document ("yesterday") follow its year, not its day."""
    records = select(PersonRecordRow.id).where(PersonRecordRow.document_id == document.id)
    events = session.scalars(
        select(EventRow).where(EventRow.record_id.in_(records), EventRow.edited_by.is_(None))
    )
    facts: list[Any] = list(events)
    facts += session.scalars(select(CaseFactRow).where(CaseFactRow.record_id.in_(records)))
    facts += session.scalars(
        select(DemandRow).where(
            DemandRow.document_id == document.id, DemandRow.state != "corrected"
        )
    )
    for fact in facts:
        if getattr(fact, "date_from_document", False):
            fact.date = document.date
            continue
        sentence = _sentence(document.original_text, fact)
        fact.date = completed_date(fact.date, sentence, old, document.date)


def _sentence(text: str, fact: Any) -> str:
    if fact.sentence_start is None or fact.sentence_end is None:
        return fact.quote
    return text[fact.sentence_start : fact.sentence_end]


def completed_date(date: str | None, sentence: str, old: str | None, new: str | None) -> str | None:
    """A fact's date (ISO) once its document's date `old` is corrected to `new`: the same,
    unless its year is not in its sentence and could come from `old` (the year `old` has,
    or the one before, for "5 December" in a January letter); then resolved from `new` as
    extraction resolves a date without a year: the latest such day not after `new`. A year
    alone ("last year") keeps its distance from the document's year."""
    if date is None or old is None:
        return date
    found, before = PartialDate.parse(date), PartialDate.parse(old)
    if str(found.year) in sentence or found.year not in (before.year, before.year - 1):
        return date
    if new is None:
        return None
    after = PartialDate.parse(new)
    if found.month is None:
        return PartialDate(after.year - (before.year - found.year)).iso()
    year = after.year
    if found.month is not None and after.month is not None:
        later_day = found.month == after.month and found.day and after.day and found.day > after.day
        if found.month > after.month or later_day:
            year -= 1
    if found.month is not None and found.day is not None:
        try:
            date_type(year, found.month, found.day)
        except ValueError:  # 29 February in a year without one
            return None
    return PartialDate(year, found.month, found.day).iso()


# Re-extraction: reviewed roles, demands and document facts stay.


def keep_reviewed_records(
    session: Session, reviewed: Iterable[int], new_records: dict[str, int]
) -> list[FactRef]:
    """Keep each reviewed person record in place of the new record of the same name (which
    it takes the new mentions, events, case facts and demand targets of), so its role and
    its reviews stay. `new_records` (record id by name) is updated to the kept ids. Returns
    the reviewed roles the new extraction no longer finds: no record of that name, or one
    with another role than the one first extracted (kept as reviewed all the same)."""
    reviewed = sorted(reviewed)
    first_roles = first_values(session, PersonRecordRow.__tablename__, "role", reviewed)
    lost = []
    for record_id in reviewed:
        kept = session.get(PersonRecordRow, record_id)
        twin_id = new_records.get(kept.name) if kept else None
        # A record of the same name another kept record took already is not new.
        fresh = twin_id is not None and twin_id not in reviewed
        twin = session.get(PersonRecordRow, twin_id) if fresh else None
        if kept is None or twin is None:
            lost.append(FactRef("role", record_id))
            continue
        if twin.role != first_roles.get(record_id, kept.role):
            lost.append(FactRef("role", record_id))
        session.execute(delete(MentionRow).where(MentionRow.record_id == record_id))
        for model in (MentionRow, EventRow, CaseFactRow, DemandTargetRow):
            session.execute(
                update(model).where(model.record_id == twin.id).values(record_id=record_id),
                execution_options={"synchronize_session": False},
            )
        for column in ("key", "aliases", "descriptors", "extractor_name", "extractor_version"):
            setattr(kept, column, getattr(twin, column))
        kept.person_id = twin.person_id or kept.person_id
        session.delete(twin)
        session.flush()
        new_records[kept.name] = record_id
    return lost


def keep_reviewed_demands(
    session: Session,
    document_id: int,
    reviewed: Iterable[int],
    old_names: dict[int, str],
    new_records: dict[str, int],
) -> list[FactRef]:
    """Keep each reviewed demand in place of the new one at the same evidence (span and
    action as first extracted), taking its targets and parties; a reviewed demand with no
    such twin is kept too, its targets moved to the new records of the same names, and
    returned: the extractor no longer finds it."""
    reviewed = sorted(reviewed)
    first_actions = first_values(session, DemandRow.__tablename__, "action", reviewed)
    fresh = {
        (start, end, action): demand_id
        for demand_id, start, end, action in session.execute(
            select(DemandRow.id, DemandRow.span_start, DemandRow.span_end, DemandRow.action).where(
                DemandRow.document_id == document_id, DemandRow.id.not_in(reviewed)
            )
        )
    }
    lost = []
    for demand_id in reviewed:
        kept = session.get(DemandRow, demand_id)
        if kept is None:
            continue
        key = (kept.span_start, kept.span_end, first_actions.get(demand_id, kept.action))
        twin_id = fresh.pop(key, None)
        if twin_id is None:
            lost.append(FactRef("demand", demand_id))
            for record_id, name in old_names.items():
                if (moved := new_records.get(name)) is not None and moved != record_id:
                    session.execute(
                        update(DemandTargetRow)
                        .where(
                            DemandTargetRow.demand_id == demand_id,
                            DemandTargetRow.record_id == record_id,
                        )
                        .values(record_id=moved)
                    )
            continue
        twin = session.get(DemandRow, twin_id)
        session.execute(delete(DemandTargetRow).where(DemandTargetRow.demand_id == demand_id))
        session.execute(
            update(DemandTargetRow)
            .where(DemandTargetRow.demand_id == twin_id)
            .values(demand_id=demand_id),
            execution_options={"synchronize_session": False},
        )
        kept.demanders, kept.addressees = twin.demanders, twin.addressees
        session.delete(twin)
        session.flush()
    return lost


@dataclass(frozen=True, slots=True)
class DocumentReviews:
    """A document's reviewed date and kind, read before a new extraction overwrites them."""

    date: str | None
    date_state: str
    date_span: tuple[int | None, int | None]
    date_evidence: dict[str, Any]
    kind: str | None
    kind_state: str

    @classmethod
    def of(cls, row: DocumentRow) -> DocumentReviews:
        evidence = {c: getattr(row, c) for c in _DATE_EVIDENCE}
        return cls(
            row.date,
            row.date_state,
            (row.date_span_start, row.date_span_end),
            evidence,
            row.kind,
            row.kind_state,
        )

    def restore(self, session: Session, row: DocumentRow) -> list[FactRef]:
        """Put the reviewed date and kind back over a new extraction's (the dates taken from
        the document follow); returns those the new extraction no longer finds: a date at
        another place of the text (or none), a kind other than the one first extracted."""
        lost = []
        if self.date_state != "extracted":
            if (row.date_span_start, row.date_span_end) != self.date_span:
                lost.append(FactRef("document-date", row.id))
            extracted = row.date
            row.date = self.date
            for column, value in self.date_evidence.items():
                setattr(row, column, value)
            session.flush()
            if extracted != self.date:
                redate_document(session, row, extracted)
        if self.kind_state != "extracted":
            first = first_values(session, FACT_TABLES["document-kind"], "kind", [row.id])
            if row.kind != first.get(row.id, self.kind):
                lost.append(FactRef("document-kind", row.id))
            row.kind = self.kind
        return lost


_DATE_EVIDENCE = (
    "date_span_start",
    "date_span_end",
    "date_quote",
    "date_sentence_start",
    "date_sentence_end",
    "date_extractor_name",
    "date_extractor_version",
)
