"""Search by person on the real corpora: any spelling, script or case form of a resolved
person's name finds every document that mentions them (issue 18's bars)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetrail.store import Store


def sources(store: Store, query: str, *, literal: bool = False) -> set[str]:
    """The file names of the documents a search finds (all of them)."""
    answer = store.find(query, limit=1000, literal=literal)
    summaries = {summary.id: summary.source for summary in store.documents()}
    return {Path(summaries[hit.document_id]).name for hit in answer.hits}


@pytest.mark.parametrize("query", ["Natalia Sokolova", "Наталья Соколова", "Соколова"])
def test_every_spelling_of_sokolova_finds_the_same_documents(seeds: Store, query: str) -> None:
    found = sources(seeds, "Natalya Sokolova")
    assert {name[:3] for name in found} >= {"000", "002"}
    assert sources(seeds, query) == found
    assert [person.id for person in seeds.find(query).persons] == ["natalia-sokolova"]


def test_zhovtis_in_cyrillic_finds_what_the_latin_spelling_finds(seeds: Store) -> None:
    found = sources(seeds, "Zhovtis")
    assert found and sources(seeds, "Жовтис") == found == sources(seeds, "Жовтиса")


SOSNOVSKAYA = {
    "by_mep_letter_prosecutor_2021.txt",  # "Palina Sasnouskaya"
    "by_statement_ru_2021.txt",  # "Полины Сосновской"
    "fwd_joint_appeal_2023.eml",  # "SASNOUSKAYA Palina"
}


@pytest.mark.parametrize(
    "query", ["Sosnovskaya", "Сосновская", "Polina Sosnovskaya", "Сосновской", "Sasnouskaya"]
)
def test_sosnovskaya_finds_the_three_documents_of_palina_sasnouskaya(
    samples: Store, query: str
) -> None:
    assert sources(samples, query) == SOSNOVSKAYA


def test_the_literal_words_find_only_the_spelling_searched(samples: Store) -> None:
    assert sources(samples, "Sasnouskaya", literal=True) < SOSNOVSKAYA
    assert sources(samples, "Sosnovskaya", literal=True) == set()


def test_a_patronymic_family_name_finds_its_other_form(samples: Store) -> None:
    assert sources(samples, "Nurlanuly") == sources(samples, "Daulet Nurlanov")
    assert len(sources(samples, "Nurlanuly")) > len(sources(samples, "Nurlanuly", literal=True))
