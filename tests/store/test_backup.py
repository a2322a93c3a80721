"""Backup and restore, on SQLite and PostgreSQL: a restore into a fresh database gives back
every row, and damaged files, wrong targets and databases holding data are refused."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, inspect, text

from casetrail.store import Store, StoreError
from casetrail.store.accounts import add_user, audit
from casetrail.store.backup import backup, manifest_path, read_manifest, restore
from tests.store.conftest import LETTER, letter_extraction, make_document


def _fresh(database_url: str, tmp_path: Path) -> str:
    """Another empty database of the same kind."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path}/restored/cases.db"
    with psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS casetrail_restored")
        db.execute("CREATE DATABASE casetrail_restored")
    return database_url.rsplit("/", 1)[0] + "/casetrail_restored"


def _contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table of the models, in order."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
            return {
                name: sorted(
                    map(tuple, connection.execute(text(f'SELECT * FROM "{name}"'))), key=repr
                )
                for name in names
                if not name.startswith("document_search_")  # SQLite's own index pages
            }
    finally:
        engine.dispose()


@pytest.fixture
def filled(store: Store, database_url: str) -> str:
    document = make_document(LETTER, "Letter")
    store.add_document(document, letter_extraction(document))
    add_user(store, "amina", "editor", "$argon2id$not-a-real-hash")
    audit(store, "amina", "ingest", "document:1")
    return database_url


def test_a_restore_into_a_fresh_database_gives_back_every_row(filled: str, tmp_path: Path) -> None:
    file = tmp_path / "cases.backup"
    manifest = backup(filled, file)
    assert manifest.rows["documents"] == 1 and manifest.rows["users"] == 1
    assert read_manifest(file) == manifest
    target = _fresh(filled, tmp_path)
    assert restore(file, target) == manifest
    assert _contents(target) == _contents(filled)
    with Store.open(target) as restored:  # and it opens, at the newest schema
        assert [summary.title for summary in restored.documents()] == ["Letter"]


def test_what_would_lose_data_is_refused(filled: str, tmp_path: Path) -> None:
    file = tmp_path / "cases.backup"
    backup(filled, file)
    with pytest.raises(StoreError, match=r"exists.*--force"):
        backup(filled, file)
    with pytest.raises(StoreError, match=r"holds data.*--force"):
        restore(file, filled)
    restore(file, filled, force=True)  # replaced by the same contents

    kind = "postgresql" if filled.startswith("sqlite") else "sqlite"
    other = f"sqlite:///{tmp_path}/other.db" if kind == "sqlite" else "postgresql://x@y/z"
    with pytest.raises(StoreError, match="backup: it restores into a"):
        restore(file, other)

    with file.open("ab") as damaged:
        damaged.write(b"\0")
    with pytest.raises(StoreError, match="damaged"):
        restore(file, _fresh(filled, tmp_path))
    manifest_path(file).unlink()
    with pytest.raises(StoreError, match="manifest"):
        restore(file, _fresh(filled, tmp_path))
