"""Engine creation: one place that knows how each backend must be connected."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from archive.config import database_url, mask_url
from archive.errors import ArchiveError, DatabaseUnavailable

SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_archive_engine(url: URL | str | None = None, **kwargs: Any) -> Engine:
    """An engine for the archive's database, with SQLite set up for safe concurrent use."""
    # str(URL) masks the password: render it in full, or the server gets "***".
    raw = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
    resolved = database_url(raw) if raw else database_url()
    # Statement parameters hold readers' e-mail addresses and whole articles: errors and
    # logs name the statement, never the values.
    kwargs.setdefault("hide_parameters", True)
    if resolved.get_backend_name() == "sqlite":
        return _sqlite_engine(resolved, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("connect_timeout", 10)
    connect_args.setdefault("application_name", "archive")
    return create_engine(resolved, connect_args=connect_args, **kwargs)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Hand transaction control to SQLAlchemy (the pysqlite recipe for Python < 3.12):
        # without it SAVEPOINTs and the outer BEGIN do not nest correctly.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if url.database and url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def connected_engine(url: URL | str | None = None) -> Engine:
    """An engine whose database was reached once already; disposed again if it cannot be."""
    engine = create_archive_engine(url)
    try:
        check_connection(engine)
    except ArchiveError:
        engine.dispose()
        raise
    return engine


def check_connection(engine: Engine) -> None:
    """Open one connection now, so a bad URL or a server that is down fails with one line."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        parent = Path(url.database).expanduser().resolve().parent
        if not parent.is_dir():
            raise DatabaseUnavailable(
                f"cannot open {mask_url(url)}: folder {parent} does not exist"
            )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseUnavailable(
            f"cannot connect to {mask_url(url)}: {first_line(exc.orig or exc)}"
        ) from exc


def first_line(exc: BaseException) -> str:
    """The first non-empty line of an exception's message (drivers often add detail lines)."""
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__
