"""Facts a person has checked: the verification state of events, and why a review was made.

`events.state` is one of extracted, confirmed, corrected, rejected or manual (added by hand,
with a note document as its source). Every review is logged, append-only, in `user_edits`
(field `state`, beside the fields a correction changed), now with the reviewer's `reason`.
`api_answers` keeps the answer to each API write sent with an `Idempotency-Key`, per user, so
that a retried request is answered again instead of done twice.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(
            sa.Column("state", sa.String(length=12), nullable=False, server_default="extracted")
        )
    with op.batch_alter_table("user_edits") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
    op.create_table(
        "api_answers",
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user", "key", name="pk_api_answers"),
    )


def downgrade() -> None:
    op.drop_table("api_answers")
    with op.batch_alter_table("user_edits") as batch:
        batch.drop_column("reason")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("state")
