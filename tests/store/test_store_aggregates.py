"""Advocacy counts kept on write: after each refresh they must say what counting every record
says (casetrail.store.aggregates), whatever the writes in between."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date

import pytest
from sqlalchemy import select

from casetrail import resolution
from casetrail.derive.status import refresh_stored_statuses
from casetrail.present.web import pages_advocates
from casetrail.present.web.pages_advocates import (
    concern_totals,
    cosigners,
    first_concerns,
    network_counts,
)
from casetrail.present.web.pages_cases import PersonFilter, person_listing
from casetrail.store import Store, read_model
from casetrail.store.aggregates import refresh_advocacy, refresh_aggregates, refresh_facets
from casetrail.store.schema import (
    AdvocateConcernRow,
    AdvocateCosignerRow,
    AdvocateSummaryRow,
    PersonFacetRow,
    PersonRoleRow,
)
from tests.derive.builders import Person, write


def stored(store: Store) -> tuple[dict, dict, set, Counter, dict]:
    links = store.fetch(
        select(
            AdvocateConcernRow.advocate_id,
            AdvocateConcernRow.concern_id,
            AdvocateConcernRow.documents,
        )
    )
    summaries = store.fetch(
        select(
            AdvocateSummaryRow.person_id,
            AdvocateSummaryRow.documents,
            AdvocateSummaryRow.concerns,
            AdvocateSummaryRow.descriptors,
        )
    )
    facet = PersonFacetRow
    facets = store.fetch(
        select(
            facet.person_id,
            facet.role,
            facet.descriptors,
            facet.name,
            facet.aliases,
            facet.kind,
            facet.year,
            facet.records,
        )
    )
    return (
        {(advocate, concern): count for advocate, concern, count in links},
        {
            pid: (count, concerns, list(descriptors))
            for pid, count, concerns, descriptors in summaries
        },
        set(store.fetch(select(PersonRoleRow.person_id, PersonRoleRow.role))),
        Counter(
            {
                (
                    pid,
                    role,
                    tuple(json.loads(described)),
                    name,
                    tuple(json.loads(also)),
                    kind,
                    year,
                ): n
                for pid, role, described, name, also, kind, year, n in facets
            }
        ),
        {
            (advocate, other): shared
            for advocate, other, shared in store.fetch(
                select(
                    AdvocateCosignerRow.advocate_id,
                    AdvocateCosignerRow.other_id,
                    AdvocateCosignerRow.shared,
                )
            )
        },
    )


def counted(store: Store) -> tuple[dict, dict, set, Counter, dict]:
    """What the records say, counted one by one."""
    by_document: defaultdict[int, list] = defaultdict(list)
    for appearance in read_model.appearances(store, document_ids=None):
        by_document[appearance.document.id].append(appearance)
    links: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    documents: defaultdict[str, set[int]] = defaultdict(set)
    descriptors: defaultdict[str, dict[str, None]] = defaultdict(dict)
    for document_id, appearances in sorted(by_document.items()):
        concerns = [a.person_id for a in appearances if a.role == "concern" and a.person_id]
        for advocate in appearances:
            if advocate.role != "advocate" or advocate.person_id is None:
                continue
            documents[advocate.person_id].add(document_id)
            for concern in concerns:
                links[advocate.person_id, concern].add(document_id)
    concerns_of: defaultdict[str, set[str]] = defaultdict(set)
    for advocate, concern in links:
        concerns_of[advocate].add(concern)
    shared = {
        (advocate, other): len(concerns_of[advocate] & concerns_of[other])
        for advocate in concerns_of
        for other in concerns_of
        if advocate != other and concerns_of[advocate] & concerns_of[other]
    }
    for appearance in read_model.appearances(store, document_ids=None):  # by record id
        if appearance.role == "advocate" and appearance.person_id:
            descriptors[appearance.person_id].update(dict.fromkeys(appearance.descriptors))
    return (
        {pair: len(found) for pair, found in links.items()},
        {
            pid: (len(found), len(concerns_of[pid]), list(descriptors[pid]))
            for pid, found in documents.items()
        },
        {
            (a.person_id, a.role)
            for a in read_model.appearances(store, document_ids=None)
            if a.person_id
        },
        Counter(
            (
                a.person_id,
                a.role,
                a.descriptors,
                a.name,
                a.aliases,
                a.document.kind,
                str(a.document.date.year) if a.document.date else None,
            )
            for a in read_model.appearances(store, document_ids=None)
            if a.person_id
        ),
        shared,
    )


def refreshed(store: Store) -> None:
    refresh_stored_statuses(store)
    refresh_advocacy(store)
    refresh_facets(store)


def advocate(name: str, pid: str, *descriptors: str) -> Person:
    return Person(name, pid, role="advocate", descriptors=list(descriptors))


def test_counts_follow_writes_merges_and_reextractions(store: Store) -> None:
    lena, ivan = Person("Lena Orlova", "lena-orlova"), Person("Ivan Brusko", "ivan-brusko")
    anna = advocate("Anna Weber", "anna-weber", "MEP", "Greens/EFA")
    paul = advocate("Paul Moreau", "paul-moreau", "MEP")
    write(store, "First", "2021-01-05", [lena, anna])
    write(store, "Second", "2021-02-05", [lena, ivan, anna, paul])
    refreshed(store)
    assert stored(store) == counted(store)
    assert stored(store)[0][("anna-weber", "lena-orlova")] == 2

    # A write after the refresh: marked stale; the roles are counted again with the
    # statuses, the advocacy when the advocates pages ask for it, the facets when the
    # search page does.
    write(store, "Third", "2021-03-05", [ivan, advocate("P. Moreau", "paul-moreau", "Renew")])
    assert stored(store) != counted(store)
    refresh_stored_statuses(store)
    assert stored(store)[2] == counted(store)[2]
    assert stored(store)[3] != counted(store)[3]
    assert stored(store)[:2] != counted(store)[:2]
    assert refresh_advocacy(store) == 2
    assert stored(store)[3] != counted(store)[3]
    assert refresh_facets(store) == 2
    assert stored(store) == counted(store)
    assert stored(store)[1]["paul-moreau"] == (2, 2, ["MEP", "Renew"])

    # Resolution moves records to another person: both persons are counted again.
    moved = {a.record_id: "anna-weber" for a in read_model.appearances(store, ["paul-moreau"])}
    store.set_person_ids(moved)
    refreshed(store)
    assert stored(store) == counted(store)
    assert "paul-moreau" not in stored(store)[1]
    assert ("anna-weber", "advocate") in stored(store)[2]


def test_counting_everyone_again_gives_the_same_counts(store: Store) -> None:
    write(
        store,
        "One",
        "2020-05-01",
        [Person("Lena Orlova", "lena-orlova"), advocate("Anna Weber", "anna-weber", "MEP")],
    )
    refreshed(store)
    kept = stored(store)
    refresh_aggregates(store, None)
    assert stored(store) == kept == counted(store)


def test_cosigners_are_counted_and_named_from_the_counts(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    lena, ivan = Person("Lena Orlova", "lena-orlova"), Person("Ivan Brusko", "ivan-brusko")
    olga = Person("Olga Zaitseva", "olga-zaitseva")
    anna, paul = advocate("Anna Weber", "anna-weber"), advocate("Paul Moreau", "paul-moreau")
    rita = advocate("Rita Lopes", "rita-lopes")
    write(store, "One", "2021-01-05", [lena, ivan, olga, anna])
    write(store, "Two", "2021-02-05", [olga, ivan, paul])
    write(store, "Three", "2021-03-05", [lena, rita])
    refreshed(store)
    # The table's first persons of each advocate: the most documents first, then by id.
    assert first_concerns(store, ["anna-weber", "paul-moreau"], 2) == {
        "anna-weber": ["ivan-brusko", "lena-orlova"],
        "paul-moreau": ["ivan-brusko", "olga-zaitseva"],
    }
    found, total = cosigners(store, "anna-weber")
    assert total == 2
    assert [(c.person_id, c.shared) for c in found] == [("paul-moreau", 2), ("rita-lopes", 1)]
    assert [name for _, name in found[0].named] == ["Ivan Brusko", "Olga Zaitseva"]
    # The first of the shared by name, found a slice of the advocate's persons at a time.
    monkeypatch.setattr(pages_advocates, "SHARED_NAMED", 1)
    monkeypatch.setattr(pages_advocates, "_SHARED_SLICE", 1)
    found, _ = cosigners(store, "anna-weber")
    assert [c.named for c in found] == [
        [("ivan-brusko", "Ivan Brusko")],
        [("lena-orlova", "Lena Orlova")],
    ]


def test_the_network_is_kept_until_the_counts_change(store: Store) -> None:
    lena, ivan = Person("Lena Orlova", "lena-orlova"), Person("Ivan Brusko", "ivan-brusko")
    anna = advocate("Anna Weber", "anna-weber")
    write(store, "One", "2021-01-05", [lena, anna])
    refreshed(store)
    first = network_counts(store)
    assert (first.top, first.drawn, first.concerns_total) == (
        (("anna-weber", 1),),
        ("lena-orlova",),
        1,
    )
    assert network_counts(store) is first
    write(store, "Two", "2021-02-05", [ivan, lena, anna])
    refreshed(store)
    second = network_counts(store)
    assert second.top == (("anna-weber", 2),)
    assert second.concerns == {"anna-weber": {"lena-orlova": 2, "ivan-brusko": 1}}
    # Counting everyone again is a change too.
    refresh_aggregates(store, None)
    assert network_counts(store) is not second


def test_the_persons_table_by_status_reads_the_segments_of_the_day(store: Store) -> None:
    held = Person("Lena Orlova", "lena-orlova", events=[("arrested", "2020-05-14", "held")])
    freed = Person("ivan Brusko", "ivan-brusko", events=[("arrested", "2020-01-02", "held")])
    write(store, "One", "2020-06-01", [held, freed, advocate("Anna Weber", "anna-weber")])
    freed.events = [("released", "2021-03-04", "freed")]
    write(store, "Two", "2021-04-01", [freed])
    write(store, "Three", "2021-04-02", [Person("Olga Zaitseva", "olga-zaitseva")])

    def listed(day: date, **view: str) -> tuple[int, list[tuple[str, str]]]:
        total, rows = person_listing(store, PersonFilter(day, role="concern", **view))
        return total, [(row.person_id, row.status.status) for row in rows]

    today = date(2022, 1, 1)
    assert listed(today, sort="status") == (
        3,
        [("lena-orlova", "imprisoned"), ("ivan-brusko", "released"), ("olga-zaitseva", "unknown")],
    )
    assert listed(date(2020, 7, 1), sort="status", order="desc")[1] == [
        ("olga-zaitseva", "unknown"),
        ("ivan-brusko", "imprisoned"),
        ("lena-orlova", "imprisoned"),
    ]
    assert listed(today, status="released", sort="id") == (1, [("ivan-brusko", "released")])


def test_cosigners_follow_merges_splits_and_undos(store: Store) -> None:
    """Merging persons of concern retires one of them (its links go with it), a split gives
    an advocate's documents to two persons, an undo takes both back: after each the kept
    co-signers are those counted from every record."""
    lena, elena = Person("Lena Orlova", "lena-orlova"), Person("Elena Orlova", "elena-orlova")
    ivan = Person("Ivan Brusko", "ivan-brusko")
    anna, paul = advocate("Anna Weber", "anna-weber"), advocate("Paul Moreau", "paul-moreau")
    rita = advocate("Rita Lopes", "rita-lopes")
    write(store, "One", "2021-01-05", [lena, ivan, anna, paul])
    write(store, "Two", "2021-02-05", [elena, paul, rita])
    write(store, "Three", "2021-03-05", [elena, ivan, anna])
    refreshed(store)
    assert stored(store)[4][("anna-weber", "paul-moreau")] == 3
    assert stored(store) == counted(store)

    assert concern_totals(store, ["anna-weber", "rita-lopes"]) == {
        "anna-weber": 3,
        "rita-lopes": 1,
    }

    merged = resolution.merge(store, "lena-orlova", "elena-orlova", "alice")
    # Retiring Lena took Anna's link to her, which no refresh would count again: Anna wrote
    # about Elena already.
    assert concern_totals(store, ["anna-weber"]) == {"anna-weber": 2}
    refreshed(store)
    assert stored(store) == counted(store)
    assert stored(store)[4][("rita-lopes", "anna-weber")] == 1  # Lena, as Elena
    assert stored(store)[4][("anna-weber", "paul-moreau")] == 2

    split = resolution.split(store, "anna-weber", "alice", by="document")
    refreshed(store)
    assert stored(store) == counted(store)
    assert len({pid for pid, _ in stored(store)[4]}) == 4

    for action in (split, merged):
        resolution.undo(store, action.action.judgement_ids[0], "bob")
        refreshed(store)
        assert stored(store) == counted(store)
    refresh_aggregates(store, None)
    assert stored(store) == counted(store)
