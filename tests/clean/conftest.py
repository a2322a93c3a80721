"""Fixtures for the clean tests: offset-map checks and the seed documents."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from casetrail.domain import CleanText

SEEDS = Path("/work/shared/corpus/seeds")
# Characters the cleaner writes itself (joining spaces, breaks, normalised quotes and dashes,
# "- " for a bullet glyph): every other cleaned character was copied from the original.
WRITTEN = frozenset(" \n-\"'")


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def check_offsets(original: str, clean: CleanText) -> None:
    """The offset-map invariants, and every copied character found at its mapped offset."""
    offsets = clean.offsets
    assert offsets.orig_length == len(original)
    assert offsets.clean_length == len(clean.text)
    previous = 0
    for i, char in enumerate(clean.text):
        position = offsets.to_original(i)
        assert previous <= position <= len(original), (i, position)
        previous = position
        if char not in WRITTEN:
            # NFC composes a base with its marks (or splits an excluded composite), and a
            # ligature becomes its letters: the cleaned character's base is then part of the
            # original character there
            assert position < len(original), (i, char)
            there = original[position]
            found = _nfd(there) + unicodedata.normalize("NFKD", there)
            assert _nfd(char)[0] in found, (i, char, there)
    assert offsets.to_original(len(clean.text)) == len(original)


@pytest.fixture
def offsets_consistent() -> Callable[[str, CleanText], None]:
    return check_offsets


@pytest.fixture
def seed() -> Callable[[str], str]:
    """The text of the seed document whose name starts with a prefix such as "004"."""

    def load(prefix: str) -> str:
        if not SEEDS.is_dir():
            pytest.skip(f"seed corpus not found at {SEEDS}")
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        return path.read_text("utf-8")

    return load
