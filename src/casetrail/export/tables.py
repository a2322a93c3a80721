"""CSV: one file per table, the stored columns as they are (docs/export.md lists them).

Values are written so that they read back unambiguously: an empty cell is a missing value,
booleans are `true`/`false`, lists are JSON arrays, times are ISO 8601. Rows join on the ids
(`records.document_id` -> `documents.id`, `events.record_id` -> `records.id`...).
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

from casetrail.store import Store, read_model
from casetrail.store.schema import (
    Base,
    CaseFactRow,
    DemandRow,
    DemandTargetRow,
    DocumentRow,
    EventRow,
    MentionRow,
    OrganisationRow,
    PersonRecordRow,
    PersonRedirectRow,
    PersonRow,
)

_EVIDENCE = (
    "span_start",
    "span_end",
    "quote",
    "sentence_start",
    "sentence_end",
    "extractor_name",
    "extractor_version",
)
# File name -> (table, columns). The texts themselves are left to the JSON Lines export.
TABLES: dict[str, tuple[type[Base], tuple[str, ...]]] = {
    "documents": (
        DocumentRow,
        (
            "id",
            "sha256",
            "file_name",
            "source",
            "media_type",
            "size",
            "title",
            "encoding",
            "language",
            "words",
            "date",
            "date_state",
            "kind",
            "kind_state",
            "extraction_language",
            "extractor_name",
            "extractor_version",
            "date_span_start",
            "date_span_end",
            "date_quote",
            "ingested_at",
        ),
    ),
    "persons": (PersonRow, ("id", "name", "created_at")),
    "person_redirects": (PersonRedirectRow, ("old_id", "new_id", "created_at")),
    "records": (
        PersonRecordRow,
        (
            "id",
            "document_id",
            "person_id",
            "key",
            "name",
            "role",
            "state",
            "aliases",
            "descriptors",
            "extractor_name",
            "extractor_version",
        ),
    ),
    "mentions": (MentionRow, ("id", "record_id", "text", *_EVIDENCE)),
    "events": (
        EventRow,
        (
            "id",
            "record_id",
            "type",
            "date",
            "date_from_document",
            "detail",
            *_EVIDENCE,
            "edited_by",
            "state",
        ),
    ),
    # `fields` holds a fact's fields by kind as JSON (docs/export.md lists them).
    "case_facts": (
        CaseFactRow,
        ("id", "record_id", "kind", "date", "fields", *_EVIDENCE),
    ),
    "demands": (
        DemandRow,
        ("id", "document_id", "action", "demanders", "addressees", *_EVIDENCE, "state"),
    ),
    "demand_targets": (DemandTargetRow, ("demand_id", "position", "record_id")),
    "organisations": (OrganisationRow, ("id", "document_id", "name", "kind", *_EVIDENCE)),
}


def cell(value: object) -> str:
    """A value as a CSV cell (see the module documentation)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def export_csv(store: Store, folder: Path) -> dict[str, int]:
    """Write `<table>.csv` files into `folder` (created if needed); rows written per file."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, (model, columns) in TABLES.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as output:
            writer = csv.writer(output)
            writer.writerow(columns)
            count = 0
            for row in read_model.table_rows(store, model, columns):
                writer.writerow([cell(value) for value in row])
                count += 1
        written[name] = count
    return written
