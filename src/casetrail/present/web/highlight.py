"""Highlighting spans of a hostile text as safe, properly nested HTML.

Spans may overlap in any way; each is cut at the boundaries of the others so that the tags
nest. Every piece of text and every attribute is escaped, whatever the text holds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from itertools import pairwise
from typing import NamedTuple

from markupsafe import Markup

EVIDENCE = "evidence"
_KIND = re.compile(r"[a-z][a-z0-9_-]*")
# Links within this site only: a path ("/persons/x") or a fragment, never a scheme or "//host".
_LOCAL_HREF = re.compile(r"(/(?![/\\])|#)[^\s\\]*")


class Highlight(NamedTuple):
    """A span [start, end) of the text to mark as `kind`, maybe a link, maybe with a tooltip."""

    start: int
    end: int
    kind: str
    href: str | None = None
    title: str | None = None


def is_local_href(href: str) -> bool:
    """Whether a link stays on this site (document text must not make links elsewhere)."""
    return _LOCAL_HREF.fullmatch(href) is not None


def _order(item: tuple[int, Highlight]) -> tuple[int, int, int, int]:
    index, span = item
    # The evidence span is always outermost, so it is never cut and its anchor holds it all;
    # otherwise longer spans enclose the shorter ones starting at the same place.
    return (span.kind != EVIDENCE, span.start, -span.end, index)


def highlight(text: str, spans: list[Highlight]) -> Markup:
    """`text` as HTML with each span in a `<mark class="KIND">` (a link inside when `href`).

    Spans are clamped to the text; empty, reversed and unknown-kind spans are ignored. Only
    local links are made, and a link inside another one is dropped (HTML forbids nested
    links): the mark stays. The first evidence span's mark has `id="evidence"`, the target of
    a link to the quote.
    """
    kept: list[tuple[int, Highlight]] = []
    for index, span in enumerate(spans):
        start, end = max(span.start, 0), min(span.end, len(text))
        if start < end and _KIND.fullmatch(span.kind):
            kept.append((index, span._replace(start=start, end=end)))
    opening: defaultdict[int, list[tuple[int, Highlight]]] = defaultdict(list)
    for item in kept:
        opening[item[1].start].append(item)
    bounds = sorted({0, len(text)} | {s.start for _, s in kept} | {s.end for _, s in kept})
    evidence_index = min((i for i, s in kept if s.kind == EVIDENCE), default=None)

    out: list[str] = []
    active: list[tuple[int, Highlight]] = []
    stack: list[tuple[tuple[int, Highlight], bool]] = []  # open marks, and whether linked
    for here, after in pairwise(bounds):
        active = sorted([item for item in active if item[1].end > here] + opening[here], key=_order)
        common = 0
        while common < min(len(stack), len(active)) and stack[common][0] == active[common]:
            common += 1
        for _, linked in reversed(stack[common:]):
            out.append("</a></mark>" if linked else "</mark>")
        del stack[common:]
        for item in active[common:]:
            href = item[1].href
            linked = href is not None and is_local_href(href) and not any(link for _, link in stack)
            out.append(_open(item[1], linked, item[0] == evidence_index))
            stack.append((item, linked))
        out.append(escape(text[here:after]))
    out.extend("</a></mark>" if linked else "</mark>" for _, linked in reversed(stack))
    return Markup("".join(out))


def _open(span: Highlight, linked: bool, anchor: bool) -> str:
    attributes = f' class="{span.kind}"'
    if anchor:
        attributes += f' id="{EVIDENCE}"'
    if span.title is not None:
        attributes += f' title="{escape(span.title)}"'
    link = f'<a href="{escape(span.href)}">' if linked and span.href is not None else ""
    return f"<mark{attributes}>{link}"
