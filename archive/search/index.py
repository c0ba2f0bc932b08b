"""Writing the full-text index: one set-based statement per batch of articles.

The search document is the headline (weight A), the captions (B) and the body (C); on
PostgreSQL the entry also copies the publication time, which breaks ties between equal ranks.
It is rebuilt from the stored rows, so it can never disagree with what the archive holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

_POSTGRESQL_REFRESH = text(
    """
    INSERT INTO article_search (article_id, document, published_at)
    SELECT a.id,
           setweight(to_tsvector('archive_english'::regconfig, coalesce(a.headline, '')), 'A')
           || setweight(to_tsvector('archive_english'::regconfig, coalesce(
                  (SELECT string_agg(i.caption, ' ' ORDER BY i.position)
                     FROM images i WHERE i.article_id = a.id), '')), 'B')
           || setweight(to_tsvector('archive_english'::regconfig, a.body), 'C'),
           a.published_at
      FROM articles a
     WHERE a.id = ANY(:ids)
    ON CONFLICT (article_id) DO UPDATE
       SET document = excluded.document, published_at = excluded.published_at
    """
)

_SQLITE_DELETE = text("DELETE FROM article_search WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_SQLITE_INSERT = text(
    """
    INSERT INTO article_search (rowid, headline, captions, body)
    SELECT a.id, coalesce(a.headline, ''),
           coalesce((SELECT group_concat(caption, ' ') FROM
                       (SELECT i.caption FROM images i WHERE i.article_id = a.id
                         ORDER BY i.position)), ''),
           a.body
      FROM articles a
     WHERE a.id IN :ids
    """
).bindparams(bindparam("ids", expanding=True))

# SQLite limits bound parameters per statement; stay well below it.
_SQLITE_CHUNK = 5_000


def refresh(session: Session, article_ids: Sequence[int]) -> None:
    """(Re)index these articles from their stored rows, inside the caller's transaction."""
    if not article_ids:
        return
    ids = list(article_ids)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_POSTGRESQL_REFRESH, {"ids": ids})
        return
    for start in range(0, len(ids), _SQLITE_CHUNK):
        chunk = ids[start : start + _SQLITE_CHUNK]
        session.execute(_SQLITE_DELETE, {"ids": chunk})
        session.execute(_SQLITE_INSERT, {"ids": chunk})
