"""Reviews of the facts beside events, in the store: a person's role in a document, a demand,
a document's date and kind. Append-only, read by every reader, marking stored statuses stale,
kept across re-extraction (matched by evidence) and reported when no longer found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date as date_type
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from casetrail.derive.case_record import case_records
from casetrail.domain import CaseFact, CourtSentence, Document, Extraction, PartialDate
from casetrail.export import export_jsonl
from casetrail.export.jsonl import import_jsonl
from casetrail.store import ReviewConflict, Store, StoreError, read_model
from casetrail.store.reviews import FactRef, completed_date
from tests.store.conftest import evidence

Extract = Callable[[Document, str], Extraction]


def _stored(store: Store, letter: Document, extraction: Extraction) -> dict[str, int]:
    """The letter stored, its records resolved; its records' ids by name."""
    document_id = store.add_document(letter, extraction).document_id
    stored = store.document(document_id)
    assert stored is not None
    store.set_person_ids({r.id: f"person-{r.record.key}" for r in stored.records})
    return {r.record.name: r.id for r in stored.records} | {"document": document_id}


def _stale(store: Store) -> set[str]:
    return {pid for _, pid in read_model.stale_statuses(store)}


def _clear_stale(store: Store) -> None:
    store.save_statuses({}, [mark for mark, _ in read_model.stale_statuses(store)])


def test_a_rejected_concern_role_is_no_claim_and_a_confirmation_puts_it_back(
    store: Store, letter: Document, extract: Extract
) -> None:
    ids = _stored(store, letter, extract(letter, "1.0"))
    anselm = FactRef("role", ids["Piotr Anselm"])
    assert "person-p2" in read_model.concern_ids(store)
    _clear_stale(store)
    store.review_fact(anselm, "amina", "rejected", "named only as a trade unionist")
    assert "person-p2" not in read_model.concern_ids(store)
    assert _stale(store) == {"person-p2"}
    [appearance] = read_model.appearances(store, ["person-p2"])
    assert (appearance.role, appearance.state) == ("other", "rejected")
    with pytest.raises(ReviewConflict, match="already rejected"):
        store.review_fact(anselm, "amina", "rejected")
    store.review_fact(anselm, "amina", "confirmed", "the letter asks for him")
    assert "person-p2" in read_model.concern_ids(store)
    reviews = read_model.fact_reviews(store, anselm.table, [anselm.id])[anselm.id]
    assert [r.describe().split(" by ")[0] for r in reviews] == [
        "rejected: role concern → other",
        "confirmed: role other → concern",
    ]
    store.review_fact(anselm, "amina", "corrected", "he signs it", role="advocate")
    [appearance] = read_model.appearances(store, ["person-p2"])
    assert (appearance.role, appearance.state) == ("advocate", "corrected")


def test_review_errors(store: Store, letter: Document, extract: Extract) -> None:
    ids = _stored(store, letter, extract(letter, "1.0"))
    with pytest.raises(StoreError, match="no fact role:999999"):
        store.review_fact(FactRef("role", 999_999), "amina", "confirmed")
    with pytest.raises(StoreError, match="a correction, and only a correction"):
        store.review_fact(FactRef("document-date", ids["document"]), "amina", "corrected")
    with pytest.raises(StoreError, match="nothing to correct"):
        store.review_fact(
            FactRef("document-kind", ids["document"]), "a", "corrected", kind="letter"
        )
    with pytest.raises(StoreError, match="a user name"):
        store.review_fact(FactRef("document-kind", ids["document"]), " ", "confirmed")
    with pytest.raises(ValueError, match="a fact id is KIND:NUMBER"):
        FactRef.parse("person:3")
    assert FactRef.parse("42") == FactRef("event", 42)
    assert str(FactRef.parse("document-date:7")) == "document-date:7"


def test_a_corrected_document_date_moves_the_dates_taken_from_it(
    store: Store, letter: Document, extract: Extract
) -> None:
    extraction = extract(letter, "1.0")
    # As if the text said "arrested on 2 March", its year the letter's (14 May 2019).
    arrest = evidence(letter, "2 March")
    extraction.persons[0].events[0].evidence = replace(arrest, sentence=arrest.span)
    ids = _stored(store, letter, extraction)
    date = FactRef("document-date", ids["document"])
    store.review_fact(date, "amina", "corrected", "the postmark", date="2020-06-01")
    events = {e.type: e for e in read_model.events(store, ["person-p1"])}
    assert events["imprisoned"].date == PartialDate(2020, 6, 1)  # the document's date
    assert events["imprisoned"].document.date == PartialDate(2020, 6, 1)
    # The latest 2 March by 1 June 2020; "10 May 2019" gives its own year.
    assert events["arrested"].date == PartialDate(2020, 3, 2)
    assert events["sentenced"].date == PartialDate(2019, 5, 10)
    store.review_fact(date, "amina", "rejected", "undated")
    events = {e.type: e for e in read_model.events(store, ["person-p1"])}
    assert events["imprisoned"].date is None and events["arrested"].date is None


def test_completed_dates() -> None:
    assert completed_date("2019-03-02", "on 2 March", "2019-05-14", "2021-01-10") == "2020-03-02"
    assert completed_date("2019-03-02", "on 2 March 2019", "2019-05-14", "2021-01-10") == (
        "2019-03-02"
    )
    assert completed_date("2019-05-13", "yesterday", "2019-05-14", "2018-05-14") == "2018-05-13"
    assert completed_date("2019-03-02", "on 2 March", "2019-05-14", None) is None
    assert completed_date("2016-02-29", "on 29 February", "2016-05-01", "2017-05-01") is None
    # "last year", "this year": the year counted from the document's
    assert completed_date("2018", "arrested last year", "2019-05-14", "2021-01-10") == "2020"
    assert completed_date("2019", "arrested this year", "2019-05-14", "2021-01-10") == "2021"


def test_a_rejected_demand_counts_nowhere(store: Store, letter: Document, extract: Extract) -> None:
    _stored(store, letter, extract(letter, "1.0"))
    [release, drop] = read_model.demands(store)
    store.review_fact(FactRef("demand", release.id), "amina", "rejected", "not a demand")
    assert [d.id for d in read_model.demands(store)] == [drop.id]
    assert [d.state for d in read_model.demands(store, rejected=True)] == ["rejected", "extracted"]
    store.review_fact(FactRef("demand", drop.id), "amina", "corrected", "x", date="2019-05")
    [corrected] = read_model.demands(store, ids=[drop.id])
    assert corrected.date == PartialDate(2019, 5) and corrected.state == "corrected"


def test_reviews_survive_reextraction_and_lost_ones_are_reported(
    store: Store, letter: Document, extract: Extract
) -> None:
    ids = _stored(store, letter, extract(letter, "1.0"))
    document = ids["document"]
    anselm = FactRef("role", ids["Piotr Anselm"])
    [release, drop] = read_model.demands(store)
    store.review_fact(anselm, "amina", "rejected")
    store.review_fact(FactRef("demand", release.id), "amina", "rejected")
    store.review_fact(FactRef("demand", drop.id), "amina", "corrected", "x", action="release")
    store.review_fact(FactRef("document-date", document), "amina", "corrected", "x", date="2019-06")
    store.review_fact(FactRef("document-kind", document), "amina", "corrected", "x", kind="report")

    again = store.add_document(letter, extract(letter, "1.0"), replace=True)
    assert again.unmatched_reviews == ()
    appearances = {a.record_id: a for a in read_model.appearances(store, document_ids=[document])}
    assert len(appearances) == 4 and anselm.id in appearances
    assert (appearances[anselm.id].role, appearances[anselm.id].state) == ("other", "rejected")
    assert len(read_model.first_mentions(store, [anselm.id])) == 1
    demands = read_model.demands(store, rejected=True)
    assert [(d.id, d.action, d.state) for d in demands] == [
        (release.id, "release", "rejected"),
        (drop.id, "release", "corrected"),
    ]
    assert demands[1].target_record_ids == (anselm.id,)
    [ref] = read_model.documents(store, [document]).values()
    assert (ref.date, ref.kind) == (PartialDate(2019, 6), "report")
    events = {e.type: e for e in read_model.events(store)}
    assert events["imprisoned"].date == PartialDate(2019, 6)

    newer = extract(letter, "1.1")
    newer.persons.pop(1)  # no Piotr Anselm any more
    newer.demands = [d for d in newer.demands if d.action != "drop_charges"]
    newer.demands[0].targets = ["p1"]
    newer.date_evidence = None
    newer.kind = "news"
    lost = store.add_document(letter, newer)
    assert set(lost.unmatched_reviews) == {
        anselm,
        FactRef("demand", drop.id),
        FactRef("document-date", document),
        FactRef("document-kind", document),
    }
    # Kept as reviewed all the same.
    [ref] = read_model.documents(store, [document]).values()
    assert (ref.date, ref.kind) == (PartialDate(2019, 6), "report")
    assert {d.id for d in read_model.demands(store, rejected=True)} == {release.id, drop.id}
    assert anselm.id in {
        a.record_id for a in read_model.appearances(store, document_ids=[document])
    }


def test_case_facts_follow_their_events_review(
    store: Store, letter: Document, extract: Extract
) -> None:
    extraction = extract(letter, "1.0")
    sentence = CaseFact(
        CourtSentence(term_months=60, penalty="imprisonment"),
        evidence(letter, "five years in prison"),
        PartialDate(2019, 5, 10),
    )
    extraction.persons[0].case_facts.append(sentence)
    _stored(store, letter, extraction)
    record = case_records(store, ["person-p1"])["person-p1"]
    assert record.expected_release is not None and len(record.sentences) == 1
    sentenced = next(e for e in read_model.events(store, ["person-p1"]) if e.type == "sentenced")
    store.review_event(sentenced.id, "amina", "corrected", "appeal", date=PartialDate(2019, 6, 1))
    [kept] = case_records(store, ["person-p1"])["person-p1"].sentences
    assert kept.date == PartialDate(2019, 6, 1)
    store.review_event(sentenced.id, "amina", "rejected", "no verdict yet")
    record = case_records(store, ["person-p1"])["person-p1"]
    assert record.sentences == () and record.expected_release is None


def test_the_json_lines_export_carries_the_reviews(
    store: Store, letter: Document, extract: Extract, tmp_path: Path
) -> None:
    ids = _stored(store, letter, extract(letter, "1.0"))
    document = ids["document"]
    [release, _] = read_model.demands(store)
    store.review_fact(FactRef("role", ids["Piotr Anselm"]), "amina", "rejected")
    store.review_fact(FactRef("demand", release.id), "amina", "rejected")
    store.review_fact(FactRef("document-date", document), "amina", "corrected", "x", date="2019")
    store.review_fact(FactRef("document-kind", document), "amina", "confirmed")
    exported = tmp_path / "cases.jsonl"
    with exported.open("w", encoding="utf-8") as output:
        export_jsonl(store, output)
    with Store.open(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        assert import_jsonl(copy, exported) == 1
        roles = {a.name: (a.role, a.state) for a in read_model.appearances(copy)}
        demands = [(d.action, d.state) for d in read_model.demands(copy, rejected=True)]
        [ref] = read_model.documents(copy).values()
        reviewed = read_model.reviewed_facts(copy)
    assert roles["Piotr Anselm"] == ("other", "rejected")
    assert roles["Marta Velikova"] == ("concern", "extracted")
    assert demands == [("release", "rejected"), ("drop_charges", "extracted")]
    assert (ref.date, ref.date_state, ref.kind_state) == (
        PartialDate(2019),
        "corrected",
        "confirmed",
    )
    assert {edit.by for edit in reviewed.roles.values()} == {"amina"}


@given(
    day=st.dates(min_value=date_type(1990, 1, 1), max_value=date_type(2030, 12, 31)),
    old=st.dates(min_value=date_type(1990, 1, 1), max_value=date_type(2030, 12, 31)),
    new=st.dates(min_value=date_type(1990, 1, 1), max_value=date_type(2030, 12, 31)),
)
def test_a_date_completed_from_the_document_follows_it(
    day: date_type, old: date_type, new: date_type
) -> None:
    """A day the text gives without its year, completed from the document's date `old` as
    extraction does, is completed from `new` once the document's date is corrected: the
    same month and day, the latest such not after `new`."""
    assume((day.month, day.day) != (2, 29))  # its own test: no such day in most years
    completed = completed_date(
        day.replace(year=old.year).isoformat(), "on that day", old.isoformat(), new.isoformat()
    )
    assert completed is not None
    found = date_type.fromisoformat(completed)
    assert (found.month, found.day) == (day.month, day.day)
    assert found <= new and found.year >= new.year - 1
