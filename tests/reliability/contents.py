"""What an archive holds, independent of the ids it happened to assign: two archives that
imported the same articles in any order, in one process or two, compare equal."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import aliased

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
from tests.reliability.snapshot import MODEL_TABLES, SEARCH_INDEX


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        found = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in MODEL_TABLES
        }
        found["article_search"] = len(
            connection.execute(text(SEARCH_INDEX[engine.dialect.name])).all()
        )
    return found


def contents(engine: Engine) -> dict[str, Any]:
    """Every table as a sorted list of rows, with ids replaced by what they stand for."""
    speaker = aliased(Person)
    via = aliased(Agency)
    statements = {
        "articles": select(
            Article.content_hash,
            Article.slug,
            Article.headline,
            Article.published_at,
            Article.body,
            Article.raw_text,
            Article.word_count,
        ),
        "agencies": select(Agency.name, Agency.short_name, Agency.kind),
        "agency_aliases": select(Agency.name, AgencyAlias.normalized_alias).join(Agency),
        "authors": select(Author.name, Author.normalized_name, Author.kind),
        "people": select(Person.name, Person.normalized_name, Person.title),
        "person_aliases": select(Person.name, PersonAlias.normalized_alias).join(Person),
        "article_agencies": select(Article.content_hash, Agency.name, ArticleAgency.role)
        .join(Article, Article.id == ArticleAgency.article_id)
        .join(Agency, Agency.id == ArticleAgency.agency_id),
        "article_authors": select(Article.content_hash, Author.name, ArticleAuthor.position)
        .join(Article, Article.id == ArticleAuthor.article_id)
        .join(Author, Author.id == ArticleAuthor.author_id),
        "article_people": select(
            Article.content_hash, Person.name, ArticlePerson.role, ArticlePerson.title
        )
        .join(Article, Article.id == ArticlePerson.article_id)
        .join(Person, Person.id == ArticlePerson.person_id),
        "quotes": select(
            Article.content_hash,
            Quote.start_offset,
            Quote.end_offset,
            Quote.text,
            Quote.kind,
            speaker.name,
            via.name,
        )
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(speaker, speaker.id == Quote.speaker_id)
        .outerjoin(via, via.id == Quote.via_agency_id),
        "images": select(Article.content_hash, Image.position, Image.caption).join(
            Article, Article.id == Image.article_id
        ),
        "comments": select(Article.content_hash, Comment.author_name, Comment.body).join(
            Article, Article.id == Comment.article_id
        ),
    }
    found: dict[str, Any] = {}
    with engine.connect() as connection:
        for name, statement in statements.items():
            found[name] = sorted((tuple(row) for row in connection.execute(statement)), key=repr)
    found["counts"] = row_counts(engine)
    return found
