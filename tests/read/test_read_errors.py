"""Every way a file can fail to read gives a ReadError with a reason a person can act on."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from casetrail.read import ReadError, read_bytes, read_path
from casetrail.read import docx as docx_reader


def reason(data: bytes, name: str, max_bytes: int | None = None) -> str:
    with pytest.raises(ReadError) as caught:
        if max_bytes is None:
            read_bytes(data, name, f"in/{name}")
        else:
            read_bytes(data, name, f"in/{name}", max_bytes)
    assert caught.value.path == f"in/{name}"
    assert str(caught.value) == f"in/{name}: {caught.value.reason}"
    assert "\n" not in str(caught.value)
    return caught.value.reason


def encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, "owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_read_error_is_one_clear_line() -> None:
    error = ReadError("letters/a.pdf", "encrypted PDF: needs a password")
    assert str(error) == "letters/a.pdf: encrypted PDF: needs a password"
    assert (error.path, error.reason) == ("letters/a.pdf", "encrypted PDF: needs a password")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="empty file"):
        read_path(path)


def test_oversize_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as file:
        file.truncate(int(25.3 * 1024 * 1024))  # sparse: nothing is written
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert caught.value.reason == "file is 25.3 MB, over the 20 MB limit"
    assert reason(b"x" * 2048, "a.txt", max_bytes=1024) == "file is 2 KB, over the 1 KB limit"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_path(tmp_path / "absent.txt")
    with pytest.raises(ReadError, match="is a folder"):
        read_path(tmp_path)


def junk(low: int, count: int = 4000) -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(low, 256) for _ in range(count))


def test_binary_junk_with_a_text_suffix() -> None:
    assert reason(junk(0), "notes.txt") == "binary data, not text"


def test_undecodable_bytes() -> None:
    assert reason(junk(128), "notes.txt") == "undecodable bytes: no text encoding fits"


def test_no_text_at_all() -> None:
    assert reason(b" \n\t\n", "blank.txt") == "no text found"
    page = b"<html><head><title>x</title></head><body><script>1</script></body></html>"
    assert reason(page, "blank.html") == "no text found"


def test_unsupported_suffix() -> None:
    assert reason(b"PK-like bytes", "letter.odt").startswith("unsupported file type '.odt'")


def test_truncated_pdf(samples) -> None:
    data = samples.pdf([samples.paragraph, samples.paragraph])
    assert reason(data[: len(data) // 2], "cut.pdf") == "truncated PDF: no end-of-file marker"


def test_corrupt_pdf() -> None:
    assert reason(b"%PDF-1.7\n" + b"garbage " * 100 + b"\n%%EOF", "bad.pdf").startswith(
        "corrupt PDF: "
    )
    assert reason(b"plain words, not a pdf", "fake.pdf") == "not a PDF: no %PDF- header"


def test_encrypted_pdf_needs_a_password(samples) -> None:
    locked = encrypted(samples.pdf([samples.paragraph]), "user-secret")
    assert reason(locked, "locked.pdf") == "encrypted PDF: needs a password"


def test_pdf_encrypted_with_an_empty_user_password_opens(samples) -> None:
    restricted = encrypted(samples.pdf([samples.paragraph]), "")
    document = read_bytes(restricted, "restricted.pdf", "restricted.pdf")
    assert "Aidar Tokhtarov" in document.text


def test_pdf_without_a_text_layer() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a scan of no words
    assert reason(bytes(pdf.output()), "scan.pdf") == "no text layer, and OCR found no text"


def test_corrupt_docx() -> None:
    assert reason(b"not a zip at all", "letter.docx") == "corrupt docx: not a zip archive"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    assert reason(buffer.getvalue(), "letter.docx") == "not a Word document: no word/document.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>broken")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert reason(buffer.getvalue(), "letter.docx").startswith("corrupt docx: ")


def test_truncated_docx(docx_file: Path) -> None:
    data = docx_file.read_bytes()
    assert reason(data[: len(data) // 2], "cut.docx").startswith("corrupt docx")


def test_docx_zip_bomb(docx_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_EXPANDED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_file.read_bytes())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("word/media/zeros.bin", bytes(2 * 1024 * 1024))
    assert "over the 1,048,576 byte limit (zip bomb?)" in reason(buffer.getvalue(), "bomb.docx")


def test_html_bombs() -> None:
    deep = b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000 + b"</body></html>"
    assert reason(deep, "deep.html") == "HTML nested deeper than 3000 levels (markup bomb?)"
    wide = b"<html><body>" + b"<span></span>" * 200_000 + b"</body></html>"
    assert reason(wide, "wide.html") == "HTML has over 300,000 elements (markup bomb?)"


def test_email_without_a_text_body(samples) -> None:
    assert reason(samples.email(None), "a.eml") == "e-mail has no text body"
    assert reason(b"\x00\x01 no headers here", "a.eml").startswith("not an e-mail message")
