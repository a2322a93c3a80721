"""A write's stale marks are its writer's to derive for a while (`stale_statuses.
claimed_until`): the writer derives the statuses and alerts it made stale before it
returns, and a reader meanwhile shows them as they were rather than derive them again.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "stale_statuses", sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("stale_statuses") as batch:
        batch.drop_column("claimed_until")
