"""A person's case in brief, as an annex row or a dossier's head presents it: names, role
words, status, charges, sentence and key dates, each with the sources that state it."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from casetrail.derive.advocacy import Profile, profile
from casetrail.derive.persons import spellings
from casetrail.derive.status import PersonStatus, status_as_of
from casetrail.derive.terms import articles, charges
from casetrail.derive.timeline import Timeline, timelines
from casetrail.domain import PartialDate
from casetrail.store import Store, read_model
from casetrail.store.read_model import Source

K = TypeVar("K", bound=Hashable)
_CHARGE_TYPES = frozenset({"charged", "tried", "sentenced", "threatened"})
KEY_EVENTS = ("arrested", "house_arrest", "sentenced", "released", "acquitted", "died")


@dataclass(frozen=True, slots=True)
class Sourced:
    """A value (a charge, a term, a date...) and every source stating it."""

    value: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class KeyDate:
    type: str
    date: PartialDate
    date_from_document: bool  # the document's date: the text gives none for the event
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class CaseSummary:
    person_id: str
    name: str
    spellings: tuple[str, ...]  # other names and spellings, most frequent first
    profile: Profile  # the role words of the documents presenting the person as of concern
    status: PersonStatus
    charges: tuple[Sourced, ...]  # articles of law, then charges named in quotation marks
    sentences: tuple[Sourced, ...]  # more than one: the sources disagree
    key_dates: tuple[KeyDate, ...]
    timeline: Timeline


def _grouped(pairs: Iterable[tuple[K, Source]]) -> list[tuple[K, tuple[Source, ...]]]:
    """Values in order of first appearance, each with its sources (each source once)."""
    found: dict[K, dict[Source, None]] = {}
    for value, source in pairs:
        found.setdefault(value, {})[source] = None
    return [(value, tuple(sources)) for value, sources in found.items()]


def summarise(
    timeline: Timeline, names: Sequence[str], descriptors: Sequence[str], as_of: date
) -> CaseSummary:
    """The summary of one case from its timeline; `names`: every spelling, most used first."""
    charged = [e.event for e in timeline.entries if e.event.type in _CHARGE_TYPES]
    law = [(a, e.source) for e in charged for a in articles(f"{e.detail} {e.quote}")]
    named = [(charge, e.source) for e in charged for charge in charges(e.detail)]
    terms = [(str(e.term), e.event.source) for e in timeline.entries if e.term is not None]
    moments = [
        ((e.event.type, e.date, e.date_from_document), e.event.source)
        for e in timeline.entries
        if e.event.type in KEY_EVENTS and e.date is not None
    ]
    return CaseSummary(
        timeline.person_id,
        timeline.name,
        tuple(n for n in names if n != timeline.name),
        profile(descriptors),
        status_as_of(timeline.observed, as_of),
        tuple(Sourced(value, sources) for value, sources in _grouped([*law, *named])),
        tuple(Sourced(value, sources) for value, sources in _grouped(terms)),
        tuple(KeyDate(*moment, sources) for moment, sources in _grouped(moments)),
        timeline,
    )


def case_summaries(store: Store, person_ids: Sequence[str], as_of: date) -> list[CaseSummary]:
    """The summaries of these persons' cases, in the order asked."""
    known = spellings(store, person_ids)
    descriptors: dict[str, list[str]] = {pid: [] for pid in person_ids}
    for appearance in read_model.appearances(store, person_ids=person_ids):
        if appearance.role == "concern" and appearance.person_id in descriptors:
            descriptors[appearance.person_id].extend(appearance.descriptors)
    return [
        summarise(
            timeline, known.get(timeline.person_id, []), descriptors[timeline.person_id], as_of
        )
        for timeline in timelines(store, person_ids)
    ]
