"""Checking facts: facts, fact, queue, add-event, add-person, reextract.

A person confirms, corrects or rejects what extraction found, and adds what they learn
elsewhere (a court record, a lawyer's call) with its source. Every review is kept
(append-only, with who, when and why), holds across `casetrail reextract`, and is what
status, timelines, alerts, annexes and exports read.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from casetrail import facts, pipeline
from casetrail.derive import PersonLookupError, find_person
from casetrail.present.cases import AsOfOption, PersonArgument, _day
from casetrail.present.common import DEFAULT_DB, DbOption, app, console, errors, fail, open_store
from casetrail.present.review import FormatOption, UserOption, _format, _user
from casetrail.present.serialize import any_fact_json, queue_item_json
from casetrail.store import StoreError
from casetrail.store.read_model import DocumentRef, EventFact, Source


class Verdict(StrEnum):
    confirm = "confirm"
    correct = "correct"
    reject = "reject"


_VERDICTS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
SourceOption = Annotated[
    str,
    typer.Option(
        "--source", help="Where you learnt it: a court record, a lawyer's call, a visit..."
    ),
]
UrlOption = Annotated[
    str | None, typer.Option("--url", help="A link to the source, if any.", show_default=False)
]


def _failing(error: Exception) -> typer.Exit:
    return fail(str(error))


def _evidence(source: Source | None, document: DocumentRef) -> str:
    if source is None:  # a document's kind: the whole document
        return f"#{document.id} {document.title or ''}".strip()
    where = f"#{document.id} {source.start}–{source.end}"
    if document.kind == facts.NOTE_KIND:
        where = f"note #{document.id}" + (f" {document.source}" if "://" in document.source else "")
    return f"“{source.quote}” ({where})"


def _date(event: EventFact) -> str:
    """The event's date, or its document's ("by 2012-03-20, the document's date")."""
    if event.own_date is not None:
        return str(event.own_date)
    if event.document.date is not None:
        return f"by {event.document.date}, the document's date"
    return "unknown"


def _state(found: facts.PersonFact | facts.OtherFact, state: str) -> str:
    review = found.last_review
    return escape(review.describe() if review else state)


def _print_facts(title: str, listed: list[facts.PersonFact], others: list[facts.OtherFact]) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("id", "date", "fact", "detail", "state", "evidence"):
        table.add_column(column, overflow="fold")
    for found in listed:
        event = found.event
        table.add_row(
            str(event.id),
            _date(event),
            event.type,
            escape(event.detail),
            _state(found, event.state),
            escape(_evidence(event.source, event.document)),
        )
    for other in others:
        document = other.document
        table.add_row(
            str(other.ref),
            str(document.date or "undated"),
            escape(other.describe()),
            escape(document.title or ""),
            _state(other, other.state),
            escape(_evidence(other.source, document)),
        )
    console.print(table)


@app.command(name="facts")
def facts_command(
    name: PersonArgument, output_format: FormatOption = "table", db: DbOption = DEFAULT_DB
) -> None:
    """List a person's facts: id, date, type, detail, verification state and evidence.

    Their events (ids are numbers), then their role in each document (role:ID), the demands
    made for them (demand:ID), and the date and kind of each of their documents
    (document-date:ID, document-kind:ID, by document id). States: extracted (nobody checked
    it), confirmed, corrected, rejected (left out of the status and everything derived),
    manual (added by hand). Review one with [bold]casetrail fact ID confirm|correct|reject[/].

    Example: [bold]casetrail facts "Natalia Sokolova" --format json[/]
    """
    _format(output_format)
    with open_store(db) as store:
        try:
            person_id = find_person(store, name)
            listed = facts.person_facts(store, person_id)
            others = facts.other_facts(store, person_id)
        except (StoreError, PersonLookupError) as error:
            raise _failing(error) from None
    if output_format == "json":
        found = [any_fact_json(f) for f in [*listed, *others]]
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    if not listed and not others:
        console.print(f"No facts about {escape(person_id)} yet.")
        return
    _print_facts(f"Facts about {escape(person_id)}", listed, others)


@app.command(name="fact")
def fact_command(
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A fact id, as `facts` lists it: 42 (an event), role:17, demand:5,"
            " document-date:12, document-kind:12.",
        ),
    ],
    verdict: Annotated[Verdict, typer.Argument(help="confirm, correct or reject.")],
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why: what says so.", show_default=False)
    ] = None,
    new_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="correct: the right event type, role (concern, advocate, addressee, official,"
            " other), demand action or document kind.",
            show_default=False,
        ),
    ] = None,
    new_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="correct: the right date of an event, a demand or a document"
            " (YYYY[-MM[-DD]]) or unknown.",
            show_default=False,
        ),
    ] = None,
    user: UserOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Confirm, correct or reject a fact; the review is kept and survives re-extraction.

    A rejected fact no longer counts anywhere (status, timeline, alerts, annexes): a rejected
    role "concern" no longer makes the person a person of concern in that document, a
    rejected demand no longer counts for alerts. A confirmed fact outweighs unchecked facts
    in a conflict. A correction gives --type and/or --date, and a --reason; correcting a
    document's date moves the dates taken from it.

    Examples: [bold]casetrail fact 42 reject --reason "she was not released: court record"[/]
              [bold]casetrail fact 42 correct --date 2021-10 --reason "lawyer's call"[/]
              [bold]casetrail fact role:17 correct --type advocate --reason "she signed it"[/]
              [bold]casetrail fact document-date:12 correct --date unknown --reason "no date"[/]
    """
    if verdict != Verdict.correct and (new_type or new_date):
        raise fail("--type and --date go with correct")
    with open_store(db) as store:
        try:
            ref = facts.parse_ref(fact_id)
            found = facts.review_any(
                store,
                _user(user),
                ref,
                _VERDICTS[verdict],
                reason,
                new_type=new_type,
                new_date=new_date,
            )
        except (StoreError, facts.FactError) as error:
            raise _failing(error) from None
    review = found.last_review
    what = found.event.type if isinstance(found, facts.PersonFact) else found.label
    console.print(f"fact {ref} ({what}): {escape(review.describe() if review else '')}")


@app.command(name="queue")
def queue_command(
    as_of: AsOfOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many facts.")] = 20,
    output_format: FormatOption = "table",
    db: DbOption = DEFAULT_DB,
) -> None:
    """The facts to check first: unchecked facts that decide someone's status (a death,
    release, acquittal or sentence first), facts in conflict, then the rest.

    Example: [bold]casetrail queue --limit 10[/]   then   [bold]casetrail fact ID confirm[/]
    """
    _format(output_format)
    day = _day(as_of)
    with open_store(db) as store:
        try:
            queue = facts.verification_queue(store, day)
        except StoreError as error:
            raise _failing(error) from None
    if output_format == "json":
        listed = [queue_item_json(item) for item in queue[:limit]]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return
    if not queue:
        console.print("Nothing to check: every fact of the persons of concern is reviewed.")
        return
    table = Table(title=f"{len(queue)} facts to check, the first {min(limit, len(queue))}")
    for column in ("id", "person", "fact", "date", "why", "evidence"):
        table.add_column(column, overflow="fold")
    for item in queue[:limit]:
        event, other = item.event, item.other
        if event is not None:
            what, when, where = event.type, _date(event), _evidence(event.source, event.document)
        else:
            assert other is not None
            what, where = other.describe(), _evidence(other.source, other.document)
            when = str(other.document.date or "undated")
        table.add_row(
            str(item.ref.id if event else item.ref),
            escape(item.person_name),
            escape(what),
            when,
            item.why,
            escape(where),
        )
    console.print(table)


@app.command(name="add-event")
def add_event_command(
    name: PersonArgument,
    event_type: Annotated[str, typer.Argument(metavar="TYPE", help="An event type: released...")],
    source: SourceOption,
    event_date: Annotated[
        str | None, typer.Option("--date", help="YYYY[-MM[-DD]], if known.", show_default=False)
    ] = None,
    url: UrlOption = None,
    detail: Annotated[str, typer.Option("--detail", help="A few words on what happened.")] = "",
    user: UserOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add an event you learnt from a source no document holds (a court record, a call).

    The source note is kept as the fact's evidence and cited wherever the fact is shown.

    Example: [bold]casetrail add-event "Natalia Sokolova" released --date 2012-03-09
    --source "court record"[/]
    """
    with open_store(db) as store:
        try:
            added = facts.add_event(
                store,
                _user(user),
                name,
                event_type,
                source=source,
                url=url,
                event_date=event_date,
                detail=detail,
            )
        except (StoreError, PersonLookupError, facts.FactError) as error:
            raise _failing(error) from None
    assert added.event is not None
    console.print(
        f"added fact {added.event.event.id}: {escape(added.person_id)} {event_type}"
        f" {event_date or 'undated'}, source"
        f" {escape(_evidence(added.event.event.source, added.event.event.document))}"
    )


@app.command(name="add-person")
def add_person_command(
    name: Annotated[str, typer.Argument(help="The person's full name.", show_default=False)],
    source: SourceOption,
    url: UrlOption = None,
    user: UserOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add a person of concern no document names yet, with the source you know them from.

    Example: [bold]casetrail add-person "Ilya Brask" --source "lawyer's call, 5 May 2024"[/]
    then [bold]casetrail add-event "Ilya Brask" arrested --date 2024-05-02 --source ...[/]
    """
    with open_store(db) as store:
        try:
            added = facts.add_person(store, _user(user), name, source=source, url=url)
        except (StoreError, facts.FactError) as error:
            raise _failing(error) from None
    console.print(f"added person {escape(added.person_id)} (note #{added.document_id})")


@app.command(name="reextract")
def reextract_command(db: DbOption = DEFAULT_DB) -> None:
    """Run the current extractor over every stored document, keeping every review.

    What to do after upgrading casetrail. A reviewed or hand-edited fact (an event, a role,
    a demand, a document's date or kind) stays as reviewed: the new extraction's fact at the
    same place (document, span, type) gives way to it. A reviewed fact the new extractor no
    longer finds is kept too, and listed here.

    Example: [bold]casetrail reextract --db sqlite:///cases.db[/]
    """
    from casetrail.present.cli import _progress  # the one progress bar style

    with open_store(db) as store, _progress() as progress:
        task = progress.add_task("Re-extracting", total=len(store.documents()))

        def done(outcome: pipeline.Reextracted) -> None:
            progress.advance(task)
            if outcome.error:
                errors.print(f"[yellow]document #{outcome.document_id}[/]: {escape(outcome.error)}")

        report = pipeline.reextract(store, on_document=done)
    failed = sum(outcome.error is not None for outcome in report.documents)
    console.print(f"{len(report.documents) - failed} documents re-extracted, {failed} failed")
    for ref in report.unmatched_reviews:
        console.print(
            f"[yellow]reviewed fact {ref} is no longer found by the extractor[/]:"
            " kept as reviewed; check it with [bold]casetrail facts[/]"
        )
    if report.resolution_error:
        raise fail(f"persons not resolved: {report.resolution_error}", 1)
    if failed:
        raise typer.Exit(1)
