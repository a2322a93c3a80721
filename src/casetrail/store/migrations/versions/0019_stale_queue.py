"""The alerts page no longer waits for the queue of facts to check: the refresh of a
person's alerts hands its marks on (`stale_queue`) to the queue page, which derives those
persons' queue rows again. Nothing to fill: a database at 0017 has every person's queue
rows derived with their alerts.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stale_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stale_queue"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("stale_queue")
