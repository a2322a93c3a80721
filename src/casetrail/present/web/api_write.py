"""The JSON API's writes under /api/v1, for editors and admins: upload documents, review a
fact, add a fact or a person of concern by hand, judge, merge and split persons.

Authenticate with `Authorization: Bearer TOKEN` (POST /api/v1/session); a browser session
works too, with its CSRF token in the X-CSRF-Token header. Every write is in the audit log.
An upload sent with an `Idempotency-Key` header is done once: a retry with the same key and
the same files gets the first answer again; the same key with other files is refused (422).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from casetrail import facts, resolution
from casetrail.derive import PersonLookupError
from casetrail.present.serialize import fact_json, other_fact_json
from casetrail.present.web import pages_work
from casetrail.present.web.api import NOT_FOUND, PersonId, _error, bearer, known_parameters
from casetrail.present.web.api_models import (
    AddedOut,
    DoneOut,
    ErrorOut,
    FactOut,
    JudgeIn,
    ManualEventIn,
    ManualPersonIn,
    MergeIn,
    OtherFactOut,
    OtherReviewIn,
    PersonFactsOut,
    ReviewIn,
    SplitIn,
    UploadOut,
)
from casetrail.present.web.deps import DocumentId, Editor, StoreDep, Viewer
from casetrail.store import Store
from casetrail.store.accounts import ApiAnswer, answer_of, remember_answer
from casetrail.store.reviews import FactKind, FactRef

router = APIRouter(
    prefix="/api/v1",
    tags=["review"],
    dependencies=[Depends(bearer), Depends(known_parameters)],
    responses={
        400: _error("The body cannot be read (not JSON, or broken multipart)."),
        401: _error("Not logged in."),
        403: _error("Not an editor, or a browser session without its CSRF token."),
        422: _error("The request is not valid, or the change cannot be made."),
    },
)
CONFLICT: dict[int | str, dict[str, Any]] = {
    404: _error("No such person."),
    409: _error("Already decided so, or a judgement says otherwise."),
}


def _added(added: facts.Added) -> dict[str, Any]:
    return {
        "document_id": added.document_id,
        "person_id": added.person_id,
        "fact": fact_json(added.event) if added.event else None,
    }


@router.post(
    "/facts/{event_id}/review",
    response_model=FactOut,
    responses=NOT_FOUND | {409: _error("The fact already says so.")},
)
def review_fact(store: StoreDep, credentials: Editor, event_id: DocumentId, body: ReviewIn) -> Any:
    """Confirm, correct or reject a fact (an event, by the id `/events` and the timelines
    give). The review is kept append-only and survives re-extraction; a rejected fact counts
    nowhere (status, timelines, alerts, exports)."""
    _known_fact(store, event_id)
    correcting = body.verdict == "corrected"
    try:
        found = facts.review(
            store,
            credentials.user.name,
            event_id,
            body.verdict,
            body.reason,
            event_type=body.type if correcting else None,
            event_date=body.date if correcting else None,
        )
    except facts.AlreadyReviewed as error:
        raise HTTPException(409, str(error)) from None
    except facts.FactError as error:
        raise HTTPException(422, str(error)) from None
    return fact_json(found)


def _known_fact(store: Store, event_id: int) -> None:
    try:
        facts.fact(store, event_id)
    except facts.FactError as error:
        raise HTTPException(404, str(error)) from None


@router.get("/persons/{person_id}/facts", response_model=PersonFactsOut, responses=NOT_FOUND)
def person_facts(store: StoreDep, _: Viewer, person_id: PersonId) -> Any:
    """A person's facts with their ids, verification states and reviews: their events (ids
    for `/facts/{id}/review`), their roles (`/roles/{id}/review`), the demands made for them
    (`/demands/{id}/review`), their documents' dates and kinds (`/documents/{id}/date/review`,
    `/documents/{id}/kind/review`); rejected ones included."""
    canonical = store.canonical_person_id(person_id)
    if canonical is None:
        raise HTTPException(404, f"no person {person_id!r}")
    return {
        "events": [fact_json(found) for found in facts.person_facts(store, canonical)],
        "others": [other_fact_json(found) for found in facts.other_facts(store, canonical)],
    }


def _review_other(
    store: Store, credentials: Editor, kind: FactKind, fact_id: int, body: OtherReviewIn
) -> Any:
    ref = FactRef(kind, fact_id)
    try:
        facts.other_fact(store, ref)
    except facts.FactError as error:
        raise HTTPException(404, str(error)) from None
    correcting = body.verdict == "corrected"
    try:
        found = facts.review_any(
            store,
            credentials.user.name,
            ref,
            body.verdict,
            body.reason,
            new_type=body.type if correcting else None,
            new_date=body.date if correcting else None,
        )
    except facts.AlreadyReviewed as error:
        raise HTTPException(409, str(error)) from None
    except facts.FactError as error:
        raise HTTPException(422, str(error)) from None
    assert isinstance(found, facts.OtherFact)
    return other_fact_json(found)


OTHER_REVIEW: dict[str, Any] = {
    "response_model": OtherFactOut,
    "responses": NOT_FOUND | {409: _error("The fact already says so.")},
}


@router.post("/roles/{record_id}/review", **OTHER_REVIEW)
def review_role(
    store: StoreDep, credentials: Editor, record_id: DocumentId, body: OtherReviewIn
) -> Any:
    """Confirm, correct (`type`: concern, advocate, addressee, official, other) or reject a
    person's role in a document (a person record, by the id `casetrail facts` gives as
    role:ID). A rejected role "concern" no longer makes them a person of concern there."""
    return _review_other(store, credentials, "role", record_id, body)


@router.post("/demands/{demand_id}/review", **OTHER_REVIEW)
def review_demand(
    store: StoreDep, credentials: Editor, demand_id: DocumentId, body: OtherReviewIn
) -> Any:
    """Confirm, correct (`type`: the action; `date`) or reject a demand; a rejected demand
    counts nowhere (advocacy, the alerts on unanswered demands)."""
    return _review_other(store, credentials, "demand", demand_id, body)


@router.post("/documents/{document_id}/date/review", **OTHER_REVIEW)
def review_document_date(
    store: StoreDep, credentials: Editor, document_id: DocumentId, body: OtherReviewIn
) -> Any:
    """Confirm, correct (`date`, or "unknown") or reject a document's date; the dates taken
    from it (an event dated by the document, a day given without its year) follow."""
    return _review_other(store, credentials, "document-date", document_id, body)


@router.post("/documents/{document_id}/kind/review", **OTHER_REVIEW)
def review_document_kind(
    store: StoreDep, credentials: Editor, document_id: DocumentId, body: OtherReviewIn
) -> Any:
    """Confirm, correct (`type`: letter, resolution, press_release, news...) or reject a
    document's kind."""
    return _review_other(store, credentials, "document-kind", document_id, body)


@router.post(
    "/persons/{person_id}/events",
    response_model=AddedOut,
    status_code=201,
    responses=NOT_FOUND,
)
def add_event(
    store: StoreDep, credentials: Editor, person_id: PersonId, body: ManualEventIn
) -> Any:
    """Add an event to a person by hand, with its source (a note and/or a link): the note is
    kept as a small document of kind `note`, cited as the fact's evidence."""
    canonical = store.canonical_person_id(person_id)
    if canonical is None:
        raise HTTPException(404, f"no person {person_id!r}")
    try:
        added = facts.add_event(
            store,
            credentials.user.name,
            canonical,
            body.type,
            source=body.source,
            url=body.url,
            event_date=body.date,
            detail=body.detail,
        )
    except (facts.FactError, PersonLookupError) as error:
        raise HTTPException(422, str(error)) from None
    return _added(added)


@router.post("/persons", response_model=AddedOut, status_code=201)
def add_person(store: StoreDep, credentials: Editor, body: ManualPersonIn) -> Any:
    """Add a person of concern no document names yet, with the source they are known from."""
    try:
        added = facts.add_person(
            store, credentials.user.name, body.name, source=body.source, url=body.url
        )
    except facts.FactError as error:
        raise HTTPException(422, str(error)) from None
    return _added(added)


def _persons_change(store: Store, person_ids: Sequence[str], change: Any) -> dict[str, str]:
    """Run a change to persons (their statuses derived again before the answer:
    `casetrail.facts.derive_written`): 404 for an unknown person, 409 when the change is
    already made or contradicts a judgement, 422 when it cannot be made."""
    for person_id in person_ids:
        if store.canonical_person_id(person_id.strip()) is None:
            raise HTTPException(404, f"no person {person_id!r}")
    try:
        return {"message": change()}
    except resolution.AlreadyDecided as note:
        raise HTTPException(409, f"nothing to do: {note}") from None
    except resolution.ContradictoryJudgement as error:
        raise HTTPException(409, str(error)) from None
    except resolution.PersonError as error:
        raise HTTPException(422, str(error)) from None


@router.post("/persons/judge", response_model=DoneOut, responses=CONFLICT)
def judge(store: StoreDep, credentials: Editor, body: JudgeIn) -> Any:
    """Judge two persons: the same (merged at once), different (kept apart by every later
    resolution) or unsure. Judgements are append-only and can be undone (`casetrail undo`)."""
    user = credentials.user.name
    return _persons_change(
        store,
        (body.left, body.right),
        lambda: pages_work.judge_persons(store, user, body.left, body.right, body.judgement),
    )


@router.post("/persons/merge", response_model=DoneOut, responses=CONFLICT)
def merge(store: StoreDep, credentials: Editor, body: MergeIn) -> Any:
    """Merge two persons: the older id stays, the other redirects to it."""
    user = credentials.user.name
    return _persons_change(
        store, (body.a, body.b), lambda: pages_work.merge_persons(store, user, body.a, body.b)
    )


@router.post("/persons/split", response_model=DoneOut, responses=CONFLICT)
def split(store: StoreDep, credentials: Editor, body: SplitIn) -> Any:
    """Separate a person's records into persons, one per spelling or per document."""
    user = credentials.user.name
    return _persons_change(
        store, (body.person,), lambda: pages_work.split_person(store, user, body.person, body.by)
    )


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 20,
                            "items": {"type": "string", "format": "binary"},
                            "description": "Up to 20 files (.txt .md .html .pdf .docx .eml).",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/documents",
    response_model=UploadOut,
    dependencies=[Depends(pages_work.refuse_large_body)],
    openapi_extra=UPLOAD_BODY,
    responses={
        400: _error("No file, too many, or a body that cannot be read."),
        411: _error("No Content-Length header."),
        413: {
            "model": UploadOut | ErrorOut,
            "description": "A file over the upload limit, and none stored (or the request is).",
        },
        422: {
            "model": UploadOut | ErrorOut,
            "description": "No file could be stored (each file says why), or not a valid request.",
        },
    },
)
async def upload_documents(
    request: Request,
    store: StoreDep,
    credentials: Editor,
    idempotency_key: Annotated[
        str | None,
        Header(
            min_length=1,
            max_length=200,
            description="Any unique string: a retry with the same key is answered, not redone.",
        ),
    ] = None,
) -> Response:
    """Ingest documents as `casetrail ingest` does (multipart field `files`): read, extract,
    store (the same content once, by SHA-256), and resolve their persons with those stored.
    Each file's status: stored, unchanged or failed (with the reason). 200 when a file was
    stored or found up to date; else 413 (over the limit) or 422."""
    user = credentials.user.name
    files = await pages_work.read_uploads(request)
    fingerprint = hashlib.sha256()
    for file in files:
        fingerprint.update(f"{file.name}\0{hashlib.sha256(file.data).hexdigest()}\0".encode())
    if idempotency_key is not None:
        kept = answer_of(store, user, idempotency_key)
        if kept is not None:
            return _replayed(kept, fingerprint.hexdigest())
    done = await pages_work.ingest_uploads(request, store, user, files)
    answer = ApiAnswer(fingerprint.hexdigest(), done.status, done.json())
    if idempotency_key is not None:
        answer = remember_answer(store, user, idempotency_key, answer)
    return JSONResponse(answer.body, status_code=answer.status)


def _replayed(kept: ApiAnswer, fingerprint: str) -> Response:
    if kept.fingerprint != fingerprint:
        raise HTTPException(422, "this Idempotency-Key was used for other files: use a new key")
    return JSONResponse(kept.body, status_code=kept.status, headers={"Idempotent-Replayed": "true"})
