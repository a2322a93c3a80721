"""HTML: the main content through trafilatura, else all visible text; one block per line.

Nothing is fetched: trafilatura gets a parsed tree and no URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import lxml.html
import trafilatura
from lxml import etree

from casetrail.read.base import ReaderResult, ReadError, failures_as_read_error, one_line
from casetrail.read.encoding import decode_text

# Markup bombs: refuse before any parser or extractor walks the tree.
MAX_DEPTH = 3000
MAX_ELEMENTS = 300_000

_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
# fmt: off
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
})
# Elements whose end tag may be left out: they do not nest, so they do not count as depth.
_OPTIONAL_END = frozenset({
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup",
})
_HIDDEN = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas",
})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td",
    "th", "tr", "ul",
})
# fmt: on


class HtmlText(NamedTuple):
    text: str
    title: str | None
    method: str  # "main-content" (trafilatura) or "visible-text" (the fallback)


def check_markup(markup: str, name: str) -> None:
    """ReadError for markup nested or repeated beyond what any real page needs."""
    depth = elements = 0
    for match in _TAG.finditer(markup):
        elements += 1
        if elements > MAX_ELEMENTS:
            raise ReadError(name, f"HTML has over {MAX_ELEMENTS:,} elements (markup bomb?)")
        tag = match[2].lower()
        if match[3] or tag in _VOID or tag in _OPTIONAL_END:
            continue
        if match[1]:
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth > MAX_DEPTH:
            raise ReadError(name, f"HTML nested deeper than {MAX_DEPTH} levels (markup bomb?)")


def _title(tree: lxml.html.HtmlElement) -> str | None:
    for path in (".//title", ".//h1"):
        element = tree.find(path)
        if element is not None and (text := one_line(element.text_content())):
            return text
    return None


def visible_text(tree: lxml.html.HtmlElement) -> str:
    """All text a browser would show, one block element per line (walked without recursion)."""
    parts: list[str] = []
    hidden = 0
    for event, element in etree.iterwalk(tree, events=("start", "end", "comment", "pi")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN:
                hidden += 1
            elif not hidden:
                if tag in _BLOCK:
                    parts.append("\n")
                parts.append(element.text or "")
            continue
        if tag in _HIDDEN:
            hidden -= 1
        if not hidden:
            if tag in _BLOCK:
                parts.append("\n")
            parts.append(element.tail or "")  # a comment's or instruction's tail too
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _main_content(tree: lxml.html.HtmlElement) -> str | None:
    try:
        return trafilatura.extract(
            tree,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception:  # trafilatura gives up on odd trees in many ways; the fallback covers it
        return None


def html_to_text(markup: str, name: str) -> HtmlText:
    """The text of an HTML page: main content when trafilatura finds it, else all visible text."""
    check_markup(markup, name)
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return HtmlText("", None, "visible-text")
    tree = lxml.html.document_fromstring(markup)
    text = _main_content(tree)
    if text and text.strip():
        return HtmlText(text, _title(tree), "main-content")
    return HtmlText(visible_text(tree), _title(tree), "visible-text")


@dataclass(frozen=True, slots=True)
class HtmlReader:
    suffixes: frozenset[str] = frozenset({".html", ".htm"})
    media_type: str = "text/html"

    def read(self, data: bytes, file_name: str) -> ReaderResult:
        with failures_as_read_error(file_name, "unreadable HTML"):
            meta = _META_CHARSET.search(data[:4096])
            markup, encoding = decode_text(data, file_name, meta[1].decode() if meta else None)
            page = html_to_text(markup, file_name)
        return ReaderResult(page.text, page.title, encoding, {"extraction": page.method})


HTML = HtmlReader()
