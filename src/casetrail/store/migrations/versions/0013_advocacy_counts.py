"""What the persons and advocates pages read, kept on write; indexes for their order.

`person_roles` holds the roles each person's records give them; `advocate_concerns` each
advocate with each person of concern of their documents and the number of such documents;
`advocate_summaries` the number of documents naming each advocate and the descriptors they
give them; `stale_advocacy` the persons whose advocacy a write changed. They are filled here
from the stored records, then kept by the refresh of the stored statuses
(`casetrail.store.aggregates`). Each status segment gets its status's rank and its person's
lowered name. Indexes: the persons by lowered name, the status segments in the order of
status and name (and of one status by person), so that the persons table's pages walk an
index rather than sort everyone; the events by type and state, for the API's count of them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "advocate_concerns",
        sa.Column("advocate_id", sa.String(length=200), nullable=False),
        sa.Column("concern_id", sa.String(length=200), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["advocate_id"],
            ["persons.id"],
            name="fk_advocate_concerns_advocate_id_persons",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["concern_id"],
            ["persons.id"],
            name="fk_advocate_concerns_concern_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("advocate_id", "concern_id", name="pk_advocate_concerns"),
    )
    op.create_index(
        "ix_advocate_concerns_advocate_documents",
        "advocate_concerns",
        ["advocate_id", "documents", "concern_id"],
    )
    op.create_index(
        "ix_advocate_concerns_concern_advocate", "advocate_concerns", ["concern_id", "advocate_id"]
    )
    op.create_table(
        "stale_advocacy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stale_advocacy"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "advocate_summaries",
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("descriptors", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_advocate_summaries_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name="pk_advocate_summaries"),
    )
    op.create_index("ix_advocate_summaries_documents", "advocate_summaries", ["documents"])
    op.execute(
        """
        INSERT INTO advocate_concerns (advocate_id, concern_id, documents)
        SELECT a.person_id, c.person_id, count(DISTINCT a.document_id)
        FROM person_records AS a
        JOIN person_records AS c
          ON c.document_id = a.document_id AND c.role = 'concern' AND c.person_id IS NOT NULL
        WHERE a.role = 'advocate' AND a.person_id IS NOT NULL
        GROUP BY a.person_id, c.person_id
        """
    )
    _fill_summaries()
    op.create_table(
        "person_roles",
        sa.Column("person_id", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name="fk_person_roles_person_id_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "role", name="pk_person_roles"),
    )
    op.create_index("ix_person_roles_role_person", "person_roles", ["role", "person_id"])
    op.execute(
        "INSERT INTO person_roles (person_id, role) SELECT DISTINCT person_id, role"
        " FROM person_records WHERE person_id IS NOT NULL"
    )
    op.create_index("ix_persons_name_order", "persons", [sa.text("lower(name)"), "id"])
    _order_statuses()
    op.create_index("ix_events_type_state_record", "events", ["type", "state", "record_id"])


_STATUSES = ("imprisoned", "house_arrest", "charged", "released", "deceased", "unknown")


def _order_statuses() -> None:
    """Each stored status segment's rank (its status's place in the order of statuses) and
    its person's name in lower case, with the indexes that walk them in order."""
    op.add_column("person_status", sa.Column("rank", sa.Integer(), nullable=True))
    op.add_column("person_status", sa.Column("name_key", sa.Text(), nullable=True))
    ranks = " ".join(f"WHEN '{status}' THEN {rank}" for rank, status in enumerate(_STATUSES))
    op.execute(
        f"UPDATE person_status SET rank = CASE status {ranks} END, name_key ="
        " (SELECT lower(persons.name) FROM persons WHERE persons.id = person_status.person_id)"
    )
    op.create_index(
        "ix_person_status_order",
        "person_status",
        ["rank", "name_key", "person_id", "from_day", "to_day"],
    )
    op.create_index(
        "ix_person_status_status_person",
        "person_status",
        ["status", "person_id", "from_day", "to_day"],
    )


def _fill_summaries() -> None:
    """Each advocate's documents, and the descriptors of their records each once, in the
    order they first appear."""
    connection = op.get_bind()
    advocates = "FROM person_records WHERE role = 'advocate' AND person_id IS NOT NULL"
    counted = connection.execute(
        sa.text(f"SELECT person_id, count(DISTINCT document_id) {advocates} GROUP BY person_id")
    ).all()
    lists = connection.execute(
        sa.text(
            f"SELECT person_id, CAST(descriptors AS TEXT), min(id) AS first {advocates}"
            " GROUP BY person_id, CAST(descriptors AS TEXT) ORDER BY first"
        )
    )
    descriptors: dict[str, dict[str, None]] = {pid: {} for pid, _ in counted}
    for pid, found, _ in lists:
        descriptors[pid].update(dict.fromkeys(json.loads(found) if found else ()))
    summaries = sa.table(
        "advocate_summaries",
        sa.column("person_id", sa.String),
        sa.column("documents", sa.Integer),
        sa.column("descriptors", sa.JSON),
    )
    rows = [
        {"person_id": pid, "documents": count, "descriptors": list(descriptors[pid])}
        for pid, count in counted
    ]
    if rows:
        op.bulk_insert(summaries, rows)


def downgrade() -> None:
    op.drop_index("ix_events_type_state_record", table_name="events")
    op.drop_table("stale_advocacy")
    op.drop_index("ix_person_status_status_person", table_name="person_status")
    op.drop_index("ix_person_status_order", table_name="person_status")
    with op.batch_alter_table("person_status") as batch:
        batch.drop_column("name_key")
        batch.drop_column("rank")
    op.drop_index("ix_persons_name_order", table_name="persons")
    op.drop_table("person_roles")
    op.drop_table("advocate_summaries")
    op.drop_table("advocate_concerns")
