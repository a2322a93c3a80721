"""The schema: migrations from empty, agreement with the models, and opening errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect, text

from casetrail.store import Store, StoreError
from casetrail.store.schema import Base, include_name

TABLES = {
    "documents",
    "persons",
    "person_redirects",
    "person_records",
    "mentions",
    "events",
    "case_facts",
    "organisations",
    "demands",
    "demand_targets",
    "user_edits",
    "document_search",
    "person_actions",
    "judgements",
    "login_failures",
    "api_answers",
}


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "casetrail.store:migrations")
    return config


@contextmanager
def migrating(database_url: str) -> Iterator[tuple[Config, Connection]]:
    """Alembic's configuration over one connection to the database, in one transaction: for
    `command.upgrade` and `command.downgrade` to revisions a test names."""
    engine = create_engine(database_url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            yield config, connection
    finally:
        engine.dispose()


def test_open_migrates_an_empty_database_to_head(database_url: str) -> None:
    Store.open(database_url).close()
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            assert context.get_current_revision() == head
            assert set(inspect(connection).get_table_names()) >= TABLES
            # The migrations build exactly what the models describe.
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
    Store.open(database_url).close()  # already at head: nothing to do


def test_downgrade_to_base_and_upgrade_again(database_url: str) -> None:
    Store.open(database_url).close()
    with migrating(database_url) as (config, connection):
        command.downgrade(config, "base")
        assert set(inspect(connection).get_table_names()) == {"alembic_version"}
    with Store.open(database_url) as store:
        assert store.stats()["documents"] == 0


def test_open_creates_the_folder_of_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "cases.db"
    Store.open(f"sqlite:///{path}").close()
    assert path.is_file()


def test_in_memory_sqlite_keeps_its_schema() -> None:
    with Store.open("sqlite://") as store:
        assert store.stats()["documents"] == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("casetrail.db", "not a database URL"),
        ("mysql://user@localhost/cases", "unsupported database 'mysql'"),
        ("postgresql+nosuchdriver://localhost/cases", "no database driver"),
        ("postgresql://postgres@127.0.0.1:1/cases", "cannot open the database"),
        ("sqlite:////proc/version/cases.db", "cannot create the database folder"),
    ],
)
def test_bad_urls_raise_a_one_line_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as raised:
        Store.open(url)
    assert "\n" not in str(raised.value)


def test_a_file_that_is_not_a_database_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not the tables you are looking for\n" * 100)
    with pytest.raises(StoreError, match="file is not a database"):
        Store.open(f"sqlite:///{path}")


def test_the_password_is_not_shown(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as raised:
        Store.open("postgresql://casetrail:s3cret@127.0.0.1:1/cases")
    assert "s3cret" not in str(raised.value)


def test_a_schema_newer_than_this_casetrail_raises_store_error(database_url: str) -> None:
    Store.open(database_url).close()
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="9999"):
        Store.open(database_url)
