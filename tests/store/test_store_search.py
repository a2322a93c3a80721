"""Full-text search: highlights, ranking, any query text, Cyrillic."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casetrail.domain import Document, Extraction
from casetrail.store import SearchHit, Store
from casetrail.store import search as search_module
from casetrail.store.search import fts5_query

Extract = Callable[[Document, str], Extraction]

# Query syntax of FTS5 and tsquery, unbalanced; characters the drivers or servers refuse.
# fmt: off
NASTY_QUERIES = [
    "", "   ", '"', '""', "'", "AND", "OR", "NOT", "a AND", "OR b", "NOT NOT", "*", "a*", "-",
    "-Velikova", "(", ")", "((Velikova", "Velikova)", "NEAR(a b", "title:Velikova", "a:b:c",
    "^Velikova", "{a b}:c", "!", "&", "|", "<->", "a & | b", ":*", "\\", "%", "_", "\x00",
    "Velikova\x00", "\ud800", "\u0301", "🙂", "null", "ﷺ", "ǅ", "Velikova' OR '1'='1",
]
# fmt: on


@pytest.fixture
def corpus(
    store: Store, letter: Document, extract: Extract, document_factory: Callable[..., Document]
) -> dict[str, int]:
    """Three documents stored; their ids by name."""
    documents = {
        "letter": store.add_document(letter, extract(letter, "1.0")),
        "brief": store.add_document(
            document_factory(
                "A brief mention: the lawyer Ivo Ranst visited the prison in Dornhall.", "Visit"
            )
        ),
        "russian": store.add_document(
            document_factory(
                "Правозащитник Игорь Святославов арестован в Дорнхолле 5 марта.\n"
                "Святославов объявил голодовку.",
                "Заявление о задержании",
                "ru",
            )
        ),
    }
    return {name: result.document_id for name, result in documents.items()}


def test_hits_are_highlighted(store: Store, corpus: dict[str, int]) -> None:
    [hit] = store.search("Ranst")
    assert hit == SearchHit(corpus["brief"], "Visit", hit.snippet, hit.rank)
    assert "[Ranst]" in hit.snippet
    [hit] = store.search("ranst visited", markers=("<b>", "</b>"))
    assert "<b>Ranst</b> <b>visited</b>" in hit.snippet


@pytest.mark.parametrize("markers", [("'", "'"), ('"', '"'), ("«,", "=»"), ("", "")])
def test_any_marker_strings(store: Store, corpus: dict[str, int], markers: tuple[str, str]) -> None:
    [hit] = store.search("Ranst", markers=markers)
    assert f"{markers[0]}Ranst{markers[1]}" in hit.snippet


def test_every_word_is_required(store: Store, corpus: dict[str, int]) -> None:
    assert {hit.document_id for hit in store.search("Dornhall")} == {
        corpus["letter"],
        corpus["brief"],
    }
    assert [hit.document_id for hit in store.search("Dornhall lawyer")] == [corpus["brief"]]
    assert store.search("Dornhall astronaut") == []


def test_better_hits_rank_first(
    store: Store, corpus: dict[str, int], document_factory: Callable[..., Document]
) -> None:
    filler = " The weather in the capital was mild and the markets were calm."
    texts = {
        "digest": ("Weekly digest", "Ships arrived." + filler * 3 + " A hunger strike was noted."),
        "case": (
            "Hunger strike of Lena Oru",
            "Lena Oru began a hunger strike." + filler * 3 + " Her hunger strike continues.",
        ),
    }
    ids = {
        name: store.add_document(document_factory(text, title)).document_id
        for name, (title, text) in texts.items()
    }
    hits = store.search("hunger strike")
    assert [hit.document_id for hit in hits] == [ids["case"], ids["digest"]]
    assert hits[0].rank > hits[1].rank
    assert [hit.document_id for hit in store.search("hunger", limit=1)] == [ids["case"]]


def test_cyrillic_text(store: Store, corpus: dict[str, int]) -> None:
    [hit] = store.search("святославов")
    assert hit.document_id == corpus["russian"]
    assert hit.title == "Заявление о задержании"
    assert "[Святославов]" in hit.snippet
    assert store.search("ЗАДЕРЖАНИИ")[0].document_id == corpus["russian"]


def test_nasty_queries_never_raise(store: Store, corpus: dict[str, int]) -> None:
    for query in NASTY_QUERIES:
        hits = store.search(query)
        assert all(hit.document_id in corpus.values() for hit in hits), query


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Any code point, lone surrogates too, as undecodable command-line bytes give.
@given(query=st.text(st.characters(exclude_categories=()), max_size=40))
def test_any_text_query_never_raises(store: Store, corpus: dict[str, int], query: str) -> None:
    hits = store.search(query)
    assert all(hit.document_id in corpus.values() for hit in hits)


@given(query=st.text())
def test_fts5_queries_are_quoted_words(query: str) -> None:
    # Outside the quoted words, only the operators the query is built with.
    between = re.sub(r'"[^"]*"', " ", fts5_query(query))
    assert re.fullmatch(r"(\s|AND|OR|\(|\)|\*)*", between)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # Russian inflection: the query's stem finds the other cases.
        ("Святославова", "russian"),
        ("голодовке", "russian"),
        ("задержания", "russian"),
        # English and diacritics.
        ("visits", "brief"),
        ("Dórnhall", "brief"),
    ],
)
def test_inflected_forms_and_accents_find_the_document(
    store: Store, corpus: dict[str, int], query: str, found: str
) -> None:
    assert corpus[found] in {hit.document_id for hit in store.search(query)}


def test_only_the_newest_matches_are_ranked_when_many_match(
    store: Store, document_factory: Callable[..., Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The oldest document is the best hit, but beyond the newest RANKED matches.
    ids = [
        store.add_document(document_factory(text, title)).document_id
        for title, text in [
            ("Kestrel", "Kestrel kestrel kestrel."),
            ("Second", "A kestrel flew over the quiet harbour of the town at dawn."),
            ("Third", "The harbour saw one kestrel at noon, and the gulls went on."),
            ("Fourth", "The evening brought rain, wind and a lone kestrel to the pier."),
        ]
    ]
    assert store.search("kestrel", limit=1)[0].document_id == ids[0]
    monkeypatch.setattr(search_module, "RANKED", 2)
    assert {hit.document_id for hit in store.search("kestrel")} == set(ids[2:])
