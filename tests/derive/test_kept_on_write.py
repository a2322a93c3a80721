"""Alerts and the queue of facts to check, kept on write (`kept_alerts`, a person's
`kept_person_alerts`, `kept_verification_queue`): whatever the writes, reviews and merges
in between, they must say what deriving every person's on read (`alerts`, `person_alerts`,
`verification_queue`) says, on any day of reference, for any months and kind, page by page."""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import date, timedelta

import pytest

from casetrail.derive import ALERT_KINDS, Alert, alerts
from casetrail.derive.alerts import kept_alerts, kept_person_alerts, person_alerts
from casetrail.derive.case_record import case_records
from casetrail.derive.dates import last_day, months_before
from casetrail.domain import CourtSentence
from casetrail.facts import QueueItem, kept_verification_queue, verification_queue
from casetrail.store import ReviewConflict, Store, read_model
from casetrail.store.reviews import FactRef
from tests.derive.builders import Person, write

NAMES = [("Ida Korr", "ida-korr"), ("Tom Brisk", "tom-brisk"), ("Eva Stan", "eva-stan")]
EVENTS = ["arrested", "imprisoned", "sentenced", "released", "died", "charged", "acquitted"]
TERM = CourtSentence(term_months=24, penalty="imprisonment", regime="general")


def shown(found: list[Alert]) -> list[tuple]:
    return [
        (a.kind, a.person_id, a.message, [(s.document.id, s.start, s.end) for s in a.evidence])
        for a in found
    ]


def assert_person_alerts_kept_as_derived(store: Store, day: date, months: int) -> None:
    for _, pid in NAMES:
        derived = person_alerts(store, [pid], day, months)
        assert shown(kept_person_alerts(store, pid, day, months)) == shown(derived), pid


def assert_kept_as_derived(store: Store, days: list[date]) -> None:
    for day in days:
        for months in (1, 12, 60):
            # Before the alerts page refreshes them: the written persons' are derived.
            assert_person_alerts_kept_as_derived(store, day, months)
            derived = alerts(store, day, months)
            kept = kept_alerts(store, day, months)
            assert_person_alerts_kept_as_derived(store, day, months)
            assert shown(kept.alerts) == shown(derived), (day, months)
            assert kept.total == len(derived)
            assert kept.counts == {
                k: n for k in ALERT_KINDS if (n := sum(a.kind == k for a in derived))
            }
            for kind in {a.kind for a in derived}:
                of_kind = [a for a in derived if a.kind == kind]
                assert shown(kept_alerts(store, day, months, kind).alerts) == shown(of_kind)
            for offset, limit in ((0, 2), (1, 3), (3, 100)):
                page = kept_alerts(store, day, months, None, offset, limit)
                assert shown(page.alerts) == shown(derived[offset : offset + limit])


def queued(items: list[QueueItem]) -> list[tuple]:
    return [(i.priority, i.why, i.person_name, i.ref, i.person_id) for i in items]


def assert_queue_kept_as_derived(store: Store) -> None:
    for day in (date.today(), date(2021, 6, 1)):
        derived = verification_queue(store, day)
        for limit in (3, 1000):
            kept, total = kept_verification_queue(store, day, limit)
            assert queued(kept) == queued(derived[:limit]), (day, limit)
            assert total == len(derived)
        shown = kept_verification_queue(store, day, 1000)[0]
        assert [i.event or i.other for i in shown] == [i.event or i.other for i in derived]


def _date(rng: random.Random) -> str:
    day = date(2018, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    return rng.choice([day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]])


def _person(rng: random.Random) -> Person:
    name, pid = rng.choice(NAMES)
    events = [
        (rng.choice(EVENTS), rng.choice([None, _date(rng)]), f"event {n} of {name}")
        for n in range(rng.randrange(3))
    ]
    facts = []
    if rng.random() < 0.3:
        when = _date(rng)
        facts.append((TERM, when, f"{name} was sentenced to two years."))
        events.append(("sentenced", when, f"{name} was sentenced to two years."))
    return Person(name, pid, events=events, facts=facts)


def _months_after(day: date, months: int) -> date:
    """The first day whose day `months` before (`months_before`) is `day` or later."""
    later = day + timedelta(days=31 * months - 40)
    while months_before(later, months) < day:
        later += timedelta(days=1)
    return later


def _days(store: Store, rng: random.Random) -> list[date]:
    """Days of reference around the edges: the last day of each date a fact or document
    gives, the day after it, and the day after the months asked for; the ends of sentences."""
    edges = {date(2017, 6, 1), date.today()}
    dates = [fact.date for fact in read_model.events(store)]
    dates += [document.date for document in read_model.documents(store).values()]
    for when in filter(None, dates):
        edges |= {last_day(when), last_day(when) + timedelta(days=1)}
        edges |= {_months_after(last_day(when), months) for months in (1, 12, 60)}
    for record in case_records(store, [pid for _, pid in NAMES]).values():
        if record.expected_release is not None:
            end = last_day(record.expected_release.date)
            edges |= {end, end + timedelta(days=1)}
    return sorted(rng.sample(sorted(edges), min(len(edges), 8)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_alerts_and_queue_follow_writes_reviews_and_merges(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    held = [
        Person(name, pid, events=[("imprisoned", None, f"{name} is held.")]) for name, pid in NAMES
    ]
    # Undated: their document's date places the facts that decide their status.
    write(store, "Appeal", "2021-03-01", held[::-1], [("release", [1, 0], "Free them both.")])
    for step in range(8):
        persons = [_person(rng) for _ in range(rng.randrange(1, 3))]
        targets = rng.choice([[0], list(range(len(persons)))[::-1]])
        demands = [("release", targets, "Free them now.")] if rng.random() < 0.5 else []
        written = write(store, f"Letter {step}", rng.choice([_date(rng), None]), persons, demands)
        action = rng.random()
        events = [e for e in read_model.events(store) if e.state == "extracted"]
        if action < 0.2 and events:
            store.review_event(rng.choice(events).id, "amina", "rejected", "not so")
        elif action < 0.35 and events:
            event = rng.choice(events)
            store.edit_event(event.id, "amina", date=_date(rng))
        elif action < 0.5:
            # A person finds the document dated otherwise.
            with suppress(ReviewConflict):  # the date drawn may be the one it had
                store.review_fact(
                    FactRef("document-date", written),
                    "amina",
                    "corrected",
                    "misread",
                    date=_date(rng),
                )
        elif action < 0.6:
            found = read_model.demands(store, document_ids=[written])
            if found:
                store.review_fact(FactRef("demand", found[0].id), "amina", "rejected", "quoted")
        elif action < 0.68:
            # A person finds a document does not present someone as a person of concern.
            roles = [a for a in read_model.appearances(store) if a.state == "extracted"]
            if roles:
                ref = FactRef("role", rng.choice(roles).record_id)
                store.review_fact(ref, "amina", "corrected", "an advocate", role="advocate")
        elif action < 0.75:
            # Resolution moves one person's records to another (a merge).
            (_, left), (_, right) = rng.sample(NAMES, 2)
            moved = {a.record_id: right for a in read_model.appearances(store, [left])}
            if moved:
                store.set_person_ids(moved)
        assert_kept_as_derived(store, _days(store, rng))
        assert_queue_kept_as_derived(store)
