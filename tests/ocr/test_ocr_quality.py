"""Extraction from scans against extraction from the born-digital text: the fictional test
documents rendered, turned, speckled and blurred, read by OCR, extracted; the persons' names
must match those of the text (F1 over all names at least 0.9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetrail.extract import RuleExtractor
from casetrail.pipeline import document_from_bytes
from tests.ocr.scans import image_only_pdf, scan_pages

DATA = Path(__file__).resolve().parents[1] / "data"
DOCUMENTS = [
    DATA / "documents" / "en_ngo_letter_cc_dear_minister.txt",
    DATA / "documents" / "en_news_letter_two_meps.txt",
    DATA / "multilingual" / "ru_letter_rakhimov.txt",
    DATA / "multilingual" / "ru_news_verdict_kassymov.txt",
]


@pytest.fixture(scope="module")
def extractor() -> RuleExtractor:
    return RuleExtractor()


def names(extractor: RuleExtractor, data: bytes, file_name: str) -> set[str]:
    return {
        person.name for person in extractor.extract(document_from_bytes(data, file_name)).persons
    }


def test_names_from_noisy_scans_match_the_text(extractor) -> None:
    found = expected = matched = 0
    for index, path in enumerate(DOCUMENTS):
        text = path.read_text("utf-8")
        pages = scan_pages(text, angle=(-1) ** index * 1.5, specks=40_000, blur=1.2, seed=index)
        from_text = names(extractor, text.encode(), path.name)
        from_scan = names(extractor, image_only_pdf(*pages), path.stem + ".pdf")
        assert len(from_text) >= 4  # documents with persons enough to measure
        found, expected = found + len(from_scan), expected + len(from_text)
        matched += len(from_scan & from_text)
    precision, recall = matched / found, matched / expected
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.9, f"names F1 {f1:.2f} (precision {precision:.2f}, recall {recall:.2f})"
