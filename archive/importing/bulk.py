"""Bulk row writing for the store: COPY on PostgreSQL, executemany batches on SQLite.

Both run on the session's own connection, inside its transaction and savepoint, so a failed
batch rolls back exactly like a failed INSERT. On SQLite the values go through the columns'
own SQLAlchemy bind processors (so they are stored exactly as the ORM stores them) straight
into the driver's executemany: SQLAlchemy's per-row bookkeeping cost more than SQLite's
writing. Driver errors are re-raised as SQLAlchemy's, so the store's per-article fallback
sees one kind of error on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def next_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` fresh ids from the table's own sequence (PostgreSQL): ids known before COPY."""
    if count == 0:
        return []
    rows = session.execute(
        text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
        {"table": table.name, "n": count},
    )
    return [int(value) for (value,) in rows]


def write_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that all carry the same keys: one COPY, or one executemany."""
    if not rows:
        return
    if not is_postgresql(session):
        _sqlite_executemany(session, table, rows)
        return
    from psycopg.types.json import Jsonb

    columns = list(rows[0])
    json_columns = {c for c in columns if table.c[c].type.__class__.__name__ in ("JSON", "JSONB")}
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with (
        _driver_errors(statement),
        _driver_cursor(session) as cursor,
        cursor.copy(statement) as copy,
    ):
        if json_columns:
            for row in rows:
                copy.write_row([Jsonb(row[c]) if c in json_columns else row[c] for c in columns])
        else:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def _sqlite_executemany(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    import sqlite3

    connection = session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    quote = dialect.identifier_preparer.quote
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    processors = [table.c[c].type._cached_bind_processor(dialect) for c in columns]
    if any(processors):
        converters = list(zip(columns, processors, strict=True))
        values = [tuple(row[c] if p is None else p(row[c]) for c, p in converters) for row in rows]
    else:
        values = [tuple(row[c] for c in columns) for row in rows]
    with _driver_cursor(session) as cursor:
        try:
            cursor.executemany(statement, values)
        except sqlite3.Error as exc:
            raise DBAPIError.instance(statement, None, exc, sqlite3.Error) from exc


@contextmanager
def _driver_cursor(session: Session) -> Iterator[Any]:
    driver = session.connection().connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


@contextmanager
def _driver_errors(statement: str) -> Iterator[None]:
    import psycopg

    try:
        yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
