"""Line steps: words hyphenated across lines, lines wrapped mid-sentence, and whitespace."""

from __future__ import annotations

import re

from casetrail.clean.offsets import Edit
from casetrail.clean.text_lines import LIST_ITEM, Line, split_lines

# A soft hyphen (with the line break after it, if any), or a hyphen ending a line before a letter.
_HYPHEN_BREAK = re.compile(r"\u00ad(?:[ \t]*\n[ \t]*)?|-[ \t]*\n[ \t]*(?=[^\W\d_])")
_WORD_BEFORE = re.compile(r"\w+$")
_WORD_AFTER = re.compile(r"\w+")
_COMPOUND = re.compile(r"\w+-\w+")
# A line ending in a word broken at a hyphen: join_hyphenated's to join, without a space.
_BROKEN_WORD = re.compile(r"[^\W\d_][-\u00ad]$")
# Runs of spaces and line breaks inside a text that may need tidying (one space never does).
_SPACES = re.compile(r" *\n[ \n]*| {2,}")

# Wrapped lines: a line is taken as wrapped by layout when the next line's first word would not
# have fitted on it, in a block whose longest line is WRAP_WIDTHS long (shorter blocks are
# address or signature lines; longer lines are whole paragraphs); WRAP_SLACK allows for
# proportional fonts, where the same width holds fewer or more characters. Only in a block
# that reads as prose: one where at least PROSE_LOWER_STARTS of the lines after the first start
# in lower case (the lines of a list of names, addresses or headers all start in capitals).
WRAP_WIDTHS = range(50, 201)
WRAP_SLACK = 0.85
PROSE_LOWER_STARTS = 1 / 3
# Across a blank line only a sentence that plainly goes on is joined, from a line this long.
MIN_BROKEN_PARAGRAPH_LINE = 40
SENTENCE_END = (".", "!", "?", "…")
CLOSERS = "\"')]»"


def join_hyphenated(text: str) -> list[Edit]:
    """ "in-\\ncarceration" to "incarceration", "Kill-\\nNielsen" to "Kill-Nielsen".

    The hyphen stays when either side is capitalised or when the document writes the
    compound with a hyphen elsewhere; soft hyphens always go.
    """
    compounds: set[str] | None = None
    edits = []
    for match in _HYPHEN_BREAK.finditer(text):
        if match[0][0] == "\u00ad":
            edits.append(Edit(match.start(), match.end()))
            continue
        if not text[match.start() - 1 : match.start()].isalpha():
            continue
        before = _WORD_BEFORE.search(text, max(0, match.start() - 64), match.start())
        after = _WORD_AFTER.match(text, match.end())
        left = before[0] if before else ""
        right = after[0] if after else ""
        if compounds is None:
            compounds = {c.lower() for c in _COMPOUND.findall(text)}
        lower = left[-1:].islower() and right[:1].islower()
        if lower and f"{left}-{right}".lower() not in compounds:
            edits.append(Edit(match.start(), match.end()))
        else:
            edits.append(Edit(match.start() + 1, match.end()))
    return edits


def _ends_sentence(line: str, extra: tuple[str, ...] = ()) -> bool:
    return line.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END + extra)


def _reads_as_prose(block: list[Line]) -> bool:
    if len(block) <= 2:
        return True  # too few lines to tell: the widths decide
    lower = sum(line.text.lstrip()[0].islower() for line in block[1:])
    return lower >= PROSE_LOWER_STARTS * (len(block) - 1)


def _joins(previous: str, line: str, width: int | None, across_blank: bool) -> bool:
    """Whether `line` continues the sentence of `previous` (the rules are join_lines').

    `width` is the block's line width when the block reads as prose, else None.
    """
    before, after = previous.strip(), line.strip()
    if LIST_ITEM.match(line) or before.startswith("#"):
        return False
    if not across_blank and _BROKEN_WORD.search(before) and after[0].isalpha():
        return False
    starts_lower = after[0].islower()
    if across_blank:
        # "cc:" or "to:" alone under a signature is a heading, not the sentence going on.
        return (
            starts_lower
            and not _ends_sentence(before, (":", ";"))
            and len(before) >= MIN_BROKEN_PARAGRAPH_LINE
            and len(after.split()) > 1
            and not after.endswith(":")
        )
    if starts_lower and not _ends_sentence(before):
        return True
    if line[0] in " \t":  # an indented line starts a paragraph or an item
        return False
    if width is None or width not in WRAP_WIDTHS:
        return False
    return len(before) + 1 + len(after.split()[0]) > WRAP_SLACK * width


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """The runs of non-blank lines."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def join_lines(text: str) -> list[Edit]:
    """Join lines wrapped mid-sentence, within a paragraph and across a page or note break.

    Within a block of lines, a line joins the one before when it starts in lower case after a
    line that does not end a sentence, or when the line before was plainly wrapped by layout
    in a block that reads as prose.
    Across blank lines only a lower-case start after a long line that stopped mid-sentence
    joins. List items and headings never join the line before, nor does an indented line that
    does not start in lower case.
    """
    edits = []
    previous: Line | None = None
    for block in _blocks(split_lines(text)):
        width = max(len(line.text.strip()) for line in block) if _reads_as_prose(block) else None
        for index, line in enumerate(block):
            if previous is not None and _joins(previous.text, line.text, width, index == 0):
                edits.append(Edit(previous.content_end, line.content_start, " "))
            previous = line
    return edits


def tidy_whitespace(text: str) -> list[Edit]:
    """One space between words, no spaces at line ends or starts, at most one blank line."""
    start = len(text) - len(text.lstrip(" \n"))
    if start == len(text):
        return [Edit(0, len(text))] if text else []
    end = len(text.rstrip(" \n"))
    edits = [Edit(0, start)] if start else []
    for match in _SPACES.finditer(text, start, end):
        wanted = "\n" * min(match[0].count("\n"), 2) or " "
        if match[0] != wanted:
            edits.append(Edit(match.start(), match.end(), wanted))
    if end < len(text):
        edits.append(Edit(end, len(text)))
    return edits
