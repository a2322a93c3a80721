"""Interventions on fictional documents: their dates and where the dates come from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from casetrail.derive import advocacy_page, advocacy_records, profile
from casetrail.derive.advocacy import Profile
from casetrail.domain import PartialDate
from casetrail.export import dossier, render
from casetrail.present.cli import app
from casetrail.store import Store
from tests.derive.builders import Person, write


def _ida() -> Person:
    return Person("Ida Korr", "ida-korr")


def _undated_news(store: Store) -> int:
    """A news item with no date of its own that reports two dated acts for Ida Korr."""
    return write(
        store,
        "MEPs write about Ida Korr",
        None,
        [_ida(), Person("Oskar Lind", "oskar-lind")],
        demands=[
            ("release", [0], "On 19 October 2017 MEPs called for her release.", "2017-10-19"),
            ("investigate", [0], "On 13 November 2017 they asked for an inquiry.", "2017-11-13"),
            ("release", [1], "On 2 March 2016 they called for his release.", "2016-03-02"),
            ("drop_charges", [0], "They asked that the charges be dropped."),
        ],
        kind="news",
    )


def test_a_dated_document_dates_its_intervention(store: Store) -> None:
    write(store, "Letter", "2020-10-16", [_ida()], demands=[("release", [0], "Free her.")])
    [record] = advocacy_records(store, ["ida-korr"])
    [intervention] = record.interventions
    assert intervention.date == PartialDate(2020, 10, 16)
    assert intervention.date_from_document and intervention.date_source is None
    assert intervention.date_note == "document date"


def test_an_intervention_names_its_advocates_and_addressees_alone(store: Store) -> None:
    write(
        store,
        "Letter",
        "2021-03-01",
        [
            _ida(),
            Person("Oskar Lind", "oskar-lind"),  # another person of concern
            Person("Anna Weber", "anna-weber", role="advocate", descriptors=["MEP"]),
            Person("Jan Holm", "jan-holm", role="addressee", descriptors=["minister"]),
            Person("Eva Stein", "eva-stein", role="official"),
        ],
        demands=[("release", [0], "Free her."), ("release", [1], "Free him.")],
    )
    [record] = advocacy_records(store, ["ida-korr"])
    for page in (record, advocacy_page(store, "ida-korr").record):
        [intervention] = page.interventions
        assert [(p.person_id, p.profile.roles) for p in intervention.advocates] == [
            ("anna-weber", ("MEP",))
        ]
        assert [(p.person_id, p.profile.roles) for p in intervention.addressees] == [
            ("jan-holm", ("minister",))
        ]
        assert [d.quote for d in intervention.demands] == ["Free her."]


def test_an_undated_document_is_dated_by_its_earliest_act_for_the_person(store: Store) -> None:
    _undated_news(store)
    [record] = advocacy_records(store, ["ida-korr"])
    [intervention] = record.interventions
    assert intervention.document.date is None
    # Not the 2016 demand: it is for someone else.
    assert intervention.date == PartialDate(2017, 10, 19)
    assert not intervention.date_from_document
    assert intervention.date_source is not None
    assert intervention.date_source.quote == "On 19 October 2017 MEPs called for her release."
    assert intervention.date_note == "from the text"


def test_without_a_dated_act_an_undated_document_stays_undated(store: Store) -> None:
    write(store, "Appeal", None, [_ida()], demands=[("release", [0], "Free Ida Korr.")])
    [record] = advocacy_records(store, ["ida-korr"])
    [intervention] = record.interventions
    assert intervention.date is None and intervention.date_source is None
    assert intervention.date_note == "undated"


def test_interventions_are_in_the_order_of_their_dates(store: Store) -> None:
    write(store, "Later letter", "2018-01-10", [_ida()])
    _undated_news(store)
    write(store, "Undated appeal", None, [_ida()])
    [record] = advocacy_records(store, ["ida-korr"])
    assert [(str(i.date), i.document.title) for i in record.interventions] == [
        ("2017-10-19", "MEPs write about Ida Korr"),
        ("2018-01-10", "Later letter"),
        ("None", "Undated appeal"),
    ]


def test_the_dossier_and_the_command_mark_a_date_from_the_text(
    store: Store, tmp_path: Path
) -> None:
    _undated_news(store)
    text = render(dossier(store, "ida-korr", date(2024, 1, 1)), "md")
    assert "2017-10-19 (from the text)" in text
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    with Store.open(url) as copy:
        _undated_news(copy)
    result = CliRunner().invoke(
        app, ["advocacy", "Ida Korr", "--db", url], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    assert "2017-10-19 (from the text)" in result.stdout


def test_the_same_descriptors_are_sorted_once() -> None:
    """Advocates sign letter after letter with the same words: their profile is made once
    (each sorting looks territories up), and is the same whatever the duplicates."""
    found = profile(["S&D", "Social Democratic Party", "Germany", "MEP", "MEP"])
    assert found == Profile(("S&D",), ("Social Democratic Party",), ("Germany",), ("MEP",))
    assert profile(iter(["S&D", "Social Democratic Party", "Germany", "MEP"])) is found
