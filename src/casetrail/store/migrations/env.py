"""Alembic environment: migrates the connection that `Store.open` hands over."""

from alembic import context

from casetrail.store.schema import Base, include_name

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=Base.metadata,
    include_name=include_name,
    # SQLite alters tables by copying them; autogenerate should write migrations that way.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
