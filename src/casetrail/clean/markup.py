"""Markup steps: emphasis markers, link syntax and bullet glyphs, keeping the words they mark."""

from __future__ import annotations

import re

from casetrail.clean.offsets import Edit

_NOT_ACROSS_PARAGRAPHS = r"(?:(?!\n[ \t]*\n).)"
# Each branch starts with its literal and looks behind after it, so the scanner can skip ahead.
_EMPHASIS = re.compile(
    # ***strong emphasis***
    r"\*(?<![\\*]\*)\*\*(?=[^\s*])(?P<t>[^*\n]+?)(?<=[^\s*\\])\*\*\*(?!\*)"
    # **strong**, also inside a word; the text between may not hold another "**"
    rf"|\*(?<![\\*]\*)\*(?=[^\s*])(?P<s>(?:(?!\*\*){_NOT_ACROSS_PARAGRAPHS})+?)"
    r"(?<=[^\s*\\])\*\*(?!\*)"
    # __strong__, only between words (snake_case names keep their underscores)
    rf"|_(?<![\\\w]_)_(?=[^\s_])(?P<u>(?:(?!__){_NOT_ACROSS_PARAGRAPHS})+?)"
    r"(?<=[^\s_\\])__(?!\w)"
    # *emphasis*, between words, on one line
    r"|\*(?<![\\*\w]\*)(?=[^\s*])(?P<e>[^*\n]+?)(?<=[^\s*\\])\*(?![*\w])"
    # HTML emphasis tags
    r"|(?P<tag></?(?:b|strong|i|em|u|mark)\b[^<>\n]*>)",
    re.DOTALL | re.IGNORECASE,
)
_ESCAPE_PATTERN = r"\\(?=[\\`*_{}\[\]()#+\-.!|<>])"  # a Markdown backslash escape: the backslash
_ESCAPE = re.compile(_ESCAPE_PATTERN)
_LINK = re.compile(
    r"!?\[(?P<text>(?:\\.|[^\[\]\\\n])*)\]\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)"
    rf"|(?P<escape>{_ESCAPE_PATTERN})"
)
_BULLET = re.compile(
    r"^[ \t]*(?P<glyph>[\ue000-\uf8ff•▪▫◦●○■□►▶▸➢➤✓✔‣⁃∙·])[ \t]*|(?P<private>[\ue000-\uf8ff])",
    re.MULTILINE,
)


def _emphasis_edits(text: str, offset: int) -> list[Edit]:
    edits = []
    for match in _EMPHASIS.finditer(text):
        if match["tag"]:
            edits.append(Edit(offset + match.start(), offset + match.end()))
            continue
        inner = next(name for name in ("t", "s", "u", "e") if match[name] is not None)
        start, end = match.span(inner)
        edits.append(Edit(offset + match.start(), offset + start))
        edits.extend(_emphasis_edits(match[inner], offset + start))
        edits.append(Edit(offset + end, offset + match.end()))
    return edits


def strip_emphasis(text: str) -> list[Edit]:
    """Remove **strong**, __strong__, *emphasis* and <b>/<i>/<em>/<strong> markers."""
    return _emphasis_edits(text, 0)


def strip_links(text: str) -> list[Edit]:
    """[text](target) to text, ![alt](src) to alt, and Markdown backslash escapes unescaped."""
    edits = []
    for match in _LINK.finditer(text):
        if match["escape"]:
            edits.append(Edit(match.start(), match.end()))
            continue
        start, end = match.span("text")
        edits.append(Edit(match.start(), start))
        edits.extend(
            Edit(start + m.start(), start + m.end()) for m in _ESCAPE.finditer(match["text"])
        )
        edits.append(Edit(end, match.end()))
    return edits


def strip_bullets(text: str) -> list[Edit]:
    """A bullet glyph starting a line becomes "- ", still a list item; other private-use glyphs
    (symbol-font residue) become a space."""
    edits = []
    for match in _BULLET.finditer(text):
        if match["glyph"]:
            edits.append(Edit(match.start("glyph"), match.end(), "- "))
        else:
            edits.append(Edit(match.start(), match.end(), " "))
    return edits
