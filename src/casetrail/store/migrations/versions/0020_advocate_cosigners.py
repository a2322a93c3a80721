"""Co-signers kept on write (`advocate_cosigners`): for each pair of advocates, the number of
persons of concern both wrote about, counted here from the kept links
(`advocate_concerns`), then kept with them (`casetrail.store.cosigners`); and the persons
whose facets the search page counts again before it reads them (`stale_facets`), rather
than the refresh of the statuses after each write.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from casetrail.store.cosigners import count_all

    op.create_table(
        "advocate_cosigners",
        sa.Column("advocate_id", sa.String(length=200), nullable=False),
        sa.Column("other_id", sa.String(length=200), nullable=False),
        sa.Column("shared", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["advocate_id"],
            ["persons.id"],
            name="fk_advocate_cosigners_advocate_id_persons",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["persons.id"],
            name="fk_advocate_cosigners_other_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("advocate_id", "other_id", name="pk_advocate_cosigners"),
    )
    op.create_index("ix_advocate_cosigners_other_id", "advocate_cosigners", ["other_id"])
    count_all(op.get_bind())
    op.create_table(
        "stale_facets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stale_facets"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("stale_facets")
    op.drop_table("advocate_cosigners")
