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
    and_,
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
# to_tsvector('archive_english'::regconfig, text) matches the query's expression. The
# configuration is English with accents removed (migration 0005), as SQLite's FTS5 tokenizer
# removes them: "montreal" finds Montréal on both databases.
ENGLISH = literal_column("'archive_english'::regconfig", REGCONFIG)
_EMPTY_TEXT = literal_column("''::text", Text)

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


def headline_tsvector() -> ColumnElement[str]:
    """An article's headline as the search document's weight-A part holds it (migration 0004
    indexes this expression)."""
    return func.to_tsvector(ENGLISH, func.coalesce(Article.headline, _EMPTY_TEXT), type_=TSVECTOR)


def in_headline(query: SearchQuery) -> ColumnElement[bool] | None:
    """For a query of one lexeme, the matches that hold it in their headline, which ts_rank
    ranks above every other match.

    ts_rank (no normalisation) scores one lexeme from its positions in order, the first with
    the highest weight counting in full: the document puts the headline (weight A, 1.0) first,
    so a match with the lexeme in its headline scores at least 1 / (pi^2 / 6) = 0.61, and one
    without it, whose occurrences weigh 0.4 (captions) or 0.2 (body), less than 0.4.
    """
    if not query.is_one_word:
        return None
    lexemes = func.numnode(tsquery(query))  # a hyphenated word can be several
    return and_(lexemes == 1, headline_tsvector().bool_op("@@")(tsquery(query)))


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
            first_tier=in_headline(query),
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
