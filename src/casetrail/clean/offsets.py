"""Edits of a text, and the OffsetMap from the edited text back to the text before the edits."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import NamedTuple

from casetrail.domain import CleanText, OffsetMap


class Edit(NamedTuple):
    """Replace source[start:end] with `text`: empty text deletes, start == end inserts."""

    start: int
    end: int
    text: str = ""


class _Runs:
    """OffsetMap runs under construction; a run that continues the previous one merges into it."""

    def __init__(self) -> None:
        self.clean_starts: list[int] = []
        self.orig_starts: list[int] = []

    def add(self, clean: int, orig: int) -> None:
        if self.clean_starts and orig - self.orig_starts[-1] == clean - self.clean_starts[-1]:
            return
        self.clean_starts.append(clean)
        self.orig_starts.append(orig)

    def to_map(self, clean_length: int, orig_length: int) -> OffsetMap:
        return OffsetMap(self.clean_starts, self.orig_starts, clean_length, orig_length)


class OffsetMapBuilder:
    """Builds a new text out of a source text by copy and emit operations, with its OffsetMap."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._parts: list[str] = []
        self._length = 0
        self._runs = _Runs()

    def copy(self, start: int, end: int) -> None:
        """Append source[start:end] unchanged."""
        if end > start:
            self._runs.add(self._length, start)
            self._parts.append(self._source[start:end])
            self._length += end - start

    def emit(self, text: str, start: int, end: int) -> None:
        """Append `text` standing for source[start:end].

        Its k-th character maps to start + k, held at the range's last character when the
        text is longer than the range (an insertion, start == end, maps to start).
        """
        if not text:
            return
        linear = min(len(text), max(end - start, 1))
        self._runs.add(self._length, start)
        for k in range(linear, len(text)):
            self._runs.add(self._length + k, start + linear - 1)
        self._parts.append(text)
        self._length += len(text)

    def build(self) -> CleanText:
        return CleanText("".join(self._parts), self._runs.to_map(self._length, len(self._source)))


def apply_edits(source: str, edits: Iterable[Edit]) -> CleanText:
    """The source with the edits made, and the map back to the source.

    Edits must not overlap; an edit out of range or overlapping another is a ValueError.
    """
    builder = OffsetMapBuilder(source)
    position = 0
    for edit in sorted(edits):
        if edit.start < position or edit.end < edit.start or edit.end > len(source):
            raise ValueError(f"edit {edit} overlaps another or is outside 0..{len(source)}")
        builder.copy(position, edit.start)
        builder.emit(edit.text, edit.start, edit.end)
        position = edit.end
    builder.copy(position, len(source))
    return builder.build()


def identity_map(length: int) -> OffsetMap:
    return OffsetMap([0] if length else [], [0] if length else [], length, length)


def compose(outer: OffsetMap, inner: OffsetMap) -> OffsetMap:
    """The map of `outer` followed by `inner` (outer's original text is inner's cleaned text)."""
    runs = _Runs()
    ends = [*outer.clean_starts[1:], outer.clean_length] if outer.clean_starts else []
    for start, end, middle in zip(outer.clean_starts, ends, outer.orig_starts, strict=True):
        position = start
        while position < end:
            if middle >= inner.clean_length:  # text inserted after the last character
                runs.add(position, inner.orig_length)
                position += 1
                continue
            run = bisect.bisect_right(inner.clean_starts, middle) - 1
            run_end = (
                inner.clean_starts[run + 1]
                if run + 1 < len(inner.clean_starts)
                else inner.clean_length
            )
            runs.add(position, inner.orig_starts[run] + middle - inner.clean_starts[run])
            step = min(end - position, run_end - middle)
            position += step
            middle += step
    return runs.to_map(outer.clean_length, inner.orig_length)
