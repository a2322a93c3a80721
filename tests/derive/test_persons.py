"""Finding a person by id or by name, never guessing between two."""

from __future__ import annotations

import pytest

from casetrail.derive import PersonLookupError, find_person, find_persons
from casetrail.store import Store
from tests.derive.builders import Person, write


@pytest.fixture
def named(store: Store) -> Store:
    write(
        store,
        "Letter",
        "2020-01-01",
        [
            Person("Zoë Ármin", "zoe-armin", aliases=["Zoya Armina"]),
            Person("Pavel Ármin", "pavel-armin"),
        ],
    )
    return store


@pytest.mark.parametrize(
    "query", ["zoe-armin", "Zoë Ármin", "zoe armin", "ARMIN Zoe", "zoya armina", "Zoë"]
)
def test_a_name_or_id_finds_the_person(named: Store, query: str) -> None:
    assert find_person(named, query) == "zoe-armin"


def test_an_ambiguous_name_lists_the_candidates(named: Store) -> None:
    with pytest.raises(PersonLookupError, match=r"could be 2 persons: pavel-armin.*zoe-armin"):
        find_person(named, "armin")


def test_an_unknown_name_says_so(named: Store) -> None:
    with pytest.raises(PersonLookupError, match="no person is called 'Nobody'"):
        find_person(named, "Nobody")


def test_several_queries_give_each_person_once(named: Store) -> None:
    assert find_persons(named, ["Zoë", "zoe-armin", "Pavel"]) == ["zoe-armin", "pavel-armin"]
