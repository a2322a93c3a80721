"""The status state machine, on fictional documents written fact by fact."""

from __future__ import annotations

from datetime import date

from casetrail.derive import statuses
from casetrail.store import Store
from tests.derive.builders import Person, write

PID = "lena-marsh"


def lena(*events: tuple[str, str | None, str]) -> Person:
    return Person("Lena Marsh", PID, events=list(events))


def status_on(store: Store, day: str):
    [found] = statuses(store, date.fromisoformat(day), [PID])
    return found


def test_status_follows_the_dated_events(store: Store) -> None:
    write(store, "Arrest", "2019-05-16", [lena(("arrested", "2019-05-14", "arrested on 14 May"))])
    write(store, "Release", "2022-03-05", [lena(("released", "2022-03-04", "freed on 4 March"))])
    assert status_on(store, "2019-05-13").status == "unknown"
    arrested = status_on(store, "2020-01-01")
    assert (arrested.status, str(arrested.since)) == ("imprisoned", "2019-05-14")
    assert arrested.evidence[0].event.quote == "arrested on 14 May"
    released = status_on(store, "2022-03-04")
    assert (released.status, str(released.since)) == ("released", "2022-03-04")


def test_being_charged_or_tried_does_not_end_custody(store: Store) -> None:
    write(
        store,
        "Custody",
        "2020-02-01",
        [
            lena(
                ("arrested", "2019-05-14", "detained"),
                ("charged", "2019-05-15", "charged under Article 174"),
                ("tried", "2019-11-02", "on trial"),
            )
        ],
    )
    found = status_on(store, "2020-01-01")
    assert (found.status, str(found.since)) == ("imprisoned", "2019-05-14")


def test_facts_of_one_day_follow_the_course_of_a_case(store: Store) -> None:
    write(
        store,
        "Verdict",
        "2020-02-12",
        [lena(("sentenced", "2020-01-23", "sentenced"), ("charged", "2020-01-23", "under Art."))],
    )
    assert status_on(store, "2020-01-23").status == "imprisoned"


def test_a_release_into_house_arrest_ends_under_house_arrest(store: Store) -> None:
    # "released from detention and placed under house arrest": custody goes on at home.
    released, placed = (
        ("released", "2021-06-02", "released"),
        ("house_arrest", "2021-06-02", "and placed under house arrest"),
    )
    write(store, "Transfer", "2021-06-03", [lena(released, placed)])
    assert status_on(store, "2021-06-02").status == "house_arrest"


def test_house_arrest_then_release_on_one_day_ends_released(store: Store) -> None:
    placed, released = (
        ("house_arrest", "2021-06-02", "placed under house arrest"),
        ("released", "2021-06-02", "and released the same day"),
    )
    write(store, "Same day", "2021-06-03", [lena(placed, released)])
    assert status_on(store, "2021-06-02").status == "released"


def test_a_death_is_final(store: Store) -> None:
    write(
        store,
        "Death",
        "2021-10-20",
        [lena(("died", "2021-10-03", "died in the colony"), ("sentenced", "2021-10-04", "x"))],
    )
    assert status_on(store, "2022-01-01").status == "deceased"


def test_an_undated_event_holds_as_of_its_document(store: Store) -> None:
    write(store, "Appeal", "2020-10-16", [lena(("imprisoned", None, "political prisoners"))])
    assert status_on(store, "2020-10-15").status == "unknown"
    found = status_on(store, "2020-10-16")
    assert (found.status, str(found.last_confirmed)) == ("imprisoned", "2020-10-16")


def test_nothing_is_assumed_of_an_undated_document(store: Store) -> None:
    write(store, "Undated", None, [lena(("released", None, "released on 2 February"))])
    found = status_on(store, "2030-01-01")
    assert found.status == "unknown"
    assert [e.quote for e in found.undated] == ["released on 2 February"]


def test_a_coarse_date_counts_once_it_is_certainly_past(store: Store) -> None:
    write(store, "Report", "2021-06", [lena(("arrested", "2021-02", "detained in February"))])
    assert status_on(store, "2021-02-15").status == "unknown"
    assert status_on(store, "2021-02-28").status == "imprisoned"


def test_a_state_restated_later_is_confirmed_then(store: Store) -> None:
    write(
        store,
        "Letter",
        "2020-02-12",
        [lena(("arrested", "2019-05", "in detention since"), ("imprisoned", "2019-05", "held"))],
    )
    found = status_on(store, "2020-06-01")
    assert (str(found.since), str(found.last_confirmed)) == ("2019-05", "2020-02-12")


def test_a_stale_restatement_is_set_aside_not_overwriting_a_release(store: Store) -> None:
    write(store, "News", "2022-03-05", [lena(("released", "2022-03-04", "freed on parole"))])
    write(
        store,
        "Forwarded appeal",
        "2023-03-14",
        [
            lena(
                ("sentenced", "2020-01", "convicted in January 2020"),
                ("imprisoned", None, "Serving 7 years"),
            )
        ],
    )
    found = status_on(store, "2023-04-01")
    assert (found.status, str(found.since)) == ("released", "2022-03-04")
    assert [o.event.quote for o in found.disputed] == ["Serving 7 years"]


def test_a_restatement_without_a_start_is_kept_and_contested(store: Store) -> None:
    write(store, "News", "2022-03-05", [lena(("released", "2022-03-04", "freed on parole"))])
    write(store, "Statement", "2023-03-14", [lena(("imprisoned", None, "is in prison"))])
    found = status_on(store, "2023-04-01")
    assert (found.status, found.disputed) == ("imprisoned", ())


def test_a_later_arrest_is_not_contested(store: Store) -> None:
    write(store, "News", "2022-03-05", [lena(("released", "2022-03-04", "freed on parole"))])
    write(
        store,
        "Again",
        "2023-03-14",
        [lena(("arrested", "2022-09-01", "arrested again"), ("imprisoned", None, "is in prison"))],
    )
    found = status_on(store, "2023-04-01")
    assert (found.status, str(found.since), found.disputed) == ("imprisoned", "2022-09-01", ())


def test_an_undated_later_stage_counts_an_earlier_one_does_not(store: Store) -> None:
    write(
        store,
        "Charged",
        "2019-06-01",
        [lena(("charged", "2019-05-15", "charged"), ("arrested", None, "detained"))],
    )
    assert status_on(store, "2019-06-01").status == "imprisoned"
    write(
        store,
        "Freed",
        "2019-09-01",
        [lena(("released", "2019-08-20", "set free"), ("imprisoned", None, "visited in jail"))],
    )
    found = status_on(store, "2019-10-01")
    assert (found.status, str(found.since)) == ("released", "2019-08-20")
