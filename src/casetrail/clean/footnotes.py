"""Footnotes: note lines taken out of the flow, and note markers glued to words removed.

A block of notes that a PDF put in the middle of a paragraph leaves the paragraph's two halves
apart; the line-joining step after this one puts them back together.
"""

from __future__ import annotations

import re

from casetrail.clean.offsets import Edit
from casetrail.clean.text_lines import Line, delete_line, split_lines

SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
# "¹ text", "[1] text", "1 https://..."
_NOTE_LINE = re.compile(
    rf"[ \t]*(?:[{SUPERSCRIPT_DIGITS}]+[ \t]*\S|\[\d{{1,3}}\][ \t]+\S"
    r"|\d{1,3}[ \t]+<?(?:https?://|www\.))"
)
_URL_AT_END = re.compile(r"(?:https?://|www\.)\S*$")
_URL_REST = re.compile(r"\S*[/?&=#%.]\S*")
# "Agadil,²", "manifesto.⁷", "detention[3]": a marker right after a word or punctuation...
_MARKER = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+|\[\d{{1,3}}\]")
_PUNCTUATION_BEFORE_MARKER = frozenset(".,;:!?\"')")
# ... but "m²", "km³" are units with exponents.
_UNIT_BEFORE = re.compile(r"(?:^|[\s\d])[kcdm]?m$")


def _continues_note(note: str, line: str) -> bool:
    """Whether `line` is the wrapped rest of the note on the line before it.

    Only when nothing else fits: the rest of a broken web address, or lower-case words after a
    note that stopped mid-sentence. A paragraph resuming right after the notes stays.
    """
    note, line = note.rstrip(), line.strip()
    if _URL_AT_END.search(note):
        return bool(_URL_REST.fullmatch(line))
    return line[:1].islower() and not note.endswith((".", "!", "?"))


def _note_lines(lines: list[Line]) -> set[int]:
    notes: set[int] = set()
    for index, line in enumerate(lines):
        if _NOTE_LINE.match(line.text) or (
            index - 1 in notes and _continues_note(lines[index - 1].text, line.text)
        ):
            notes.add(index)
    return notes


def _glued_markers(line: Line) -> list[Edit]:
    edits = []
    for match in _MARKER.finditer(line.text):
        before = line.text[max(0, match.start() - 4) : match.start()]
        if not before or before[-1].isspace():
            continue
        if match[0][0] == "[":
            glued = before[-1].isalnum() or before[-1] in _PUNCTUATION_BEFORE_MARKER
        else:
            glued = not _UNIT_BEFORE.search(before)
        if glued:
            edits.append(Edit(line.start + match.start(), line.start + match.end()))
    return edits


def drop_footnotes(text: str) -> list[Edit]:
    """Delete note lines (with their wrapped continuations) and glued note markers."""
    lines = split_lines(text)
    notes = _note_lines(lines)
    edits = []
    for index, line in enumerate(lines):
        if index in notes:
            edits.append(delete_line(line, len(text)))
        else:
            edits.extend(_glued_markers(line))
    return edits
