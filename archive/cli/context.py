"""What every command shares: the chosen database and the --debug flag."""

from __future__ import annotations

from dataclasses import dataclass, field

import click
from sqlalchemy import Engine

from archive.config import database_url, mask_url
from archive.db.engine import check_connection, create_archive_engine


@dataclass
class AppContext:
    db: str | None = None
    debug: bool = False
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def url_for_display(self) -> str:
        return mask_url(database_url(self.db))

    def engine(self) -> Engine:
        """The engine, created on first use and checked so a bad URL fails in one line."""
        if self._engine is None:
            engine = create_archive_engine(database_url(self.db))
            check_connection(engine)
            self._engine = engine
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


pass_app = click.make_pass_decorator(AppContext)
