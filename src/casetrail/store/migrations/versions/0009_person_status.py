"""Stored statuses: each person's status over time, kept up to date on write.

`person_status` holds the segments of days with one status; `stale_statuses` the persons a
write touched since their segments were derived. Every existing person starts stale: the
first refresh (the web application's warm-up) derives them all once. An index on records by
person and role lets the persons table find the persons of a role without reading all their
records.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_status",
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("from_day", sa.String(length=10), nullable=False),
        sa.Column("to_day", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("since", sa.String(length=10), nullable=True),
        sa.Column("last_confirmed", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_person_status_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "from_day", name="pk_person_status"),
    )
    op.create_table(
        "stale_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_stale_statuses_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_stale_statuses"),
        sa.UniqueConstraint("person_id", name="uq_stale_statuses_person_id"),
        sqlite_autoincrement=True,
    )
    op.execute("INSERT INTO stale_statuses (person_id) SELECT id FROM persons ORDER BY id")
    op.create_index("ix_person_records_person_id_role", "person_records", ["person_id", "role"])


def downgrade() -> None:
    op.drop_index("ix_person_records_person_id_role", table_name="person_records")
    op.drop_table("stale_statuses")
    op.drop_table("person_status")
