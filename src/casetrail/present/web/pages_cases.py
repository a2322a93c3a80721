"""The case pages: search over documents and persons, the persons table (and its CSV), and
one person's page (status with its evidence, an SVG timeline, conflicts, advocacy, alerts)."""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import threading
import time
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, NamedTuple, get_args
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse
from markupsafe import Markup, escape
from sqlalchemy import (
    Select,
    bindparam,
    case,
    distinct,
    func,
    select,
)
from sqlalchemy.orm import aliased

from casetrail import facts
from casetrail.derive import (
    STATUSES,
    advocacy_page,
    advocate_concerns,
    kept_person_alerts,
    profile,
    ranked_spellings,
)
from casetrail.derive.case_record import (
    CASE_COLUMNS,
    case_matches,
    case_records,
    column_values,
    sorted_by_case,
)
from casetrail.derive.status import (
    StatusAsOf,
    refresh_stored_statuses,
    stored_status,
    stored_status_names,
)
from casetrail.derive.terms import sentence_term
from casetrail.derive.timeline import Conflict
from casetrail.domain import PartialDate, Role, vocabulary
from casetrail.export.dossier import entry_date
from casetrail.present.web.deps import PageNumber, StoreDep, Viewer
from casetrail.present.web.pages_advocates import advocate_href, refresh_counts
from casetrail.present.web.pages_common import (
    MAX_PER_PAGE,
    PER_PAGE,
    Pager,
    evidence_href,
    linked_pager,
    pager,
    person_href,
)
from casetrail.present.web.templating import render, templates
from casetrail.present.web.timeline_svg import COLOURS, kept_timeline_svg
from casetrail.store import SearchAnswer, Store, read_model
from casetrail.store.accounts import audit
from casetrail.store.aggregates import refresh_facets
from casetrail.store.read_model import (
    DocumentPerson,
    DocumentRef,
    EventFact,
    Source,
)
from casetrail.store.schema import (
    DocumentRow,
    PersonRecordRow,
    PersonRoleRow,
    PersonRow,
    PersonStatusRow,
)
from casetrail.store.search import Markers

router = APIRouter(include_in_schema=False)

ROLES: tuple[str, ...] = get_args(Role)
SORTS = ("name", "status", "since", "last_mention", "interventions", *CASE_COLUMNS)
ORDERS = ("asc", "desc")
SEARCH_DOCUMENTS = 50  # the best documents a search lists (and counts in its facets)
SEARCH_PERSONS = 100
FACETS = ("status", "role", "country", "kind", "year")
UNDATED = "undated"
UNKNOWN_KIND = "unknown"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
AnySelect = Select[*tuple[Any, ...]]
_CHUNK = 1000  # ids per IN (...) list: within every database's limit on parameters
# Spreadsheets run cells starting with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def evidence_url(source: Source) -> str:
    """The document page scrolled to the span of text a fact was read from."""
    return evidence_href(source.document.id, source.start, source.end)


templates.env.filters["cases_evidence_url"] = evidence_url
templates.env.filters["cases_person_url"] = person_href
templates.env.filters["cases_advocate_url"] = advocate_href
templates.env.filters["cases_entry_date"] = entry_date


# Search snippets ---------------------------------------------------------------------------


def new_markers() -> Markers:
    """Markers for the hits of one search: random, so no document text can forge them."""
    token = secrets.token_hex(8)
    return f"\ue000{token}\ue001", f"\ue002{token}\ue003"


def highlight_snippet(snippet: str, markers: Markers) -> Markup:
    """A search snippet as HTML: its text escaped, the hits between the markers in <mark>.

    Only the markers become tags, always balanced; everything else in the snippet (document
    text, hostile) is escaped.
    """
    start, end = markers
    out: list[str] = []
    inside = False
    for piece in re.split(f"({re.escape(start)}|{re.escape(end)})", snippet):
        if piece == start:
            if not inside:
                out.append("<mark>")
            inside = True
        elif piece == end:
            if inside:
                out.append("</mark>")
            inside = False
        else:
            out.append(str(escape(piece)))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))


# Queries -----------------------------------------------------------------------------------


def matching_persons(store: Store, query: str) -> dict[str, str]:
    """The persons a name query finds, id -> name: those with a spelling whose words match
    every word of the query once both are folded as resolution folds names (case, accents,
    script, word order, declension and common spelling variants aside: "Shulga" finds
    "Шульга"), through the database's index of folded spellings."""
    persons, _ = store.named_persons(query, limit=None)
    return {person.id: person.name for person in persons}


ANY_ROLE = "any"  # the persons table's role filter to show every role (the default: concern)


@dataclass(frozen=True, slots=True)
class PersonFilter:
    """One view of the persons table: filters, order and page."""

    as_of: date
    status: str = ""
    role: str = ""
    q: str = ""
    sort: str = "name"
    order: str = "asc"
    page: int = 1
    per_page: int = PER_PAGE
    article: str = ""  # charged under this article ("405": any part)
    release: str = ""  # sentence expected to end in this year or month

    @property
    def by_case(self) -> bool:
        """Whether the view filters or orders by case facts (then everyone's are read)."""
        return bool(self.article or self.release) or self.sort in CASE_COLUMNS

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query parameters of this view (with changes), the empty ones left out."""
        values = {
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "role": self.role or ANY_ROLE,
            "q": self.q,
            "sort": self.sort,
            "order": self.order,
            "page": self.page,
            "per_page": self.per_page,
            "article": self.article,
            "release": self.release,
        } | changes
        return {name: value for name, value in values.items() if value not in ("", None)}


@dataclass(frozen=True, slots=True)
class ListedPerson:
    """A row of the persons table."""

    person_id: str
    name: str
    roles: tuple[str, ...]
    interventions: int  # documents presenting the person as a person of concern
    last_mention: PartialDate | None  # the latest dated document naming them, up to as_of
    status: StatusAsOf
    case: Mapping[str, str]  # the case columns (`column_values`): "" where unknown


_STATUS_ON = read_model.STATUS_ON


def _persons(role: str = "") -> AnySelect:
    """(id, name) of the persons with records (in `role`, when given)."""
    roles = select(PersonRoleRow.person_id).where(
        PersonRoleRow.person_id == PersonRow.id, *([PersonRoleRow.role == role] if role else [])
    )
    return select(PersonRow.id, PersonRow.name).where(roles.exists())


def _count(role: str) -> AnySelect:
    """How many persons have records (in `role`, when given): from the index of roles."""
    if role:
        return select(func.count()).where(PersonRoleRow.role == role)
    return select(func.count(distinct(PersonRoleRow.person_id)))


# Per person: the documents presenting them as a person of concern, and the date of the
# latest dated document naming them up to a day (bound as `as_of`). ISO dates compare as
# text; a coarser date ("2012-04") counts from its start.
_INTERVENTIONS = func.count(
    distinct(case((PersonRecordRow.role == "concern", PersonRecordRow.document_id)))
)
_LAST_MENTION = func.max(case((DocumentRow.date <= bindparam("as_of"), DocumentRow.date)))


def _by_person(*columns: Any, dated: bool) -> AnySelect:
    """Aggregates over each person's records (and their documents' dates when `dated`)."""
    statement = select(PersonRecordRow.person_id, *columns)
    if dated:
        statement = statement.join(DocumentRow, DocumentRow.id == PersonRecordRow.document_id)
    return statement.where(PersonRecordRow.person_id.is_not(None)).group_by(
        PersonRecordRow.person_id
    )


class _Facts(NamedTuple):
    roles: tuple[str, ...]
    interventions: int
    last_mention: PartialDate | None


def _facts(store: Store, as_of: date, ids: Sequence[str]) -> dict[str, _Facts]:
    """The roles, interventions and last mention of these persons."""
    flags = (func.max(case((PersonRecordRow.role == role, 1), else_=0)) for role in ROLES)
    statement = _by_person(_INTERVENTIONS, _LAST_MENTION, *flags, dated=True).where(
        PersonRecordRow.person_id.in_(bindparam("ids", expanding=True))
    )
    found = {}
    for chunk in range(0, len(ids), _CHUNK):
        params = {"as_of": as_of.isoformat(), "ids": list(ids[chunk : chunk + _CHUNK])}
        for pid, count, last, *flags in store.fetch(statement, params=params):
            roles = tuple(role for role, flag in zip(ROLES, flags, strict=True) if flag)
            found[pid] = _Facts(roles, count, PartialDate.parse(last) if last else None)
    return found


def _by_status(flt: PersonFilter) -> bool:
    """Whether the view filters or orders by status (else the statuses of its page only are
    read)."""
    return bool(flt.status) or flt.sort in ("status", "since")


_SEGMENT = aliased(PersonStatusRow, name="segment")


def _segments_of_day(persons: AnySelect, status: str, until: Any) -> AnySelect:
    """`persons` joined to their status segments of the day (bound as `as_of`) that end
    as `until` says (of this `status`, when given)."""
    persons = persons.join(_SEGMENT, _SEGMENT.person_id == PersonRow.id).where(
        _SEGMENT.from_day <= bindparam("as_of"), until
    )
    return persons.where(_SEGMENT.status == status) if status else persons


def _status_count(flt: PersonFilter) -> AnySelect:
    """How many persons (of the filter's role) have the filter's status on its day: those
    whose segment of that status is open, plus those whose segment ends later, each counted
    in a range of `ix_person_status_status_end` rather than over every segment of the
    status since the first records."""
    open_, later = (
        select(func.count())
        .select_from(_segments_of_day(_persons(flt.role), flt.status, until).subquery())
        .scalar_subquery()
        for until in (_SEGMENT.to_day.is_(None), _SEGMENT.to_day > bindparam("as_of"))
    )
    return select(open_ + later)


def _by_segments(flt: PersonFilter) -> AnySelect | None:
    """`_ordered` read from the status segments of the day, for a view in the order of
    status, or filtered by status in the order of ids (the API's): the database walks an
    index of the segments in that order (`ix_person_status_order`, `..._status_person`)
    rather than finding every person's status, then sorting them. None for other views."""
    if not (flt.sort == "status" or (flt.status and flt.sort == "id")):
        return None
    persons = _segments_of_day(
        _persons(flt.role).add_columns(_SEGMENT.status, _SEGMENT.since, _SEGMENT.last_confirmed),
        flt.status,
        _SEGMENT.to_day.is_(None) | (_SEGMENT.to_day > bindparam("as_of")),
    )
    if flt.sort == "id":
        return persons.order_by(_SEGMENT.person_id)
    rank = _SEGMENT.rank.desc() if flt.order == "desc" else _SEGMENT.rank
    return persons.order_by(rank, _SEGMENT.name_key, _SEGMENT.person_id)


def _ordered(flt: PersonFilter, statuses: bool = True) -> AnySelect:
    """The persons of a filter (a name query aside) as (id, name, status, since, last
    confirmed), or (id, name) without `statuses`, in the order of the view: the database
    orders, filters by status and counts, its stored statuses as of the view's day (bound
    as `as_of`)."""
    if statuses and (by_segments := _by_segments(flt)) is not None:
        return by_segments
    persons = _persons(flt.role)
    if statuses:
        persons = persons.add_columns(
            _STATUS_ON.status, _STATUS_ON.since, _STATUS_ON.last_confirmed
        ).join(_STATUS_ON, read_model.status_on(PersonRow.id), isouter=True)
    if flt.status:
        persons = persons.where(func.coalesce(_STATUS_ON.status, "unknown") == flt.status)
    by_name = [func.lower(PersonRow.name), PersonRow.id]
    descending = flt.order == "desc"
    if flt.sort in ("interventions", "last_mention"):
        dated = flt.sort == "last_mention"
        value = (_LAST_MENTION if dated else _INTERVENTIONS).label("value")
        facts = _by_person(value, dated=dated).subquery()
        key = facts.c.value.desc() if descending else facts.c.value.asc()
        return persons.join(facts, facts.c.person_id == PersonRow.id).order_by(
            key.nulls_last(), *by_name
        )
    if flt.sort == "since":  # unknown days last, either way
        since = _STATUS_ON.since
        key = since.desc() if descending else since.asc()
        return persons.order_by(since.is_(None), key, *by_name)
    if flt.sort == "id":  # the API's order
        return persons.order_by(PersonRow.id)
    if flt.sort == "name" and descending:
        return persons.order_by(*(key.desc() for key in by_name))
    return persons.order_by(*by_name)


def person_listing(
    store: Store, flt: PersonFilter, paged: bool = True
) -> tuple[int, list[ListedPerson]]:
    """(how many persons the filter keeps, the rows of its page, or all when not `paged`).

    The database orders, filters and pages the persons by their stored statuses (refreshed
    first for the persons written since), and counts the interventions and mentions of the
    page's persons only. A name query filters the rows after; so do the case columns, read
    for everyone with case facts when the view filters or orders by them (not cached).
    """
    refresh_stored_statuses(store)
    statement = _ordered(flt)
    params = {"as_of": flt.as_of.isoformat()}
    first = (flt.page - 1) * flt.per_page
    # Only persons with case facts have a case record: the others match no case filter.
    records = case_records(store, None) if flt.by_case else {}
    if flt.q or flt.by_case or not paged:
        rows = store.fetch(statement, params=params)
        if flt.q:
            named = matching_persons(store, flt.q)
            rows = [row for row in rows if row[0] in named]
        if flt.article or flt.release:
            rows = [r for r in rows if case_matches(records.get(r[0]), flt.article, flt.release)]
        total = len(rows)
        if flt.sort in CASE_COLUMNS:
            by_id = {row[0]: row for row in rows}
            order = sorted_by_case(list(by_id), records, flt.sort, flt.order == "desc")
            rows = [by_id[pid] for pid in order]
        if paged:
            rows = rows[first : first + flt.per_page]
    else:
        # Without a status filter the statuses change no count: counted without them.
        if not flt.status:
            counted = _count(flt.role)
        elif _by_segments(flt) is not None:
            counted = _status_count(flt)
        else:
            counted = select(func.count()).select_from(statement.subquery())
        total = store.fetch(counted, params=params)[0][0]
        if _by_status(flt):
            rows = store.fetch(statement.limit(flt.per_page).offset(first), params=params)
        else:  # the page first (from an index when by name), then its persons' statuses
            shown = _ordered(flt, statuses=False).limit(flt.per_page).offset(first)
            page = store.fetch(shown, params=params)
            stored = read_model.stored_status_rows(store, params["as_of"], [r[0] for r in page])
            status_of = {pid: status for pid, *status in stored}
            rows = [(pid, name, *status_of.get(pid, (None,) * 3)) for pid, name in page]
    facts = _facts(store, flt.as_of, [row[0] for row in rows])
    if not flt.by_case:
        records = case_records(store, [row[0] for row in rows])
    listed = []
    for pid, name, *status in rows:
        if pid in facts:  # else merged away since the listing was read
            roles, interventions, last_mention = facts[pid]
            listed.append(
                ListedPerson(
                    pid,
                    name,
                    roles,
                    interventions,
                    last_mention,
                    stored_status(*status),
                    column_values(records.get(pid)),
                )
            )
    return total, listed


# Parameters --------------------------------------------------------------------------------


def _day(text: str) -> date:
    """The day of reference of a page: today unless given."""
    if not text.strip():
        return date.today()
    try:
        if not _ISO_DAY.fullmatch(text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise HTTPException(
            400, f"as_of must be a day written YYYY-MM-DD, like 2012-04-01, not {text!r}"
        ) from None


def _choice(name: str, value: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value and value not in allowed:
        raise HTTPException(400, f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


_RELEASE = re.compile(r"\d{4}(?:-\d{2})?")
_ARTICLE = re.compile(r"\d{1,4}(?:[.-]\d{1,3})*")


def _matching(name: str, value: str, pattern: re.Pattern[str], example: str) -> str:
    value = value.strip()
    if value and not pattern.fullmatch(value):
        raise HTTPException(400, f"{name} must be written like {example}, not {value!r}")
    return value


def _person_filter(
    as_of: str,
    status: str,
    role: str,
    q: str,
    sort: str,
    order: str,
    page: int,
    per_page: int,
    article: str = "",
    release: str = "",
) -> PersonFilter:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise HTTPException(400, f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}")
    return PersonFilter(
        _day(as_of),
        _choice("status", status, STATUSES),
        "" if role == ANY_ROLE else _choice("role", role, ROLES),
        q.strip(),
        _choice("sort", sort, SORTS) or "name",
        _choice("order", order, ORDERS) or "asc",
        page,
        per_page,
        _matching("article", article, _ARTICLE, "405 or 405.2"),
        _matching("release", release, _RELEASE, "2025 or 2025-01"),
    )


Text200 = Annotated[str, Query(max_length=200)]
Word = Annotated[str, Query(max_length=40)]


def _table_query(
    as_of: Word = "",
    status: Word = "",
    role: Word = "concern",  # most users look for persons of concern; role=any shows all
    q: Text200 = "",
    sort: Word = "name",
    order: Word = "asc",
    article: Word = "",
    release: Word = "",
) -> tuple[str, str, str, str, str, str, str, str]:
    """The persons table's filters and order as the query gives them (for `_person_filter`:
    the page and its size go between the order and the case filters)."""
    return as_of, status, role, q, sort, order, article, release


TableQuery = Annotated[tuple[str, str, str, str, str, str, str, str], Depends(_table_query)]


def _filter_of(query: tuple[str, ...], page: int, per_page: int) -> PersonFilter:
    return _person_filter(*query[:6], page, per_page, *query[6:])


# Routes ------------------------------------------------------------------------------------


@router.get("/")
def start(_viewer: Viewer) -> Response:
    return RedirectResponse("/search", status_code=303)


@router.get("/persons")
def persons_page(
    request: Request,
    _viewer: Viewer,
    store: StoreDep,
    query: TableQuery,
    page: PageNumber = 1,
    per_page: int = PER_PAGE,
) -> Response:
    """The persons, with their status as of a day, last mention and interventions."""
    flt = _filter_of(query, page, per_page)
    total, rows = person_listing(store, flt)
    filters = flt.params(page=None, per_page=None)
    return render(
        request,
        "persons.html",
        flt=flt,
        rows=rows,
        pager=pager("/persons", filters, flt.page, flt.per_page, total),
        csv_url="/persons.csv?" + urlencode(filters),
        sort_url={
            column: "/persons?"
            + urlencode(
                flt.params(
                    sort=column,
                    order="desc" if flt.sort == column and flt.order == "asc" else "asc",
                    page=None,
                )
            )
            for column in SORTS
        },
        statuses=STATUSES,
        roles=ROLES,
        updating=read_model.claimed_statuses(store),
    )


def csv_cell(value: object) -> str:
    """A cell as text, defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@router.get("/persons.csv")
def persons_csv(
    viewer: Viewer,
    store: StoreDep,
    query: TableQuery,
) -> Response:
    """The persons table of a filter, every page of it, as CSV."""
    flt = _filter_of(query, 1, PER_PAGE)
    total, rows = person_listing(store, flt, paged=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        (
            "id",
            "name",
            "roles",
            "status",
            "as_of",
            "since",
            "last_confirmed",
            "last_mention",
            "interventions",
            *CASE_COLUMNS,
        )
    )
    for row in rows:
        writer.writerow(
            csv_cell(value)
            for value in (
                row.person_id,
                row.name,
                " ".join(row.roles),
                row.status.status,
                flt.as_of,
                row.status.since,
                row.status.last_confirmed,
                row.last_mention,
                row.interventions,
                *(row.case[column] for column in CASE_COLUMNS),
            )
        )
    audit(store, viewer.user.name, "export", "persons.csv", rows=total, **flt.params(page=None))
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="persons-{flt.as_of.isoformat()}.csv"'
        },
    )


# Search ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FoundPerson:
    person_id: str
    name: str
    spellings: tuple[str, ...]
    roles: tuple[str, ...]
    status: str | None  # as of today, for persons of concern
    facets: Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class FoundDocument:
    document: DocumentRef
    snippet: Markup
    concerns: tuple[tuple[str | None, str], ...]  # (person id, name) of its persons of concern
    facets: Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int
    selected: bool
    url: str


def _year(document: DocumentRef) -> str:
    return str(document.date.year) if document.date else UNDATED


def _kind(document: DocumentRef) -> str:
    return document.kind or UNKNOWN_KIND


class _PersonFacts(NamedTuple):
    facets: dict[str, dict[str, set[str]]]  # by person: role, country, kind, year
    spellings: dict[str, list[str]]  # by person, the most frequent first


def _person_facts(store: Store, person_ids: Sequence[str]) -> _PersonFacts:
    """Each person's roles, the countries their descriptors name, the kinds and years of
    their documents, and spellings, from what their records say as kept on write
    (`person_facets`): a few rows per person where an advocate has thousands of records."""
    found: dict[str, dict[str, set[str]]] = {
        pid: {"role": set(), "country": set(), "kind": set(), "year": set()} for pid in person_ids
    }
    said = []
    # A person's rows repeat a few lists: each decoded, and its countries found, once. A
    # descriptor names its country alone, so the countries of all are those of each list.
    decoded: dict[str, list[str]] = {}
    countries: dict[str, tuple[str, ...]] = {}

    def listed(value: str) -> list[str]:
        if value not in decoded:
            decoded[value] = json.loads(value)
        return decoded[value]

    for pid, role, described, name, aliases, kind, year, records in read_model.person_facets(
        store, person_ids
    ):
        facts = found[pid]
        facts["role"].add(role)
        if described not in countries:
            countries[described] = profile(listed(described)).countries
        facts["country"].update(countries[described])
        facts["kind"].add(kind or UNKNOWN_KIND)
        facts["year"].add(year or UNDATED)
        said.append((pid, name, listed(aliases), records))
    return _PersonFacts(found, ranked_spellings(said))


def _found(
    store: Store, query: str, literal: bool
) -> tuple[SearchAnswer, list[FoundPerson], list[FoundDocument]]:
    """What a query finds (the store's answer), and each person and document listed with
    its facet values. The persons are those the query names, also when searched `literal`."""
    markers = new_markers()
    # Written first, when stale: what follows reads one snapshot.
    refresh_stored_statuses(store)
    refresh_facets(store)  # of the persons the refresh marked
    with store.snapshot():
        answer = store.find(query, SEARCH_DOCUMENTS, markers, literal=literal)
        hits = answer.hits
        if literal:
            named_persons, _ = store.named_persons(query, SEARCH_PERSONS)
        else:
            named_persons = answer.persons
        named = [(person.id, person.name) for person in named_persons]
        person_ids = [pid for pid, _ in named]
        documents = read_model.documents(store, [hit.document_id for hit in hits])
        in_documents = read_model.people_in(store, documents.keys())
        of_person, known = _person_facts(store, person_ids)
        concern_ids = {pid for pid, facts in of_person.items() if "concern" in facts["role"]}
        concern_ids |= {a.person_id for a in in_documents if a.role == "concern" and a.person_id}
        status_of = stored_status_names(store, date.today(), concern_ids)
    of_document: defaultdict[int, list[DocumentPerson]] = defaultdict(list)
    for appearance in in_documents:
        of_document[appearance.document_id].append(appearance)

    persons = []
    for pid, name in named:
        facts = of_person[pid]
        roles = tuple(r for r in ROLES if r in facts["role"])
        status = status_of.get(pid)  # persons of concern only
        facets = {
            "status": frozenset({status} if status else ()),
            "role": frozenset(roles),
            "country": frozenset(facts["country"]),
            "kind": frozenset(facts["kind"]),
            "year": frozenset(facts["year"]),
        }
        others = tuple(s for s in known.get(pid, []) if s != name)
        persons.append(FoundPerson(pid, name, others, roles, status, facets))

    found_documents = []
    for hit in hits:
        document = documents[hit.document_id]
        appearances = of_document[hit.document_id]
        concerns = [a for a in appearances if a.role == "concern"]
        advocates = [a for a in appearances if a.role == "advocate"]
        facets = {
            "status": frozenset(status_of[a.person_id] for a in concerns if a.person_id),
            "role": frozenset(a.role for a in appearances),
            "country": frozenset(profile(d for a in advocates for d in a.descriptors).countries),
            "kind": frozenset({_kind(document)}),
            "year": frozenset({_year(document)}),
        }
        shown = tuple(dict.fromkeys((a.person_id, a.name) for a in concerns))
        snippet = highlight_snippet(hit.snippet, markers)
        found_documents.append(FoundDocument(document, snippet, shown, facets))
    return answer, persons, found_documents


def _facet_order(facet: str, values: Iterable[str]) -> list[str]:
    if facet in ("status", "role"):
        order = {value: index for index, value in enumerate((*STATUSES, *ROLES))}
        return sorted(values, key=lambda v: (order.get(v, len(order)), v))
    if facet == "year":  # the newest first, undated last
        return sorted(values, key=lambda v: (v == UNDATED, -int(v) if v.isdigit() else 0))
    return sorted(values, key=str.casefold)


def _search_url(query: str, literal: bool, **params: str) -> str:
    chosen = {"q": query, "literal": "1" if literal else "", **params}
    return "/search?" + urlencode({k: v for k, v in chosen.items() if v})


def _facets(
    results: Sequence[FoundPerson | FoundDocument],
    query: str,
    literal: bool,
    selected: Mapping[str, str],
) -> dict[str, list[FacetValue]]:
    """Each facet's values among the results, with counts and links that toggle them."""
    found: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        counts = Counter(value for result in results for value in result.facets[facet])
        if selected.get(facet):
            counts.setdefault(selected[facet], 0)
        values = []
        for value in _facet_order(facet, counts):
            chosen = selected.get(facet) == value
            link = _search_url(query, literal, **{**selected, facet: "" if chosen else value})
            values.append(FacetValue(value, counts[value], chosen, link))
        found[facet] = values
    return found


# The start page's counts: some 120 ms of counting at 100,000 documents, on the page every
# user opens first. Each server process counts them at most once in START_COUNTS_SECONDS
# (the page says when), not on every visit.
START_COUNTS_SECONDS = 30.0
_START_COUNTS = ("documents", "words", "persons", "events", "demands")
_start_counted: weakref.WeakKeyDictionary[Store, tuple[float, datetime, dict[str, int]]] = (
    weakref.WeakKeyDictionary()
)
_start_lock = threading.Lock()


def _start_counts(store: Store) -> tuple[datetime, dict[str, int]]:
    """When the start page's counts were counted, and the counts."""
    with _start_lock:  # one request counts; those meanwhile wait for its counts
        kept = _start_counted.get(store)
        if kept is None or time.monotonic() - kept[0] > START_COUNTS_SECONDS:
            kept = (time.monotonic(), datetime.now(UTC), store.stats(*_START_COUNTS))
            _start_counted[store] = kept
    return kept[1], kept[2]


@router.get("/search")
def search_page(
    request: Request,
    _viewer: Viewer,
    store: StoreDep,
    q: Text200 = "",
    status: Word = "",
    role: Word = "",
    country: Text200 = "",
    kind: Word = "",
    year: Word = "",
    literal: bool = False,
) -> Response:
    """One box over persons (names in any spelling) and documents, with facets: a query that
    names persons lists them first, then every document that mentions them (or, `literal`,
    the documents holding its words)."""
    selected = {
        "status": _choice("status", status, STATUSES),
        "role": _choice("role", role, ROLES),
        "country": country,
        "kind": _choice("kind", kind, (*vocabulary()["document_kinds"], UNKNOWN_KIND)),
        "year": year,
    }
    if year and not (year == UNDATED or (year.isdigit() and len(year) == 4)):
        raise HTTPException(400, f"year must be four digits, like 2021, or {UNDATED}, not {year!r}")
    query = q.strip()
    if not query:
        counted_at, shown = _start_counts(store)
        return render(request, "search.html", q="", stats=shown, counted_at=counted_at)
    answer, persons, documents = _found(store, query, literal)

    def kept(result: FoundPerson | FoundDocument) -> bool:
        return all(value in result.facets[facet] for facet, value in selected.items() if value)

    persons = [p for p in persons if kept(p)]
    documents = [d for d in documents if kept(d)]
    return render(
        request,
        "search.html",
        q=query,
        selected={facet: value for facet, value in selected.items() if value},
        facets=_facets([*persons, *documents], query, literal, selected),
        persons=persons,
        more_persons=answer.more_persons,
        persons_url="/persons?" + urlencode({"q": query}),
        meant=answer.persons,
        literal=literal,
        literal_url=_search_url(query, True),
        by_person_url=_search_url(query, False),
        documents=documents,
        documents_total=answer.total,
        documents_limit=SEARCH_DOCUMENTS,
        clear_url=_search_url(query, literal),
    )


# One person --------------------------------------------------------------------------------


# The long lists of a person page, a page at a time: a person named in thousands of
# documents has thousands of events, facts and interventions.
EVENTS_PER_PAGE = 50
ALERTS_PER_PAGE = 25  # and conflicts
CLAIMS_SHOWN = 10  # of the events of a conflict, quoted side by side
FACT_DOCUMENTS_PER_PAGE = 20  # documents, each with its roles, demands, date and kind
INTERVENTIONS_PER_PAGE = 50
WRITTEN_SHOWN = 20  # of the persons an advocate wrote about: the rest on the advocate page


def conflict_claims(conflict: Conflict, limit: int = CLAIMS_SHOWN) -> tuple[list[EventFact], int]:
    """The events of a conflict to quote side by side, in its order: the first to state each
    claim it disputes (a date, a term) first, at most `limit`; and how many are left out. A
    date disputed by 400 documents is stated by 400 events: its message names every one."""
    first: dict[object, int] = {}
    for event in conflict.events:
        if conflict.kind == "term":
            term = sentence_term(event.detail, event.quote)
            claim: object = (event.type, term.key if term else None)
        else:
            claim = (event.type, event.date, event.date_from_document)
        first.setdefault(claim, event.id)
    chosen = set(list(first.values())[:limit])
    for event in conflict.events:
        if len(chosen) >= limit:
            break
        chosen.add(event.id)
    shown = [event for event in conflict.events if event.id in chosen]
    return shown, len(conflict.events) - len(shown)


@dataclass(frozen=True, slots=True)
class _Sections:
    """The page of each long list of a person page asked for, and the links to the others."""

    path: str
    as_of: str
    pages: dict[str, int]  # by query parameter, those past the first

    def query(self, **changes: int) -> str:
        kept = {"as_of": self.as_of} if self.as_of else {}
        kept |= {name: page for name, page in (self.pages | changes).items() if page > 1}
        return f"?{urlencode(kept)}" if kept else ""

    def pager(self, param: str, per_page: int, total: int, anchor: str) -> Pager:
        number = self.pages.get(param, 1)

        def link(page: int) -> str:
            return f"{self.path}{self.query(**{param: page})}#{anchor}"

        return linked_pager(number, per_page, total, link)

    def shown(self, param: str, per_page: int) -> slice:
        number = self.pages.get(param, 1)
        return slice((number - 1) * per_page, number * per_page)


@router.get("/persons/{person_id}")
def person_page(
    request: Request,
    _viewer: Viewer,
    store: StoreDep,
    person_id: str,
    as_of: Word = "",
    done: Annotated[str, Query(max_length=2000)] = "",
    error: Annotated[str, Query(max_length=2000)] = "",
    alerts_page: PageNumber = 1,
    conflicts_page: PageNumber = 1,
    events_page: PageNumber = 1,
    facts_page: PageNumber = 1,
    advocacy_page_number: Annotated[PageNumber, Query(alias="advocacy_page")] = 1,
) -> Response:
    """Names, status with its evidence, timeline with each fact's review (editors confirm,
    correct or reject them here), conflicts, advocacy and alerts; the long lists (alerts,
    conflicts, events, facts of each document, interventions) a page at a time."""
    canonical = store.canonical_person_id(person_id)
    if canonical is None:
        raise HTTPException(404, f"no person {person_id!r}")
    if canonical != person_id:
        query = f"?{request.url.query}" if request.url.query else ""
        # Temporary: a merge can be undone.
        return RedirectResponse(f"/persons/{quote(canonical, safe='')}{query}", status_code=307)
    day = _day(as_of)
    pages = {
        "alerts_page": alerts_page,
        "conflicts_page": conflicts_page,
        "events_page": events_page,
        "facts_page": facts_page,
        "advocacy_page": advocacy_page_number,
    }
    sections = _Sections(request.url.path, as_of.strip(), {k: v for k, v in pages.items() if v > 1})
    if read_model.has_role(store, canonical, "advocate"):  # the links kept of an advocate
        refresh_counts(store)
    # The sections read one snapshot (thirty queries, one session), after the write above.
    with store.snapshot():
        # Read once for the summary, the facts to check and the advocacy record.
        own = read_model.appearances(store, person_ids=[canonical])
        shown_events = sections.shown("events_page", EVENTS_PER_PAGE)
        checked = facts.person_page(store, canonical, day, shown_events, own)
        summary = checked.summary
        names = store.persons([canonical])
        interventions = sections.shown("advocacy_page", INTERVENTIONS_PER_PAGE)
        advocacy = advocacy_page(store, canonical, interventions.start, INTERVENTIONS_PER_PAGE, own)
        svg = kept_timeline_svg(summary.timeline, day, evidence_url)
        others, fact_documents = facts.other_facts_page(
            store,
            canonical,
            (facts_page - 1) * FACT_DOCUMENTS_PER_PAGE,
            FACT_DOCUMENTS_PER_PAGE,
            own,
        )
        written, written_total = advocate_concerns(store, canonical, 0, WRITTEN_SHOWN)
        entries = summary.timeline.entries
        alerts = kept_person_alerts(store, canonical, day)
        conflicts = summary.timeline.conflicts
    return render(
        request,
        "person.html",
        facts={found.event.id: found for found in checked.shown},  # of the events shown
        rejected=checked.rejected,
        other_facts=others,
        choices=facts.correction_choices(),
        here=request.url.path + sections.query(),
        event_types=vocabulary()["event_types"],
        done=done,
        error=error,
        case=summary,
        as_of=day,
        as_of_given=bool(as_of.strip()),
        names=names[0].spellings if names else {},
        timeline_svg=Markup(svg) if svg else None,  # escaped as it was built
        colours=COLOURS,
        conflicting=summary.timeline.conflicting_event_ids,
        advocacy=advocacy.record,
        advocates=advocacy.advocates,
        entries=entries[shown_events],
        events_pager=sections.pager("events_page", EVENTS_PER_PAGE, len(entries), "timeline"),
        facts_pager=sections.pager(
            "facts_page", FACT_DOCUMENTS_PER_PAGE, fact_documents, "other-facts"
        ),
        advocacy_pager=sections.pager(
            "advocacy_page", INTERVENTIONS_PER_PAGE, advocacy.total, "advocacy"
        ),
        opened=set(sections.pages),
        written=written,
        written_total=written_total,
        alerts=alerts,
        alerts_shown=sections.shown("alerts_page", ALERTS_PER_PAGE),
        alerts_pager=sections.pager("alerts_page", ALERTS_PER_PAGE, len(alerts), "alerts"),
        conflicts_listed=[
            (conflict, *conflict_claims(conflict))
            for conflict in conflicts[sections.shown("conflicts_page", ALERTS_PER_PAGE)]
        ],
        conflicts_pager=sections.pager(
            "conflicts_page", ALERTS_PER_PAGE, len(conflicts), "conflicts"
        ),
    )
