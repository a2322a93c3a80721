"""Roles from document structure and reported letters, on fictional documents of each genre
with their gold (tests/data): motion author lists over several lines, a news item reporting
two MEPs' letter to a minister, a letter with a title line and run-on signatures, a Russian
news item on deputies' letter, a German statement of two MPs, an open letter whose recipients
stand above it with no salutation, a salutation run into the letter's first sentence."""

import pytest

from casetrail.domain import Extraction
from tests.extract.conftest import DATA, fictional

DOCUMENTS = [
    "en_motion_author_lists.txt",
    "en_news_letter_two_meps.txt",
    "en_letter_title_line_solidarity.txt",
    "ru_news_deputaty_pismo.txt",
    "de_statement_two_mps.txt",
    "en_open_letter_recipients_no_salutation.txt",
    "en_letter_salutation_run_in.txt",  # "Dear Minister X, we write ..." on one line
]


def _roles(extraction: Extraction) -> dict[str, str]:
    return {p.name: p.role for p in extraction.persons}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_roles_follow_the_gold(run, name):
    """Every advocate, addressee and person of concern of the gold has that role, and no
    person of concern is an advocate or an addressee."""
    text, gold = fictional(name)
    roles = _roles(run(text, gold["language"]))
    expected = {p["name"]: p["role"] for p in gold["persons"]}
    assert {n: roles.get(n) for n in expected} == expected


def test_greetings_addressed_to_a_prisoner_do_not_make_an_addressee(run):
    text = (DATA / "documents" / "en_news_letter_two_meps.txt").read_text("utf-8")
    assert _roles(run(text))["Firuz Nazarov"] == "concern"


def test_title_and_subject_lines_are_not_the_address_block(run):
    text = (DATA / "documents" / "en_letter_title_line_solidarity.txt").read_text("utf-8")
    roles = _roles(run(text))
    assert roles["Aigerim Tulegenova"] == "concern"
    assert roles["Kassym-Jomart Tokayev"] == "addressee"


def test_a_letter_to_the_family_of_a_prisoner_is_not_to_the_prisoner(run):
    text = "Die Abgeordneten schrieben einen Brief an die Familie von Timur Ergaschew."
    assert _roles(run(text, "de")).get("Timur Ergaschew") != "addressee"
