"""What every command shares: the chosen database, the --debug flag, and the unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from archive.config import database_url, mask_url
from archive.db import migrate
from archive.db.engine import connected_engine
from archive.errors import ArchiveError
from archive.unit_of_work import UnitOfWork, open_archive

UPGRADE_HINT = "run `archive db upgrade` first"


class CommandFailed(click.ClickException):
    """A failure the user can act on: one `Error: …` line on stderr, exit status 1."""

    exit_code = 1


class NotMigrated(ArchiveError):
    """The database has no archive schema, or an older one than this version reads."""


@dataclass
class AppContext:
    db: str | None = None
    debug: bool = False
    _engine: Engine | None = field(default=None, repr=False)
    _schema_checked: bool = field(default=False, repr=False)

    @property
    def url(self) -> URL:
        return database_url(self.db)

    @property
    def url_for_display(self) -> str:
        return mask_url(self.url)

    def engine(self) -> Engine:
        """The engine, created on first use and checked so a bad URL fails in one line."""
        if self._engine is None:
            self._engine = connected_engine(self.url)
        return self._engine

    @property
    def sqlite_file_missing(self) -> bool:
        """An SQLite URL whose file does not exist: connecting would create it, empty."""
        url = self.url
        database = url.database if url.get_backend_name() == "sqlite" else None
        if not database or database == ":memory:":
            return False
        return not Path(database).expanduser().exists()

    def migrated_engine(self) -> Engine:
        """The engine of a database at the newest schema; otherwise one line saying what to do.

        A SQLite file that does not exist is reported without being created: reading an
        archive must not leave an empty file behind.
        """
        if not self._schema_checked:
            if self.sqlite_file_missing:
                raise NotMigrated(f"no archive at {self.url_for_display}: {UPGRADE_HINT}")
            engine = self.engine()
            revision = migrate.current_revision(engine)
            head = migrate.head_revision()
            if revision is None:
                raise NotMigrated(f"{self.url_for_display} has no archive schema: {UPGRADE_HINT}")
            if revision != head:
                raise NotMigrated(
                    f"{self.url_for_display} is at schema revision {revision}, this version "
                    f"reads {head}: {UPGRADE_HINT}"
                )
            self._schema_checked = True
        return self.engine()

    def archive(self, *, readonly: bool = False, snapshot: bool = False) -> UnitOfWork:
        """The command's unit of work, on a migrated database.

        snapshot=True reads one consistent state throughout (REPEATABLE READ on PostgreSQL;
        a SQLite read transaction already is one), for commands that read in many statements.
        """
        engine = self.migrated_engine()
        if snapshot and engine.dialect.name == "postgresql":
            engine = engine.execution_options(isolation_level="REPEATABLE READ")
        return open_archive(engine=engine, readonly=readonly)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


pass_app = click.make_pass_decorator(AppContext)
