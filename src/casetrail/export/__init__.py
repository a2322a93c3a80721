"""Exports of the case database: tables (CSV), documents (JSON Lines, re-importable),
FollowTheMoney entities, and the case annex and dossier as Markdown, HTML or PDF.

`casetrail.export.ftm` needs the followthemoney package and PDF output needs fpdf2; both are
imported only when used.
"""

from casetrail.export.annex import annex
from casetrail.export.dossier import dossier
from casetrail.export.jsonl import export_jsonl, import_jsonl
from casetrail.export.report import FORMATS, Format, PdfUnavailable, Report, render
from casetrail.export.tables import TABLES, export_csv

__all__ = [
    "FORMATS",
    "TABLES",
    "Format",
    "PdfUnavailable",
    "Report",
    "annex",
    "dossier",
    "export_csv",
    "export_jsonl",
    "import_jsonl",
    "render",
]
