"""Advocates: who writes about whom (a network drawn on the server, and a table), and each
advocate's page with the persons they wrote about and who could co-sign with them.

An advocate writes about the persons of concern of the documents naming them as advocate, as
`derive.advocate_record` has it; the listing and the co-signers read the counts kept on write
(`casetrail.store.aggregates`), so that they stay quick over a hundred thousand documents.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote
from weakref import WeakKeyDictionary

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from sqlalchemy import bindparam, func, select, tuple_
from sqlalchemy.orm import aliased

from casetrail.derive import Profile, advocate_concerns, profile, unresolved_concerns
from casetrail.derive.status import refresh_stored_statuses
from casetrail.present.web.deps import PageNumber, StoreDep, Viewer
from casetrail.present.web.network_svg import Edge, Node, bipartite_svg
from casetrail.present.web.pages_common import MAX_PER_PAGE, PER_PAGE, pager, person_href
from casetrail.present.web.templating import render
from casetrail.store import Store
from casetrail.store.aggregates import advocacy_version, refresh_advocacy
from casetrail.store.read_model import person_names
from casetrail.store.schema import (
    AdvocateConcernRow,
    AdvocateCosignerRow,
    AdvocateSummaryRow,
    PersonRow,
)

router = APIRouter(include_in_schema=False)

NETWORK_ADVOCATES = 25  # the advocates with the most documents drawn in the network
NETWORK_CONCERNS = 60  # the persons they wrote most about
FIRST_CONCERNS = 3  # named in the table
COSIGNERS = 30
SHARED_NAMED = 8  # of the persons an advocate shares with a co-signer
CONCERNS_PER_PAGE = 100
_SHARED_SLICE = 100  # of an advocate's persons, looked up at once among the co-signers'

_LINK = AdvocateConcernRow
_OTHER = aliased(AdvocateConcernRow)
_SUMMARY = AdvocateSummaryRow
_COSIGNER = AdvocateCosignerRow
_BY_NAME = (PersonRow.name, _LINK.concern_id)
# The statements of `cosigners`, made once: each made anew cost SQLAlchemy more than
# SQLite took to run it.
_RANKED = (
    select(_COSIGNER.other_id, _COSIGNER.shared, func.count().over())  # .over(): how many
    .where(_COSIGNER.advocate_id == bindparam("advocate"))
    .order_by(_COSIGNER.shared.desc(), _COSIGNER.other_id)
    .limit(COSIGNERS)
)
_MINE = (
    select(_LINK.concern_id, PersonRow.name)
    .join(PersonRow, PersonRow.id == _LINK.concern_id)
    .where(_LINK.advocate_id == bindparam("advocate"))
    .order_by(*_BY_NAME)
    .limit(bindparam("slice"))
)
_MINE_AFTER = _MINE.where(tuple_(*_BY_NAME) > tuple_(bindparam("name"), bindparam("concern")))
_LINKED = select(_OTHER.advocate_id, _OTHER.concern_id).where(
    _OTHER.concern_id.in_(bindparam("concerns", expanding=True)),
    _OTHER.advocate_id.in_(bindparam("advocates", expanding=True)),
)


def document_counts(
    store: Store, offset: int = 0, limit: int | None = None
) -> list[tuple[str, int]]:
    """The resolved advocates with the number of documents naming them, most first (from
    `offset`, at most `limit`), as stored on write."""
    statement = (
        select(_SUMMARY.person_id, _SUMMARY.documents)
        .order_by(_SUMMARY.documents.desc(), _SUMMARY.person_id)
        .offset(offset)
        .limit(limit)
    )
    return [(pid, count) for pid, count in store.fetch(statement)]


def document_totals(store: Store, advocate_ids: Collection[str]) -> dict[str, int]:
    """The number of documents naming each of these advocates as advocate, kept on write."""
    statement = select(_SUMMARY.person_id, _SUMMARY.documents).where(
        _SUMMARY.person_id.in_(sorted(advocate_ids))
    )
    return {pid: 0 for pid in advocate_ids} | dict(store.fetch(statement))


def advocates_total(store: Store) -> int:
    return store.fetch(select(func.count()).select_from(_SUMMARY))[0][0]


def concern_totals(store: Store, advocate_ids: Collection[str]) -> dict[str, int]:
    """How many persons of concern each of these advocates wrote about, kept on write."""
    statement = select(_SUMMARY.person_id, _SUMMARY.concerns).where(
        _SUMMARY.person_id.in_(sorted(advocate_ids))
    )
    return {pid: 0 for pid in advocate_ids} | dict(store.fetch(statement))


def first_concerns(store: Store, advocate_ids: Collection[str], count: int) -> dict[str, list[str]]:
    """The `count` persons each of these advocates wrote most about (most documents first):
    a few index entries each."""
    # One statement run for each advocate, compiled once: a statement built for each cost
    # more than the database's work.
    statement = (
        select(_LINK.concern_id)
        .where(_LINK.advocate_id == bindparam("advocate"))
        .order_by(_LINK.documents.desc(), _LINK.concern_id)
        .limit(count)
    )
    with store.reading() as connection:
        return {pid: list(connection.scalars(statement, {"advocate": pid})) for pid in advocate_ids}


def wrote_for(
    store: Store, advocate_ids: Collection[str], concern_ids: Collection[str]
) -> dict[str, dict[str, int]]:
    """For each of these advocates, the number of their documents about each of these
    persons of concern (those they wrote about)."""
    statement = select(_LINK.advocate_id, _LINK.concern_id, _LINK.documents).where(
        _LINK.advocate_id.in_(sorted(advocate_ids)), _LINK.concern_id.in_(sorted(concern_ids))
    )
    found: dict[str, dict[str, int]] = {pid: {} for pid in advocate_ids}
    for advocate, concern, count in store.fetch(statement):
        found[advocate][concern] = count
    return found


def profiles(store: Store, advocate_ids: Collection[str]) -> dict[str, Profile]:
    """What the documents naming these persons as advocates say they are."""
    statement = select(_SUMMARY.person_id, _SUMMARY.descriptors).where(
        _SUMMARY.person_id.in_(sorted(advocate_ids))
    )
    descriptors: dict[str, list[str]] = {pid: [] for pid in advocate_ids}
    descriptors.update(store.fetch(statement))
    return {pid: profile(found) for pid, found in descriptors.items()}


@dataclass(frozen=True, slots=True)
class Cosigner:
    """Another advocate who wrote about persons this advocate wrote about."""

    person_id: str
    shared: int  # the persons both wrote about
    named: list[tuple[str, str]]  # (id, name) of the first `SHARED_NAMED` of them by name


def cosigners(store: Store, person_id: str) -> tuple[list[Cosigner], int]:
    """The other advocates who wrote about the most persons this advocate wrote about (at
    most `COSIGNERS`, the most shared persons first), and how many other advocates did, as
    counted on write (`casetrail.store.cosigners`); the first few shared persons of each by
    name."""
    top = store.fetch(_RANKED, params={"advocate": person_id})
    wanted = {pid: min(count, SHARED_NAMED) for pid, count, _ in top}
    named: dict[str, list[tuple[str, str]]] = {pid: [] for pid in wanted}
    # This advocate's persons by name, a slice at a time, until each co-signer has its first
    # few: index probes of the slice's persons, not every link of the co-signers sorted, and
    # a slice or two of the advocate's thousands of persons read, not all of them.
    after: dict[str, str] = {}  # the name and id of the last person of the slice before
    while wanting := sorted(pid for pid, count in wanted.items() if len(named[pid]) < count):
        following = _MINE_AFTER if after else _MINE
        params = {"advocate": person_id, "slice": _SHARED_SLICE, **after}
        chunk = store.fetch(following, params=params)
        if not chunk:
            break
        params = {"concerns": [concern for concern, _ in chunk], "advocates": wanting}
        linked = {(advocate, concern) for advocate, concern in store.fetch(_LINKED, params=params)}
        for concern, name in chunk:  # in the order of names
            for pid in wanting:
                if (pid, concern) in linked and len(named[pid]) < wanted[pid]:
                    named[pid].append((concern, name))
        after = {"name": chunk[-1][1], "concern": chunk[-1][0]}
    found = [Cosigner(pid, count, named[pid]) for pid, count, _ in top]
    return found, top[0][2] if top else 0


def drawn_concerns(store: Store, advocate_ids: Collection[str]) -> tuple[list[str], int]:
    """The persons these advocates wrote most about (as many as the network draws), and the
    number of persons they wrote about in all."""
    drawn = (
        select(_LINK.concern_id, func.count().over())  # the number of them, in one pass
        .where(_LINK.advocate_id.in_(sorted(advocate_ids)))
        .group_by(_LINK.concern_id)
        .order_by(func.sum(_LINK.documents).desc(), _LINK.concern_id)
        .limit(NETWORK_CONCERNS)
    )
    found = store.fetch(drawn)
    return [pid for pid, _ in found], found[0][1] if found else 0


@dataclass(frozen=True, slots=True)
class NetworkCounts:
    """What the network draws, as the advocacy counts of one version have it."""

    top: tuple[tuple[str, int], ...]  # the advocates with the most documents, and how many
    drawn: tuple[str, ...]  # the persons of concern they wrote most about
    concerns_total: int  # the persons of concern they wrote about in all
    concerns: dict[str, dict[str, int]]  # `wrote_for` the top advocates and drawn persons


# Per store: (version of the advocacy counts, the network's counts at that version). Every
# request of the advocates page draws the same network until a write changes the counts.
_networks: WeakKeyDictionary[Store, tuple[int, NetworkCounts]] = WeakKeyDictionary()


def network_counts(store: Store) -> NetworkCounts:
    """The network's counts, read again only when the advocacy counts have changed (the
    version is read first: counts newer than it are read again on the next request)."""
    version = advocacy_version(store)
    kept = _networks.get(store)
    if kept is not None and kept[0] == version:
        return kept[1]
    top = document_counts(store, limit=NETWORK_ADVOCATES)
    top_ids = [pid for pid, _ in top]
    drawn, concerns_total = drawn_concerns(store, top_ids)
    concerns = wrote_for(store, top_ids, drawn)
    counts = NetworkCounts(tuple(top), tuple(drawn), concerns_total, concerns)
    _networks[store] = (version, counts)
    return counts


# Per store: the network drawn last, and the counts, persons' totals and names it was drawn
# from; drawn again only when one of them changed (a name may change without the counts).
_drawings: WeakKeyDictionary[
    Store, tuple[NetworkCounts, dict[str, int], dict[str, str], Markup]
] = WeakKeyDictionary()


def drawn_network(
    store: Store, counted: NetworkCounts, totals: dict[str, int], names: dict[str, str]
) -> Markup:
    """`network` of these counts, drawn once for as long as they and the names stay."""
    shown = [pid for pid, _ in counted.top]
    totals = {pid: totals[pid] for pid in shown}
    names = {pid: names[pid] for pid in (*shown, *counted.drawn) if pid in names}
    kept = _drawings.get(store)
    if kept is not None and kept[0] is counted and kept[1] == totals and kept[2] == names:
        return kept[3]
    svg = network(counted.top, counted.drawn, counted.concerns, totals, names)
    _drawings[store] = (counted, totals, names, svg)
    return svg


def refresh_counts(store: Store) -> None:
    """The counts brought up to date with the persons written since."""
    refresh_stored_statuses(store)  # hands its marks on to the advocacy counts
    refresh_advocacy(store)


def advocate_href(person_id: str) -> str:
    return f"/advocates/{quote(person_id, safe='')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def network(
    top: Sequence[tuple[str, int]],
    drawn: Sequence[str],
    concerns: dict[str, dict[str, int]],
    totals: dict[str, int],
    names: dict[str, str],
) -> Markup:
    """The SVG of the `top` advocates (with their numbers of documents and of persons of
    concern, `totals`) and the `drawn` persons of concern (`concerns`: the documents of each
    advocate about each)."""
    left = [
        Node(
            pid,
            names.get(pid, pid),
            advocate_href(pid),
            f"{names.get(pid, pid)}: {_plural(documents, 'document')}, "
            f"{_plural(totals[pid], 'person')} of concern",
        )
        for pid, documents in top
    ]
    right = [Node(pid, names.get(pid, pid), person_href(pid)) for pid in drawn]
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
    refresh_counts(store)
    counted = network_counts(store)
    top, drawn = counted.top, counted.drawn
    listed = document_counts(store, (page - 1) * per_page, per_page)
    total = advocates_total(store)
    advocate_ids = {pid for pid, _ in (*top, *listed)}
    totals = concern_totals(store, advocate_ids)
    first = first_concerns(store, [pid for pid, _ in listed], FIRST_CONCERNS)
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
            "concerns": totals[pid],
            "first_concerns": [
                {"name": names.get(c, c), "href": person_href(c)} for c in first[pid]
            ],
        }
        for pid, documents in listed
    ]
    return render(
        request,
        "advocates.html",
        svg=drawn_network(store, counted, totals, names) if top else None,
        advocates_total=total,
        advocates_drawn=len(top),
        concerns_total=counted.concerns_total,
        concerns_drawn=len(drawn),
        rows=rows,
        pager=pager("/advocates", {}, page, per_page, total),
    )


def _cosigner_rows(store: Store, person_id: str) -> tuple[list[dict[str, Any]], int]:
    """The first co-signers, the most shared persons first, and how many there are."""
    found, total = cosigners(store, person_id)
    ids = [cosigner.person_id for cosigner in found]
    names = person_names(store, ids)
    described = profiles(store, ids)
    rows = [
        {
            "name": names.get(c.person_id, c.person_id),
            "href": advocate_href(c.person_id),
            "profile": described[c.person_id],
            "shared": c.shared,
            "persons": [{"name": name, "href": person_href(pid)} for pid, name in c.named],
        }
        for c in found
    ]
    return rows, total


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
    refresh_counts(store)  # writes: before the snapshot
    with store.snapshot():  # some twenty queries, one session
        concerns, concerns_total = advocate_concerns(
            store, canonical, (page - 1) * CONCERNS_PER_PAGE, CONCERNS_PER_PAGE
        )
        [documents] = document_totals(store, [canonical]).values()
        rows, cosigners_total = _cosigner_rows(store, canonical)
        return render(
            request,
            "advocate.html",
            name=person_names(store, [canonical]).get(canonical, canonical),
            profile=profiles(store, [canonical])[canonical],
            person_href=person_href(canonical),
            concerns=[
                {"name": c.name, "href": person_href(c.person_id), "documents": c.documents}
                for c in concerns
            ],
            concerns_total=concerns_total,
            unresolved=unresolved_concerns(store, canonical),
            pager=pager(advocate_href(canonical), {}, page, CONCERNS_PER_PAGE, concerns_total),
            documents=documents,
            cosigners=rows,
            cosigners_total=cosigners_total,
        )
