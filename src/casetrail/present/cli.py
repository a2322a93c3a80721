"""The `casetrail` command line."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from casetrail import __version__, pipeline
from casetrail.extract import to_contract
from casetrail.present.common import (
    DEFAULT_DB,
    DbOption,
    MaxSizeOption,
    OcrPagesOption,
    OcrSecondsOption,
    PathsArgument,
    app,
    cli_user,
    console,
    errors,
    fail,
    open_store,
)
from casetrail.read import ReadError
from casetrail.read.ocr import OcrSettings
from casetrail.store.accounts import audit

DEFAULT_OCR = OcrSettings()


def _files(paths: list[Path]) -> list[Path]:
    try:
        files = pipeline.list_files(paths)
    except ReadError as error:
        raise fail(str(error)) from None
    if not files:
        raise fail("no supported files found (.txt .md .html .htm .pdf .docx .eml .png .jpg .tif)")
    return files


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = DEFAULT_DB,
    max_size: MaxSizeOption = 20.0,
    ocr_page_seconds: OcrSecondsOption = DEFAULT_OCR.page_seconds,
    ocr_max_pages: OcrPagesOption = DEFAULT_OCR.max_pages,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Processes reading and extracting documents (default: the number of CPUs).",
        ),
    ] = os.cpu_count() or 1,
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Run reading and extraction on the Dask cluster whose scheduler is at this"
            " address (tcp://HOST:8786) instead of local processes; the database stays here.",
        ),
    ] = None,
) -> None:
    """Read documents, extract persons and events, and store them with their evidence.

    The same content is stored once (by SHA-256), so running ingest again is safe. A file
    that cannot be read is reported with the reason and skipped; the exit status is 1 when
    any file failed. Workers (processes, or a Dask cluster) read and extract; this process
    stores each document and resolves its persons with those already stored at once, so a
    stopped run leaves every stored document with its persons, and every judgement made in
    review holds. A person's id follows the spelling most of their documents give; when
    that changes, the old id redirects to the new one.

    Scans (PDF pages without a text layer, PNG, JPEG and TIFF images) are read by OCR, each
    page in its own language; the limits also come from CASETRAIL_OCR_PAGE_SECONDS and
    CASETRAIL_OCR_MAX_PAGES.

    Example: [bold]casetrail ingest letters/ resolution.pdf --db sqlite:///cases.db[/]

    On a Dask cluster: [bold]casetrail ingest archive/ --cluster tcp://10.0.0.5:8786
    --db postgresql://casetrail@db/cases[/] (see docs/scale.md)
    """
    OcrSettings(ocr_page_seconds, ocr_max_pages).to_environment()
    files = _files(paths)
    with open_store(db, create=True) as store, _progress() as progress:
        task = progress.add_task("Reading", total=len(files))

        def done(outcome: pipeline.Ingested) -> None:
            progress.advance(task)
            progress.update(task, description=f"Stored {escape(outcome.path.name)}")
            if outcome.reason:
                errors.print(
                    f"[yellow]skipped[/] {escape(str(outcome.path))}: {escape(outcome.reason)}"
                )

        try:
            report = pipeline.ingest_documents(
                store,
                pipeline.process(
                    files, int(max_size * 1024 * 1024), workers=workers, cluster=cluster
                ),
                on_file=done,
            )
        except pipeline.ClusterError as error:
            raise fail(str(error)) from None
        stored = [outcome.document_id for outcome in report.files if outcome.status == "stored"]
        if stored:
            audit(store, cli_user(), "ingest", "cli", documents=stored)
        if report.resolution_error:
            raise fail(f"persons not resolved: {report.resolution_error}", 1)
        stats = store.stats()
    failed = report.count("failed")
    console.print(
        f"[green]{report.count('stored')} stored[/], {report.count('unchanged')} already up to"
        f" date, [{'red' if failed else 'green'}]{failed} failed[/]"
    )
    if report.open_pairs:
        pairs = report.open_pairs
        console.print(
            f"{pairs} pair{'' if pairs == 1 else 's'} of persons may be one person: "
            "[bold]casetrail review[/] to decide"
        )
    table = Table(title="The database now holds", show_header=False)
    for key, value in stats.items():
        table.add_row(key, f"{value:,}")
    console.print(table)
    if failed:
        raise typer.Exit(1)


@app.command()
def documents(db: DbOption = DEFAULT_DB) -> None:
    """List the stored documents: id, date, kind, title, words and source."""
    with open_store(db) as store:
        rows = store.documents()
    if not rows:
        console.print("No documents yet. Add some with [bold]casetrail ingest PATH[/].")
        return
    table = Table(title=f"{len(rows)} documents")
    for column in ("id", "date", "kind", "lang", "words", "persons"):
        table.add_column(column, no_wrap=True)
    for column in ("title", "source"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            str(row.id),
            str(row.date) if row.date else "unknown",
            row.kind or "",
            row.language or "",
            f"{row.words:,}",
            str(row.persons),
            escape(row.title or ""),
            escape(row.source),
        )
    console.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="A name in any spelling, or words to find.")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many hits.")] = 20,
    literal: Annotated[
        bool,
        typer.Option(
            "--literal", help="Search the words as written, even when they name a person."
        ),
    ] = False,
) -> None:
    """Search the stored documents, with the matches highlighted.

    A query that names a known person, in any spelling, script or case form ("Наталья
    Соколова", "Natalia Sokolova", "Sokolovoi"), finds that person and every document that
    mentions them, whatever spelling each uses; --literal searches the words instead. Other
    queries find the documents holding every word (or its other forms).

    Example: [bold]casetrail search "pre-trial detention"[/]
    """
    with open_store(db) as store:
        answer = store.find(query, limit=limit, markers=(_HIT_START, _HIT_END), literal=literal)
    if answer.persons:
        named = ", ".join(f"{escape(p.name)} ({escape(p.id)})" for p in answer.persons)
        more = " and more" if answer.more_persons else ""
        console.print(
            f"Taken to mean {named}{more}: {answer.total} documents mention them. "
            "Add --literal to search the words instead.\n"
        )
    elif not answer.hits:
        console.print(f"No document matches {query!r}.")
        return
    for hit in answer.hits:
        console.print(f"[bold]#{hit.document_id}[/] {escape(hit.title or '')}")
        console.print(Text("  ").append_text(_highlighted(hit.snippet)), "\n")


@app.command()
def extract(
    paths: PathsArgument,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="jsonl: one JSON object per document (the "
            "extraction contract); table: a readable summary.",
        ),
    ] = "table",
    max_size: MaxSizeOption = 20.0,
    ocr_page_seconds: OcrSecondsOption = DEFAULT_OCR.page_seconds,
    ocr_max_pages: OcrPagesOption = DEFAULT_OCR.max_pages,
) -> None:
    """Extract persons, roles, events and dates from documents without storing anything.

    Person ids are the same for one person across the documents of one run.

    Example: [bold]casetrail extract letter.txt scan.png --format jsonl > extraction.jsonl[/]
    """
    OcrSettings(ocr_page_seconds, ocr_max_pages).to_environment()
    if output_format not in ("jsonl", "table"):
        raise fail(f"--format must be jsonl or table, not {output_format!r}")
    files = _files(paths)
    failed = 0
    results = []
    with _progress() as progress:
        task = progress.add_task("Extracting", total=len(files))
        for result in pipeline.process(files, int(max_size * 1024 * 1024)):
            progress.advance(task)
            if result.extraction is None:
                failed += 1
                errors.print(
                    f"[yellow]skipped[/] {escape(str(result.path))}: {escape(result.error or '')}"
                )
                continue
            results.append(result)
    pipeline.resolve(results)
    for result in results:
        contract = to_contract(result.path.name, result.extraction)
        if output_format == "jsonl":
            sys.stdout.write(json.dumps(contract, ensure_ascii=False) + "\n")
        else:
            _print_extraction(contract)
    if failed:
        raise typer.Exit(1)


# Private-use characters mark hits in snippets: they never occur in cleaned text.
_HIT_START, _HIT_END = "\ue000", "\ue001"


def _highlighted(snippet: str) -> Text:
    text = Text()
    for index, piece in enumerate(re.split(f"[{_HIT_START}{_HIT_END}]", snippet)):
        text.append(piece, style="bold yellow" if index % 2 else "")
    return text


def _print_extraction(contract: dict) -> None:
    table = Table(
        title=f"{escape(contract['document'])} — {contract['kind']}, "
        f"{contract['date'] or 'date unknown'}, {contract['language'] or '?'}",
        title_justify="left",
    )
    for column in ("person", "role", "descriptors", "events"):
        table.add_column(column, overflow="fold")
    for person in contract["persons"]:
        events = "; ".join(
            f"{e['type']}" + (f" {e['date']}" if e["date"] else "") for e in person["events"]
        )
        table.add_row(
            escape(person["name"]), person["role"], escape(", ".join(person["descriptors"])), events
        )
    console.print(table)


@app.command()
def version() -> None:
    """Print the casetrail version."""
    console.print(f"casetrail {__version__}")


def main() -> None:
    app()


from casetrail.present import cases  # noqa: E402, F401

from casetrail.present import review  # noqa: E402, F401  # isort: skip
from casetrail.present import facts  # noqa: E402, F401  # isort: skip
from casetrail.present import serve  # noqa: E402, F401  # isort: skip
from casetrail.present import backup  # noqa: E402, F401  # isort: skip
