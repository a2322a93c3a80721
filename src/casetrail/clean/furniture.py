"""Page furniture: page numbers, "Page N of M" lines, form feeds, running headers and footers.

The cue patterns are data, in furniture.yaml.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import cache
from importlib import resources
from itertools import pairwise

import yaml

from casetrail.clean.offsets import Edit
from casetrail.clean.text_lines import Line, delete_line, split_lines

# A running header or footer: a short line that recurs at least RUNNING_MIN_REPEATS times,
# each time at least RUNNING_MIN_GAP lines after the last, as a page's header would; or, where
# form feeds mark the pages, one of the first or last PAGE_EDGE_LINES lines of half the pages.
RUNNING_MAX_CHARS = 80
RUNNING_MIN_REPEATS = 3
RUNNING_MIN_GAP = 10
PAGE_EDGE_LINES = 2


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    text = resources.files("casetrail.clean").joinpath("furniture.yaml").read_text("utf-8")
    table = yaml.safe_load(text)
    return {
        kind: re.compile(
            "|".join(f"(?:{p})" for patterns in by_language.values() for p in patterns),
            re.IGNORECASE,
        )
        for kind, by_language in table.items()
    }


def _key(line: Line) -> str | None:
    """What a running header has in common on every page: its words, with numbers left out."""
    content = " ".join(line.text.split())
    if not content or len(content) > RUNNING_MAX_CHARS:
        return None
    return re.sub(r"\d+", "#", content.lower())


def _pages(lines: list[Line]) -> list[list[int]]:
    """The indices of the non-blank lines of each page (a page ends at a form feed)."""
    pages: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        if not line.blank:
            pages[-1].append(index)
        pages.extend([] for _ in range(line.text.count("\f")))
    return pages


def _running(lines: list[Line]) -> set[int]:
    """The indices of running header and footer lines."""
    running: set[int] = set()
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        if (key := _key(line)) is not None:
            by_key[key].append(index)
    for indices in by_key.values():
        spread = all(b - a >= RUNNING_MIN_GAP for a, b in pairwise(indices))
        if len(indices) >= RUNNING_MIN_REPEATS and spread:
            running.update(indices)
    pages = [page for page in _pages(lines) if page]
    if len(pages) < 2:
        return running
    at_edges: dict[str, dict[int, int]] = defaultdict(dict)  # key -> page -> line index
    for number, page in enumerate(pages):
        edge = min(PAGE_EDGE_LINES, max(1, (len(page) - 1) // 2))  # a short page keeps a body
        for index in page[:edge] + page[-edge:]:
            if (key := _key(lines[index])) is not None:
                at_edges[key][number] = index
    needed = max(2, math.ceil(len(pages) / 2))
    for on_pages in at_edges.values():
        if len(on_pages) >= needed:
            running.update(on_pages.values())
    return running


def drop_furniture(text: str) -> list[Edit]:
    """Delete furniture lines whole; a form feed inside a line becomes a line break."""
    patterns = _patterns()
    lines = split_lines(text)
    running = _running(lines)
    edits = []
    for index, line in enumerate(lines):
        content = line.text.strip()
        isolated = all(not 0 <= i < len(lines) or lines[i].blank for i in (index - 1, index + 1))
        if (
            (not content and "\f" in line.text)
            or index in running
            or patterns["lines"].fullmatch(content)
            or (isolated and patterns["isolated_lines"].fullmatch(content))
        ):
            edits.append(delete_line(line, len(text)))
        elif "\f" in line.text:
            edits.extend(
                Edit(line.start + i, line.start + i + 1, "\n")
                for i, char in enumerate(line.text)
                if char == "\f"
            )
    return edits
