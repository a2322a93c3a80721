"""Alerts: what in the case database needs a person's attention before the next letter.

- `stale_demand`: a document demands the release of someone whom an earlier-dated document
  reports released (or dead), with no new detention reported in between.
- `contradiction`: documents disagree on a date, a sentence or a status (see `timeline`).
- `not_mentioned`: someone last known in custody whom no dated document has named for more
  than N months before the day of reference: is the case still followed?
- `death_in_custody`: someone who died while in custody, as the stored facts place them.
- `due_for_release`: the custodial sentence of someone is expected to have ended (an estimate,
  see `case_record`) before the day of reference, and no release is recorded since it began.
- `undated_document`: a document without a date: the staleness of what it says cannot be
  judged, and nothing it says without a date of its own is used for a status.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from casetrail.derive.case_record import CaseRecord, build_case_record, release_recorded
from casetrail.derive.dates import first_day, last_day, months_before
from casetrail.derive.status import (
    CUSTODY,
    Observation,
    Observed,
    custody_at_death,
    state_before,
    status_as_of,
)
from casetrail.derive.timeline import Conflict, build_timeline
from casetrail.domain import PartialDate
from casetrail.store import Store, read_model
from casetrail.store.read_model import DemandFact, EventFact, Source

AlertKind = Literal[
    "stale_demand",
    "contradiction",
    "not_mentioned",
    "death_in_custody",
    "due_for_release",
    "undated_document",
]
ALERT_KINDS: tuple[AlertKind, ...] = get_args(AlertKind)
_STALE_FOR_RELEASE = frozenset({"released", "deceased"})


@dataclass(frozen=True, slots=True)
class Alert:
    kind: AlertKind
    message: str
    person_id: str | None
    evidence: tuple[Source, ...]  # the facts behind the alert, first the one to act on


def _source(observation: Observation) -> Source:
    return observation.event.source


def stale_demands(observed: Observed, demands: Sequence[DemandFact]) -> list[Alert]:
    """The person's release demands made after an earlier-dated document reported them
    released (or dead), with nothing since putting them back in custody."""
    found = []
    for demand in demands:
        when = demand.document.date
        if demand.action != "release" or when is None:
            continue
        before = state_before(observed, when)
        if before is None or before[0] not in _STALE_FOR_RELEASE:
            continue
        status, change = before
        told = change.event.document.date
        # Only what a document dated before the demand could have told its authors.
        if told is None or last_day(told) >= first_day(when):
            continue
        found.append(
            Alert(
                "stale_demand",
                f"document #{demand.document.id} ({when}) demands the release of"
                f" {observed.name}, {status} on {change.date} according to document"
                f" #{change.event.document.id} ({told})",
                observed.person_id,
                (demand.source, _source(change)),
            )
        )
    return found


def contradiction(person_id: str, conflict: Conflict) -> Alert:
    sources = tuple(event.source for event in conflict.events)
    return Alert("contradiction", conflict.message, person_id, sources)


def not_mentioned(
    observed: Observed, last_mention: PartialDate | None, as_of: date, months: int
) -> Alert | None:
    """An alert if the person, in custody as of `as_of`, was last named over `months` ago."""
    status = status_as_of(observed, as_of)
    if status.status not in CUSTODY or last_mention is None:
        return None
    if last_day(last_mention) >= months_before(as_of, months):
        return None
    return Alert(
        "not_mentioned",
        f"{observed.name}: {status.status} (last confirmed {status.last_confirmed}), not named"
        f" by any document since {last_mention}, over {months} months before {as_of}",
        observed.person_id,
        tuple(_source(o) for o in status.evidence[-1:]),
    )


def death_in_custody(observed: Observed) -> Alert | None:
    found = custody_at_death(observed)
    if found is None:
        return None
    death, custody = found
    return Alert(
        "death_in_custody",
        f"{observed.name} died on {death.date} in custody ({custody.status} since {custody.date})",
        observed.person_id,
        (_source(death), _source(custody)),
    )


def due_for_release(
    name: str, record: CaseRecord, events: Sequence[EventFact], as_of: date
) -> Alert | None:
    """An alert if the person's custodial sentence is expected to have ended before `as_of`
    and no release (acquittal, death) is recorded since it began."""
    expected = record.expected_release
    if expected is None or not expected.custodial or last_day(expected.date) >= as_of:
        return None
    if release_recorded(expected, events):
        return None
    return Alert(
        "due_for_release",
        f"{name}: the sentence of {expected.term} was expected to end in {expected.date}"
        f" ({expected.explanation}); no release is recorded",
        record.person_id,
        (expected.sentence.source,),
    )


def person_alerts(
    store: Store, person_ids: Sequence[str] | None, as_of: date, months: int = 12
) -> list[Alert]:
    """The alerts about these persons (None: every person of concern), in that order; not
    those about undated documents."""
    ids = read_model.concern_ids(store) if person_ids is None else list(person_ids)
    # With None, each query reads everything in one pass instead of by lists of ids.
    names = read_model.person_names(store, person_ids)
    events = read_model.events_by_person(store, person_ids)
    person_of = read_model.record_persons(store, person_ids)
    wanted = None if person_ids is None else person_of.keys()
    demands_of: defaultdict[str, list[DemandFact]] = defaultdict(list)
    for demand in read_model.demands(store, target_record_ids=wanted):
        for pid in {person_of[r] for r in demand.target_record_ids if r in person_of}:
            demands_of[pid].append(demand)
    mentioned = read_model.last_mentions(store, as_of.isoformat(), person_ids)
    facts = read_model.case_facts_by_person(store, person_ids)
    found: list[Alert] = []
    for pid in ids:
        timeline = build_timeline(pid, names.get(pid, pid), events.get(pid, []))
        observed = timeline.observed
        record = build_case_record(pid, facts.get(pid, []), events.get(pid, []))
        found += stale_demands(observed, demands_of[pid])
        found += [contradiction(pid, conflict) for conflict in timeline.conflicts]
        for alert in (
            not_mentioned(observed, mentioned.get(pid), as_of, months),
            death_in_custody(observed),
            due_for_release(observed.name, record, events.get(pid, []), as_of),
        ):
            if alert is not None:
                found.append(alert)
    return found


def undated_documents(store: Store) -> list[Alert]:
    return [
        Alert(
            "undated_document",
            f"document #{document.id} ({document.title or document.source}) has no date: the"
            " staleness of what it says cannot be judged",
            None,
            (Source(document, 0, 0, ""),),
        )
        for document in read_model.undated_documents(store)
    ]


def alerts(store: Store, as_of: date, months: int = 12) -> list[Alert]:
    """Every alert of the database, by kind, as of a day of reference."""
    found = person_alerts(store, None, as_of, months)
    found += undated_documents(store)
    order = {kind: index for index, kind in enumerate(ALERT_KINDS)}
    return sorted(found, key=lambda alert: order[alert.kind])
