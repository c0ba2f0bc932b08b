"""Throwaway test databases on each backend: created empty, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from archive.config import parse_database_url
from archive.db.engine import create_archive_engine

BACKENDS = ("sqlite", "postgresql")
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_admin_url() -> URL:
    return parse_database_url(os.environ.get("ARCHIVE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


_postgres_problem: list[str] = []


def require_postgres() -> URL:
    """The admin URL of a reachable server; else skip (or fail under CI) with the reason."""
    admin = postgres_admin_url()
    if not _postgres_problem:
        engine = create_engine(
            admin, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
        )
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            _postgres_problem.append("")
        except Exception as exc:  # any failure to reach the server means the same thing
            reason = str(exc).splitlines()[0]
            _postgres_problem.append(
                f"PostgreSQL not reachable at {admin.render_as_string(True)}: {reason}"
            )
        finally:
            engine.dispose()
    problem = _postgres_problem[0]
    if problem:
        if in_ci():
            pytest.fail(f"{problem} (CI=true requires PostgreSQL)", pytrace=False)
        pytest.skip(problem)
    return admin


@dataclass
class ScratchDatabase:
    backend: str
    url: URL

    @property
    def url_string(self) -> str:
        return self.url.render_as_string(hide_password=False)

    def engine(self, **kwargs: object) -> Engine:
        return create_archive_engine(self.url, **kwargs)


@contextmanager
def throwaway_database(backend: str, folder: Path) -> Iterator[ScratchDatabase]:
    """An empty database that exists for the duration of the block."""
    if backend == "sqlite":
        path = folder / f"archive-{uuid.uuid4().hex[:8]}.sqlite3"
        yield ScratchDatabase("sqlite", make_url(f"sqlite:///{path}"))
        return
    admin = require_postgres()
    name = f"archive_test_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with admin_engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield ScratchDatabase("postgresql", admin.set(database=name))
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()
