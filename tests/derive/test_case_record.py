"""Case records on fictional documents: the expected end of a sentence, its basis, the
due_for_release alert and its silence once a release is recorded; and on the seeds."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from casetrail.derive import alerts
from casetrail.derive.case_record import add_term, case_matches, case_records
from casetrail.derive.dates import first_day, last_day
from casetrail.domain import Charge, CourtSentence, Detention, PartialDate
from casetrail.store import Store
from tests.derive.builders import Person, write

FOUR_YEARS = CourtSentence(term_months=48, penalty="imprisonment", regime="general")
VERDICT = "The Almaty District Court sentenced him to 4 years in a general-regime colony."


def _orsk(*facts, events=()) -> Person:
    return Person("Marat Orsk", "marat-orsk", events=list(events), facts=list(facts))


def _due(store: Store, as_of: date) -> list[str]:
    return [a.message for a in alerts(store, as_of) if a.kind == "due_for_release"]


def test_the_expected_end_is_the_verdict_plus_the_term(store: Store) -> None:
    write(
        store,
        "Letter",
        "2021-02-01",
        [
            _orsk(
                (FOUR_YEARS, "2021-01-12", VERDICT),
                (Charge("174", "1", "criminal"), "2021-01-12", "under Article 174, part 1"),
                (Detention("penal colony UG-157/11"), None, "He is held in UG-157/11."),
                events=[("sentenced", "2021-01-12", VERDICT)],
            )
        ],
    )
    record = case_records(store, ["marat-orsk"])["marat-orsk"]
    expected = record.expected_release
    assert expected is not None
    assert (str(expected.date), expected.basis, str(expected.basis_date)) == (
        "2025-01",
        "verdict",
        "2021-01-12",
    )
    assert expected.explanation.startswith("estimate: verdict of 2021-01-12")
    assert record.articles == ("174.1",) and record.place == "penal colony UG-157/11"
    assert case_matches(record, article="174", release="2025")
    assert case_matches(record, article="174.1") and not case_matches(record, article="174.2")
    assert not case_matches(record, release="2024")


def test_time_in_custody_counts_from_the_arrest(store: Store) -> None:
    counted = CourtSentence(term_months=30, custody_counts=True)
    write(
        store,
        "Letter",
        "2021-06-01",
        [
            _orsk(
                (counted, "2021-05-20", "sentenced to 2 years 6 months, counting from his arrest"),
                events=[("arrested", "2020-11-03", "arrested on 3 November 2020")],
            )
        ],
    )
    expected = case_records(store, ["marat-orsk"])["marat-orsk"].expected_release
    assert expected is not None
    assert (expected.basis, str(expected.basis_date), str(expected.date)) == (
        "arrest",
        "2020-11-03",
        "2023-05",
    )


def test_no_estimate_for_a_suspended_or_undated_sentence(store: Store) -> None:
    suspended = CourtSentence(term_months=36, suspended=True)
    write(
        store,
        "Letter",
        "2021-06-01",
        [_orsk((suspended, "2021-05-20", "a suspended sentence"), (FOUR_YEARS, None, VERDICT))],
    )
    assert case_records(store, ["marat-orsk"])["marat-orsk"].expected_release is None
    assert _due(store, date(2030, 1, 1)) == []


def test_due_for_release_until_a_release_is_recorded(store: Store) -> None:
    write(
        store,
        "Letter",
        "2021-02-01",
        [_orsk((FOUR_YEARS, "2021-01-12", VERDICT), events=[("sentenced", "2021-01-12", VERDICT)])],
    )
    assert _due(store, date(2025, 1, 31)) == []  # the month of the estimate has not passed
    [message] = _due(store, date(2025, 6, 1))
    assert "Marat Orsk" in message and "2025-01" in message and "estimate" in message
    write(
        store,
        "News",
        "2025-02-10",
        [_orsk(events=[("released", "2025-02-09", "was released on 9 February")])],
    )
    assert _due(store, date(2025, 6, 1)) == []


def test_a_release_before_the_sentence_does_not_end_it(store: Store) -> None:
    write(
        store,
        "Letter",
        "2021-02-01",
        [
            _orsk(
                (FOUR_YEARS, "2021-01-12", VERDICT),
                events=[
                    ("released", "2019-05-02", "released on bail"),
                    ("sentenced", "2021-01-12", VERDICT),
                ],
            )
        ],
    )
    assert len(_due(store, date(2025, 6, 1))) == 1


def test_disagreeing_terms_are_kept_side_by_side(store: Store) -> None:
    six = CourtSentence(term_months=72)
    seven = CourtSentence(term_months=84)
    write(store, "One", "2020-02-01", [_orsk((six, "2020-01-23", "sentenced to six years"))])
    write(store, "Two", "2020-03-01", [_orsk((seven, "2020-01-23", "sentenced to seven years"))])
    record = case_records(store, ["marat-orsk"])["marat-orsk"]
    assert [f.value.term_months for f in record.sentences] == [72, 84]
    assert record.expected_release is not None and str(record.expected_release.date) == "2026-01"
    assert [str(e.date) for e in record.other_estimates] == ["2027-01"]


@given(
    st.integers(1990, 2030),
    st.one_of(st.none(), st.integers(1, 12)),
    st.integers(1, 28),
    st.integers(1, 300),
)
def test_the_end_of_a_term_is_after_its_start_and_never_too_early(
    year: int, month: int | None, day: int, months: int
) -> None:
    start = PartialDate(year, month, day if month else None)
    end = add_term(start, months, None)
    assert end.day is None  # an estimate is never more precise than the month
    # The latest day the term can end is within the estimate, or before its last day.
    latest = last_day(start)
    index = latest.year * 12 + latest.month - 1 + months
    assert last_day(end) >= date(index // 12, index % 12 + 1, 1)
    assert first_day(end) > first_day(start)


@given(st.integers(1, 400))
def test_day_terms_keep_the_day(days: int) -> None:
    end = add_term(PartialDate(2021, 1, 12), None, days)
    assert (first_day(end) - date(2021, 1, 12)).days == days


def test_sokolova_sentence_on_the_seeds(seeds: Store) -> None:
    record = case_records(seeds, ["natalia-sokolova"])["natalia-sokolova"]
    found = [
        (str(f.date), f.value.term_months, f.value.court, f.value.charges) for f in record.sentences
    ]
    assert any(
        when == "2011-08-08"
        and months == 72
        and court == "Aktau City Court"
        and "inciting social discord" in charges
        for when, months, court, charges in found
    ), found
