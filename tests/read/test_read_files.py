"""Finding files, choosing a reader by suffix or content, and the public constants."""

from __future__ import annotations

from pathlib import Path

import pytest

from casetrail.read import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    ReaderResult,
    ReadError,
    iter_files,
    read_bytes,
    read_path,
    register,
)
from casetrail.read import registry as registry_module


def test_public_constants() -> None:
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    assert sorted(SUPPORTED_SUFFIXES) == [
        *[".docx", ".eml", ".htm", ".html", ".jpeg", ".jpg", ".md", ".pdf", ".png", ".tif"],
        *[".tiff", ".txt"],
    ]


def test_iter_files_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.pdf",
        "sub/c.docx",
        "sub/deeper/d.eml",
        "e.odt",
        ".hidden.txt",
        ".git/config.txt",
        "sub/F.HTML",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "e.odt"
    found = list(iter_files([tmp_path, explicit, tmp_path / "b.txt"]))
    assert found == [
        tmp_path / "a.pdf",
        tmp_path / "b.txt",
        tmp_path / "sub/F.HTML",
        tmp_path / "sub/c.docx",
        tmp_path / "sub/deeper/d.eml",
        explicit,  # named explicitly: reading it will say why it cannot be read
    ]
    with pytest.raises(ReadError, match=r"unsupported file type '\.odt'"):
        read_path(explicit)


def test_iter_files_refuses_a_missing_path_at_once(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        iter_files([tmp_path, tmp_path / "absent"])
    assert caught.value.reason == "no such file or folder"


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("download", "pdf", "application/pdf"),  # no suffix
        ("letter.txt", "pdf", "application/pdf"),  # a wrong suffix
        ("page", "<!DOCTYPE html><html><body><p>{text}</p></body></html>", "text/html"),
        ("saved.pdf", "<html><body><p>{text}</p></body></html>", "text/html"),
        ("message", "email", "message/rfc822"),
        ("notes", "{text}", "text/plain"),
        # a text file whose text is HTML source stays text
        ("source.txt", "<html><body>{text}</body></html>", "text/plain"),
    ],
)
def test_reader_is_chosen_by_content_when_the_suffix_is_missing_or_wrong(
    samples, name: str, content: str, media_type: str
) -> None:
    if content == "pdf":
        data = samples.pdf([samples.paragraph])
    elif content == "email":
        data = samples.email(samples.paragraph)
    else:
        data = content.format(text=samples.paragraph).encode()
    assert read_bytes(data, name, name).media_type == media_type


def test_a_registered_reader_is_used_like_a_built_in(monkeypatch: pytest.MonkeyPatch) -> None:
    class RtfStub:
        suffixes = frozenset({".rtf"})
        media_type = "application/rtf"

        def read(self, data: bytes, file_name: str) -> ReaderResult:
            return ReaderResult(text=data.decode("ascii").strip("{}"), title="Stub")

    monkeypatch.setattr(registry_module, "_READERS", dict(registry_module._READERS))
    register(RtfStub())
    document = read_bytes(b"{Free Aidar Tokhtarov}", "a.rtf", "a.rtf")
    assert (document.text, document.title, document.media_type) == (
        "Free Aidar Tokhtarov",
        "Stub",
        "application/rtf",
    )


def test_a_reader_that_breaks_its_contract_still_gives_a_read_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Broken:
        suffixes = frozenset({".txt"})
        media_type = "text/plain"

        def read(self, data: bytes, file_name: str) -> ReaderResult:
            raise KeyError("oops")

    monkeypatch.setattr(registry_module, "_READERS", dict(registry_module._READERS))
    register(Broken())
    with pytest.raises(ReadError, match="reader failed: 'oops'"):
        read_bytes(b"text", "a.txt", "a.txt")


def test_without_the_plain_text_fallback_a_suffixless_file_needs_recognisable_content(
    samples,
) -> None:
    html_page = f"<!DOCTYPE html><html><body><p>{samples.paragraph}</p></body></html>".encode()
    reader_for = registry_module.reader_for
    assert reader_for("page", html_page, plain_text_fallback=False).media_type == "text/html"
    with pytest.raises(ReadError, match="no file type: the name has no suffix") as refused:
        reader_for("notes", samples.paragraph.encode(), plain_text_fallback=False)
    assert ".txt" in refused.value.reason  # the supported types are listed
    assert reader_for("notes", samples.paragraph.encode()).media_type == "text/plain"
