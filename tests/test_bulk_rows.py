"""The store's bulk writes (COPY on PostgreSQL, the driver's executemany on SQLite) store
exactly what SQLAlchemy's own INSERT stores, value for value, as the database keeps it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, Table, insert, text
from sqlalchemy.orm import Session

from archive.db import migrate
from archive.importing import store as store_module
from archive.importing.draft import CommentDraft
from archive.importing.store import ArticleStore
from archive.models import Base
from tests.databases import ScratchDatabase
from tests.drafts import make_draft

FIXED_NOW = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def orm_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """The reference: SQLAlchemy Core's executemany with every type's bind processing."""
    if rows:
        session.execute(insert(table), list(rows))


def drafts() -> list[Any]:
    replies = (
        CommentDraft("Reader One", "First!", datetime(2021, 5, 2, tzinfo=UTC)),
        CommentDraft("Reader Two", "With “quotes”.", datetime(2021, 5, 3, tzinfo=UTC), parent=0),
        CommentDraft("Reader Three", "Late.", datetime(2021, 5, 4, 1, 2, 3, tzinfo=UTC), parent=1),
    )
    return [
        make_draft(1),
        make_draft(2, comments=replies, removed_boilerplate=("Advertisement", "Share this")),
        make_draft(3, published_at=None, headline=None, images=()),
    ]


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table as the database stores it: SQLite's quote() of each value, PostgreSQL's
    text form of each row."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            order = ", ".join(c.name for c in table.primary_key.columns)
            if engine.dialect.name == "sqlite":
                values = ", ".join(f"quote({c.name})" for c in table.c)
                sql = f"SELECT {values} FROM {table.name} ORDER BY {order}"
            else:
                sql = f"SELECT t::text FROM {table.name} t ORDER BY {order}"
            tables[table.name] = [tuple(row) for row in connection.execute(text(sql))]
    return tables


def stored_with(
    database: ScratchDatabase, monkeypatch: pytest.MonkeyPatch, writer: Callable[..., None] | None
) -> dict[str, list[tuple[Any, ...]]]:
    engine = database.engine()
    try:
        migrate.upgrade(engine)
        with monkeypatch.context() as patch:
            patch.setattr(store_module, "utcnow", lambda: FIXED_NOW)
            if writer is not None:
                patch.setattr(store_module, "write_rows", writer)
            with Session(engine) as session:
                results = list(ArticleStore(session).store_many(drafts()))
                session.commit()
        assert [r.outcome for r in results] == ["added"] * 3
        return dump(engine)
    finally:
        engine.dispose()


def test_bulk_writes_store_what_an_orm_insert_stores(
    new_database: Callable[[], ScratchDatabase], monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk = stored_with(new_database(), monkeypatch, None)
    reference = stored_with(new_database(), monkeypatch, orm_insert)
    assert bulk["comments"] and bulk["quotes"] and bulk["articles"]
    for table in reference:
        assert bulk[table] == reference[table], table


def test_a_refused_row_fails_the_batch_as_an_integrity_error(session: Session) -> None:
    """The per-article fallback depends on it: the same kind of error as an ORM insert's."""
    from sqlalchemy.exc import IntegrityError

    from archive.importing.bulk import write_rows
    from archive.models import Quote

    quotes = Quote.__table__
    row = {"article_id": 999_999, "text": "orphan", "kind": "direct", "paragraph": 0}
    row |= {"start_offset": 0, "end_offset": 6, "cue": None, "speaker_id": None}
    row |= {"via_agency_id": None}
    with pytest.raises(IntegrityError), session.begin_nested():
        write_rows(session, quotes, [row])  # type: ignore[arg-type]
