"""Timelines: every event in date order, conflicting claims kept side by side and flagged."""

from __future__ import annotations

import pytest

from casetrail.derive import timeline as timeline_module
from casetrail.derive import timelines
from casetrail.derive.timeline import build_timeline
from casetrail.domain import PartialDate
from casetrail.store import Store, read_model
from tests.derive.builders import Person, write

PID = "oskar-vell"


def oskar(*events: tuple[str, str | None, str]) -> Person:
    return Person("Oskar Vell", PID, events=list(events))


def test_events_are_ordered_by_date_else_by_their_document_date(store: Store) -> None:
    write(store, "Later", "2021-02-09", [oskar(("house_arrest", None, "under house arrest"))])
    write(store, "Earlier", "2020-02-12", [oskar(("sentenced", "2020-01-23", "sentenced"))])
    write(store, "Undated", None, [oskar(("harassed", None, "searched"))])
    [timeline] = timelines(store, [PID])
    listed = [(e.event.type, str(e.date), e.date_from_document) for e in timeline.entries]
    assert listed == [
        ("sentenced", "2020-01-23", False),
        ("house_arrest", "2021-02-09", True),
        ("harassed", "None", False),
    ]
    first = timeline.entries[0].event
    assert first.document.title == "Earlier" and first.quote == "sentenced"
    assert first.document.date is not None and first.start < first.end


def test_different_sentence_terms_are_a_conflict(store: Store) -> None:
    write(
        store,
        "Letter",
        "2020-02-12",
        [oskar(("sentenced", "2020-01-23", "sentenced him to seven years"))],
    )
    write(
        store,
        "Resolution",
        "2021-02-09",
        [oskar(("sentenced", "2020-01-23", "sentenced to six years' imprisonment"))],
    )
    write(store, "Appeal", "2023-03-14", [oskar(("imprisoned", "2020-01", "Serving 7 years"))])
    [timeline] = timelines(store, [PID])
    [conflict] = timeline.conflicts
    assert conflict.kind == "term"
    assert "6 years" in conflict.message and "7 years" in conflict.message
    assert len(conflict.events) == 3  # both claims kept, side by side
    assert len(timeline.entries) == 3


def test_different_dates_of_one_moment_are_a_conflict(store: Store) -> None:
    write(store, "One", "2019-06-01", [oskar(("arrested", "2019-05-14", "arrested on 14 May"))])
    write(store, "Two", "2019-07-01", [oskar(("arrested", "2019-05-15", "arrested on 15 May"))])
    write(store, "Three", "2019-08-01", [oskar(("arrested", "2019-05", "arrested in May"))])
    [timeline] = timelines(store, [PID])
    [conflict] = timeline.conflicts
    assert conflict.kind == "date"
    assert {e.quote for e in conflict.events} == {"arrested on 14 May", "arrested on 15 May"}


def test_arrests_years_apart_are_separate_events(store: Store) -> None:
    write(store, "One", "2019-06-01", [oskar(("arrested", "2019-05-14", "arrested"))])
    write(store, "Two", "2021-02-01", [oskar(("arrested", "2021-01-12", "arrested again"))])
    [timeline] = timelines(store, [PID])
    assert timeline.conflicts == ()


def test_imprisoned_after_a_reported_release_is_a_conflict(store: Store) -> None:
    write(store, "News", "2022-03-05", [oskar(("released", "2022-03-04", "freed"))])
    write(
        store,
        "Appeal",
        "2023-03-14",
        [oskar(("sentenced", "2020-01", "convicted"), ("imprisoned", None, "Serving 7 years"))],
    )
    [timeline] = timelines(store, [PID])
    [conflict] = timeline.conflicts
    assert conflict.kind == "status"
    assert [e.document.title for e in conflict.events] == ["News", "Appeal"]


def test_a_kept_timeline_is_built_again_whenever_its_events_change(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept for persons with many events (here, any): the same until a review or a write
    changes one of their events, then built again, never shown as it was before."""
    monkeypatch.setattr(timeline_module, "KEEP_FROM_EVENTS", 1)
    write(store, "One", "2019-06-01", [oskar(("arrested", "2019-05-14", "arrested on 14 May"))])
    [first] = timelines(store, [PID])
    [again] = timelines(store, [PID])
    assert again is first
    assert first == build_timeline(PID, "Oskar Vell", read_model.events(store, [PID]))
    arrest = first.entries[0].event.id
    store.review_event(arrest, "amina", "corrected", "the court", date=PartialDate(2019, 5, 15))
    [corrected] = timelines(store, [PID])
    assert [str(e.date) for e in corrected.entries] == ["2019-05-15"]
    store.review_event(arrest, "amina", "confirmed")
    [confirmed] = timelines(store, [PID])
    assert confirmed is not corrected and confirmed.entries[0].event.state == "confirmed"
    write(store, "Two", "2021-02-01", [oskar(("sentenced", "2021-01-12", "sentenced"))])
    [longer] = timelines(store, [PID])
    assert [e.event.type for e in longer.entries] == ["arrested", "sentenced"]
