"""Name shapes (issue: person names, round 2), on fictional documents with their gold
(tests/data): names glued to the next line's first word, initials, particles of aristocratic
and transcribed names, organisations that look like names, titles and nouns before a name,
a bracketed other given name, bare surnames with one title."""

import json
from pathlib import Path

import pytest

from tests.extract.conftest import fictional, person

DATA = Path(__file__).resolve().parents[1] / "data"


def _gold_names(gold: Path, name: str) -> set[str]:
    for line in gold.read_text("utf-8").splitlines():
        doc = json.loads(line)
        if doc["document"] == name:
            return {p["name"] for p in doc["persons"]}
    raise AssertionError(f"no gold for {name}")


def _names(run, folder: Path, name: str, language: str = "en") -> set[str]:
    return {p.name for p in run((folder / name).read_text("utf-8"), language).persons}


def test_a_name_glued_to_the_next_heading_word_is_cut_at_the_seam(run):
    names = _names(run, DATA / "documents", "en_written_answer_glued_names.txt")
    assert {"Hollis", "Fiona MacRae"} <= names
    assert not {n for n in names if n.endswith(("To", "The"))}


def test_a_title_after_an_article_is_not_part_of_the_name(run):
    names = _names(run, DATA / "documents", "en_written_answer_glued_names.txt")
    assert "Bolat Temirkhanov" in names
    assert not {n for n in names if "Senate" in n}


def test_letter_names_follow_the_gold(run):
    """Initials (also glued: "W.Lindqvist"), "und" in a name, a given name that is also a
    word ("Islam"), titled surnames: every gold person is found, nothing else."""
    name = "en_open_letter_initials_signatories.txt"
    gold = _gold_names(DATA / "gold.jsonl", name)
    found = _names(run, DATA / "documents", name)
    titled = {g: g.split()[-1] for g in gold if g.startswith(("Lord ", "Baroness "))}
    assert found == {titled.get(g, g) for g in gold}


def test_a_nationality_and_an_outlet_named_after_a_person_are_not_persons(run):
    names = " | ".join(_names(run, DATA / "documents", "en_open_letter_initials_signatories.txt"))
    assert "PEN" not in names.upper()
    assert "Live" not in names


def test_one_titled_surname_twice_is_one_person(run):
    text = (DATA / "documents" / "en_open_letter_initials_signatories.txt").read_text("utf-8")
    assert [p.name for p in run(text).persons].count("Whitlow") == 1


def test_a_bracketed_other_given_name_is_an_alias(run):
    text = (DATA / "documents" / "en_open_letter_initials_signatories.txt").read_text("utf-8")
    assert "Sherik Tursunaliev" in person(run(text), "Sherzod Tursunaliev").aliases


def test_an_initial_and_a_given_name_may_name_one_person(run):
    text = (
        "To the Prosecutor General\nK. T. Nurmatov\n\nDear Prosecutor General Kamol Nurmatov,\n"
        "we ask you to release the blogger Aziz Tursunov, arrested on 2 May 2022."
    )
    nurmatov = [p for p in run(text).persons if p.name.endswith("Nurmatov")]
    assert len(nurmatov) == 1
    assert {"K. T. Nurmatov", "Kamol Nurmatov"} <= {nurmatov[0].name, *nurmatov[0].aliases}


def test_russian_particles_and_english_organisations_in_russian_text(run):
    name = "ru_news_names_particles.txt"
    folder = DATA / "multilingual"
    found = _names(run, folder, name, "ru")
    assert found == _gold_names(folder / "gold.jsonl", name)
    assert not {n for n in found if "Watch" in n or "Now" in n or "Defenders" in n}


def test_a_german_apposition_with_a_role_noun_makes_a_name(run):
    name = "de_news_reporter_apposition.txt"
    folder = DATA / "multilingual"
    assert _names(run, folder, name, "de") == _gold_names(folder / "gold.jsonl", name)


def test_a_french_ministry_after_an_elided_article_is_not_a_name(run):
    text = (
        "VILLE : Nantes LETTRE OUVERTE AU MINISTRE DE L’INTÉRIEUR Nantes, le 4 avril 2022 "
        "Monsieur le Ministre, nous demandons la libération du journaliste Timur Saidov, "
        "arrêté le 2 avril 2022."
    )
    names = {p.name for p in run(text, "fr").persons}
    assert names == {"Timur Saidov"}


def test_a_german_state_secretary_before_a_name_makes_a_name(run):
    text = (
        "Schriftliche Frage\n\nWelche Schritte unternimmt die Bundesregierung, um die "
        "Freilassung des Soziologen Pjotr Lawrow zu erreichen?\n\nAntwort der "
        "Staatssekretärin Wiebke Harms: Die Bundesregierung setzt sich für seine Freilassung ein."
    )
    assert "Wiebke Harms" in {p.name for p in run(text, "de").persons}


def test_a_name_after_an_elided_article_is_found(run):
    # "la libération d'Ales Varsky": the article glued to the name is not part of it.
    text = (
        "Actualités\n\nLe procès d’Anton Varsky a commencé. "
        "La libération d'Ales Varsky a été demandée."
    )
    names = {p.name for p in run(text, "fr").persons}
    assert {"Anton Varsky", "Ales Varsky"} <= names


def test_a_name_the_text_breaks_off_in_is_no_person(run):
    # "... sentenced his colleague Pavel Dro": who that is was cut off with the text.
    text, _ = fictional("en_news_name_cut_off_truncated.txt")
    names = {p.name for p in run(text, "en").persons}
    assert names == {"Ales Varsky"}


def test_a_name_before_the_cut_with_a_space_after_it_is_whole(run):
    # A signatory list cut after "... Mikhail Dronov " (a space: the name was complete).
    text = "Open letter\n\nWe ask to release Ales Varsky. Signed: Anna Lind, Mikhail Dronov "
    assert "Mikhail Dronov" in {p.name for p in run(text, "en").persons}


def test_a_common_word_is_a_surname_after_a_title_or_before_mp(run):
    extraction = run(
        "The letter was signed by Stuart Hollis MP, Damian Green MP, Lord German and"
        " Baroness Cox. Lord Justice Marsden dismissed the appeal."
    )
    names = {p.name for p in extraction.persons}
    assert {"Damian Green", "German", "Cox"} <= names
    assert "Justice" not in names


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("W kolonii karnej przebywa więzień polityczny Witold Aszurek.", "pl", "Witold Aszurek"),
        ("La prisonnière politique Mireille Vantal est détenue à Minsk.", "fr", "Mireille Vantal"),
    ],
)
def test_a_role_noun_with_its_adjective_after_it_marks_the_name(run, text, language, name):
    assert name in {p.name for p in run(text, language).persons}


def test_a_name_given_in_full_and_with_an_initial_is_named_in_full(run):
    extraction = run(
        "The imprisoned runner Marat Zhylkybayev was not allowed visits. Activists recorded"
        " greetings addressed to M. Zhylkybayev."
    )
    assert "Marat Zhylkybayev" in {p.name for p in extraction.persons}


def test_a_name_the_text_breaks_off_in_is_not_the_persons_record_name(run):
    text = (
        "Lucian Verantini, the union's General Secretary, wrote to the minister. \u201cThe law"
        " is abused,\u201d said Lucian Verant"
    )
    assert [p.name for p in run(text).persons] == ["Lucian Verantini"]


@pytest.mark.parametrize(
    ("text", "language", "name", "role"),
    [
        (
            "Brussels, 3 August 2017\n\nLucian Verantini, in his letter to President Tashbayev,"
            " asks for the release of the union leader Larisa Kharkevich.",
            "en",
            "Tashbayev",
            "addressee",
        ),
        (
            "Brussels, 3 August 2017\n\nThe former President Atambekov was sentenced to 11 years.",
            "en",
            "Atambekov",
            "concern",
        ),
    ],
)
def test_a_family_name_after_an_office_written_as_a_title_is_a_name(
    run, text, language, name, role
):
    assert person(run(text, language), name).role == role


def test_an_office_holder_named_in_passing_by_title_and_family_name_is_not_recorded(run):
    text = "Brussels, 3 August 2017\n\nPresident Tashbayev spoke at the congress on 2 August."
    assert [p.name for p in run(text).persons] == []
