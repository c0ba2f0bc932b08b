"""Headlines indexed for search on PostgreSQL: one-word searches rank only the articles with
the word in their headline when those fill the page.

ts_rank puts every match with the word in its headline (weight A, first in the document)
above every match without it, so a page of such matches, in rank order, is the page. A word
in half the archive is in a few hundred headlines: ranking those instead of every match is
what makes a common word fast (see ArticleRepository._first_tier_page). The expression is
the document's own weight-A part, so the index finds exactly the matches that rank first.
SQLite is left as it is: FTS5's bm25 gives no such tier.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 21:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET LOCAL maintenance_work_mem = '256MB'")
        op.execute(
            "CREATE INDEX ix_articles_headline_tsv ON articles USING gin "
            "(to_tsvector('english'::regconfig, coalesce(headline, ''::text)))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_headline_tsv")
