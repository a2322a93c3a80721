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
