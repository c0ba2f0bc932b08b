"""Full-text search: a tsvector table with GIN indexes on PostgreSQL, FTS5 tables on SQLite.

The search document of an article is its headline (weight A), captions (B) and body (C).
It is written by the archive's search module whenever an article is stored; this revision
creates the structures and indexes whatever articles already exist.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 08:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRESQL_UP = [
    """
    CREATE TABLE article_search (
        article_id BIGINT NOT NULL,
        document TSVECTOR NOT NULL,
        CONSTRAINT pk_article_search PRIMARY KEY (article_id),
        CONSTRAINT fk_article_search_article_id_articles FOREIGN KEY (article_id)
            REFERENCES articles (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_article_search_document ON article_search USING gin (document)",
    "CREATE INDEX ix_quotes_text_tsv ON quotes USING gin (to_tsvector('english'::regconfig, text))",
    """
    INSERT INTO article_search (article_id, document)
    SELECT a.id,
           setweight(to_tsvector('english'::regconfig, coalesce(a.headline, '')), 'A')
           || setweight(to_tsvector('english'::regconfig, coalesce(
                  (SELECT string_agg(i.caption, ' ' ORDER BY i.position)
                     FROM images i WHERE i.article_id = a.id), '')), 'B')
           || setweight(to_tsvector('english'::regconfig, a.body), 'C')
      FROM articles a
    """,
]
POSTGRESQL_DOWN = [
    "DROP INDEX ix_quotes_text_tsv",
    "DROP TABLE article_search",
]

SQLITE_UP = [
    # rowid is the article id; the table keeps its own copy of the text so snippet() works.
    """
    CREATE VIRTUAL TABLE article_search USING fts5(
        headline, captions, body,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER article_search_after_article_delete AFTER DELETE ON articles BEGIN
        DELETE FROM article_search WHERE rowid = old.id;
    END
    """,
    """
    INSERT INTO article_search (rowid, headline, captions, body)
    SELECT a.id, coalesce(a.headline, ''),
           coalesce((SELECT group_concat(caption, ' ') FROM
                       (SELECT i.caption FROM images i WHERE i.article_id = a.id
                         ORDER BY i.position)), ''),
           a.body
      FROM articles a
    """,
    # Quotes are searched through an external-content index kept in step by triggers.
    """
    CREATE VIRTUAL TABLE article_search_quotes USING fts5(
        text, content = 'quotes', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER article_search_quotes_after_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO article_search_quotes (rowid, text) VALUES (new.id, new.text);
    END
    """,
    """
    CREATE TRIGGER article_search_quotes_after_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO article_search_quotes (article_search_quotes, rowid, text)
        VALUES ('delete', old.id, old.text);
    END
    """,
    """
    CREATE TRIGGER article_search_quotes_after_update AFTER UPDATE OF text ON quotes BEGIN
        INSERT INTO article_search_quotes (article_search_quotes, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO article_search_quotes (rowid, text) VALUES (new.id, new.text);
    END
    """,
    "INSERT INTO article_search_quotes (article_search_quotes) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER article_search_quotes_after_update",
    "DROP TRIGGER article_search_quotes_after_delete",
    "DROP TRIGGER article_search_quotes_after_insert",
    "DROP TABLE article_search_quotes",
    "DROP TRIGGER article_search_after_article_delete",
    "DROP TABLE article_search",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(POSTGRESQL_UP)
    else:
        _run(SQLITE_UP)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(POSTGRESQL_DOWN)
    else:
        _run(SQLITE_DOWN)
