"""What a database's full-text search offers the repositories, whichever database it is.

Each dialect module builds the same four pieces from a parsed query: a source to join,
its match condition, a rank (higher is better) and the snippets of a page of articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, FromClause, Select
from sqlalchemy.orm import Session

from archive.search.query import SearchQuery

# Matched words in snippets are wrapped in these markers (Markdown bold).
HIGHLIGHT_START = "**"
HIGHLIGHT_END = "**"
SNIPPET_ELLIPSIS = "…"
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class Match:
    """A search source joined on `key` (an article or quote id), filtered and ranked.

    `newest` orders equal ranks newest first from columns of the source itself, where the
    source keeps a copy of the publication time: ranking then never reads the articles.

    `first_tier`, where the database's ranking allows one, is a condition on the source joined
    to its articles that only matches outranking every other match satisfy: a full page of
    them, in rank order, is the page, found without ranking the rest.
    """

    source: FromClause
    key: ColumnElement[int]
    condition: ColumnElement[bool]
    rank: ColumnElement[float]
    newest: tuple[ColumnElement[Any], ...] | None = None
    first_tier: ColumnElement[bool] | None = None


class SearchBackend(Protocol):
    def articles(self, query: SearchQuery) -> Match: ...

    def quotes(self, query: SearchQuery) -> Match: ...

    def snippets(self, query: SearchQuery, article_ids: Sequence[int]) -> Select[int, str]:
        """(article id, highlighted snippet) for these articles, which must all match."""
        ...


def search_backend(session: Session) -> SearchBackend:
    if session.get_bind().dialect.name == "postgresql":
        from archive.search.postgresql import PostgresSearch

        return PostgresSearch()
    from archive.search.sqlite import SqliteSearch

    return SqliteSearch()
