"""Ranked search without reading the articles: PostgreSQL's search entries keep their documents
inline and carry the publication time that breaks ties between equal ranks.

A common word matches half the archive, and ranking reads the document of every match.
Stored the default way a 4 KB document goes to the TOAST table in three chunks, each read
through the TOAST index; kept in the row (STORAGE MAIN, no compression below a page), it is
read with the row, about twice as fast. The tie-break (newest first) needed a join to
articles over every match; a copy of published_at in the entry, written by the search index
refresh, makes it a column of the same row.

The table is rebuilt (rows copied, keys and the GIN index built again), so existing
documents move inline too. SQLite is left as it is: its ranking breaks ties over the few best
matches only, which needs no copy (see ArticleRepository.search).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 08:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A heap page holds 8160 bytes of tuple: below that a document is neither compressed (it
# compresses by a few per cent) nor moved out of line.
POSTGRESQL_UP = [
    "SET LOCAL maintenance_work_mem = '256MB'",
    """
    CREATE TABLE article_search_rebuilt (
        article_id BIGINT NOT NULL,
        document TSVECTOR NOT NULL,
        published_at TIMESTAMP WITH TIME ZONE
    ) WITH (toast_tuple_target = 8160)
    """,
    "ALTER TABLE article_search_rebuilt ALTER COLUMN document SET STORAGE MAIN",
    """
    INSERT INTO article_search_rebuilt (article_id, document, published_at)
    SELECT s.article_id, s.document, a.published_at
      FROM article_search s JOIN articles a ON a.id = s.article_id
     ORDER BY s.article_id
    """,
    "DROP TABLE article_search",
    "ALTER TABLE article_search_rebuilt RENAME TO article_search",
    """
    ALTER TABLE article_search
      ADD CONSTRAINT pk_article_search PRIMARY KEY (article_id),
      ADD CONSTRAINT fk_article_search_article_id_articles FOREIGN KEY (article_id)
          REFERENCES articles (id) ON DELETE CASCADE
    """,
    "CREATE INDEX ix_article_search_document ON article_search USING gin (document)",
]
# Documents already inline stay so; new ones are stored the default way again.
POSTGRESQL_DOWN = [
    "ALTER TABLE article_search DROP COLUMN published_at",
    "ALTER TABLE article_search ALTER COLUMN document SET STORAGE EXTENDED",
    "ALTER TABLE article_search RESET (toast_tuple_target)",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(POSTGRESQL_UP)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(POSTGRESQL_DOWN)
