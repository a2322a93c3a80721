import json
from pathlib import Path

import pytest

from casetrail.domain import Extraction
from casetrail.extract import RuleExtractor
from casetrail.pipeline import document_from_bytes


@pytest.fixture(scope="session")
def extractor() -> RuleExtractor:
    return RuleExtractor()


@pytest.fixture(scope="session")
def run(extractor):
    """Extract from a text given inline: run(text) -> Extraction."""

    def _run(text: str, language: str = "en") -> Extraction:
        return extractor.extract(document_from_bytes(text.encode(), "inline.txt", language))

    return _run


def person(extraction: Extraction, name: str):
    matches = [p for p in extraction.persons if p.name == name]
    assert matches, f"{name!r} not among {[p.name for p in extraction.persons]}"
    return matches[0]


def event_types(extraction: Extraction, name: str) -> set[str]:
    return {e.type for e in person(extraction, name).events}


DATA = Path(__file__).resolve().parents[1] / "data"
_SETS = (
    (DATA / "documents", DATA / "gold.jsonl"),
    (DATA / "multilingual", DATA / "multilingual" / "gold.jsonl"),
)


def fictional(name: str) -> tuple[str, dict]:
    """A fictional test document of tests/data (English or other languages) and its gold."""
    for folder, gold_file in _SETS:
        if (folder / name).exists():
            for line in gold_file.read_text("utf-8").splitlines():
                gold = json.loads(line)
                if gold["document"] == name:
                    return (folder / name).read_text("utf-8"), gold
            raise AssertionError(f"no gold for {name}")
    raise AssertionError(f"no test document {name}")
