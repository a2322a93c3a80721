"""One person across the whole database: ingest runs resolve with the stored persons, and
judgements, merges, splits and undos hold in every later resolution (SQLite and PostgreSQL).

The documents are fictional (tests/review/documents.py) and go through the real extractor.
"""

from __future__ import annotations

import dataclasses

import pytest

from casetrail import pipeline, resolution
from casetrail.domain import Document, Extraction, Extractor
from casetrail.extract import RuleExtractor
from casetrail.resolution import AlreadyDecided, ContradictoryJudgement, Decisions, PersonError
from casetrail.store import NewJudgement, Store
from tests.review import documents

Extracted = dict[str, tuple[Document, Extraction]]


@pytest.fixture(scope="module")
def extracted() -> Extracted:
    """Each fictional document, read and extracted once: name -> (document, extraction)."""
    extractor = RuleExtractor()
    found: Extracted = {}
    for name in (
        "SOKOLOVA_DETAINED",
        "SOKOLOVA_SENTENCED",
        "MS_SOKOLOVA_STATEMENT",
        "NADEZHDA_SOKOLOVA_NEWS",
        "PETROV_TEACHER",
        "PETROV_BLOGGER",
        "SOKOLOVA_APPEAL",
    ):
        text = getattr(documents, name)
        document = pipeline.document_from_bytes(text.encode(), f"{name.lower()}.txt", "en")
        found[name] = (document, extractor.extract(document))
    return found


def ingest(store: Store, extracted: Extracted, *names: str) -> resolution.StoreResolution:
    """What `casetrail ingest` does with these documents: store them, then resolve."""
    for name in names:
        store.add_document(*extracted[name])
    return resolution.resolve_store(store)


def ids_by_name(store: Store) -> dict[str, set[str]]:
    """Record name -> the person ids records of that name carry."""
    found: dict[str, set[str]] = {}
    for record in store.resolution_records():
        assert record.person_id is not None
        found.setdefault(record.name, set()).add(record.person_id)
    return found


def person_of(store: Store, name: str) -> str:
    [person_id] = ids_by_name(store)[name]
    return person_id


def open_pairs(store: Store) -> set[frozenset[str]]:
    listed = resolution.review_pairs(store)
    return {frozenset((p.left.person.id, p.right.person.id)) for p in listed.pairs}


SOKOLOVAS = ("SOKOLOVA_DETAINED", "MS_SOKOLOVA_STATEMENT", "NADEZHDA_SOKOLOVA_NEWS")


def test_a_person_spelled_otherwise_in_a_later_run_keeps_the_stored_id(
    store: Store, extracted: Extracted
) -> None:
    ingest(store, extracted, "SOKOLOVA_DETAINED")
    assert person_of(store, "Natalia Sokolova") == "natalia-sokolova"
    belov = person_of(store, "Arkady Belov")

    result = ingest(store, extracted, "SOKOLOVA_SENTENCED")
    assert person_of(store, "Natalya Sokolova") == "natalia-sokolova"
    assert person_of(store, "Arkady Belov") == belov
    assert result.changed == 2  # the new records only: nobody stored moved
    [sokolova] = resolution.persons(store, name="sokolova")
    assert set(sokolova.spellings) == {"Natalia Sokolova", "Natalya Sokolova"}
    assert len(sokolova.documents) == 2
    assert resolution.resolve_store(store).changed == 0  # stable


def test_review_lists_uncertain_pairs_with_their_evidence(
    store: Store, extracted: Extracted
) -> None:
    ingest(store, extracted, *SOKOLOVAS)
    listed = resolution.review_pairs(store)
    assert listed.total == 2
    assert {frozenset((p.left.person.id, p.right.person.id)) for p in listed.pairs} == {
        frozenset(("natalia-sokolova", "sokolova")),
        frozenset(("sokolova", "nadezhda-sokolova")),
    }
    for pair in listed.pairs:
        assert 0.45 <= pair.score.score < 0.7
        assert {e.feature for e in pair.score.explanation} >= {"family_name", "single_name"}
        for card in (pair.left, pair.right):
            [evidence] = card.evidence
            assert evidence.quote in evidence.sentence and evidence.title
            assert card.person.id in {"natalia-sokolova", "sokolova", "nadezhda-sokolova"}
    assert len(resolution.review_pairs(store, limit=1).pairs) == 1


def test_a_different_judgement_survives_reingest_and_reextraction(
    store: Store, extracted: Extracted
) -> None:
    ingest(store, extracted, *SOKOLOVAS)
    resolution.judge(store, "sokolova", "natalia-sokolova", "different", "alice")
    assert open_pairs(store) == {frozenset(("sokolova", "nadezhda-sokolova"))}

    # The same documents again, then a newer extractor's facts replacing a document's.
    ingest(store, extracted, *SOKOLOVAS, "SOKOLOVA_SENTENCED")
    document, extraction = extracted["MS_SOKOLOVA_STATEMENT"]
    newer = dataclasses.replace(
        extraction,
        extractor=Extractor(extraction.extractor.name, extraction.extractor.version + ".1"),
        persons=[dataclasses.replace(p, person_id=None) for p in extraction.persons],
    )
    assert store.add_document(document, newer).replaced_extraction
    resolution.resolve_store(store)
    assert person_of(store, "Sokolova") == "sokolova"  # the new record kept the id
    assert open_pairs(store) == {frozenset(("sokolova", "nadezhda-sokolova"))}
    assert Decisions.load(store).decided("sokolova", "natalia-sokolova") is False


def test_judgements_are_transitive(store: Store, extracted: Extracted) -> None:
    ingest(store, extracted, *SOKOLOVAS)
    # B != C, then A = B: the pair A, C is decided (different) and never asked.
    resolution.judge(store, "natalia-sokolova", "nadezhda-sokolova", "different", "alice")
    assert frozenset(("sokolova", "nadezhda-sokolova")) in open_pairs(store)
    resolution.judge(store, "sokolova", "natalia-sokolova", "same", "bob")
    merged = person_of(store, "Sokolova")
    assert merged == person_of(store, "Natalia Sokolova") == "natalia-sokolova"
    assert open_pairs(store) == set()
    with pytest.raises(ContradictoryJudgement, match=r"#\d+ natalia-sokolova different") as error:
        resolution.judge(store, "sokolova", "nadezhda-sokolova", "same", "carol")
    assert "alice" in str(error.value) and "bob" in str(error.value)  # the chain that decides
    with pytest.raises(AlreadyDecided):
        resolution.judge(store, "sokolova", "nadezhda-sokolova", "different", "carol")
    assert len(store.actions()) == 2  # refused judgements record nothing


def test_decisions_explain_what_decides_a_pair() -> None:
    same = NewJudgement("a", "b", "same")
    different = NewJudgement("b", "c", "different")
    decisions = Decisions([same, different, NewJudgement("d", "e", "unsure")], {"b2": "b"})
    assert decisions.decided("a", "c") is False and decisions.why("a", "c") == [same, different]
    assert decisions.decided("c", "b2") is False  # b2 was merged into b
    assert decisions.decided("a", "b2") is True and decisions.why("b2", "a") == [same]
    assert decisions.decided("a", "d") is None and decisions.why("a", "d") == []
    assert decisions.unsure("e", "d") and decisions.decided("d", "e") is None


def test_merge_keeps_the_older_id_and_undo_gives_the_other_back(
    store: Store, extracted: Extracted
) -> None:
    ingest(store, extracted, "SOKOLOVA_DETAINED")
    ingest(store, extracted, "MS_SOKOLOVA_STATEMENT")
    before = ids_by_name(store)
    assert before["Sokolova"] == {"sokolova"}

    merged = resolution.merge(store, "sokolova", "natalia-sokolova", "alice")
    assert (merged.left, merged.right, merged.person_id) == (
        "natalia-sokolova",
        "sokolova",
        "natalia-sokolova",
    )
    assert person_of(store, "Sokolova") == "natalia-sokolova"
    assert store.canonical_person_id("sokolova") == "natalia-sokolova"
    assert resolution.resolve_store(store).changed == 0  # the merge holds
    with pytest.raises(AlreadyDecided, match="already one person"):
        resolution.merge(store, "natalia-sokolova", "sokolova", "alice")

    [judgement] = store.judgements()
    undone = resolution.undo(store, judgement.id, "bob")
    assert undone.undone.action == "merge" and undone.judgements == [judgement]
    assert ids_by_name(store) == before
    assert store.canonical_person_id("sokolova") == "sokolova"
    assert store.judgements() == [] and open_pairs(store) == {
        frozenset(("natalia-sokolova", "sokolova"))
    }
    with pytest.raises(PersonError, match="already undone"):
        resolution.undo(store, judgement.id, "bob")


def test_split_separates_and_resolution_does_not_join_again(
    store: Store, extracted: Extracted
) -> None:
    ingest(store, extracted, "PETROV_TEACHER", "PETROV_BLOGGER")
    assert ids_by_name(store)["Ivan Petrov"] == {"ivan-petrov"}  # one name, one person
    with pytest.raises(PersonError, match="one spelling only"):
        resolution.split(store, "ivan-petrov", "alice")

    done = resolution.split(store, "ivan-petrov", "alice", by="document")
    assert [part.person_id for part in done.parts] == ["ivan-petrov", "ivan-petrov-2"]
    assert ids_by_name(store)["Ivan Petrov"] == {"ivan-petrov", "ivan-petrov-2"}
    assert resolution.resolve_store(store).changed == 0
    ingest(store, extracted, "PETROV_TEACHER", "PETROV_BLOGGER")  # again: still two
    assert ids_by_name(store)["Ivan Petrov"] == {"ivan-petrov", "ivan-petrov-2"}
    with pytest.raises(ContradictoryJudgement, match="different"):
        resolution.merge(store, "ivan-petrov", "ivan-petrov-2", "bob")

    resolution.undo(store, done.action.judgement_ids[0], "bob")
    assert ids_by_name(store)["Ivan Petrov"] == {"ivan-petrov"}
    assert store.canonical_person_id("ivan-petrov-2") == "ivan-petrov"


def test_split_by_spelling_of_a_merged_person(store: Store, extracted: Extracted) -> None:
    ingest(store, extracted, "SOKOLOVA_DETAINED", "SOKOLOVA_SENTENCED", "NADEZHDA_SOKOLOVA_NEWS")
    resolution.judge(store, "natalia-sokolova", "nadezhda-sokolova", "different", "alice")
    done = resolution.split(store, "natalia-sokolova", "bob")
    assert [part.spellings for part in done.parts] == [("Natalia Sokolova",), ("Natalya Sokolova",)]
    assert [part.person_id for part in done.parts] == ["natalia-sokolova", "natalya-sokolova"]
    decisions = Decisions.load(store)
    assert decisions.decided("natalia-sokolova", "natalya-sokolova") is False
    # The earlier different-judgement holds for the new part too.
    assert decisions.decided("natalya-sokolova", "nadezhda-sokolova") is False
    assert resolution.resolve_store(store).changed == 0


def test_a_split_person_stays_whole_when_spellings_fold_alike(
    store: Store, extracted: Extracted
) -> None:
    # "Natalia" and "Natalya" fold to one key; the Natalya record lies between two Natalia
    # records, so the records of one part are not neighbours for resolution.
    ingest(store, extracted, "SOKOLOVA_DETAINED", "SOKOLOVA_SENTENCED", "SOKOLOVA_APPEAL")
    assert ids_by_name(store)["Natalia Sokolova"] == {"natalia-sokolova"}
    assert ids_by_name(store)["Natalya Sokolova"] == {"natalia-sokolova"}
    resolution.split(store, "natalia-sokolova", "alice")
    expected = {"Natalia Sokolova": {"natalia-sokolova"}, "Natalya Sokolova": {"natalya-sokolova"}}
    for _ in range(2):  # and it stays so
        assert {name: ids for name, ids in ids_by_name(store).items() if "Sokolova" in name} == (
            expected
        )
        assert resolution.resolve_store(store).changed == 0


def test_the_audit_has_a_row_for_every_action(store: Store, extracted: Extracted) -> None:
    ingest(store, extracted, *SOKOLOVAS, "PETROV_TEACHER", "PETROV_BLOGGER")
    resolution.judge(store, "sokolova", "nadezhda-sokolova", "unsure", "alice")
    merged = resolution.merge(store, "sokolova", "natalia-sokolova", "bob")
    resolution.split(store, "ivan-petrov", "carol", by="document")
    resolution.undo(store, merged.action.judgement_ids[0], "dave")
    actions = store.actions()
    assert [(a.action, a.user) for a in actions] == [
        ("judge", "alice"),
        ("merge", "bob"),
        ("split", "carol"),
        ("undo", "dave"),
    ]
    assert all(a.created_at.tzinfo is not None for a in actions)
    assert [a.created_at for a in actions] == sorted(a.created_at for a in actions)
    assert actions[1].changes and actions[2].changes and actions[3].undoes == actions[1].id
    everything = store.judgements(include_undone=True)
    assert [(j.judgement, j.user, j.deleted_by) for j in everything] == [
        ("unsure", "alice", None),
        ("same", "bob", "dave"),
        ("different", "carol", None),
    ]
    # The pair judged unsure is off the review list, unless asked for.
    assert frozenset(("sokolova", "nadezhda-sokolova")) not in open_pairs(store)
    listed = resolution.review_pairs(store, include_unsure=True)
    assert frozenset(("sokolova", "nadezhda-sokolova")) in {
        frozenset((p.left.person.id, p.right.person.id)) for p in listed.pairs
    }


def test_unknown_and_identical_ids_are_refused(store: Store, extracted: Extracted) -> None:
    ingest(store, extracted, "SOKOLOVA_DETAINED")
    with pytest.raises(PersonError, match="did you mean natalia-sokolova"):
        resolution.judge(store, "natalia-sokolov", "arkady-belov", "different", "alice")
    with pytest.raises(PersonError, match="casetrail split natalia-sokolova"):
        resolution.judge(store, "natalia-sokolova", "natalia-sokolova", "different", "alice")
    with pytest.raises(PersonError, match="no judgement #42"):
        resolution.undo(store, 42, "alice")
    assert store.actions() == []
