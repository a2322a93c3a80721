"""Incremental resolution: each person record's folded name and the keys of stored names.

Records stored before get their name key when resolved again (`casetrail resolve --all`, or
the next ingest, document by document).

Revision ID: 0008
Revises: 0013
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person_records") as batch:
        batch.add_column(sa.Column("name_key", sa.String(length=200), nullable=True))
    op.create_index("ix_person_records_name_key", "person_records", ["name_key", "id"])
    op.create_table(
        "resolution_keys",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", "name_key", name="pk_resolution_keys"),
    )


def downgrade() -> None:
    op.drop_table("resolution_keys")
    op.drop_index("ix_person_records_name_key", table_name="person_records")
    with op.batch_alter_table("person_records") as batch:
        batch.drop_column("name_key")
