"""A small document model (headings, paragraphs, lists, tables) and its Markdown, HTML and PDF
renderings, so that the annex and the dossier are laid out once for every format.

All text is plain text, and document text is hostile input: every renderer escapes it (HTML
entities, Markdown punctuation); the HTML also forbids scripts by its content security policy.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from casetrail.store.read_model import DocumentRef, Source

Format = Literal["md", "html", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "html", "pdf")


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # a cell may hold several lines
    widths: tuple[int, ...] | None = None  # relative column widths, for the PDF


Block = Heading | Paragraph | Items | Table


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    blocks: tuple[Block, ...]


# Markdown ---------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^([#+-]|\d+(?=[.)]))")


def _unmark(match: re.Match[str]) -> str:
    """A line starting "# ", "- " or "1. " would be a heading or a list: escape its marker."""
    marker = match.group()
    return f"{marker}\\" if marker[0].isdigit() else f"\\{marker}"


def _md(text: str) -> str:
    """Text that Markdown shows as it is: no markup, no HTML (renderers pass HTML through)."""
    escaped = _MD_INLINE.sub(r"\\\1", html.escape(text, quote=False))
    return _MD_LINE_START.sub(_unmark, escaped).replace("\n", "<br>")


def to_markdown(report: Report) -> str:
    lines = [f"# {_md(report.title)}", ""]
    for block in report.blocks:
        match block:
            case Heading(text, level):
                lines += [f"{'#' * min(level, 6)} {_md(text)}", ""]
            case Paragraph(text):
                lines += [_md(text), ""]
            case Items(items):
                lines += [*(f"- {_md(item)}" for item in items), ""]
            case Table(columns, rows, _):
                lines.append("| " + " | ".join(_md(c) for c in columns) + " |")
                lines.append("|" + "---|" * len(columns))
                lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
                lines.append("")
    return "\n".join(lines)


# HTML -------------------------------------------------------------------------------------

_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; margin: 2em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #eee; }
"""


def _html(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def to_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        # Defence in depth: whatever slipped through escaping could not run or load anything.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_html(report.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_html(report.title)}</h1>",
    ]
    for block in report.blocks:
        match block:
            case Heading(text, level):
                parts.append(f"<h{min(level, 6)}>{_html(text)}</h{min(level, 6)}>")
            case Paragraph(text):
                parts.append(f"<p>{_html(text)}</p>")
            case Items(items):
                parts.append("<ul>" + "".join(f"<li>{_html(i)}</li>" for i in items) + "</ul>")
            case Table(columns, rows, _):
                head = "".join(f"<th>{_html(c)}</th>" for c in columns)
                body = "".join(
                    "<tr>" + "".join(f"<td>{_html(cell)}</td>" for cell in row) + "</tr>"
                    for row in rows
                )
                parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# PDF --------------------------------------------------------------------------------------

_FONT_FOLDER = Path("/usr/share/fonts")


class PdfUnavailable(RuntimeError):
    """PDF output needs the fpdf2 package."""


@cache
def unicode_font() -> tuple[Path, Path] | None:
    """DejaVu Sans (regular, bold) if installed: it covers Latin, Cyrillic and Greek."""
    regular = next(_FONT_FOLDER.rglob("DejaVuSans.ttf"), None) if _FONT_FOLDER.is_dir() else None
    bold = regular.with_name("DejaVuSans-Bold.ttf") if regular else None
    return (regular, bold) if regular and bold and bold.is_file() else None


def to_pdf(report: Report) -> bytes:
    """The report as a landscape A4 PDF, in DejaVu Sans when installed.

    Without a Unicode font it falls back to the PDF core font Helvetica, which shows only
    Latin-1: other characters become "?" rather than failing.
    """
    try:
        from fpdf import FPDF
        from fpdf.fonts import FontFace
    except ImportError as error:  # an optional dependency: only PDF output needs it
        raise PdfUnavailable("PDF output needs fpdf2: pip install fpdf2") from error

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(report.title)
    font = unicode_font()
    if font is not None:
        pdf.add_font("DejaVu", "", str(font[0]))
        pdf.add_font("DejaVu", "B", str(font[1]))
        family = "DejaVu"

        def text(value: str) -> str:
            return value
    else:
        family = "Helvetica"

        def text(value: str) -> str:
            return value.encode("latin-1", "replace").decode("latin-1")

    pdf.add_page()
    pdf.set_font(family, "B", 15)
    pdf.multi_cell(0, 8, text(report.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for block in report.blocks:
        match block:
            case Heading(value, level):
                pdf.ln(2)
                pdf.set_font(family, "B", 13 if level <= 2 else 11)
                pdf.multi_cell(0, 7, text(value), new_x="LMARGIN", new_y="NEXT")
            case Paragraph(value):
                pdf.set_font(family, "", 9)
                pdf.multi_cell(0, 5, text(value), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            case Items(items):
                pdf.set_font(family, "", 9)
                for item in items:
                    pdf.multi_cell(
                        0,
                        5,
                        text(f"• {item}" if font else f"- {item}"),
                        new_x="LMARGIN",
                        new_y="NEXT",
                    )
                pdf.ln(1)
            case Table(columns, rows, widths):
                pdf.set_font(family, "", 8)
                with pdf.table(
                    col_widths=widths or None,
                    text_align="LEFT",
                    line_height=4,
                    headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
                ) as table:
                    for row in ((*columns,), *rows):
                        cells = table.row()
                        for cell in row:
                            cells.cell(text(cell))
                pdf.ln(2)
    return bytes(pdf.output())


def render(report: Report, format: Format) -> str | bytes:
    """The report in a format: text for md and html, bytes for pdf."""
    if format == "md":
        return to_markdown(report)
    if format == "html":
        return to_html(report)
    return to_pdf(report)


class Citations:
    """Numbers for the documents a report cites, in order of first citation."""

    def __init__(self) -> None:
        self._numbers: dict[int, int] = {}
        self._documents: list[DocumentRef] = []

    def number(self, document: DocumentRef) -> int:
        if document.id not in self._numbers:
            self._documents.append(document)
            self._numbers[document.id] = len(self._documents)
        return self._numbers[document.id]

    def cite(self, sources: Iterable[Source]) -> str:
        """ "[1, 3]": the numbers of the sources' documents, each once; "" for none."""
        numbers = sorted({self.number(source.document) for source in sources})
        return f"[{', '.join(map(str, numbers))}]" if numbers else ""

    def listing(self) -> Items:
        """The cited documents, numbered: title, kind, date and database id."""
        return Items(
            tuple(
                f"[{number}] {d.title or d.source} — {d.kind or 'kind unknown'},"
                f" {d.date or 'undated'} (document #{d.id}, {d.source})"
                for number, d in enumerate(self._documents, 1)
            )
        )
