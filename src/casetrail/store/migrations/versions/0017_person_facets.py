"""Kept on write for the search page: what each person's records say (`person_facets`), the
distinct combinations of role, descriptors, spelling and document kind and year with how
many records say each, filled here from the stored records, then kept by the refresh of
the stored statuses (`casetrail.store.aggregates`), as `person_roles` is.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_facets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("descriptors", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("year", sa.String(length=4), nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_person_facets_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_person_facets"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_person_facets_person_id", "person_facets", ["person_id"])
    op.execute(
        """
        INSERT INTO person_facets
            (person_id, role, descriptors, name, aliases, kind, year, records)
        SELECT r.person_id, r.role, CAST(r.descriptors AS TEXT), r.name,
               CAST(r.aliases AS TEXT), d.kind, substr(d.date, 1, 4), count(*)
        FROM person_records AS r JOIN documents AS d ON d.id = r.document_id
        WHERE r.person_id IS NOT NULL
        GROUP BY r.person_id, r.role, CAST(r.descriptors AS TEXT), r.name,
                 CAST(r.aliases AS TEXT), d.kind, substr(d.date, 1, 4)
        """
    )


def downgrade() -> None:
    op.drop_table("person_facets")
