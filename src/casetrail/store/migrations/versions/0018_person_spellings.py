"""Kept on write for incremental resolution: how many records of each person write each
spelling (`person_spellings`), so that the display name of a person a new document joins is
counted from a few rows, not from a `GROUP BY` over their thousands of records. Filled here
from the stored records, then kept by triggers on `person_records` (insert, delete, and an
update of person_id, name or aliases, a foreign key's SET NULL included), so every write
keeps it, in its own transaction, whichever code makes it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A record counts for its person's spelling; rows whose count falls to 0 go.
_ADD = """
    INSERT INTO person_spellings (person_id, name, aliases, records)
    SELECT NEW.person_id, NEW.name, CAST(NEW.aliases AS TEXT), 1
    WHERE NEW.person_id IS NOT NULL
    ON CONFLICT (person_id, name, aliases)
    DO UPDATE SET records = person_spellings.records + 1;
"""
_REMOVE = """
    UPDATE person_spellings SET records = records - 1
    WHERE person_id = OLD.person_id AND name = OLD.name AND aliases = CAST(OLD.aliases AS TEXT);
    DELETE FROM person_spellings
    WHERE person_id = OLD.person_id AND name = OLD.name AND aliases = CAST(OLD.aliases AS TEXT)
      AND records <= 0;
"""
_CHANGED = "UPDATE OF person_id, name, aliases ON person_records"

_SQLITE = [
    f"CREATE TRIGGER person_spellings_insert AFTER INSERT ON person_records BEGIN {_ADD} END",
    f"CREATE TRIGGER person_spellings_delete AFTER DELETE ON person_records BEGIN {_REMOVE} END",
    f"CREATE TRIGGER person_spellings_update AFTER {_CHANGED} BEGIN {_REMOVE} {_ADD} END",
]
_POSTGRESQL = [
    f"""
    CREATE FUNCTION person_spellings_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN {_REMOVE} END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN {_ADD} END IF;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE TRIGGER person_spellings_count AFTER INSERT OR DELETE OR {_CHANGED}
    FOR EACH ROW EXECUTE FUNCTION person_spellings_count()
    """,
]


def upgrade() -> None:
    op.create_table(
        "person_spellings",
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "name", "aliases", name="pk_person_spellings"),
    )
    op.execute(
        """
        INSERT INTO person_spellings (person_id, name, aliases, records)
        SELECT person_id, name, CAST(aliases AS TEXT), count(*)
        FROM person_records
        WHERE person_id IS NOT NULL
        GROUP BY person_id, name, CAST(aliases AS TEXT)
        """
    )
    postgresql = op.get_context().dialect.name == "postgresql"
    for statement in _POSTGRESQL if postgresql else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER person_spellings_count ON person_records")
        op.execute("DROP FUNCTION person_spellings_count()")
    else:
        for action in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER person_spellings_{action}")
    op.drop_table("person_spellings")
