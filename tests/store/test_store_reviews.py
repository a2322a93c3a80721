"""Reviews of facts in the store: append-only, read by the read model, kept across
re-extraction (matched by evidence), and carried by the JSON Lines and FtM exports."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from casetrail.domain import Document, Extraction
from casetrail.export import export_jsonl
from casetrail.export.ftm import export_ftm
from casetrail.export.jsonl import import_jsonl
from casetrail.store import Store, StoreError, read_model
from casetrail.store.reviews import FactRef

Extract = Callable[[Document, str], Extraction]


def _stored(store: Store, letter: Document, extract: Extract) -> dict[str, int]:
    """The letter stored, its records resolved; its events' ids by type."""
    document_id = store.add_document(letter, extract(letter, "1.0")).document_id
    stored = store.document(document_id)
    assert stored is not None
    store.set_person_ids({r.id: f"person-{r.record.key}" for r in stored.records})
    velikova = stored.records[0]
    return {e.type: i for e, i in zip(velikova.record.events, velikova.event_ids, strict=True)}


def test_a_rejected_event_is_left_out_and_its_review_kept(
    store: Store, letter: Document, extract: Extract
) -> None:
    ids = _stored(store, letter, extract)
    store.review_event(ids["sentenced"], "amina", "rejected", "no court record")
    assert ids["sentenced"] not in {e.id for e in read_model.events(store)}
    [rejected] = read_model.events(store, rejected=True, ids=[ids["sentenced"]])
    assert rejected.state == "rejected"
    store.review_event(ids["arrested"], "amina", "corrected", "lawyer", date=None)
    [review] = read_model.event_reviews(store, [ids["arrested"]])[ids["arrested"]]
    assert review.describe().startswith("corrected: date 2019-03-02 → unknown by amina on ")
    assert review.reason == "lawyer"
    [corrected] = read_model.events(store, ids=[ids["arrested"]])
    assert corrected.date is None and not corrected.date_from_document


def test_review_errors(store: Store, letter: Document, extract: Extract) -> None:
    ids = _stored(store, letter, extract)
    with pytest.raises(StoreError, match="a review is one of"):
        store.review_event(ids["arrested"], "amina", "approved")
    with pytest.raises(StoreError, match="a correction"):
        store.review_event(ids["arrested"], "amina", "corrected")
    with pytest.raises(StoreError, match="nothing to correct"):
        store.review_event(ids["arrested"], "amina", "corrected", type="arrested")
    store.review_event(ids["arrested"], "amina", "confirmed")
    with pytest.raises(StoreError, match="already confirmed"):
        store.review_event(ids["arrested"], "amina", "confirmed")
    with pytest.raises(StoreError, match="no event with id"):
        store.review_event(10_000, "amina", "confirmed")


def test_reviews_survive_reextraction_and_a_lost_one_is_reported(
    store: Store, letter: Document, extract: Extract
) -> None:
    ids = _stored(store, letter, extract)
    store.review_event(ids["arrested"], "amina", "rejected")
    store.review_event(ids["sentenced"], "amina", "corrected", "appeal", type="tried")
    again = store.add_document(letter, extract(letter, "1.0"), replace=True)
    assert again.replaced_extraction and again.unmatched_reviews == ()
    events = read_model.events(store, rejected=True)
    by_type = {(e.type, e.start): e for e in events}
    # One event per span and type as first extracted: the reviewed ones, not their twins.
    assert len(by_type) == len(events)
    assert {e.id: e.state for e in events if e.state != "extracted"} == {
        ids["arrested"]: "rejected",
        ids["sentenced"]: "corrected",
    }
    assert "sentenced" not in {e.type for e in events if e.person_id == "person-p1"}

    newer = extract(letter, "1.1")
    newer.persons[0].events.pop(0)  # the new extractor no longer finds the arrest
    lost = store.add_document(letter, newer)
    assert lost.unmatched_reviews == (FactRef("event", ids["arrested"]),)
    assert ids["arrested"] in {e.id for e in read_model.events(store, rejected=True)}


def test_exports_carry_the_reviews(
    store: Store, letter: Document, extract: Extract, tmp_path: Path
) -> None:
    ids = _stored(store, letter, extract)
    store.review_event(ids["sentenced"], "amina", "rejected")
    store.review_event(ids["arrested"], "amina", "confirmed")
    ftm = io.StringIO()
    export_ftm(store, ftm)
    assert "sentenced: " not in ftm.getvalue() and "arrested: " in ftm.getvalue()
    exported = tmp_path / "cases.jsonl"
    with exported.open("w", encoding="utf-8") as output:
        export_jsonl(store, output)
    with Store.open(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        assert import_jsonl(copy, exported) == 1
        states = {e.type: e.state for e in read_model.events(copy, rejected=True)}
        editors = {hand.by for hand in read_model.edited_events(copy).values()}
    assert states["sentenced"] == "rejected" and states["arrested"] == "confirmed"
    assert editors == {"amina"}
