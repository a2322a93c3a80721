"""Helpers for the language-pack tests: extraction on inline texts in a given language."""

import hashlib

import pytest

from casetrail.clean import clean_text
from casetrail.domain import Document, Extraction, RawDocument
from casetrail.extract import RuleExtractor

LANGUAGES = ("fr", "de", "nl", "ru", "pl")


@pytest.fixture(scope="session")
def extractor() -> RuleExtractor:
    return RuleExtractor()


@pytest.fixture(scope="session")
def run(extractor):
    """Extract from a text given inline: run(text, language) -> Extraction."""

    def _run(text: str, language: str) -> Extraction:
        raw = RawDocument(
            "inline.txt",
            "inline.txt",
            "text/plain",
            hashlib.sha256(text.encode()).hexdigest(),
            len(text),
            text,
        )
        return extractor.extract(Document(raw, clean_text(text), language))

    return _run


def person(extraction: Extraction, name: str):
    matches = [p for p in extraction.persons if p.name == name]
    assert matches, f"{name!r} not among {[p.name for p in extraction.persons]}"
    return matches[0]


def event_types(extraction: Extraction, name: str) -> set[str]:
    return {e.type for e in person(extraction, name).events}


def event_date(extraction: Extraction, name: str, kind: str) -> str | None:
    dates = [e.date.iso() for e in person(extraction, name).events if e.type == kind and e.date]
    return dates[0] if dates else None
