"""OCR noise: marks that a speck, a fold or a table rule makes Tesseract read as a word.

A lone "|", "~", "_", "¬" or "°" (up to three of them) standing as a word of its own is not
text. Only text read by OCR goes through this step: in typed text such a mark may be meant
(a Markdown table's "|").
"""

from __future__ import annotations

import re

from casetrail.clean.offsets import Edit

_STRAY = re.compile(r"(?:(?<=\s)|^)[|¦~_¬°]{1,3}(?:[ \t]+|(?=\n)|$)", re.MULTILINE)


def drop_stray_marks(text: str) -> list[Edit]:
    """Delete every stray mark with the spaces after it."""
    return [Edit(match.start(), match.end()) for match in _STRAY.finditer(text)]
