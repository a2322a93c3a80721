"""Resolver behaviour: judgements, one-person-per-document, bare names, ids, reviews."""

from dataclasses import fields

import pytest

from casetrail.domain import Evidence, Extraction, Extractor, PersonRecord, Span
from casetrail.resolve import (
    CandidateIndex,
    JudgementConflict,
    Judgements,
    NameMatcher,
    ResolvableMention,
    Resolver,
    Weights,
    compare,
    mentions_from_extraction,
)

M = ResolvableMention


def _ids(mentions: list[ResolvableMention], judgements: Judgements | None = None) -> dict:
    return Resolver().resolve(mentions, judgements).ids


def test_judgements_are_transitive() -> None:
    judgements = Judgements(same=[("a", "b"), ("b", "c")], different=[("c", "d")])
    assert judgements.decided("a", "c") is True
    assert judgements.decided("a", "d") is False  # a = c and c != d
    assert judgements.decided("d", "b") is False
    assert judgements.decided("a", "x") is None
    with pytest.raises(JudgementConflict):
        judgements.add_same("a", "d")
    with pytest.raises(JudgementConflict):
        judgements.add_different("a", "c")


def test_different_judgement_splits_identical_names_transitively() -> None:
    mentions = [
        M("a", "Ivan Petrov", document="d1"),
        M("b", "Ivan Petrov", document="d2"),
        M("c", "Ivan Petrov", document="d3"),
    ]
    assert len(set(_ids(mentions).values())) == 1
    ids = _ids(mentions, Judgements(same=[("a", "b")], different=[("b", "c")]))
    assert ids["a"] == ids["b"] != ids["c"]
    assert {ids["a"], ids["c"]} == {"ivan-petrov", "ivan-petrov-2"}


def test_same_judgement_joins_what_names_cannot() -> None:
    mentions = [M("a", "Siarhei Example", document="d1"), M("b", "Sergei Exampleov", document="d2")]
    assert _ids(mentions)["a"] != _ids(mentions)["b"]
    ids = _ids(mentions, Judgements(same=[("a", "b")]))
    assert ids["a"] == ids["b"]


def test_judgements_on_earlier_person_ids() -> None:
    mentions = [
        M("a", "Ivan Petrov", document="d1", person_id="p-1"),
        M("b", "Ivan Petrov", document="d2", person_id="p-2"),
        M("c", "I. Petrov", document="d3"),
    ]
    ids = _ids(mentions, Judgements(same=[("p-1", "c")], different=[("p-1", "p-2")]))
    assert ids == {"a": "p-1", "b": "p-2", "c": "p-1"}  # earlier ids are kept
    with pytest.raises(JudgementConflict):
        _ids(mentions, Judgements(same=[("a", "p-2")], different=[("p-1", "b")]))


def test_two_people_of_one_document_stay_apart() -> None:
    # One document names two people whose names are close; a third mention elsewhere
    # fits both, but may only join one of them.
    mentions = [
        M("a", "Bakhytzhan Ormanov", document="d1"),
        M("b", "Bakytzhan Ormanov", document="d1"),
        M("c", "Bakhytzhan Ormanov", document="d2"),
    ]
    ids = _ids(mentions)
    assert ids["a"] == ids["c"] != ids["b"]


def test_compatible_duplicates_of_one_document_merge() -> None:
    ids = _ids(
        [M("a", "Natalia Sokolova", document="d1"), M("b", "Natalya Sokolova", document="d1")]
    )
    assert ids["a"] == ids["b"]


def test_bare_name_attaches_only_when_unique() -> None:
    unique = [M("a", "Muratbek Example", document="d1"), M("b", "Mr Example", document="d1")]
    ids = _ids(unique)
    assert ids["a"] == ids["b"] == "muratbek-example"
    ambiguous = [
        M("a", "Aset Example", document="d1"),
        M("b", "Kenzhe Example", document="d1"),
        M("c", "Mr Example", document="d1"),
    ]
    result = Resolver().resolve(ambiguous)
    assert len(set(result.ids.values())) == 3
    assert {(r.left, r.right) for r in result.review_candidates} == {("a", "c"), ("b", "c")}


def test_bare_name_attaches_across_documents_by_shared_co_mentions() -> None:
    friends = ("Anna Beispiel", "Olga Exemplova")
    full = M("a", "Ivan Petrov", document="d1", co_mentions=friends)
    related = M("b", "Petrov", document="d2", co_mentions=(*friends, "Someone Else"))
    unrelated = M("c", "Petrov", document="d3", co_mentions=("Someone Else",))
    ids = _ids([full, related, unrelated])
    assert ids["a"] == ids["b"] != ids["c"]


def test_uncertain_pairs_are_review_candidates() -> None:
    result = Resolver().resolve(
        [M("a", "Natalia Sokolova", document="d1"), M("b", "N. Sokolova", document="d2")]
    )
    assert result.ids["a"] != result.ids["b"]
    [review] = result.review_candidates
    assert {review.left, review.right} == {"a", "b"}
    assert review.score.value("given_name") > 0 and 0.45 <= review.score.score < 0.7
    decided = Resolver().resolve(
        [M("a", "Natalia Sokolova", document="d1"), M("b", "N. Sokolova", document="d2")],
        Judgements(different=[("a", "b")]),
    )
    assert decided.review_candidates == []


def test_ids_are_deterministic_slugs() -> None:
    mentions = [
        M(1, "MURPHY Paul", document="d1"),
        M(2, "Paul Murphy", document="d2"),
        M(3, "Paul Murphy", document="d3"),
        M(4, "Bairbre de Brún", document="d1"),
        M(5, "Владимир Козлов", document="d2"),
        M(6, "", document="d3"),
    ]
    ids = _ids(mentions)
    assert ids == _ids(list(mentions))
    assert ids[1] == ids[2] == "paul-murphy"
    assert ids[4] == "bairbre-de-brun" and ids[5] == "vladimir-kozlov" and ids[6] == "person"


def test_refs_must_be_unique() -> None:
    with pytest.raises(ValueError, match="unique"):
        _ids([M("a", "Ivan Petrov"), M("a", "Anna Petrova")])


def test_mentions_from_extraction() -> None:
    evidence = Evidence(Span(0, 1), "x", Extractor("test", "0"))
    extraction = Extraction(
        date=None,
        kind="letter",
        language="en",
        extractor=evidence.extractor,
        persons=[
            PersonRecord("p1", "Ivan Petrov", "concern", descriptors=["lawyer"]),
            PersonRecord("p2", "Anna Beispiel", "advocate"),
        ],
    )
    first, second = mentions_from_extraction("doc.txt", extraction)
    assert first.ref == ("doc.txt", "p1") and first.co_mentions == ("Anna Beispiel",)
    assert first.descriptors == ("lawyer",) and second.role == "advocate"


def test_every_feature_has_a_weight() -> None:
    assert {f.name for f in NameMatcher.FEATURES} == {f.name for f in fields(Weights)}


def test_score_is_the_clipped_weighted_sum() -> None:
    result = compare(
        M("a", "Natalia Sokolova", descriptors=["lawyer"], role="concern"),
        M("b", "Natalya Sokolova", descriptors=["lawyer"], role="concern"),
    )
    assert result.score == 1.0
    assert sum(e.value * e.weight for e in result.explanation) > 1.0
    assert result.value("shared_descriptors") == 1.0 and result.value("same_role") == 1.0


def test_candidate_index_windows_large_blocks() -> None:
    keys = [frozenset({"big"}) for _ in range(10)] + [frozenset({"small", "big"})] * 2
    order = [f"{item:02d}" for item in range(12)]
    pairs = list(CandidateIndex(keys, order, max_block_size=3, window=1).pairs())
    assert len(pairs) == len(set(pairs)) and all(i < j for i, j in pairs)
    assert (10, 11) in pairs and (0, 1) in pairs and (0, 2) not in pairs
