"""Authors as bylines name them: lookup by name, and listings with article counts."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, func, select

from archive.models import ArticleAuthor, Author
from archive.repositories.base import Repository, check_page, name_key, valid_key
from archive.repositories.results import AuthorInfo

if TYPE_CHECKING:
    from archive.repositories.base import AnySelect


class AuthorRepository(Repository):
    def find(self, name: str) -> AuthorInfo | None:
        """The author with this name, ignoring case, accents and spacing, or None."""
        found = self._infos(Author.normalized_name == name_key(name, "author name"))
        return found[0] if found else None

    def get(self, author_id: int) -> AuthorInfo | None:
        if not valid_key(author_id):
            return None
        found = self._infos(Author.id == author_id)
        return found[0] if found else None

    def list(self, *, limit: int | None = None, offset: int = 0) -> list[AuthorInfo]:
        """Every author, most articles first, then by name."""
        check_page(limit, offset)
        return self._infos(None, limit=limit, offset=offset)

    def _infos(
        self,
        condition: ColumnElement[bool] | None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[AuthorInfo]:
        counts = (
            select(ArticleAuthor.author_id, func.count().label("articles"))
            .group_by(ArticleAuthor.author_id)
            .subquery()
        )
        articles = func.coalesce(counts.c.articles, 0)
        statement: AnySelect = (
            select(Author.id, Author.name, Author.kind, articles)
            .outerjoin(counts, counts.c.author_id == Author.id)
            .order_by(articles.desc(), self.bytewise(Author.normalized_name), Author.id)
            .offset(offset or None)
        )
        if condition is not None:
            statement = statement.where(condition)
        if limit is not None:
            statement = statement.limit(limit)
        return [AuthorInfo(*row) for row in self.session.execute(statement)]
