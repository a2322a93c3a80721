"""A name search matches spellings, not records: the search keys of each spelling (a
record's name and aliases, as `person_spellings` counts them) in `spelling_name_keys`,
filled here from the stored records' distinct spellings, in place of the keys of every
record (`person_name_keys`, some five a record). A query's persons are then those of the
matching spellings, counted from `person_spellings` (indexed here by spelling): at 100,000
documents a common given name is some 40,000 records but a few hundred spellings.

Revision ID: 0023
Revises: 0020
Create Date: 2026-12-06
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    from casetrail.resolve.search_keys import spelling_keys

    op.create_table(
        "spelling_name_keys",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", "name", "aliases", name="pk_spelling_name_keys"),
    )
    op.create_index("ix_person_spellings_spelling", "person_spellings", ["name", "aliases"])
    connection = op.get_bind()
    keys = sa.table("spelling_name_keys", sa.column("key"), sa.column("name"), sa.column("aliases"))
    spellings = connection.execute(
        sa.text("SELECT DISTINCT name, CAST(aliases AS TEXT) FROM person_records")
    ).all()
    values = [
        {"key": key, "name": name, "aliases": aliases}
        for name, aliases in spellings
        for key in spelling_keys([name, *(json.loads(aliases) or [])])
    ]
    for start in range(0, len(values), _BATCH):
        connection.execute(sa.insert(keys), values[start : start + _BATCH])
    op.drop_table("person_name_keys")


def downgrade() -> None:
    op.create_table(
        "person_name_keys",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["person_records.id"],
            name="fk_person_name_keys_record_id_person_records",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "record_id", name="pk_person_name_keys"),
    )
    op.create_index("ix_person_name_keys_record_id", "person_name_keys", ["record_id"])
    op.execute(
        """
        INSERT INTO person_name_keys (key, record_id)
        SELECT k.key, r.id FROM spelling_name_keys AS k
        JOIN person_records AS r ON r.name = k.name AND CAST(r.aliases AS TEXT) = k.aliases
        """
    )
    op.drop_index("ix_person_spellings_spelling", table_name="person_spellings")
    op.drop_table("spelling_name_keys")
