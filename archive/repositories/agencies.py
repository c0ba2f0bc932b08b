"""Agencies and outlets: lookup by any name they go by, and listings with article counts."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from archive.models import Agency, AgencyAlias, ArticleAgency
from archive.repositories.base import Repository, check_page, name_key, valid_key
from archive.repositories.results import AgencyInfo

if TYPE_CHECKING:
    from archive.repositories.base import AnySelect

# The eager-load set of an AgencyInfo.
INFO_LOADS: tuple[LoaderOption, ...] = (selectinload(Agency.aliases),)


class AgencyRepository(Repository):
    def find(self, name: str) -> AgencyInfo | None:
        """The agency any of whose names (canonical, short or alias) is `name`, or None."""
        agency_id = self.session.execute(
            select(AgencyAlias.agency_id).where(
                AgencyAlias.normalized_alias == name_key(name, "agency name")
            )
        ).scalar_one_or_none()
        return self.get(agency_id) if agency_id is not None else None

    def get(self, agency_id: int) -> AgencyInfo | None:
        if not valid_key(agency_id):
            return None
        found = self._infos(Agency.id == agency_id)
        return found[0] if found else None

    def list(self, *, limit: int | None = None, offset: int = 0) -> list[AgencyInfo]:
        """Every agency, most articles first, then by name."""
        check_page(limit, offset)
        return self._infos(None, limit=limit, offset=offset)

    def _infos(
        self,
        condition: ColumnElement[bool] | None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[AgencyInfo]:
        counts = (
            select(
                ArticleAgency.agency_id,
                func.count(distinct(ArticleAgency.article_id)).label("articles"),
            )
            .group_by(ArticleAgency.agency_id)
            .subquery()
        )
        articles = func.coalesce(counts.c.articles, 0)
        statement: AnySelect = (
            select(Agency, articles)
            .outerjoin(counts, counts.c.agency_id == Agency.id)
            .options(*INFO_LOADS)
            .order_by(articles.desc(), self.bytewise(Agency.name), Agency.id)
            .offset(offset or None)
        )
        if condition is not None:
            statement = statement.where(condition)
        if limit is not None:
            statement = statement.limit(limit)
        return [
            AgencyInfo(
                id=agency.id,
                name=agency.name,
                short_name=agency.short_name,
                kind=agency.kind,
                country=agency.country,
                aliases=tuple(sorted(alias.alias for alias in agency.aliases)),
                article_count=int(count),
            )
            for agency, count in self.session.execute(statement)
        ]
