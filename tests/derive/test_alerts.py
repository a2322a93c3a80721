"""Alerts on fictional documents: each kind, and the silence when nothing is wrong."""

from __future__ import annotations

from datetime import date

from casetrail.derive import Alert, alerts
from casetrail.store import Store, read_model
from casetrail.store.reviews import FactRef
from tests.derive.builders import Person, write


def kinds(found: list[Alert]) -> list[tuple[str, str | None]]:
    return [(alert.kind, alert.person_id) for alert in found]


def test_a_release_demand_after_a_reported_release_is_stale(store: Store) -> None:
    ida = Person("Ida Korr", "ida-korr", events=[("released", "2022-03-04", "freed on parole")])
    write(store, "News", "2022-03-05", [ida])
    demanding = write(
        store,
        "Appeal",
        "2023-03-14",
        [Person("Ida Korr", "ida-korr")],
        demands=[("release", [0], "We call for the release of Ida Korr.")],
    )
    write(
        store,
        "Earlier appeal",
        "2021-11-15",
        [Person("Ida Korr", "ida-korr")],
        demands=[("release", [0], "Free Ida Korr.")],
    )
    [alert] = [a for a in alerts(store, date(2023, 4, 1)) if a.kind == "stale_demand"]
    assert alert.person_id == "ida-korr"
    assert alert.evidence[0].document.id == demanding
    assert alert.evidence[0].quote == "We call for the release of Ida Korr."
    assert alert.evidence[1].quote == "freed on parole"

    # A person finds the "demand" is no demand: it no longer counts.
    demand = alert.evidence[0]
    [found] = [d for d in read_model.demands(store, document_ids=[demanding])]
    assert (found.start, found.end) == (demand.start, demand.end)
    store.review_fact(FactRef("demand", found.id), "amina", "rejected", "a quotation")
    assert not [a for a in alerts(store, date(2023, 4, 1)) if a.kind == "stale_demand"]


def test_a_death_in_custody(store: Store) -> None:
    tom = Person(
        "Tom Brisk",
        "tom-brisk",
        events=[
            ("arrested", "2020-11-12", "arrested"),
            ("died", "2021-10-03", "died in the colony"),
        ],
    )
    free = Person(
        "Ana Lisk",
        "ana-lisk",
        events=[("released", "2020-01-01", "released"), ("died", "2021-01-01", "died")],
    )
    write(store, "Statement", "2021-10-05", [tom, free])
    found = [a for a in alerts(store, date(2021, 11, 1)) if a.kind == "death_in_custody"]
    assert kinds(found) == [("death_in_custody", "tom-brisk")]
    assert [s.quote for s in found[0].evidence] == ["died in the colony", "arrested"]


def test_a_prisoner_not_named_for_months(store: Store) -> None:
    write(
        store,
        "Letter",
        "2020-10-16",
        [Person("Eva Stan", "eva-stan", events=[("imprisoned", None, "in prison")])],
    )
    assert alerts(store, date(2021, 10, 1), months=12) == []
    [alert] = alerts(store, date(2021, 10, 17), months=12)
    assert (alert.kind, alert.person_id) == ("not_mentioned", "eva-stan")
    assert "2020-10-16" in alert.message


def test_contradictions_and_undated_documents(store: Store) -> None:
    one = Person("Max Pell", "max-pell", events=[("sentenced", "2020-01-23", "to six years")])
    two = Person("Max Pell", "max-pell", events=[("sentenced", "2020-01-23", "to seven years")])
    write(store, "One", "2020-02-01", [one])
    undated = write(store, "Two", None, [two])
    found = alerts(store, date(2020, 3, 1))
    assert kinds(found) == [("contradiction", "max-pell"), ("undated_document", None)]
    assert found[1].evidence[0].document.id == undated
