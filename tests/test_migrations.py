"""The migrations build, remove and rebuild the schema, and match the models, on both backends."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from archive.db import migrate
from archive.models import Base
from tests.databases import ScratchDatabase

MODEL_TABLES = set(Base.metadata.tables)


def test_there_is_a_single_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1


def test_every_revision_has_a_readable_file_name_and_a_downgrade() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    for revision in script.walk_revisions():
        path = revision.path
        assert path is not None
        name = path.rsplit("/", 1)[-1]
        assert name[:10].replace("_", "").isdigit(), name  # date prefix
        source = Path(path).read_text(encoding="utf-8")
        assert "def downgrade() -> None:\n    pass" not in source


def test_upgrade_downgrade_upgrade_round_trip(fresh_database: ScratchDatabase) -> None:
    engine = fresh_database.engine()
    try:
        migrate.upgrade(engine)
        tables = set(inspect(engine).get_table_names())
        assert tables >= MODEL_TABLES
        assert "article_search" in tables
        assert migrate.current_revision(engine) == migrate.head_revision()

        migrate.downgrade(engine, "base")
        engine.dispose()
        leftover = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert leftover == set()
        assert migrate.current_revision(engine) is None

        migrate.upgrade(engine)
        assert MODEL_TABLES | {"article_search"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_each_revision_steps_down_and_up(fresh_database: ScratchDatabase) -> None:
    engine = fresh_database.engine()
    try:
        script = ScriptDirectory.from_config(migrate.alembic_config())
        revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
        for revision in revisions:
            migrate.upgrade(engine, revision)
            assert migrate.current_revision(engine) == revision
        for previous in [*reversed(revisions[:-1]), "base"]:
            migrate.downgrade(engine, previous)
            expected = None if previous == "base" else previous
            assert migrate.current_revision(engine) == expected
    finally:
        engine.dispose()


def test_models_match_migrations(migrated_database: ScratchDatabase) -> None:
    engine = migrated_database.engine()
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_name": migrate.include_in_comparison},
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_primary_keys_are_64_bit_on_postgresql(migrated_database: ScratchDatabase) -> None:
    engine = migrated_database.engine()
    try:
        inspector = inspect(engine)
        for table in MODEL_TABLES:
            for column in inspector.get_columns(table):
                if column["name"] == "id" or column["name"].endswith("_id"):
                    type_name = str(column["type"]).upper()
                    if migrated_database.backend == "postgresql":
                        assert type_name == "BIGINT", (table, column["name"], type_name)
                    else:
                        assert type_name == "INTEGER", (table, column["name"], type_name)
    finally:
        engine.dispose()
