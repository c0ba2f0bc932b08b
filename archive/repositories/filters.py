"""Article filters shared by listing, counting and search, and the newest-first keyset cursor."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_

from archive.errors import InvalidInput
from archive.models import (
    AGENCY_ROLES,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticlePerson,
    Author,
    Quote,
)
from archive.repositories.base import agencies_named, named, people_named, valid_key

# Newest first; undated articles last; ties broken by id so every page boundary is exact.
NEWEST_FIRST = (Article.published_at.desc().nulls_last(), Article.id.desc())


@dataclass(frozen=True)
class ArticleFilters:
    """Criteria an article must all meet. Names match any alias, ignoring case and accents,
    or else every alias holding all their words (see repositories.base.named).

    `since` and `until` are inclusive; a date covers its whole day (UTC), a naive datetime is
    read as UTC. Undated articles never match a date bound.
    """

    since: date | datetime | None = None
    until: date | datetime | None = None
    agency: str | None = None
    agency_role: str | None = None  # credit | photo | source | mentioned
    author: str | None = None
    person: str | None = None  # mentioned or quoted

    def conditions(self) -> list[ColumnElement[bool]]:
        """WHERE clauses over Article; each name filter is a correlated EXISTS."""
        found: list[ColumnElement[bool]] = []
        start = _moment(self.since, end_of_day=False)
        end = _moment(self.until, end_of_day=True)
        if start is not None and end is not None and start > end:
            raise InvalidInput(f"since ({start.isoformat()}) is after until ({end.isoformat()})")
        if start is not None:
            found.append(Article.published_at >= start)
        if end is not None:
            found.append(Article.published_at <= end)
        if self.agency is not None or self.agency_role is not None:
            found.append(self._agency_condition())
        if self.author is not None:
            found.append(
                exists()
                .where(ArticleAuthor.article_id == Article.id)
                .where(
                    ArticleAuthor.author_id.in_(
                        named(Author.normalized_name, Author.id, self.author, "author name")
                    )
                )
            )
        if self.person is not None:
            person_ids = people_named(self.person)
            found.append(
                or_(
                    exists()
                    .where(ArticlePerson.article_id == Article.id)
                    .where(ArticlePerson.person_id.in_(person_ids)),
                    exists()
                    .where(Quote.article_id == Article.id)
                    .where(Quote.speaker_id.in_(person_ids)),
                )
            )
        return found

    def _agency_condition(self) -> ColumnElement[bool]:
        link = exists().where(ArticleAgency.article_id == Article.id)
        if self.agency_role is not None:
            if self.agency_role not in AGENCY_ROLES:
                known = ", ".join(AGENCY_ROLES)
                raise InvalidInput(f"unknown agency role {self.agency_role!r}: use one of {known}")
            link = link.where(ArticleAgency.role == self.agency_role)
        if self.agency is not None:
            link = link.where(ArticleAgency.agency_id.in_(agencies_named(self.agency)))
        return link


def _moment(value: date | datetime | None, *, end_of_day: bool) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    start = datetime.combine(value, time(0), tzinfo=UTC)
    # The last representable moment of the day: bounds are inclusive on both ends.
    return start + timedelta(days=1, microseconds=-1) if end_of_day else start


@dataclass(frozen=True)
class Cursor:
    """Where a newest-first page ended: the last article's date and id."""

    published_at: datetime | None
    id: int

    def encode(self) -> str:
        stamp = self.published_at.isoformat() if self.published_at else None
        raw = json.dumps([stamp, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        problem = f"not a cursor from this archive: {text[:40]!r}"
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            stamp, key = json.loads(raw)
            moment = datetime.fromisoformat(stamp) if stamp is not None else None
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise InvalidInput(problem) from None
        if type(key) is not int or not valid_key(key) or (moment and moment.tzinfo is None):
            raise InvalidInput(problem)
        return cls(moment, key)

    def after(self) -> ColumnElement[bool]:
        """Articles that come after this one in NEWEST_FIRST order."""
        if self.published_at is None:
            return and_(Article.published_at.is_(None), Article.id < self.id)
        return or_(
            Article.published_at < self.published_at,
            and_(Article.published_at == self.published_at, Article.id < self.id),
            Article.published_at.is_(None),
        )
