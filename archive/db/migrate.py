"""Running Alembic from Python: the command line, the seed and the tests share this."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, func, inspect, select
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table

from archive.errors import ArchiveError

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


def project_files() -> Path:
    """The folder that holds alembic.ini, migrations/ and seeds/.

    In a checkout (or an editable install) that is the checkout itself; an installed wheel
    carries copies inside the package, as archive/_project (see setup.py).
    """
    package = Path(str(resources.files("archive"))).resolve()
    for folder in (package.parent, package / "_project"):
        if (folder / "alembic.ini").is_file() and (folder / "migrations" / "env.py").is_file():
            return folder
    raise ArchiveError(
        f"the archive's migrations are missing: neither {package.parent} nor "
        f"{package / '_project'} holds alembic.ini and migrations/ (reinstall the package)"
    )


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic Config for migrations/; with an engine, env.py uses its connection."""
    root = project_files()
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    _check_direction(engine, revision, forward=True)
    with _known_revisions(revision):
        command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    _check_direction(engine, revision, forward=False)
    with _known_revisions(revision):
        command.downgrade(alembic_config(engine), revision)


def _check_direction(engine: Engine, revision: str, *, forward: bool) -> None:
    """Alembic takes an upgrade to an older revision for done, and stops a downgrade to a
    newer one with a traceback: say which way the database lies instead."""
    if revision[:1] in ("+", "-"):
        return  # relative steps go the command's own way by construction
    script = _script()
    with _known_revisions(revision):
        found = script.get_revision(revision)
    target = found.revision if found is not None else None
    current = current_revision(engine)
    order = [None, *reversed([r.revision for r in script.walk_revisions()])]
    if current not in order:
        return  # a revision this version does not know: Alembic says so itself
    step = order.index(target) - order.index(current)
    if forward and step < 0:
        raise ArchiveError(
            f"the schema is at {current}, newer than {target or 'base'}: an upgrade only goes "
            f"forward (downgrade to {target or 'base'} instead)"
        )
    if not forward and step > 0:
        raise ArchiveError(
            f"the schema is at {current or 'base'}, older than {target}: a downgrade only goes "
            f"back (upgrade to {target} instead)"
        )


@contextmanager
def _known_revisions(revision: str) -> Iterator[None]:
    """Alembic's complaint about a revision it cannot find, as one line naming the choices."""
    try:
        yield
    except CommandError as exc:
        if "Can't locate revision" not in str(exc) and "Relative revision" not in str(exc):
            raise
        known = ", ".join(reversed([r.revision for r in _script().walk_revisions()]))
        raise ArchiveError(
            f"unknown schema revision {revision!r}: use one of {known}, head or base"
        ) from None


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def target_revision(engine: Engine, revision: str) -> str | None:
    """The revision a downgrade to `revision` ends at (None: base), relative ones resolved."""
    if revision == "base":
        return None
    script = _script()
    if revision.startswith("-") and revision[1:].isdigit():
        current = current_revision(engine)
        for _ in range(int(revision[1:])):
            if current is None:
                raise ArchiveError(f"cannot go {revision} from {current_revision(engine)}")
            down = script.get_revision(current).down_revision
            current = down if isinstance(down, str) or down is None else down[0]
        return current
    with _known_revisions(revision):
        found = script.get_revision(revision)
    return found.revision if found is not None else None


def rows_lost_by_downgrade(engine: Engine, revision: str) -> dict[str, int]:
    """What a downgrade to `revision` would delete: rows of the tables, and values of the
    columns, that the target revision does not have. The search index is left out: it is
    derived from the articles, and the upgrade that recreates it fills it again.

    The target's schema is read off a scratch in-memory database migrated to it.
    """
    target = target_revision(engine, revision)
    scratch = create_engine("sqlite://")
    try:
        if target is not None:
            upgrade(scratch, target)
        kept = _columns(scratch)
    finally:
        scratch.dispose()
    lost: dict[str, int] = {}
    with engine.connect() as connection:
        for table, columns in sorted(_columns(engine).items()):
            if table not in kept:
                rows = connection.execute(select(func.count()).select_from(sa_table(table)))
                if (number := int(rows.scalar_one())) > 0:
                    lost[table] = number
                continue
            for column in sorted(columns - kept[table]):
                values = select(func.count()).select_from(sa_table(table, sa_column(column)))
                held = connection.execute(values.where(sa_column(column).is_not(None)))
                if (number := int(held.scalar_one())) > 0:
                    lost[f"{table}.{column}"] = number
    return lost


def _columns(engine: Engine) -> dict[str, set[str]]:
    """The archive's own tables (not Alembic's, not the search index) and their columns."""
    inspector = inspect(engine)
    return {
        table: {column["name"] for column in inspector.get_columns(table)}
        for table in inspector.get_table_names()
        if table != "alembic_version" and not table.startswith(SEARCH_TABLE_PREFIX)
    }


# What the newest revision builds for search on PostgreSQL (0002 to 0005): the models do not
# describe it, so `archive db check` looks for it by name. SQLite's is read off a scratch
# database migrated to the newest revision instead.
POSTGRESQL_SEARCH_STRUCTURES: dict[str, dict[str, set[str]]] = {
    "article_search": {
        "column": {"article_id", "document", "published_at"},
        "index": {"ix_article_search_document"},
        "foreign key": {"fk_article_search_article_id_articles"},
    },
    "quotes": {"index": {"ix_quotes_text_tsv"}},
    "articles": {"index": {"ix_articles_headline_tsv"}},
}


def missing_structures(engine: Engine) -> list[str]:
    """What the newest revision builds that this database lacks (dropped by hand) and a
    comparison with the models cannot see, one phrase each: the named check constraints
    (Alembic does not compare them) and the full-text search tables, indexes and triggers.

    The reference is a scratch in-memory database migrated to the newest revision: constraint
    names are the same on both databases (one naming convention).
    """
    scratch = create_engine("sqlite://")
    try:
        upgrade(scratch)
        expected_checks = _check_constraints(scratch)
        expected_search = _sqlite_search_objects(scratch)
    finally:
        scratch.dispose()
    inspector = inspect(engine)
    missing: list[str] = []
    tables = set(inspector.get_table_names())
    for table, names in sorted(expected_checks.items()):
        if table in tables:
            held = {str(check["name"]) for check in inspector.get_check_constraints(table)}
            missing.extend(
                f"check constraint {name} on {table} is missing" for name in sorted(names - held)
            )
    if engine.dialect.name == "sqlite":
        found = _sqlite_search_objects(engine)
        missing.extend(
            f"{kind} {name} is missing" for kind, name in sorted(expected_search - found)
        )
        return missing
    for table, wanted in POSTGRESQL_SEARCH_STRUCTURES.items():
        if table not in tables:
            missing.append(f"table {table} is missing")
            continue
        present = {
            "column": {column["name"] for column in inspector.get_columns(table)},
            "index": {str(index["name"]) for index in inspector.get_indexes(table)},
            "foreign key": {str(key["name"]) for key in inspector.get_foreign_keys(table)},
        }
        for kind, names in wanted.items():
            missing.extend(
                f"{kind} {name} on {table} is missing" for name in sorted(names - present[kind])
            )
    return missing


def _check_constraints(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {
        table: {str(check["name"]) for check in inspector.get_check_constraints(table)}
        for table in inspector.get_table_names()
        if table != "alembic_version" and not table.startswith(SEARCH_TABLE_PREFIX)
    }


def _sqlite_search_objects(engine: Engine) -> set[tuple[str, str]]:
    """The FTS5 tables and the triggers that keep them in step (not FTS5's own shadow tables,
    which come and go with their table)."""
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT type, name FROM sqlite_master WHERE name LIKE ? ESCAPE '\\'"
            " AND (type <> 'table' OR sql LIKE 'CREATE VIRTUAL TABLE%')",
            (SEARCH_TABLE_PREFIX.replace("_", "\\_") + "%",),
        )
        return {(str(kind), str(name)) for kind, name in rows}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return _script().get_current_head()


def is_empty(engine: Engine) -> bool:
    """True when the database has none of the archive's tables (a fresh file or database)."""
    return not inspect(engine).has_table("articles")


def ensure_migrated(engine: Engine) -> bool:
    """Bring the schema to head; True if anything was applied."""
    if current_revision(engine) == head_revision():
        return False
    upgrade(engine)
    return True
