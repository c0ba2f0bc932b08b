"""Full-text search on PostgreSQL ignores accents, as it does on SQLite: "montreal" finds
Montréal, "rouhani" finds Rouháni, on both databases.

FTS5's unicode61 tokenizer removes diacritics; PostgreSQL's `english` configuration kept them,
so the same search found a name on one database and not on the other. The archive now indexes
and queries with `archive_english`: English as before, with the `unaccent` dictionary in front
of the stemmer for words holding letters outside ASCII (ASCII words are unchanged). Every
search document and the two expression indexes (quotes, headlines) are rebuilt with it.

`unaccent` is a contrib extension PostgreSQL marks trusted: a database owner may create it
without being a superuser. A downgrade leaves the extension installed (something else may use
it) and drops only the archive's configuration.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 22:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _documents(config: str) -> str:
    """Every search document rebuilt with `config` (the expression of search/index.py)."""
    return f"""
    UPDATE article_search s
       SET document =
           setweight(to_tsvector('{config}'::regconfig, coalesce(a.headline, '')), 'A')
           || setweight(to_tsvector('{config}'::regconfig, coalesce(
                  (SELECT string_agg(i.caption, ' ' ORDER BY i.position)
                     FROM images i WHERE i.article_id = a.id), '')), 'B')
           || setweight(to_tsvector('{config}'::regconfig, a.body), 'C')
      FROM articles a
     WHERE a.id = s.article_id
    """


def _indexes(config: str) -> list[str]:
    return [
        "DROP INDEX ix_quotes_text_tsv",
        f"CREATE INDEX ix_quotes_text_tsv ON quotes USING gin "
        f"(to_tsvector('{config}'::regconfig, text))",
        "DROP INDEX ix_articles_headline_tsv",
        f"CREATE INDEX ix_articles_headline_tsv ON articles USING gin "
        f"(to_tsvector('{config}'::regconfig, coalesce(headline, ''::text)))",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TEXT SEARCH CONFIGURATION archive_english (COPY = pg_catalog.english)")
    op.execute(
        "ALTER TEXT SEARCH CONFIGURATION archive_english "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
    )
    op.execute(_documents("archive_english"))
    for statement in _indexes("archive_english"):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute(_documents("english"))
    for statement in _indexes("english"):
        op.execute(statement)
    op.execute("DROP TEXT SEARCH CONFIGURATION archive_english")
