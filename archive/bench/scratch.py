"""Scratch archives for the benchmark: empty, migrated, beside the database --db names.

The benchmark never writes into the archive --db points at. On PostgreSQL it creates
databases on the same server (named after the given one) and drops them afterwards; on
SQLite it creates files in the same folder as the given file, so they share its disk.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL

from archive.db import migrate
from archive.db.engine import create_archive_engine


class ScratchArchives:
    """Makes and removes the benchmark's databases; every one it made is removed on close."""

    def __init__(self, url: URL, *, keep: bool = False) -> None:
        self.url = url
        self.keep = keep
        self.tag = uuid.uuid4().hex[:6]
        self.made: list[URL] = []

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    def new(self, label: str, *, migrated: bool = True) -> URL:
        """An empty database for one measurement; migrated to head unless asked not to."""
        if self.backend == "postgresql":
            base = self.url.database or "archive"
            name = f"{base}_bench_{label}_{self.tag}"
            with self._admin() as admin, admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            url = self.url.set(database=name)
        else:
            given = Path(self.url.database or "archive.sqlite3").expanduser().resolve()
            url = self.url.set(
                database=str(given.with_name(f"{given.stem}.bench-{label}-{self.tag}.sqlite3"))
            )
        self.made.append(url)
        if migrated:
            engine = create_archive_engine(url)
            try:
                migrate.upgrade(engine)
            finally:
                engine.dispose()
        return url

    def drop(self, url: URL) -> None:
        if url not in self.made:
            raise ValueError("the benchmark only drops databases it made itself")
        self.made.remove(url)
        if self.backend == "postgresql":
            with self._admin() as admin, admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        else:
            for suffix in ("", "-wal", "-shm", "-journal"):
                path = f"{url.database}{suffix}"
                if os.path.exists(path):
                    os.remove(path)

    def close(self) -> None:
        if self.keep:
            return
        for url in list(self.made):
            self.drop(url)

    @contextmanager
    def _admin(self) -> Iterator[Engine]:
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            yield engine
        finally:
            engine.dispose()

    def __enter__(self) -> ScratchArchives:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
