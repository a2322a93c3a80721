"""What every `casetrail` command shares: the app, consoles, options and error handling.

Command modules register on `app`; `casetrail.present.cli` imports them all.
"""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from casetrail.facts import derive_written
from casetrail.read.ocr import MAX_PAGES_VARIABLE, PAGE_SECONDS_VARIABLE
from casetrail.store import Store, StoreError

app = typer.Typer(
    help=(
        "casetrail builds a sourced case database of political prisoners from advocacy "
        "documents (letters, resolutions, press releases, news).\n\n"
        "Start with:  casetrail ingest samples/documents/   then   casetrail documents   and   "
        "casetrail search 'pre-trial detention'."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
# Off a terminal (CI logs, pipes, files) Rich assumes 80 columns and folds tables mid-date;
# there, as wide as COLUMNS says, or wide enough for the widest table.
_PIPE_WIDTH = 200


def _console(stderr: bool = False) -> Console:
    made = Console(stderr=stderr)
    if not made.is_terminal and "COLUMNS" not in os.environ:
        made.width = _PIPE_WIDTH
    return made


console = _console()
errors = _console(stderr=True)
# Readers report damaged files as one clear line; the PDF library's own warnings are noise.
logging.getLogger("pypdf").setLevel(logging.ERROR)

DEFAULT_DB = "sqlite:///casetrail.db"
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="CASETRAIL_DB",
        help="Database URL (any SQLAlchemy URL), e.g. sqlite:///cases.db or "
        "postgresql+psycopg://user@host/db.",
        show_default=True,
    ),
]
PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Files or folders (searched recursively) of .txt .md .html .htm .pdf .docx .eml.",
        show_default=False,
    ),
]
MaxSizeOption = Annotated[
    float, typer.Option("--max-size", min=0.001, help="Refuse files larger than this many MB.")
]
OcrSecondsOption = Annotated[
    float,
    typer.Option(
        "--ocr-page-seconds",
        envvar=PAGE_SECONDS_VARIABLE,
        min=1,
        help="A scanned page whose OCR takes longer fails its file.",
    ),
]
OcrPagesOption = Annotated[
    int,
    typer.Option(
        "--ocr-max-pages",
        envvar=MAX_PAGES_VARIABLE,
        min=1,
        help="A file with more scanned pages than this is refused.",
    ),
]


def cli_user() -> str:
    """Who runs a command, for the audit log: the operating system's user name."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in this environment
        return "cli:unknown"


def fail(message: str, code: int = 2) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def missing_database(db: str) -> str | None:
    """Why `db` names no database yet: a SQLite file that does not exist (else None).

    Only `ingest`, `import` and `user add` create a database; any other command on a mistyped or
    forgotten `--db` would otherwise answer from a new, empty one as if it were the real one.
    """
    try:
        url = make_url(db)
    except ArgumentError:
        return None  # Store.open explains a malformed URL
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if Path(url.database).exists():
        return None
    return (
        f"no database at {url.database}: create one with `casetrail ingest PATH --db {db}` "
        "(or name the existing one with --db or CASETRAIL_DB)"
    )


@contextmanager
def open_store(db: str, *, create: bool = False) -> Iterator[Store]:
    """The database, open for the block; unless `create`, a SQLite file that does not exist
    is an error. When the block's writes made statuses stale, they are derived again at its
    end, with the alerts and facts to check (`casetrail.facts.derive_written`): a server's
    pages then read them kept rather than derive them as a user waits."""
    if not create and (reason := missing_database(db)):
        raise fail(reason)
    try:
        store = Store.open(db, writer_derives=True)
    except StoreError as error:
        raise fail(str(error)) from None
    with store:
        yield store
        if store.marked_statuses:
            with errors.status("Deriving the statuses and alerts of the persons written"):
                try:
                    derive_written(store)
                except StoreError as error:  # written all the same: a reader derives them
                    errors.print(f"[yellow]statuses not derived yet:[/] {escape(str(error))}")
