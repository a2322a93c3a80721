"""Indexes for the pages at a hundred thousand documents: the events edited or reviewed by
hand (a partial index of the few: every case record and timeline looks for them, which took
a scan of every event), the events of a type in the order of ids (the API's events), and
the status segments by status and end (the persons of a status on a day, counted); and the
version of the advocacy counts (`advocacy_version`), which the advocates page's network is
kept in memory by.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EDITED = sa.text("edited_by IS NOT NULL")


def upgrade() -> None:
    version = op.create_table(
        "advocacy_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_advocacy_version"),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])
    op.create_index("ix_events_type_id", "events", ["type", "id"])
    op.create_index(
        "ix_events_edited_record",
        "events",
        ["record_id"],
        sqlite_where=_EDITED,
        postgresql_where=_EDITED,
    )
    op.create_index(
        "ix_person_status_status_end",
        "person_status",
        ["status", "to_day", "from_day", "person_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_person_status_status_end", table_name="person_status")
    op.drop_index("ix_events_edited_record", table_name="events")
    op.drop_index("ix_events_type_id", table_name="events")
    op.drop_table("advocacy_version")
