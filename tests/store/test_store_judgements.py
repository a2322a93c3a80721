"""Judgements and the audit of person actions: append-only rows, undo, atomic id changes;
and the reads resolution and review need (records, persons, evidence sentences)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError

from casetrail.domain import Document, Extraction, Mention, PartialDate, PersonRecord
from casetrail.store import NewJudgement, Store, StoreError
from casetrail.store.schema import JudgementRow, PersonActionRow
from tests.store.conftest import evidence

Extract = Callable[[Document, str], Extraction]


@pytest.fixture
def record_ids(store: Store, letter: Document, extract: Extract) -> dict[str, int]:
    """The letter stored, every record with a person id; record ids by key."""
    stored = store.document(store.add_document(letter, extract(letter, "1.0")).document_id)
    assert stored is not None
    ids = {record.record.key: record.id for record in stored.records}
    store.set_person_ids({ids["p2"]: "piotr-anselm", ids["p3"]: "oskar-dalberg"})
    return ids


def _count(url: str, model: type) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


def test_an_action_records_its_judgements_with_user_and_time(
    store: Store, record_ids: dict[str, int]
) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    action = store.record_action(
        "judge",
        "alice",
        persons=["marta-velikova", "piotr-anselm"],
        judgements=[NewJudgement("marta-velikova", "piotr-anselm", "different")],
    )
    assert (action.action, action.user, action.persons) == (
        "judge",
        "alice",
        ("marta-velikova", "piotr-anselm"),
    )
    assert before < action.created_at <= datetime.now(UTC) + timedelta(seconds=5)
    [judgement] = store.judgements()
    assert action.judgement_ids == (judgement.id,)
    assert (judgement.left, judgement.right, judgement.judgement) == (
        "marta-velikova",
        "piotr-anselm",
        "different",
    )
    assert (judgement.user, judgement.action, judgement.action_id) == ("alice", "judge", action.id)
    assert judgement.created_at == action.created_at and judgement.active
    assert store.judgement(judgement.id) == judgement
    assert store.judgement(judgement.id + 100) is None
    assert store.actions() == [action] and store.action(action.id) == action


def test_undo_marks_judgements_undone_and_deletes_nothing(
    store: Store, record_ids: dict[str, int], database_url: str
) -> None:
    split = store.record_action(
        "split",
        "alice",
        judgements=[
            NewJudgement("a", "b", "different"),
            NewJudgement("a", "c", "different"),
            NewJudgement("b", "c", "different"),
        ],
    )
    kept = store.record_action("judge", "bob", judgements=[NewJudgement("x", "y", "unsure")])
    undo = store.record_action("undo", "carol", undo=split.id, note=f"undo of split #{split.id}")
    assert undo.undoes == split.id and undo.judgement_ids == ()
    assert [j.id for j in store.judgements()] == list(kept.judgement_ids)
    everything = store.judgements(include_undone=True)
    assert len(everything) == 4
    for judgement in everything[:3]:
        assert judgement.deleted_by == "carol" and judgement.deleted_at == undo.created_at
    assert [a.action for a in store.actions()] == ["split", "judge", "undo"]
    assert _count(database_url, JudgementRow) == 4 and _count(database_url, PersonActionRow) == 3
    with pytest.raises(StoreError, match="no judgement left to undo"):
        store.record_action("undo", "carol", undo=split.id)
    assert len(store.actions()) == 3  # the refused undo left no trace


def test_person_ids_change_with_the_action_that_changes_them(
    store: Store, record_ids: dict[str, int]
) -> None:
    merge = store.record_action(
        "merge",
        "alice",
        persons=["marta-velikova", "piotr-anselm"],
        judgements=[NewJudgement("marta-velikova", "piotr-anselm", "same")],
        assignments={record_ids["p2"]: "marta-velikova", record_ids["p1"]: "marta-velikova"},
    )
    assert merge.changes == {record_ids["p2"]: ("piotr-anselm", "marta-velikova")}
    assert store.canonical_person_id("piotr-anselm") == "marta-velikova"
    assert store.redirects() == {"piotr-anselm": "marta-velikova"}
    assert "piotr-anselm" in store.taken_person_ids()  # a retired id is never given again
    assert "marta-velikova" in store.taken_person_ids()


def test_a_failing_action_changes_nothing(store: Store, record_ids: dict[str, int]) -> None:
    with pytest.raises(StoreError, match="no person records"):
        store.record_action(
            "merge",
            "alice",
            judgements=[NewJudgement("marta-velikova", "piotr-anselm", "same")],
            assignments={record_ids["p2"]: "marta-velikova", 9999: "marta-velikova"},
        )
    with pytest.raises(StoreError, match="user"):
        store.record_action("judge", "  ", judgements=[NewJudgement("a", "b", "same")])
    with pytest.raises(StoreError, match="same, different, unsure"):
        store.record_action("judge", "alice", judgements=[NewJudgement("a", "b", "maybe")])  # type: ignore[arg-type]
    assert store.actions() == [] and store.judgements(include_undone=True) == []
    assert store.canonical_person_id("piotr-anselm") == "piotr-anselm"


def test_the_database_refuses_an_unknown_judgement(store: Store, database_url: str) -> None:
    action = store.record_action("judge", "alice")
    engine = create_engine(database_url)
    try:
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(
                text(
                    'INSERT INTO judgements (left_ref, right_ref, judgement, "user", created_at,'
                    " action_id) VALUES ('a', 'b', 'probably', 'x', :now, :action)"
                ),
                {"now": datetime.now(UTC), "action": action.id},
            )
    finally:
        engine.dispose()


def test_resolution_records_are_light(store: Store, record_ids: dict[str, int]) -> None:
    records = list(store.resolution_records())
    assert [r.id for r in records] == list(record_ids.values())
    velikova = records[0]
    assert (velikova.name, velikova.aliases, velikova.role) == (
        "Marta Velikova",
        ("Marta Velikowa",),
        "concern",
    )
    assert velikova.descriptors == ("journalist",) and velikova.person_id == "marta-velikova"
    assert {r.document_id for r in records} == {store.documents()[0].id}


def test_persons_list_every_spelling_with_its_documents(
    store: Store,
    record_ids: dict[str, int],
    document_factory: Callable[..., Document],
) -> None:
    other = document_factory("VELIKOVA Marta was released on 3 June 2021.", "Release")
    quote = evidence(other, "VELIKOVA Marta")
    record = PersonRecord(
        "p1", "VELIKOVA Marta", "concern", [Mention(quote.quote, quote)], person_id="marta-velikova"
    )
    extraction = Extraction(PartialDate(2021), "news", "en", quote.extractor, [record])
    second = store.add_document(other, extraction).document_id
    first = store.documents()[0].id
    [velikova] = store.persons(["marta-velikova"])
    assert velikova.spellings == {
        "Marta Velikova": (first,),
        "Marta Velikowa": (first,),
        "VELIKOVA Marta": (second,),
    }
    assert velikova.documents == (first, second) and velikova.roles == ("concern",)
    assert velikova.name == "Marta Velikova" and velikova.created_at is not None
    everyone = store.persons()
    assert [p.id for p in everyone] == sorted(
        ["marta-velikova", "piotr-anselm", "oskar-dalberg", "tomas-hurtig"]
    )


def test_mention_evidence_gives_the_sentence_around_the_quote(
    store: Store, record_ids: dict[str, int], letter: Document
) -> None:
    found = store.mention_evidence([record_ids["p1"], record_ids["p4"]], per_record=2)
    assert [(e.record_id, e.quote) for e in found] == [
        (record_ids["p1"], "Marta Velikova"),
        (record_ids["p1"], "Marta Velikova"),
        (record_ids["p4"], "Tomas Hurtig"),
    ]
    first = found[0]
    assert first.title == "Open letter on the case of Marta Velikova"
    assert first.date == PartialDate(2019, 5, 14) and first.person_id == "marta-velikova"
    for found_one in found:
        assert found_one.sentence in letter.raw.text  # the original text, line breaks and all
        start = found_one.quote_start
        assert found_one.sentence[start : start + len(found_one.quote)] == found_one.quote
    assert "\n" in found[1].sentence and "arrested" in found[1].sentence
    assert store.mention_evidence([]) == []


def test_a_new_extraction_keeps_the_person_ids_of_the_records_it_replaces(
    store: Store, record_ids: dict[str, int], letter: Document, extract: Extract
) -> None:
    newer = extract(letter, "2.0")
    for record in newer.persons:
        record.person_id = None
    assert store.add_document(letter, newer).replaced_extraction
    ids = {stored.record.name: stored.record.person_id for stored in store.person_records()}
    assert ids == {
        "Marta Velikova": "marta-velikova",
        "Piotr Anselm": "piotr-anselm",
        "Oskar Dalberg": "oskar-dalberg",
        "Tomas Hurtig": "tomas-hurtig",
    }
