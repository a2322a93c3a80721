"""Done when: a scanned letter (image-only PDF, English) and a photographed statement (PNG,
Russian) give, through `casetrail extract`, what their born-digital text gives."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casetrail.present.cli import app
from tests.ocr.scans import image_bytes, image_only_pdf, scan

DATA = Path(__file__).resolve().parents[1] / "data" / "ocr"


def _extract(path: Path) -> dict:
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    contract = json.loads(result.stdout)
    contract.pop("document")
    return contract


def _facts(contract: dict) -> dict:
    """Persons with their roles, events and dates, the document's date, kind and language:
    what must not change when the text is read from a scan (details are quotes of the text)."""
    return {
        "date": contract["date"],
        "kind": contract["kind"],
        "language": contract["language"],
        "persons": sorted(
            (
                person["name"],
                person["role"],
                tuple(sorted((event["type"], event["date"] or "") for event in person["events"])),
            )
            for person in contract["persons"]
        ),
    }


@pytest.mark.parametrize(
    ("text_file", "scan_name", "write"),
    [
        ("en_letter_two_prisoners.txt", "letter.pdf", lambda page: image_only_pdf(page)),
        ("ru_statement_two_journalists.txt", "statement.png", image_bytes),
    ],
)
def test_a_scan_gives_what_its_text_gives(tmp_path, text_file, scan_name, write):
    text = (DATA / text_file).read_text("utf-8")
    scanned = tmp_path / scan_name
    scanned.write_bytes(write(scan(text)))

    from_text = _extract(DATA / text_file)
    from_scan = _extract(scanned)

    assert _facts(from_scan) == _facts(from_text)
    concern = [p["name"] for p in from_text["persons"] if p["role"] == "concern"]
    assert len(concern) == 2  # the test documents are what they claim to be
    events = [e["type"] for p in from_text["persons"] for e in p["events"]]
    assert {"arrested", "sentenced"} <= set(events)
