"""Document pages: the list, one document's original text with its facts highlighted by type,
the original file as a download, and a scan's page images (the evidence outlined on them)."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import PurePosixPath
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from casetrail import facts
from casetrail.clean.markup import strip_emphasis, strip_links
from casetrail.domain import (
    LOW_CONFIDENCE,
    OcrLayer,
    PersonRecord,
    touches_doubtful,
    vocabulary,
)
from casetrail.present.web.deps import DocumentId, PageNumber, StoreDep, Viewer
from casetrail.present.web.highlight import EVIDENCE, Highlight, highlight
from casetrail.present.web.pages_common import (
    MAX_PER_PAGE,
    PER_PAGE,
    evidence_href,
    pager,
    person_href,
)
from casetrail.present.web.templating import render
from casetrail.read.ocr import page_image
from casetrail.read.text import MARKDOWN
from casetrail.store import StoredDocument
from casetrail.store.accounts import audit
from casetrail.store.read_model import documents as document_refs

router = APIRouter(include_in_schema=False)

ROLE_ORDER = ("concern", "advocate", "addressee", "official", "other")
# A media type as RFC 6838 spells it; anything else is served as plain bytes.
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_MARKDOWN_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
# Scan pages shown on a document page without a cited passage (one with shows its pages).
SCAN_PAGES_SHOWN = 3
PAGE_IMAGE_WIDTH = 1240  # pixels: A4 at 150 dpi, sharp on screen at a fraction of the scan


def _year(text: str | None) -> int | None:
    """A form's year field: empty means any year."""
    if text is None or not text.strip():
        return None
    if not text.strip().isdigit() or len(text.strip()) != 4:
        raise HTTPException(400, f"year must be four digits, like 2021, not {text!r}")
    return int(text)


@router.get("/documents")
def documents_page(
    request: Request,
    credentials: Viewer,
    store: StoreDep,
    kind: str | None = None,
    year: str | None = None,
    q: Annotated[str, Query(max_length=200)] = "",
    page: PageNumber = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> Response:
    """The stored documents, newest first (undated last), filtered by kind, year and words
    of the title or file name."""
    kinds = list(vocabulary()["document_kinds"])
    if kind and kind not in kinds:
        raise HTTPException(400, f"kind must be one of {', '.join(kinds)}, not {kind!r}")
    wanted_year = _year(year)
    total, found = store.document_summaries(
        kind=kind,
        year=wanted_year,
        words=q.split(),
        newest_first=True,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    filters = {"kind": kind, "year": wanted_year, "q": q.strip()}
    return render(
        request,
        "documents.html",
        documents=found,
        pager=pager("/documents", filters, page, per_page, total),
        filters=filters,
        kinds=kinds,
        years=store.document_years(),
    )


def _markdown_marks(text: str) -> list[Highlight]:
    """Markdown's marks (emphasis, link syntax and targets, heading hashes, escapes) as spans
    the page hides: the text stays plain, and the evidence offsets still point into it."""
    removed = [(edit.start, edit.end) for edit in (*strip_emphasis(text), *strip_links(text))]
    removed += [match.span() for match in _MARKDOWN_HEADING.finditer(text)]
    return [Highlight(start, end, "markup") for start, end in removed]


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


def _doubtful_words(ocr: OcrLayer) -> list[Highlight]:
    return [
        Highlight(w.start, w.end, "ocr-low", None, f"OCR confidence {w.confidence:.0f}%")
        for w in ocr.words
        if w.confidence < LOW_CONFIDENCE
    ]


def _scan_pages(
    ocr: OcrLayer | None, evidence: tuple[int, int] | None
) -> tuple[list[dict[str, Any]], int]:
    """The pages of a scan to show, with the boxes of the cited passage's words and of the
    doubtful words; and how many pages of the scan are not shown."""
    if ocr is None:
        return [], 0
    cited = ocr.words_in(*evidence) if evidence else []
    numbers = sorted({w.page for w in cited}) or [p.number for p in ocr.pages][:SCAN_PAGES_SHOWN]
    shown = []
    for number in numbers:
        page = ocr.page(number)
        assert page is not None  # words are on the layer's pages
        shown.append(
            {
                "page": page,
                "evidence": [w.box for w in cited if w.page == number],
                "doubtful": [
                    (w.box, w.confidence)
                    for w in ocr.words
                    if w.page == number and w.confidence < LOW_CONFIDENCE
                ],
            }
        )
    return shown, len(ocr.pages) - len(shown)


def _persons(stored: StoredDocument) -> list[dict[str, Any]]:
    ocr = stored.document.raw.ocr
    doubtful = ocr.doubtful() if ocr else []
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
                    "low_confidence_ocr": touches_doubtful(
                        doubtful, event.evidence.span.start, event.evidence.span.end
                    ),
                }
                for event in record.events
            ],
        }
        for record in records
    ]


def _demands(stored: StoredDocument, states: dict[tuple[int, int], str]) -> list[dict[str, Any]]:
    """The document's demands; `states`: the verification state of each by its span."""
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
            "state": states.get((demand.evidence.span.start, demand.evidence.span.end)),
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
    document_id: DocumentId,
    credentials: Viewer,
    store: StoreDep,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
    done: Annotated[str, Query(max_length=2000)] = "",
    error: Annotated[str, Query(max_length=2000)] = "",
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
    if stored.document.raw.media_type == MARKDOWN.media_type:
        spans += _markdown_marks(text)
    ocr = stored.document.raw.ocr
    if ocr is not None:
        spans += _doubtful_words(ocr)
    evidence: str | None = None
    evidence_problem: str | None = None
    cited: tuple[int, int] | None = None
    if start is not None and end is not None:
        if start < end <= len(text):
            cited = (start, end)
            spans.append(Highlight(start, end, EVIDENCE, None, "the cited passage"))
            evidence = text[start:end]
        else:
            evidence_problem = (
                f"The cited span {start}–{end} is not within this document's text "
                f"({len(text)} characters); the document may have been re-read since."
            )
    extraction = stored.extraction
    raw = stored.document.raw
    checked = facts.document_facts(store, document_id)
    scan_pages, scan_pages_hidden = _scan_pages(ocr, cited)
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
        demands=_demands(
            stored,
            {
                (f.source.start, f.source.end): f.state
                for f in checked
                if f.ref.kind == "demand" and f.source
            },
        ),
        checked=checked,
        done=done,
        error=error,
        choices=facts.correction_choices(),
        here=f"/documents/{document_id}",
        kinds=vocabulary()["document_kinds"],
        scan_pages=scan_pages,
        scan_pages_hidden=scan_pages_hidden,
        doubtful_words=len(ocr.doubtful()) if ocr else 0,
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
def original_file(document_id: DocumentId, credentials: Viewer, store: StoreDep) -> Response:
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


@router.get("/documents/{document_id}/pages/{number}.png")
def scan_page_image(
    document_id: DocumentId,
    number: Annotated[int, Path(ge=1, le=10_000)],
    credentials: Viewer,
    store: StoreDep,
) -> Response:
    """Page `number` of a scanned document as it was read by OCR (upright), as a PNG."""
    stored = store.document(document_id)
    if stored is None:
        raise HTTPException(404, f"no document {document_id}")
    ocr = stored.document.raw.ocr
    page = ocr.page(number) if ocr else None
    if page is None:
        raise HTTPException(404, f"document {document_id} has no scanned page {number}")
    found = store.original_file(document_id)
    if found is None:
        raise HTTPException(404, f"the original file of document {document_id} was not kept")
    image = page_image(found.content, found.media_type, page)
    image.thumbnail((PAGE_IMAGE_WIDTH, PAGE_IMAGE_WIDTH * 2))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return Response(out.getvalue(), media_type="image/png")
