"""Fixtures: every database test runs on SQLite and on PostgreSQL.

A database per backend is built once per session by running the migrations (never
create_all); each test runs inside an outer transaction that is rolled back afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from archive.db import migrate
from tests.databases import BACKENDS, ScratchDatabase, throwaway_database

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = PROJECT_ROOT / "seeds" / "2016-03-28_putin-rowhani-palmyra.txt"


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def migrated_database(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ScratchDatabase]:
    """One database per backend for the whole run, at the newest revision."""
    with throwaway_database(backend, tmp_path_factory.mktemp(backend)) as database:
        engine = database.engine()
        migrate.upgrade(engine)
        engine.dispose()
        yield database


@pytest.fixture(scope="session")
def engine(migrated_database: ScratchDatabase) -> Iterator[Engine]:
    engine = migrated_database.engine()
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits become savepoints of one outer transaction, rolled back."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        if outer.is_active:
            outer.rollback()
        connection.close()


@pytest.fixture
def new_database(backend: str, tmp_path: Path) -> Iterator[Callable[[], ScratchDatabase]]:
    """A factory of empty databases (not migrated) that live until the test ends."""
    with ExitStack() as stack:
        yield lambda: stack.enter_context(throwaway_database(backend, tmp_path))


@pytest.fixture
def fresh_database(new_database: Callable[[], ScratchDatabase]) -> ScratchDatabase:
    """An empty, committed-to database of the current backend, for whole-process tests."""
    return new_database()


@pytest.fixture
def fresh_archive(fresh_database: ScratchDatabase) -> Iterator[Engine]:
    """An engine on a newly migrated archive of its own: for tests that commit."""
    engine = fresh_database.engine()
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
