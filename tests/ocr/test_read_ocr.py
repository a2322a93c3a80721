"""Reading scans: the OCR text, its words' pages and boxes, page languages, and bad input."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from casetrail.clean import clean_text
from casetrail.read import ReadError, read_bytes
from casetrail.read.ocr import MAX_PAGES_VARIABLE, PAGE_SECONDS_VARIABLE
from tests.ocr.scans import image_bytes, image_only_pdf, scan

DATA = Path(__file__).resolve().parents[1] / "data"
LETTER = (DATA / "ocr" / "en_letter_two_prisoners.txt").read_text("utf-8")
STATEMENT = (DATA / "ocr" / "ru_statement_two_journalists.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def letter_png() -> bytes:
    return image_bytes(scan(LETTER))


def reason(data: bytes, name: str) -> str:
    with pytest.raises(ReadError) as caught:
        read_bytes(data, name, name)
    return caught.value.reason


def test_every_cleaned_character_maps_back_to_a_word_on_the_page(letter_png) -> None:
    raw = read_bytes(letter_png, "letter.png", "letter.png")
    assert raw.media_type == "image/png" and raw.ocr is not None
    [page] = raw.ocr.pages
    assert (page.number, page.width, page.height, page.language) == (1, 2480, 3508, "eng")
    for word in raw.ocr.words:
        assert raw.text[word.start : word.end].strip() == raw.text[word.start : word.end]
        left, top, width, height = word.box
        assert 0 <= left < left + width <= page.width and 0 <= top < top + height <= page.height
        assert 0 <= word.confidence <= 100
    clean = clean_text(raw.text)
    for offset, char in enumerate(clean.text):
        if not char.isspace():
            original = clean.offsets.to_original(offset)
            [word] = raw.ocr.words_in(original, original + 1)
            assert word.start <= original < word.end
    start = raw.text.index("Oleg Dubrovin")
    boxes = [word.box for word in raw.ocr.words_in(start, start + len("Oleg Dubrovin"))]
    assert len(boxes) == 2 and boxes[0][0] < boxes[1][0]  # "Oleg", then "Dubrovin" to its right


def test_a_mixed_pdf_reads_only_its_scanned_pages_by_ocr() -> None:
    born_digital = "Strasbourg, 5 May 2022\n\n" + "A page with a text layer. " * 12
    pdf = image_only_pdf(born_digital, scan(STATEMENT))
    raw = read_bytes(pdf, "mixed.pdf", "mixed.pdf")
    assert raw.metadata["ocr_pages"] == "2" and raw.metadata["pages"] == "2"
    assert raw.ocr is not None and [p.number for p in raw.ocr.pages] == [2]
    assert raw.ocr.pages[0].language == "rus"
    assert "A page with a text layer." in raw.text and "Тимур Беков" in raw.text
    assert raw.ocr.words[0].start > raw.text.index("A page with a text layer.")


def test_each_page_is_read_in_its_own_language() -> None:
    french = (DATA / "multilingual" / "fr_lettre_ouverte_dateline.txt").read_text("utf-8")
    tiff = io.BytesIO()
    first, *rest = [scan(STATEMENT), scan(french[:2500])]
    first.save(tiff, "TIFF", save_all=True, append_images=rest)
    raw = read_bytes(tiff.getvalue(), "two-pages.tiff", "two-pages.tiff")
    assert raw.ocr is not None
    assert [(p.number, p.language) for p in raw.ocr.pages] == [(1, "rus"), (2, "fra")]
    assert "\f" in raw.text  # the page break the cleaner knows


def test_a_page_scanned_sideways_is_turned_upright() -> None:
    raw = read_bytes(image_bytes(scan(LETTER).rotate(90, expand=True)), "side.png", "side.png")
    assert raw.ocr is not None and raw.ocr.pages[0].rotation in (90, 270)
    assert "Marta Kovalenko" in raw.text


def test_a_corrupt_image_is_refused() -> None:
    png = image_bytes(Image.new("L", (50, 50), 255))
    assert reason(png[: len(png) // 2], "cut.png").startswith("corrupt PNG image")
    assert reason(b"\xff\xd8\xff" + b"junk" * 50, "photo.jpg") == "not a readable JPEG image"
    assert reason(image_bytes(Image.new("L", (300, 300), 255)), "blank.png") == (
        "OCR found no text in the image"
    )


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions in a few bytes: an image bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + end


def test_an_image_bomb_is_refused_unread() -> None:
    assert "over the limit" in reason(_png_header_only(10_000, 10_000), "bomb.png")
    assert "image bomb" in reason(_png_header_only(100_000, 100_000), "bomb.png")


def test_a_huge_pdf_page_is_refused() -> None:
    pdf = FPDF(unit="in", format=(200, 200))
    pdf.add_page()
    assert reason(bytes(pdf.output()), "poster.pdf") == "page 1 is 200×200 inches: too large to OCR"


def test_a_scan_of_too_many_pages_is_refused_before_any_ocr(monkeypatch) -> None:
    pdf = FPDF()
    for _ in range(200):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")
    data = bytes(pdf.output())
    assert reason(data, "scan.pdf") == (
        f"200 pages to OCR, over the limit of 100 (--ocr-max-pages or {MAX_PAGES_VARIABLE})"
    )
    monkeypatch.setenv(MAX_PAGES_VARIABLE, "20")
    assert "over the limit of 20" in reason(data, "scan.pdf")


def test_a_page_over_its_time_is_stopped(monkeypatch, letter_png) -> None:
    monkeypatch.setenv(PAGE_SECONDS_VARIABLE, "0.2")
    started = time.monotonic()
    assert reason(letter_png, "letter.png") == (
        f"OCR of page 1 took longer than 0.2 s (--ocr-page-seconds or {PAGE_SECONDS_VARIABLE})"
    )
    assert time.monotonic() - started < 30  # killed, not waited for (a hang would not end)


def test_without_tesseract_the_reason_says_what_to_install(monkeypatch, letter_png) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    assert reason(letter_png, "letter.png") == (
        "OCR needs Tesseract: install Debian's tesseract-ocr (see README)"
    )
