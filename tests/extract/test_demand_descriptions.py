"""A demand names a person and then says who they are: "release X, who was sentenced in
2019", "the death of Y, a blogger who died in custody", "Z, осуждённого 14 марта 2022 года".
That description states facts; what the demand asks for ("to be freed", "must be released")
stays a demand. Fictional letters in English, Russian and German, each with its gold."""

import pytest

from tests.extract.conftest import fictional


def _events(run, name: str) -> dict[str, dict[str, str | None]]:
    text, gold = fictional(name)
    return {
        p.name: {e.type: e.date.iso() if e.date else None for e in p.events}
        for p in run(text, gold["language"]).persons
    }


@pytest.mark.parametrize(
    "name",
    [
        "en_letter_release_described.txt",
        "ru_letter_release_described.txt",
        "de_letter_release_described.txt",
    ],
)
def test_each_person_has_the_events_of_the_gold(run, name):
    found = _events(run, name)
    for person in fictional(name)[1]["persons"]:
        expected = {e["type"]: e["date"] for e in person["events"] if not e.get("optional")}
        allowed = {e["type"] for e in person["events"]}
        events = found[person["name"]]
        assert {t: events.get(t) for t in expected} == expected, person["name"]
        assert set(events) <= allowed, person["name"]


def test_a_description_is_of_its_own_name_not_of_the_next(run):
    # "release Tomas Verhalen, who was sentenced ... on 3 May 2019, and Irma Kostenko,
    # arrested in March 2020"
    events = _events(run, "en_letter_release_described.txt")
    assert events["Tomas Verhalen"] == {"sentenced": "2019-05-03"}
    assert events["Irma Kostenko"] == {"arrested": "2020-03"}


def test_a_description_of_two_names_joined_by_and_is_of_both(run):
    events = _events(run, "en_letter_release_described.txt")
    assert events["Oleg Sarnatsky"] == events["Vera Lind"] == {"arrested": "2022-01-12"}


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("en_letter_release_described.txt", "Anton Belyk"),  # "who should be released"
        ("en_letter_release_described.txt", "Marta Oswin"),  # "..., to be freed"
        ("en_letter_release_described.txt", "Ivan Garrick"),  # "who will be acquitted only if"
        ("ru_letter_release_described.txt", "Олег Минин"),  # "который должен быть освобождён"
        ("de_letter_release_described.txt", "Lena Brandauer"),  # "die freigelassen werden muss"
    ],
)
def test_what_a_description_asks_for_is_no_status_ending_event(run, name, person):
    events = _events(run, name)[person]
    assert not {"released", "acquitted", "died"} & set(events)
