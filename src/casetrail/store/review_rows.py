"""The pairs of person records resolution left for review, kept on write
(`review_candidates`): a full resolution replaces them all (and records a sweep), the
incremental resolution of each new document adds its own; the review page reads them with
the persons their records belong to now, instead of resolving every record."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import aliased

from casetrail.store.schema import PersonRecordRow, ReviewCandidateRow, ReviewSweepRow
from casetrail.store.store import (
    _RESOLUTION_COLUMNS,
    ResolutionRecord,
    Store,
    _chunks,
    _resolution_record,
)

_LEFT = aliased(PersonRecordRow)
_RIGHT = aliased(PersonRecordRow)


@dataclass(frozen=True, slots=True)
class KeptCandidate:
    left_record: int
    right_record: int
    left: str  # the persons the records belong to now
    right: str
    score: float
    explanation: list[Any]  # [feature, value, weight] each


def replace(store: Store, rows: Sequence[Mapping[str, Any]]) -> None:
    """A full resolution's candidates (`ReviewCandidateRow` columns) in place of all."""
    with store._writing() as session:
        session.execute(delete(ReviewCandidateRow))
        if rows:
            session.execute(insert(ReviewCandidateRow), list(rows))
        session.add(ReviewSweepRow())


def swept(store: Store) -> bool:
    """Whether a full resolution has stored its candidates."""
    return bool(store.fetch(select(ReviewSweepRow.id).limit(1)))


def listed(store: Store) -> list[KeptCandidate]:
    """Every kept candidate whose records both belong to a person, best score first (then
    as resolution lists them: by the left record)."""
    statement = (
        select(
            ReviewCandidateRow.left_record,
            ReviewCandidateRow.right_record,
            _LEFT.person_id,
            _RIGHT.person_id,
            ReviewCandidateRow.score,
            ReviewCandidateRow.explanation,
        )
        .join(_LEFT, _LEFT.id == ReviewCandidateRow.left_record)
        .join(_RIGHT, _RIGHT.id == ReviewCandidateRow.right_record)
        .where(_LEFT.person_id.is_not(None), _RIGHT.person_id.is_not(None))
        .order_by(
            ReviewCandidateRow.score.desc(), ReviewCandidateRow.left_record, ReviewCandidateRow.id
        )
    )
    return [KeptCandidate(*row) for row in store.fetch(statement)]


def records_of(store: Store, person_ids: Collection[str]) -> list[ResolutionRecord]:
    """Every record of these persons, by id."""
    statements = [
        select(*_RESOLUTION_COLUMNS).where(PersonRecordRow.person_id.in_(ids))
        for ids in _chunks(sorted(person_ids))
    ]
    found = map(_resolution_record, store.fetch(*statements))
    return sorted(found, key=lambda record: record.id)
