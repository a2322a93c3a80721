"""A person's timeline: every event from every document, in date order, conflicts flagged.

Nothing is merged or overwritten: two documents giving two sentences keep two entries, and the
disagreement is reported as a `Conflict` naming both. Three kinds are detected:

- `date`: documents give different dates for the same kind of moment (an arrest, a sentence,
  a release, an acquittal, a death). Dates that refine each other (2020-01, 2020-01-23) agree;
  moments more than three months apart are taken for separate events (a second arrest), except
  a death, which happens once.
- `term`: documents give different sentence lengths (6 years, 7 years) for sentences whose
  dates agree or are unknown.
- `status`: a document restates a state (in prison) that another document's dated change
  (a release) contradicts; see `casetrail.derive.status`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache, partial
from itertools import combinations
from typing import Any, Literal

from casetrail.derive.dates import compatible, first_day, iso, last_day, sort_key
from casetrail.derive.status import Contradiction, Observed, observe
from casetrail.derive.terms import Term, sentence_term
from casetrail.domain import PartialDate
from casetrail.store import Store, read_model
from casetrail.store.read_model import EventFact

ConflictKind = Literal["date", "term", "status"]

_MOMENTS = frozenset({"arrested", "sentenced", "released", "acquitted", "died"})
_ONCE = frozenset({"died"})
_SAME_MOMENT = timedelta(days=92)  # dates further apart are separate events, not a dispute
_TERM_TYPES = frozenset({"sentenced", "imprisoned"})


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    event: EventFact
    date: PartialDate | None  # the event's date, else its document's; None: not known at all
    date_from_document: bool  # `date` is the document's: the text gave none for the event
    term: Term | None  # the sentence length the event states, for sentences and imprisonment


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    message: str
    events: tuple[EventFact, ...]  # every event taking part, in timeline order


@dataclass(frozen=True, slots=True)
class Timeline:
    person_id: str
    name: str
    entries: tuple[TimelineEntry, ...]  # dated entries in date order, then the undated
    conflicts: tuple[Conflict, ...]
    observed: Observed  # the events read for status (see `status_as_of`)

    @property
    def conflicting_event_ids(self) -> frozenset[int]:
        return frozenset(event.id for c in self.conflicts for event in c.events)


def entry(event: EventFact) -> TimelineEntry:
    own = event.own_date
    date = own or event.document.date
    term = sentence_term(event.detail, event.quote) if event.type in _TERM_TYPES else None
    return TimelineEntry(event, date, own is None and date is not None, term)


def _entry_order(item: TimelineEntry) -> tuple[str, str, int]:
    return (sort_key(item.date), sort_key(item.event.document.date), item.event.id)


def build_timeline(
    person_id: str, name: str, events: Iterable[EventFact], observed: Observed | None = None
) -> Timeline:
    """The timeline of one person from their events (all of them, from any documents), and
    `observe` of them when the caller has it."""
    events = list(events)
    entries = sorted((entry(event) for event in events), key=_entry_order)
    observed = observe(person_id, name, events) if observed is None else observed
    conflicts = [
        *_date_conflicts(entries),
        *_term_conflicts(entries),
        *(_status_conflict(c) for c in observed.contradictions),
    ]
    return Timeline(person_id, name, tuple(entries), tuple(conflicts), observed)


def _components(size: int, linked: list[tuple[int, int]]) -> list[list[int]]:
    """Groups of indexes (below `size`) connected by the linked pairs, each in order."""
    parent = list(range(size))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for a, b in linked:
        parent[root(a)] = root(b)
    groups: dict[int, set[int]] = {}
    for index in {index for pair in linked for index in pair}:
        groups.setdefault(root(index), set()).add(index)
    return sorted(sorted(group) for group in groups.values())


def _disagreements(
    kind: ConflictKind,
    what: str,
    items: Sequence[TimelineEntry],
    claim: Callable[[TimelineEntry], Any],
    disagreeing: Callable[[list[Any]], Iterable[tuple[int, int]]],
    shown: Callable[[TimelineEntry], object],
) -> list[Conflict]:
    """One conflict per group of claims that documents make and that disagree, directly or
    through others. `disagreeing` gives the pairs of distinct claims (by index) that do:
    equal claims are compared once, however many documents make them."""
    making: dict[Any, list[TimelineEntry]] = {}
    for item in items:
        making.setdefault(claim(item), []).append(item)
    claims = list(making)
    documents = [{item.event.document.id for item in making[c]} for c in claims]
    # Made by more than one document: not one document's two claims (no union of the sets).
    linked = [
        (i, j)
        for i, j in disagreeing(claims)
        if len(documents[i]) > 1 or len(documents[j]) > 1 or documents[i] != documents[j]
    ]
    conflicts = []
    for group in _components(len(claims), linked):
        members = sorted((item for i in group for item in making[claims[i]]), key=_entry_order)
        # "7 years (documents #6, #8) vs 6 years (document #5)"
        cited: dict[str, dict[int, None]] = {}
        for item in members:
            cited.setdefault(str(shown(item)), {})[item.event.document.id] = None
        listed = " vs ".join(
            f"{value} (document{'s' if len(ids) > 1 else ''} {', '.join(f'#{i}' for i in ids)})"
            for value, ids in cited.items()
        )
        events = tuple(item.event for item in members)
        conflicts.append(Conflict(kind, f"{what}: documents disagree: {listed}", events))
    return conflicts


def _disagreeing_dates(dates: list[PartialDate], once: bool) -> Iterator[tuple[int, int]]:
    """Pairs of dates of one kind of moment that are a dispute, not two moments: dates that
    cannot name the same day, and (unless it happens once) are close enough to."""
    # Days and ISO texts once each, not once a pair (hashing dates into the caches).
    firsts = [first_day(d) for d in dates]
    lasts = [last_day(d) for d in dates]
    texts = [iso(d) for d in dates]
    order = sorted(range(len(dates)), key=firsts.__getitem__)
    for position, i in enumerate(order):
        for j in order[position + 1 :]:
            # Sorted by first day: the gap only grows, the rest are separate moments.
            if not once and firsts[j] - lasts[i] > _SAME_MOMENT:
                break
            # `compatible`: one refines the other.
            if not (texts[i].startswith(texts[j]) or texts[j].startswith(texts[i])):
                yield i, j


def _date_conflicts(entries: Sequence[TimelineEntry]) -> list[Conflict]:
    conflicts = []
    for type_ in sorted(_MOMENTS):
        dated = [e for e in entries if e.event.type == type_ and e.event.own_date is not None]
        disagreeing = partial(_disagreeing_dates, once=type_ in _ONCE)
        conflicts += _disagreements(
            "date",
            f"{type_} date",
            dated,
            lambda e: e.event.own_date,
            disagreeing,
            lambda e: e.date,
        )
    return conflicts


def _disagreeing_terms(claims: list[tuple[Any, PartialDate | None]]) -> Iterator[tuple[int, int]]:
    """Pairs of different terms for sentences whose dates agree or are not known."""
    for (i, (term, date)), (j, (other, other_date)) in combinations(enumerate(claims), 2):
        if term != other and (date is None or other_date is None or compatible(date, other_date)):
            yield i, j


def _term_conflicts(entries: Sequence[TimelineEntry]) -> list[Conflict]:
    with_term = [e for e in entries if e.term is not None]
    return _disagreements(
        "term",
        "sentence",
        with_term,
        lambda e: (e.term.key, e.event.own_date),  # type: ignore[union-attr]  # has a term
        _disagreeing_terms,
        lambda e: e.term,
    )


def _status_conflict(contradiction: Contradiction) -> Conflict:
    claim, change = contradiction.claim, contradiction.change
    start = f" since {claim.start}" if claim.start else ""
    outcome = "set aside" if contradiction.stale else "kept: it may report a new change"
    message = (
        f"status: document #{claim.event.document.id} ({claim.date}) says {claim.status}{start},"
        f" but document #{change.event.document.id} reports {change.status} on {change.date}"
        f" ({outcome})"
    )
    events = sorted((claim.event, change.event), key=lambda e: _entry_order(entry(e)))
    return Conflict("status", message, tuple(events))


def in_timeline_order(events: Iterable[EventFact]) -> list[EventFact]:
    """Events in the order of a timeline's entries."""
    return [item.event for item in sorted(map(entry, events), key=_entry_order)]


def timelines(
    store: Store,
    person_ids: Collection[str],
    events: Mapping[str, Sequence[EventFact]] | None = None,
) -> list[Timeline]:
    """The timelines of these persons, in the order asked; `events`: theirs, those a person
    rejected left out, when the caller has read them already."""
    names = read_model.person_names(store, person_ids)
    if events is None:
        events = read_model.events_by_person(store, person_ids)
    return [kept_timeline(pid, names.get(pid, pid), events.get(pid, ())) for pid in person_ids]


# The timelines last built of persons with many events, each by exactly the name and events
# it was built from (a write or review that changes one of them builds it again): the
# persons named in thousands of documents have their pages opened most, and their timeline
# took 0.2-0.6 s to build each time; hashing and comparing their events takes some 20 ms.
KEEP_FROM_EVENTS = 1000


def kept_timeline(person_id: str, name: str, events: Iterable[EventFact]) -> Timeline:
    """`build_timeline`, built again for a person with `KEEP_FROM_EVENTS` events or more
    only when their name or one of their events changed since this process last built it."""
    events = tuple(events)
    if len(events) < KEEP_FROM_EVENTS:
        return build_timeline(person_id, name, events)
    return _kept_timeline(person_id, name, events)


_kept_timeline = lru_cache(maxsize=8)(build_timeline)
