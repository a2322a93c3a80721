"""Document pages: the list, one document's original text with its facts highlighted by type,
and the original file as a download."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Query, Request, Response
from sqlalchemy import ColumnElement, func, or_, select

from casetrail.domain import PartialDate, PersonRecord, vocabulary
from casetrail.present.web.deps import StoreDep, Viewer
from casetrail.present.web.highlight import EVIDENCE, Highlight, highlight
from casetrail.present.web.templating import render
from casetrail.store import DocumentSummary, Store, StoredDocument
from casetrail.store.accounts import audit
from casetrail.store.read_model import documents as document_refs
from casetrail.store.schema import DocumentRow, PersonRecordRow

router = APIRouter(include_in_schema=False)

PER_PAGE = 50
MAX_PER_PAGE = 500
ROLE_ORDER = ("concern", "advocate", "addressee", "official", "other")
# A media type as RFC 6838 spells it; anything else is served as plain bytes.
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page of a listing stands, with the links to its neighbours."""

    number: int
    per_page: int
    total: int
    previous: str | None
    next: str | None

    @property
    def first(self) -> int:
        return min((self.number - 1) * self.per_page + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.number * self.per_page, self.total)


def pager(path: str, filters: dict[str, Any], number: int, per_page: int, total: int) -> Pager:
    """The pager of page `number`; its links keep the filters that are set."""

    def link(page: int) -> str:
        kept = {name: value for name, value in filters.items() if value not in (None, "")}
        return f"{path}?{urlencode(kept | {'page': page, 'per_page': per_page})}"

    has_next = number * per_page < total
    return Pager(
        number,
        per_page,
        total,
        link(number - 1) if number > 1 else None,
        link(number + 1) if has_next else None,
    )


def _year(text: str | None) -> int | None:
    """A form's year field: empty means any year."""
    if text is None or not text.strip():
        return None
    if not text.strip().isdigit() or len(text.strip()) != 4:
        raise HTTPException(400, f"year must be four digits, like 2021, not {text!r}")
    return int(text)


def _conditions(kind: str | None, year: int | None, q: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if kind:
        conditions.append(DocumentRow.kind == kind)
    if year is not None:
        # ISO dates compare as text: "2021", "2021-05" and "2021-05-06" are all in 2021.
        conditions += [DocumentRow.date >= f"{year:04d}", DocumentRow.date < f"{year + 1:04d}"]
    conditions += [
        or_(
            DocumentRow.title.icontains(word, autoescape=True),
            DocumentRow.source.icontains(word, autoescape=True),
        )
        for word in q.split()
    ]
    return conditions


def document_listing(
    store: Store, conditions: list[ColumnElement[bool]], offset: int, limit: int
) -> tuple[int, list[DocumentSummary], list[int]]:
    """The number of documents meeting the conditions, one page of them (newest first,
    undated last), and the years of all stored documents, newest first."""
    page = (
        select(DocumentRow.id)
        .where(*conditions)
        .order_by(DocumentRow.date.desc().nulls_last(), DocumentRow.id.desc())
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    persons = (
        select(func.count()).where(PersonRecordRow.document_id == DocumentRow.id).scalar_subquery()
    )
    year = func.substr(DocumentRow.date, 1, 4)
    # The store lists every document at once; a page of 100,000 must not read them all.
    with store._transaction() as session:
        total = session.scalar(select(func.count(DocumentRow.id)).where(*conditions)) or 0
        found = session.execute(
            select(
                DocumentRow.id,
                DocumentRow.date,
                DocumentRow.kind,
                DocumentRow.title,
                DocumentRow.words,
                DocumentRow.source,
                func.coalesce(DocumentRow.extraction_language, DocumentRow.language),
                persons,
            )
            .join(page, page.c.id == DocumentRow.id)
            .order_by(DocumentRow.date.desc().nulls_last(), DocumentRow.id.desc())
        ).all()
        years = session.scalars(
            select(year).where(DocumentRow.date.is_not(None)).distinct().order_by(year.desc())
        ).all()
    summaries = [
        DocumentSummary(id_, PartialDate.parse(date) if date else None, *rest)
        for id_, date, *rest in found
    ]
    return total, summaries, [int(y) for y in years]


@router.get("/documents")
def documents_page(
    request: Request,
    credentials: Viewer,
    store: StoreDep,
    kind: str | None = None,
    year: str | None = None,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> Response:
    """The stored documents, newest first (undated last), filtered by kind, year and words
    of the title or file name."""
    kinds = list(vocabulary()["document_kinds"])
    if kind and kind not in kinds:
        raise HTTPException(400, f"kind must be one of {', '.join(kinds)}, not {kind!r}")
    wanted_year = _year(year)
    conditions = _conditions(kind, wanted_year, q)
    total, found, years = document_listing(store, conditions, (page - 1) * per_page, per_page)
    filters = {"kind": kind, "year": wanted_year, "q": q.strip()}
    return render(
        request,
        "documents.html",
        documents=found,
        pager=pager("/documents", filters, page, per_page, total),
        filters=filters,
        kinds=kinds,
        years=years,
    )


def person_href(person_id: str | None) -> str | None:
    return None if person_id is None else f"/persons/{quote(person_id, safe='')}"


def evidence_href(document_id: int, start: int, end: int) -> str:
    """The link to a span of a document's text, highlighted and scrolled to."""
    return f"/documents/{document_id}?start={start}&end={end}#{EVIDENCE}"


def _highlights(stored: StoredDocument) -> list[Highlight]:
    """Every fact of the document with a place in its original text."""
    spans: list[Highlight] = []
    extraction = stored.extraction
    if extraction is None:
        return spans
    for record in extraction.persons:
        href = person_href(record.person_id)
        title = f"{record.name} ({record.role})"
        spans += (
            Highlight(m.evidence.span.start, m.evidence.span.end, "person", href, title)
            for m in record.mentions
        )
        for event in record.events:
            date = "date unknown" if event.date is None else str(event.date)
            if event.date_from_document:
                date += " (the document's date)"
            span = event.evidence.span
            spans.append(
                Highlight(
                    span.start, span.end, "event", None, f"{event.type}: {record.name}, {date}"
                )
            )
    if extraction.date_evidence is not None:
        span = extraction.date_evidence.span
        spans.append(
            Highlight(span.start, span.end, "date", None, f"the document's date: {extraction.date}")
        )
    for organisation in extraction.organisations:
        span = organisation.evidence.span
        spans.append(
            Highlight(
                span.start,
                span.end,
                "organisation",
                None,
                f"{organisation.name} ({organisation.kind})",
            )
        )
    return spans


def _persons(stored: StoredDocument) -> list[dict[str, Any]]:
    records = [stored_record.record for stored_record in stored.records]
    records.sort(key=lambda r: (ROLE_ORDER.index(r.role) if r.role in ROLE_ORDER else 99, r.name))
    return [
        {
            "name": record.name,
            "role": record.role,
            "href": person_href(record.person_id),
            "descriptors": record.descriptors,
            "mentions": len(record.mentions),
            "events": [
                {
                    "type": event.type,
                    "date": event.date,
                    "quote": event.evidence.quote,
                    "href": evidence_href(
                        stored.id, event.evidence.span.start, event.evidence.span.end
                    ),
                }
                for event in record.events
            ],
        }
        for record in records
    ]


def _demands(stored: StoredDocument) -> list[dict[str, Any]]:
    if stored.extraction is None:
        return []
    by_key: dict[str, PersonRecord] = {r.key: r for r in stored.extraction.persons}

    def names(keys: list[str]) -> list[dict[str, Any]]:
        return [
            {
                "name": by_key[key].name if key in by_key else key,
                "href": person_href(by_key[key].person_id) if key in by_key else None,
            }
            for key in keys
        ]

    actions = vocabulary()["demand_actions"]
    return [
        {
            "action": demand.action,
            "meaning": actions.get(demand.action, ""),
            "date": demand.date,
            "targets": names(demand.targets),
            "demanders": names(demand.demanders),
            "addressees": names(demand.addressees),
            "quote": demand.evidence.quote,
            "href": evidence_href(stored.id, demand.evidence.span.start, demand.evidence.span.end),
        }
        for demand in stored.extraction.demands
    ]


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@router.get("/documents/{document_id}")
def document_page(
    request: Request,
    document_id: int,
    credentials: Viewer,
    store: StoreDep,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    """A document's original text with persons, events, dates and organisations marked, and
    the evidence span `start`..`end` (a cited quote) when given."""
    stored = store.document(document_id)
    if stored is None:
        raise HTTPException(404, f"no document {document_id}")
    if (start is None) != (end is None):
        raise HTTPException(400, "an evidence span needs both start and end")
    text = stored.document.raw.text
    spans = _highlights(stored)
    evidence: str | None = None
    evidence_problem: str | None = None
    if start is not None and end is not None:
        if start < end <= len(text):
            spans.append(Highlight(start, end, EVIDENCE, None, "the cited passage"))
            evidence = text[start:end]
        else:
            evidence_problem = (
                f"The cited span {start}–{end} is not within this document's text "
                f"({len(text)} characters); the document may have been re-read since."
            )
    extraction = stored.extraction
    raw = stored.document.raw
    return render(
        request,
        "document.html",
        document=stored,
        raw=raw,
        extraction=extraction,
        title=raw.title or raw.file_name,
        language=(extraction.language if extraction else None) or stored.document.language,
        size=_size(raw.size),
        text=highlight(text, spans),
        evidence=evidence,
        evidence_problem=evidence_problem,
        persons=_persons(stored),
        demands=_demands(stored),
        kinds=vocabulary()["document_kinds"],
    )


def content_disposition(file_name: str) -> str:
    """An attachment header naming the file: an ASCII `filename` every client reads, and the
    real name as RFC 6266 `filename*` when it is not plain ASCII."""
    name = PurePosixPath(file_name.replace("\\", "/")).name.strip() or "document"
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix

    def ascii_part(part: str) -> str:
        folded = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        return _UNSAFE_NAME.sub("_", folded).strip("_.")

    extension = ascii_part(suffix)
    fallback = (ascii_part(stem) or "document") + (f".{extension}" if extension else "")
    header = f'attachment; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


@router.get("/documents/{document_id}/original")
def original_file(document_id: int, credentials: Viewer, store: StoreDep) -> Response:
    """The file the document was read from, always as a download (never shown inline)."""
    found = store.original_file(document_id)
    if found is None:
        if not document_refs(store, [document_id]):
            raise HTTPException(404, f"no document {document_id}")
        raise HTTPException(
            404,
            f"the original file of document {document_id} was not kept "
            "(it was imported as text only)",
        )
    audit(store, credentials.user.name, "download", f"document:{document_id}", file=found.file_name)
    media_type = found.media_type.strip().lower()
    if not _MEDIA_TYPE.fullmatch(media_type):
        media_type = "application/octet-stream"
    # The content type as stored, without a charset the file may not have.
    return Response(
        found.content,
        headers={
            "Content-Type": media_type,
            "Content-Disposition": content_disposition(found.file_name),
            "X-Content-Type-Options": "nosniff",
        },
    )
