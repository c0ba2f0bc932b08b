"""Alembic environment: the archive's own URL setting and the whole model metadata."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from archive.config import database_url
from archive.db.engine import create_archive_engine
from archive.db.migrate import include_in_comparison
from archive.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_in_comparison,
        compare_type=True,
        render_as_batch=True,
        transaction_per_migration=False,
    )


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url().render_as_string(False),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=include_in_comparison,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = config.attributes.get("engine")
    owns_engine = engine is None
    if engine is None:
        engine = create_archive_engine(config.get_main_option("sqlalchemy.url") or None)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                # Never wait forever behind a long-running query holding a lock.
                connection.exec_driver_sql("SET lock_timeout = '10s'")
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        if owns_engine:
            engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
