"""The extraction contract of ../shared/gold/GUIDELINES.md: one JSON object per document."""

from __future__ import annotations

from typing import Any

from casetrail.domain import Extraction, PersonRecord


def _person(record: PersonRecord) -> dict[str, Any]:
    person: dict[str, Any] = {
        "id": record.person_id or record.key,
        "name": record.name,
        "role": record.role,
        "descriptors": record.descriptors,
        "events": [
            {"type": e.type, "date": e.date.iso() if e.date else None, "detail": e.detail}
            for e in record.events
        ],
    }
    if record.aliases:
        person["aliases"] = record.aliases
    return person


def to_contract(file_name: str, extraction: Extraction) -> dict[str, Any]:
    return {
        "document": file_name,
        "date": extraction.date.iso() if extraction.date else None,
        "kind": extraction.kind,
        "language": extraction.language,
        "persons": [_person(r) for r in extraction.persons],
    }
