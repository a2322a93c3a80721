"""The number of persons of concern each advocate wrote about, kept on write
(`advocate_summaries.concerns`, counted here from the kept links `advocate_concerns`):
the advocates list counted an advocate's thousands of links on every read.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "advocate_summaries",
        sa.Column("concerns", sa.Integer(), server_default="0", nullable=False),
    )
    op.execute(
        "UPDATE advocate_summaries SET concerns = (SELECT count(*) FROM advocate_concerns"
        " WHERE advocate_concerns.advocate_id = advocate_summaries.person_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("advocate_summaries") as batch:
        batch.drop_column("concerns")
