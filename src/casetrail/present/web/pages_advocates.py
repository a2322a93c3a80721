"""Advocates: who writes about whom (a network drawn on the server, and a table), and each
advocate's page with the persons they wrote about and who could co-sign with them.

An advocate writes about the persons of concern of the documents naming them as advocate, as
`derive.advocate_record` has it; the listing and the co-signers are counted in the database,
so that they stay quick over a hundred thousand documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import aliased

from casetrail.derive import Profile, advocate_record, profile
from casetrail.present.web.deps import PageNumber, StoreDep, Viewer
from casetrail.present.web.network_svg import Edge, Node, bipartite_svg
from casetrail.present.web.pages_common import MAX_PER_PAGE, PER_PAGE, pager, person_href
from casetrail.present.web.templating import render
from casetrail.store import Store
from casetrail.store.read_model import person_names
from casetrail.store.schema import PersonRecordRow

router = APIRouter(include_in_schema=False)

NETWORK_ADVOCATES = 25  # the advocates with the most documents drawn in the network
NETWORK_CONCERNS = 60  # the persons they wrote most about
FIRST_CONCERNS = 3  # named in the table
COSIGNERS = 30
CONCERNS_PER_PAGE = 100

_ADVOCATE = aliased(PersonRecordRow)
_CONCERN = aliased(PersonRecordRow)
# The persons of concern of an advocate's documents.
_WROTE_FOR = and_(
    _CONCERN.document_id == _ADVOCATE.document_id,
    _CONCERN.role == "concern",
    _CONCERN.person_id.is_not(None),
)


def document_counts(store: Store) -> list[tuple[str, int]]:
    """Every resolved advocate with the number of documents naming them, most first."""
    # Grouped by an expression, not the indexed column: SQLite would otherwise walk the
    # index and read the table out of order, five times slower.
    key = func.coalesce(PersonRecordRow.person_id, "")
    statement = (
        select(key, func.count(distinct(PersonRecordRow.document_id)))
        .where(PersonRecordRow.role == "advocate")
        .group_by(key)
    )
    counts = [(pid, count) for pid, count in store.fetch(statement) if pid]
    return sorted(counts, key=lambda item: (-item[1], item[0]))


def wrote_for(store: Store, advocate_ids: Collection[str]) -> dict[str, dict[str, int]]:
    """For each of these advocates, the persons of concern of their documents, with the
    number of documents about each."""
    statement = (
        select(_ADVOCATE.person_id, _CONCERN.person_id, func.count(distinct(_ADVOCATE.document_id)))
        .join(_CONCERN, _WROTE_FOR)
        .where(_ADVOCATE.role == "advocate", _ADVOCATE.person_id.in_(sorted(advocate_ids)))
        .group_by(_ADVOCATE.person_id, _CONCERN.person_id)
    )
    found: dict[str, dict[str, int]] = {pid: {} for pid in advocate_ids}
    for advocate, concern, count in store.fetch(statement):
        found[advocate][concern] = count
    return found


def profiles(store: Store, advocate_ids: Collection[str]) -> dict[str, Profile]:
    """What the documents naming these persons as advocates say they are."""
    statement = (
        select(PersonRecordRow.person_id, PersonRecordRow.descriptors)
        .where(
            PersonRecordRow.role == "advocate",
            PersonRecordRow.person_id.in_(sorted(advocate_ids)),
        )
        .order_by(PersonRecordRow.id)
    )
    descriptors: dict[str, list[str]] = {pid: [] for pid in advocate_ids}
    for pid, found in store.fetch(statement):
        descriptors[pid] += found or ()
    return {pid: profile(found) for pid, found in descriptors.items()}


def cosigners(store: Store, person_id: str) -> dict[str, set[str]]:
    """The other advocates who wrote about persons this advocate wrote about, with those
    persons."""
    own = select(_CONCERN.person_id).join(_ADVOCATE, _WROTE_FOR)
    own = own.where(_ADVOCATE.role == "advocate", _ADVOCATE.person_id == person_id)
    statement = (
        select(_ADVOCATE.person_id, _CONCERN.person_id)
        .join(_CONCERN, _WROTE_FOR)
        .where(
            _ADVOCATE.role == "advocate",
            _ADVOCATE.person_id.is_not(None),
            _ADVOCATE.person_id != person_id,
            _CONCERN.person_id.in_(own.scalar_subquery()),
        )
        .distinct()
    )
    found: defaultdict[str, set[str]] = defaultdict(set)
    for advocate, concern in store.fetch(statement):
        found[advocate].add(concern)
    return found


def advocate_href(person_id: str) -> str:
    return f"/advocates/{quote(person_id, safe='')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _ranked(weights: dict[str, int]) -> list[str]:
    return sorted(weights, key=lambda pid: (-weights[pid], pid))


def drawn_concerns(
    top: list[tuple[str, int]], concerns: dict[str, dict[str, int]]
) -> tuple[list[str], int]:
    """The persons the `top` advocates wrote most about (as many as the network draws), and
    the number of persons they wrote about in all."""
    weight: defaultdict[str, int] = defaultdict(int)
    for advocate, _ in top:
        for pid, count in concerns[advocate].items():
            weight[pid] += count
    return _ranked(weight)[:NETWORK_CONCERNS], len(weight)


def network(
    top: list[tuple[str, int]],
    drawn: list[str],
    concerns: dict[str, dict[str, int]],
    names: dict[str, str],
) -> Markup:
    """The SVG of the `top` advocates (with their numbers of documents) and the `drawn`
    persons of concern."""
    left = [
        Node(
            pid,
            names.get(pid, pid),
            advocate_href(pid),
            f"{names.get(pid, pid)}: {_plural(documents, 'document')}, "
            f"{_plural(len(concerns[pid]), 'person')} of concern",
        )
        for pid, documents in top
    ]
    right = [Node(pid, names.get(pid, pid), person_href(pid)) for pid in drawn]
    shown = set(drawn)
    edges = [
        Edge(
            advocate,
            pid,
            count,
            f"{names.get(advocate, advocate)} → {names.get(pid, pid)}: "
            f"{_plural(count, 'document')}",
        )
        for advocate, _ in top
        for pid, count in sorted(concerns[advocate].items())
        if pid in shown
    ]
    return bipartite_svg(
        left,
        right,
        edges,
        title="Advocates and the persons of concern they wrote about",
        headings=("Advocates", "Persons of concern"),
    )


@router.get("/advocates")
def advocates_page(
    request: Request,
    credentials: Viewer,
    store: StoreDep,
    page: PageNumber = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> Response:
    """The network of the advocates with the most documents and the persons they wrote
    about, and the table of every advocate."""
    counts = document_counts(store)
    top = counts[:NETWORK_ADVOCATES]
    listed = counts[(page - 1) * per_page : page * per_page]
    advocate_ids = {pid for pid, _ in (*top, *listed)}
    concerns = wrote_for(store, advocate_ids)
    first = {pid: _ranked(concerns[pid])[:FIRST_CONCERNS] for pid, _ in listed}
    drawn, concerns_total = drawn_concerns(top, concerns)
    names = person_names(
        store, advocate_ids | set(drawn) | {c for found in first.values() for c in found}
    )
    described = profiles(store, {pid for pid, _ in listed})
    rows = [
        {
            "href": advocate_href(pid),
            "name": names.get(pid, pid),
            "profile": described[pid],
            "documents": documents,
            "concerns": len(concerns[pid]),
            "first_concerns": [
                {"name": names.get(c, c), "href": person_href(c)} for c in first[pid]
            ],
        }
        for pid, documents in listed
    ]
    return render(
        request,
        "advocates.html",
        svg=network(top, drawn, concerns, names) if top else None,
        advocates_total=len(counts),
        advocates_drawn=len(top),
        concerns_total=concerns_total,
        concerns_drawn=len(drawn),
        rows=rows,
        pager=pager("/advocates", {}, page, per_page, len(counts)),
    )


def _cosigner_rows(store: Store, person_id: str) -> tuple[list[dict[str, Any]], int]:
    """The first co-signers, the most shared persons first, and how many there are."""
    found = cosigners(store, person_id)
    ranked = sorted(found, key=lambda pid: (-len(found[pid]), pid))[:COSIGNERS]
    shared = {pid: found[pid] for pid in ranked}
    names = person_names(store, set(ranked) | {c for persons in shared.values() for c in persons})
    described = profiles(store, ranked)
    rows = [
        {
            "name": names.get(pid, pid),
            "href": advocate_href(pid),
            "profile": described[pid],
            "persons": [
                {"name": names.get(c, c), "href": person_href(c)}
                for c in sorted(shared[pid], key=lambda c: names.get(c, c))
            ],
        }
        for pid in ranked
    ]
    return rows, len(found)


@router.get("/advocates/{person_id}")
def advocate_page(
    request: Request,
    person_id: str,
    credentials: Viewer,
    store: StoreDep,
    page: PageNumber = 1,
) -> Response:
    """Whom an advocate has written about, in which documents, and who could co-sign."""
    canonical = store.canonical_person_id(person_id)
    if canonical is None:
        raise HTTPException(404, f"no person {person_id!r}")
    if canonical != person_id:
        return RedirectResponse(advocate_href(canonical), status_code=303)
    record = advocate_record(store, canonical)
    shown = record.concerns[(page - 1) * CONCERNS_PER_PAGE : page * CONCERNS_PER_PAGE]
    rows, cosigners_total = _cosigner_rows(store, canonical)
    return render(
        request,
        "advocate.html",
        record=record,
        person_href=person_href(canonical),
        concerns=[
            {"name": c.name, "href": person_href(c.person_id), "documents": c.documents}
            for c in shown
        ],
        pager=pager(advocate_href(canonical), {}, page, CONCERNS_PER_PAGE, len(record.concerns)),
        documents=len({d.id for concern in record.concerns for d in concern.documents}),
        cosigners=rows,
        cosigners_total=cosigners_total,
    )
