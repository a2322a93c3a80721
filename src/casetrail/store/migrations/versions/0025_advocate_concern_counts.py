"""The number of persons of concern each advocate wrote about, kept on write
(`advocate_summaries.concerns`, counted here from the kept links `advocate_concerns`):
the advocates list counted an advocate's thousands of links on every read. And two
indexes of person records grow by a column, so that an advocate's page reads the persons
of concern of their documents from the indexes alone: (person, role) by the document,
(document) by the role and the person.

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
    _replace_index(
        "ix_person_records_person_id_role",
        "ix_person_records_person_role_document",
        ["person_id", "role", "document_id"],
    )
    _replace_index(
        "ix_person_records_document_id",
        "ix_person_records_document_role_person",
        ["document_id", "role", "person_id"],
    )


def downgrade() -> None:
    _replace_index(
        "ix_person_records_document_role_person", "ix_person_records_document_id", ["document_id"]
    )
    _replace_index(
        "ix_person_records_person_role_document",
        "ix_person_records_person_id_role",
        ["person_id", "role"],
    )
    with op.batch_alter_table("advocate_summaries") as batch:
        batch.drop_column("concerns")


def _replace_index(old: str, new: str, columns: list[str]) -> None:
    """The new index first: the records are never without one."""
    op.create_index(new, "person_records", columns)
    op.drop_index(old, table_name="person_records")
