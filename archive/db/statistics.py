"""Planner statistics during and after bulk writes, so lookups and searches use the indexes.

PostgreSQL plans from statistics that autovacuum refreshes some time after a load, or never
where autovacuum is off. A table never analyzed is planned as if a list of 500 content hashes
matched a large share of it: the store's per-batch lookups (held articles, slugs, names) then
read the whole articles table by a sequential scan, every batch, so a load slows down as it
grows (seen: 40 articles/s at 90,000 articles on a machine whose page cache held other data),
and a rare word is searched by a scan over every document. So a long import analyzes what it
writes each time the archive has doubled, and once more at its end if it grew noticeably.
SQLite's planner needs no statistics for the archive's queries (the full-text index is a
virtual table, lookups go through unique keys), so nothing is done there.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.models import Base

# Every table an import writes: the models' tables (parents before children) and the search index.
IMPORTED_TABLES = (*(table.name for table in Base.metadata.sorted_tables), "article_search")

# At the end of an import: analyze if the articles written reach this share of those the
# statistics last counted.
GROWTH_SHARE = 0.1
# During an import: analyze once this many articles were written and the archive has at least
# doubled since the statistics were taken (a geometric series: a few ANALYZE per load).
DOUBLING_FROM = 1_000


def refresh_after_import(session: Session, articles_written: int) -> bool:
    """Analyze the imported tables if this import changed the archive's size noticeably.

    Runs in the caller's transaction (the caller commits). True when statistics were taken.
    """
    if articles_written <= 0 or session.get_bind().dialect.name != "postgresql":
        return False
    counted = _counted_articles(session)
    if counted > 0 and articles_written < GROWTH_SHARE * counted:
        return False
    _analyze(session)
    return True


def _analyze(session: Session) -> None:
    session.execute(text(f"ANALYZE {', '.join(IMPORTED_TABLES)}"))


def _counted_articles(session: Session) -> float:
    """Articles the statistics last counted; 0 if never analyzed (reltuples is then -1)."""
    counted = session.scalar(
        text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('articles')")
    )
    return max(float(counted or 0), 0.0)


class GrowthWatch:
    """Takes statistics during a long import, each time the archive has doubled."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.active = session.get_bind().dialect.name == "postgresql"
        self.pending = 0
        self.counted: float | None = None
        self.taken = 0

    def written(self, articles: int) -> None:
        """Count articles written in the current transaction; analyze when it is time."""
        if not self.active or articles <= 0:
            return
        self.pending += articles
        if self.pending < DOUBLING_FROM:
            return
        if self.counted is None:
            self.counted = _counted_articles(self.session)
        if self.pending < self.counted:
            return
        _analyze(self.session)
        self.counted = _counted_articles(self.session)
        self.pending = 0
        self.taken += 1
