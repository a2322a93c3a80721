"""The working pages: alerts; the review of persons (judge, merge, split) and of facts
(confirm, correct, reject, the verification queue); upload; audit log.

Changes to persons (judgements, merges, splits, ingest with its resolution of every stored
person) wait for one another (`resolution.changes_persons`), in this process and any other,
and each leaves an audit row saying who did what.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from casetrail import facts, pipeline, resolution
from casetrail.derive import ALERT_KINDS, Alert
from casetrail.derive.alerts import AlertKind, kept_alerts
from casetrail.domain import vocabulary
from casetrail.present.review import _judged_line, _sentence_parts
from casetrail.present.serialize import fact_json, other_fact_json
from casetrail.present.web.auth import safe_next
from casetrail.present.web.deps import Admin, DocumentId, Editor, PageNumber, StoreDep, Viewer
from casetrail.present.web.pages_common import evidence_href, pager, person_href, wants_json
from casetrail.present.web.templating import render
from casetrail.present.web.throttle import ACCOUNT, ADDRESS, LoginThrottle, unlock
from casetrail.read import SUPPORTED_SUFFIXES
from casetrail.store import Store, read_model
from casetrail.store.accounts import audit, audit_log, login_failures
from casetrail.store.reviews import FactRef

router = APIRouter(include_in_schema=False)

ALERT_TITLES: dict[str, str] = {
    "stale_demand": "Stale demands",
    "contradiction": "Contradictions",
    "not_mentioned": "Custody cases no document names any more",
    "death_in_custody": "Deaths in custody",
    "due_for_release": "Sentences expected to have ended, no release recorded",
    "undated_document": "Undated documents",
}
ALERTS_PER_PAGE = 200
REVIEW_PAIRS = 50
MESSAGE_LENGTH = 2000  # of a message shown after a change
AUDIT_PER_PAGE = 50
MAX_FILES_PER_REQUEST = 20
# Room for the multipart headers and the form's other fields around the files.
_MULTIPART_ALLOWANCE = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# Alerts


def _day(as_of: str) -> date:
    if not as_of:
        return date.today()
    try:
        return date.fromisoformat(as_of)
    except ValueError:
        raise HTTPException(400, f"as_of must be a date YYYY-MM-DD, not {as_of!r}") from None


@router.get("/alerts")
def alerts_page(
    request: Request,
    store: StoreDep,
    _: Viewer,
    kind: Annotated[str, Query(max_length=40)] = "",
    months: Annotated[int, Query(ge=1, le=1200)] = 12,
    as_of: Annotated[str, Query(max_length=20)] = "",
    page: PageNumber = 1,
) -> Response:
    """Every alert of the database as of a day, grouped by kind, each with its sources."""
    if kind and kind not in ALERT_KINDS:
        raise HTTPException(400, f"kind must be one of {', '.join(ALERT_KINDS)}, not {kind!r}")
    day = _day(as_of)
    found = kept_alerts(
        store,
        day,
        months,
        cast(AlertKind, kind) or None,
        (page - 1) * ALERTS_PER_PAGE,
        ALERTS_PER_PAGE,
    )
    groups: list[tuple[str, list[Alert]]] = []
    for alert in found.alerts:  # alerts come sorted by kind
        if not groups or groups[-1][0] != alert.kind:
            groups.append((alert.kind, []))
        groups[-1][1].append(alert)
    filters = {"kind": kind, "months": months, "as_of": as_of}
    return render(
        request,
        "alerts.html",
        groups=groups,
        counts=found.counts,
        titles=ALERT_TITLES,
        kinds=ALERT_KINDS,
        day=day,
        pager=pager("/alerts", filters, page, ALERTS_PER_PAGE, found.total),
        evidence_href=evidence_href,
        person_href=person_href,
        updating=read_model.claimed_statuses(store),
        **filters,
    )


# Review of persons: judge, merge, split


def _review_redirect(store: Store, action: Callable[[], str]) -> RedirectResponse:
    """Run a change to persons (their statuses derived again before the answer, see
    `casetrail.facts.derive_written`); back to the review page with what it did, or why not."""
    try:
        message = {"done": action()}
    except resolution.AlreadyDecided as note:
        message = {"note": f"Nothing to do: {note}"}
    except resolution.PersonError as error:  # also a contradicting judgement
        message = {"error": str(error)}
    return RedirectResponse("/review?" + urlencode(message), status_code=303)


@router.get("/review")
def review_page(
    request: Request,
    store: StoreDep,
    _: Editor,
    done: str = "",
    note: str = "",
    error: str = "",
    unsure: bool = False,
) -> Response:
    """The pairs of persons resolution could not decide, best score first, with both sides'
    spellings, documents and sentences, and the score's explanation."""
    found = resolution.review_pairs(store, limit=REVIEW_PAIRS, include_unsure=unsure)
    return render(
        request,
        "review.html",
        found=found,
        done=done[:MESSAGE_LENGTH],
        note=note[:MESSAGE_LENGTH],
        error=error[:MESSAGE_LENGTH],
        unsure=unsure,
        sentence_parts=_sentence_parts,
        person_href=person_href,
    )


PersonId = Annotated[str, Form(min_length=1, max_length=200)]


def judge_persons(store: Store, user: str, left: str, right: str, judgement: str) -> str:
    """Judge a pair (audited): what was done, in a line."""
    judged = resolution.judge(store, left.strip(), right.strip(), judgement, user, action="review")
    audit(
        store,
        user,
        "judge",
        f"persons:{judged.left},{judged.right}",
        judgement=judgement,
        judgement_id=judged.action.judgement_ids[0],
        **({"person": judged.person_id} if judged.person_id else {}),
    )
    return _judged_line(judged).plain


def merge_persons(store: Store, user: str, a: str, b: str) -> str:
    """Merge two persons (audited)."""
    judged = resolution.merge(store, a.strip(), b.strip(), user)
    audit(
        store,
        user,
        "merge",
        f"persons:{judged.left},{judged.right}",
        judgement_id=judged.action.judgement_ids[0],
        person=judged.person_id,
    )
    return _judged_line(judged).plain


def split_person(store: Store, user: str, person: str, by: str) -> str:
    """Split a person by spelling or document (audited)."""
    done = resolution.split(store, person.strip(), user, by=by)
    parts = [part.person_id for part in done.parts]
    numbers = done.action.judgement_ids
    audit(
        store,
        user,
        "split",
        f"person:{done.person_id}",
        by=by,
        parts=parts,
        judgement_ids=list(numbers),
    )
    judgements = "judgement" if len(numbers) == 1 else "judgements"
    return (
        f"{done.person_id} split by {by} into {', '.join(parts)}; {judgements} "
        f"{', '.join(f'#{n}' for n in numbers)} record that they are different "
        f"(casetrail undo {numbers[0]} undoes the split)."
    )


@router.post("/review/judge")
def judge(
    store: StoreDep,
    credentials: Editor,
    left: PersonId,
    right: PersonId,
    judgement: Annotated[Literal["same", "different", "unsure"], Form()],
) -> Response:
    """Judge a pair: the same person (merged at once), different persons, or unsure."""
    user = credentials.user.name
    return _review_redirect(store, lambda: judge_persons(store, user, left, right, judgement))


@router.post("/persons/merge")
def merge(store: StoreDep, credentials: Editor, a: PersonId, b: PersonId) -> Response:
    """Merge two persons: the older id stays, the other redirects to it."""
    user = credentials.user.name
    return _review_redirect(store, lambda: merge_persons(store, user, a, b))


@router.post("/persons/split")
def split(
    store: StoreDep,
    credentials: Editor,
    person: PersonId,
    by: Annotated[Literal["spelling", "document"], Form()] = "spelling",
) -> Response:
    """Separate a person's records into persons, one per spelling or per document."""
    user = credentials.user.name
    return _review_redirect(store, lambda: split_person(store, user, person, by))


# Review of facts: confirm, correct, reject; the verification queue


def _fact_redirect(target: str, message: dict[str, str], anchor: str = "facts") -> RedirectResponse:
    """Back to the page a review form was on, at the section it was in (`anchor`)."""
    separator = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{separator}{urlencode(message)}#{anchor}", status_code=303)


@router.post("/facts/{event_id}/review")
def review_fact(
    request: Request,
    store: StoreDep,
    credentials: Editor,
    event_id: DocumentId,
    verdict: Annotated[Literal["confirmed", "corrected", "rejected"], Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
    event_type: Annotated[str, Form(alias="type", max_length=40)] = "",
    event_date: Annotated[str, Form(alias="date", max_length=20)] = "",
    next_page: Annotated[str, Form(alias="next", max_length=2000)] = "",
) -> Response:
    """Confirm, correct (type and/or date, with a reason) or reject an event; back to the
    page the form was on (`next`), or JSON to a request that accepts it."""
    correcting = verdict == "corrected"
    try:
        found = facts.review(
            store,
            credentials.user.name,
            event_id,
            verdict,
            reason.strip() or None,
            event_type=(event_type or None) if correcting else None,
            event_date=(event_date.strip() or None) if correcting else None,
        )
    except facts.FactError as error:
        if wants_json(request):
            raise HTTPException(422, str(error)) from None
        return _fact_redirect(safe_next(next_page), {"error": str(error)})
    if wants_json(request):
        return JSONResponse(fact_json(found))
    review = found.last_review
    done = f"Fact {event_id} ({found.event.type}): {review.describe() if review else verdict}"
    return _fact_redirect(
        safe_next(next_page or person_href(found.event.person_id)), {"done": done}
    )


@router.post("/facts/{kind}/{fact_id}/review")
def review_other_fact(
    request: Request,
    store: StoreDep,
    credentials: Editor,
    kind: Literal["role", "demand", "document-date", "document-kind"],
    fact_id: DocumentId,
    verdict: Annotated[Literal["confirmed", "corrected", "rejected"], Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
    new_type: Annotated[str, Form(alias="type", max_length=40)] = "",
    new_date: Annotated[str, Form(alias="date", max_length=20)] = "",
    next_page: Annotated[str, Form(alias="next", max_length=2000)] = "",
) -> Response:
    """Confirm, correct or reject a person's role in a document, a demand, or a document's
    date or kind; back to the page the form was on (`next`), or JSON to a request that
    accepts it."""
    correcting = verdict == "corrected"
    ref = FactRef(kind, fact_id)
    try:
        found = facts.review_any(
            store,
            credentials.user.name,
            ref,
            verdict,
            reason.strip() or None,
            new_type=(new_type or None) if correcting else None,
            new_date=(new_date.strip() or None) if correcting else None,
        )
    except facts.FactError as error:
        if wants_json(request):
            raise HTTPException(422, str(error)) from None
        return _fact_redirect(safe_next(next_page), {"error": str(error)}, "other-facts")
    assert isinstance(found, facts.OtherFact)
    if wants_json(request):
        return JSONResponse(other_fact_json(found))
    review = found.last_review
    done = f"Fact {ref} ({found.label}): {review.describe() if review else verdict}"
    target = safe_next(next_page or f"/documents/{found.document.id}")
    return _fact_redirect(target, {"done": done}, "other-facts")


QUEUE_LENGTH = 50


@router.get("/review/facts")
def fact_queue_page(
    request: Request,
    store: StoreDep,
    _: Editor,
    as_of: Annotated[str, Query(max_length=20)] = "",
    done: str = "",
    error: str = "",
) -> Response:
    """The facts to check first: unchecked facts deciding someone's status today (a death,
    release, acquittal or sentence first), facts in conflict, then the rest."""
    day = _day(as_of)
    queue, total = facts.kept_verification_queue(store, day, QUEUE_LENGTH)
    return render(
        request,
        "facts_queue.html",
        queue=queue,
        total=total,
        day=day,
        done=done[:MESSAGE_LENGTH],
        error=error[:MESSAGE_LENGTH],
        event_types=vocabulary()["event_types"],
        choices=facts.correction_choices(),
        person_href=person_href,
        evidence_href=evidence_href,
    )


# Upload


def _size(size: int) -> str:
    if size < 2**20:
        return f"{size:,} bytes"
    return f"{size / 2**20:,.1f}".removesuffix(".0") + " MB"


def _upload_context(request: Request) -> dict[str, Any]:
    limit = request.app.state.max_upload_bytes
    suffixes = sorted(SUPPORTED_SUFFIXES)
    return {
        "max_bytes": limit,
        "max_size": _size(limit),
        "max_files": MAX_FILES_PER_REQUEST,
        "suffixes": suffixes,
        "accept": ",".join(suffixes),
    }


def refuse_large_body(request: Request) -> None:
    """Refuse, before reading it, a body larger than the files a request may carry."""
    declared = request.headers.get("content-length")
    if declared is None:  # browsers send it; without it the size is unknown until read
        raise HTTPException(411, "an upload needs a Content-Length header")
    limit = request.app.state.max_upload_bytes
    if not declared.isdigit():
        raise HTTPException(400, "the Content-Length header is not a number")
    if int(declared) > limit * MAX_FILES_PER_REQUEST + _MULTIPART_ALLOWANCE:
        raise HTTPException(
            413,
            f"the upload is {_size(int(declared))}: the limit is {_size(limit)} a file, "
            f"at most {MAX_FILES_PER_REQUEST} files at a time",
        )


def _file_name(given: str) -> str:
    """The name a browser gave a file, without folders or control characters."""
    name = _CONTROL.sub("", given).replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    return name if name not in ("", ".", "..") else "upload"


@router.get("/upload")
def upload_page(request: Request, _: Editor) -> Response:
    """The upload form: files chosen or dropped are read, extracted, stored and resolved."""
    return render(request, "upload.html", results=None, warning=None, **_upload_context(request))


@dataclass(frozen=True, slots=True)
class Uploaded:
    """What an upload did: each file's outcome, the answer's status and a warning."""

    names: list[str]
    report: pipeline.IngestReport
    status: int  # 200 when a file was stored or found up to date, else 413 or 422
    warning: str | None

    def json(self) -> dict[str, Any]:
        files = [
            {
                "name": name,
                "status": outcome.status,
                "document_id": outcome.document_id,
                "reason": outcome.reason,
            }
            for name, outcome in zip(self.names, self.report.files, strict=True)
        ]
        return {"files": files, "warning": self.warning}


@dataclass(frozen=True, slots=True)
class UploadedFile:
    name: str
    data: bytes  # empty when too large
    too_large: str | None  # why it is refused, when it is over the limit


async def read_uploads(request: Request) -> list[UploadedFile]:
    """The files of a multipart request (field `files`), each read up to the upload limit."""
    limit = request.app.state.max_upload_bytes
    async with request.form(max_files=MAX_FILES_PER_REQUEST) as form:  # closed at the end
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not uploads:
            raise HTTPException(400, "no file to upload: choose one or more files")
        if len(uploads) > MAX_FILES_PER_REQUEST:
            raise HTTPException(400, f"at most {MAX_FILES_PER_REQUEST} files at a time")
        files = []
        for upload in uploads:
            name = _file_name(upload.filename or "")
            data = await upload.read(limit + 1)  # no more than it takes to know it is too large
            if len(data) > limit:
                size = _size(upload.size) if upload.size else f"over {_size(limit)}"
                reason = f"the file is {size}, over the upload limit of {_size(limit)}"
                files.append(UploadedFile(name, b"", reason))
            else:
                files.append(UploadedFile(name, data, None))
        return files


async def ingest_uploads(
    request: Request, store: Store, user: str, files: list[UploadedFile]
) -> Uploaded:
    """Ingest uploaded files as `casetrail ingest` does files, each named `upload:NAME`, and
    audit each."""
    limit = request.app.state.max_upload_bytes
    processed = [
        pipeline.Processed(Path(f.name), error=f.too_large)
        if f.too_large
        else await run_in_threadpool(pipeline.process_upload, f.data, f.name, limit)
        for f in files
    ]
    names = [f.name for f in files]
    report = await run_in_threadpool(_ingest, store, user, names, processed)
    accepted = any(outcome.status != "failed" for outcome in report.files)
    too_large = any(f.too_large for f in files)
    warning = (
        f"The documents are stored, but persons were not resolved: {report.resolution_error}"
        if report.resolution_error
        else None
    )
    return Uploaded(names, report, 200 if accepted else 413 if too_large else 422, warning)


@router.post("/upload", dependencies=[Depends(refuse_large_body)])
async def upload(request: Request, store: StoreDep, credentials: Editor) -> Response:
    """Ingest the uploaded files as `casetrail ingest` does files, each named `upload:NAME`.

    Answers JSON `{"files": [{"name", "status", "document_id", "reason"}]}` to a request that
    accepts application/json, else the upload page with the results. The status is 200 when a
    file was stored or found up to date, else 413 (a file over the limit) or 422."""
    files = await read_uploads(request)
    done = await ingest_uploads(request, store, credentials.user.name, files)
    if wants_json(request):
        return JSONResponse(done.json(), status_code=done.status)
    return render(
        request,
        "upload.html",
        status_code=done.status,
        results=list(zip(done.names, done.report.files, strict=True)),
        warning=done.warning,
        **_upload_context(request),
    )


def _ingest(
    store: Store, user: str, names: list[str], processed: list[pipeline.Processed]
) -> pipeline.IngestReport:
    # Each document's persons are resolved in its own transaction, under the persons lock
    # (`Store.persons_lock`), one at a time across processes.
    report = pipeline.ingest_documents(store, processed)
    for name, outcome in zip(names, report.files, strict=True):
        known = outcome.document_id is not None
        audit(
            store,
            user,
            "ingest",
            f"document:{outcome.document_id}" if known else f"upload:{name}",
            file=name,
            status=outcome.status,
            **({"reason": outcome.reason} if outcome.reason else {}),
        )
    return report


# Audit log


def _detail(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _target_href(target: str) -> str | None:
    """The page of what an entry is about, when it has one."""
    kind, _, key = target.partition(":")
    if kind == "document" and key.isdigit():
        return f"/documents/{key}"
    return person_href(key) if kind == "person" and key else None


@dataclass(frozen=True, slots=True)
class ThrottledLogin:
    """A name or address with wrong passwords remembered, for the audit page."""

    key: str
    failures: int
    last_at: datetime
    refused_until: datetime | None  # None: logins are tried now


def _throttled_logins(request: Request, store: Store) -> list[ThrottledLogin]:
    throttle: LoginThrottle = request.app.state.login_throttle
    now = datetime.now(UTC)
    rows = []
    for count in login_failures(store, throttle.forget_before(now)):
        until = throttle.locked_until(count)
        rows.append(
            ThrottledLogin(count.key, count.failures, count.last_at, until if until > now else None)
        )
    return rows


@router.get("/audit")
def audit_page(
    request: Request,
    store: StoreDep,
    _: Admin,
    page: PageNumber = 1,
) -> Response:
    """Who logged in, ingested, judged, merged, split or exported what, newest first; and
    who is being refused logins after wrong passwords."""
    total, entries = audit_log(store, limit=AUDIT_PER_PAGE, offset=(page - 1) * AUDIT_PER_PAGE)
    return render(
        request,
        "audit.html",
        entries=entries,
        throttled=_throttled_logins(request, store),
        pager=pager("/audit", {}, page, AUDIT_PER_PAGE, total),
        detail=_detail,
        when=_when,
        target_href=_target_href,
    )


@router.post("/audit/unlock")
def unlock_login(
    store: StoreDep,
    credentials: Admin,
    key: Annotated[str, Form(min_length=1, max_length=250, pattern=f"^({ACCOUNT}|{ADDRESS})")],
) -> Response:
    """Forget the wrong passwords of a name or address: its logins are tried again at once."""
    unlock(store, key, credentials.user.name)
    return RedirectResponse("/audit", status_code=303)
