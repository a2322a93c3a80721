"""Person search: the folded keys of every stored spelling.

`person_name_keys` holds the search keys (casetrail.resolve.search_keys) of the words of each
person record's name and aliases, filled here for the records already stored; an index on
person_records (person_id, document_id) lists and counts the documents of persons. On PostgreSQL
the full-text vectors are rebuilt in a text search configuration that drops diacritics
(`casetrail_search`: 'simple' behind the trusted `unaccent` extension), as SQLite's FTS5
tokenizer does.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000
_CONFIG = "casetrail_search"


def upgrade() -> None:
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
    op.create_index(
        "ix_person_records_person_document", "person_records", ["person_id", "document_id"]
    )
    _fill_keys()
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION {_CONFIG} (COPY = simple)")
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {_CONFIG} ALTER MAPPING FOR"
            " word, hword, hword_part, asciiword, asciihword, hword_asciipart"
            " WITH unaccent, simple"
        )
        _rebuild_vectors(_CONFIG)


def _rebuild_vectors(config: str) -> None:
    op.execute(
        f"""
        UPDATE document_search AS s
        SET vector = setweight(to_tsvector('{config}', coalesce(d.title, '')), 'A')
                     || setweight(to_tsvector('{config}', d.clean_text), 'B')
        FROM documents AS d
        WHERE d.id = s.document_id
        """
    )


def _fill_keys() -> None:
    # The keys are what the application computes: they are made by its own function.
    from casetrail.resolve.search_keys import spelling_keys

    connection = op.get_bind()
    records = sa.table(
        "person_records", sa.column("id"), sa.column("name"), sa.column("aliases", sa.JSON)
    )
    keys = sa.table("person_name_keys", sa.column("key"), sa.column("record_id"))
    last = 0
    while True:
        page = connection.execute(
            sa.select(records.c.id, records.c.name, records.c.aliases)
            .where(records.c.id > last)
            .order_by(records.c.id)
            .limit(_BATCH)
        ).all()
        if not page:
            return
        values = [
            {"key": key, "record_id": record_id}
            for record_id, name, aliases in page
            for key in spelling_keys([name, *(aliases or [])])
        ]
        if values:
            connection.execute(sa.insert(keys), values)
        last = page[-1][0]


def downgrade() -> None:
    op.drop_index("ix_person_records_person_document", table_name="person_records")
    if op.get_context().dialect.name == "postgresql":
        _rebuild_vectors("simple")
        op.execute(f"DROP TEXT SEARCH CONFIGURATION {_CONFIG}")
    op.drop_index("ix_person_name_keys_record_id", table_name="person_name_keys")
    op.drop_table("person_name_keys")
