"""Full-text search on PostgreSQL: websearch_to_tsquery, ts_rank and ts_headline over GIN."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    DateTime,
    Float,
    MetaData,
    Select,
    Table,
    Text,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import REGCONFIG, TSVECTOR, aggregate_order_by

from archive.models import Article, Image, Quote
from archive.search.backend import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SNIPPET_ELLIPSIS,
    SNIPPET_WORDS,
    Match,
)
from archive.search.query import SearchQuery

# Written out as a constant, so that quotes' expression index on
# to_tsvector('english'::regconfig, text) matches the query's expression.
ENGLISH = literal_column("'english'::regconfig", REGCONFIG)

# Built by the full-text-search migrations, outside the models. published_at is the article's,
# copied so that ranking breaks ties without reading the articles.
article_search = Table(
    "article_search",
    MetaData(),
    Column("article_id", BigInteger, primary_key=True),
    Column("document", TSVECTOR, nullable=False),
    Column("published_at", DateTime(timezone=True)),
)

_HEADLINE_OPTIONS = (
    f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", '
    f"MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, "
    f'MaxFragments=1, FragmentDelimiter=" {SNIPPET_ELLIPSIS} "'
)


def tsquery(query: SearchQuery) -> ColumnElement[str]:
    return func.websearch_to_tsquery(ENGLISH, literal(query.websearch(), Text))


class PostgresSearch:
    def articles(self, query: SearchQuery) -> Match:
        document = article_search.c.document
        return Match(
            source=article_search,
            key=article_search.c.article_id,
            condition=document.bool_op("@@")(tsquery(query)),
            rank=func.ts_rank(document, tsquery(query), type_=Float),
            newest=(
                article_search.c.published_at.desc().nulls_last(),
                article_search.c.article_id.desc(),
            ),
        )

    def quotes(self, query: SearchQuery) -> Match:
        quotes = Quote.__table__
        document = func.to_tsvector(ENGLISH, Quote.text, type_=TSVECTOR)
        return Match(
            source=quotes,
            key=quotes.c.id,
            condition=document.bool_op("@@")(tsquery(query)),
            rank=func.ts_rank(document, tsquery(query), type_=Float),
        )

    def snippets(self, query: SearchQuery, article_ids: Sequence[int]) -> Select[int, str]:
        captions = (
            select(func.string_agg(Image.caption, aggregate_order_by(literal(" "), Image.position)))
            .where(Image.article_id == Article.id)
            .scalar_subquery()
        )
        text = func.concat_ws(literal("\n"), Article.headline, captions, Article.body)
        snippet = func.ts_headline(
            ENGLISH, text, tsquery(query), literal(_HEADLINE_OPTIONS), type_=Text
        )
        return select(Article.id, snippet).where(Article.id.in_(list(article_ids)))
