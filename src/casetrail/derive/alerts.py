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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, cast, get_args

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
from casetrail.derive.timeline import Conflict, Timeline, build_timeline
from casetrail.domain import PartialDate
from casetrail.store import Store, alert_rows, read_model
from casetrail.store.read_model import DemandFact, EventFact, Source, StoredCaseFact

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


def _custody_unnamed(
    observed: Observed, last_mention: PartialDate | None, as_of: date
) -> tuple[str, tuple[Source, ...]] | None:
    """If the person is in custody as of `as_of` and a dated document names them: the
    alert's message but for the months (`not_mentioned_message`), and its evidence."""
    status = status_as_of(observed, as_of)
    if status.status not in CUSTODY or last_mention is None:
        return None
    said = (
        f"{observed.name}: {status.status} (last confirmed {status.last_confirmed}), not named"
        f" by any document since {last_mention}"
    )
    return said, tuple(_source(o) for o in status.evidence[-1:])


def not_mentioned_message(said: str, as_of: date, months: int) -> str:
    return f"{said}, over {months} months before {as_of}"


def not_mentioned(
    observed: Observed, last_mention: PartialDate | None, as_of: date, months: int
) -> Alert | None:
    """An alert if the person, in custody as of `as_of`, was last named over `months` ago."""
    found = _custody_unnamed(observed, last_mention, as_of)
    if found is None or last_mention is None:
        return None
    if last_day(last_mention) >= months_before(as_of, months):
        return None
    said, evidence = found
    return Alert(
        "not_mentioned", not_mentioned_message(said, as_of, months), observed.person_id, evidence
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


def _sentence_end(
    name: str, record: CaseRecord, events: Sequence[EventFact]
) -> tuple[date, Alert] | None:
    """If the person's custodial sentence has an expected end and no release (acquittal,
    death) is recorded since it began: that end's last day, and the alert from the day after."""
    expected = record.expected_release
    if expected is None or not expected.custodial or release_recorded(expected, events):
        return None
    return last_day(expected.date), Alert(
        "due_for_release",
        f"{name}: the sentence of {expected.term} was expected to end in {expected.date}"
        f" ({expected.explanation}); no release is recorded",
        record.person_id,
        (expected.sentence.source,),
    )


def due_for_release(
    name: str, record: CaseRecord, events: Sequence[EventFact], as_of: date
) -> Alert | None:
    """An alert if the person's custodial sentence is expected to have ended before `as_of`
    and no release (acquittal, death) is recorded since it began."""
    found = _sentence_end(name, record, events)
    return found[1] if found is not None and found[0] < as_of else None


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What the alerts of some persons are derived from, read in a few queries."""

    names: dict[str, str]
    events: dict[str, list[EventFact]]
    demands: defaultdict[str, list[DemandFact]]
    mentioned: dict[str, PartialDate]
    facts: dict[str, list[StoredCaseFact]]


def _inputs(
    store: Store,
    person_ids: Sequence[str] | None,
    up_to: date | None,
    events: dict[str, list[EventFact]] | None = None,
) -> _Inputs:
    """The inputs of these persons' alerts (None: everyone's, each query in one pass instead
    of by lists of ids), the documents named up to a day (None: every day); `events` when
    the caller has read them."""
    person_of = read_model.record_persons(store, person_ids)
    wanted = None if person_ids is None else person_of.keys()
    if events is None:
        events = read_model.events_by_person(store, person_ids)
    # The documents of their events: most of those of their demands.
    known = {event.document.id: event.document for of in events.values() for event in of}
    demands_of: defaultdict[str, list[DemandFact]] = defaultdict(list)
    for demand in read_model.demands(store, target_record_ids=wanted, known=known):
        for pid in {person_of[r] for r in demand.target_record_ids if r in person_of}:
            demands_of[pid].append(demand)
    return _Inputs(
        read_model.person_names(store, person_ids),
        events,
        demands_of,
        read_model.last_mentions(store, None if up_to is None else up_to.isoformat(), person_ids),
        read_model.case_facts_by_person(store, person_ids),
    )


def person_alerts(
    store: Store, person_ids: Sequence[str] | None, as_of: date, months: int = 12
) -> list[Alert]:
    """The alerts about these persons (None: every person of concern), in that order; not
    those about undated documents."""
    ids = read_model.concern_ids(store) if person_ids is None else list(person_ids)
    inputs = _inputs(store, person_ids, as_of)
    found: list[Alert] = []
    for pid in ids:
        events = inputs.events.get(pid, [])
        timeline = build_timeline(pid, inputs.names.get(pid, pid), events)
        observed = timeline.observed
        record = build_case_record(pid, inputs.facts.get(pid, []), events)
        found += stale_demands(observed, inputs.demands[pid])
        found += [contradiction(pid, conflict) for conflict in timeline.conflicts]
        for alert in (
            not_mentioned(observed, inputs.mentioned.get(pid), as_of, months),
            death_in_custody(observed),
            due_for_release(observed.name, record, events, as_of),
        ):
            if alert is not None:
                found.append(alert)
    return found


def undated_documents(store: Store, offset: int = 0, limit: int | None = None) -> list[Alert]:
    """The alerts about undated documents, by document id, `limit` of them from `offset`."""
    return [
        Alert(
            "undated_document",
            f"document #{document.id} ({document.title or document.source}) has no date: the"
            " staleness of what it says cannot be judged",
            None,
            (Source(document, 0, 0, ""),),
        )
        for document in read_model.undated_documents(store, offset, limit)
    ]


def alerts(store: Store, as_of: date, months: int = 12) -> list[Alert]:
    """Every alert of the database, by kind, as of a day of reference."""
    found = person_alerts(store, None, as_of, months)
    found += undated_documents(store)
    order = {kind: index for index, kind in enumerate(ALERT_KINDS)}
    return sorted(found, key=lambda alert: order[alert.kind])


# Alerts kept on write: derived with the stored statuses, paged by the alerts pages.


def _settled_from(observed: Observed, last_mention: PartialDate | None) -> date:
    """The first day as of which every fact and mention of the person counts: from then on
    their status, and so their alerts, no longer depend on the day of reference (but for
    the months a custody case went unnamed, and a sentence's end, stored as days)."""
    days = [last_day(o.date) for o in (*observed.observations, *observed.disputed)]
    if last_mention is not None:  # a document counts from its date's first day (last_mentions)
        days.append(first_day(last_mention))
    return max(days, default=date.min)


def settled_days(store: Store, timelines: Mapping[str, Timeline]) -> dict[str, str]:
    """The day (ISO) from which the kept rows of the persons of these timelines hold."""
    mentioned = read_model.last_mentions(store, None, list(timelines))
    return {
        pid: _settled_from(timeline.observed, mentioned.get(pid)).isoformat()
        for pid, timeline in timelines.items()
    }


def _kept(alert: Alert, position: int, **days: str | None) -> dict[str, Any]:
    evidence = [[s.document.id, s.start, s.end, s.quote] for s in alert.evidence]
    return {
        "person_id": alert.person_id,
        "kind": alert.kind,
        "position": position,
        "message": alert.message,
        "evidence": evidence,
        "from_day": None,
        "mention_day": None,
        **days,
    }


def kept_alert_rows(
    store: Store, timelines: Mapping[str, Timeline], events: dict[str, list[EventFact]]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The `person_alerts` rows of the persons of these `timelines`, of their `events` as the
    caller read them, and the day each person's rows are settled from (`_settled_from`)."""
    inputs = _inputs(store, list(timelines), None, events)
    rows: list[dict[str, Any]] = []
    settled: dict[str, str] = {}
    for pid, timeline in timelines.items():
        events_of = inputs.events.get(pid, [])
        observed = timeline.observed
        mention = inputs.mentioned.get(pid)
        settled_from = _settled_from(observed, mention)
        settled[pid] = settled_from.isoformat()
        found = [
            *stale_demands(observed, inputs.demands[pid]),
            *(contradiction(pid, conflict) for conflict in timeline.conflicts),
        ]
        kept = [_kept(alert, position) for position, alert in enumerate(found)]
        unnamed = _custody_unnamed(observed, mention, settled_from)
        if unnamed is not None and mention is not None:
            alert = Alert("not_mentioned", unnamed[0], pid, unnamed[1])
            kept.append(_kept(alert, len(kept), mention_day=last_day(mention).isoformat()))
        death = death_in_custody(observed)
        if death is not None:
            kept.append(_kept(death, len(kept)))
        record = build_case_record(pid, inputs.facts.get(pid, []), events_of)
        ends = _sentence_end(observed.name, record, events_of)
        if ends is not None:
            from_day = (ends[0] + timedelta(days=1)).isoformat()
            kept.append(_kept(ends[1], len(kept), from_day=from_day))
        rows += kept
    return rows, settled


@dataclass(frozen=True, slots=True)
class AlertPage:
    counts: dict[AlertKind, int]  # of every kind asked for that has alerts, in kind order
    alerts: list[Alert]  # those of the page
    total: int


def kept_alerts(
    store: Store,
    as_of: date,
    months: int = 12,
    kind: AlertKind | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> AlertPage:
    """`alerts` (of one kind, or every kind), `limit` of them from `offset`, from the rows
    kept on write: an index walk rather than everyone's facts. Only persons with facts or
    mentions after `as_of` (a day in the past) have theirs derived here."""
    # The queue of facts to check imports this module: its refresh is imported here.
    from casetrail.facts import refresh_alerts

    refresh_alerts(store)  # writes: before the snapshot
    with store.snapshot():  # the counts and the page agree, read through one session
        return _kept_page(store, as_of, months, kind, offset, limit)


def _kept_page(
    store: Store, as_of: date, months: int, kind: AlertKind | None, offset: int, limit: int | None
) -> AlertPage:
    day, cutoff = as_of.isoformat(), months_before(as_of, months).isoformat()
    kinds = [kind] if kind else list(ALERT_KINDS)
    unsettled = alert_rows.unsettled(store, day) if "not_mentioned" in kinds else []
    derived = [
        alert
        for alert in (person_alerts(store, unsettled, as_of, months) if unsettled else [])
        if alert.kind == "not_mentioned"
    ]
    counted = alert_rows.counts(store, [k for k in kinds if k != "undated_document"], day, cutoff)
    counted["not_mentioned"] = counted.get("not_mentioned", 0) + len(derived)
    if "undated_document" in kinds:
        counted["undated_document"] = alert_rows.undated_count(store)
    counts = {k: counted[k] for k in kinds if counted.get(k)}
    end = None if limit is None else offset + limit
    shown: list[Alert] = []
    start = 0
    for each, count in counts.items():
        first, last = max(offset - start, 0), count if end is None else min(end - start, count)
        start += count
        if first >= last:
            continue
        if each == "undated_document":
            shown += undated_documents(store, first, last - first)
        elif each == "not_mentioned" and derived:
            # Few persons, or a day in the past: merged into the person order.
            merged = sorted(
                [*_stored(store, each, day, cutoff, as_of, months), *derived],
                key=lambda alert: alert.person_id or "",
            )
            shown += merged[first:last]
        else:
            shown += _stored(store, each, day, cutoff, as_of, months, first, last - first)
    return AlertPage(counts, shown, sum(counts.values()))


def _stored(
    store: Store,
    kind: AlertKind,
    day: str,
    cutoff: str,
    as_of: date,
    months: int,
    offset: int = 0,
    limit: int | None = None,
) -> list[Alert]:
    rows = alert_rows.page(store, kind, day, cutoff, offset, limit)
    return _alerts(store, [(kind, *row) for row in rows], as_of, months)


def _alerts(
    store: Store, rows: Sequence[tuple[str, str, str, list[Any]]], as_of: date, months: int
) -> list[Alert]:
    """Kept alerts of (kind, person id, message, evidence) as of a day, for these months."""
    documents = read_model.documents(store, {e[0] for row in rows for e in row[3]})
    return [
        Alert(
            cast(AlertKind, kind),
            not_mentioned_message(message, as_of, months) if kind == "not_mentioned" else message,
            person_id,
            tuple(Source(documents[d], start, end, quote) for d, start, end, quote in evidence),
        )
        for kind, person_id, message, evidence in rows
    ]


def kept_person_alerts(store: Store, person_id: str, as_of: date, months: int = 12) -> list[Alert]:
    """`person_alerts` of one person, from their kept rows when these are up to date (else
    derived, as for a person who is not of concern)."""
    day, cutoff = as_of.isoformat(), months_before(as_of, months).isoformat()
    rows = alert_rows.of_person(store, person_id, day, cutoff)
    if rows is None:
        return person_alerts(store, [person_id], as_of, months)
    return _alerts(store, rows, as_of, months)
