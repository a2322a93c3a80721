"""The date of a demand's advocacy act, as the text states it.

`demands.date` holds the date the demand's own sentence (or the sentence its list or its news
item opens with) gives for the act: "MEPs, on 19 October, addressed letters ..., demanding
the release of ...". ISO text at the precision the text gives, like `events.date`; null
when the text gives none.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("demands") as batch:
        batch.add_column(sa.Column("date", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("demands") as batch:
        batch.drop_column("date")
