"""Quotes across the archive: by speaker, article or agency, by words, and top speakers."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, distinct, func, select
from sqlalchemy.sql.elements import UnaryExpression

from archive.models import Agency, Article, ArticlePerson, Person, Quote
from archive.repositories.base import (
    Repository,
    agencies_named,
    check_page,
    people_named,
    resolve_article_id,
)
from archive.repositories.results import QuoteHit, SpeakerCount
from archive.search.backend import search_backend
from archive.search.query import parse_search

if TYPE_CHECKING:
    from archive.repositories.base import AnySelect

DEFAULT_LIMIT = 50

# Newest article first, then the order the words appear in.
_READING_ORDER: tuple[UnaryExpression[Any], ...] = (
    Article.published_at.desc().nulls_last(),
    Article.id.desc(),
    Quote.start_offset.asc(),
)


class QuoteRepository(Repository):
    def list(
        self,
        *,
        speaker: str | None = None,
        article: int | str | None = None,
        via: str | None = None,
        text: str | None = None,
        limit: int | None = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> list[QuoteHit]:
        """Quotes meeting every criterion given.

        speaker and via match any alias, ignoring case and accents, or else every alias
        holding all their words (a surname alone); article is an id or slug
        (ArticleNotFound if there is none); text is a search in the quoted words, with the
        same syntax as article search, and puts the best matches first.
        """
        check_page(limit, offset)
        statement = self._matching(speaker, article, via, text, ranked=True)
        if statement is None:
            return []
        statement = statement.offset(offset or None)
        if limit is not None:
            statement = statement.limit(limit)
        return [QuoteHit(*row[:14]) for row in self.session.execute(statement)]

    def count(
        self,
        *,
        speaker: str | None = None,
        article: int | str | None = None,
        via: str | None = None,
        text: str | None = None,
    ) -> int:
        statement = self._matching(speaker, article, via, text, ranked=False)
        if statement is None:
            return 0
        total = select(func.count()).select_from(statement.subquery())
        return int(self.session.execute(total).scalar_one())

    def top_speakers(
        self, *, limit: int | None = 10, offset: int = 0
    ) -> builtins.list[SpeakerCount]:
        """People by how many quotes the archive attributes to them, most quoted first."""
        check_page(limit, offset)
        quotes = func.count(Quote.id)
        statement = (
            select(
                Person.id,
                Person.name,
                Person.title,
                quotes,
                func.count(distinct(Quote.article_id)),
            )
            .join(Quote, Quote.speaker_id == Person.id)
            .group_by(Person.id, Person.name, Person.title, Person.normalized_name)
            .order_by(quotes.desc(), self.bytewise(Person.normalized_name), Person.id)
            .offset(offset or None)
        )
        if limit is not None:
            statement = statement.limit(limit)
        return [SpeakerCount(*row) for row in self.session.execute(statement)]

    def _matching(
        self,
        speaker: str | None,
        article: int | str | None,
        via: str | None,
        text: str | None,
        *,
        ranked: bool,
    ) -> AnySelect | None:
        """The QuoteHit columns of matching quotes in result order, or None for "nothing"."""
        conditions: list[ColumnElement[bool]] = []
        if speaker is not None:
            conditions.append(Quote.speaker_id.in_(people_named(speaker, "speaker name")))
        if article is not None:
            conditions.append(Quote.article_id == resolve_article_id(self.session, article))
        if via is not None:
            conditions.append(Quote.via_agency_id.in_(agencies_named(via)))
        speaker_title = func.coalesce(ArticlePerson.title, Person.title)
        columns = (
            Quote.id,
            Quote.text,
            Person.name,
            speaker_title,
            Quote.kind,
            Quote.cue,
            Agency.name,
            Quote.paragraph,
            Quote.start_offset,
            Quote.end_offset,
            Article.id,
            Article.slug,
            Article.headline,
            Article.published_at,
        )
        order = _READING_ORDER
        if text is not None:
            query = parse_search(text)
            if query.is_empty:
                return None
            match = search_backend(self.session).quotes(query)
            rank = match.rank.label("rank")
            statement = select(*columns, rank).select_from(match.source)
            conditions.append(match.condition)
            if ranked:
                order = (rank.desc(), *order)
        else:
            statement = select(*columns).select_from(Quote)
        statement = (
            statement.join(Article, Article.id == Quote.article_id)
            .outerjoin(Person, Person.id == Quote.speaker_id)
            .outerjoin(
                ArticlePerson,
                and_(
                    ArticlePerson.article_id == Quote.article_id,
                    ArticlePerson.person_id == Quote.speaker_id,
                ),
            )
            .outerjoin(Agency, Agency.id == Quote.via_agency_id)
            .where(*conditions)
        )
        return statement.order_by(*order) if ranked else statement
