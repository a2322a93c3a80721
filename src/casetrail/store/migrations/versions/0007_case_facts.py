"""Case facts: charges, sentences, places of detention and restrictions as fields.

`case_facts` holds one row per fact a sentence states of a person record: `kind` (charge,
sentence, detention, restriction), `date` (the verdict's, the charge's, since when held; ISO at
the text's precision), `fields` (JSON: article, part, code... by kind, see domain.CaseFact) and
the evidence columns every fact has. Documents extracted before this revision have none until
they are extracted again (`casetrail ingest` does so for a newer extractor version).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=True),
        sa.Column("sentence_end", sa.Integer(), nullable=True),
        sa.Column("extractor_name", sa.String(length=100), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["person_records.id"],
            name="fk_case_facts_record_id_person_records",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_facts"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_case_facts_record_id", "case_facts", ["record_id"])


def downgrade() -> None:
    op.drop_index("ix_case_facts_record_id", table_name="case_facts")
    op.drop_table("case_facts")
