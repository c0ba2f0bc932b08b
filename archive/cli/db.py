"""`archive db …`: the schema's migrations, with the archive's own configuration."""

from __future__ import annotations

import click
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError

from archive.cli.context import AppContext, pass_app
from archive.db import migrate
from archive.errors import ArchiveError
from archive.models import Base


@click.group("db")
def db_group() -> None:
    """Create, upgrade and inspect the database schema.

    Example: archive db upgrade
    """


@db_group.command("upgrade")
@click.argument("revision", default="head")
@pass_app
def upgrade(app: AppContext, revision: str) -> None:
    """Upgrade the schema to REVISION (default: the newest).

    Example: archive --db sqlite:///archive.sqlite3 db upgrade
    """
    before = migrate.current_revision(app.engine())
    migrate.upgrade(app.engine(), revision)
    after = migrate.current_revision(app.engine())
    if before == after:
        click.echo(f"{app.url_for_display}: already at {after}")
    else:
        click.echo(f"{app.url_for_display}: upgraded {before or 'empty'} -> {after}")


@db_group.command("downgrade")
@click.argument("revision")
@click.option("--yes", "-y", is_flag=True, help="Delete the data the downgrade removes.")
@pass_app
def downgrade(app: AppContext, revision: str, yes: bool) -> None:
    """Downgrade the schema to REVISION ("base" removes every table).

    A downgrade that would delete stored rows (or values) says what and refuses, unless
    --yes is given. The search index does not count: an upgrade rebuilds it.

    Example: archive db downgrade 0001
    """
    if app.sqlite_file_missing:
        raise ArchiveError(f"no archive at {app.url_for_display}: nothing to downgrade")
    engine = app.engine()
    lost = migrate.rows_lost_by_downgrade(engine, revision)
    if lost and not yes:
        what = ", ".join(f"{table} {number:,}" for table, number in lost.items())
        total = sum(lost.values())
        target = migrate.target_revision(engine, revision) or "base"
        raise ArchiveError(
            f"downgrading to {target} would delete {total:,} stored row(s) or value(s) "
            f"({what}): pass --yes to delete them"
        )
    before = migrate.current_revision(engine)
    try:
        migrate.downgrade(engine, revision)
    except CommandError as exc:  # Alembic refuses a target above the current revision
        if "not a valid downgrade target" not in str(exc):
            raise
        raise ArchiveError(
            f"cannot downgrade from {before or 'an empty database'} to {revision}: it is not an "
            "older revision (`archive db upgrade` moves forward)"
        ) from None
    after = migrate.current_revision(app.engine())
    click.echo(f"{app.url_for_display}: downgraded {before or 'empty'} -> {after or 'base'}")


@db_group.command("current")
@pass_app
def current(app: AppContext) -> None:
    """Print the schema revision the database is at, and the newest one.

    Example: archive db current
    """
    revision = None if app.sqlite_file_missing else migrate.current_revision(app.engine())
    head = migrate.head_revision()
    state = "up to date" if revision == head else f"behind (newest is {head})"
    click.echo(f"{revision or 'empty'} ({state})")


@db_group.command("check")
@pass_app
def check(app: AppContext) -> None:
    """Fail unless the database is at the newest revision and matches the models.

    Example: archive db check
    """
    engine = None if app.sqlite_file_missing else app.engine()
    revision = migrate.current_revision(engine) if engine is not None else None
    head = migrate.head_revision()
    if engine is None or revision != head:
        raise ArchiveError(
            f"schema is at {revision or 'no revision'}, newest is {head}: run `archive db upgrade`"
        )
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_name": migrate.include_in_comparison},
        )
        differences = compare_metadata(context, Base.metadata)
    if differences:
        raise ArchiveError(f"schema differs from the models: {differences}")
    click.echo(f"{revision}: schema matches the models")
