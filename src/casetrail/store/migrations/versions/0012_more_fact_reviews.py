"""More facts a person can check: a person's role in a document, a demand, a document's date
and its kind each get a verification state, as events did in 0006.

`person_records.state` and `demands.state` are one of extracted, confirmed, corrected,
rejected (schema.FACT_STATES); `documents.date_state` and `documents.kind_state` the same for
the document's date and kind. Their reviews are logged in `user_edits` like the events' (fact
tables `person_records`, `demands`, `document_date`, `document_kind`).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATES = {
    "person_records": ("state",),
    "demands": ("state",),
    "documents": ("date_state", "kind_state"),
}


def upgrade() -> None:
    for table, columns in _STATES.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.add_column(
                    sa.Column(
                        column, sa.String(length=12), nullable=False, server_default="extracted"
                    )
                )


def downgrade() -> None:
    for table, columns in _STATES.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
