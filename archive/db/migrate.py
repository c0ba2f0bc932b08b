"""Running Alembic from Python: the command line, the seed and the tests share this."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

# Tables that belong to full-text search (FTS5 on SQLite, tsvector on PostgreSQL). They are
# built by dialect-guarded migration code, not by the models, so comparisons skip them.
SEARCH_TABLE_PREFIX = "article_search"
SEARCH_INDEX_SUFFIX = "_tsv"


def include_in_comparison(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's include_name hook: leave the dialect-specific search structures out."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(SEARCH_TABLE_PREFIX)
    if type_ == "index":
        return not name.endswith(SEARCH_INDEX_SUFFIX)
    return True


def project_root() -> Path:
    """The folder that holds alembic.ini and migrations/ (the source checkout)."""
    here = Path(str(resources.files("archive"))).resolve()
    return here.parent


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic Config for migrations/; with an engine, env.py uses its connection."""
    root = project_root()
    ini = root / "alembic.ini"
    config = Config(str(ini)) if ini.is_file() else Config()
    config.set_main_option("script_location", str(root / "migrations"))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_empty(engine: Engine) -> bool:
    """True when the database has none of the archive's tables (a fresh file or database)."""
    return not inspect(engine).has_table("articles")


def ensure_migrated(engine: Engine) -> bool:
    """Bring the schema to head; True if anything was applied."""
    if current_revision(engine) == head_revision():
        return False
    upgrade(engine)
    return True
