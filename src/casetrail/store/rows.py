"""Conversions between the domain model and the table rows of `schema`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

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
    OcrLayer,
    OffsetMap,
    Organisation,
    PartialDate,
    PersonRecord,
    RawDocument,
    Span,
)
from casetrail.resolve.search_keys import spelling_keys
from casetrail.store.schema import DocumentRow, PersonRecordRow, SpellingNameKeyRow

EVIDENCE_FIELDS = (
    "span_start",
    "span_end",
    "quote",
    "sentence_start",
    "sentence_end",
    "extractor_name",
    "extractor_version",
)
DATE_EVIDENCE = "date_"  # the prefix of the document date's evidence columns


def evidence_values(evidence: Evidence | None, prefix: str = "") -> dict[str, Any]:
    if evidence is None:
        return dict.fromkeys(prefix + name for name in EVIDENCE_FIELDS)
    sentence = evidence.sentence
    values = (
        evidence.span.start,
        evidence.span.end,
        evidence.quote,
        sentence.start if sentence else None,
        sentence.end if sentence else None,
        evidence.extractor.name,
        evidence.extractor.version,
    )
    return {prefix + name: value for name, value in zip(EVIDENCE_FIELDS, values, strict=True)}


def to_evidence(row: object, prefix: str = "") -> Evidence:
    start, end, quote, sentence_start, sentence_end, name, version = (
        getattr(row, prefix + field) for field in EVIDENCE_FIELDS
    )
    sentence = None if sentence_start is None else Span(sentence_start, sentence_end)
    return Evidence(Span(start, end), quote, Extractor(name, version), sentence)


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def to_date(iso: str | None) -> PartialDate | None:
    return PartialDate.parse(iso) if iso else None


def document_values(document: Document) -> dict[str, Any]:
    """The columns of `documents` that reading and cleaning determine."""
    raw = document.raw
    return {
        "sha256": raw.sha256,
        "source": raw.source,
        "file_name": raw.file_name,
        "media_type": raw.media_type,
        "size": raw.size,
        "title": raw.title,
        "encoding": raw.encoding,
        "file_metadata": raw.metadata,
        "language": document.language,
        "original_text": raw.text,
        "clean_text": document.clean.text,
        "offset_map": document.clean.offsets.to_json(),
        "ocr_layer": raw.ocr.to_json() if raw.ocr else None,
        "ocr_doubtful": [list(r) for r in raw.ocr.doubtful()] if raw.ocr else None,
        "words": document.words,
    }


def extraction_values(extraction: Extraction | None) -> dict[str, Any]:
    """The columns of `documents` that extraction determines (all null without one)."""
    if extraction is None:
        values: dict[str, Any] = dict.fromkeys(
            ("date", "kind", "extraction_language", "extractor_name", "extractor_version")
        )
    else:
        values = {
            "date": _iso(extraction.date),
            "kind": extraction.kind,
            "extraction_language": extraction.language,
            "extractor_name": extraction.extractor.name,
            "extractor_version": extraction.extractor.version,
        }
    date_evidence = extraction.date_evidence if extraction else None
    return values | evidence_values(date_evidence, DATE_EVIDENCE)


def record_values(record: PersonRecord, document_id: int, extractor: Extractor) -> dict[str, Any]:
    """A person record's row, without its mentions and events."""
    return {
        "document_id": document_id,
        "person_id": record.person_id,
        "key": record.key,
        "name": record.name,
        "role": record.role,
        "descriptors": record.descriptors,
        "aliases": record.aliases,
        "extractor_name": extractor.name,
        "extractor_version": extractor.version,
    }


def name_key_values(record: PersonRecord, record_id: int) -> list[dict[str, Any]]:
    """The search keys of a record's name and aliases (resolve/search_keys.py), for
    `save_name_keys`."""
    return [
        {"key": key, "record_id": record_id}
        for key in sorted(spelling_keys([record.name, *record.aliases]))
    ]


# The spelling as `person_spellings` counts it (its triggers cast the aliases alike).
_SPELLING_KEY = text(
    f"""
    INSERT INTO {SpellingNameKeyRow.__tablename__} (key, name, aliases)
    SELECT :key, name, CAST(aliases AS TEXT) FROM {PersonRecordRow.__tablename__}
    WHERE id = :record_id
    ON CONFLICT DO NOTHING
    """
)


def save_name_keys(connection: Connection, values: list[dict[str, Any]]) -> None:
    """Store the `name_key_values` of stored records: the keys of their spellings, unless
    an earlier record of the same spelling stored them."""
    if values:
        connection.execute(_SPELLING_KEY, values)


def mention_values(mention: Mention, record_id: int) -> dict[str, Any]:
    return {"record_id": record_id, "text": mention.text, **evidence_values(mention.evidence)}


def event_values(event: Event, record_id: int) -> dict[str, Any]:
    return {
        "record_id": record_id,
        "type": event.type,
        "date": _iso(event.date),
        "date_from_document": event.date_from_document,
        "detail": event.detail,
        **evidence_values(event.evidence),
    }


def case_fact_values(fact: CaseFact, record_id: int) -> dict[str, Any]:
    return {
        "record_id": record_id,
        "kind": fact.kind,
        "date": _iso(fact.date),
        "fields": fact.fields(),
        **evidence_values(fact.evidence),
    }


def to_case_fact(row: Any) -> CaseFact:
    """A stored case fact (a `CaseFactRow`) as the domain's."""
    return CaseFact(CaseFact.value_of(row.kind, row.fields), to_evidence(row), to_date(row.date))


def organisation_values(organisation: Organisation, document_id: int) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "name": organisation.name,
        "kind": organisation.kind,
        **evidence_values(organisation.evidence),
    }


def demand_values(demand: Demand, document_id: int) -> dict[str, Any]:
    """A demand's row, without its targets."""
    return {
        "document_id": document_id,
        "action": demand.action,
        "date": _iso(demand.date),
        "demanders": demand.demanders,
        "addressees": demand.addressees,
        **evidence_values(demand.evidence),
    }


def target_values(
    demand: Demand, demand_id: int, record_ids: dict[str, int]
) -> list[dict[str, Any]]:
    """The rows of a demand's targets, given the ids of its document's records by key."""
    unknown = [key for key in demand.targets if key not in record_ids]
    if unknown:
        raise ValueError(f"demand targets {unknown} are not persons of the document")
    return [
        {"demand_id": demand_id, "position": position, "record_id": record_ids[key]}
        for position, key in enumerate(demand.targets)
    ]


def to_document(row: DocumentRow) -> Document:
    raw = RawDocument(
        source=row.source,
        file_name=row.file_name,
        media_type=row.media_type,
        sha256=row.sha256,
        size=row.size,
        text=row.original_text,
        title=row.title,
        encoding=row.encoding,
        metadata=row.file_metadata,
        ocr=OcrLayer.from_json(row.ocr_layer) if row.ocr_layer else None,
    )
    clean = CleanText(row.clean_text, OffsetMap.from_json(row.offset_map))
    return Document(raw, clean, row.language)


def to_record(row: PersonRecordRow) -> PersonRecord:
    return PersonRecord(
        key=row.key,
        name=row.name,
        role=row.role,  # type: ignore[arg-type]  # written from a Role
        mentions=[Mention(mention.text, to_evidence(mention)) for mention in row.mentions],
        aliases=row.aliases,
        descriptors=row.descriptors,
        events=[
            Event(
                type=event.type,  # type: ignore[arg-type]  # written from an EventType
                date=to_date(event.date),
                detail=event.detail,
                evidence=to_evidence(event),
                date_from_document=event.date_from_document,
            )
            for event in row.events
        ],
        person_id=row.person_id,
        case_facts=[to_case_fact(fact) for fact in row.case_facts],
    )


def to_extraction(row: DocumentRow, persons: list[PersonRecord]) -> Extraction | None:
    """The stored extraction of a document, given its records converted by `to_record`."""
    if row.extractor_name is None or row.extractor_version is None:
        return None
    return Extraction(
        date=to_date(row.date),
        kind=row.kind,  # type: ignore[arg-type]  # written from a DocumentKind
        language=row.extraction_language,
        extractor=Extractor(row.extractor_name, row.extractor_version),
        persons=persons,
        organisations=[
            Organisation(organisation.name, organisation.kind, to_evidence(organisation))
            for organisation in row.organisations
        ],
        demands=[
            Demand(
                action=demand.action,
                targets=[target.record.key for target in demand.targets],
                evidence=to_evidence(demand),
                demanders=demand.demanders,
                addressees=demand.addressees,
                date=to_date(demand.date),
            )
            for demand in row.demands
        ],
        date_evidence=None if row.date_span_start is None else to_evidence(row, DATE_EVIDENCE),
    )
