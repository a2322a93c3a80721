"""CSV: every table, documented, and values that read back as they were stored."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from casetrail.export import TABLES, export_csv
from casetrail.store import Store
from tests.derive.builders import ROOT, Person, write

HOSTILE = 'freed, "on parole"\nafter a hearing'


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def test_every_table_is_written_with_its_columns(samples: Store, tmp_path: Path) -> None:
    written = export_csv(samples, tmp_path)
    stats = samples.stats()
    assert written["documents"] == stats["documents"]
    assert written["events"] == stats["events"]
    assert written["records"] == stats["person_records"]
    for name, (_, columns) in TABLES.items():
        with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as rows:
            assert next(csv.reader(rows)) == list(columns)


def test_values_read_back_as_stored(store: Store, tmp_path: Path) -> None:
    ida = Person(
        "Ida Korr",
        "ida-korr",
        events=[("released", "2022-03", HOSTILE)],
        descriptors=["lawyer", "trade unionist"],
    )
    document_id = write(store, "News", "2022-03-05", [ida])
    export_csv(store, tmp_path)
    [event] = read(tmp_path, "events")
    assert (event["type"], event["date"], event["quote"]) == ("released", "2022-03", HOSTILE)
    assert event["date_from_document"] == "false" and event["edited_by"] == ""
    [record] = read(tmp_path, "records")
    assert json.loads(record["descriptors"]) == ["lawyer", "trade unionist"]
    assert record["id"] == event["record_id"] and record["document_id"] == str(document_id)
    [document] = read(tmp_path, "documents")
    assert (document["date"], document["kind"], document["encoding"]) == (
        "2022-03-05",
        "letter",
        "",
    )
    start, end = int(event["span_start"]), int(event["span_end"])
    assert store.document(document_id).document.raw.text[start:end] == HOSTILE


def test_every_column_is_documented() -> None:
    documented = (ROOT / "docs" / "export.md").read_text("utf-8")
    for name, (_, columns) in TABLES.items():
        assert f"{name}.csv" in documented
        for column in columns:
            assert f"`{column}`" in documented, f"{name}.{column}"
