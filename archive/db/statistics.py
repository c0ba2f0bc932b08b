"""Planner statistics after bulk writes, so the first searches after a load use the indexes.

PostgreSQL plans from statistics that autovacuum refreshes some time after a load, or never
where autovacuum is off. A table never analyzed is planned as if its full-text index matched
a large share of rows, and a rare word is then read by a sequential scan over every document.
So an import that grew the archive noticeably analyzes what it wrote, once, at its end.
SQLite's planner needs no statistics for the archive's queries (the full-text index is a
virtual table, lookups go through unique keys), so nothing is done there.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.models import Base

# Every table an import writes: the models' tables (parents before children) and the search index.
IMPORTED_TABLES = (*(table.name for table in Base.metadata.sorted_tables), "article_search")

# Analyze once the articles written reach this share of those the statistics last counted.
GROWTH_SHARE = 0.1


def refresh_after_import(session: Session, articles_written: int) -> bool:
    """Analyze the imported tables if this import changed the archive's size noticeably.

    Runs in the caller's transaction (the caller commits). True when statistics were taken.
    """
    if articles_written <= 0 or session.get_bind().dialect.name != "postgresql":
        return False
    counted = session.scalar(
        text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('articles')")
    )
    # reltuples is -1 for a table never analyzed (PostgreSQL 14 and later), 0 on older ones.
    if counted is not None and counted > 0 and articles_written < GROWTH_SHARE * counted:
        return False
    session.execute(text(f"ANALYZE {', '.join(IMPORTED_TABLES)}"))
    return True
