"""Human review of persons: review, judge, judgements, undo, merge, split, persons, history.

Resolution joins the records of one person across documents and spellings; the pairs it
cannot decide wait for a person to judge them. Every judgement is kept (append-only, with who
and when), holds for every later ingest and resolution, and can be undone.
"""

from __future__ import annotations

import getpass
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from casetrail import resolution
from casetrail.domain import vocabulary
from casetrail.present.common import DEFAULT_DB, DbOption, app, console, errors, fail, open_store
from casetrail.present.serialize import person_json
from casetrail.store import MentionEvidence, PersonAction, PersonSummary, Store, StoreError

UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        envvar="CASETRAIL_USER",
        help="Who decides: recorded with each judgement. Defaults to the OS user.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", help="table: for reading; json: for programs.")
]
PersonArgument = Annotated[
    str, typer.Argument(help="A person id, as `casetrail persons` lists them.", show_default=False)
]


class Answer(StrEnum):
    same = "same"
    different = "different"
    unsure = "unsure"


class SplitBy(StrEnum):
    spelling = "spelling"
    document = "document"


def _user(name: str | None) -> str:
    if name and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except Exception:  # no login name and no USER variable: still record something
        return "unknown"


def _format(output_format: str) -> str:
    if output_format not in ("table", "json"):
        raise fail(f"--format must be table or json, not {output_format!r}")
    return output_format


@contextmanager
def _reviewing(db: str) -> Iterator[Store]:
    """The store, with every refusal turned into one line on stderr (exit status 1)."""
    with open_store(db) as store:
        try:
            yield store
        except resolution.AlreadyDecided as note:
            errors.print(f"[yellow]nothing to do:[/] {_plain(str(note))}")
        except (resolution.PersonError, StoreError) as error:
            raise fail(str(error), 1) from None


def _plain(text: str) -> Text:
    return Text(text)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# review


@app.command()
def review(
    db: DbOption = DEFAULT_DB,
    user: UserOption = None,
    limit: Annotated[
        int, typer.Option(min=1, max=10000, help="At most this many pairs, best score first.")
    ] = 20,
    list_only: Annotated[
        bool, typer.Option("--list", help="Print the pairs and ask nothing.")
    ] = False,
    output_format: FormatOption = "table",
    unsure: Annotated[
        bool, typer.Option("--unsure", help="Also show the pairs judged unsure before.")
    ] = False,
) -> None:
    """Decide the pairs of persons that may be one person.

    Each pair shows both persons (names, every spelling with the documents using it,
    roles), sentences naming each with their document, and the score's explanation
    (feature, value, weight). In a terminal you answer [bold]s[/]ame, [bold]d[/]ifferent,
    [bold]u[/]nsure, s[bold]k[/]ip or [bold]q[/]uit for each; a same-answer merges the two
    at once. Judgements are transitive: after A = B and B ≠ C, the pair A, C is not asked.
    Otherwise (or with --list) the pairs are printed, and answered with `casetrail judge`.

    Examples:
      [bold]casetrail review[/]
      [bold]casetrail review --list --format json > pairs.json[/]
      [bold]casetrail judge natalia-sokolova n-sokolova same[/]
    """
    output_format = _format(output_format)
    interactive = (
        not list_only and output_format == "table" and sys.stdin is not None and sys.stdin.isatty()
    )
    with _reviewing(db) as store:
        found = resolution.review_pairs(store, limit=limit, include_unsure=unsure)
        if output_format == "json":
            _json(
                {
                    "total": found.total,
                    "pairs": [_pair_json(pair) for pair in found.pairs],
                }
            )
            return
        if not found.pairs:
            console.print("No pairs to review: every possible match is decided.")
            return
        if not interactive:
            for index, pair in enumerate(found.pairs, 1):
                console.print(_pair_panel(pair, index, found.total))
            console.print(
                f"{len(found.pairs)} of {_count(found.total, 'pair')}. Answer each with "
                "[bold]casetrail judge LEFT RIGHT same|different|unsure[/]."
            )
            return
        _ask_each(store, found, _user(user))


_ANSWERS = {
    "s": "same",
    "same": "same",
    "d": "different",
    "different": "different",
    "u": "unsure",
    "unsure": "unsure",
    "k": "skip",
    "skip": "skip",
    "": "skip",
    "q": "quit",
    "quit": "quit",
}


def _ask() -> str:
    prompt = (
        "[bold]s[/]ame / [bold]d[/]ifferent / [bold]u[/]nsure / "
        "s[bold]k[/]ip (Enter) / [bold]q[/]uit? "
    )
    while True:
        try:
            text = console.input(prompt)
        except (EOFError, KeyboardInterrupt):
            console.print()
            return "quit"
        answer = _ANSWERS.get(text.strip().lower())
        if answer is not None:
            return answer
        console.print("Please answer s, d, u, k or q.")


def _ask_each(store: Store, found: resolution.ReviewList, user: str) -> None:
    counts = {"same": 0, "different": 0, "unsure": 0, "skip": 0, "implied": 0}
    for index, pair in enumerate(found.pairs, 1):
        # Earlier answers may decide this pair already (transitively) or have merged it.
        decisions = resolution.Decisions.load(store)
        left = decisions.canonical(pair.left.person.id)
        right = decisions.canonical(pair.right.person.id)
        if decisions.decided(left, right) is not None:
            counts["implied"] += 1
            continue
        console.print(_pair_panel(pair, index, found.total))
        for shown, now in ((pair.left.person.id, left), (pair.right.person.id, right)):
            if shown != now:
                console.print(Text(f"({shown} has been merged into {now} meanwhile)", style="dim"))
        answer = _ask()
        if answer == "quit":
            break
        if answer == "skip":
            counts["skip"] += 1
            continue
        try:
            judged = resolution.judge(store, left, right, answer, user, action="review")  # type: ignore[arg-type]
        except resolution.AlreadyDecided as note:
            errors.print(Text(f"nothing to do: {note}", style="yellow"))
            continue
        except resolution.PersonError as error:
            errors.print(Text(f"error: {error}", style="red"))
            continue
        counts[answer] += 1
        console.print(_judged_line(judged))
    console.print(
        f"{counts['same']} same, {counts['different']} different, {counts['unsure']} unsure, "
        f"{counts['skip']} skipped, {counts['implied']} decided by earlier answers. "
        "Undo one with [bold]casetrail undo JUDGEMENT_ID[/] (see [bold]casetrail judgements[/])."
    )


def _judged_line(judged: resolution.Judged) -> Text:
    number = judged.action.judgement_ids[0]
    if judged.judgement == "same":
        return Text(
            f"#{number}: {judged.right} merged into {judged.person_id}; "
            f"{judged.right} now redirects to it.",
            style="green",
        )
    return Text(f"#{number}: {judged.left} {judged.judgement} {judged.right}.", style="green")


def _spellings_text(person: PersonSummary) -> Text:
    text = Text()
    for number, (spelling, documents) in enumerate(person.spellings.items()):
        if number:
            text.append("\n")
        text.append(spelling, style="bold")
        text.append("  docs " + ", ".join(f"#{d}" for d in documents), style="dim")
    return text


def _sentence_parts(found: MentionEvidence, width: int = 160) -> tuple[str, str, str]:
    """The sentence around the quote: (before, quote, after), whitespace collapsed."""
    start = min(found.quote_start, len(found.sentence))
    end = min(start + len(found.quote), len(found.sentence))
    before, quote, after = (
        re.sub(r"\s+", " ", piece)
        for piece in (found.sentence[:start], found.sentence[start:end], found.sentence[end:])
    )
    if len(before) > width:
        before = "…" + before[-width:]
    if len(after) > width:
        after = after[:width] + "…"
    return before.lstrip(), quote, after.rstrip()


def _evidence_text(evidence: tuple[MentionEvidence, ...]) -> Text:
    text = Text()
    for number, found in enumerate(evidence):
        if number:
            text.append("\n\n")
        date = found.date.iso() if found.date else "date unknown"
        text.append(f"#{found.document_id} {found.title or 'untitled'} ({date})\n", style="cyan")
        before, quote, after = _sentence_parts(found)
        text.append(before)
        text.append(quote, style="bold yellow")
        text.append(after)
    return text or Text("no sentence stored", style="dim")


def _pair_panel(pair: resolution.ReviewPair, index: int, total: int) -> Panel:
    left, right = pair.left.person, pair.right.person
    sides = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=False)
    sides.add_column("", style="bold", no_wrap=True)
    sides.add_column(Text(left.id), ratio=1, overflow="fold")
    sides.add_column(Text(right.id), ratio=1, overflow="fold")
    sides.add_row("name", Text(left.name, style="bold"), Text(right.name, style="bold"))
    sides.add_row("spellings", _spellings_text(left), _spellings_text(right))
    sides.add_row("roles", ", ".join(left.roles), ", ".join(right.roles))
    sides.add_row("documents", str(len(left.documents)), str(len(right.documents)))
    sides.add_row(
        "evidence", _evidence_text(pair.left.evidence), _evidence_text(pair.right.evidence)
    )
    heading = Text.assemble(
        ("score ", "bold"),
        (f"{pair.score.score:.3f}", "bold"),
        ": the sum of value × weight over the features, clipped to 0..1",
    )
    explanation = Table(box=box.SIMPLE)
    for column in ("feature", "value", "weight", "contribution"):
        explanation.add_column(column, justify="left" if column == "feature" else "right")
    for item in pair.score.explanation:
        explanation.add_row(
            item.feature,
            f"{item.value:.2f}",
            f"{item.weight:+.2f}",
            f"{item.value * item.weight:+.3f}",
        )
    return Panel(
        Group(sides, heading, explanation),
        title=f"Pair {index} of {total}",
        title_align="left",
        subtitle=Text(f"casetrail judge {left.id} {right.id} same|different|unsure"),
        subtitle_align="left",
    )


def _pair_json(pair: resolution.ReviewPair) -> dict[str, Any]:
    def side(card: resolution.PersonCard) -> dict[str, Any]:
        return person_json(card.person) | {
            "evidence": [
                {
                    "document_id": found.document_id,
                    "title": found.title,
                    "date": found.date.iso() if found.date else None,
                    "quote": found.quote,
                    "sentence": "".join(_sentence_parts(found, width=10**6)),
                }
                for found in card.evidence
            ]
        }

    left, right = pair.left.person.id, pair.right.person.id
    return {
        "left": side(pair.left),
        "right": side(pair.right),
        "score": round(pair.score.score, 4),
        "explanation": [
            {"feature": item.feature, "value": round(item.value, 4), "weight": item.weight}
            for item in pair.score.explanation
        ],
        "judge": f"casetrail judge {left} {right} same|different|unsure",
    }


# judge, merge, split, undo


@app.command()
def judge(
    left: PersonArgument,
    right: PersonArgument,
    judgement: Annotated[Answer, typer.Argument(help="same, different or unsure.")],
    db: DbOption = DEFAULT_DB,
    user: UserOption = None,
) -> None:
    """Judge two persons: the same person, different persons, or unsure.

    [bold]same[/] merges them at once (the older id stays; the other redirects to it);
    [bold]different[/] keeps them apart in every later resolution; [bold]unsure[/] only
    takes the pair off the review list. A judgement contradicting earlier ones (also
    through transitivity) is refused with the judgements it contradicts.

    Examples:
      [bold]casetrail judge natalia-sokolova n-sokolova same[/]
      [bold]casetrail judge ivan-petrov ivan-petrov-2 different --user alice[/]
    """
    with _reviewing(db) as store:
        judged = resolution.judge(store, left, right, judgement.value, _user(user))
        console.print(_judged_line(judged))


@app.command()
def merge(
    left: PersonArgument,
    right: PersonArgument,
    db: DbOption = DEFAULT_DB,
    user: UserOption = None,
) -> None:
    """Merge two persons into one: a same-judgement, applied at once.

    The id of the person stored first is kept; the other id redirects to it, so links to
    it keep working. Undo with [bold]casetrail undo JUDGEMENT_ID[/].

    Example: [bold]casetrail merge natalia-sokolova n-sokolova[/]
    """
    with _reviewing(db) as store:
        judged = resolution.merge(store, left, right, _user(user))
        console.print(_judged_line(judged))


@app.command()
def split(
    person: PersonArgument,
    by: Annotated[
        SplitBy, typer.Option("--by", help="One new person per spelling or per document.")
    ] = SplitBy.spelling,
    db: DbOption = DEFAULT_DB,
    user: UserOption = None,
) -> None:
    """Separate a person's records into persons, one per spelling or per document.

    The largest part keeps the id; the others get new ids, which are printed. Different-
    judgements between the parts keep later resolutions from joining them again. Undo with
    [bold]casetrail undo JUDGEMENT_ID[/] (any judgement of the split undoes all of it).

    Examples:
      [bold]casetrail split natalia-sokolova[/]
      [bold]casetrail split ivan-petrov --by document[/]
    """
    with _reviewing(db) as store:
        done = resolution.split(store, person, _user(user), by=by.value)  # type: ignore[arg-type]
        table = Table(title=f"{done.person_id} split into {len(done.parts)} persons")
        for column in ("id", "spellings", "documents", "records"):
            table.add_column(column, overflow="fold")
        for part in done.parts:
            table.add_row(
                Text(part.person_id, style="bold"),
                Text("\n".join(part.spellings)),
                ", ".join(f"#{d}" for d in part.documents),
                str(len(part.records)),
            )
        console.print(table)
        numbers = done.action.judgement_ids
        console.print(
            f"Judgements {', '.join(f'#{n}' for n in numbers)} record that they are different; "
            f"[bold]casetrail undo {numbers[0]}[/] undoes the split."
        )


@app.command()
def undo(
    judgement_id: Annotated[
        int, typer.Argument(help="A judgement id, as `casetrail judgements` lists them.")
    ],
    db: DbOption = DEFAULT_DB,
    user: UserOption = None,
) -> None:
    """Undo a judgement: it stops holding, and what it changed is put back.

    A merge is undone by giving the merged records their earlier id again; a split (all
    its judgements at once) by joining its parts again. Then persons are resolved again
    without the judgement. The judgement is kept, marked undone, with who undid it and when.

    Example: [bold]casetrail undo 7[/]
    """
    with _reviewing(db) as store:
        done = resolution.undo(store, judgement_id, _user(user))
        undone = ", ".join(
            resolution.describe_judgement(judgement) for judgement in done.judgements
        )
        console.print(
            Text(
                f"Undid the {done.undone.action} by {done.undone.user}: {undone}. "
                f"{_count(len(done.action.changes), 'person record')} changed.",
                style="green",
            )
        )


# judgements, history, persons


@app.command()
def judgements(
    db: DbOption = DEFAULT_DB,
    include_undone: Annotated[
        bool, typer.Option("--all", help="Also list the judgements that were undone.")
    ] = False,
    output_format: FormatOption = "table",
) -> None:
    """List the judgements on persons: who decided what, when, and how.

    Example: [bold]casetrail judgements --all[/]
    """
    output_format = _format(output_format)
    with _reviewing(db) as store:
        found = store.judgements(include_undone=include_undone)
        redirects = store.redirects()
    if output_format == "json":
        _json(
            [
                {
                    "id": j.id,
                    "left": j.left,
                    "right": j.right,
                    "left_now": redirects.get(j.left, j.left),
                    "right_now": redirects.get(j.right, j.right),
                    "judgement": j.judgement,
                    "user": j.user,
                    "created_at": j.created_at.isoformat(),
                    "via": j.action,
                    "action_id": j.action_id,
                    "deleted_at": j.deleted_at.isoformat() if j.deleted_at else None,
                    "deleted_by": j.deleted_by,
                }
                for j in found
            ]
        )
        return
    if not found:
        console.print("No judgements yet. Make some with [bold]casetrail review[/].")
        return
    table = Table(title=_count(len(found), "judgement"))
    for column in ("id", "left", "judgement", "right", "user", "when", "via", "undone"):
        table.add_column(column, overflow="fold")
    for j in found:
        table.add_row(
            f"#{j.id}",
            _with_current(j.left, redirects),
            j.judgement,
            _with_current(j.right, redirects),
            Text(j.user),
            _when(j.created_at),
            j.action,
            Text(f"{_when(j.deleted_at)} by {j.deleted_by}") if j.deleted_at else "",
        )
    console.print(table)


def _with_current(person_id: str, redirects: dict[str, str]) -> Text:
    now = redirects.get(person_id)
    return Text(person_id if now is None else f"{person_id} (now {now})")


@app.command()
def history(
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = "table",
) -> None:
    """The audit of human work on persons: judgements, merges, splits and undos.

    Each row says who did it, when, which persons and judgements it concerned, and how many
    person records it changed.

    Example: [bold]casetrail history --format json[/]
    """
    output_format = _format(output_format)
    with _reviewing(db) as store:
        actions = store.actions()
    if output_format == "json":
        _json([_action_json(action) for action in actions])
        return
    if not actions:
        console.print("Nothing reviewed yet.")
        return
    table = Table(title=_count(len(actions), "action") + " on persons")
    for column in ("id", "when", "user", "action", "persons", "judgements", "records changed"):
        table.add_column(column, overflow="fold")
    for action in actions:
        table.add_row(
            str(action.id),
            _when(action.created_at),
            Text(action.user),
            action.action + (f" of {action.undoes}" if action.undoes else ""),
            Text(", ".join(action.persons)),
            ", ".join(f"#{n}" for n in action.judgement_ids),
            str(len(action.changes)),
        )
    console.print(table)


def _action_json(action: PersonAction) -> dict[str, Any]:
    return {
        "id": action.id,
        "action": action.action,
        "user": action.user,
        "created_at": action.created_at.isoformat(),
        "persons": list(action.persons),
        "judgements": list(action.judgement_ids),
        "undoes": action.undoes,
        "note": action.note,
        "changes": {str(rid): list(change) for rid, change in action.changes.items()},
    }


@app.command()
def persons(
    db: DbOption = DEFAULT_DB,
    role: Annotated[
        str | None,
        typer.Option(help="Only persons with this role in some document, e.g. concern."),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            help="Only persons with a spelling containing this (any case, accents, script)."
        ),
    ] = None,
    output_format: FormatOption = "table",
) -> None:
    """List the persons: id, name, spellings with their documents, roles, documents.

    Every spelling (names and aliases) is shown with the documents that use it.

    Examples:
      [bold]casetrail persons --role concern[/]
      [bold]casetrail persons --name sokolova --format json[/]
    """
    output_format = _format(output_format)
    roles = list(vocabulary()["roles"])
    if role is not None and role not in roles:
        raise fail(f"--role must be one of {', '.join(roles)}, not {role!r}")
    with _reviewing(db) as store:
        found = resolution.persons(store, role=role, name=name)
    if output_format == "json":
        _json([person_json(person) for person in found])
        return
    if not found:
        console.print("No persons match." if role or name else "No persons yet.")
        return
    table = Table(title=_count(len(found), "person"))
    for column in ("id", "name", "spellings (documents)", "roles", "documents"):
        table.add_column(column, overflow="fold")
    for person in found:
        table.add_row(
            Text(person.id),
            Text(person.name, style="bold"),
            _spellings_text(person),
            ", ".join(person.roles),
            str(len(person.documents)),
        )
    console.print(table)


@app.command()
def resolve(
    db: DbOption = DEFAULT_DB,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Resolve every stored person record again, together, from scratch.",
        ),
    ] = False,
) -> None:
    """Resolve the persons of documents stored and not resolved yet (an ingest that was
    stopped resolves them itself when run again), or with --all every person record again.

    --all rebuilds the persons from all records at once: ids stay where they fit, every
    judgement holds. Run it once after upgrading a database stored before incremental
    resolution, or after changing resolution settings.

    Examples:
      [bold]casetrail resolve[/]
      [bold]casetrail resolve --all --db postgresql://casetrail@db/cases[/]
    """
    with _reviewing(db) as store, console.status("Resolving persons"):
        if everything:
            done = resolution.resolve_store(store)
            console.print(
                f"{_count(done.persons, 'person')} from {_count(done.records, 'record')};"
                f" {_count(done.changed, 'record')} changed person"
            )
            pairs = done.open_pairs
        else:
            new = resolution.resolve_new(store)
            console.print(
                f"{_count(new.records, 'record')} of {_count(new.documents, 'document')}"
                f" resolved; {_count(new.changed, 'stored record')} changed person"
            )
            pairs = len(new.open_pairs)
    if pairs:
        console.print(f"{_count(pairs, 'pair')} of persons to review: [bold]casetrail review[/]")
