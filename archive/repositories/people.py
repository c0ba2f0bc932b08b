"""People named or quoted: lookup by any spelling, and listings with article and quote counts."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, func, select, union
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from archive.models import ArticlePerson, Person, PersonAlias, Quote
from archive.repositories.base import Repository, check_page, name_key, valid_key
from archive.repositories.results import PersonInfo

if TYPE_CHECKING:
    from archive.repositories.base import AnySelect

# The eager-load set of a PersonInfo.
INFO_LOADS: tuple[LoaderOption, ...] = (selectinload(Person.aliases),)


class PersonRepository(Repository):
    def find(self, name: str) -> PersonInfo | None:
        """The person any of whose spellings is `name` (Rowhani, Rouhani), or None."""
        person_id = self.session.execute(
            select(PersonAlias.person_id).where(
                PersonAlias.normalized_alias == name_key(name, "person name")
            )
        ).scalar_one_or_none()
        return self.get(person_id) if person_id is not None else None

    def get(self, person_id: int) -> PersonInfo | None:
        if not valid_key(person_id):
            return None
        found = self._infos(Person.id == person_id)
        return found[0] if found else None

    def list(self, *, limit: int | None = None, offset: int = 0) -> list[PersonInfo]:
        """Everyone, in most articles first, then by name."""
        check_page(limit, offset)
        return self._infos(None, limit=limit, offset=offset)

    def _infos(
        self,
        condition: ColumnElement[bool] | None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[PersonInfo]:
        # An article counts once whether it names the person, quotes them, or both.
        appearances = union(
            select(ArticlePerson.person_id, ArticlePerson.article_id),
            select(Quote.speaker_id, Quote.article_id).where(Quote.speaker_id.is_not(None)),
        ).subquery()
        person_column = appearances.c.person_id
        article_counts = (
            select(person_column, func.count().label("articles")).group_by(person_column).subquery()
        )
        quote_counts = (
            select(Quote.speaker_id, func.count().label("quotes"))
            .where(Quote.speaker_id.is_not(None))
            .group_by(Quote.speaker_id)
            .subquery()
        )
        articles = func.coalesce(article_counts.c.articles, 0)
        quotes = func.coalesce(quote_counts.c.quotes, 0)
        statement: AnySelect = (
            select(Person, articles, quotes)
            .outerjoin(article_counts, article_counts.c.person_id == Person.id)
            .outerjoin(quote_counts, quote_counts.c.speaker_id == Person.id)
            .options(*INFO_LOADS)
            .order_by(
                articles.desc(), quotes.desc(), self.bytewise(Person.normalized_name), Person.id
            )
            .offset(offset or None)
        )
        if condition is not None:
            statement = statement.where(condition)
        if limit is not None:
            statement = statement.limit(limit)
        return [
            PersonInfo(
                id=person.id,
                name=person.name,
                title=person.title,
                aliases=tuple(sorted(alias.alias for alias in person.aliases)),
                article_count=int(article_count),
                quote_count=int(quote_count),
            )
            for person, article_count, quote_count in self.session.execute(statement)
        ]
