"""Human review of persons: append-only judgements and the audit of person actions.

`person_actions` logs every judge, review, merge, split and undo with its user, time and the
person ids it changed; `judgements` holds the same / different / unsure decisions each action
made. Neither table is ever deleted from: an undo sets `judgements.deleted_at`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("persons", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["undoes"], ["person_actions.id"], name="fk_person_actions_undoes_person_actions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_person_actions"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("left_ref", sa.String(length=200), nullable=False),
        sa.Column("right_ref", sa.String(length=200), nullable=False),
        sa.Column("judgement", sa.String(length=10), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=200), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "judgement IN ('same', 'different', 'unsure')", name="ck_judgements_judgement"
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["person_actions.id"], name="fk_judgements_action_id_person_actions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_judgements"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_judgements_left_ref", "judgements", ["left_ref"])
    op.create_index("ix_judgements_right_ref", "judgements", ["right_ref"])
    op.create_index("ix_judgements_action_id", "judgements", ["action_id"])


def downgrade() -> None:
    op.drop_table("judgements")
    op.drop_table("person_actions")
