"""The initial schema: documents, persons, their records, facts, user edits, search.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _evidence() -> list[sa.Column]:
    """The columns of a fact's evidence (schema.EvidenceColumns as of this revision)."""
    return [
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=True),
        sa.Column("sentence_end", sa.Integer(), nullable=True),
        sa.Column("extractor_name", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
    ]


# Integer ids are never reused (on SQLite as on PostgreSQL): an id always names one fact.


def _document_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["document_id"],
        ["documents.id"],
        name=f"fk_{table}_document_id_documents",
        ondelete="CASCADE",
    )


def _record_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["record_id"],
        ["person_records.id"],
        name=f"fk_{table}_record_id_person_records",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("encoding", sa.String(length=40), nullable=True),
        sa.Column("file_metadata", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("clean_text", sa.Text(), nullable=False),
        sa.Column("offset_map", sa.JSON(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("extraction_language", sa.String(length=16), nullable=True),
        sa.Column("extractor_name", sa.String(length=100), nullable=True),
        sa.Column("extractor_version", sa.String(length=40), nullable=True),
        sa.Column("date_span_start", sa.Integer(), nullable=True),
        sa.Column("date_span_end", sa.Integer(), nullable=True),
        sa.Column("date_quote", sa.Text(), nullable=True),
        sa.Column("date_sentence_start", sa.Integer(), nullable=True),
        sa.Column("date_sentence_end", sa.Integer(), nullable=True),
        sa.Column("date_extractor_name", sa.String(length=100), nullable=True),
        sa.Column("date_extractor_version", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("sha256", name="uq_documents_sha256"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_documents_date", "documents", ["date"])

    op.create_table(
        "persons",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_persons"),
    )
    op.create_table(
        "person_redirects",
        sa.Column("old_id", sa.String(length=200), nullable=False),
        sa.Column("new_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["new_id"], ["persons.id"], name="fk_person_redirects_new_id_persons"
        ),
        sa.PrimaryKeyConstraint("old_id", name="pk_person_redirects"),
    )
    op.create_index("ix_person_redirects_new_id", "person_redirects", ["new_id"])

    op.create_table(
        "person_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=True),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("descriptors", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("extractor_name", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        _document_fk("person_records"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_person_records_person_id_persons",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_person_records"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_person_records_document_id", "person_records", ["document_id"])
    op.create_index("ix_person_records_person_id", "person_records", ["person_id"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        *_evidence(),
        _record_fk("mentions"),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_mentions_record_id", "mentions", ["record_id"])

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("date_from_document", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("edited_by", sa.String(length=200), nullable=True),
        *_evidence(),
        _record_fk("events"),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_events_record_id", "events", ["record_id"])
    op.create_index("ix_events_type_date", "events", ["type", "date"])

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        *_evidence(),
        _document_fk("organisations"),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_organisations_document_id", "organisations", ["document_id"])

    op.create_table(
        "demands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("demanders", sa.JSON(), nullable=False),
        sa.Column("addressees", sa.JSON(), nullable=False),
        *_evidence(),
        _document_fk("demands"),
        sa.PrimaryKeyConstraint("id", name="pk_demands"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_demands_document_id", "demands", ["document_id"])

    op.create_table(
        "demand_targets",
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands.id"],
            name="fk_demand_targets_demand_id_demands",
            ondelete="CASCADE",
        ),
        _record_fk("demand_targets"),
        sa.PrimaryKeyConstraint("demand_id", "position", name="pk_demand_targets"),
    )
    op.create_index("ix_demand_targets_record_id", "demand_targets", ["record_id"])

    op.create_table(
        "user_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edited_by", sa.String(length=200), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fact_table", sa.String(length=40), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_user_edits"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_user_edits_fact", "user_edits", ["fact_table", "fact_id"])

    _create_search()


def _create_search() -> None:
    """The structures of the dialect's search backend (casetrail.store.search)."""
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        # External content: snippets are read from documents.title and documents.clean_text.
        op.execute(
            "CREATE VIRTUAL TABLE document_search USING fts5(title, clean_text,"
            " content='documents', content_rowid='id',"
            " tokenize='unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        op.create_table(
            "document_search",
            sa.Column("document_id", sa.Integer(), nullable=False),
            sa.Column("vector", postgresql.TSVECTOR(), nullable=False),
            _document_fk("document_search"),
            sa.PrimaryKeyConstraint("document_id", name="pk_document_search"),
        )
        op.create_index(
            "ix_document_search_vector", "document_search", ["vector"], postgresql_using="gin"
        )
    else:
        raise NotImplementedError(f"casetrail has no full-text search for {dialect}")


def downgrade() -> None:
    for table in (
        "document_search",
        "user_edits",
        "demand_targets",
        "demands",
        "organisations",
        "events",
        "mentions",
        "person_records",
        "person_redirects",
        "persons",
        "documents",
    ):
        op.drop_table(table)
