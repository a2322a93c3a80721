"""Character steps: Unicode NFC, and one table of quotes, dashes, spaces, breaks and controls."""

from __future__ import annotations

import re
import unicodedata

from casetrail.clean.offsets import Edit

# No composition reaches back over an ASCII character, so NFC can work run by run.
_NON_ASCII_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _composition_groups(segment: str) -> list[tuple[int, int]]:
    """Ranges of `segment` that NFC composes independently: a base and its marks, usually."""
    groups: list[tuple[int, int]] = []
    for i, char in enumerate(segment):
        if groups:
            start = groups[-1][0]
            group = segment[start:i]
            if unicodedata.combining(char) or _nfc(group + char) != _nfc(group) + _nfc(char):
                groups[-1] = (start, i + 1)
                continue
        groups.append((i, i + 1))
    return groups


def _composed(group: str, offset: int) -> list[Edit]:
    """Edits writing NFC(group), each character standing for the part of the group it came
    from: a composed character for its base and marks, a mark left apart for itself."""
    composed = _nfc(group)
    if composed == group:
        return []
    starts = [0]
    for char in composed[1:]:
        found = group.find(char, starts[-1] + 1)
        starts.append(starts[-1] if found == -1 else found)
    ends = [*starts[1:], len(group)]
    return [
        Edit(offset + a, offset + b, char)
        for char, a, b in zip(composed, starts, ends, strict=True)
        if group[a:b] != char
    ]


def normalise_unicode(text: str) -> list[Edit]:
    """NFC, changing only the characters that compose, so the rest keep exact offsets."""
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for match in _NON_ASCII_RUN.finditer(text):
        segment = match[0]
        if unicodedata.is_normalized("NFC", segment):
            continue
        groups = _composition_groups(segment)
        if "".join(_nfc(segment[a:b]) for a, b in groups) != _nfc(segment):
            groups = [(0, len(segment))]  # composition across groups: take the run whole
        for a, b in groups:
            edits.extend(_composed(segment[a:b], match.start() + a))
    return edits


def _table() -> dict[str, str]:
    table = dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb", '"')
    table |= dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a", "'")
    table |= dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
    table |= dict.fromkeys("\t\u00a0\u1680\u202f\u205f\u3000", " ")
    table |= dict.fromkeys(map(chr, range(0x2000, 0x200B)), " ")
    table |= dict.fromkeys(["\r\n", "\r", "\x0b", "\x85", "\u2028"], "\n")
    table["\u2029"] = "\n\n"
    controls = [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]
    table |= dict.fromkeys(map(chr, controls), "")
    table |= dict.fromkeys("\u200b\u2060\ufeff", "")  # zero-width space, word joiner, BOM
    # Typographic ligatures, from PDF text layers and OCR: "ofﬁcial" is "official".
    table |= {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
    return table


# Quotes to straight quotes, dashes to "-", odd spaces to " ", line breaks to "\n", ligatures
# to their letters, and control and zero-width characters to nothing. Form feeds stay: they
# mark page boundaries; so do soft hyphens, which join_hyphenated needs to see at line ends.
CHARACTER_TABLE = _table()
_CHARACTER = re.compile(
    "\r\n|[" + "".join(re.escape(key) for key in CHARACTER_TABLE if len(key) == 1) + "]"
)


def normalise_characters(text: str) -> list[Edit]:
    """Replace the characters of CHARACTER_TABLE."""
    return [Edit(m.start(), m.end(), CHARACTER_TABLE[m[0]]) for m in _CHARACTER.finditer(text)]
