"""Small builders for test rows: they add and flush, and return the model."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from archive.models import (
    Agency,
    AgencyAlias,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticlePerson,
    Author,
    Comment,
    Image,
    Person,
    PersonAlias,
    Quote,
)
from archive.normalize import content_hash, normalize_name, word_count

_counter = itertools.count(1)


def build_article(session: Session, **overrides: Any) -> Article:
    n = next(_counter)
    body = overrides.pop("body", f"Body of test article number {n}. It says “something” here.")
    values: dict[str, Any] = {
        "slug": f"2020-01-01-test-article-{n}",
        "headline": f"Test article {n}",
        "byline": "By Test Desk",
        "published_at": datetime(2020, 1, 1, 12, 0, tzinfo=UTC),
        "body": body,
        "raw_text": body,
        "content_hash": content_hash(body),
        "word_count": word_count(body),
    }
    values.update(overrides)
    article = Article(**values)
    session.add(article)
    session.flush()
    return article


def build_person(session: Session, name: str, *aliases: str, title: str | None = None) -> Person:
    person = Person(name=name, normalized_name=normalize_name(name), title=title)
    person.aliases = [
        PersonAlias(alias=alias, normalized_alias=normalize_name(alias))
        for alias in (name, *aliases)
    ]
    session.add(person)
    session.flush()
    return person


def build_agency(
    session: Session, name: str, short_name: str | None = None, kind: str = "wire_service"
) -> Agency:
    agency = Agency(name=name, short_name=short_name, kind=kind)
    names = [name] + ([short_name] if short_name else [])
    agency.aliases = [AgencyAlias(alias=a, normalized_alias=normalize_name(a)) for a in names]
    session.add(agency)
    session.flush()
    return agency


def build_quote(
    session: Session,
    article: Article,
    start: int,
    end: int,
    speaker: Person | None = None,
    kind: str = "direct",
    via: Agency | None = None,
    paragraph: int = 0,
) -> Quote:
    quote = Quote(
        article_id=article.id,
        speaker_id=speaker.id if speaker else None,
        via_agency_id=via.id if via else None,
        text=article.body[start:end],
        kind=kind,
        cue="said",
        paragraph=paragraph,
        start_offset=start,
        end_offset=end,
    )
    session.add(quote)
    session.flush()
    return quote


def build_image(
    session: Session,
    article: Article,
    caption: str = "A caption.",
    position: int = 0,
    credit: str | None = "AP",
) -> Image:
    image = Image(article_id=article.id, position=position, caption=caption, credit=credit)
    session.add(image)
    session.flush()
    return image


def build_comment(
    session: Session,
    article: Article,
    parent: Comment | None = None,
    body: str = "A comment.",
    status: str = "approved",
    posted_at: datetime | None = None,
    author_name: str = "Reader",
    email: str | None = None,
) -> Comment:
    comment = Comment(
        article_id=article.id,
        parent_id=parent.id if parent else None,
        author_name=author_name,
        author_email=email,
        body=body,
        posted_at=posted_at or datetime(2020, 1, 2, tzinfo=UTC),
        status=status,
    )
    session.add(comment)
    session.flush()
    return comment


def build_author(session: Session, name: str, kind: str = "person") -> Author:
    author = Author(name=name, normalized_name=normalize_name(name), kind=kind)
    session.add(author)
    session.flush()
    return author


def link_author(session: Session, article: Article, author: Author, position: int) -> None:
    session.add(ArticleAuthor(article_id=article.id, author_id=author.id, position=position))
    session.flush()


def link_agency(session: Session, article: Article, agency: Agency, role: str) -> None:
    session.add(ArticleAgency(article_id=article.id, agency_id=agency.id, role=role))
    session.flush()


def link_person(
    session: Session,
    article: Article,
    person: Person,
    role: str = "mentioned",
    title: str | None = None,
) -> None:
    session.add(ArticlePerson(article_id=article.id, person_id=person.id, role=role, title=title))
    session.flush()
