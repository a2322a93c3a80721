"""JSON Lines: export, import into an empty database, export again: the same bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from casetrail.domain import PartialDate
from casetrail.export import export_csv, export_jsonl, import_jsonl
from casetrail.store import Store, read_model
from tests.derive.builders import Person, write


def exported(store: Store) -> str:
    output = io.StringIO()
    export_jsonl(store, output)
    return output.getvalue()


def round_trip(store: Store, folder: Path) -> tuple[str, str]:
    first = exported(store)
    (folder / "cases.jsonl").write_text(first, encoding="utf-8")
    with Store.open(f"sqlite:///{folder / 'copy.db'}") as copy:
        assert import_jsonl(copy, folder / "cases.jsonl") == store.stats()["documents"]
        assert copy.stats() == store.stats()
        return first, exported(copy)


def test_the_samples_round_trip(samples: Store, tmp_path: Path) -> None:
    first, second = round_trip(samples, tmp_path)
    assert first == second
    assert first.count("\n") == 10


def test_the_tables_survive_the_round_trip(samples: Store, tmp_path: Path) -> None:
    round_trip(samples, tmp_path)
    with Store.open(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        export_csv(samples, tmp_path / "original")
        export_csv(copy, tmp_path / "copy")
    for name in ("records", "mentions", "events", "demands", "demand_targets", "organisations"):
        original = (tmp_path / "original" / f"{name}.csv").read_text("utf-8")
        assert (tmp_path / "copy" / f"{name}.csv").read_text("utf-8") == original, name


def test_hand_edits_and_undated_documents_survive(store: Store, tmp_path: Path) -> None:
    write(store, "Undated", None, [Person("Ida Korr", None, events=[("arrested", None, "held")])])
    write(store, "Dated", "2021", [Person("Ida Korr", "ida-korr", events=[("tried", "2021", "x")])])
    event_id = next(iter(read_model.events(store))).id
    store.edit_event(event_id, "reviewer", date=PartialDate(2021, 3))
    first, second = round_trip(store, tmp_path)
    assert first == second
    assert '"edited_by": "reviewer"' in second


def test_demand_dates_survive(store: Store, tmp_path: Path) -> None:
    write(
        store,
        "Undated news",
        None,
        [Person("Ida Korr", "ida-korr")],
        demands=[
            ("release", [0], "On 19 October 2017 MEPs called for her release.", "2017-10-19"),
            ("investigate", [0], "They asked for an inquiry."),
        ],
        kind="news",
    )
    first, second = round_trip(store, tmp_path)
    assert first == second
    assert '"date": "2017-10-19"' in second
    with Store.open(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        dates = [str(d.date) for d in read_model.demands(copy)]
    assert dates == ["2017-10-19", "None"]


def test_an_export_from_before_demand_dates_imports(store: Store, tmp_path: Path) -> None:
    write(
        store,
        "Appeal",
        "2021",
        [Person("Ida Korr", "ida-korr")],
        demands=[("release", [0], "Free her.")],
    )
    data = json.loads(exported(store))
    for demand in data["extraction"]["demands"]:
        del demand["date"]
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    with Store.open(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        assert import_jsonl(copy, path) == 1
        assert [d.date for d in read_model.demands(copy)] == [None]


def test_import_needs_an_empty_database(samples: Store, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(exported(samples), encoding="utf-8")
    write(store, "Already here", "2020", [])
    with pytest.raises(ValueError, match="needs an empty database; this one holds 1"):
        import_jsonl(store, path)


def test_a_bad_line_is_named(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"format": "casetrail-document/1"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl, line 1: missing field 'source'"):
        import_jsonl(store, path)
