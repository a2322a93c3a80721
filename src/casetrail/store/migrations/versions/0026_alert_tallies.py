"""Each person's number of stored alerts of each kind that holds whatever the day (stale
demands, contradictions, deaths in custody), kept with their settled day in
`alert_horizons` (counted here from `person_alerts`): the alerts page counted some 450,000
alerts on every request. And the index of the alerts by kind and person grows by the day
last named, from which the custody cases not named since a day are counted without reading
the alerts.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TALLIES = {
    "stale_demands": "stale_demand",
    "contradictions": "contradiction",
    "deaths_in_custody": "death_in_custody",
}


def upgrade() -> None:
    for column, kind in _TALLIES.items():
        op.add_column(
            "alert_horizons", sa.Column(column, sa.Integer(), server_default="0", nullable=False)
        )
        op.execute(
            f"UPDATE alert_horizons SET {column} = (SELECT count(*) FROM person_alerts"
            " WHERE person_alerts.person_id = alert_horizons.person_id"
            f" AND person_alerts.kind = '{kind}')"
        )
    _replace_index(
        "ix_person_alerts_kind_person",
        "ix_person_alerts_kind_person_mention",
        ["kind", "person_id", "position", "mention_day"],
    )


def downgrade() -> None:
    _replace_index(
        "ix_person_alerts_kind_person_mention",
        "ix_person_alerts_kind_person",
        ["kind", "person_id", "position"],
    )
    with op.batch_alter_table("alert_horizons") as batch:
        for column in _TALLIES:
            batch.drop_column(column)


def _replace_index(old: str, new: str, columns: list[str]) -> None:
    """The new index first: the alerts are never without one."""
    op.create_index(new, "person_alerts", columns)
    op.drop_index(old, table_name="person_alerts")
