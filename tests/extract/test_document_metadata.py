"""A document's date and kind, read from its structure: fictional documents of each genre
(tests/data, with their gold) and short texts of the forms in between."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
STRUCTURED = {
    "documents": [
        "en_ep_resolution_heading_dated.txt",  # "resolution of 10 June 2021 on ..."
        "en_motion_procedure_date_line.txt",  # "9.2.2022 - (2022/2512(RSP)) pursuant to ..."
        "en_press_release_dated_title.txt",  # "Tuesday 14th March – Org today condemned"
        "en_hansard_written_answer.txt",  # "§ Mr. HarrowTo ask the Secretary of State ..."
        "en_news_date_line_timestamp.txt",  # " date 2024-03-05 14:20"
        "en_letter_closing_date.txt",  # "12 April 2022. Osh" under the letter
        "en_undated_appeal_truncated.txt",  # "URGENT APPEAL", no date
    ],
    "multilingual": [
        "fr_lettre_ouverte_dateline.txt",  # "Lyon, le 3 mars 2022 Monsieur le Ministre,"
        "de_pressemitteilung_vom.txt",  # "Pressemitteilung des Vereins ... vom 4. Mai 2021"
        "ru_news_timestamp_line.txt",  # "2021-3-7 10:15 |"
    ],
}
CASES = [(folder, name) for folder, names in STRUCTURED.items() for name in names]


def _gold(folder: str, name: str) -> dict:
    folder_path = DATA / folder
    gold_file = DATA / "gold.jsonl" if folder == "documents" else folder_path / "gold.jsonl"
    for line in gold_file.read_text("utf-8").splitlines():
        doc = json.loads(line)
        if doc["document"] == name:
            return doc
    raise AssertionError(f"{name} has no gold")


@pytest.mark.parametrize(("folder", "name"), CASES)
def test_document_date_and_kind_from_structure(run, folder, name):
    gold = _gold(folder, name)
    text = (DATA / folder / name).read_text("utf-8")
    extraction = run(text, gold["language"])
    assert (extraction.date.iso() if extraction.date else None) == gold["date"]
    assert extraction.kind == gold["kind"]


def _date(run, text: str, language: str = "en") -> str | None:
    extraction = run(text, language)
    return extraction.date.iso() if extraction.date else None


PROSE = (
    "The authorities detained the activist Marat Kenesov at his home and searched the offices "
    "of his organisation, seizing computers and documents, his colleagues told reporters.\n"
)


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("Urgent Appeal\n\nKazakhstan: activist detained\n\n19-12-2022\n\n", "2022-12-19"),
        ("Page last updated at 15:10 GMT, Tuesday, 20 October 2009 16:10 UK\n\n", "2009-10-20"),
        ("Posted on 3 May 2020 by the editors\n\n", "2020-05-03"),
        # A heading's date that belongs to its topic, not to the document.
        ("Statement on the anniversary of the events of 19 December 2010\n\n", None),
        # A date opening a paragraph of prose is the date of what it reports.
        (
            "27 February 2023 the city court sentenced four believers to prison terms for their "
            "faith, their lawyers said after the hearing in the city of Yalta on Monday.\n",
            None,
        ),
    ],
)
def test_date_lines_of_the_head(run, head, date):
    assert _date(run, head + PROSE) == date


def test_a_publication_date_inside_the_prose_is_not_the_documents(run):
    text = (
        "The report of the Steppe Rights Bureau, published on 5 May 2021, describes how the "
        "authorities detained the activist Marat Kenesov and searched the offices of his group.\n"
    )
    assert _date(run, text) is None


def test_a_yearless_dateline_takes_its_year_from_the_head_only(run):
    lead = "Monday 19th December – The Steppe Rights Bureau today condemned the detention of "
    body = lead + PROSE
    assert _date(run, "Updated: Dec 23, 2022\n\n" + body) == "2022-12-19"
    assert _date(run, body) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Urgent Action: blogger detained\n\n" + PROSE, "press_release"),
        (
            "12.02.2024 – Steppe Rights Bureau condemns detention of activist\n\n" + PROSE,
            "press_release",
        ),
        ("date 2024-02-07 12:32\nRights group condemns detention of activist\n\n" + PROSE, "news"),
        ("Gemeinsames Statement zweier Abgeordneter\n\n" + PROSE, "statement"),
        ("MONITORING OF POLITICAL PERSECUTION IN MAY 2022\n\n" + PROSE, "report"),
        ("To the Prosecutor General of the Republic\n\n" + PROSE, "letter"),
        # A news report on a statement is news: the word counts in the title only.
        (PROSE + "In a statement released on Friday, the group called for his release.\n", "news"),
    ],
)
def test_kind_from_the_title(run, text, kind):
    assert run(text).kind == kind


def test_a_two_digit_year_on_a_head_date_line_takes_the_heads_century(run):
    head = "2007: Kazakhstan: Marat Kenesov\n\nJanuary 19th 07\n\nPresident of the Republic\n\n"
    assert _date(run, head + PROSE) == "2007-01-19"
    # Without a full year in the head, the two digits say nothing sure.
    assert _date(run, "January 19th 07\n\n" + PROSE) is None
