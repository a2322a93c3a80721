"""JSON Lines: one object per document with its text, its extraction and every fact's evidence.

The export is the database's content without its row ids: documents are identified by the
SHA-256 of their file, persons by their resolved id, records by their key in the document.
`import_jsonl` stores such a file into an empty database through the store's API; exporting
that database again gives the same file, byte for byte. What it does not carry: when each
document was ingested, the log of hand edits (only who last edited each event), and merge
redirects of retired person ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from casetrail.domain import (
    CaseFact,
    CleanText,
    Demand,
    Document,
    Event,
    Evidence,
    Extraction,
    Extractor,
    Mention,
    OffsetMap,
    Organisation,
    PartialDate,
    PersonRecord,
    RawDocument,
    Span,
)
from casetrail.store import Store, StoredDocument, read_model

FORMAT = "casetrail-document/1"


def _extractor(extractor: Extractor) -> dict[str, str]:
    return {"name": extractor.name, "version": extractor.version}


def _evidence(evidence: Evidence) -> dict[str, Any]:
    sentence = evidence.sentence
    return {
        "start": evidence.span.start,
        "end": evidence.span.end,
        "quote": evidence.quote,
        "sentence": [sentence.start, sentence.end] if sentence else None,
        "extractor": _extractor(evidence.extractor),
    }


def _date(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def _record(record: PersonRecord, event_ids: tuple[int, ...], edited: dict[int, str]) -> dict:
    return {
        "key": record.key,
        "person_id": record.person_id,
        "name": record.name,
        "role": record.role,
        "aliases": record.aliases,
        "descriptors": record.descriptors,
        "mentions": [{"text": m.text, "evidence": _evidence(m.evidence)} for m in record.mentions],
        "events": [
            {
                "type": event.type,
                "date": _date(event.date),
                "date_from_document": event.date_from_document,
                "detail": event.detail,
                "evidence": _evidence(event.evidence),
                "edited_by": edited.get(event_id),
            }
            for event, event_id in zip(record.events, event_ids, strict=True)
        ],
        "case_facts": [
            {
                "kind": fact.kind,
                "date": _date(fact.date),
                **fact.fields(),
                "evidence": _evidence(fact.evidence),
            }
            for fact in record.case_facts
        ],
    }


def document_to_json(stored: StoredDocument, edited: dict[int, str]) -> dict[str, Any]:
    """One stored document as a JSON-ready object; `edited`: editors by event id."""
    raw, extraction = stored.document.raw, stored.extraction
    found: dict[str, Any] = {
        "format": FORMAT,
        "sha256": raw.sha256,
        "source": raw.source,
        "file_name": raw.file_name,
        "media_type": raw.media_type,
        "size": raw.size,
        "title": raw.title,
        "encoding": raw.encoding,
        "metadata": raw.metadata,
        "language": stored.document.language,
        "original_text": raw.text,
        "clean_text": stored.document.clean.text,
        "offset_map": stored.document.clean.offsets.to_json(),
        "extraction": None,
    }
    if extraction is not None:
        found["extraction"] = {
            "date": _date(extraction.date),
            "date_evidence": _evidence(extraction.date_evidence)
            if extraction.date_evidence
            else None,
            "kind": extraction.kind,
            "language": extraction.language,
            "extractor": _extractor(extraction.extractor),
            "persons": [_record(s.record, s.event_ids, edited) for s in stored.records],
            "organisations": [
                {"name": o.name, "kind": o.kind, "evidence": _evidence(o.evidence)}
                for o in extraction.organisations
            ],
            "demands": [
                {
                    "action": d.action,
                    "date": _date(d.date),
                    "targets": d.targets,
                    "demanders": d.demanders,
                    "addressees": d.addressees,
                    "evidence": _evidence(d.evidence),
                }
                for d in extraction.demands
            ],
        }
    return found


def stored_documents(store: Store) -> Iterator[StoredDocument]:
    """Every stored document with its facts, by id, one at a time."""
    for summary in store.documents():
        stored = store.document(summary.id)
        if stored is not None:  # deleted meanwhile
            yield stored


def export_jsonl(store: Store, output: IO[str]) -> int:
    """Write every document as one line; returns the number written."""
    edited = read_model.edited_events(store)
    count = 0
    for stored in stored_documents(store):
        output.write(json.dumps(document_to_json(stored, edited), ensure_ascii=False) + "\n")
        count += 1
    return count


def _to_extractor(data: dict[str, str]) -> Extractor:
    return Extractor(data["name"], data["version"])


def _to_evidence(data: dict[str, Any]) -> Evidence:
    sentence = data["sentence"]
    return Evidence(
        Span(data["start"], data["end"]),
        data["quote"],
        _to_extractor(data["extractor"]),
        Span(*sentence) if sentence else None,
    )


def _to_date(text: str | None) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def _to_record(data: dict[str, Any]) -> PersonRecord:
    return PersonRecord(
        key=data["key"],
        name=data["name"],
        role=data["role"],
        mentions=[Mention(m["text"], _to_evidence(m["evidence"])) for m in data["mentions"]],
        aliases=data["aliases"],
        descriptors=data["descriptors"],
        events=[
            Event(
                e["type"],
                _to_date(e["date"]),
                e["detail"],
                _to_evidence(e["evidence"]),
                e["date_from_document"],
            )
            for e in data["events"]
        ],
        person_id=data["person_id"],
        # Absent from files exported before case facts were extracted.
        case_facts=[
            CaseFact(
                CaseFact.value_of(f["kind"], f), _to_evidence(f["evidence"]), _to_date(f["date"])
            )
            for f in data.get("case_facts", [])
        ],
    )


def document_from_json(data: dict[str, Any]) -> tuple[Document, Extraction | None]:
    """The document and extraction of one exported object (KeyError if a field is missing)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} object")
    raw = RawDocument(
        source=data["source"],
        file_name=data["file_name"],
        media_type=data["media_type"],
        sha256=data["sha256"],
        size=data["size"],
        text=data["original_text"],
        title=data["title"],
        encoding=data["encoding"],
        metadata=data["metadata"],
    )
    document = Document(
        raw,
        CleanText(data["clean_text"], OffsetMap.from_json(data["offset_map"])),
        data["language"],
    )
    found = data["extraction"]
    if found is None:
        return document, None
    extraction = Extraction(
        date=_to_date(found["date"]),
        kind=found["kind"],
        language=found["language"],
        extractor=_to_extractor(found["extractor"]),
        persons=[_to_record(p) for p in found["persons"]],
        organisations=[
            Organisation(o["name"], o["kind"], _to_evidence(o["evidence"]))
            for o in found["organisations"]
        ],
        demands=[
            Demand(
                d["action"],
                d["targets"],
                _to_evidence(d["evidence"]),
                d["demanders"],
                d["addressees"],
                # Exports written before demands had dates carry none.
                _to_date(d.get("date")),
            )
            for d in found["demands"]
        ],
        date_evidence=_to_evidence(found["date_evidence"]) if found["date_evidence"] else None,
    )
    return document, extraction


def _editors(data: dict[str, Any]) -> list[list[str | None]]:
    """Who last edited each event, per record, in the order of the object."""
    extraction = data["extraction"] or {"persons": []}
    return [[e["edited_by"] for e in p["events"]] for p in extraction["persons"]]


def import_jsonl(store: Store, path: Path) -> int:
    """Store every document of an export into an empty database; returns how many.

    Raises ValueError (naming the line) for a line that is not an exported document, and
    before anything is stored if the database already holds documents.
    """
    held = store.stats()["documents"]
    if held:
        raise ValueError(f"import needs an empty database; this one holds {held} documents")
    count = 0
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                document, extraction = document_from_json(data)
                editors = _editors(data)
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}, line {number}: {_reason(error)}") from None
            added = store.add_document(document, extraction)
            stored = store.document(added.document_id)
            if stored is not None:
                _restore_editors(store, stored, editors)
            count += 1
    return count


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return str(error) or type(error).__name__


def _restore_editors(store: Store, stored: StoredDocument, editors: list[list[str | None]]) -> None:
    # An edit without changes marks an event as hand-edited (so that it survives
    # re-extraction) without adding to the log of changes.
    for record, users in zip(stored.records, editors, strict=True):
        for event_id, user in zip(record.event_ids, users, strict=True):
            if user is not None:
                store.edit_event(event_id, user)
