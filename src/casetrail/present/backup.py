"""`casetrail backup` and `casetrail restore`: the whole database into one checked file, and
back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn

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
from casetrail.store import StoreError
from casetrail.store.accounts import audit
from casetrail.store.backup import Manifest, backup, manifest_path, restore

ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace what is there (a file, or a database's data).")
]


@contextmanager
def _pages(what: str) -> Iterator[Progress]:
    with Progress(
        TextColumn(what),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        console=errors,
        transient=True,
    ) as progress:
        yield progress


def _summary(manifest: Manifest) -> str:
    rows = manifest.rows
    return (
        f"{rows.get('documents', 0):,} documents, {rows.get('persons', 0):,} persons, "
        f"{rows.get('users', 0):,} users; {sum(rows.values()):,} rows in {len(rows)} tables"
    )


@app.command("backup")
def backup_command(
    path: Annotated[Path, typer.Argument(help="The backup file to write.", dir_okay=False)],
    db: DbOption = DEFAULT_DB,
    force: ForceOption = False,
) -> None:
    """Copy the whole database into one file, safely while the server runs, with a manifest
    beside it (FILE.manifest.json: row counts and SHA-256) that `restore` checks.

    SQLite is copied with its online backup API and checked with PRAGMA integrity_check;
    PostgreSQL is dumped with pg_dump (its client programs must be installed). The file holds
    everything, users and audit log included: keep it as safe as the database.

    Example: [bold]casetrail backup backups/cases-2026-12-06.db --db sqlite:///cases.db[/]
    """
    with open_store(db):  # the database exists (no new empty one), at the newest schema
        pass
    try:
        with _pages("Copying") as progress:
            task = progress.add_task("copy", total=None)
            manifest = backup(
                db,
                path,
                force,
                lambda done, total: progress.update(task, completed=done, total=total),
            )
        with open_store(db) as store:
            audit(
                store, cli_user(), "backup", f"file:{path.name}", rows=sum(manifest.rows.values())
            )
    except StoreError as error:
        raise fail(str(error)) from None
    console.print(f"[green]backed up[/] {_summary(manifest)} into {escape(str(path))}")
    console.print(f"manifest: {escape(str(manifest_path(path)))}")


@app.command("restore")
def restore_command(
    path: Annotated[Path, typer.Argument(help="The backup file (its manifest beside it).")],
    db: DbOption = DEFAULT_DB,
    force: ForceOption = False,
) -> None:
    """Restore a backup into an empty database (of the backup's kind), after checking the
    file against its manifest; the restored row counts are compared with the manifest's.
    A database that holds data is replaced only with --force. Stop the server first.

    Example: [bold]casetrail restore backups/cases-2026-12-06.db --db sqlite:///restored.db[/]
    """
    try:
        with _pages("Restoring") as progress:
            task = progress.add_task("restore", total=None)
            manifest = restore(
                path,
                db,
                force,
                lambda done, total: progress.update(task, completed=done, total=total),
            )
        # Open it: a backup of an older casetrail is migrated to this one's schema.
        with open_store(db) as store:
            audit(store, cli_user(), "restore", f"file:{path.name}", backup_of=manifest.created_at)
    except StoreError as error:
        raise fail(str(error)) from None
    console.print(
        f"[green]restored[/] {_summary(manifest)} (backed up {manifest.created_at}); "
        "row counts match the manifest"
    )
