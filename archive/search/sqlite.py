"""Full-text search on SQLite: FTS5 MATCH, bm25 and snippet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    func,
    literal_column,
    select,
)
from sqlalchemy.sql.elements import ColumnClause

from archive.models import Quote
from archive.search.backend import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SNIPPET_ELLIPSIS,
    SNIPPET_WORDS,
    Match,
)
from archive.search.query import SearchQuery

# bm25 column weights: headline above captions above body (PostgreSQL's A, B and C: 1, 0.4, 0.2).
HEADLINE_WEIGHT, CAPTIONS_WEIGHT, BODY_WEIGHT = 5.0, 2.0, 1.0

# Built by the full-text-search migration, outside the models. rowid is the article id.
_metadata = MetaData()
article_search = Table(
    "article_search",
    _metadata,
    Column("rowid", Integer, primary_key=True),
    Column("headline", Text),
    Column("captions", Text),
    Column("body", Text),
)
# External content over quotes: rowid is the quote id.
quote_search = Table(
    "article_search_quotes",
    _metadata,
    Column("rowid", Integer, primary_key=True),
    Column("text", Text),
)
# FTS5 takes the table itself (not a column) as MATCH's left side and auxiliary functions' first
# argument.
_ARTICLES: ColumnClause[Any] = literal_column("article_search")
_QUOTES: ColumnClause[Any] = literal_column("article_search_quotes")


class SqliteSearch:
    def articles(self, query: SearchQuery) -> Match:
        return Match(
            source=article_search,
            key=article_search.c.rowid,
            condition=_ARTICLES.bool_op("MATCH")(query.fts5()),
            rank=-func.bm25(_ARTICLES, HEADLINE_WEIGHT, CAPTIONS_WEIGHT, BODY_WEIGHT, type_=Float),
        )

    def quotes(self, query: SearchQuery) -> Match:
        return Match(
            source=quote_search.join(Quote, Quote.id == quote_search.c.rowid),
            key=quote_search.c.rowid,
            condition=_QUOTES.bool_op("MATCH")(query.fts5()),
            rank=-func.bm25(_QUOTES, type_=Float),
        )

    def snippets(self, query: SearchQuery, article_ids: Sequence[int]) -> Select[int, str]:
        snippet = func.snippet(
            _ARTICLES,
            -1,
            HIGHLIGHT_START,
            HIGHLIGHT_END,
            SNIPPET_ELLIPSIS,
            SNIPPET_WORDS,
            type_=Text,
        )
        return select(article_search.c.rowid, snippet).where(
            _ARTICLES.bool_op("MATCH")(query.fts5()),
            article_search.c.rowid.in_(list(article_ids)),
        )
