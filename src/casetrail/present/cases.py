"""The case database commands: status, alerts, person, advocacy, annex, dossier, export, import."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from casetrail.derive import (
    ALERT_KINDS,
    PersonLookupError,
    advocacy_records,
    advocate_record,
    alerts,
    case_summaries,
    find_person,
    find_persons,
    statuses,
)
from casetrail.derive.case_record import (
    CASE_COLUMNS,
    case_matches,
    case_records,
    column_values,
    sorted_by_case,
)
from casetrail.export import (
    FORMATS,
    PdfUnavailable,
    annex,
    dossier,
    export_csv,
    export_jsonl,
    import_jsonl,
    render,
)
from casetrail.export.annex import record_lines, sourced_lines, status_text
from casetrail.export.dossier import entry_date, intervention_date, participant_text
from casetrail.export.report import Citations, Report
from casetrail.present.common import (
    DEFAULT_DB,
    DbOption,
    app,
    cli_user,
    console,
    errors,
    fail,
    open_store,
)
from casetrail.present.serialize import alert_json, case_json, person_json, status_json
from casetrail.store import Store, StoreError
from casetrail.store.accounts import audit
from casetrail.store.read_model import Source

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The day of reference, YYYY-MM-DD (default: today).",
        show_default=False,
    ),
]
PersonArgument = Annotated[
    str, typer.Argument(help="A person id, or a name in any case, with or without accents.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file (default: standard output).", show_default=False
    ),
]


def _day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"--as-of must be a day as YYYY-MM-DD, not {text!r}") from None


def _choice(option: str, value: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise fail(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    return value


@contextmanager
def _reported() -> Iterator[None]:
    """Expected failures as one clear line and exit status 2, never a traceback."""
    try:
        yield
    except (StoreError, PersonLookupError, PdfUnavailable) as error:
        raise fail(str(error)) from None
    except OSError as error:
        raise fail(f"{error.filename or 'output'}: {error.strerror or error}") from None


def _write(content: str | bytes, output: Path | None) -> None:
    if output is None:
        assert isinstance(content, str), "PDF goes to a file (_check_report)"
        sys.stdout.write(content)
        return
    if isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")
    errors.print(f"wrote {escape(str(output))}")


def _documents(sources: Iterable[Source]) -> str:
    return " ".join(f"#{n}" for n in sorted({source.document.id for source in sources}))


@app.command()
def status(
    as_of: AsOfOption = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="table, or json: a list of statuses (as the API gives them) with `case`.",
        ),
    ] = "table",
    article: Annotated[
        str,
        typer.Option(help="Only those charged under this article: 405 (any part) or 405.2."),
    ] = "",
    release_in: Annotated[
        str,
        typer.Option(help="Only sentences expected to end in this year or month (2025, 2025-01)."),
    ] = "",
    sort: Annotated[
        str, typer.Option(help=f"name, or a case column: {', '.join(CASE_COLUMNS)}.")
    ] = "name",
    db: DbOption = DEFAULT_DB,
) -> None:
    """The status of every person of concern as of a day, with the evidence that decides it,
    and their case: article, term, regime, place of detention, expected end of the sentence.

    Statuses: imprisoned, house_arrest, charged, released, deceased, unknown. Only dated facts
    count; a fact without a date of its own counts as of its document's date. The expected
    end of a sentence is an estimate (see `casetrail person`).

    Examples:
      [bold]casetrail status --as-of 2012-04-01 --format json[/]
      [bold]casetrail status --article 405 --release-in 2025 --sort expected_release[/]
    """
    _choice("--format", output_format, ("table", "json"))
    _choice("--sort", sort, ("name", *CASE_COLUMNS))
    day = _day(as_of)
    with open_store(db) as store, _reported():
        found = statuses(store, day)
        records = case_records(store, [s.person_id for s in found])
    found = [s for s in found if case_matches(records[s.person_id], article, release_in)]
    if sort != "name":
        order = sorted_by_case([s.person_id for s in found], records, sort, descending=False)
        position = {pid: index for index, pid in enumerate(order)}
        found.sort(key=lambda s: position[s.person_id])
    columns = {s.person_id: column_values(records[s.person_id]) for s in found}
    if output_format == "json":
        listed = [status_json(s) | {"case": columns[s.person_id]} for s in found]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{len(found)} persons of concern, status as of {day}")
    headers = ("name", "id", "status", "since", "last confirmed", "evidence", "disputed by")
    for column in (*headers, *(c.replace("_", " ") for c in CASE_COLUMNS)):
        table.add_column(column, overflow="fold")
    for s in found:
        table.add_row(
            escape(s.name),
            escape(s.person_id),
            s.status,
            str(s.since or ""),
            str(s.last_confirmed or ""),
            _documents(o.event.source for o in s.evidence),
            _documents(o.event.source for o in s.disputed),
            *(escape(columns[s.person_id][c]) for c in CASE_COLUMNS),
        )
    console.print(table)


@app.command(name="alerts")
def alerts_command(
    months: Annotated[
        int, typer.Option(min=1, help="Custody cases not named for this many months.")
    ] = 12,
    as_of: AsOfOption = None,
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOption = DEFAULT_DB,
) -> None:
    """What needs attention before the next letter, with the sources of each alert.

    Stale demands (release asked for someone reported released), contradictions, custody
    cases no document has named for --months, deaths in custody, sentences expected to have
    ended with no release recorded (due_for_release), undated documents.

    Examples:
      [bold]casetrail alerts --months 6[/]
      [bold]casetrail alerts --as-of 2025-06-01 --format json[/]
    """
    _choice("--format", output_format, ("table", "json"))
    day = _day(as_of)
    with open_store(db) as store, _reported():
        found = alerts(store, day, months)
    if output_format == "json":
        listed = [alert_json(a) for a in found]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        console.print("No alerts.")
        return
    counts = {kind: sum(a.kind == kind for a in found) for kind in ALERT_KINDS}
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    table = Table(title=f"{len(found)} alerts as of {day}: {summary}")
    for column in ("kind", "person", "what", "sources"):
        table.add_column(column, overflow="fold")
    for a in found:
        table.add_row(a.kind, escape(a.person_id or ""), escape(a.message), _documents(a.evidence))
    console.print(table)


@app.command()
def person(
    name: PersonArgument,
    as_of: AsOfOption = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="table, or json: the person with charges, sentences, detention,"
            " restrictions, expected_release, timeline and conflicts.",
        ),
    ] = "table",
    db: DbOption = DEFAULT_DB,
) -> None:
    """One person's status, case facts and timeline, every fact with its quote and document.

    The expected end of the sentence is an estimate: the verdict's date (or the arrest's,
    when the text says time in custody counts) plus the term.

    Examples:
      [bold]casetrail person "Natalia Sokolova"[/]
      [bold]casetrail person natalia-sokolova --format json[/]
    """
    _choice("--format", output_format, ("table", "json"))
    day = _day(as_of)
    with open_store(db) as store, _reported():
        person_id = find_person(store, name)
        [case] = case_summaries(store, [person_id], day)
        [found] = store.persons([person_id])
    if output_format == "json":
        shown = person_json(found) | case_json(case) | {"as_of": day.isoformat()}
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
        return
    citations = Citations()
    facts = Table.grid(padding=(0, 2))
    facts.add_row("id", escape(case.person_id))
    facts.add_row("also written", escape("; ".join(case.spellings) or "—"))
    found = case.profile
    facts.add_row(
        "role words",
        escape(", ".join((*found.roles, *found.groups, *found.parties, *found.countries)) or "—"),
    )
    facts.add_row(f"status as of {day}", f"[bold]{escape(status_text(case.status, citations))}[/]")
    facts.add_row("charges", escape(sourced_lines(case.charges, citations) or "not stated"))
    facts.add_row("sentence", escape(sourced_lines(case.sentences, citations) or "not stated"))
    if held := record_lines(case.record, citations):
        facts.add_row("held, restrictions", escape(held))
    timeline = Table(title="Timeline", title_justify="left", expand=True)
    for column in ("date", "event", "detail", "quote", "source"):
        timeline.add_column(column, overflow="fold")
    conflicting = case.timeline.conflicting_event_ids
    for entry in case.timeline.entries:
        event = entry.event
        flag = " [red]⚠[/]" if event.id in conflicting else ""
        timeline.add_row(
            escape(entry_date(entry)),
            event.type + flag,
            escape(event.detail),
            escape(f"“{event.quote}”"),
            f"[{citations.number(event.document)}] #{event.document.id} {event.start}–{event.end}",
        )
    parts: list[Any] = [facts, timeline]
    if case.timeline.conflicts:
        conflicts = "\n".join(f"⚠ {escape(c.message)}" for c in case.timeline.conflicts)
        parts.append(Panel(conflicts, title="Conflicts", border_style="red", title_align="left"))
    parts.append(
        Panel(escape("\n".join(citations.listing().items)), title="Sources", title_align="left")
    )
    console.print(Panel(Group(*parts), title=f"[bold]{escape(case.name)}[/]", title_align="left"))


@app.command()
def advocacy(name: PersonArgument, db: DbOption = DEFAULT_DB) -> None:
    """Who intervened for a person, and whom an advocate has written about.

    For a person of concern: the documents, their advocates (with political group, party,
    country), addressees and demands. For an advocate: the persons of concern of the
    documents they took part in - who could co-sign the next letter?

    Example: [bold]casetrail advocacy "Maks Bokayev"[/]
    """
    with open_store(db) as store, _reported():
        person_id = find_person(store, name)
        [record] = advocacy_records(store, [person_id])
        written = advocate_record(store, person_id)
    if record.interventions:
        table = Table(title=f"Interventions for {escape(record.name)}", title_justify="left")
        for column in ("date", "kind", "document", "advocates", "addressees", "demands"):
            table.add_column(column, overflow="fold")
        for item in record.interventions:
            document = item.document
            table.add_row(
                intervention_date(item),
                document.kind or "",
                escape(f"#{document.id} {document.title or document.source}"),
                escape("\n".join(participant_text(p) for p in item.advocates)),
                escape("\n".join(participant_text(p) for p in item.addressees)),
                escape("\n".join(d.action for d in item.demands)),
            )
        console.print(table)
        cosigners = ", ".join(f"{participant_text(p)} ×{n}" for p, n in record.advocates)
        console.print(f"[bold]Advocates so far:[/] {escape(cosigners or 'none')}")
    if written.concerns:
        table = Table(title=f"{escape(written.name)} has written about", title_justify="left")
        for column in ("person", "documents"):
            table.add_column(column, overflow="fold")
        for concern in written.concerns:
            listed = ", ".join(f"#{d.id} ({d.date or 'undated'})" for d in concern.documents)
            table.add_row(escape(concern.name), listed)
        console.print(table)
    if not record.interventions and not written.concerns:
        console.print(f"No document intervenes for {escape(record.name)}, nor do they sign one.")


ReportFormatOption = Annotated[str, typer.Option("--format", help="md, html or pdf.")]


def _check_report(output_format: str, output: Path | None) -> None:
    _choice("--format", output_format, FORMATS)
    if output_format == "pdf" and output is None:
        raise fail("PDF output needs --output FILE")


def _report(report: Report, output_format: str, output: Path | None) -> None:
    with _reported():
        _write(render(report, output_format), output)  # type: ignore[arg-type]  # checked


@app.command(name="annex")
def annex_command(
    persons: Annotated[list[str], typer.Argument(help="Person ids or names.", show_default=False)],
    output_format: ReportFormatOption = "md",
    output: OutputOption = None,
    as_of: AsOfOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """The annex "list of individual cases" a letter attaches, one row per person.

    Each row: names and spellings, role words, status as of today (or --as-of), charges and
    articles, sentence, key dates, and numbered citations of the documents listed below.

    Example: [bold]casetrail annex "Daulet Nurlanov" mikalai-hrynkevich --format pdf -o annex.pdf[/]
    """
    _check_report(output_format, output)
    day = _day(as_of)
    with open_store(db) as store, _reported():
        report = annex(store, find_persons(store, persons), day)
    _report(report, output_format, output)


@app.command(name="dossier")
def dossier_command(
    name: PersonArgument,
    output_format: ReportFormatOption = "md",
    output: OutputOption = None,
    as_of: AsOfOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """One person's full sourced history.

    Status, charges, the timeline with every quote and its offsets in the original text,
    conflicts, alerts and every intervention.

    Example: [bold]casetrail dossier "Natalia Sokolova" --format html -o sokolova.html[/]
    """
    _check_report(output_format, output)
    day = _day(as_of)
    with open_store(db) as store, _reported():
        report = dossier(store, find_person(store, name), day)
    _report(report, output_format, output)


def _ftm_writer() -> Callable[[Store, IO[str]], int]:
    # Imported when used: loading the FtM model takes a moment that other commands need not.
    from casetrail.export.ftm import export_ftm

    return export_ftm


@app.command(name="export")
def export_command(
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="csv: one file per table in a folder; jsonl: one document "
            "per line (re-importable); ftm: FollowTheMoney entities.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="A folder for csv; a file (or - for standard output) for jsonl and ftm.",
        ),
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export the case database: CSV tables, JSON Lines documents, or FollowTheMoney entities.

    Example: [bold]casetrail export --format ftm --output cases.ftm.json[/]
    """
    _choice("--format", output_format, ("csv", "jsonl", "ftm"))
    with open_store(db) as store, _reported():
        audit(store, cli_user(), "export", f"format:{output_format}", output=str(output))
        if output_format == "csv":
            written = export_csv(store, output)
            summary = ", ".join(f"{name} {count:,}" for name, count in written.items())
            errors.print(f"wrote {escape(str(output))}/*.csv: {summary}")
            return
        write = _ftm_writer() if output_format == "ftm" else export_jsonl
        try:
            if str(output) == "-":
                count = write(store, sys.stdout)
            else:
                with output.open("w", encoding="utf-8") as stream:
                    count = write(store, stream)
        except ValueError as error:  # an entity FollowTheMoney rejects
            raise fail(f"not exported: {error}") from None
        errors.print(
            f"wrote {count:,} {'entities' if output_format == 'ftm' else 'documents'}"
            f" to {escape(str(output))}"
        )


@app.command(name="import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="A file written by casetrail export --format jsonl.", show_default=False
        ),
    ],
    input_format: Annotated[str, typer.Option("--format", help="jsonl.")] = "jsonl",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Store the documents of a JSON Lines export into an empty database, as they were.

    Example: [bold]casetrail import cases.jsonl --db sqlite:///copy.db[/]
    """
    _choice("--format", input_format, ("jsonl",))
    with open_store(db, create=True) as store, _reported():
        try:
            count = import_jsonl(store, file)
        except ValueError as error:
            raise fail(str(error)) from None
    console.print(f"[green]{count} documents imported[/]")
