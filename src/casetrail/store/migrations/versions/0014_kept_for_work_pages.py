"""Kept on write for the working pages: the alerts of each person of concern
(`person_alerts`), the day from which those stored hold for any later day of reference
(`alert_horizons`); the unchecked facts in the order of the queue of facts to verify
(`queue_facts`, `queue_dating`); the pairs of records resolution left for review
(`review_candidates`) and the full resolutions that stored them (`review_sweeps`).

The alerts and the queue follow the stored statuses: every person is marked stale here;
the next refresh of the statuses (the server's first, or any writer's) hands the marks on
(`stale_work`) to the alerts and queue pages, which derive those persons' again. The
review page of a database with records resolves every record once, the first time it is
asked for, as it did each time before; an empty one has nothing to resolve.

Revision ID: 0014
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stale_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stale_work"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "person_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("from_day", sa.String(length=10), nullable=True),
        sa.Column("mention_day", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_person_alerts_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_person_alerts"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_person_alerts_kind_person", "person_alerts", ["kind", "person_id", "position"]
    )
    op.create_index("ix_person_alerts_person", "person_alerts", ["person_id"])
    op.create_table(
        "alert_horizons",
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("settled_from", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_alert_horizons_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name="pk_alert_horizons"),
    )
    op.create_index("ix_alert_horizons_settled_from", "alert_horizons", ["settled_from"])
    op.create_table(
        "review_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("left_record", sa.Integer(), nullable=False),
        sa.Column("right_record", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["left_record"],
            ["person_records.id"],
            name="fk_review_candidates_left_record_person_records",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["right_record"],
            ["person_records.id"],
            name="fk_review_candidates_right_record_person_records",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_review_candidates"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_review_candidates_left_record", "review_candidates", ["left_record"])
    op.create_index("ix_review_candidates_right_record", "review_candidates", ["right_record"])
    op.create_table(
        "review_sweeps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_review_sweeps"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "queue_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_queue_facts_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_queue_facts"),
        sa.UniqueConstraint("kind", "fact_id", name="uq_queue_facts_kind"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_queue_facts_person_id", "queue_facts", ["person_id"])
    op.create_index(
        "ix_queue_facts_order", "queue_facts", ["priority", "name_key", "kind", "fact_id"]
    )
    op.create_table(
        "queue_dating",
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_queue_dating_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "document_id", name="pk_queue_dating"),
    )
    op.create_index("ix_queue_dating_document_id", "queue_dating", ["document_id"])
    # A database without records has nothing to resolve: incremental resolution keeps its
    # candidates from the first document on.
    op.execute(
        "INSERT INTO review_sweeps (at) SELECT CURRENT_TIMESTAMP"
        " WHERE NOT EXISTS (SELECT 1 FROM person_records)"
    )
    op.execute(
        "INSERT INTO stale_statuses (person_id) SELECT id FROM persons WHERE NOT EXISTS"
        " (SELECT 1 FROM stale_statuses WHERE stale_statuses.person_id = persons.id)"
    )


def downgrade() -> None:
    op.drop_table("queue_dating")
    op.drop_table("queue_facts")
    op.drop_table("review_sweeps")
    op.drop_table("review_candidates")
    op.drop_table("alert_horizons")
    op.drop_table("stale_work")
    op.drop_table("person_alerts")
