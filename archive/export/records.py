"""The archive's own export record: `show --json`'s object plus what restoring it needs.

A record is self-contained: besides what `archive show --json` prints, it carries the raw
source, the boilerplate cut from it, where it came from (key, format, encoding), the
canonical URL, every comment with its status (e-mails only when asked for), and for each
agency and person named in it what the archive knows of them (kind, country, aliases, the
title the archive files a person under). Importing a record rebuilds the same rows, so
export -> import into an empty archive -> export gives the same bytes.

Records are read a batch of articles at a time in newest-first order: any export runs in
bounded memory. The shape is documented by archive/data/article.schema.json; archive.export.jsonl
writes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from archive.models import (
    Agency,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticlePerson,
    Image,
    Person,
    Quote,
)
from archive.repositories import ArticleDetail, ArticleFilters, ArticleRepository
from archive.repositories.articles import article_detail

DEFAULT_BATCH_SIZE = 100

# DETAIL_LOADS, plus what the names' own rows know (aliases) and images' credited agencies.
EXPORT_LOADS: tuple[LoaderOption, ...] = (
    selectinload(Article.authors).joinedload(ArticleAuthor.author),
    selectinload(Article.agencies).joinedload(ArticleAgency.agency).selectinload(Agency.aliases),
    selectinload(Article.people).joinedload(ArticlePerson.person).selectinload(Person.aliases),
    selectinload(Article.quotes).options(joinedload(Quote.speaker), joinedload(Quote.via_agency)),
    selectinload(Article.images).joinedload(Image.credit_agency),
    selectinload(Article.comments),
)


@dataclass(frozen=True)
class AgencyFacts:
    """An agency as the archive knows it, whatever article names it."""

    kind: str
    country: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PersonFacts:
    aliases: tuple[str, ...]
    archive_title: str | None  # the title the archive files them under (`archive people`)


@dataclass(frozen=True)
class ImageFacts:
    credit_agency: str | None  # the name of the agency the credit names, when known
    url: str | None


@dataclass(frozen=True)
class ArticleRecord:
    """One whole article with everything an export carries."""

    detail: ArticleDetail  # every comment, hidden and spam included
    canonical_url: str | None
    source_key: str | None
    source_format: str
    source_encoding: str | None
    raw_text: str
    removed_boilerplate: tuple[Any, ...]
    images: tuple[ImageFacts, ...]  # in the order of detail.images
    agencies: Mapping[str, AgencyFacts]  # by agency name
    people: Mapping[str, PersonFacts]  # by person name
    author_kinds: tuple[str, ...]  # in the order of detail.authors

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines object: `show --json`'s keys first, in its order, then the rest."""
        data = self.detail.to_dict()
        for item, image in zip(data["images"], self.images, strict=True):
            item["credit_agency"] = image.credit_agency
            item["url"] = image.url
        for item in data["agencies"]:
            agency = self.agencies[item["name"]]
            item["kind"] = agency.kind
            item["country"] = agency.country
            item["aliases"] = list(agency.aliases)
        for item in data["people"]:
            person = self.people[item["name"]]
            item["aliases"] = list(person.aliases)
            item["archive_title"] = person.archive_title
        data["canonical_url"] = self.canonical_url
        data["source"] = {
            "key": self.source_key,
            "format": self.source_format,
            "encoding": self.source_encoding,
        }
        data["raw_text"] = self.raw_text
        data["removed_boilerplate"] = list(self.removed_boilerplate)
        return data


def iter_records(
    session: Session,
    filters: ArticleFilters | None = None,
    *,
    include_private: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[ArticleRecord]:
    """Every article matching `filters`, newest first (as `archive list`), a batch at a time.

    Only the current batch's rows are held; read inside one snapshot (a REPEATABLE READ
    transaction on PostgreSQL) so that pages cannot shift while the export runs.
    """
    articles = ArticleRepository(session)
    cursor: str | None = None
    while True:
        page = articles.page(filters, limit=batch_size, after=cursor)
        ids = [item.id for item in page.items]
        if ids:
            loaded = session.scalars(
                select(Article).where(Article.id.in_(ids)).options(*EXPORT_LOADS)
            )
            by_id = {article.id: article for article in loaded}
            for key in ids:
                if key in by_id:  # deleted between the page and the load (no snapshot)
                    yield article_record(by_id[key], include_private=include_private)
            del by_id, loaded
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def article_record(article: Article, *, include_private: bool) -> ArticleRecord:
    """A record from an article loaded with EXPORT_LOADS."""
    detail = article_detail(article, include_hidden_comments=True, include_private=include_private)
    agencies = {
        link.agency.name: AgencyFacts(
            kind=link.agency.kind,
            country=link.agency.country,
            aliases=tuple(sorted(alias.alias for alias in link.agency.aliases)),
        )
        for link in article.agencies
    }
    people = {
        link.person.name: PersonFacts(
            aliases=tuple(sorted(alias.alias for alias in link.person.aliases)),
            archive_title=link.person.title,
        )
        for link in article.people
    }
    images = tuple(
        ImageFacts(image.credit_agency.name if image.credit_agency else None, image.url)
        for image in sorted(article.images, key=lambda image: image.position)
    )
    kinds = tuple(
        link.author.kind for link in sorted(article.authors, key=lambda link: link.position)
    )
    return ArticleRecord(
        detail=detail,
        canonical_url=article.canonical_url,
        source_key=article.source_key,
        source_format=article.source_format,
        source_encoding=article.source_encoding,
        raw_text=article.raw_text,
        removed_boilerplate=tuple(article.removed_boilerplate or ()),
        images=images,
        agencies=agencies,
        people=people,
        author_kinds=kinds,
    )


def article_uri(record: ArticleRecord) -> str:
    """A stable identifier for the article in interchange formats: its slug, which an
    export keeps on import, in a URN (no web address is assumed)."""
    return f"urn:archive:article:{quote(record.detail.slug, safe='')}"
