"""`casetrail serve` (the web application) and `casetrail user` (who may log in)."""

from __future__ import annotations

import ipaddress
import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from casetrail.present.common import (
    DEFAULT_DB,
    DbOption,
    app,
    cli_user,
    console,
    errors,
    fail,
    missing_database,
    open_store,
)
from casetrail.store import StoreError
from casetrail.store.accounts import USER_ROLES, UserExists, add_user, set_password, users

user_app = typer.Typer(
    help="Who may log in to the web application: add users, change passwords, list them.",
    no_args_is_help=True,
)
app.add_typer(user_app, name="user")

RoleOption = Annotated[
    str,
    typer.Option(
        "--role",
        help=f"One of {', '.join(USER_ROLES)}: viewers read; editors also "
        "upload and review; admins also see the audit log.",
    ),
]


def _read_password() -> str:
    """From standard input when it is not a terminal (scripts), else asked for twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _hashed(password: str) -> str:
    from casetrail.present.web.auth import hash_password

    try:
        return hash_password(password)
    except ValueError as error:
        raise fail(str(error)) from None


def _check_role(role: str) -> None:
    if role not in USER_ROLES:
        raise fail(f"unknown role {role!r}: use one of {', '.join(USER_ROLES)}")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="The login name.")],
    role: RoleOption = "viewer",
    replace: Annotated[
        bool, typer.Option("--replace", help="Set a new password (and role) if the user exists.")
    ] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Register a user; the password is read from standard input when it is not a terminal.

    Example: [bold]casetrail user add amina --role editor[/]
    or, in a script: [bold]printf '%s\\n' "$PASSWORD" | casetrail user add amina --role editor[/]
    """
    _check_role(role)
    if not name.strip() or len(name) > 200:
        raise fail("a user name needs 1 to 200 characters")
    password_hash = _hashed(_read_password())
    with open_store(db, create=True) as store:
        try:
            add_user(store, name, role, password_hash)
            console.print(f"[green]added[/] {escape(name)} ({role})")
        except UserExists as error:
            if not replace:
                raise fail(f"{error}; --replace sets a new password") from None
            set_password(store, name, password_hash, role)
            console.print(f"[green]new password[/] for {escape(name)} ({role})")
        except StoreError as error:
            raise fail(str(error)) from None


@user_app.command("password")
def user_password(
    name: Annotated[str, typer.Argument(help="The login name.")], db: DbOption = DEFAULT_DB
) -> None:
    """Set a user's password (read like `user add`'s); their open sessions end."""
    password_hash = _hashed(_read_password())
    with open_store(db) as store:
        try:
            set_password(store, name, password_hash)
        except StoreError as error:
            raise fail(str(error)) from None
    console.print(f"[green]new password[/] for {escape(name)}; their sessions are closed")


@user_app.command("unlock")
def user_unlock(
    name: Annotated[str | None, typer.Argument(help="The login name to unlock.")] = None,
    address: Annotated[
        str | None, typer.Option("--address", help="Unlock this client address instead.")
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Let a user (or a client address) try to log in again at once, after wrong passwords.

    Example: [bold]casetrail user unlock amina[/] or [bold]casetrail user unlock --address
    203.0.113.7[/]
    """
    from casetrail.present.web.throttle import ACCOUNT, ADDRESS, unlock

    if (name is None) == (address is None):
        raise fail("name a user or give --address, not both")
    key = ACCOUNT + name if name is not None else ADDRESS + str(address)
    with open_store(db) as store:
        try:
            cleared = unlock(store, key, cli_user())
        except StoreError as error:
            raise fail(str(error)) from None
    shown = escape(name if name is not None else str(address))
    if cleared:
        console.print(f"[green]unlocked[/] {shown}: wrong passwords forgotten")
    else:
        console.print(f"{shown} had no wrong passwords to forget")


@user_app.command("list")
def user_list(db: DbOption = DEFAULT_DB) -> None:
    """List the users and their roles."""
    with open_store(db) as store:
        rows = users(store)
    if not rows:
        console.print("No users yet: [bold]casetrail user add NAME --role admin[/]")
        return
    table = Table(title=f"{len(rows)} users")
    for column in ("name", "role", "since"):
        table.add_column(column)
    for user in rows:
        table.add_row(escape(user.name), user.role, f"{user.created_at:%Y-%m-%d}")
    console.print(table)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: DbOption = DEFAULT_DB,
    max_upload: Annotated[
        float, typer.Option("--max-upload", min=0.001, help="Largest upload, in MB.")
    ] = 20.0,
    session_hours: Annotated[
        float, typer.Option("--session-hours", min=0.05, help="Logins last this long.")
    ] = 12.0,
    login_failures: Annotated[
        int,
        typer.Option(
            "--login-failures",
            min=1,
            help="Wrong passwords in a row that lock an account (an address: 3 times as many); "
            "delays grow from a third of them on.",
        ),
    ] = 10,
    login_lockout: Annotated[
        float,
        typer.Option(
            "--login-lockout",
            min=1,
            help="Seconds a lockout lasts; wrong passwords are forgotten after as long.",
        ),
    ] = 900.0,
    login_delay: Annotated[
        float,
        typer.Option("--login-delay", min=0, help="First delay in seconds, doubling after."),
    ] = 1.0,
    header_timeout: Annotated[
        float,
        typer.Option(
            "--header-timeout", min=0.1, help="Seconds a client has to send a request's headers."
        ),
    ] = 10.0,
    body_timeout: Annotated[
        float,
        typer.Option(
            "--body-timeout", min=0.1, help="Seconds a request's body may stall between pieces."
        ),
    ] = 30.0,
    idle_timeout: Annotated[
        int,
        typer.Option("--idle-timeout", min=1, help="Seconds an idle connection is kept open."),
    ] = 5,
    max_connections: Annotated[
        int,
        typer.Option(
            "--max-connections", min=1, help="Open connections beyond which requests get 503."
        ),
    ] = 200,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Server processes answering at once: one per CPU on SQLite, 2-4 per CPU on "
            "PostgreSQL (one process computes one page at a time).",
        ),
    ] = 1,
) -> None:
    """Serve the web application and the JSON API (/api/v1) over the database.

    Everything needs a login: create one first with [bold]casetrail user add NAME --role admin[/].
    It listens on 127.0.0.1 only unless --host says otherwise; put it behind a TLS proxy before
    exposing it (cookies are marked Secure on HTTPS).

    Example: [bold]casetrail serve --db sqlite:///cases.db --port 8000[/]
    or, for a team: [bold]casetrail serve --db postgresql://casetrail@dbhost/cases --workers 4[/]
    """
    import uvicorn

    from casetrail.present.web import create_app
    from casetrail.present.web.app import settings_for_workers
    from casetrail.present.web.limits import MAX_HEADERS, deadlines
    from casetrail.present.web.throttle import LoginThrottle

    if reason := missing_database(db):
        raise fail(reason)
    throttle = LoginThrottle(login_failures, login_lockout, login_delay)
    try:
        # Also migrates the database, once, before any worker opens it.
        application = create_app(
            db, max_upload_mb=max_upload, session_hours=session_hours, login_throttle=throttle
        )
    except StoreError as error:
        raise fail(str(error)) from None
    if not users(application.state.store):
        errors.print(
            "[yellow]no users yet:[/] nobody can log in until "
            "[bold]casetrail user add NAME --role admin[/] is run"
        )
    if not _loopback(host):
        errors.print(
            f"[yellow]warning:[/] listening on {escape(host)}: reachable from other machines; "
            "serve it behind HTTPS"
        )
    served: Any = application
    if workers > 1:
        # Each worker opens the database itself: uvicorn imports the application by name.
        application.state.store.close()
        settings_for_workers(db, max_upload, session_hours, throttle)
        served = "casetrail.present.web.app:app_from_environment"
    console.print(
        f"casetrail is serving on [bold]http://{escape(host)}:{port}/[/]"
        + (f" with {workers} processes" if workers > 1 else "")
        + " (Ctrl+C stops)"
    )
    uvicorn.run(
        served,
        factory=workers > 1,
        workers=workers,
        # A worker loads the language models before it answers uvicorn's first health
        # check: on a busy machine that takes longer than the 5 s uvicorn allows.
        timeout_worker_healthcheck=120,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=True,
        server_header=False,
        http=deadlines(header_timeout, body_timeout),
        timeout_keep_alive=idle_timeout,
        limit_concurrency=max_connections,
        h11_max_incomplete_event_size=MAX_HEADERS,
    )
