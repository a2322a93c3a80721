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
from casetrail.store.read_model import HandEdit, ReviewedFacts
from casetrail.store.reviews import FactRef

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


def _state(reviewed: HandEdit | None) -> dict[str, str | None]:
    """A reviewed fact's state and last reviewer ("extracted" and none if unreviewed)."""
    return {
        "state": reviewed.state if reviewed else "extracted",
        "reviewed_by": reviewed.by if reviewed else None,
    }


def _record(
    record: PersonRecord,
    event_ids: tuple[int, ...],
    edited: dict[int, HandEdit],
    role: HandEdit | None,
) -> dict:
    return {
        "key": record.key,
        "person_id": record.person_id,
        "name": record.name,
        "role": record.role,
        "role_review": _state(role),
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
                "edited_by": hand.by if (hand := edited.get(event_id)) else None,
                "state": hand.state if hand else "extracted",
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


_UNREVIEWED = ReviewedFacts({}, {}, {}, {})


def document_to_json(
    stored: StoredDocument, edited: dict[int, HandEdit], reviewed: ReviewedFacts = _UNREVIEWED
) -> dict[str, Any]:
    """One stored document as a JSON-ready object; `edited`: hand edits by event id;
    `reviewed`: the reviewed roles, demands, date and kind (`read_model.reviewed_facts`)."""
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
            "date_review": _state(reviewed.dates.get(stored.id)),
            "kind": extraction.kind,
            "kind_review": _state(reviewed.kinds.get(stored.id)),
            "language": extraction.language,
            "extractor": _extractor(extraction.extractor),
            "persons": [
                _record(s.record, s.event_ids, edited, reviewed.roles.get(s.id))
                for s in stored.records
            ],
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
                    "review": _state(
                        reviewed.demands.get(
                            (stored.id, d.evidence.span.start, d.evidence.span.end)
                        )
                    ),
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
    reviewed = read_model.reviewed_facts(store)
    count = 0
    for stored in stored_documents(store):
        found = document_to_json(stored, edited, reviewed)
        output.write(json.dumps(found, ensure_ascii=False) + "\n")
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


def _editors(data: dict[str, Any]) -> list[list[HandEdit | None]]:
    """Who last edited or reviewed each event and its state, per record, in the order of the
    object (an export older than states has none: its edits were corrections)."""
    extraction = data["extraction"] or {"persons": []}
    return [
        [
            HandEdit(e["edited_by"], e.get("state", "corrected")) if e["edited_by"] else None
            for e in p["events"]
        ]
        for p in extraction["persons"]
    ]


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
                _restore_reviews(store, stored, data["extraction"])
            count += 1
    return count


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return str(error) or type(error).__name__


def _restore_editors(
    store: Store, stored: StoredDocument, editors: list[list[HandEdit | None]]
) -> None:
    # The review's state, logged as imported (the export keeps no history of reviews); the
    # event stays hand-edited, so that it survives re-extraction.
    for record, hands in zip(stored.records, editors, strict=True):
        for event_id, hand in zip(record.event_ids, hands, strict=True):
            if hand is not None:
                store.restore_event_state(event_id, hand.by, hand.state)


def _restore_reviews(store: Store, stored: StoredDocument, extraction: dict | None) -> None:
    """The states of the reviewed roles, demands, date and kind (exports older than these
    reviews carry none: all extracted)."""
    if extraction is None:
        return
    found: list[tuple[FactRef, dict[str, Any]]] = [
        (FactRef("role", record.id), person.get("role_review") or {})
        for record, person in zip(stored.records, extraction["persons"], strict=True)
    ]
    spans = {(d.start, d.end): d.id for d in read_model.demands(store, [stored.id], rejected=True)}
    for demand in extraction["demands"]:
        span = demand["evidence"]["start"], demand["evidence"]["end"]
        if span in spans:
            found.append((FactRef("demand", spans[span]), demand.get("review") or {}))
    found += [
        (FactRef("document-date", stored.id), extraction.get("date_review") or {}),
        (FactRef("document-kind", stored.id), extraction.get("kind_review") or {}),
    ]
    for ref, review in found:
        state = review.get("state", "extracted")
        if state != "extracted":
            store.restore_fact_state(ref, review.get("reviewed_by") or "import", state)
