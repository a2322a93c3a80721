"""The JSON API under /api/v1: documents, persons (status, timeline, advocacy), events, search,
alerts and exports.

Reads (the writes are in `api_write`): any logged-in user may call them (log in with POST
/api/v1/session, then send `Authorization: Bearer TOKEN`); exports are written to the audit log.
Ids are stable: a document keeps its number and a person their id. The id of a person merged
into another answers 308 Permanent Redirect to the same URL under the surviving id. Lists are
paginated (`page` from 1, `per_page` up to 500) and say their `total`. Parameters are checked,
and an unknown one is refused. Errors are `{"error": {"status", "message"}}`.
"""

from __future__ import annotations

import logging
import queue
import re
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import asdict
from datetime import UTC, date
from functools import partial
from pathlib import Path
from typing import IO, Annotated, Any, Literal, TypeVar, cast

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParameter
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import BeforeValidator

from casetrail.derive import (
    AlertKind,
    Status,
    advocacy_records,
    advocate_record,
    case_summaries,
    kept_person_alerts,
    timelines,
)
from casetrail.derive.alerts import kept_alerts
from casetrail.domain import DocumentKind, EventType, OcrLayer, Role
from casetrail.export import export_csv, export_jsonl
from casetrail.export.jsonl import document_to_json
from casetrail.present.serialize import (
    advocacy_json,
    advocate_json,
    alert_json,
    case_json,
    date_json,
    document_summary_json,
    event_json,
    person_json,
    timeline_entry_json,
)
from casetrail.present.web.api_models import (
    AlertsOut,
    DocumentOut,
    DocumentPage,
    ErrorOut,
    EventPage,
    PersonOut,
    PersonPage,
    SearchOut,
    TimelinePage,
)
from casetrail.present.web.deps import DocumentId, PageNumber, StoreDep, Viewer
from casetrail.present.web.pages_cases import PersonFilter, person_listing
from casetrail.resolve import fold
from casetrail.store import Store, read_model
from casetrail.store.accounts import audit

log = logging.getLogger("casetrail.web")
T = TypeVar("T")

bearer = HTTPBearer(
    auto_error=False,
    description="The token of POST /api/v1/session (a session cookie works as well).",
)


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


def known_parameters(request: Request, _: Viewer) -> None:
    """Refuse a query parameter the operation does not take: a misspelt filter would be
    ignored, and the answer look filtered when it is not."""
    route: APIRoute = request.scope["route"]
    known = {parameter.alias for parameter in route.dependant.query_params}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise HTTPException(422, f"unknown parameter {unknown[0]!r} (parameters: {takes})")


router = APIRouter(
    prefix="/api/v1",
    tags=["cases"],
    dependencies=[Depends(bearer), Depends(known_parameters)],
    responses={401: _error("Not logged in."), 422: _error("A parameter is not valid.")},
)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _error("No such document or person.")}
MOVED: dict[int | str, dict[str, Any]] = {
    308: {
        "description": "The person was merged into another: the same URL under their id.",
        "headers": {"Location": {"schema": {"type": "string"}}},
    }
}

PerPage = Annotated[int, Query(ge=1, le=500, description="Items per page.")]


def _iso_day(value: object) -> object:
    # Otherwise pydantic takes a number for a Unix time: as_of=0 would be 1970-01-01.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a day as YYYY-MM-DD")
    return value


AsOf = Annotated[
    Annotated[date, BeforeValidator(_iso_day)] | None,
    Query(description="The day of reference, YYYY-MM-DD (default: today)."),
]
PersonId = Annotated[
    str, PathParameter(min_length=1, max_length=200, examples=["natalia-sokolova"])
]


def _paged(items: Sequence[T], page: int, per_page: int) -> tuple[Sequence[T], dict[str, int]]:
    """The items of one page, and the page's numbers for the answer."""
    start = (page - 1) * per_page
    return items[start : start + per_page], {
        "page": page,
        "per_page": per_page,
        "total": len(items),
    }


def _known_person(store: Store, person_id: str) -> str:
    """The current id of a person (following a merge); 404 if there is none."""
    canonical = store.canonical_person_id(person_id)
    if canonical is None:
        raise HTTPException(404, f"no person {person_id!r}")
    return canonical


def _moved(request: Request, route: str, person_id: str) -> RedirectResponse:
    """The same request for the person's current id: a path (and query), so that it holds
    behind any proxy."""
    path = request.app.url_path_for(route, person_id=person_id)
    query = request.url.query
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=308)


# Documents


@router.get("/documents", response_model=DocumentPage)
def documents(
    store: StoreDep,
    _: Viewer,
    kind: DocumentKind | None = None,
    year: Annotated[int | None, Query(ge=1, le=9999, description="Documents of this year.")] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    """The stored documents, by id; undated documents have a null date (and no year)."""
    total, shown = store.document_summaries(
        kind=kind, year=year, offset=(page - 1) * per_page, limit=per_page
    )
    numbers = {"page": page, "per_page": per_page, "total": total}
    return {"items": [document_summary_json(s) for s in shown], **numbers}


# Taken as the JSON Lines export shapes them.
_DOCUMENT_FIELDS = (
    "title",
    "source",
    "file_name",
    "media_type",
    "size",
    "sha256",
    "encoding",
    "metadata",
)


@router.get("/documents/{document_id}", response_model=DocumentOut, responses=NOT_FOUND)
def document(store: StoreDep, _: Viewer, document_id: DocumentId) -> dict[str, Any]:
    """A document: metadata, original text, and its persons, organisations and demands with
    the evidence of each (offsets into `text`)."""
    stored = store.document(document_id)
    if stored is None:
        raise HTTPException(404, f"no document {document_id}")
    exported = document_to_json(
        stored, read_model.edited_events(store), read_model.reviewed_facts(store, [document_id])
    )
    extraction = exported["extraction"] or {}
    ingested = stored.ingested_at
    return {
        "id": stored.id,
        **{name: exported[name] for name in _DOCUMENT_FIELDS},
        "date": extraction.get("date"),
        "date_evidence": extraction.get("date_evidence"),
        "date_review": extraction.get("date_review", UNREVIEWED_JSON),
        "kind": extraction.get("kind"),
        "kind_review": extraction.get("kind_review", UNREVIEWED_JSON),
        "language": extraction.get("language") or exported["language"],
        # Stored in UTC; SQLite gives it back without its zone.
        "ingested_at": ingested if ingested.tzinfo else ingested.replace(tzinfo=UTC),
        "extractor": extraction.get("extractor"),
        "text": exported["original_text"],
        "persons": extraction.get("persons", []),
        "organisations": extraction.get("organisations", []),
        "demands": extraction.get("demands", []),
        "ocr": _ocr_json(document_id, stored.document.raw.ocr),
    }


UNREVIEWED_JSON = {"state": "extracted", "reviewed_by": None}


def _ocr_json(document_id: int, ocr: OcrLayer | None) -> dict[str, Any] | None:
    if ocr is None:
        return None
    pages = [
        asdict(page) | {"image": f"/documents/{document_id}/pages/{page.number}.png"}
        for page in ocr.pages
    ]
    return {"pages": pages, "low_confidence": [list(span) for span in ocr.doubtful()]}


# Persons


@router.get("/persons", response_model=PersonPage)
def persons(
    store: StoreDep,
    _: Viewer,
    role: Role | None = None,
    status: Status | None = None,
    as_of: AsOf = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="A part of a name, in any spelling."),
    ] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    """The persons, by id, with their status as of `as_of` (filtered by it with `status`)."""
    day = as_of or date.today()
    numbers = {"page": page, "per_page": per_page, "total": 0}
    if q is not None and not fold(q):  # a query without letters names nobody
        return {"items": [], "as_of": day, **numbers}
    # The persons table's listing: the database filters, orders and pages by stored status.
    view = PersonFilter(day, status or "", role or "", q or "", "id", "asc", page, per_page)
    total, listed = person_listing(store, view)
    summaries = {summary.id: summary for summary in store.persons([p.person_id for p in listed])}
    return {
        "items": [
            person_json(summaries[p.person_id])
            | {"status": p.status.status, "since": date_json(p.status.since)}
            for p in listed
            if p.person_id in summaries  # else merged away meanwhile
        ],
        "as_of": day,
        **(numbers | {"total": total}),
    }


@router.get("/persons/{person_id}", response_model=PersonOut, responses=NOT_FOUND | MOVED)
def person(
    request: Request,
    store: StoreDep,
    _: Viewer,
    person_id: PersonId,
    as_of: AsOf = None,
    months: Annotated[int, Query(ge=1, le=1200, description="For the not-mentioned alert.")] = 12,
) -> Any:
    """A person: spellings, status as of `as_of` with its evidence, charges, sentences, the
    timeline with conflicts, the advocacy record (who intervened for them), whom they wrote
    about as an advocate, and their alerts."""
    canonical = _known_person(store, person_id)
    if canonical != person_id:
        return _moved(request, "person", canonical)
    found = store.persons([canonical])
    if not found:
        raise HTTPException(404, f"no document names the person {person_id!r}")
    day = as_of or date.today()
    with store.snapshot():  # twenty queries, one session
        own = read_model.appearances(store, person_ids=[canonical])  # read once for both
        [case] = case_summaries(store, [canonical], day, appearances=own)
        [record] = advocacy_records(store, [canonical], own)
        advocate = advocate_record(store, canonical)
        alerts = kept_person_alerts(store, canonical, day, months)
    return (
        person_json(found[0])
        | case_json(case)
        | {
            "as_of": day,
            "advocacy": advocacy_json(record),
            "advocate": advocate_json(advocate),
            "alerts": [alert_json(a) for a in alerts],
        }
    )


@router.get("/persons/{person_id}/events", response_model=TimelinePage, responses=NOT_FOUND | MOVED)
def person_events(
    request: Request,
    store: StoreDep,
    _: Viewer,
    person_id: PersonId,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Any:
    """A person's timeline: every event in date order (undated last), conflicts flagged."""
    canonical = _known_person(store, person_id)
    if canonical != person_id:
        return _moved(request, "person_events", canonical)
    [timeline] = timelines(store, [canonical])
    shown, numbers = _paged(timeline.entries, page, per_page)
    conflicting = timeline.conflicting_event_ids
    return {"items": [timeline_entry_json(e, conflicting) for e in shown], **numbers}


@router.get("/events", response_model=EventPage, responses=NOT_FOUND)
def events(
    store: StoreDep,
    _: Viewer,
    event_type: Annotated[EventType | None, Query(alias="type")] = None,
    person: Annotated[
        str | None, Query(min_length=1, max_length=200, description="A person id.")
    ] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    """The events of resolved persons, by id, of one type and/or one person."""
    ids = None if person is None else [_known_person(store, person)]
    offset = (page - 1) * per_page
    total, shown = read_model.event_page(store, ids, event_type, offset, per_page)
    return {
        "items": [event_json(e) for e in shown],
        **{"page": page, "per_page": per_page, "total": total},
    }


# Search and alerts

# Marks around hits in search snippets: characters of Unicode's private use area, which no
# document is expected to contain, taken out again into offsets.
_HIT_START, _HIT_END = "\ue000", "\ue001"
_HIT_MARKS = re.compile(f"([{_HIT_START}{_HIT_END}])")


def _highlights(snippet: str) -> tuple[str, list[list[int]]]:
    """The snippet without marks, and [start, end] of each marked hit in it."""
    pieces: list[str] = []
    spans: list[list[int]] = []
    length, start = 0, None
    for piece in _HIT_MARKS.split(snippet):
        if piece == _HIT_START:
            start = length
        elif piece == _HIT_END:
            if start is not None and start < length:
                spans.append([start, length])
            start = None
        else:
            pieces.append(piece)
            length += len(piece)
    return "".join(pieces), spans


@router.get("/search", response_model=SearchOut)
def search(
    store: StoreDep,
    _: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find.")],
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many of each.")] = 20,
    literal: Annotated[
        bool, Query(description="Search the words as written, even when they name a person.")
    ] = False,
) -> dict[str, Any]:
    """A query that names known persons, in any spelling, script or case form, finds them
    (`meant`) and every document that mentions them, the mentions highlighted; any other
    query, or one searched `literal`ly, the documents containing every word of `q` (or its
    other forms), best first. `persons` lists the persons with a spelling `q` names."""
    with store.snapshot():
        answer = store.find(q, limit, (_HIT_START, _HIT_END), literal=literal)
        refs = read_model.documents(store, [hit.document_id for hit in answer.hits])
        named = answer.persons if not literal else store.named_persons(q, limit)[0]
        summaries = {p.id: p for p in store.persons([p.id for p in named[:limit]])}
    found = []
    for hit in answer.hits:
        snippet, spans = _highlights(hit.snippet)
        ref = refs[hit.document_id]
        found.append(
            {
                "id": hit.document_id,
                "title": hit.title,
                "date": date_json(ref.date),
                "kind": ref.kind,
                "snippet": snippet,
                "highlights": spans,
                "rank": hit.rank,
            }
        )
    return {
        "query": q,
        "literal": literal,
        "meant": [{"id": p.id, "name": p.name, "documents": p.documents} for p in answer.persons],
        "total": answer.total,
        "documents": found,
        "persons": [person_json(summaries[p.id]) for p in named[:limit] if p.id in summaries],
    }


@router.get("/alerts", response_model=AlertsOut)
def alerts_list(
    store: StoreDep,
    _: Viewer,
    kind: AlertKind | None = None,
    months: Annotated[
        int, Query(ge=1, le=1200, description="Custody cases not named for this long.")
    ] = 12,
    as_of: AsOf = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    """What needs attention, by kind: stale demands, contradictions, custody cases not named
    for `months`, deaths in custody, sentences expected to have ended, undated documents;
    each with its sources."""
    day = as_of or date.today()
    found = kept_alerts(store, day, months, kind, (page - 1) * per_page, per_page)
    return {
        "as_of": day,
        "months": months,
        "items": [alert_json(a) for a in found.alerts],
        **{"page": page, "per_page": per_page, "total": found.total},
    }


# Exports

ExportFormat = Literal["csv", "jsonl", "ftm"]
_CHUNK = 1 << 16  # bytes per piece of a streamed export


class _Gone(Exception):
    """The client stopped reading an export."""


class _Pipe:
    """A file an export is written into by one thread while the response streams it: a few
    chunks are held at most, and writing stops (with `_Gone`) once the reader has gone."""

    def __init__(self) -> None:
        self._chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=8)
        self._pending = bytearray()
        self._gone = threading.Event()

    def write(self, data: str | bytes) -> int:
        self._pending += data.encode() if isinstance(data, str) else data
        if len(self._pending) >= _CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._pending:
            self._put(bytes(self._pending))
            self._pending.clear()

    def _put(self, item: bytes | BaseException | None) -> None:
        while not self._gone.is_set():
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise _Gone

    def fill(self, produce: Callable[[_Pipe], object]) -> None:
        """Run `produce(self)`, then mark the end (or the failure) for the reader."""
        try:
            produce(self)
            self.flush()
            self._put(None)
        except _Gone:
            log.info("export abandoned by the client")
        except Exception as error:
            log.exception("export failed")
            with suppress(_Gone):
                self._put(error)

    def chunks(self) -> Iterator[bytes]:
        try:
            while (item := self._chunks.get()) is not None:
                if isinstance(item, BaseException):
                    # The answer has begun: cutting it short is the only way to say it failed.
                    raise RuntimeError("the export failed; see the server log") from item
                yield item
        finally:
            self._gone.set()


def _csv_zip(store: Store, output: _Pipe) -> None:
    with tempfile.TemporaryDirectory(prefix="casetrail-export-") as folder:
        export_csv(store, Path(folder))
        with zipfile.ZipFile(cast(IO[bytes], output), "w", zipfile.ZIP_DEFLATED) as archive:
            for table in sorted(Path(folder).glob("*.csv")):
                archive.write(table, table.name)


def _jsonl(store: Store, output: _Pipe) -> None:
    export_jsonl(store, cast(IO[str], output))


def _ftm(store: Store, output: _Pipe) -> None:
    # Imported when used: loading the FtM model takes a moment no other request needs.
    from casetrail.export.ftm import export_ftm

    export_ftm(store, cast(IO[str], output))


_EXPORTS: dict[str, tuple[Callable[[Store, _Pipe], object], str, str]] = {
    "csv": (_csv_zip, "application/zip", "zip"),
    "jsonl": (_jsonl, "application/x-ndjson", "jsonl"),
    "ftm": (_ftm, "application/x-ndjson", "ftm.json"),
}
_BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/export/{export_format}",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "csv: a zip of one CSV file per table; jsonl: one document per line"
            " (re-importable with `casetrail import`); ftm: FollowTheMoney entities, one per line.",
            "content": {"application/zip": _BINARY, "application/x-ndjson": _BINARY},
        }
    },
)
def export(store: StoreDep, credentials: Viewer, export_format: ExportFormat) -> Response:
    """The whole case database as a download, streamed as it is written; audited."""
    produce, media_type, suffix = _EXPORTS[export_format]
    audit(store, credentials.user.name, "export", export_format)
    pipe = _Pipe()
    threading.Thread(target=pipe.fill, args=(partial(produce, store),), daemon=True).start()
    name = f"casetrail-{date.today().isoformat()}.{suffix}"
    return StreamingResponse(
        pipe.chunks(),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
