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
) -> Quote:
    quote = Quote(
        article_id=article.id,
        speaker_id=speaker.id if speaker else None,
        text=article.body[start:end],
        kind=kind,
        cue="said",
        paragraph=0,
        start_offset=start,
        end_offset=end,
    )
    session.add(quote)
    session.flush()
    return quote


def build_image(
    session: Session, article: Article, caption: str = "A caption.", position: int = 0
) -> Image:
    image = Image(article_id=article.id, position=position, caption=caption, credit="AP")
    session.add(image)
    session.flush()
    return image


def build_comment(
    session: Session,
    article: Article,
    parent: Comment | None = None,
    body: str = "A comment.",
    status: str = "approved",
) -> Comment:
    comment = Comment(
        article_id=article.id,
        parent_id=parent.id if parent else None,
        author_name="Reader",
        body=body,
        posted_at=datetime(2020, 1, 2, tzinfo=UTC),
        status=status,
    )
    session.add(comment)
    session.flush()
    return comment
