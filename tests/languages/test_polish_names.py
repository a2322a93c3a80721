"""Polish documents are detected as Polish, and their declined names come back in the
nominative ("Alesia Krawieckiego" is Aleś Krawiecki); German role nouns before a name and
Dutch country names are not parts of it (issue 12)."""

from pathlib import Path

from casetrail.languages import detect_language
from tests.languages.conftest import person

MULTILINGUAL = Path(__file__).resolve().parents[1] / "data" / "multilingual"


def _polish():
    return (MULTILINGUAL / "pl_news_declined_names_krawiecki.txt").read_text("utf-8")


def test_polish_is_detected():
    assert detect_language(_polish()) == "pl"


def test_declined_polish_names_are_one_person_in_the_nominative(run):
    extraction = run(_polish(), "pl")
    names = {p.name for p in extraction.persons}
    assert names == {"Aleś Krawiecki", "Hanna Sieradzka"}
    assert "Alesia Krawieckiego" in person(extraction, "Aleś Krawiecki").aliases


def test_polish_declension_of_men_and_women():
    from casetrail.extract.morph import NameInflection
    from casetrail.languages import pack

    inflection = NameInflection(pack("pl").name_inflection)
    best = {
        n: " ".join(inflection.readings(n.split())[0].parts)
        for n in (
            "Uładzimira Paszkiewicza",
            "Annie Kowalskiej",
            "Aleksieja Nawalnego",
            "Wiktar Sazonau",
        )
    }
    assert best == {
        "Uładzimira Paszkiewicza": "Uładzimir Paszkiewicz",
        "Annie Kowalskiej": "Anna Kowalska",
        "Aleksieja Nawalnego": "Aleksiej Nawalny",
        "Wiktar Sazonau": "Wiktar Sazonau",
    }


def test_a_german_noun_before_a_name_is_not_part_of_it(run):
    text = "Der Theaterregisseur Bolat Kasymbekow wurde am 3. Mai 2022 in Almaty festgenommen."
    names = {p.name for p in run(text, "de").persons}
    assert names == {"Bolat Kasymbekow"}


def test_a_dutch_country_name_before_a_name_is_not_part_of_it(run):
    text = (MULTILINGUAL / "nl_written_question_party_chubinidze.txt").read_text("utf-8")
    names = {p.name for p in run(text, "nl").persons}
    assert "Levan Chubinidze" in names
    assert not {n for n in names if "Georgië" in n}
    assert "Wobbe Hiddinga" in names  # no known given name: the party in brackets tells
