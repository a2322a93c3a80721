"""A person's case in brief, as an annex row or a dossier's head presents it: names, role
words, status, charges, sentence and key dates, each with the sources that state it."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from casetrail.derive.advocacy import Profile, profile
from casetrail.derive.case_record import CaseRecord, build_case_record, term_text
from casetrail.derive.persons import spellings
from casetrail.derive.status import PersonStatus, status_as_of
from casetrail.derive.timeline import Timeline, timelines
from casetrail.domain import Charge, CourtSentence, PartialDate
from casetrail.store import Store, read_model
from casetrail.store.read_model import Appearance, EventFact, Source, StoredCaseFact

K = TypeVar("K", bound=Hashable)
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
    charges: tuple[Sourced, ...]  # as `charge_text` words them
    # As `sentence_text` words them; whether their terms disagree: the timeline's conflicts.
    sentences: tuple[Sourced, ...]
    key_dates: tuple[KeyDate, ...]
    timeline: Timeline
    record: CaseRecord  # the same facts as fields, and the expected end of the sentence


def charge_text(charge: Charge) -> str:
    """ "Article 174 part 1 (criminal code, KZ): inciting social discord" """
    law = ""
    if charge.article:
        law = f"Article {charge.article}" + (f" part {charge.part}" if charge.part else "")
        where = ", ".join(
            x for x in (f"{charge.code} code" if charge.code else "", charge.country) if x
        )
        law += f" ({where})" if where else ""
    return ": ".join(x for x in (law, charge.text) if x)


def sentence_text(sentence: CourtSentence, date: PartialDate | None) -> str:
    """ "2021-01-12: 4 years, imprisonment, general regime, Almaty District Court" """
    fine = (
        f"fine of {sentence.fine_amount} {sentence.fine_currency or ''}".strip()
        if sentence.fine_amount
        else ""
    )
    parts = [
        term_text(sentence),
        "suspended" if sentence.suspended else "",
        (sentence.penalty or "").replace("_", " ")
        if sentence.penalty != "fine" or not fine
        else "",
        f"{sentence.regime} regime" if sentence.regime else "",
        fine,
        sentence.court or "",
        f"judge {sentence.judge}" if sentence.judge else "",
    ]
    text = ", ".join(p for p in parts if p) or "sentenced"
    return f"{date}: {text}" if date else text


def _described(facts: Sequence[StoredCaseFact]) -> list[tuple[str, Source]]:
    """Charges and sentences in words, each with its source."""
    found = []
    for fact in facts:
        value = fact.value
        if isinstance(value, Charge):
            found.append((charge_text(value), fact.source))
        elif isinstance(value, CourtSentence):
            found.append((sentence_text(value, fact.date), fact.source))
    return found


def _grouped(pairs: Iterable[tuple[K, Source]]) -> list[tuple[K, tuple[Source, ...]]]:
    """Values in order of first appearance, each with its sources (each source once)."""
    found: dict[K, dict[Source, None]] = {}
    for value, source in pairs:
        found.setdefault(value, {})[source] = None
    return [(value, tuple(sources)) for value, sources in found.items()]


def summarise(
    timeline: Timeline,
    names: Sequence[str],
    descriptors: Sequence[str],
    as_of: date,
    record: CaseRecord,
) -> CaseSummary:
    """The summary of one case from its timeline and case record; `names`: every spelling,
    most used first."""
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
        tuple(Sourced(v, sources) for v, sources in _grouped(_described(record.charges))),
        tuple(Sourced(v, sources) for v, sources in _grouped(_described(record.sentences))),
        tuple(KeyDate(*moment, sources) for moment, sources in _grouped(moments)),
        timeline,
        record,
    )


def case_summaries(
    store: Store,
    person_ids: Sequence[str],
    as_of: date,
    *,
    events: Mapping[str, Sequence[EventFact]] | None = None,
    appearances: Sequence[Appearance] | None = None,
) -> list[CaseSummary]:
    """The summaries of these persons' cases, in the order asked. `events` (those a person
    rejected left out) and `appearances` (`read_model.appearances` of these persons): when
    the caller has read them already, for a page that shows them too."""
    known = spellings(store, person_ids)
    descriptors: dict[str, list[str]] = {pid: [] for pid in person_ids}
    if appearances is None:
        appearances = read_model.appearances(store, person_ids=person_ids)
    for appearance in appearances:
        if appearance.role == "concern" and appearance.person_id in descriptors:
            descriptors[appearance.person_id].extend(appearance.descriptors)
    facts = read_model.case_facts_by_person(store, person_ids)
    return [
        summarise(
            timeline,
            known.get(timeline.person_id, []),
            descriptors[timeline.person_id],
            as_of,
            build_case_record(
                timeline.person_id,
                facts.get(timeline.person_id, []),
                [entry.event for entry in timeline.entries],
            ),
        )
        for timeline in timelines(store, person_ids, events)
    ]
