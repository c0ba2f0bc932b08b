"""What the archive holds, in numbers: rows per table, dates, top names, size on disk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from archive.models import COMMENT_STATUSES, Article, Base, Comment
from archive.repositories import AgencyInfo, AgencyRepository, QuoteRepository, SpeakerCount
from archive.repositories.results import iso

TOP = 5


@dataclass(frozen=True)
class ArchiveStats:
    backend: str
    tables: dict[str, int]  # model table -> rows
    comments_by_status: dict[str, int]
    earliest: datetime | None
    latest: datetime | None
    undated: int
    top_agencies: tuple[AgencyInfo, ...]
    top_speakers: tuple[SpeakerCount, ...]
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "tables": self.tables,
            "comments_by_status": self.comments_by_status,
            "published": {
                "earliest": iso(self.earliest),
                "latest": iso(self.latest),
                "undated": self.undated,
            },
            "top_agencies": [
                {"name": a.name, "short_name": a.short_name, "article_count": a.article_count}
                for a in self.top_agencies
            ],
            "top_speakers": [
                {"name": s.name, "quote_count": s.quote_count, "article_count": s.article_count}
                for s in self.top_speakers
            ],
            "size_bytes": self.size_bytes,
        }


def archive_stats(session: Session, *, top: int = TOP) -> ArchiveStats:
    """Counts and extremes over the whole archive, read in the caller's transaction."""
    tables = {
        table.name: int(session.execute(select(func.count()).select_from(table)).scalar_one())
        for table in sorted(Base.metadata.sorted_tables, key=lambda table: table.name)
    }
    by_status = dict(
        session.execute(select(Comment.status, func.count()).group_by(Comment.status)).all()
    )
    earliest, latest, undated = session.execute(
        select(
            func.min(Article.published_at),
            func.max(Article.published_at),
            func.count().filter(Article.published_at.is_(None)),
        )
    ).one()
    agencies = [a for a in AgencyRepository(session).list(limit=top) if a.article_count]
    return ArchiveStats(
        backend=session.get_bind().dialect.name,
        tables=tables,
        # Every status, counted or not: the keys of --json stay the same from archive to archive.
        comments_by_status={
            status: int(by_status.get(status, 0)) for status in sorted(COMMENT_STATUSES)
        },
        earliest=earliest,
        latest=latest,
        undated=int(undated),
        top_agencies=tuple(agencies),
        top_speakers=tuple(QuoteRepository(session).top_speakers(limit=top)),
        size_bytes=database_size(session),
    )


def database_size(session: Session) -> int:
    """Bytes the database takes: the whole PostgreSQL database, or the SQLite file and its WAL."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        size = session.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        return int(size)
    pages = int(session.execute(text("PRAGMA page_count")).scalar_one())
    page_size = int(session.execute(text("PRAGMA page_size")).scalar_one())
    size = pages * page_size
    database = bind.engine.url.database
    if database and database != ":memory:":
        wal = Path(f"{database}-wal")
        if wal.exists():
            size += wal.stat().st_size
    return size
