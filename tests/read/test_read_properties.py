"""Fuzzing: every reader, given any bytes, returns a result or raises ReadError, nothing else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casetrail.domain import RawDocument
from casetrail.read import Reader, ReaderResult, ReadError, read_bytes
from casetrail.read.docx import DOCX
from casetrail.read.eml import EML
from casetrail.read.html import HTML
from casetrail.read.pdf import PDF
from casetrail.read.text import MARKDOWN, PLAIN_TEXT

READERS = [PLAIN_TEXT, MARKDOWN, HTML, PDF, DOCX, EML]
PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"Subject: x\n\n", b"\xef\xbb\xbf"]
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def damaged(valid: bytes) -> st.SearchStrategy[bytes]:
    """A valid file cut short, or with a stretch of it overwritten."""
    size = len(valid)
    cut = st.integers(0, size).map(lambda n: valid[:n])
    overwrite = st.tuples(st.integers(0, size), st.binary(min_size=1, max_size=64)).map(
        lambda args: valid[: args[0]] + args[1] + valid[args[0] + len(args[1]) :]
    )
    return st.one_of(cut, overwrite)


def reads_or_refuses(read: Callable[[], ReaderResult | RawDocument]) -> None:
    try:
        result = read()
    except ReadError as error:
        assert error.reason and "\n" not in str(error)
    else:
        assert isinstance(result, ReaderResult | RawDocument)
        assert isinstance(result.text, str)


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.media_type)
@FUZZ
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=2048))
def test_any_bytes(reader: Reader, prefix: bytes, data: bytes) -> None:
    reads_or_refuses(lambda: reader.read(prefix + data, "fuzz"))


@pytest.fixture(scope="module")
def valid_files(samples) -> dict[str, tuple[bytes, Reader]]:
    return {
        "pdf": (samples.pdf([samples.paragraph] * 2, title="T", header="Header"), PDF),
        "docx": (samples.docx(), DOCX),
        "email": (samples.email(samples.paragraph, f"<p>{samples.paragraph}</p>"), EML),
    }


@pytest.mark.parametrize("kind", ["pdf", "docx", "email"])
@FUZZ
@given(data=st.data())
def test_damaged_files(
    valid_files: dict[str, tuple[bytes, Reader]], kind: str, data: st.DataObject
) -> None:
    valid, reader = valid_files[kind]
    damaged_file = data.draw(damaged(valid))
    reads_or_refuses(lambda: reader.read(damaged_file, f"fuzz.{kind}"))


@FUZZ
@given(
    name=st.sampled_from(["a.txt", "a.pdf", "a.docx", "a", "a.html", "a.eml", "a.xyz"]),
    prefix=st.sampled_from(PREFIXES),
    data=st.binary(max_size=1024),
)
def test_read_bytes_any_name_any_bytes(name: str, prefix: bytes, data: bytes) -> None:
    reads_or_refuses(lambda: read_bytes(prefix + data, name, name))
