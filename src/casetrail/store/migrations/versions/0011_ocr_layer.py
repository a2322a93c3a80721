"""OCR: the words of a document read from page images, with their page boxes and confidences.

`documents.ocr_layer` is null for a document read from text; for a scan it holds the pages
(size, language, rotation) and each word's range in the original text, box and confidence;
`documents.ocr_doubtful` the ranges of its words read with low confidence, for citations.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("ocr_layer", sa.JSON(none_as_null=True), nullable=True))
        batch.add_column(sa.Column("ocr_doubtful", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("ocr_doubtful")
        batch.drop_column("ocr_layer")
