"""The date of an act of demanding: what its sentence (or its list, or the news item that
reports it) says, resolved like an event's date; never the document's date, never guessed."""

from __future__ import annotations

from casetrail.extract.contract import to_contract
from tests.extract.conftest import fictional, person

DATED_LETTER = "Brussels, 13 November 2021\n\nDear Minister,\n\n"


def demand_dates(extraction, name: str) -> list[str | None]:
    key = person(extraction, name).key
    return [str(d.date) if d.date else None for d in extraction.demands if key in d.targets]


def test_a_date_in_the_demand_sentence_dates_the_act(run):
    extraction = run(
        "On 19 October 2021, MEPs addressed letters to the authorities, demanding the release "
        "of the blogger Anna Ivanova."
    )
    assert extraction.date is None
    assert demand_dates(extraction, "Anna Ivanova") == ["2021-10-19"]


def test_a_date_without_a_year_takes_the_document_year_or_stays_unknown(run):
    sentence = (
        "MEPs, on 19 October, addressed letters to the authorities, demanding the release of "
        "the blogger Anna Ivanova."
    )
    assert demand_dates(run(DATED_LETTER + sentence), "Anna Ivanova") == ["2021-10-19"]
    assert demand_dates(run(sentence), "Anna Ivanova") == [None]


def test_a_weekday_dates_the_act_in_a_dated_news_item(run):
    text = "Brussels, 10 March 2022\n\nMEPs on Thursday called for the release of Anna Ivanova."
    assert demand_dates(run(text), "Anna Ivanova") == ["2022-03-10"]


def test_dates_of_what_is_demanded_or_of_events_are_not_the_act_date(run):
    content = run("We call for the release of the blogger Anna Ivanova, detained since 3 May 2021.")
    assert demand_dates(content, "Anna Ivanova") == [None]
    event = run(
        "Since the arrest on 3 May 2021 of the journalist Petr Sidorov, we have called for the "
        "release of the blogger Anna Ivanova."
    )
    assert demand_dates(event, "Anna Ivanova") == [None]


def test_list_items_take_the_date_of_the_sentence_that_opens_the_list(run):
    extraction = run(
        "On 5 May 2021 the MEPs called on the authorities to:\n\n"
        "- release the blogger Anna Ivanova;\n"
        "- drop all charges against the journalist Petr Sidorov, arrested on 2 April 2021.\n"
    )
    assert demand_dates(extraction, "Anna Ivanova") == ["2021-05-05"]
    assert demand_dates(extraction, "Petr Sidorov") == ["2021-05-05"]


NEWS = (
    "MEPs raise the case of Anna Ivanova\n\n"
    "{lead} MEPs submitted two written questions to the High Representative on the "
    "prosecution of civil society activists in the country, which has intensified over the "
    "past year according to local observers and monitors.\n\n"
    '"The authorities must immediately release the blogger Anna Ivanova," the MEPs wrote.'
)


def test_an_undated_news_item_dates_its_demands_by_the_act_it_opens_with(run):
    extraction = run(NEWS.format(lead="On 13 November 2017,"))
    assert extraction.date is None  # the act's date is not the document's
    assert demand_dates(extraction, "Anna Ivanova") == ["2017-11-13"]


def test_a_demand_with_a_date_of_its_own_keeps_it_even_unknown(run):
    text = NEWS.format(lead="On 13 November 2017,") + (
        "\n\nOn 19 October, MEPs had called for the release of the journalist Petr Sidorov."
    )
    extraction = run(text)
    assert demand_dates(extraction, "Anna Ivanova") == ["2017-11-13"]
    # "19 October" of which year? Not the opening's act, and not guessed.
    assert demand_dates(extraction, "Petr Sidorov") == [None]


def test_an_opening_without_a_full_date_dates_nothing(run):
    for lead in ("On 13 November,", "In November 2017,", "Last week"):
        extraction = run(NEWS.format(lead=lead))
        assert demand_dates(extraction, "Anna Ivanova") == [None], lead


def test_a_dated_document_does_not_date_demands_by_its_opening(run):
    extraction = run(DATED_LETTER + NEWS.format(lead="On 13 November 2017,"))
    assert str(extraction.date) == "2021-11-13"
    assert demand_dates(extraction, "Anna Ivanova") == [None]


def test_the_act_date_is_not_in_the_contract(run):
    contract = to_contract("news.txt", run(NEWS.format(lead="On 13 November 2017,")))
    assert contract["date"] is None
    assert "demands" not in contract


def test_a_reports_period_dates_its_items_and_not_what_they_report(run):
    # "MONITORING ... FROM MARCH 1 TO MARCH 31, 2023": "March 2, Velmar, a trial began" is
    # of 2023; "who had been detained" and "stated that since 2019" are not of the item's day.
    # ("He is accused", told after the trial, still takes the trial's day: not checked here.)
    text, gold = fictional("en_report_monthly_monitoring.txt")
    extraction = run(text)
    assert extraction.date is None
    assert {p.name for p in extraction.persons} == {p["name"] for p in gold["persons"]}
    for expected in gold["persons"]:
        found = person(extraction, expected["name"])
        assert {
            (e.type, e.date.iso() if e.date else None) for e in found.events if e.type != "charged"
        } == {(e["type"], e["date"]) for e in expected["events"] if e["type"] != "charged"}
