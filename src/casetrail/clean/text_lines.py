"""Lines of a text with their offsets, and what kind of line each is."""

from __future__ import annotations

import re
from typing import NamedTuple

from casetrail.clean.offsets import Edit

# A list item or a heading: a line that starts something and never continues the line before
# (a section sign before words opens a paragraph of parliamentary records: "§ Mr. Spring").
LIST_ITEM = re.compile(
    r"[ \t]*(?:[-*+][ \t]|\(?\d{1,3}[.)][ \t]|\(?[A-Za-z][.)][ \t]|\([ivxIVX]{1,4}\)[ \t]|#"
    r"|§[ \t]+(?=[^\W\d_]))"
)


class Line(NamedTuple):
    start: int  # offset of the line's first character
    end: int  # offset of its "\n", or of the end of the text
    text: str

    @property
    def blank(self) -> bool:
        """Only whitespace, form feeds included."""
        return not self.text.strip()

    @property
    def content_start(self) -> int:
        return self.end - len(self.text.lstrip())

    @property
    def content_end(self) -> int:
        return self.start + len(self.text.rstrip())


def split_lines(text: str) -> list[Line]:
    """The lines of `text`, split on "\\n" only (unlike str.splitlines)."""
    lines = []
    start = 0
    for part in text.split("\n"):
        lines.append(Line(start, start + len(part), part))
        start += len(part) + 1
    return lines


def delete_line(line: Line, text_length: int) -> Edit:
    """An edit deleting the line with its "\\n"."""
    return Edit(line.start, min(line.end + 1, text_length))
