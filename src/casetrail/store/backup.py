"""Backup and restore of the case database, checked on both ends.

A backup is one file and its manifest beside it (`FILE.manifest.json`): the database's kind,
schema revision, the file's SHA-256 and every table's row count, read in the snapshot the
backup copied. SQLite is copied with its online backup API (a consistent copy while the
server keeps running), then checked with `PRAGMA integrity_check`; PostgreSQL is dumped by
`pg_dump --format=custom` in a snapshot the row counts are read in. A restore checks the
file against its manifest, refuses a target that holds data (unless forced), restores it
(SQLite backup API; `pg_restore` in one transaction) and compares the restored row counts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from casetrail import __version__
from casetrail.store.schema import Base
from casetrail.store.store import StoreError

Progress = Callable[[int, int], None]  # (done, total) pages of a SQLite copy


@dataclass(frozen=True, slots=True)
class Manifest:
    database: str  # sqlite or postgresql
    schema: str | None  # the Alembic revision
    created_at: str
    casetrail: str
    sha256: str  # of the backup file
    rows: dict[str, int]  # every table's row count


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def backup(url: str, path: Path, force: bool = False, progress: Progress | None = None) -> Manifest:
    """Copy the database at `url` into the file `path`, with its manifest; an existing file
    is replaced only when `force`."""
    parsed = _url(url)
    if path.exists() and not force:
        raise StoreError(f"{path} exists: choose another file, or replace it with --force")
    partial = path.with_name(path.name + ".partial")
    try:
        if parsed.get_backend_name() == "sqlite":
            rows, schema = _sqlite_backup(parsed, partial, progress)
        else:
            rows, schema = _postgresql_backup(parsed, partial)
        manifest = Manifest(
            parsed.get_backend_name(),
            schema,
            datetime.now(UTC).isoformat(timespec="seconds"),
            __version__,
            _sha256(partial),
            rows,
        )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    manifest_path(path).write_text(json.dumps(asdict(manifest), indent=2) + "\n", "utf-8")
    return manifest


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup file, after checking the file against it."""
    if not path.is_file():
        raise StoreError(f"no backup file {path}")
    beside = manifest_path(path)
    try:
        manifest = Manifest(**json.loads(beside.read_text("utf-8")))
    except FileNotFoundError:
        raise StoreError(f"{beside} is missing: a backup is restored with its manifest") from None
    except (ValueError, TypeError) as error:
        raise StoreError(f"{beside} is not a casetrail backup manifest: {error}") from None
    if _sha256(path) != manifest.sha256:
        raise StoreError(f"{path} does not match its manifest (SHA-256): the file is damaged")
    return manifest


def restore(
    path: Path, url: str, force: bool = False, progress: Progress | None = None
) -> Manifest:
    """Restore the backup `path` into the database at `url` (of the backup's kind), which
    must hold no data unless `force`; its row counts are compared with the manifest's."""
    manifest = read_manifest(path)
    parsed = _url(url)
    kind = parsed.get_backend_name()
    if kind != manifest.database:
        raise StoreError(
            f"{path} is a {manifest.database} backup: it restores into a {manifest.database}"
            f" database, not {kind}"
        )
    if kind == "sqlite":
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
    with _engine(parsed) as engine:
        if (held := _holding(engine)) and not force:
            raise StoreError(
                f"the database {_shown(parsed)} holds data ({held}): restore into an empty"
                " one, or replace its contents with --force"
            )
        if kind == "sqlite":
            _sqlite_restore(path, parsed, progress)
        else:
            _postgresql_restore(path, parsed, engine)
        restored = _row_counts(engine)
    if restored != manifest.rows:
        differing = sorted(
            name
            for name in manifest.rows.keys() | restored.keys()
            if manifest.rows.get(name) != restored.get(name)
        )
        raise StoreError(f"the restored tables differ from the manifest: {', '.join(differing)}")
    return manifest


def _url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}")
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise StoreError("an in-memory database has nothing to back up or restore into")
    return parsed


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


@contextmanager
def _engine(url: URL) -> Iterator[Engine]:
    """An engine for counting rows and emptying tables, disposed of at the end."""
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def _row_counts(engine: Engine) -> dict[str, int]:
    """Every table's rows (SQLite: its search index's tables too)."""
    try:
        with engine.connect() as connection:
            return _counts(connection)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot count the rows of {_shown(engine.url)}: {error}") from None


def _counts(connection: Connection) -> dict[str, int]:
    names = sorted(inspect(connection).get_table_names())
    return {
        name: connection.scalar(select(func.count()).select_from(table(name))) or 0
        for name in names
    }


def _holding(engine: Engine) -> str:
    """What the database's tables of facts, users and logs hold, in a few words ("" when
    nothing: a new database holds its schema's revision and search settings only)."""
    tables = Base.metadata.tables
    held = {name: n for name, n in _row_counts(engine).items() if n and name in tables}
    shown = ", ".join(f"{count} {name}" for name, count in sorted(held.items())[:4])
    return shown + (", …" if len(held) > 4 else "")


def _schema(connection: Connection) -> str | None:
    """The Alembic revision of the database's schema."""
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# SQLite


def _sqlite_copy(source: Path | str, target: Path | str, progress: Progress | None) -> None:
    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reader,
        closing(sqlite3.connect(target)) as writer,
    ):
        reader.backup(writer, pages=1024, progress=report)
        found = writer.execute("PRAGMA integrity_check").fetchall()
    if found != [("ok",)]:
        problems = "; ".join(row[0] for row in found[:3])
        raise StoreError(f"the copy of {source} fails its integrity check: {problems}")


def _sqlite_backup(
    url: URL, target: Path, progress: Progress | None
) -> tuple[dict[str, int], str | None]:
    source = Path(str(url.database))
    if not source.is_file():
        raise StoreError(f"no database at {source}")
    try:
        _sqlite_copy(source, target, progress)
    except sqlite3.Error as error:
        raise StoreError(f"cannot back up {source}: {error}") from None
    with _engine(make_url(f"sqlite:///{target}")) as engine, engine.connect() as connection:
        return _counts(connection), _schema(connection)


def _sqlite_restore(backup_file: Path, url: URL, progress: Progress | None) -> None:
    target = Path(str(url.database))
    try:
        _sqlite_copy(backup_file, target, progress)
    except sqlite3.Error as error:
        raise StoreError(f"cannot restore into {target}: {error}") from None


# PostgreSQL: the client programs, with the password in the environment, not the command line


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump takes it, and the environment carrying its password."""
    plain = url.set(drivername="postgresql", password=None)
    environment = os.environ | ({"PGPASSWORD": str(url.password)} if url.password else {})
    return plain.render_as_string(hide_password=False), environment


def _run(program: str, *arguments: str, environment: dict[str, str]) -> None:
    found = shutil.which(program)
    if found is None:
        raise StoreError(f"{program} is not installed (Debian: apt install postgresql-client)")
    done = subprocess.run(
        [found, *arguments], capture_output=True, text=True, env=environment, check=False
    )
    if done.returncode != 0:
        message = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise StoreError(f"{program} failed: {message[0] if message else done.returncode}")


def _postgresql_backup(url: URL, target: Path) -> tuple[dict[str, int], str | None]:
    address, environment = _libpq(url)
    with _engine(url) as engine:
        try:
            with engine.connect() as connection:
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    # The dump and the counts see one snapshot, whatever is written meanwhile.
                    snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
                    rows, schema = _counts(connection), _schema(connection)
                    _run(
                        "pg_dump",
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        "--no-owner",
                        "--no-privileges",
                        f"--file={target}",
                        f"--dbname={address}",
                        environment=environment,
                    )
        except SQLAlchemyError as error:
            raise StoreError(f"cannot back up {_shown(url)}: {error}") from None
    return rows, schema


def _postgresql_restore(backup_file: Path, url: URL, engine: Engine) -> None:
    address, environment = _libpq(url)
    try:
        with engine.begin() as connection:  # a forced restore: the old tables go first
            for name in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
    except SQLAlchemyError as error:
        raise StoreError(f"cannot empty {_shown(url)}: {error}") from None
    _run(
        "pg_restore",
        # What the dump holds beside tables (the search configuration) is replaced too.
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={address}",
        str(backup_file),
        environment=environment,
    )
