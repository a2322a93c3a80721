"""A person's status as of a date: a state machine run over their dated events.

The machine. Each event type leads to a status (harassed and ill_treated happen in any status
and change nothing):

    imprisoned     arrested, sentenced, imprisoned
    house_arrest   house_arrest
    charged        charged, threatened, tried   (does not end custody: a detainee who is
                                                charged or tried stays imprisoned)
    released       released, acquitted
    deceased       died                         (final: nothing after a death changes it)
    unknown        no fact placed on or before the date

When an event counts. At the date the text gives it. An event without one counts at its
document's date ("as of the document, this had happened"), unless the document's own dated
facts have moved the case past it: an undated "visited in jail" beside "set free on 9 March"
is history. An event whose document has no date either cannot be placed in time and is never
used (it is listed as `undated`). A fact counts for "as of D" only when it certainly happened
by D: a date known to the month counts from its last day. Facts of the same date are taken in
the order a case moves (charged, house arrest, imprisoned, released, deceased), so "charged
and sentenced on 23 January" ends imprisoned.

States restated. A document dated D that says a person is in prison (or under house arrest,
or released) says so as of D: its own dated facts give that state and when it began. Such a
restatement is set aside (kept as `disputed`) when another document reports a change out of
that state after it began and by D - typically an appeal forwarded long after it was written,
still calling someone a prisoner after a dated release. A restatement whose document gives no
start at all is kept (it may report a new arrest), but the contradiction is reported, and so
is a restatement a person checked (confirmed, corrected or added by hand) against a change
nobody checked: a checked fact outweighs an extracted one.

Reviews. Events a person rejected are not read at all (`read_model.events`); corrected ones
are read as corrected.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, cast

from casetrail.derive.dates import compatible, last_day, sort_key
from casetrail.domain import PartialDate
from casetrail.store import Store, queue_rows, read_model
from casetrail.store.aggregates import refresh_aggregates
from casetrail.store.read_model import EventFact

Status = Literal["imprisoned", "house_arrest", "charged", "released", "deceased", "unknown"]
STATUSES: tuple[Status, ...] = (
    "imprisoned",
    "house_arrest",
    "charged",
    "released",
    "deceased",
    "unknown",
)

STATUS_OF_EVENT: dict[str, Status] = {
    "arrested": "imprisoned",
    "sentenced": "imprisoned",
    "imprisoned": "imprisoned",
    "house_arrest": "house_arrest",
    "charged": "charged",
    "threatened": "charged",
    "tried": "charged",
    "released": "released",
    "acquitted": "released",
    "died": "deceased",
}
CUSTODY: frozenset[Status] = frozenset({"imprisoned", "house_arrest"})
# The order in which a case moves, for facts of the same date.
_RANK: dict[Status, int] = {
    "charged": 0,
    "house_arrest": 1,
    "imprisoned": 2,
    "released": 3,
    "deceased": 4,
}
# Statuses a document can restate as still holding at its date (not "charged": being charged
# says nothing about whether someone is free).
_RESTATABLE: frozenset[Status] = frozenset({"imprisoned", "house_arrest", "released"})


def transition(current: Status | None, observed: Status) -> Status:
    """The status after observing `observed` in status `current`."""
    if current == "deceased":
        return current
    if observed == "charged" and current in CUSTODY:
        return current
    return observed


@dataclass(frozen=True, slots=True)
class Observation:
    """One event read as "the person was in `status` on `date`"."""

    status: Status
    date: PartialDate
    event: EventFact
    at_document_date: bool  # placed at its document's date, not at a date of its own
    start: PartialDate | None  # when the state began, as the same document tells; None: unknown
    # A house arrest its document states after a release of the same date ("released from
    # detention and placed under house arrest"): it follows the release.
    follows_release: bool = False
    order: tuple[str, float, str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Chronological order, computed once: observations are sorted many times over.
        order = (
            sort_key(self.date),
            _RANK["released"] + 0.5 if self.follows_release else _RANK[self.status],
            sort_key(self.event.document.date),
            self.event.id,
        )
        object.__setattr__(self, "order", order)


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A state a document restates at its date, against a change another document reports."""

    claim: Observation
    change: Observation  # what put the person out of the claimed state, earlier than the claim
    stale: bool  # the claim's state began before the change: the claim is set aside


@dataclass(frozen=True, slots=True)
class Observed:
    """Everything the events of one person say about their status, before choosing a date."""

    person_id: str
    name: str
    observations: tuple[Observation, ...]  # in chronological order, the stale ones excluded
    contradictions: tuple[Contradiction, ...]
    undated: tuple[EventFact, ...]  # status events that cannot be placed in time
    history: tuple[_State, ...] = field(repr=False, compare=False)  # after each observation

    @property
    def disputed(self) -> tuple[Observation, ...]:
        return tuple(c.claim for c in self.contradictions if c.stale)


@dataclass(frozen=True, slots=True)
class PersonStatus:
    person_id: str
    name: str
    status: Status
    since: PartialDate | None  # when the person entered the status
    last_confirmed: PartialDate | None  # the latest fact that says so
    evidence: tuple[Observation, ...]  # the fact that entered the status, then those confirming
    disputed: tuple[Observation, ...]  # restatements set aside (see the module documentation)
    undated: tuple[EventFact, ...]


@dataclass(frozen=True, slots=True)
class _State:
    status: Status
    entered: int  # the index of the observation that entered the status, in the list run


def _states(
    observations: Iterable[Observation], state: _State | None = None, first: int = 0
) -> Iterator[_State]:
    """The machine's state after each observation (given in chronological order), from
    `state` (that of the observations before, the first of these being number `first`)."""
    for index, observation in enumerate(observations, first):
        new = transition(state.status if state else None, observation.status)
        if state is None or new != state.status:
            state = _State(new, index)
        yield state


def _final(observations: Iterable[Observation]) -> _State | None:
    last = deque(_states(observations), maxlen=1)
    return last[0] if last else None


def _confirming(observations: Sequence[Observation], state: _State) -> tuple[Observation, ...]:
    """The observation that entered the state, then those of the same status after it."""
    return tuple(o for o in observations[state.entered :] if o.status == state.status)


def _document_observations(events: Sequence[EventFact]) -> list[Observation]:
    """What the status events of one person in one document say, placed in time."""
    released = [e for e in events if e.type == "released"]
    follows = {
        e.id
        for e in events
        if e.type == "house_arrest"
        and any(r.start < e.start and r.own_date == e.own_date for r in released)
    }
    found = [
        Observation(STATUS_OF_EVENT[e.type], e.own_date, e, False, e.own_date, e.id in follows)
        for e in events
        if e.own_date is not None
    ]
    document_date = events[0].document.date
    if document_date is None:
        return found
    dated = sorted(found, key=lambda o: o.order)
    own = _final(dated)  # where the document's dated facts end
    for e in events:
        status = STATUS_OF_EVENT[e.type]
        if own is None:
            # Nothing dated in the text: each event held as of the document, start unknown.
            found.append(Observation(status, document_date, e, True, None, e.id in follows))
        elif status == own.status and status in _RESTATABLE and _restates(e, document_date):
            found.append(
                Observation(
                    status, document_date, e, True, dated[own.entered].date, e.id in follows
                )
            )
        elif e.own_date is None and _RANK[status] > _RANK[own.status]:
            # A later stage than the dated facts reach ("has since been released"): it held
            # by the document's date, from a day the text does not give.
            found.append(Observation(status, document_date, e, True, None, e.id in follows))
        # Otherwise an undated event of an earlier stage is history the dated facts moved past
        # ("was in jail ... set free on 9 March"): it says nothing about the document's date.
    return found


def _restates(event: EventFact, document_date: PartialDate) -> bool:
    """Whether an event says its state still held at the document's date: an undated one, or
    a dated state ("is in prison since May 2019"), not a dated change ("arrested in May")."""
    own = event.own_date
    return own is None or (
        event.type in ("imprisoned", "house_arrest")
        and not compatible(own, document_date)
        and own.iso() < document_date.iso()
    )


def observe(person_id: str, name: str, events: Iterable[EventFact]) -> Observed:
    """Read a person's events (from any number of documents) as dated observations."""
    by_document: defaultdict[int, list[EventFact]] = defaultdict(list)
    undated = []
    for event in events:
        if event.type not in STATUS_OF_EVENT:
            continue
        if event.own_date is None and event.document.date is None:
            undated.append(event)
        by_document[event.document.id].append(event)
    observations = sorted(
        (o for group in by_document.values() for o in _document_observations(group)),
        key=lambda o: o.order,
    )
    contradictions = _contradictions(observations)
    stale = {id(c.claim) for c in contradictions if c.stale}
    kept = tuple(o for o in observations if id(o) not in stale)
    return Observed(
        person_id, name, kept, tuple(contradictions), tuple(undated), tuple(_states(kept))
    )


def _contradictions(observations: Sequence[Observation]) -> list[Contradiction]:
    """Restatements that a change reported elsewhere, after the state began, contradicts."""
    dated = [o for o in observations if not o.at_document_date]
    # The machine's state after each dated observation, to look up the state as of any date.
    states = list(_states(dated))
    keys = [o.order for o in dated]
    found = []
    for claim in observations:
        if not claim.at_document_date or claim.status not in _RESTATABLE:
            continue
        index = bisect.bisect_right(keys, (sort_key(claim.date), len(_RANK)))
        if index == 0:
            continue
        before = states[index - 1]
        change = dated[before.entered]
        if (
            transition(claim.status, before.status) == claim.status
            or change.event.document.id == claim.event.document.id
        ):
            continue
        if claim.start is None:
            found.append(Contradiction(claim, change, stale=False))
        elif change.date.iso() >= claim.start.iso():
            # A claim a person checked is not set aside for a change nobody checked.
            stale = not (claim.event.checked and not change.event.checked)
            found.append(Contradiction(claim, change, stale=stale))
    return found


def status_as_of(observed: Observed, as_of: date) -> PersonStatus:
    """The status on day `as_of`, from the observations certainly made by then."""
    counted = [o for o in observed.observations if last_day(o.date) <= as_of]
    state = _final(counted)
    disputed = tuple(o for o in observed.disputed if last_day(o.date) <= as_of)
    if state is None:
        return PersonStatus(
            observed.person_id, observed.name, "unknown", None, None, (), disputed, observed.undated
        )
    confirming = _confirming(counted, state)
    return PersonStatus(
        observed.person_id,
        observed.name,
        state.status,
        counted[state.entered].date,
        confirming[-1].date,
        confirming,
        disputed,
        observed.undated,
    )


def state_before(observed: Observed, day: PartialDate) -> tuple[Status, Observation] | None:
    """The status on the eve of a day (from the observations dated before it), and the
    observation that entered it."""
    index = bisect.bisect_left(observed.observations, (day.iso(),), key=lambda o: o.order)
    if index == 0:
        return None
    state = observed.history[index - 1]
    return state.status, observed.observations[state.entered]


def custody_at_death(observed: Observed) -> tuple[Observation, Observation] | None:
    """(the death, the fact placing the person in custody just before it), if they were."""
    for index, observation in enumerate(observed.observations):
        if observation.status == "deceased":
            if index == 0 or observed.history[index - 1].status not in CUSTODY:
                return None
            return observation, observed.observations[observed.history[index - 1].entered]
    return None


def statuses(
    store: Store, as_of: date, person_ids: Collection[str] | None = None
) -> list[PersonStatus]:
    """The status as of a day of these persons (default: every person of concern), by name."""
    ids = read_model.concern_ids(store) if person_ids is None else list(person_ids)
    # Everyone's events in one pass rather than by lists of ids, when everyone is asked for.
    events = read_model.events_by_person(store, person_ids)
    names = read_model.person_names(store, person_ids)
    found = [
        status_as_of(observe(pid, names.get(pid, pid), events.get(pid, [])), as_of) for pid in ids
    ]
    return sorted(found, key=lambda s: (s.name.casefold(), s.person_id))


# Stored statuses: derived on write, read by the pages for everyone at once.

_FIRST_DAY = date(1, 1, 1).isoformat()
_REFRESH_BATCH = 2000  # persons derived, then stored, at a time
_refreshing = threading.Lock()


@dataclass(frozen=True, slots=True)
class StatusAsOf:
    """What a table shows of a status (`PersonStatus` without its evidence)."""

    status: Status
    since: PartialDate | None
    last_confirmed: PartialDate | None


def _iso(when: PartialDate | None) -> str | None:
    return None if when is None else when.iso()


def status_segments(observed: Observed) -> list[dict[str, str | int | None]]:
    """A person's status over time, as `person_status` rows: from each day new observations
    start to count (their dates' last days), what `status_as_of` says of that day, after an
    unknown segment; equal neighbours joined; each with its status's rank in STATUSES. The
    machine runs again only from the earliest observation each day adds, not from the start:
    some persons have thousands."""
    by_day: defaultdict[date, list[Observation]] = defaultdict(list)
    for observation in observed.observations:  # in order
        by_day[last_day(observation.date)].append(observation)
    segments: list[dict[str, str | int | None]] = [
        {"from_day": _FIRST_DAY, "status": "unknown", "since": None, "last_confirmed": None}
    ]
    counted: list[Observation] = []
    states: list[_State] = []  # after each of `counted`
    for day in sorted(by_day):
        rerun = len(counted)
        for observation in by_day[day]:
            at = bisect.bisect_right(counted, observation.order, key=lambda o: o.order)
            counted.insert(at, observation)
            rerun = min(rerun, at)
        del states[rerun:]
        states.extend(_states(counted[rerun:], states[-1] if states else None, rerun))
        final = states[-1]
        last = next(o for o in reversed(counted) if o.status == final.status)
        values = {
            "status": final.status,
            "since": counted[final.entered].date.iso(),
            "last_confirmed": last.date.iso(),
        }
        if values != {key: segments[-1][key] for key in values}:
            segments.append({"from_day": day.isoformat(), **values})
    for segment, following in zip(segments, [*segments[1:], None], strict=True):
        segment["to_day"] = following["from_day"] if following else None
        segment["rank"] = STATUSES.index(cast(Status, segment["status"]))
    return segments


# What else to derive of the persons whose statuses were: their ids, events and observations.
AlsoDerive = Callable[[list[str], Mapping[str, list[EventFact]], Mapping[str, Observed]], None]


def refresh_stored_statuses(
    store: Store, unmarked: bool = False, also: AlsoDerive | None = None, claimed: bool = False
) -> int:
    """Derive again the stored statuses of the persons a write marked stale (every store
    write that changes a person's records or events marks them, in its own transaction:
    `casetrail.store.store._statuses_changed`), and count their aggregates again
    (`casetrail.store.aggregates`): those whose writer is still to derive them too with
    `claimed` (the writer's own refresh, `casetrail.facts.derive_written`); and
    with `unmarked` those stored around the store, without a mark or a status (a pass over
    every person: the server does it once, as it starts); how many persons were derived.
    Their alerts and facts to check are marked for the pages that show them, unless `also`
    derives those at once, from the events read here (`casetrail.facts.refresh_alerts`).
    Cheap when none is stale; the pages call it before reading the statuses, writers after
    writing, so that pages seldom have to wait for it."""
    with _refreshing:  # threads wait for one refresh rather than repeat its work
        return _refresh(store, unmarked, also, claimed)


def _refresh(store: Store, unmarked: bool, also: AlsoDerive | None, claimed: bool) -> int:
    stale = read_model.stale_statuses(store, unmarked, claimed)
    # Many persons (after the migration that adds the statuses): everyone's events in one
    # pass, rather than by lists of ids.
    many = len(stale) > _REFRESH_BATCH
    everyone = read_model.events_by_person(store) if many else None
    if stale:  # counted before the marks are cleared with the statuses
        refresh_aggregates(store, None if many else {pid for _, pid in stale})
    for start in range(0, len(stale), _REFRESH_BATCH):
        batch = stale[start : start + _REFRESH_BATCH]
        ids = [pid for _, pid in batch]
        events = everyone if everyone is not None else read_model.events_by_person(store, ids)
        names = read_model.person_names(store, ids)
        observed = {pid: observe(pid, names.get(pid, pid), events.get(pid, [])) for pid in ids}
        segments = {pid: status_segments(observed[pid]) for pid in ids}
        # Before the marks are cleared: a failure leaves the persons stale, to derive again.
        if also is None:  # their alerts and facts to check, when those pages ask
            queue_rows.mark_stale(store, ids)
        else:
            also(ids, events, observed)
        store.save_statuses(segments, [mark for mark, _ in batch if mark is not None])
    return len(stale)


def stored_statuses(
    store: Store, as_of: date, person_ids: Collection[str]
) -> dict[str, StatusAsOf]:
    """The stored statuses of these persons as of a day (refreshed first for the persons
    written since): index seeks per person, where `statuses` derives them from every event."""
    refresh_stored_statuses(store)
    found = read_model.stored_status_rows(store, as_of.isoformat(), person_ids)
    return {pid: stored_status(*columns) for pid, *columns in found}


def stored_status_names(
    store: Store, as_of: date, person_ids: Collection[str]
) -> dict[str, Status]:
    """The stored statuses of these persons as of a day, without their dates (which a
    search page, listing hundreds, does not show). The caller refreshes them first
    (`refresh_stored_statuses`), outside the snapshot it may read them in."""
    found = read_model.stored_status_names(store, as_of.isoformat(), person_ids)
    return {pid: _status_name(status) for pid, status in found}


def _status_name(status: str | None) -> Status:
    return cast(Status, status or "unknown")  # no row: unknown


def stored_status(status: str | None, since: str | None, last: str | None) -> StatusAsOf:
    """A `person_status` row's columns as a status (no row: unknown)."""
    return StatusAsOf(
        _status_name(status),
        PartialDate.parse(since) if since else None,
        PartialDate.parse(last) if last else None,
    )
